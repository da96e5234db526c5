//! A load figure (issue 18): N climbers (default 50) chatting with the coach, logging sessions
//! and reading their journal and conversations for S seconds (default 60) against a real
//! server on loopback (this process serves the app's router over TCP, as main.rs does, on a
//! fresh libSQL file), once without Redis and once with `REDIS_URL` (when `LOAD_REDIS_URL` or
//! `REDIS_URL` is set). Prints p50/p99 latency per operation and the errors: 429s (the
//! per-climber limits at work) are counted apart; anything else is a failure.
//!
//! `scripts/bench-load.sh` runs it (release build); not part of the test command.
//! Settings: LOAD_CLIMBERS, LOAD_SECS, LOAD_THINK_MS (pause between one climber's requests,
//! default 500), LOAD_REDIS_URL, and METRICS_ADDR as the server reads it (unset: Prometheus
//! metrics on 127.0.0.1:9464, recorded as in production; empty: no metrics), so the figure
//! can be taken with and without them (`LOAD_METRICS=both scripts/bench-load.sh`).
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use climbingpill::server::auth::rate_limit::Limit;
use climbingpill::server::auth::service::AuthLimits;
use climbingpill::server::clock::SystemClock;
use climbingpill::server::config::Config;
use climbingpill::server::state::AppState;

#[derive(Default)]
struct Stats {
    latencies: BTreeMap<&'static str, Vec<Duration>>,
    limited: BTreeMap<&'static str, u64>,
    errors: BTreeMap<&'static str, Vec<String>>,
}

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn serve(redis: Option<&str>, metrics: bool) -> (SocketAddr, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut vars = vec![(
        "CLIMBINGPILL_DATA_DIR".to_string(),
        dir.path().display().to_string(),
    )];
    if let Some(url) = redis {
        vars.push(("REDIS_URL".into(), url.to_string()));
    }
    let config =
        Config::from_lookup(|k| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())).unwrap();
    let options = leptos::config::LeptosOptions::builder()
        .output_name("climbingpill")
        .build();
    // Every climber signs up from 127.0.0.1: room for all of them.
    let roomy = Limit {
        max: 100_000,
        window_secs: 3600,
    };
    let limits = AuthLimits {
        login_per_ip: roomy,
        login_failures_per_account: roomy,
        signup_per_ip: roomy,
    };
    let state = AppState::build_with(config, options, Arc::new(SystemClock), limits)
        .await
        .unwrap();
    if metrics {
        // As main.rs does once the recorder is installed: the minute refresh of the gauges.
        climbingpill::server::ops::metrics::watch_data(&state);
    }
    let router = climbingpill::server::http::router(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            climbingpill::server::http::no_delay(listener),
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap()
    });
    (addr, dir)
}

async fn climber(
    n: usize,
    base: String,
    until: Instant,
    think: Duration,
    stats: Arc<Mutex<Stats>>,
) {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let url = |p: &str| format!("{base}{p}");
    let res = client
        .post(url("/api/signup"))
        .form(&[
            ("email", format!("climber{n}@example.com")),
            ("password", "slopers in the rain".to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "signup: {}", res.status());
    let cookie = res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let res = client
        .post(url("/api/chat/new"))
        .header("cookie", &cookie)
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    let thread: serde_json::Value = res.json().await.unwrap();
    let thread = thread["id"].as_str().unwrap().to_string();
    let list = r#"{"query":{"from":"","to":"","kind":"","text":"","page":1}}"#;
    let mut i = n; // climbers start at different operations
    while Instant::now() < until {
        let day = 1 + (i % 28);
        let (op, req) = match i % 4 {
            0 => (
                "chat turn",
                client.post(url("/api/chat/turn")).form(&[
                    ("thread_id", thread.as_str()),
                    ("text", "How should I warm up for a bouldering session?"),
                ]),
            ),
            1 => (
                "journal save",
                client
                    .post(url("/api/journal/save"))
                    .header("content-type", "application/json")
                    .body(
                        serde_json::json!({"entry": {
                            "date": format!("2026-11-{day:02}"), "kind": "bouldering",
                            "duration_min": "90", "rpe": "7", "location": "The Arch",
                            "climbs": [], "pain": [], "notes": "Felt strong on crimps.",
                            "tags": ""
                        }})
                        .to_string(),
                    ),
            ),
            2 => (
                "journal list",
                client
                    .post(url("/api/journal/list"))
                    .header("content-type", "application/json")
                    .body(list),
            ),
            _ => (
                "thread read",
                client
                    .post(url("/api/chat/thread"))
                    .form(&[("id", thread.as_str())]),
            ),
        };
        i += 1;
        let started = Instant::now();
        let res = req.header("cookie", &cookie).send().await;
        // The whole answer (a coach turn streams until it is done).
        let outcome = match res {
            Ok(res) => {
                let status = res.status();
                match res.bytes().await {
                    Ok(body) if status.is_success() => {
                        let text = String::from_utf8_lossy(&body);
                        if op == "chat turn" && !text.contains("\"type\":\"done\"") {
                            Err(format!("turn without an answer: {text:.200}"))
                        } else {
                            Ok(())
                        }
                    }
                    Ok(_) if status.as_u16() == 429 => Err("429".to_string()),
                    Ok(body) => Err(format!("{status}: {:.200}", String::from_utf8_lossy(&body))),
                    Err(e) => Err(format!("body: {e}")),
                }
            }
            Err(e) => Err(format!("request: {e}")),
        };
        let took = started.elapsed();
        {
            let mut s = stats.lock().unwrap();
            match outcome {
                Ok(()) => s.latencies.entry(op).or_default().push(took),
                Err(e) if e == "429" => *s.limited.entry(op).or_default() += 1,
                Err(e) => s.errors.entry(op).or_default().push(e),
            }
        }
        tokio::time::sleep(think).await;
    }
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

async fn run(
    label: &str,
    redis: Option<&str>,
    metrics: Option<SocketAddr>,
    climbers: usize,
    secs: u64,
    think: Duration,
) {
    let (addr, _dir) = serve(redis, metrics.is_some()).await;
    let stats = Arc::new(Mutex::new(Stats::default()));
    let until = Instant::now() + Duration::from_secs(secs);
    let tasks: Vec<_> = (0..climbers)
        .map(|n| {
            tokio::spawn(climber(
                n,
                format!("http://{addr}"),
                until,
                think,
                stats.clone(),
            ))
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let metrics_note = match metrics {
        Some(at) => {
            // Proof the recorder was on: what a scrape of the listener returned.
            let scrape = reqwest::get(format!("http://{at}/metrics"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            let series = scrape.lines().filter(|l| !l.starts_with('#')).count();
            format!("metrics on ({at}, {series} series scraped at the end)")
        }
        None => "metrics off (METRICS_ADDR=)".to_string(),
    };
    let s = stats.lock().unwrap();
    println!(
        "\n{label}: {climbers} climbers, {secs} s, {} ms between one climber's requests, {metrics_note}",
        think.as_millis()
    );
    println!(
        "{:<14} {:>7} {:>9} {:>9} {:>6} {:>7}",
        "operation", "ok", "p50 ms", "p99 ms", "429", "errors"
    );
    let mut total_errors = 0;
    for op in ["chat turn", "journal save", "journal list", "thread read"] {
        let mut l = s.latencies.get(op).cloned().unwrap_or_default();
        l.sort();
        let errors = s.errors.get(op).map_or(0, Vec::len);
        total_errors += errors;
        println!(
            "{:<14} {:>7} {:>9.1} {:>9.1} {:>6} {:>7}",
            op,
            l.len(),
            pct(&l, 0.50).as_secs_f64() * 1000.0,
            pct(&l, 0.99).as_secs_f64() * 1000.0,
            s.limited.get(op).copied().unwrap_or(0),
            errors
        );
    }
    for (op, errors) in &s.errors {
        for e in errors.iter().take(3) {
            println!("  {op}: {e}");
        }
    }
    println!("errors (other than 429): {total_errors}");
}

fn main() {
    let climbers = env_num("LOAD_CLIMBERS", 50) as usize;
    let secs = env_num("LOAD_SECS", 60);
    let think = Duration::from_millis(env_num("LOAD_THINK_MS", 500));
    let redis = std::env::var("LOAD_REDIS_URL")
        .or_else(|_| std::env::var("REDIS_URL"))
        .ok()
        .filter(|u| !u.is_empty());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let metrics =
        climbingpill::server::ops::metrics::addr_from_lookup(|k| std::env::var(k).ok()).unwrap();
    rt.block_on(async {
        if let Some(at) = metrics {
            let public: SocketAddr = "127.0.0.1:3000".parse().unwrap();
            climbingpill::server::ops::metrics::install(at, public, None).unwrap();
        }
        run("without Redis", None, metrics, climbers, secs, think).await;
        match &redis {
            Some(url) => run("with Redis", Some(url), metrics, climbers, secs, think).await,
            None => println!("\n(set LOAD_REDIS_URL for the run with Redis)"),
        }
    });
}
