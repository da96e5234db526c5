//! Prometheus metrics an operator scrapes from `METRICS_ADDR` (over HTTP, as Prometheus
//! does), each after the operation it counts: memory operations, store calls by aggregate and
//! backend, provider errors by status, the embeddings queue, open sessions, open live streams
//! and rows per table (libSQL and PostgreSQL). tests/ops.rs covers the HTTP, agent-turn and
//! file-size series.
//!
//! One recorder per process: every test here shares one listener, and the tests take turns
//! (`SERIAL`) so the gauges each one reads are its own.
mod support;

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request};
use climbingpill::server::auth::service::AuthLimits;
use climbingpill::server::ops::metrics;
use support::fake_llm::{FakeLlm, Script};
use support::{say, v, TestApp};
use tower::ServiceExt;

static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The metrics listener, started once for the whole binary on a runtime of its own (each
/// test's runtime ends with the test).
fn listener() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        let addr = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                metrics::install(addr, "127.0.0.1:3000".parse().unwrap(), None).unwrap();
                tx.send(()).unwrap();
                std::future::pending::<()>().await
            })
        });
        rx.recv().unwrap();
        addr
    })
}

async fn scrape() -> String {
    reqwest::get(format!("http://{}/metrics", listener()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The value of the first series of `name` whose labels include every one of `labels`.
fn series(scrape: &str, name: &str, labels: &[&str]) -> Option<f64> {
    scrape
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter(|l| l.starts_with(&format!("{name}{{")) || l.starts_with(&format!("{name} ")))
        .find(|l| labels.iter().all(|x| l.contains(x)))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

fn has(scrape: &str, name: &str, labels: &[&str]) -> f64 {
    series(scrape, name, labels).unwrap_or_else(|| panic!("no {name} {labels:?} in\n{scrape}"))
}

/// Scrapes until `name{labels}` equals `want` (a gauge that moves off the request's path).
async fn until(name: &str, labels: &[&str], want: f64) {
    let mut last = String::new();
    for _ in 0..100 {
        last = scrape().await;
        if series(&last, name, labels) == Some(want) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{name} {labels:?} never reached {want}:\n{last}");
}

async fn new_thread(app: &TestApp, cookie: &str) -> String {
    let r = app.post("/api/chat/new", "", Some(cookie)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    v(&r)["id"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_operations_are_counted_with_latency() {
    let _turn = SERIAL.lock().await;
    listener();
    let app = TestApp::new().await;
    let cookie = app.signup("memory-metrics@example.com").await;
    let thread = new_thread(&app, &cookie).await;
    // A coach turn: append, last-N, working memory, recall.
    say(&app, &cookie, &thread, "I climb 6b and have a hangboard").await;
    let user = app
        .state
        .stores
        .accounts
        .find_by_email("memory-metrics@example.com")
        .await
        .unwrap()
        .unwrap()
        .id;
    app.state.memory.list_threads(&user, 0, 20).await.unwrap();
    app.state
        .memory
        .update_working_memory(&user, "## Goals\n- send 7a")
        .await
        .unwrap();

    let s = scrape().await;
    for op in [
        "create_thread",
        "append",
        "last_messages",
        "list_threads",
        "working_memory",
        "update_working_memory",
        "recall",
    ] {
        let op = format!(r#"op="{op}""#);
        assert!(
            has(
                &s,
                "climbingpill_memory_operations_total",
                &[&op, r#"outcome="ok""#]
            ) >= 1.0
        );
        assert!(
            has(
                &s,
                "climbingpill_memory_operation_duration_seconds_count",
                &[&op]
            ) >= 1.0
        );
        assert!(
            has(
                &s,
                "climbingpill_memory_operation_duration_seconds_bucket",
                &[&op, r#"le="+Inf""#]
            ) >= 1.0
        );
    }
    // Fine buckets: a store call of a fraction of a millisecond is not lumped into 5 ms.
    has(
        &s,
        "climbingpill_memory_operation_duration_seconds_bucket",
        &[r#"le="0.001""#],
    );
    // Another climber's thread is "not found": an error outcome, counted as such.
    assert!(app
        .state
        .memory
        .get_thread("nobody", &thread)
        .await
        .is_err());
    let s = scrape().await;
    assert!(
        has(
            &s,
            "climbingpill_memory_operations_total",
            &[r#"op="get_thread""#, r#"outcome="error""#]
        ) >= 1.0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn store_calls_are_counted_by_aggregate_and_backend() {
    let _turn = SERIAL.lock().await;
    listener();
    let apps = [Some(TestApp::new().await), TestApp::postgres().await];
    if apps[1].is_none() {
        eprintln!("PostgreSQL not configured: libSQL store calls only");
    }
    for app in apps.iter().flatten() {
        let backend = if app.pg.is_some() {
            r#"backend="postgres""#
        } else {
            r#"backend="libsql""#
        };
        let cookie = app.signup("store-metrics@example.com").await;
        let thread = new_thread(app, &cookie).await;
        say(app, &cookie, &thread, "hello coach").await;
        let s = scrape().await;
        for (aggregate, op) in [
            ("accounts", "create"),
            ("sessions", "insert"),
            ("sessions", "get"),
            ("onboarding", "get"),
            ("journal", "usage"),
            ("runs", "record"),
        ] {
            let labels = [
                &format!(r#"aggregate="{aggregate}""#) as &str,
                backend,
                &format!(r#"op="{op}""#),
            ];
            assert!(has(&s, "climbingpill_store_calls_total", &labels) >= 1.0);
            assert!(
                has(
                    &s,
                    "climbingpill_store_call_duration_seconds_count",
                    &labels
                ) >= 1.0
            );
        }
        // The coach's memory is a store too (libSQL, whatever holds the app's data).
        assert!(
            has(
                &s,
                "climbingpill_store_calls_total",
                &[
                    r#"aggregate="memory""#,
                    r#"backend="libsql""#,
                    r#"op="append""#
                ]
            ) >= 1.0
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn provider_errors_are_counted_by_status() {
    let _turn = SERIAL.lock().await;
    listener();
    // 400: refused, not retried. 503 twice: retried once (LLM_RETRIES=1), then given up.
    let llm = FakeLlm::start(vec![
        Script::Status(400),
        Script::Status(503),
        Script::Status(503),
    ])
    .await;
    let app = TestApp::with(
        &[
            ("LLM_MODEL", "fake-model"),
            ("LLM_BASE_URL", llm.base_url.as_str()),
            ("LLM_RETRIES", "1"),
            ("LLM_TIMEOUT_SECS", "1"),
        ],
        AuthLimits::default(),
    )
    .await;
    let before = scrape().await;
    let count = |s: &str, status: &str| {
        series(
            s,
            "climbingpill_provider_errors_total",
            &[
                r#"provider="openai-compatible""#,
                &format!(r#"status="{status}""#),
            ],
        )
        .unwrap_or(0.0)
    };
    let cookie = app.signup("provider-metrics@example.com").await;
    let thread = new_thread(&app, &cookie).await;
    say(&app, &cookie, &thread, "first").await;
    say(&app, &cookie, &thread, "second").await;
    let after = scrape().await;
    assert_eq!(count(&after, "400") - count(&before, "400"), 1.0, "{after}");
    assert_eq!(count(&after, "503") - count(&before, "503"), 1.0, "{after}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_embeddings_queue_depth_rises_while_an_embedding_waits() {
    use axum::routing::post;
    let _turn = SERIAL.lock().await;
    listener();
    // An embeddings endpoint that answers only when let go (then with an error).
    let gate = Arc::new(tokio::sync::Semaphore::new(0));
    let held = gate.clone();
    let embeddings = axum::Router::new().route(
        "/v1/embeddings",
        post(move || {
            let held = held.clone();
            async move {
                let _ = held.acquire().await.unwrap();
                axum::http::StatusCode::SERVICE_UNAVAILABLE
            }
        }),
    );
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/v1", l.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(l, embeddings).await.unwrap() });
    let app = TestApp::with(
        &[
            ("EMBEDDINGS_MODEL", "fake-embed"),
            ("LLM_BASE_URL", base.as_str()),
        ],
        AuthLimits::default(),
    )
    .await;
    let thread = app.state.memory.create_thread("u1", "").await.unwrap();
    app.state
        .memory
        .append(
            "u1",
            &thread.id,
            &[climbingpill::server::memory::NewMessage::text(
                climbingpill::domain::memory::Role::User,
                "my fingers hurt after the board",
            )],
        )
        .await
        .unwrap();
    until("climbingpill_embeddings_queue_depth", &[], 1.0).await;
    gate.add_permits(100);
    until("climbingpill_embeddings_queue_depth", &[], 0.0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_sessions_and_rows_per_table_are_read_from_each_backend() {
    let _turn = SERIAL.lock().await;
    listener();
    let apps = [Some(TestApp::new().await), TestApp::postgres().await];
    for app in apps.iter().flatten() {
        let backend = if app.pg.is_some() {
            r#"backend="postgres""#
        } else {
            r#"backend="libsql""#
        };
        let first = app.signup("rows-one@example.com").await;
        app.signup("rows-two@example.com").await;
        let thread = new_thread(app, &first).await;
        say(app, &first, &thread, "hello coach").await;
        metrics::refresh_data(&app.state).await;
        let s = scrape().await;
        assert_eq!(has(&s, "climbingpill_open_sessions", &[]), 2.0, "{s}");
        assert_eq!(
            has(
                &s,
                "climbingpill_table_rows",
                &[backend, r#"table="accounts""#]
            ),
            2.0
        );
        // Agent memory stays in libSQL on both backends.
        assert!(
            has(
                &s,
                "climbingpill_table_rows",
                &[r#"backend="libsql""#, r#"table="messages""#]
            ) >= 2.0
        );
        assert!(!s.contains(r#"table="sqlite_"#), "{s}");
        // Signing out closes a session.
        let r = app.post("/api/logout", "", Some(&first)).await;
        assert_eq!(r.status, 200, "{}", r.body);
        metrics::refresh_data(&app.state).await;
        assert_eq!(has(&scrape().await, "climbingpill_open_sessions", &[]), 1.0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_live_streams_are_counted_until_they_close() {
    let _turn = SERIAL.lock().await;
    listener();
    let llm = FakeLlm::start(vec![support::fake_llm::slow_text(
        &["one ", "two ", "three"],
        Duration::from_millis(300),
    )])
    .await;
    let app = TestApp::with(
        &[
            ("LLM_MODEL", "fake-model"),
            ("LLM_BASE_URL", llm.base_url.as_str()),
        ],
        AuthLimits::default(),
    )
    .await;
    let cookie = app.signup("streams@example.com").await;
    let thread = new_thread(&app, &cookie).await;
    let kind = |k: &str| format!(r#"kind="{k}""#);

    // A live progress page: one event stream, open until the page goes.
    let events = app
        .router
        .clone()
        .oneshot(
            Request::get(climbingpill::api::progress::EVENTS_PATH)
                .header(header::HOST, "127.0.0.1:3000")
                .header(header::COOKIE, &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(events.status(), 200);
    until("climbingpill_live_streams", &[&kind("progress")], 1.0).await;
    drop(events);
    until("climbingpill_live_streams", &[&kind("progress")], 0.0).await;

    // A coach answer streaming: open while the answer comes, closed once read to the end.
    let body = support::form(&[("thread_id", &thread), ("text", "count to three")]);
    let answer = app
        .router
        .clone()
        .oneshot(
            Request::post("/api/chat/turn")
                .header(header::HOST, "127.0.0.1:3000")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, &cookie)
                .body(Body::from(body))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    until("climbingpill_live_streams", &[&kind("chat")], 1.0).await;
    use http_body_util::BodyExt;
    let text = answer.into_body().collect().await.unwrap().to_bytes();
    assert!(String::from_utf8_lossy(&text).contains("three"));
    until("climbingpill_live_streams", &[&kind("chat")], 0.0).await;
}
