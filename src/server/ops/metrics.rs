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
pub const MEMORY_OPS: &str = "climbingpill_memory_operations_total";
pub const MEMORY_OP_DURATION: &str = "climbingpill_memory_operation_duration_seconds";
pub const STORE_CALLS: &str = "climbingpill_store_calls_total";
pub const STORE_CALL_DURATION: &str = "climbingpill_store_call_duration_seconds";
pub const PROVIDER_ERRORS: &str = "climbingpill_provider_errors_total";
pub const EMBEDDINGS_QUEUE: &str = "climbingpill_embeddings_queue_depth";
pub const OPEN_SESSIONS: &str = "climbingpill_open_sessions";
pub const LIVE_STREAMS: &str = "climbingpill_live_streams";
pub const TABLE_ROWS: &str = "climbingpill_table_rows";

/// Latency buckets (seconds) for requests and coach turns: 5 ms to 2 min.
const BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0,
];

/// Finer buckets (seconds) for memory operations and store calls: 0.25 ms to 10 s.
const FAST_BUCKETS: &[f64] = &[
    0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// How often the gauges read from the databases (rows, open sessions, file sizes) refresh.
pub const REFRESH_EVERY: Duration = Duration::from_secs(60);

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
    use metrics_exporter_prometheus::Matcher;
    PrometheusBuilder::new()
        .with_http_listener(addr)
        .set_buckets(BUCKETS)
        .map_err(|e| fail(&e))?
        .set_buckets_for_metric(Matcher::Full(MEMORY_OP_DURATION.into()), FAST_BUCKETS)
        .map_err(|e| fail(&e))?
        .set_buckets_for_metric(Matcher::Full(STORE_CALL_DURATION.into()), FAST_BUCKETS)
        .map_err(|e| fail(&e))?
        .install()
        .map_err(|e| fail(&e))?;
    describe();
    if let Some(path) = db_path {
        tokio::spawn(async move {
            let mut every = tokio::time::interval(REFRESH_EVERY);
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
    describe_counter!(
        MEMORY_OPS,
        "coach memory operations (create_thread, append, last_messages, list_threads, working_memory, update_working_memory, recall...) by op and outcome"
    );
    describe_histogram!(
        MEMORY_OP_DURATION,
        Unit::Seconds,
        "coach memory operation latency, by op"
    );
    describe_counter!(
        STORE_CALLS,
        "storage calls by aggregate (accounts, sessions, journal, memory...), backend, op and outcome"
    );
    describe_histogram!(
        STORE_CALL_DURATION,
        Unit::Seconds,
        "storage call latency by aggregate, backend and op"
    );
    describe_counter!(
        PROVIDER_ERRORS,
        "failed language-model calls by provider and status (HTTP code, connect, timeout, interrupted, protocol)"
    );
    describe_gauge!(
        EMBEDDINGS_QUEUE,
        "messages waiting to be embedded for semantic recall (batches)"
    );
    describe_gauge!(
        OPEN_SESSIONS,
        "signed-in sessions not yet expired (refreshed every minute)"
    );
    describe_gauge!(
        LIVE_STREAMS,
        "open streaming responses by kind (chat = coach answers, progress = live progress events)"
    );
    describe_gauge!(
        TABLE_ROWS,
        "rows per table by backend (refreshed every minute)"
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

/// Records one storage call: the store-call series, and for the coach's memory also the
/// memory-operation series. Labels are `'static` strings: no allocation per call.
pub fn store_call(
    aggregate: &'static str,
    backend: &'static str,
    op: &'static str,
    ok: bool,
    elapsed: Duration,
) {
    let outcome = if ok { "ok" } else { "error" };
    let secs = elapsed.as_secs_f64();
    metrics::counter!(STORE_CALLS, "aggregate" => aggregate, "backend" => backend, "op" => op, "outcome" => outcome)
        .increment(1);
    metrics::histogram!(STORE_CALL_DURATION, "aggregate" => aggregate, "backend" => backend, "op" => op)
        .record(secs);
    if aggregate == "memory" {
        metrics::counter!(MEMORY_OPS, "op" => op, "outcome" => outcome).increment(1);
        metrics::histogram!(MEMORY_OP_DURATION, "op" => op).record(secs);
    }
}

/// One failed language-model call, by provider and status: the HTTP status, or what went
/// wrong before one arrived (`connect`, `timeout`, `interrupted`, `protocol`).
pub fn provider_error(provider: &str, e: &crate::server::agent::provider::ProviderError) {
    use crate::server::agent::provider::ProviderError as E;
    let status = match e {
        E::Connect(_) => "connect".to_string(),
        E::Timeout => "timeout".to_string(),
        E::RateLimited => "429".to_string(),
        E::Status { status, .. } => status.to_string(),
        E::Interrupted(_) => "interrupted".to_string(),
        E::Protocol(_) => "protocol".to_string(),
    };
    metrics::counter!(PROVIDER_ERRORS, "provider" => provider.to_string(), "status" => status)
        .increment(1);
}

/// Counts one batch waiting to be embedded for as long as it lives.
pub struct EmbeddingQueued(());

impl EmbeddingQueued {
    pub fn new() -> Self {
        metrics::gauge!(EMBEDDINGS_QUEUE).increment(1.0);
        Self(())
    }
}

impl Default for EmbeddingQueued {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for EmbeddingQueued {
    fn drop(&mut self) {
        metrics::gauge!(EMBEDDINGS_QUEUE).decrement(1.0);
    }
}

/// Counts one open streaming response (`chat`, `progress`) for as long as it lives: keep it
/// in the stream's state so it drops with the stream, however the stream ends.
pub struct LiveStream(&'static str);

impl LiveStream {
    pub fn open(kind: &'static str) -> Self {
        metrics::gauge!(LIVE_STREAMS, "kind" => kind).increment(1.0);
        Self(kind)
    }
}

impl Drop for LiveStream {
    fn drop(&mut self) {
        metrics::gauge!(LIVE_STREAMS, "kind" => self.0).decrement(1.0);
    }
}

/// Refreshes, now and then every [`REFRESH_EVERY`], the gauges read from the databases:
/// rows per table (libSQL, remote memory, PostgreSQL) and open sessions. Call once after
/// [`install`]; without a recorder there is nothing to refresh, so don't call it then.
pub fn watch_data(state: &crate::server::state::AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(REFRESH_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            refresh_data(&state).await;
        }
    });
}

/// One refresh of the database gauges (see [`watch_data`]). A failure is logged and the
/// gauges keep their last values.
pub async fn refresh_data(state: &crate::server::state::AppState) {
    let libsql_rows = libsql_table_rows(&state.db).await;
    record_rows("libsql", libsql_rows);
    if state.config.memory_remote.is_some() {
        record_rows("libsql-remote", libsql_table_rows(&state.memory_db).await);
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let idle_cutoff = now - state.config.session_idle.as_secs() as i64;
    let absolute_cutoff = now - state.config.session_absolute.as_secs() as i64;
    let sessions = match &state.stores.postgres {
        Some(pg) => {
            record_rows("postgres", pg_table_rows(pg).await);
            sqlx::query_scalar::<_, i64>(
                "SELECT count(*) FROM sessions WHERE last_seen_at >= to_timestamp($1) \
                 AND created_at >= to_timestamp($2)",
            )
            .bind(idle_cutoff as f64)
            .bind(absolute_cutoff as f64)
            .fetch_one(pg.pool())
            .await
            .map_err(|e| e.to_string())
        }
        None => async {
            let conn = state.db.conn().await?;
            let mut rows = conn
                .query(
                    "SELECT count(*) FROM sessions WHERE last_seen_at >= ?1 AND created_at >= ?2",
                    (idle_cutoff, absolute_cutoff),
                )
                .await?;
            Ok::<_, crate::server::db::DbError>(match rows.next().await? {
                Some(row) => row.get::<i64>(0)?,
                None => 0,
            })
        }
        .await
        .map_err(|e| e.to_string()),
    };
    match sessions {
        Ok(n) => metrics::gauge!(OPEN_SESSIONS).set(n as f64),
        Err(e) => tracing::warn!(error = %e, "metrics: could not count open sessions"),
    }
}

fn record_rows(backend: &'static str, rows: Result<Vec<(String, i64)>, String>) {
    match rows {
        Ok(rows) => {
            for (table, n) in rows {
                metrics::gauge!(TABLE_ROWS, "backend" => backend, "table" => table).set(n as f64);
            }
        }
        Err(e) => tracing::warn!(backend, error = %e, "metrics: could not count rows"),
    }
}

/// Rows of every table of a libSQL database (not SQLite's, libSQL's or the vector index's
/// own), as `climbingpill doctor` counts them.
async fn libsql_table_rows(db: &crate::server::db::Db) -> Result<Vec<(String, i64)>, String> {
    use crate::server::db::DbError;
    let conn = db.conn().await.map_err(|e| e.to_string())?;
    let mut tables = Vec::new();
    let mut rows = conn
        .query(
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_shadow' AND name NOT LIKE 'libsql_%'",
            (),
        )
        .await
        .map_err(|e| e.to_string())?;
    while let Some(row) = rows.next().await.map_err(|e| e.to_string())? {
        tables.push(row.get::<String>(0).map_err(|e| e.to_string())?);
    }
    let mut counts = Vec::with_capacity(tables.len());
    for table in tables {
        // The name comes from the database's own catalogue; quoted as an identifier.
        let sql = format!("SELECT count(*) FROM \"{}\"", table.replace('"', "\"\""));
        let n = async {
            let mut rows = conn.query(&sql, ()).await?;
            Ok::<_, DbError>(match rows.next().await? {
                Some(row) => row.get::<i64>(0)?,
                None => 0,
            })
        }
        .await
        .map_err(|e| format!("{table}: {e}"))?;
        counts.push((table, n));
    }
    Ok(counts)
}

/// Rows of every table in PostgreSQL's `public` schema: exact when the server's role is not
/// filtered by RLS, else the planner's estimate (as `climbingpill doctor` does).
async fn pg_table_rows(pg: &crate::server::pg::Pg) -> Result<Vec<(String, i64)>, String> {
    let pool = pg.pool();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    )
    .fetch_all(pool)
    .await
    .map_err(|e| e.to_string())?;
    let bypass: bool = sqlx::query_scalar(
        "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user",
    )
    .fetch_one(pool)
    .await
    .unwrap_or(false);
    let mut counts = Vec::with_capacity(tables.len());
    for table in tables {
        let n: Result<i64, sqlx::Error> = if bypass {
            sqlx::query_scalar(&format!(
                "SELECT count(*) FROM public.\"{}\"",
                table.replace('"', "\"\"")
            ))
            .fetch_one(pool)
            .await
        } else {
            sqlx::query_scalar(
                "SELECT GREATEST(c.reltuples, 0)::bigint FROM pg_class c \
                 JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE n.nspname = 'public' AND c.relname = $1",
            )
            .bind(&table)
            .fetch_one(pool)
            .await
        };
        counts.push((table.clone(), n.map_err(|e| format!("{table}: {e}"))?));
    }
    Ok(counts)
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
