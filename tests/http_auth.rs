//! Accounts, sessions and the request guards, through the real router.
mod support;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use climbingpill::api::ApiError;
use climbingpill::server::auth::rate_limit::Limit;
use climbingpill::server::auth::service::AuthLimits;
use support::{form, TestApp, PASSWORD};

#[tokio::test]
async fn signup_starts_a_session_with_a_safe_cookie() {
    let app = TestApp::new().await;
    let r = app
        .post(
            "/api/signup",
            &form(&[("email", " Ada@Example.com "), ("password", PASSWORD)]),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let sc = r.set_cookie().unwrap();
    assert!(sc.starts_with("cp_session="), "{sc}");
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age="] {
        assert!(sc.contains(flag), "{flag} missing in {sc}");
    }
    assert!(
        !sc.contains("Secure"),
        "plain HTTP dev cookie must not be Secure: {sc}"
    );
    assert_eq!(r.headers.get(header::LOCATION).unwrap(), "/onboarding");
    assert_eq!(
        app.whoami(&r.session_cookie()).await.as_deref(),
        Some("ada@example.com")
    );
}

#[tokio::test]
async fn secure_cookie_uses_the_host_prefix() {
    let app = TestApp::with(&[("COOKIE_SECURE", "true")], AuthLimits::default()).await;
    let r = app
        .post(
            "/api/signup",
            &form(&[("email", "sec@example.com"), ("password", PASSWORD)]),
            None,
        )
        .await;
    let sc = r.set_cookie().unwrap();
    assert!(
        sc.starts_with("__Host-cp_session=") && sc.contains("; Secure"),
        "{sc}"
    );
    // Behind HTTPS, browsers are told to stay on HTTPS (HSTS); without it, they are not.
    for r in [&r, &app.get("/healthz", None).await] {
        assert_eq!(
            r.headers.get("strict-transport-security").unwrap(),
            "max-age=31536000"
        );
    }
    let plain_app = TestApp::new().await;
    assert!(plain_app
        .get("/healthz", None)
        .await
        .headers
        .get("strict-transport-security")
        .is_none());
    assert_eq!(
        app.whoami(&r.session_cookie()).await.as_deref(),
        Some("sec@example.com")
    );
    // The unprefixed name is not accepted when cookies are secure.
    let plain = r
        .session_cookie()
        .replace("__Host-cp_session", "cp_session");
    assert_eq!(app.whoami(&plain).await, None);
}

#[tokio::test]
async fn duplicate_email_is_a_clear_conflict() {
    let app = TestApp::new().await;
    app.signup("dup@example.com").await;
    let r = app
        .post(
            "/api/signup",
            &form(&[
                ("email", "DUP@example.com"),
                ("password", "another long pass"),
            ]),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(
        r.error().to_string().contains("already exists"),
        "{}",
        r.body
    );
    assert!(r.set_cookie().is_none());
    // The original password still works: nothing was overwritten.
    assert_eq!(
        app.login("dup@example.com", PASSWORD, None).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn bad_passwords_and_emails_are_refused_with_field_messages() {
    let app = TestApp::new().await;
    let long = "x".repeat(129);
    for (email, password, field, words) in [
        ("a@example.com", "short", "password", "at least 8"),
        ("a@example.com", long.as_str(), "password", "at most 128"),
        ("a@example.com", "Password1", "password", "too common"),
        (
            "a@example.com",
            "a@example.com",
            "password",
            "email address",
        ),
        (
            "not-an-email",
            PASSWORD,
            "email",
            "doesn't look like an email",
        ),
        ("", PASSWORD, "email", "Enter your email"),
    ] {
        let r = app
            .post(
                "/api/signup",
                &form(&[("email", email), ("password", password)]),
                None,
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{password}: {}",
            r.body
        );
        let msg = r
            .error()
            .for_field(field)
            .unwrap_or_else(|| panic!("no {field} message: {}", r.body));
        assert!(msg.contains(words), "{msg}");
    }
    // None of them created an account.
    assert_eq!(
        app.login("a@example.com", "Password1", None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn login_logout_and_one_generic_message_for_bad_credentials() {
    login_logout_and_one_generic_message_for_bad_credentials_on(&TestApp::new().await).await;
}

/// The same, with the application data in PostgreSQL.
#[tokio::test]
async fn login_logout_and_one_generic_message_for_bad_credentials_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        login_logout_and_one_generic_message_for_bad_credentials_on(&app).await;
    }
}

async fn login_logout_and_one_generic_message_for_bad_credentials_on(app: &TestApp) {
    let first = app.signup("climber@example.com").await;

    let wrong_pw = app
        .login("climber@example.com", "not the password", None)
        .await;
    let unknown = app.login("nobody@example.com", PASSWORD, None).await;
    assert_eq!(wrong_pw.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        wrong_pw.body, unknown.body,
        "the two failures must be indistinguishable"
    );
    assert_eq!(
        wrong_pw.error().to_string(),
        "Email or password is incorrect."
    );
    assert!(wrong_pw.set_cookie().is_none());

    // Login rotates: the session sent with the login request ends, a new one starts.
    let r = app
        .login("Climber@Example.com", PASSWORD, Some(&first))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let second = r.session_cookie();
    assert_ne!(first, second);
    assert_eq!(app.whoami(&first).await, None);
    assert_eq!(
        app.whoami(&second).await.as_deref(),
        Some("climber@example.com")
    );

    let out = app.post("/api/logout", "", Some(&second)).await;
    assert_eq!(out.status, StatusCode::OK);
    assert!(out.set_cookie().unwrap().contains("Max-Age=0"));
    assert_eq!(
        app.whoami(&second).await,
        None,
        "the session is gone server-side, not just the cookie"
    );
}

#[tokio::test]
async fn signing_up_while_signed_in_ends_the_old_session() {
    let app = TestApp::new().await;
    let first = app.signup("first@example.com").await;
    let r = app
        .post(
            "/api/signup",
            &form(&[("email", "second@example.com"), ("password", PASSWORD)]),
            Some(&first),
        )
        .await;
    assert!(
        r.status.is_success() || r.status.is_redirection(),
        "{}",
        r.body
    );
    let second = r.session_cookie();
    assert_eq!(app.whoami(&first).await, None, "the old session is gone");
    assert_eq!(
        app.whoami(&second).await.as_deref(),
        Some("second@example.com")
    );
}

#[tokio::test]
async fn login_redirects_only_to_local_pages() {
    let app = TestApp::new().await;
    app.signup("next@example.com").await;
    let body = |next: &str| {
        form(&[
            ("email", "next@example.com"),
            ("password", PASSWORD),
            ("next", next),
        ])
    };
    let r = app.post("/api/login", &body("/profile"), None).await;
    assert_eq!(r.headers.get(header::LOCATION).unwrap(), "/profile");
    let r = app
        .post("/api/login", &body("https://evil.example/"), None)
        .await;
    assert_eq!(r.headers.get(header::LOCATION).unwrap(), "/chat");
    // A tab or newline is deleted by browsers (`/<TAB>/evil.example` would be
    // `//evil.example`), and a control character used to panic the handler after the
    // session was created: each now lands on the home page, with an answer.
    for next in [
        "/\t/evil.example",
        "/\n/evil.example",
        "/\u{1}",
        "/\\evil.example",
    ] {
        let r = app.post("/api/login", &body(next), None).await;
        assert_eq!(
            r.headers.get(header::LOCATION).unwrap(),
            "/chat",
            "next={next:?}"
        );
        assert!(r.set_cookie().is_some(), "logged in despite next={next:?}");
    }
}

#[tokio::test]
async fn login_with_an_absurd_email_is_refused_and_not_remembered() {
    let app = TestApp::new().await;
    let huge = format!("{}@example.com", "a".repeat(200 * 1024));
    let r = app
        .post(
            "/api/login",
            &form(&[("email", &huge), ("password", PASSWORD)]),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    assert_eq!(
        app.state.auth.tracked_login_accounts(),
        0,
        "a string that can't be an email gets no per-account counter"
    );
    app.signup("real@example.com").await;
    let r = app
        .post(
            "/api/login",
            &form(&[
                ("email", "REAL@example.com "),
                ("password", "wrong password!"),
            ]),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.state.auth.tracked_login_accounts(), 1);
}

#[tokio::test]
async fn sessions_expire_when_idle_and_absolutely() {
    let app = TestApp::with(
        &[("SESSION_IDLE_HOURS", "2"), ("SESSION_MAX_HOURS", "5")],
        AuthLimits::default(),
    )
    .await;
    let idle = app.signup("idle@example.com").await;
    app.clock.advance(2 * 3600 - 60);
    assert!(
        app.whoami(&idle).await.is_some(),
        "still inside the idle window"
    );
    app.clock.advance(2 * 3600 - 60);
    assert!(
        app.whoami(&idle).await.is_some(),
        "the previous request refreshed it"
    );
    app.clock.advance(2 * 3600);
    assert_eq!(app.whoami(&idle).await, None, "idle too long");

    let busy = app.signup("busy@example.com").await;
    for _ in 0..4 {
        app.clock.advance(3600);
        assert!(app.whoami(&busy).await.is_some());
    }
    app.clock.advance(3600);
    assert_eq!(
        app.whoami(&busy).await,
        None,
        "absolute limit reached despite activity"
    );
    // A dead session cookie gets cleared.
    let r = app.post("/api/me", "", Some(&busy)).await;
    assert!(r.set_cookie().unwrap().contains("Max-Age=0"));
}

#[tokio::test]
async fn cross_site_writes_are_refused() {
    let app = TestApp::new().await;
    let body = form(&[("email", "csrf@example.com"), ("password", PASSWORD)]);
    for (name, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let req = Request::post("/api/signup")
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(name, value)
            .body(Body::from(body.clone()))
            .unwrap();
        let r = app.send(req).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{name}");
    }
    // Same-origin from a browser is fine, and the refused attempts created nothing.
    let req = Request::post("/api/signup")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("origin", "http://127.0.0.1:3000")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(body))
        .unwrap();
    assert_eq!(app.send(req).await.status, StatusCode::OK);
}

#[tokio::test]
async fn protected_things_need_a_session() {
    let app = TestApp::new().await;
    let r = app.post("/api/profile/get", "", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.error(), ApiError::Unauthorized);
    let r = app
        .post("/api/profile/get", "", Some("cp_session=forged-token"))
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    let r = app.get("/profile", None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers.get(header::LOCATION).unwrap(),
        "/login?next=/profile"
    );
    let r = app.get("/journal?page=2", None).await;
    assert_eq!(
        r.headers.get(header::LOCATION).unwrap(),
        "/login?next=/journal%3Fpage%3D2"
    );

    let cookie = app.signup("in@example.com").await;
    let r = app.get("/profile", Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Your profile"));
}

#[tokio::test]
async fn a_climber_can_never_read_or_change_another_climbers_profile() {
    a_climber_can_never_read_or_change_another_climbers_profile_on(&TestApp::new().await).await;
}

/// The same, with the application data in PostgreSQL.
#[tokio::test]
async fn a_climber_can_never_read_or_change_another_climbers_profile_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        a_climber_can_never_read_or_change_another_climbers_profile_on(&app).await;
    }
}

async fn a_climber_can_never_read_or_change_another_climbers_profile_on(app: &TestApp) {
    let a = app.signup("a@example.com").await;
    let b = app.signup("b@example.com").await;
    let save = |name: &str, extra: &[(&str, &str)]| {
        let mut pairs = vec![
            ("display_name", name.to_string()),
            ("bodyweight_kg", "70".into()),
            ("boulder_grades", "font".into()),
            ("route_grades", "yds".into()),
            ("goals", "7c".into()),
        ];
        pairs.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    };
    let r = app
        .post("/api/profile/save", &save("Alice", &[]), Some(&a))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // B sees only B's (empty) profile.
    let r = app.post("/api/profile/get", "", Some(&b)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("Alice"), "{}", r.body);

    // B smuggling a user id in the request changes only B's own profile.
    let a_user_id = app
        .state
        .stores
        .accounts
        .find_by_email("a@example.com")
        .await
        .unwrap()
        .unwrap()
        .id;
    let r = app
        .post(
            "/api/profile/save",
            &save("Mallory", &[("user_id", &a_user_id)]),
            Some(&b),
        )
        .await;
    assert!(
        r.status == StatusCode::OK || r.status.is_client_error(),
        "{}",
        r.body
    );
    let r = app.post("/api/profile/get", "", Some(&a)).await;
    assert!(r.body.contains("\"display_name\":\"Alice\""), "{}", r.body);
}

#[tokio::test]
async fn invalid_profile_keeps_what_was_saved() {
    let app = TestApp::new().await;
    let c = app.signup("p@example.com").await;
    let ok =
        "display_name=Sam&bodyweight_kg=61.5&boulder_grades=v&route_grades=french&goals=Project";
    assert_eq!(
        app.post("/api/profile/save", ok, Some(&c)).await.status,
        StatusCode::OK
    );
    let bad =
        "display_name=Changed&bodyweight_kg=heavy&boulder_grades=v&route_grades=french&goals=x";
    let r = app.post("/api/profile/save", bad, Some(&c)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .error()
        .for_field("bodyweight_kg")
        .unwrap()
        .contains("kilograms"));
    let r = app.post("/api/profile/get", "", Some(&c)).await;
    assert!(
        r.body.contains("\"display_name\":\"Sam\"") && r.body.contains("61.5"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn failed_logins_are_rate_limited_per_account_and_per_ip() {
    let limits = AuthLimits {
        login_per_ip: Limit {
            max: 8,
            window_secs: 600,
        },
        login_failures_per_account: Limit {
            max: 3,
            window_secs: 600,
        },
        ..AuthLimits::default()
    };
    let app = TestApp::with(&[], limits).await;
    app.signup("target@example.com").await;
    for _ in 0..3 {
        assert_eq!(
            app.login("target@example.com", "guess guess", None)
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
    let r = app.login("target@example.com", PASSWORD, None).await;
    assert_eq!(
        r.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    assert!(
        r.error().to_string().contains("Too many attempts"),
        "{}",
        r.body
    );
    app.clock.advance(601);
    assert_eq!(
        app.login("target@example.com", PASSWORD, None).await.status,
        StatusCode::OK
    );

    // Per IP: 8 attempts in the window whatever the account (the login above was the first).
    for i in 0..7 {
        app.login(&format!("x{i}@example.com"), "whatever pw", None)
            .await;
    }
    let r = app.login("target@example.com", PASSWORD, None).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
}

#[tokio::test]
async fn every_response_carries_security_headers() {
    let app = TestApp::new().await;
    for r in [
        app.get("/", None).await,
        app.get("/healthz", None).await,
        app.post("/api/me", "", None).await,
    ] {
        assert_eq!(r.headers.get("x-content-type-options").unwrap(), "nosniff");
        assert!(r.headers.get("referrer-policy").is_some());
        assert!(r
            .headers
            .get("content-security-policy")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'"));
        assert!(r.headers.get("x-request-id").is_some());
    }
    // The page's CSP allows exactly the nonce its inline scripts carry.
    let page = app.get("/login", None).await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page
        .headers
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("a nonce in the CSP");
    assert!(
        page.body.contains(&format!("nonce=\"{nonce}\"")),
        "scripts must carry the CSP nonce"
    );
    let again = app.get("/login", None).await;
    assert!(
        !again
            .headers
            .get("content-security-policy")
            .unwrap()
            .to_str()
            .unwrap()
            .contains(nonce),
        "fresh nonce per response"
    );
    // The service worker may fetch from this origin (its CSP is its script's), nothing else.
    let sw = app.get("/sw.js", None).await;
    let csp = sw
        .headers
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert_eq!(sw.headers.get("cache-control").unwrap(), "no-cache");
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = TestApp::new().await;
    let huge = format!("email=a%40b.co&password={}", "x".repeat(300 * 1024));
    let r = app.post("/api/signup", &huge, None).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn health_and_readiness() {
    let app = TestApp::new().await;
    let r = app.get("/healthz", None).await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "ok"));
    let r = app.get("/readyz", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("\"database\":\"ok\""));
}

#[tokio::test]
async fn pages_render_for_visitors() {
    let app = TestApp::new().await;
    let r = app.get("/", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("ClimbingPill") && r.body.contains("Create your free account"));
    let r = app.get("/signup", None).await;
    assert!(
        r.body.contains("<label for=\"password\""),
        "labelled fields"
    );
    let r = app.get("/no-such-page", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
