//! A real app (router, middleware, libSQL file in a temp dir) driven in-process.
#![allow(dead_code)]
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use climbingpill::api::ApiError;
use climbingpill::server::auth::service::AuthLimits;
use climbingpill::server::clock::ManualClock;
use climbingpill::server::config::Config;
use climbingpill::server::http::router;
use climbingpill::server::state::AppState;
use http_body_util::BodyExt;
use tower::ServiceExt;

pub mod fake_llm;
pub mod hrana;
pub mod postgres;

pub const PASSWORD: &str = "slopers in the rain";

pub struct TestApp {
    pub router: Router,
    pub clock: Arc<ManualClock>,
    pub state: AppState,
    pub dir: tempfile::TempDir,
    /// The app's own PostgreSQL database when it runs on that backend (dropped with it).
    pub pg: Option<postgres::TestPg>,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn error(&self) -> ApiError {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not an ApiError ({e}): {}", self.body))
    }
    pub fn set_cookie(&self) -> Option<String> {
        self.headers
            .get(header::SET_COOKIE)
            .map(|v| v.to_str().unwrap().to_string())
    }
    /// The `name=value` part of Set-Cookie, as a browser would send it back.
    pub fn session_cookie(&self) -> String {
        let sc = self.set_cookie().expect("a Set-Cookie header");
        sc.split(';').next().unwrap().to_string()
    }
}

pub fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn urlencode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with(&[], AuthLimits::default()).await
    }

    /// The app with its application data in a fresh PostgreSQL database (RLS on), or `None`
    /// when no server is configured (see `postgres::admin_url`).
    pub async fn postgres() -> Option<Self> {
        Self::postgres_with(&[]).await
    }

    pub async fn postgres_with(env: &[(&str, &str)]) -> Option<Self> {
        let pg = postgres::TestPg::fresh().await?;
        let mut vars = env.to_vec();
        vars.push(("SUPABASE_DB_URL", pg.url.as_str()));
        let mut app = Self::with(&vars, AuthLimits::default()).await;
        app.pg = Some(pg);
        Some(app)
    }

    pub async fn with(env: &[(&str, &str)], limits: AuthLimits) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut vars: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        vars.push((
            "CLIMBINGPILL_DATA_DIR".into(),
            dir.path().display().to_string(),
        ));
        let config =
            Config::from_lookup(|k| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()))
                .unwrap();
        let clock = Arc::new(ManualClock::new(1_800_000_000));
        let options = leptos::config::LeptosOptions::builder()
            .output_name("climbingpill")
            .build();
        let state = AppState::build_with(config, options, clock.clone(), limits)
            .await
            .unwrap();
        let router =
            router(state.clone()).layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
        Self {
            router,
            clock,
            state,
            dir,
            pg: None,
        }
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn post(&self, path: &str, body: &str, cookie: Option<&str>) -> Reply {
        let mut req = Request::post(path)
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::CONTENT_LENGTH, body.len());
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(body.to_string())).unwrap())
            .await
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut req = Request::get(path).header(header::HOST, "127.0.0.1:3000");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// Signs up and returns the session cookie to send back.
    pub async fn signup(&self, email: &str) -> String {
        let r = self
            .post(
                "/api/signup",
                &form(&[("email", email), ("password", PASSWORD)]),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.session_cookie()
    }

    pub async fn login(&self, email: &str, password: &str, cookie: Option<&str>) -> Reply {
        self.post(
            "/api/login",
            &form(&[("email", email), ("password", password)]),
            cookie,
        )
        .await
    }

    /// The email the server says this cookie is signed in as.
    pub async fn whoami(&self, cookie: &str) -> Option<String> {
        let r = self.post("/api/me", "", Some(cookie)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let v: Option<serde_json::Value> = serde_json::from_str(&r.body).unwrap();
        v.map(|u| u["email"].as_str().unwrap().to_string())
    }
}

/// POSTs a JSON body (a server function's arguments) as the climber with `cookie`.
pub async fn post_json(app: &TestApp, path: &str, body: serde_json::Value, cookie: &str) -> Reply {
    let req = Request::post(path)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, cookie)
        .body(Body::from(body.to_string()))
        .unwrap();
    app.send(req).await
}

/// A reply's JSON body.
pub fn v(r: &Reply) -> serde_json::Value {
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.body))
}

/// Sends a chat message and returns the turn's events.
pub async fn say(
    app: &TestApp,
    cookie: &str,
    thread: &str,
    text: &str,
) -> Vec<climbingpill::domain::chat::ChatEvent> {
    let r = app
        .post(
            "/api/chat/turn",
            &form(&[("thread_id", thread), ("text", text)]),
            Some(cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The coach's final answer of a turn.
pub fn answer(events: &[climbingpill::domain::chat::ChatEvent]) -> String {
    match events.last() {
        Some(climbingpill::domain::chat::ChatEvent::Done { message }) => message.text.clone(),
        other => panic!("{other:?}"),
    }
}
