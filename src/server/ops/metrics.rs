//! Prometheus metrics (`metrics` + `metrics-exporter-prometheus`), served on a listener of
//! their own (`METRICS_ADDR`, default `127.0.0.1:9464`), never on the public port.
//!
//! Until [`install`] runs, the `metrics` macros record into a no-op recorder, so the code
//! that records (one HTTP layer, the agent's run log) costs next to nothing in tests and
//! with `METRICS_ADDR=` (off).
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::PrometheusBuilder;

use crate::server::stores::RunRecord;

pub const HTTP_REQUESTS: &str = "climbingpill_http_requests_total";
pub const HTTP_DURATION: &str = "climbingpill_http_request_duration_seconds";
pub const RATE_LIMITED: &str = "climbingpill_rate_limited_total";
pub const AGENT_TURNS: &str = "climbingpill_agent_turns_total";
pub const AGENT_TURN_DURATION: &str = "climbingpill_agent_turn_duration_seconds";
pub const AGENT_STEPS: &str = "climbingpill_agent_steps_total";
pub const AGENT_TOKENS: &str = "climbingpill_agent_tokens_total";
pub const AGENT_TOOL_CALLS: &str = "climbingpill_agent_tool_calls_total";
pub const LIBSQL_FILE_BYTES: &str = "climbingpill_libsql_file_bytes";
pub const LIBSQL_WAL_BYTES: &str = "climbingpill_libsql_wal_bytes";

/// Latency buckets (seconds) for requests and coach turns: 5 ms to 2 min.
const BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0,
];

#[derive(Debug, thiserror::Error)]
pub enum MetricsError {
    #[error(
        "METRICS_ADDR={0} is the public address (LEPTOS_SITE_ADDR): metrics must be on a listener of their own"
    )]
    PublicPort(SocketAddr),
    #[error("could not serve metrics on {addr} (METRICS_ADDR): {reason}")]
    Install { addr: SocketAddr, reason: String },
}

/// Starts the exporter's listener on `addr` and makes it the process's recorder; refreshes
/// the libSQL file sizes of `db_path` every minute. Call once, inside the tokio runtime.
pub fn install(
    addr: SocketAddr,
    public: SocketAddr,
    db_path: Option<PathBuf>,
) -> Result<(), MetricsError> {
    if addr.port() == public.port()
        && (addr.ip() == public.ip() || addr.ip().is_unspecified() || public.ip().is_unspecified())
    {
        return Err(MetricsError::PublicPort(addr));
    }
    let fail = |e: &dyn std::fmt::Display| MetricsError::Install {
        addr,
        reason: e.to_string(),
    };
    PrometheusBuilder::new()
        .with_http_listener(addr)
        .set_buckets(BUCKETS)
        .map_err(|e| fail(&e))?
        .install()
        .map_err(|e| fail(&e))?;
    describe();
    if let Some(path) = db_path {
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(60));
            loop {
                every.tick().await;
                record_file_sizes(&path);
            }
        });
    }
    tracing::info!(%addr, "Prometheus metrics on http://{addr}/metrics");
    Ok(())
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
    describe_counter!(
        HTTP_REQUESTS,
        "HTTP requests by method, route template and status"
    );
    describe_histogram!(
        HTTP_DURATION,
        Unit::Seconds,
        "HTTP request latency until the response head"
    );
    describe_counter!(
        RATE_LIMITED,
        "requests refused with 429 (rate limits), by route template"
    );
    describe_counter!(AGENT_TURNS, "coach turns by provider and outcome");
    describe_histogram!(AGENT_TURN_DURATION, Unit::Seconds, "coach turn duration");
    describe_counter!(AGENT_STEPS, "model calls made by coach turns");
    describe_counter!(AGENT_TOKENS, "model tokens by direction (in, out)");
    describe_counter!(AGENT_TOOL_CALLS, "coach tool calls by tool and outcome");
    describe_gauge!(
        LIBSQL_FILE_BYTES,
        Unit::Bytes,
        "size of the libSQL database file"
    );
    describe_gauge!(
        LIBSQL_WAL_BYTES,
        Unit::Bytes,
        "size of the libSQL write-ahead log"
    );
}

/// Sets the file-size gauges of the database at `db_path` (and its `-wal`).
pub fn record_file_sizes(db_path: &Path) {
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0) as f64;
    let mut wal = db_path.as_os_str().to_os_string();
    wal.push("-wal");
    metrics::gauge!(LIBSQL_FILE_BYTES).set(size(db_path));
    metrics::gauge!(LIBSQL_WAL_BYTES).set(size(Path::new(&wal)));
}

/// The HTTP layer: one count and one latency per request, labelled by the route *template*
/// (`/api/journal/{format}`, never the raw path, so labels stay few), method and status.
/// Requests no route matched (static files, 404s) share the label `fallback`.
pub async fn track(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "fallback".to_string(), |m| m.as_str().to_string());
    let method = req.method().as_str().to_string();
    let started = Instant::now();
    let res = next.run(req).await;
    let status = res.status();
    let labels = [
        ("method", method),
        ("route", route.clone()),
        ("status", status.as_str().to_string()),
    ];
    metrics::counter!(HTTP_REQUESTS, &labels).increment(1);
    metrics::histogram!(HTTP_DURATION, &labels).record(started.elapsed().as_secs_f64());
    if status == http::StatusCode::TOO_MANY_REQUESTS {
        metrics::counter!(RATE_LIMITED, "route" => route).increment(1);
    }
    res
}

/// Records one finished (or cancelled) coach turn from its run-log row.
pub fn agent_turn(record: &RunRecord) {
    let labels = [
        ("provider", record.provider.clone()),
        ("outcome", record.status.as_str().to_string()),
    ];
    metrics::counter!(AGENT_TURNS, &labels).increment(1);
    metrics::histogram!(AGENT_TURN_DURATION, &labels)
        .record(Duration::from_millis(record.latency_ms).as_secs_f64());
    metrics::counter!(AGENT_STEPS).increment(u64::from(record.steps));
    metrics::counter!(AGENT_TOKENS, "direction" => "in")
        .increment(u64::from(record.tokens_in.unwrap_or(0)));
    metrics::counter!(AGENT_TOKENS, "direction" => "out")
        .increment(u64::from(record.tokens_out.unwrap_or(0)));
    for tool in &record.tools {
        metrics::counter!(
            AGENT_TOOL_CALLS,
            "tool" => tool.name.clone(),
            "outcome" => if tool.ok { "ok" } else { "error" }
        )
        .increment(1);
    }
}

/// `METRICS_ADDR`: unset = `127.0.0.1:9464`, empty = no metrics, else `host:port`.
pub fn addr_from_lookup(
    get: impl Fn(&str) -> Option<String>,
) -> Result<Option<SocketAddr>, crate::server::config::ConfigError> {
    match get("METRICS_ADDR") {
        None => Ok(Some(SocketAddr::from(([127, 0, 0, 1], 9464)))),
        Some(v) if v.trim().is_empty() => Ok(None),
        Some(v) => v
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| crate::server::config::ConfigError {
                var: "METRICS_ADDR",
                value: v,
                expected: "host:port such as 127.0.0.1:9464, or empty for no metrics",
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_addr_defaults_to_loopback_and_empty_turns_it_off() {
        let addr = |v: Option<&str>| addr_from_lookup(|_| v.map(String::from));
        assert_eq!(addr(None).unwrap(), Some("127.0.0.1:9464".parse().unwrap()));
        assert_eq!(addr(Some("")).unwrap(), None);
        assert_eq!(
            addr(Some("0.0.0.0:9100")).unwrap(),
            Some("0.0.0.0:9100".parse().unwrap())
        );
        assert_eq!(addr(Some("9464")).unwrap_err().var, "METRICS_ADDR");
    }
}
