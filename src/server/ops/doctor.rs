//! `climbingpill doctor`: checks what the server needs, one line per check, and fails (exit
//! status 1) when any check fails. It only reads: it never creates the database, applies a
//! migration or changes a row.
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::server::config::{redact_url, Config};
use crate::server::db::{migrate, Db, DbError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Ok,
    /// Works, but worth a look (shown, does not fail the run).
    Warn,
    Fail,
}

impl Status {
    fn label(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Fail => "FAIL",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Check {
    pub name: String,
    pub status: Status,
    pub detail: String,
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub checks: Vec<Check>,
}

impl Report {
    fn add(&mut self, name: impl Into<String>, status: Status, detail: impl Into<String>) {
        self.checks.push(Check {
            name: name.into(),
            status,
            detail: detail.into(),
        });
    }

    /// True when some check failed: the command then exits non-zero.
    pub fn failed(&self) -> bool {
        self.checks.iter().any(|c| c.status == Status::Fail)
    }

    /// The check called `name`, if it ran.
    pub fn get(&self, name: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.name == name)
    }
}

impl std::fmt::Display for Report {
    /// A three-column table: check, status, detail.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let width = self
            .checks
            .iter()
            .map(|c| c.name.chars().count())
            .chain(["check".len()])
            .max()
            .unwrap_or(5);
        writeln!(f, "{:<width$}  {:<6}  detail", "check", "status")?;
        writeln!(f, "{:-<width$}  {:-<6}  {:-<6}", "", "", "")?;
        for c in &self.checks {
            writeln!(
                f,
                "{:<width$}  {:<6}  {}",
                c.name,
                c.status.label(),
                c.detail
            )?;
        }
        let failed = self
            .checks
            .iter()
            .filter(|c| c.status == Status::Fail)
            .count();
        let warned = self
            .checks
            .iter()
            .filter(|c| c.status == Status::Warn)
            .count();
        write!(
            f,
            "{} checks: {} failed, {} warnings",
            self.checks.len(),
            failed,
            warned
        )
    }
}

/// Free space below which the disk check fails, and below which it warns.
const DISK_FAIL: u64 = 200 * 1024 * 1024;
const DISK_WARN: u64 = 2 * 1024 * 1024 * 1024;

/// Runs every check that applies to `config`.
pub async fn run(config: &Config) -> Report {
    let mut r = Report::default();
    configuration(config, &mut r);
    libsql_file(config, &mut r).await;
    if let Some(remote) = &config.memory_remote {
        remote_memory(&remote.url, &remote.token, &mut r).await;
    }
    if let Some(settings) = &config.postgres {
        postgres(settings, &mut r).await;
    }
    if let Some(llm) = &config.llm {
        llm_endpoint(llm, &mut r).await;
    }
    if let Some(e) = &config.embeddings {
        embeddings(e, config, &mut r).await;
    }
    disk(&config.data_dir, &mut r);
    r
}

fn configuration(config: &Config, r: &mut Report) {
    let mut detail = format!("data folder {}", config.data_dir.display());
    detail.push_str(match config.postgres {
        Some(_) => "; application data in PostgreSQL",
        None => "; application data in the libSQL file",
    });
    match &config.memory_remote {
        Some(m) => {
            let _ = write!(detail, "; agent memory at {}", redact_url(&m.url));
        }
        None => detail.push_str("; agent memory in the libSQL file"),
    }
    match &config.llm {
        Some(l) => {
            let _ = write!(detail, "; coach model {}", l.model);
        }
        None => detail.push_str("; offline coach"),
    }
    if let Some(e) = &config.embeddings {
        let _ = write!(detail, "; embeddings {}", e.model);
    }
    if !config.data_dir.is_dir() {
        r.add(
            "configuration",
            Status::Fail,
            format!(
                "the data folder {} does not exist (CLIMBINGPILL_DATA_DIR)",
                config.data_dir.display()
            ),
        );
        return;
    }
    r.add("configuration", Status::Ok, detail);
}

fn size_of(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// Sizes in the units an operator reads.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

async fn libsql_file(config: &Config, r: &mut Report) {
    let path = config.db_path();
    if !path.exists() {
        r.add(
            "libSQL file",
            Status::Fail,
            format!(
                "no database at {}: start the server once or run `climbingpill migrate`",
                path.display()
            ),
        );
        return;
    }
    let started = Instant::now();
    let db = match Db::open(&path).await {
        Ok(db) => db,
        Err(e) => {
            r.add("libSQL file", Status::Fail, e.to_string());
            return;
        }
    };
    let wal = {
        let mut p = path.clone().into_os_string();
        p.push("-wal");
        size_of(Path::new(&p))
    };
    match quick_check(&db).await {
        Ok(problems) if problems.is_empty() => r.add(
            "libSQL file",
            Status::Ok,
            format!(
                "{} ({}, WAL {}), quick_check ok in {} ms",
                path.display(),
                human_bytes(size_of(&path)),
                human_bytes(wal),
                started.elapsed().as_millis()
            ),
        ),
        Ok(problems) => r.add(
            "libSQL file",
            Status::Fail,
            format!("{} is damaged: {}", path.display(), problems.join("; ")),
        ),
        Err(e) => r.add("libSQL file", Status::Fail, e.to_string()),
    }
    libsql_migrations("libSQL migrations", &db, r).await;
    libsql_rows("libSQL rows", &db, r).await;
}

async fn quick_check(db: &Db) -> Result<Vec<String>, DbError> {
    let conn = db.conn().await?;
    let mut rows = conn.query("PRAGMA quick_check", ()).await?;
    let mut problems = Vec::new();
    while let Some(row) = rows.next().await? {
        let line: String = row.get(0)?;
        if line != "ok" && problems.len() < 5 {
            problems.push(line);
        }
    }
    Ok(problems)
}

async fn strings(db: &Db, sql: &str) -> Result<Vec<String>, DbError> {
    let conn = db.conn().await?;
    let mut rows = conn.query(sql, ()).await?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().await? {
        out.push(row.get::<String>(0)?);
    }
    Ok(out)
}

/// Compares the recorded migrations with the ones this binary carries.
fn compare_migrations(name: &str, recorded: &[String], known: &[String], r: &mut Report) {
    let pending: Vec<&String> = known.iter().filter(|k| !recorded.contains(k)).collect();
    let unknown: Vec<&String> = recorded.iter().filter(|n| !known.contains(n)).collect();
    if !pending.is_empty() {
        r.add(
            name,
            Status::Fail,
            format!(
                "{} of {} applied; pending: {} (run `climbingpill migrate`, or start the server)",
                known.len() - pending.len(),
                known.len(),
                pending
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    } else if !unknown.is_empty() {
        r.add(
            name,
            Status::Warn,
            format!(
                "all {} applied, and {} this version does not know ({}): a newer ClimbingPill ran here",
                known.len(),
                unknown.len(),
                unknown
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    } else {
        r.add(
            name,
            Status::Ok,
            format!(
                "all {} applied (latest {})",
                known.len(),
                known.last().map_or("-", |s| s.as_str())
            ),
        );
    }
}

async fn libsql_migrations(name: &str, db: &Db, r: &mut Report) {
    let known: Vec<String> = migrate::embedded().into_iter().map(|m| m.name).collect();
    let has = strings(
        db,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
    )
    .await;
    let recorded = match has {
        Ok(t) if t.is_empty() => Ok(Vec::new()),
        Ok(_) => strings(db, "SELECT name FROM schema_migrations ORDER BY name").await,
        Err(e) => Err(e),
    };
    match recorded {
        Ok(recorded) => compare_migrations(name, &recorded, &known, r),
        Err(e) => r.add(name, Status::Fail, e.to_string()),
    }
}

/// Rows per table (`name n`, largest first), for tables of the application and of memory.
async fn libsql_rows(name: &str, db: &Db, r: &mut Report) {
    let tables = strings(
        db,
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_shadow' AND name NOT LIKE 'libsql_%' \
         ORDER BY name",
    )
    .await;
    let tables = match tables {
        Ok(t) => t,
        Err(e) => {
            r.add(name, Status::Fail, e.to_string());
            return;
        }
    };
    let mut counts = Vec::new();
    for table in tables {
        // The name comes from the database's own catalogue; quoted as an identifier.
        let sql = format!("SELECT count(*) FROM \"{}\"", table.replace('"', "\"\""));
        let n = async {
            let conn = db.conn().await?;
            let mut rows = conn.query(&sql, ()).await?;
            let n = match rows.next().await? {
                Some(row) => row.get::<i64>(0)?,
                None => 0,
            };
            Ok::<_, DbError>(n)
        }
        .await;
        match n {
            Ok(n) => counts.push(format!("{table} {n}")),
            Err(e) => {
                r.add(name, Status::Fail, format!("{table}: {e}"));
                return;
            }
        }
    }
    r.add(name, Status::Ok, counts.join(", "));
}

async fn remote_memory(url: &str, token: &str, r: &mut Report) {
    let started = Instant::now();
    match Db::open_remote(url, token).await {
        Ok(db) => {
            r.add(
                "remote memory",
                Status::Ok,
                format!(
                    "{} answers in {} ms",
                    redact_url(url),
                    started.elapsed().as_millis()
                ),
            );
            libsql_migrations("remote memory migrations", &db, r).await;
            libsql_rows("remote memory rows", &db, r).await;
        }
        Err(e) => r.add(
            "remote memory",
            Status::Fail,
            format!("{} (MEMORY_DB_URL)", redact_e(&e.to_string(), url)),
        ),
    }
}

/// An error message without the URL it may quote (it can hold a token).
fn redact_e(message: &str, url: &str) -> String {
    message.replace(url, &redact_url(url))
}

async fn postgres(settings: &crate::server::pg::PgSettings, r: &mut Report) {
    let started = Instant::now();
    let pg = match crate::server::pg::Pg::connect(settings).await {
        Ok(pg) => pg,
        Err(e) => {
            r.add("PostgreSQL", Status::Fail, e.to_string());
            return;
        }
    };
    let pool = pg.pool();
    match sqlx::query_scalar::<_, String>("SHOW server_version")
        .fetch_one(pool)
        .await
    {
        Ok(v) => r.add(
            "PostgreSQL",
            Status::Ok,
            format!("server {v} answers in {} ms", started.elapsed().as_millis()),
        ),
        Err(e) => {
            r.add("PostgreSQL", Status::Fail, e.to_string());
            return;
        }
    }

    let known: Vec<String> = crate::server::pg::migrate::embedded()
        .into_iter()
        .map(|m| m.name)
        .collect();
    let recorded: Result<Vec<String>, sqlx::Error> = async {
        let exists: bool =
            sqlx::query_scalar("SELECT to_regclass('climbingpill.schema_migrations') IS NOT NULL")
                .fetch_one(pool)
                .await?;
        if !exists {
            return Ok(Vec::new());
        }
        sqlx::query_scalar("SELECT name FROM climbingpill.schema_migrations ORDER BY name")
            .fetch_all(pool)
            .await
    }
    .await;
    match recorded {
        Ok(recorded) => compare_migrations("PostgreSQL migrations", &recorded, &known, r),
        Err(e) => r.add("PostgreSQL migrations", Status::Fail, e.to_string()),
    }

    // Every table of the application's schema must have RLS enabled *and* forced (so the
    // table's owner, which the server may connect as, is filtered too).
    let tables: Result<Vec<(String, bool, bool)>, sqlx::Error> = sqlx::query_as(
        "SELECT c.relname::text, c.relrowsecurity, c.relforcerowsecurity \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname",
    )
    .fetch_all(pool)
    .await;
    let tables = match tables {
        Ok(t) => t,
        Err(e) => {
            r.add("PostgreSQL RLS", Status::Fail, e.to_string());
            return;
        }
    };
    let open: Vec<String> = tables
        .iter()
        .filter(|(_, enabled, forced)| !(*enabled && *forced))
        .map(|(name, enabled, _)| {
            if *enabled {
                format!("{name} (not forced)")
            } else {
                format!("{name} (off)")
            }
        })
        .collect();
    if tables.is_empty() {
        r.add(
            "PostgreSQL RLS",
            Status::Fail,
            "no tables in schema public: run `climbingpill migrate`",
        );
        pg.close().await;
        return;
    }
    if open.is_empty() {
        r.add(
            "PostgreSQL RLS",
            Status::Ok,
            format!("enabled and forced on all {} tables", tables.len()),
        );
    } else {
        r.add(
            "PostgreSQL RLS",
            Status::Fail,
            format!("not protected: {}", open.join(", ")),
        );
    }

    // Exact counts need a role that RLS does not filter; otherwise the planner's estimates.
    let bypass: bool = sqlx::query_scalar(
        "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user",
    )
    .fetch_one(pool)
    .await
    .unwrap_or(false);
    let mut counts = Vec::new();
    for (table, _, _) in &tables {
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
            .bind(table)
            .fetch_one(pool)
            .await
        };
        match n {
            Ok(n) => counts.push(format!("{table} {}{n}", if bypass { "" } else { "~" })),
            Err(e) => {
                r.add("PostgreSQL rows", Status::Fail, format!("{table}: {e}"));
                pg.close().await;
                return;
            }
        }
    }
    let mut detail = counts.join(", ");
    if !bypass {
        detail.push_str(" (estimates: this role is filtered by RLS)");
    }
    r.add("PostgreSQL rows", Status::Ok, detail);
    pg.close().await;
}

async fn llm_endpoint(llm: &crate::server::config::LlmConfig, r: &mut Report) {
    use crate::server::agent::openai::{OpenAiProvider, OpenAiSettings};
    use crate::server::agent::provider::{ChatMessage, ChatRole, Provider, ProviderRequest};
    let name = "LLM endpoint";
    let provider = match OpenAiProvider::new(OpenAiSettings {
        base_url: llm.base_url.clone(),
        api_key: llm.api_key.clone(),
        model: llm.model.clone(),
        connect_timeout: Duration::from_secs(5),
        read_timeout: llm.timeout.min(Duration::from_secs(30)),
        retries: 0,
        backoff: Duration::from_millis(0),
    }) {
        Ok(p) => p,
        Err(e) => {
            r.add(name, Status::Fail, e.to_string());
            return;
        }
    };
    // The smallest request the coach's own client can make: one short message, one token.
    let request = ProviderRequest {
        messages: vec![ChatMessage::new(ChatRole::User, "Reply with the word ok.")],
        tools: Vec::new(),
        max_tokens: Some(1),
    };
    let (deltas, _ignored) = tokio::sync::mpsc::unbounded_channel();
    let started = Instant::now();
    match provider.step(&request, &deltas).await {
        Ok(out) => r.add(
            name,
            Status::Ok,
            format!(
                "{} at {} answered in {} ms ({} tokens in, {} out)",
                llm.model,
                redact_url(&llm.base_url),
                started.elapsed().as_millis(),
                out.tokens_in.map_or("?".into(), |n| n.to_string()),
                out.tokens_out.map_or("?".into(), |n| n.to_string()),
            ),
        ),
        Err(e) => r.add(
            name,
            Status::Fail,
            format!(
                "{} at {}: {}",
                llm.model,
                redact_url(&llm.base_url),
                redact_e(&e.to_string(), &llm.base_url)
            ),
        ),
    }
}

async fn embeddings(e: &crate::server::config::EmbeddingsConfig, config: &Config, r: &mut Report) {
    use crate::server::memory::embeddings::Embedder;
    let name = "embeddings";
    let embedder = match Embedder::new(&e.base_url, e.api_key.clone(), e.model.clone()) {
        Ok(x) => x,
        Err(err) => {
            r.add(name, Status::Fail, err.to_string());
            return;
        }
    };
    let started = Instant::now();
    match embedder.embed(&["ping".to_string()]).await {
        Ok(v) if v.first().is_some_and(|x| !x.is_empty()) => {
            let dim = v[0].len();
            // Vectors of another size stay in their own table and are not searched.
            let mut detail = format!(
                "{} answers in {} ms: {dim} dimensions",
                e.model,
                started.elapsed().as_millis()
            );
            if config.memory_remote.is_none() && config.db_path().exists() {
                if let Ok(db) = Db::open(&config.db_path()).await {
                    let tables = strings(
                        &db,
                        "SELECT name FROM sqlite_master WHERE type = 'table' \
                         AND name LIKE 'message_embeddings_%'",
                    )
                    .await
                    .unwrap_or_default();
                    let other: Vec<&str> = tables
                        .iter()
                        .filter_map(|t| t.strip_prefix("message_embeddings_"))
                        .filter(|d| *d != dim.to_string())
                        .collect();
                    if !other.is_empty() {
                        let _ = write!(
                            detail,
                            "; stored vectors of other sizes ({}) are not searched with this model",
                            other.join(", ")
                        );
                        r.add(name, Status::Warn, detail);
                        return;
                    }
                }
            }
            r.add(name, Status::Ok, detail);
        }
        Ok(_) => r.add(
            name,
            Status::Fail,
            format!("{} answered without a vector", e.model),
        ),
        Err(err) => r.add(
            name,
            Status::Fail,
            format!("{}: {}", e.model, redact_e(&err.to_string(), &e.base_url)),
        ),
    }
}

fn disk(data_dir: &Path, r: &mut Report) {
    let name = "disk";
    // The folder itself, or the nearest one that exists (it may not be created yet).
    let mut at = data_dir.to_path_buf();
    while !at.exists() {
        match at.parent() {
            Some(p) if !p.as_os_str().is_empty() => at = p.to_path_buf(),
            _ => {
                at = std::path::PathBuf::from(".");
                break;
            }
        }
    }
    match rustix::fs::statvfs(&at) {
        Ok(s) => {
            let free = s.f_bavail.saturating_mul(s.f_frsize);
            let total = s.f_blocks.saturating_mul(s.f_frsize);
            let detail = format!(
                "{} free of {} at {}",
                human_bytes(free),
                human_bytes(total),
                at.display()
            );
            let status = if free < DISK_FAIL {
                Status::Fail
            } else if free < DISK_WARN {
                Status::Warn
            } else {
                Status::Ok
            };
            r.add(name, status, detail);
        }
        Err(e) => r.add(name, Status::Fail, format!("{}: {e}", at.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lines_up_and_counts_failures() {
        let mut r = Report::default();
        r.add("configuration", Status::Ok, "fine");
        r.add("disk", Status::Fail, "full");
        r.add("LLM endpoint", Status::Warn, "slow");
        let text = r.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("check "), "{text}");
        assert!(
            lines[2].starts_with("configuration  ok      fine"),
            "{text}"
        );
        assert!(
            lines[3].starts_with("disk           FAIL    full"),
            "{text}"
        );
        assert!(text.ends_with("3 checks: 1 failed, 1 warnings"), "{text}");
        assert!(r.failed());
    }

    #[test]
    fn sizes_read_like_an_operator_expects() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(3 * 1024 * 1024 * 1024), "3.0 GiB");
    }
}
