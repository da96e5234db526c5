//! Coach-turn benchmarks (a bench binary, not a test): prints p50/p95/p99 in milliseconds.
//!
//! 1. Server-side time of an offline-coach turn (no model): from accepting the climber's
//!    message to the stored answer, for a plain answer and for a turn with a tool call.
//! 2. The time the server adds between the provider's first byte and the browser's first
//!    byte: a local OpenAI-compatible server streams an answer; the client (reqwest over
//!    loopback, like a browser) notes when the first token line arrives; the fake provider
//!    notes when it wrote the first token. Same process, same clock.
//!
//! Run: `cargo bench --features ssr --bench agent`
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::response::Response;
use axum::routing::post;
use climbingpill::domain::chat::ChatEvent;
use climbingpill::server::auth::service::AuthLimits;
use climbingpill::server::clock::SystemClock;
use climbingpill::server::config::Config;
use climbingpill::server::state::AppState;
use futures::StreamExt;

struct Samples(Vec<f64>);

impl Samples {
    fn pct(&self, p: f64) -> f64 {
        let mut v = self.0.clone();
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        v[((v.len() - 1) as f64 * p).round() as usize]
    }
    fn report(&self, key: &str, name: &str) {
        println!(
            "{name:<58} n={:<5} p50 {:>8.3} ms  p95 {:>8.3} ms  p99 {:>8.3} ms",
            self.0.len(),
            self.pct(0.50),
            self.pct(0.95),
            self.pct(0.99)
        );
        println!(
            "RESULT {key} {:.4} {:.4} {:.4}",
            self.pct(0.50),
            self.pct(0.95),
            self.pct(0.99)
        );
    }
}

async fn app(dir: &std::path::Path, env: &[(&str, &str)]) -> AppState {
    let mut vars: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    vars.push(("CLIMBINGPILL_DATA_DIR".into(), dir.display().to_string()));
    let config = Config::from_lookup(|k| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()))
        .expect("config");
    let options = leptos::config::LeptosOptions::builder()
        .output_name("climbingpill")
        .build();
    AppState::build_with(
        config,
        options,
        Arc::new(SystemClock),
        AuthLimits::default(),
    )
    .await
    .expect("state")
}

async fn user_id(state: &AppState, email: &str) -> String {
    let conn = state.db.conn().await.unwrap();
    let mut rows = conn
        .query("SELECT id FROM accounts WHERE email = ?1", [email])
        .await
        .unwrap();
    rows.next().await.unwrap().unwrap().get(0).unwrap()
}

async fn offline_turns(text: &str, n: usize) -> Samples {
    let dir = tempfile::tempdir().unwrap();
    let state = app(dir.path(), &[]).await;
    state
        .auth
        .signup(
            "bench@example.com",
            "slopers in the rain",
            "127.0.0.1",
            None,
        )
        .await
        .unwrap();
    let user = user_id(&state, "bench@example.com").await;
    let mut samples = Vec::with_capacity(n);
    for i in 0..n + 10 {
        // A fresh thread every 20 turns keeps the history window realistic.
        let thread = state.memory.create_thread(&user, "").await.unwrap();
        let started = Instant::now();
        let turn = state
            .agent
            .begin(
                &user,
                &thread.id,
                climbingpill::server::agent::TurnInput::Message(text.to_string()),
            )
            .await
            .unwrap();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        state.agent.run(turn, tx).await;
        let mut done = false;
        while let Ok(e) = rx.try_recv() {
            done |= matches!(e, ChatEvent::Done { .. });
        }
        assert!(done, "the offline coach answered");
        if i >= 10 {
            samples.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    Samples(samples)
}

/// The fake provider: streams a short answer and records when its first token left.
#[derive(Clone, Default)]
struct FirstByte(Arc<Mutex<Option<Instant>>>);

async fn fake_provider(state: axum::extract::State<FirstByte>) -> Response {
    let stamp = state.0 .0.clone();
    let chunk = |c: &str| {
        format!(
            "data: {}\n\n",
            serde_json::json!({"choices": [{"index": 0, "delta": {"content": c}, "finish_reason": null}]})
        )
    };
    let first = chunk("Hello");
    let rest = vec![
        chunk(" there"),
        format!(
            "data: {}\n\n",
            serde_json::json!({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        ),
        "data: [DONE]\n\n".to_string(),
    ];
    let head = futures::stream::once(async move {
        *stamp.lock().unwrap() = Some(Instant::now());
        Ok::<_, Infallible>(Bytes::from(first))
    });
    let tail = futures::stream::iter(
        rest.into_iter()
            .map(|s| Ok::<_, Infallible>(Bytes::from(s))),
    );
    Response::builder()
        .header("content-type", "text/event-stream")
        .body(Body::from_stream(head.chain(tail)))
        .unwrap()
}

async fn first_byte_overhead(n: usize) -> Samples {
    let stamp = FirstByte::default();
    let provider = axum::Router::new()
        .route("/v1/chat/completions", post(fake_provider))
        .with_state(stamp.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let provider_addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(climbingpill::server::http::no_delay(listener), provider)
            .await
            .unwrap()
    });

    let dir = tempfile::tempdir().unwrap();
    let base = format!("http://{provider_addr}/v1");
    let state = app(
        dir.path(),
        &[("LLM_MODEL", "bench"), ("LLM_BASE_URL", &base)],
    )
    .await;
    let router = climbingpill::server::http::router(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let app_addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        // Served exactly as main.rs serves it (TCP_NODELAY included).
        axum::serve(
            climbingpill::server::http::no_delay(listener),
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap()
    });

    let client = reqwest::Client::builder().build().unwrap();
    let url = |p: &str| format!("http://{app_addr}{p}");
    let res = client
        .post(url("/api/signup"))
        .form(&[
            ("email", "first@example.com"),
            ("password", "slopers in the rain"),
        ])
        .send()
        .await
        .unwrap();
    let cookie = res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let user = user_id(&state, "first@example.com").await;

    let mut samples = Vec::with_capacity(n);
    for i in 0..n + 10 {
        let thread = state.memory.create_thread(&user, "").await.unwrap();
        *stamp.0.lock().unwrap() = None;
        let res = client
            .post(url("/api/chat/turn"))
            .header("cookie", &cookie)
            .form(&[("thread_id", thread.id.as_str()), ("text", "hi")])
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "{}", res.status());
        let mut body = res.bytes_stream();
        let mut seen = String::new();
        let mut first_token_at = None;
        while let Some(chunk) = body.next().await {
            seen.push_str(&String::from_utf8_lossy(&chunk.unwrap()));
            if first_token_at.is_none() && seen.contains("\"type\":\"token\"") {
                first_token_at = Some(Instant::now());
            }
        }
        let provider_at = stamp.0.lock().unwrap().expect("provider streamed");
        let browser_at = first_token_at.expect("a token reached the client");
        if i >= 10 {
            samples.push(browser_at.duration_since(provider_at).as_secs_f64() * 1000.0);
        }
    }
    Samples(samples)
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        println!("ClimbingPill coach-turn benchmarks ({} cores)", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
        offline_turns("hello coach", 300).await.report("offline_turn_answer", "offline coach turn: greeting (1 step)");
        offline_turns("I have a hangboard at home", 300)
            .await
            .report("offline_turn_tool", "offline coach turn: remember tool (2 steps)");
        offline_turns(
            "90 min bouldering at the gym, sent two V5 and a V6 flash, RPE 8, left ring finger a bit sore",
            300,
        )
        .await
        .report("offline_turn_log", "offline coach turn: session + pain (2 steps)");
        first_byte_overhead(300)
            .await
            .report("first_byte_overhead", "server-added latency, provider 1st byte -> client 1st token");
        tokio::time::sleep(Duration::from_millis(50)).await;
    });
}
