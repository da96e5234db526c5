//! Bringing a Mastra memory database over (`climbingpill memory import-mastra`) and writing
//! ours back in Mastra's format (`climbingpill memory export-mastra`).
//!
//! Mastra 1.x (`@mastra/libsql`) keeps memory in `mastra_threads`, `mastra_messages` and
//! `mastra_resources`; message contents are converted by `domain::memory::mastra`. The import
//! reads the whole Mastra file (opened read-only) and plans every row before it writes
//! anything, then writes the plan in one transaction: all of it or, on any error, none. Which
//! Mastra row became which of ours is recorded (migration 0013), so running the same file
//! again imports only what was not imported before (a resource mapped since, say).
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::Path;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use libsql::Value;

use super::fts::index_message;
use super::vectors::VectorRecall;
use super::{MemoryError, Message};
use crate::domain::memory::mastra::{
    content_to_mastra, format_timestamp, merge_mastra_working_memory, message_from_mastra,
    parse_timestamp, Converted,
};
use crate::domain::memory::{
    clean_title, searchable_text, validate_parts, working_memory_template, Part, Role,
    WORKING_MEMORY_MAX_BYTES,
};
use crate::domain::quota::QuotaLimits;
use crate::server::db::{Db, DbError};

#[derive(Debug, thiserror::Error)]
pub enum MastraError {
    #[error("no file at {0}")]
    Missing(String),
    #[error("{path} is not a Mastra memory database: {reason}")]
    NotMastra { path: String, reason: String },
    #[error("{path} could not be read: {source}")]
    Read { path: String, source: libsql::Error },
    #[error("the map {path}: {reason}")]
    Map { path: String, reason: String },
    #[error("could not look up accounts: {0}")]
    Accounts(String),
    #[error("{0} already exists: export-mastra writes a new file, choose another name")]
    Exists(String),
    #[error("could not write {path}: {reason}")]
    Write { path: String, reason: String },
    #[error(transparent)]
    Memory(#[from] MemoryError),
}

impl From<DbError> for MastraError {
    fn from(e: DbError) -> Self {
        MastraError::Memory(e.into())
    }
}

impl From<libsql::Error> for MastraError {
    fn from(e: libsql::Error) -> Self {
        MastraError::Memory(e.into())
    }
}

/// A ClimbingPill account a Mastra resource can belong to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub email: String,
}

/// Where accounts live (the libSQL file, or PostgreSQL): the CLI gives one.
#[async_trait]
pub trait AccountDirectory: Send + Sync {
    async fn by_email(&self, email: &str) -> Result<Option<Account>, String>;
    async fn by_id(&self, id: &str) -> Result<Option<Account>, String>;
}

/// Accounts in a libSQL database's `accounts` table.
pub struct LibsqlAccounts(pub Db);

#[async_trait]
impl AccountDirectory for LibsqlAccounts {
    async fn by_email(&self, email: &str) -> Result<Option<Account>, String> {
        self.find("SELECT id, email FROM accounts WHERE email = ?1", email)
            .await
    }
    async fn by_id(&self, id: &str) -> Result<Option<Account>, String> {
        self.find("SELECT id, email FROM accounts WHERE id = ?1", id)
            .await
    }
}

impl LibsqlAccounts {
    async fn find(&self, sql: &'static str, key: &str) -> Result<Option<Account>, String> {
        let conn = self.0.conn().await.map_err(|e| e.to_string())?;
        let rows = conn
            .query_cached(sql, [key], |r| {
                Ok::<_, DbError>(Account {
                    id: r.get(0)?,
                    email: r.get(1)?,
                })
            })
            .await
            .map_err(|e| e.to_string())?;
        Ok(rows.into_iter().next())
    }
}

/// Reads a `resource_id,email` map (a header line `resource_id,email` is allowed).
pub fn read_map(path: &Path) -> Result<HashMap<String, String>, MastraError> {
    let bad = |reason: String| MastraError::Map {
        path: path.display().to_string(),
        reason,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|e| bad(e.to_string()))?;
    let mut map = HashMap::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| bad(e.to_string()))?;
        let line = i + 1;
        if record.iter().all(str::is_empty) {
            continue;
        }
        if line == 1 && record.get(0) == Some("resource_id") {
            continue;
        }
        if record.len() != 2 {
            return Err(bad(format!(
                "line {line} has {} fields; each line is resource_id,email",
                record.len()
            )));
        }
        let (resource, email) = (record[0].to_string(), record[1].to_lowercase());
        if resource.is_empty() || !email.contains('@') {
            return Err(bad(format!(
                "line {line} needs a resource id and an email (got {resource:?}, {email:?})"
            )));
        }
        if let Some(before) = map.insert(resource.clone(), email.clone()) {
            if before != email {
                return Err(bad(format!(
                    "line {line}: resource {resource} is mapped twice ({before} and {email})"
                )));
            }
        }
    }
    Ok(map)
}

pub struct ImportOptions<'a> {
    /// `resource_id` -> account email, from `--map`.
    pub map: HashMap<String, String>,
    pub dry_run: bool,
    pub quotas: QuotaLimits,
    /// Semantic recall: the imported messages are embedded after the commit.
    pub vectors: Option<&'a VectorRecall>,
}

/// What one climber received.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ClimberCounts {
    pub email: String,
    pub resources: Vec<String>,
    pub threads: usize,
    pub messages: usize,
    /// Resource-scoped working memory merged into the climber's profile.
    pub working_memory: bool,
    /// Threads that brought a thread-scoped working memory with them.
    pub thread_working_memories: usize,
}

/// A Mastra resource left out as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedResource {
    pub resource_id: String,
    pub threads: usize,
    pub messages: usize,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct ImportReport {
    pub dry_run: bool,
    pub climbers: BTreeMap<String, ClimberCounts>,
    pub skipped_resources: Vec<SkippedResource>,
    /// Rows left out one by one: reason -> (count, a few Mastra ids).
    pub skipped_rows: BTreeMap<String, (usize, Vec<String>)>,
    pub already_threads: usize,
    pub already_messages: usize,
    pub already_working_memories: usize,
    /// Messages embedded for semantic recall (when it is on), and why some were not.
    pub embedded: Option<Result<usize, String>>,
    pub took: Duration,
}

impl ImportReport {
    pub fn threads(&self) -> usize {
        self.climbers.values().map(|c| c.threads).sum()
    }
    pub fn messages(&self) -> usize {
        self.climbers.values().map(|c| c.messages).sum()
    }
    fn skip_row(&mut self, reason: impl Into<String>, id: &str) {
        let slot = self.skipped_rows.entry(reason.into()).or_default();
        slot.0 += 1;
        if slot.1.len() < 5 {
            slot.1.push(id.to_string());
        }
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verb = if self.dry_run {
            "would import (dry run: nothing written)"
        } else {
            "imported"
        };
        writeln!(
            f,
            "Mastra import: {verb} {} threads and {} messages for {} climbers in {:.1} s",
            self.threads(),
            self.messages(),
            self.climbers.len(),
            self.took.as_secs_f64()
        )?;
        for c in self.climbers.values() {
            writeln!(
                f,
                "  {:<32} {:>6} threads {:>8} messages  working memory: {}{}  (resource {})",
                c.email,
                c.threads,
                c.messages,
                if c.working_memory { "merged" } else { "-" },
                if c.thread_working_memories > 0 {
                    format!(", {} thread notes", c.thread_working_memories)
                } else {
                    String::new()
                },
                c.resources.join(", ")
            )?;
        }
        if self.already_threads + self.already_messages + self.already_working_memories > 0 {
            writeln!(
                f,
                "already imported by an earlier run (left as they are): {} threads, {} messages, {} working memories",
                self.already_threads, self.already_messages, self.already_working_memories
            )?;
        }
        if !self.skipped_resources.is_empty() {
            writeln!(
                f,
                "skipped resources ({}), nothing of theirs imported:",
                self.skipped_resources.len()
            )?;
            for s in &self.skipped_resources {
                writeln!(
                    f,
                    "  {} ({} threads, {} messages): {}",
                    s.resource_id, s.threads, s.messages, s.reason
                )?;
            }
        }
        if !self.skipped_rows.is_empty() {
            writeln!(f, "skipped rows:")?;
            for (reason, (n, ids)) in &self.skipped_rows {
                writeln!(f, "  {n} × {reason} (e.g. {})", ids.join(", "))?;
            }
        }
        match &self.embedded {
            Some(Ok(n)) => writeln!(f, "semantic recall: {n} messages embedded")?,
            Some(Err(e)) => writeln!(
                f,
                "semantic recall: embedding failed ({e}); full-text recall covers the imported messages, they are embedded again on the next import run"
            )?,
            None => {}
        }
        Ok(())
    }
}

/// The three tables as Mastra (`@mastra/libsql` 1.x) creates them.
const MASTRA_SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS mastra_threads (
  "id" TEXT NOT NULL PRIMARY KEY,
  "resourceId" TEXT NOT NULL,
  "title" TEXT NOT NULL,
  "metadata" TEXT,
  "createdAt" TEXT NOT NULL,
  "updatedAt" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS mastra_messages (
  "id" TEXT NOT NULL PRIMARY KEY,
  "thread_id" TEXT NOT NULL,
  "content" TEXT NOT NULL,
  "role" TEXT NOT NULL,
  "type" TEXT NOT NULL,
  "createdAt" TEXT NOT NULL,
  "resourceId" TEXT
);
CREATE TABLE IF NOT EXISTS mastra_resources (
  "id" TEXT NOT NULL PRIMARY KEY,
  "workingMemory" TEXT,
  "metadata" TEXT,
  "createdAt" TEXT NOT NULL,
  "updatedAt" TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_messages_thread_created_at ON mastra_messages (thread_id, "createdAt");
CREATE INDEX IF NOT EXISTS idx_messages_thread_resource_created_at ON mastra_messages (thread_id, "resourceId", "createdAt");
"#;

/// Columns the import reads, per table.
const REQUIRED: [(&str, &[&str]); 2] = [
    (
        "mastra_threads",
        &[
            "id",
            "resourceId",
            "title",
            "metadata",
            "createdAt",
            "updatedAt",
        ],
    ),
    (
        "mastra_messages",
        &["id", "thread_id", "content", "role", "createdAt"],
    ),
];

/// The most a thread's metadata (without its working memory) may hold, as JSON text.
pub const THREAD_METADATA_MAX_BYTES: usize = 16 * 1024;

struct MastraThread {
    id: String,
    resource: String,
    title: String,
    /// Metadata without `workingMemory`, as JSON text.
    metadata: String,
    working_memory: Option<String>,
    created_at: i64,
    updated_at: i64,
}

struct PlannedMessage {
    mastra_id: String,
    thread: String,
    role: Role,
    parts: Vec<Part>,
    /// `parts` as stored (JSON).
    json: String,
    created_at: i64,
}

/// What the import transaction wrote: each message stored with its climber (for semantic
/// recall), and the resources whose working memory grew past the limit since it was planned.
type Written = (Vec<(String, Message)>, Vec<String>);

struct PlannedResource {
    resource: String,
    user: String,
    working_memory: String,
    updated_at: i64,
}

fn text_of(v: Value) -> Option<String> {
    match v {
        Value::Text(s) => Some(s),
        Value::Integer(i) => Some(i.to_string()),
        Value::Real(r) => Some(r.to_string()),
        Value::Blob(b) => String::from_utf8(b).ok(),
        Value::Null => None,
    }
}

/// Opens a Mastra file read-only and checks it holds Mastra's memory tables.
async fn open_mastra(path: &Path) -> Result<libsql::Connection, MastraError> {
    let shown = path.display().to_string();
    if !path.is_file() {
        return Err(MastraError::Missing(shown));
    }
    let not_mastra = |reason: String| MastraError::NotMastra {
        path: shown.clone(),
        reason,
    };
    let db = libsql::Builder::new_local(path)
        .flags(libsql::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .build()
        .await
        .map_err(|e| not_mastra(e.to_string()))?;
    let conn = db.connect().map_err(|e| not_mastra(e.to_string()))?;
    let mut tables = HashSet::new();
    let mut rows = conn
        .query("SELECT name FROM sqlite_master WHERE type = 'table'", ())
        .await
        .map_err(|e| not_mastra(format!("not a libSQL/SQLite database ({e})")))?;
    while let Some(r) = rows
        .next()
        .await
        .map_err(|e| not_mastra(format!("not a libSQL/SQLite database ({e})")))?
    {
        tables.insert(r.get::<String>(0)?);
    }
    for (table, columns) in REQUIRED {
        if !tables.contains(table) {
            return Err(not_mastra(format!("it has no {table} table")));
        }
        let mut have = HashSet::new();
        let mut rows = conn
            .query(&format!("PRAGMA table_info({table})"), ())
            .await?;
        while let Some(r) = rows.next().await? {
            have.insert(r.get::<String>(1)?);
        }
        if let Some(missing) = columns.iter().find(|c| !have.contains(**c)) {
            return Err(not_mastra(format!("{table} has no {missing} column")));
        }
    }
    // Whether the file is sound, before anything is planned from it.
    let mut rows = conn
        .query("PRAGMA quick_check", ())
        .await
        .map_err(|e| not_mastra(format!("the file is damaged ({e})")))?;
    if let Some(r) = rows.next().await? {
        let verdict: String = r.get(0)?;
        if verdict != "ok" {
            return Err(not_mastra(format!("the file is damaged ({verdict})")));
        }
    }
    Ok(conn)
}

/// JSON text of a metadata column: text as stored, or Mastra's JSONB blob decoded by SQLite.
async fn metadata_json(conn: &libsql::Connection, raw: Value) -> Option<serde_json::Value> {
    let text = match raw {
        Value::Text(s) => s,
        Value::Blob(b) => {
            let mut rows = conn.query("SELECT json(?1)", [Value::Blob(b)]).await.ok()?;
            rows.next().await.ok()??.get::<String>(0).ok()?
        }
        _ => return None,
    };
    serde_json::from_str(&text).ok()
}

/// Imports a Mastra memory database into `db` (see the module comment).
pub async fn import(
    path: &Path,
    db: &Db,
    accounts: &dyn AccountDirectory,
    options: &ImportOptions<'_>,
) -> Result<ImportReport, MastraError> {
    let started = Instant::now();
    let read_err = |source: libsql::Error| MastraError::Read {
        path: path.display().to_string(),
        source,
    };
    let mastra = open_mastra(path).await?;
    let mut report = ImportReport {
        dry_run: options.dry_run,
        ..Default::default()
    };

    // Threads, oldest first; those left out, so their messages say why.
    let mut threads: Vec<MastraThread> = Vec::new();
    let mut refused_threads: HashSet<String> = HashSet::new();
    let mut rows = mastra
        .query(
            r#"SELECT id, "resourceId", title, metadata, "createdAt", "updatedAt" FROM mastra_threads ORDER BY "createdAt", id"#,
            (),
        )
        .await
        .map_err(read_err)?;
    while let Some(r) = rows.next().await.map_err(read_err)? {
        let id = text_of(r.get_value(0).map_err(read_err)?).unwrap_or_default();
        let resource = text_of(r.get_value(1).map_err(read_err)?).unwrap_or_default();
        let mut metadata = metadata_json(&mastra, r.get_value(3).map_err(read_err)?)
            .await
            .unwrap_or(serde_json::json!({}));
        let working_memory = metadata
            .as_object_mut()
            .and_then(|m| m.remove("workingMemory"))
            .and_then(|w| match w {
                serde_json::Value::String(s) => Some(s),
                serde_json::Value::Null => None,
                other => Some(other.to_string()),
            })
            .filter(|w| !w.trim().is_empty());
        let created = text_of(r.get_value(4).map_err(read_err)?).and_then(|s| parse_timestamp(&s));
        let updated = text_of(r.get_value(5).map_err(read_err)?).and_then(|s| parse_timestamp(&s));
        let (Some(created_at), false, false) = (created, id.is_empty(), resource.is_empty()) else {
            report.skip_row(
                "thread without an id, resourceId or readable createdAt",
                &id,
            );
            refused_threads.insert(id);
            continue;
        };
        if working_memory
            .as_ref()
            .is_some_and(|w| w.len() > WORKING_MEMORY_MAX_BYTES)
        {
            report.skip_row(
                format!(
                    "thread whose working memory is over {WORKING_MEMORY_MAX_BYTES} bytes (the limit for a working memory)"
                ),
                &id,
            );
            refused_threads.insert(id);
            continue;
        }
        let metadata = metadata.to_string();
        if metadata.len() > THREAD_METADATA_MAX_BYTES {
            report.skip_row(
                format!("thread whose metadata is over {THREAD_METADATA_MAX_BYTES} bytes"),
                &id,
            );
            refused_threads.insert(id);
            continue;
        }
        threads.push(MastraThread {
            title: clean_title(&text_of(r.get_value(2).map_err(read_err)?).unwrap_or_default()),
            metadata,
            working_memory,
            updated_at: updated.unwrap_or(created_at).max(created_at),
            created_at,
            id,
            resource,
        });
    }
    drop(rows);

    // Resources' working memory (the table is absent in files from before working memory).
    let mut resource_wm: BTreeMap<String, (Option<String>, i64)> = BTreeMap::new();
    let has_resources = mastra
        .query(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'mastra_resources'",
            (),
        )
        .await
        .map_err(read_err)?
        .next()
        .await
        .map_err(read_err)?
        .is_some();
    if has_resources {
        let mut rows = mastra
            .query(
                r#"SELECT id, "workingMemory", "updatedAt" FROM mastra_resources ORDER BY id"#,
                (),
            )
            .await
            .map_err(read_err)?;
        while let Some(r) = rows.next().await.map_err(read_err)? {
            let Some(id) = text_of(r.get_value(0).map_err(read_err)?) else {
                continue;
            };
            let wm = text_of(r.get_value(1).map_err(read_err)?).filter(|w| !w.trim().is_empty());
            let at = text_of(r.get_value(2).map_err(read_err)?)
                .and_then(|s| parse_timestamp(&s))
                .unwrap_or(0);
            resource_wm.insert(id, (wm, at));
        }
    }

    // Every resource: threads, working memory, and the account it goes to.
    let mut resources: BTreeMap<String, Option<Result<Account, String>>> = BTreeMap::new();
    for t in &threads {
        resources.entry(t.resource.clone()).or_default();
    }
    for r in resource_wm.keys() {
        resources.entry(r.clone()).or_default();
    }
    for (resource, slot) in resources.iter_mut() {
        *slot = Some(resolve(resource, &options.map, accounts).await?);
    }
    let mut owner: HashMap<&str, &Account> = resources
        .iter()
        .filter_map(|(r, a)| match a {
            Some(Ok(acc)) => Some((r.as_str(), acc)),
            _ => None,
        })
        .collect();

    // What earlier runs imported.
    let conn = db.conn().await?;
    let done_threads: HashSet<String> = conn
        .query_cached("SELECT mastra_id FROM mastra_thread_ids", (), |r| {
            r.get::<String>(0).map_err(DbError::from)
        })
        .await?
        .into_iter()
        .collect();
    // Those still there, with their thread and climber: later Mastra messages go into them.
    let live_threads: HashMap<String, (String, String)> = conn
        .query_cached(
            "SELECT m.mastra_id, m.thread_id, m.user_id FROM mastra_thread_ids m JOIN threads t ON t.id = m.thread_id",
            (),
            |r| Ok::<_, DbError>((r.get::<String>(0)?, (r.get::<String>(1)?, r.get::<String>(2)?))),
        )
        .await?
        .into_iter()
        .collect();
    let done_messages: HashSet<String> = conn
        .query_cached("SELECT mastra_id FROM mastra_message_ids", (), |r| {
            r.get::<String>(0).map_err(DbError::from)
        })
        .await?
        .into_iter()
        .collect();
    let done_resources: HashSet<String> = conn
        .query_cached("SELECT resource_id FROM mastra_resource_ids", (), |r| {
            r.get::<String>(0).map_err(DbError::from)
        })
        .await?
        .into_iter()
        .collect();

    // Resources' working memories merged now, in the order the write merges them, so that one
    // that would be over the limit once merged is left out on its own (by a dry run too).
    let now = crate::server::clock::Clock::now_ms(&crate::server::clock::SystemClock);
    let mut too_big: BTreeMap<String, String> = BTreeMap::new();
    let mut merged_so_far: HashMap<String, (String, i64)> = HashMap::new();
    for (resource, (wm, at)) in &resource_wm {
        let (Some(acc), Some(wm)) = (owner.get(resource.as_str()), wm) else {
            continue;
        };
        if done_resources.contains(resource) {
            continue;
        }
        let (doc, doc_at) = match merged_so_far.get(&acc.id) {
            Some(d) => d.clone(),
            None => conn
                .query_cached(
                    "SELECT content, updated_at FROM working_memory WHERE user_id = ?1",
                    [acc.id.as_str()],
                    |row| Ok::<_, DbError>((row.get::<String>(0)?, row.get::<i64>(1)?)),
                )
                .await?
                .pop()
                .unwrap_or_else(|| (working_memory_template(), i64::MIN)),
        };
        let merged = merge_mastra_working_memory(&doc, wm, doc_at > *at);
        if merged.len() > WORKING_MEMORY_MAX_BYTES {
            too_big.insert(
                resource.clone(),
                format!(
                    "its working memory merged into {}'s would be {} bytes, over the limit of {WORKING_MEMORY_MAX_BYTES}; shorten it in Mastra and run again",
                    acc.email,
                    merged.len()
                ),
            );
        } else {
            merged_so_far.insert(acc.id.clone(), (merged, now));
        }
    }
    for resource in too_big.keys() {
        owner.remove(resource.as_str());
    }

    // Messages in Mastra's order (createdAt, then insertion), grouped under their thread.
    let thread_resource: HashMap<&str, &str> = threads
        .iter()
        .map(|t| (t.id.as_str(), t.resource.as_str()))
        .collect();
    let mut per_resource_messages: HashMap<String, usize> = HashMap::new();
    let mut messages: Vec<PlannedMessage> = Vec::new();
    let mut last_time: HashMap<String, i64> = HashMap::new();
    let mut rows = mastra
        .query(
            r#"SELECT id, thread_id, content, role, "createdAt" FROM mastra_messages ORDER BY "createdAt", rowid"#,
            (),
        )
        .await
        .map_err(read_err)?;
    while let Some(r) = rows.next().await.map_err(read_err)? {
        let id = text_of(r.get_value(0).map_err(read_err)?).unwrap_or_default();
        let thread = text_of(r.get_value(1).map_err(read_err)?).unwrap_or_default();
        let Some(resource) = thread_resource.get(thread.as_str()) else {
            if refused_threads.contains(&thread) {
                report.skip_row("message of a thread skipped above", &id);
            } else {
                report.skip_row("message of a thread that is not in mastra_threads", &id);
            }
            continue;
        };
        *per_resource_messages
            .entry(resource.to_string())
            .or_default() += 1;
        if !owner.contains_key(resource) {
            continue;
        }
        if done_messages.contains(&id) {
            report.already_messages += 1;
            continue;
        }
        let content = text_of(r.get_value(2).map_err(read_err)?).unwrap_or_default();
        let role = text_of(r.get_value(3).map_err(read_err)?).unwrap_or_default();
        let (role, parts) = match message_from_mastra(&role, &content) {
            Converted::Message { role, parts } => (role, parts),
            Converted::Skipped(reason) => {
                report.skip_row(reason, &id);
                continue;
            }
        };
        if let Err(e) = validate_parts(&parts) {
            report.skip_row(format!("message refused: {e}"), &id);
            continue;
        }
        if id.is_empty() {
            report.skip_row("message without an id", &id);
            continue;
        }
        // An unreadable time takes the thread's previous message's (order is kept anyway).
        let created_at = text_of(r.get_value(4).map_err(read_err)?)
            .and_then(|s| parse_timestamp(&s))
            .or_else(|| last_time.get(&thread).copied())
            .unwrap_or(0);
        last_time.insert(thread.clone(), created_at);
        let json =
            serde_json::to_string(&parts).map_err(|e| MemoryError::Corrupt(e.to_string()))?;
        messages.push(PlannedMessage {
            mastra_id: id,
            thread,
            role,
            parts,
            json,
            created_at,
        });
    }
    drop(rows);

    // Unmapped resources: listed, skipped whole.
    let mut per_resource_threads: HashMap<&str, usize> = HashMap::new();
    for t in &threads {
        *per_resource_threads.entry(t.resource.as_str()).or_default() += 1;
    }
    for (resource, account) in &resources {
        if let Some(Err(reason)) = account {
            report.skipped_resources.push(SkippedResource {
                resource_id: resource.clone(),
                threads: per_resource_threads
                    .get(resource.as_str())
                    .copied()
                    .unwrap_or(0),
                messages: per_resource_messages.get(resource).copied().unwrap_or(0),
                reason: reason.clone(),
            });
        }
    }
    for (resource, reason) in &too_big {
        report.skipped_resources.push(SkippedResource {
            resource_id: resource.clone(),
            threads: per_resource_threads
                .get(resource.as_str())
                .copied()
                .unwrap_or(0),
            messages: per_resource_messages.get(resource).copied().unwrap_or(0),
            reason: reason.clone(),
        });
    }

    // Threads to create, and resources' working memories to merge.
    let mut new_threads: Vec<&MastraThread> = Vec::new();
    for t in &threads {
        let Some(acc) = owner.get(t.resource.as_str()) else {
            continue;
        };
        if done_threads.contains(&t.id) {
            report.already_threads += 1;
            continue;
        }
        let c = report.climbers.entry(acc.id.clone()).or_default();
        c.threads += 1;
        c.thread_working_memories += usize::from(t.working_memory.is_some());
        new_threads.push(t);
    }
    // A message goes into its thread: new now, or imported by an earlier run (and still there).
    let new_thread_ids: HashSet<&str> = new_threads.iter().map(|t| t.id.as_str()).collect();
    let mut kept = Vec::with_capacity(messages.len());
    for m in messages {
        let user = if new_thread_ids.contains(m.thread.as_str()) {
            owner[thread_resource[m.thread.as_str()]].id.clone()
        } else if let Some((_, user)) = live_threads.get(&m.thread) {
            user.clone()
        } else {
            report.skip_row(
                "message of a conversation deleted since an earlier import",
                &m.mastra_id,
            );
            continue;
        };
        report.climbers.entry(user).or_default().messages += 1;
        kept.push(m);
    }
    let messages = kept;
    let message_user = |m: &PlannedMessage| -> &str {
        match live_threads.get(&m.thread) {
            Some((_, user)) if !new_thread_ids.contains(m.thread.as_str()) => user.as_str(),
            _ => owner[thread_resource[m.thread.as_str()]].id.as_str(),
        }
    };
    let mut planned_resources: Vec<PlannedResource> = Vec::new();
    for (resource, (wm, at)) in &resource_wm {
        let (Some(acc), Some(wm)) = (owner.get(resource.as_str()), wm) else {
            continue;
        };
        if done_resources.contains(resource) {
            report.already_working_memories += 1;
            continue;
        }
        report
            .climbers
            .entry(acc.id.clone())
            .or_default()
            .working_memory = true;
        planned_resources.push(PlannedResource {
            resource: resource.clone(),
            user: acc.id.clone(),
            working_memory: wm.clone(),
            updated_at: *at,
        });
    }
    for (resource, account) in &resources {
        if let (Some(Ok(acc)), true) = (account, owner.contains_key(resource.as_str())) {
            let c = report.climbers.entry(acc.id.clone()).or_default();
            c.email = acc.email.clone();
            c.resources.push(resource.clone());
        }
    }
    report
        .climbers
        .retain(|_, c| c.threads + c.messages > 0 || c.working_memory);

    // Per-climber quotas: a climber the import would take past one is left out whole.
    let mut bytes_per_user: HashMap<&str, u64> = HashMap::new();
    for m in &messages {
        *bytes_per_user.entry(message_user(m)).or_default() += m.json.len() as u64;
    }
    let mut over: HashSet<String> = HashSet::new();
    for (user, c) in &report.climbers {
        let usage = conn
            .query_cached(
                "SELECT threads, messages, bytes FROM memory_usage WHERE user_id = ?1",
                [user.as_str()],
                |r| {
                    Ok::<_, DbError>((
                        r.get::<i64>(0)?.max(0) as u64,
                        r.get::<i64>(1)?.max(0) as u64,
                        r.get::<i64>(2)?.max(0) as u64,
                    ))
                },
            )
            .await?
            .pop()
            .unwrap_or_default();
        let bytes = bytes_per_user.get(user.as_str()).copied().unwrap_or(0);
        let q = options.quotas;
        let reason = if usage.0 + c.threads as u64 > q.threads {
            Some(format!(
                "{} conversations, over the quota of {} (CLIMBER_MAX_THREADS)",
                usage.0 + c.threads as u64,
                q.threads
            ))
        } else if usage.1 + c.messages as u64 > q.messages {
            Some(format!(
                "{} messages, over the quota of {} (CLIMBER_MAX_MESSAGES)",
                usage.1 + c.messages as u64,
                q.messages
            ))
        } else if usage.2 + bytes > q.stored_bytes {
            Some(format!(
                "{} bytes of messages, over the quota of {} (CLIMBER_MAX_STORED_MB)",
                usage.2 + bytes,
                q.stored_bytes
            ))
        } else {
            None
        };
        if let Some(reason) = reason {
            over.insert(user.clone());
            for r in &c.resources {
                report.skipped_resources.push(SkippedResource {
                    resource_id: r.clone(),
                    threads: c.threads,
                    messages: c.messages,
                    reason: format!(
                        "{} would keep {reason}; raise the quota and run again",
                        c.email
                    ),
                });
            }
        }
    }
    report.climbers.retain(|u, _| !over.contains(u));
    drop(conn);

    if options.dry_run {
        report.took = started.elapsed();
        return Ok(report);
    }

    // One transaction: everything, or nothing.
    let embed = options.vectors.is_some();
    let written = db
        .write(async |c| -> Result<Written, MastraError> {
            let mut local_thread: HashMap<&str, (String, &str)> = HashMap::new();
            for (mastra_id, (local, user)) in &live_threads {
                local_thread.insert(mastra_id.as_str(), (local.clone(), user.as_str()));
            }
            for t in &new_threads {
                let user = owner[t.resource.as_str()].id.as_str();
                if over.contains(user) {
                    continue;
                }
                let taken = c
                    .query_cached("SELECT 1 FROM threads WHERE id = ?1", [t.id.as_str()], |_| {
                        Ok::<_, DbError>(())
                    })
                    .await?;
                let local = if taken.is_empty() {
                    t.id.clone()
                } else {
                    uuid::Uuid::new_v4().to_string()
                };
                c.execute_cached(
                    "INSERT INTO threads (id, user_id, title, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    libsql::params![local.as_str(), user, t.title.as_str(), t.created_at, t.updated_at],
                )
                .await?;
                c.execute_cached(
                    "INSERT INTO mastra_thread_ids (mastra_id, thread_id, user_id, resource_id, metadata, imported_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    libsql::params![t.id.as_str(), local.as_str(), user, t.resource.as_str(), t.metadata.as_str(), now],
                )
                .await?;
                if let Some(wm) = &t.working_memory {
                    c.execute_cached(
                        "INSERT INTO thread_working_memory (thread_id, content, updated_at) VALUES (?1, ?2, ?3)",
                        libsql::params![local.as_str(), wm.as_str(), t.updated_at],
                    )
                    .await?;
                }
                local_thread.insert(t.id.as_str(), (local, user));
            }
            let mut stored = Vec::new();
            let mut grown = Vec::new();
            for m in &messages {
                let Some((thread, user)) = local_thread.get(m.thread.as_str()) else {
                    continue;
                };
                if over.contains(*user) || user.is_empty() {
                    continue;
                }
                let parts = &m.json;
                let content = searchable_text(&m.parts);
                let mut id = m.mastra_id.clone();
                let inserted = c
                    .execute_cached(
                        "INSERT OR IGNORE INTO messages (id, thread_id, user_id, role, parts, content, created_at) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        libsql::params![id.as_str(), thread.as_str(), *user, m.role.as_str(), parts.as_str(), content.as_str(), m.created_at],
                    )
                    .await?;
                if inserted == 0 {
                    // The id is taken by one of our own messages: the import gets a new one.
                    id = uuid::Uuid::new_v4().to_string();
                    c.execute_cached(
                        "INSERT INTO messages (id, thread_id, user_id, role, parts, content, created_at) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        libsql::params![id.as_str(), thread.as_str(), *user, m.role.as_str(), parts.as_str(), content.as_str(), m.created_at],
                    )
                    .await?;
                }
                let seq = c.last_insert_rowid();
                index_message(c, seq, user, &content).await?;
                c.execute_cached(
                    "INSERT INTO mastra_message_ids (mastra_id, message_id) VALUES (?1, ?2)",
                    [m.mastra_id.as_str(), id.as_str()],
                )
                .await?;
                if embed && m.role != Role::Tool {
                    stored.push((
                        user.to_string(),
                        Message {
                            id,
                            thread_id: thread.clone(),
                            seq,
                            role: m.role,
                            parts: m.parts.clone(),
                            created_at: m.created_at,
                        },
                    ));
                }
            }
            for r in &planned_resources {
                if over.contains(&r.user) {
                    continue;
                }
                let current = c
                    .query_cached(
                        "SELECT content, updated_at FROM working_memory WHERE user_id = ?1",
                        [r.user.as_str()],
                        |row| Ok::<_, DbError>((row.get::<String>(0)?, row.get::<i64>(1)?)),
                    )
                    .await?
                    .pop();
                let (doc, ours_newer) = match current {
                    Some((doc, at)) => (doc, at > r.updated_at),
                    None => (working_memory_template(), false),
                };
                let merged = merge_mastra_working_memory(&doc, &r.working_memory, ours_newer);
                if merged.len() > WORKING_MEMORY_MAX_BYTES {
                    // It grew since it was planned (the climber chatting meanwhile): this one
                    // working memory stays as it is, the rest goes in.
                    grown.push(r.resource.clone());
                    continue;
                }
                c.execute_cached(
                    "INSERT INTO working_memory (user_id, content, updated_at) VALUES (?1, ?2, ?3) \
                     ON CONFLICT(user_id) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at",
                    libsql::params![r.user.as_str(), merged.as_str(), now],
                )
                .await?;
                c.execute_cached(
                    "INSERT INTO mastra_resource_ids (resource_id, user_id, imported_at) VALUES (?1, ?2, ?3)",
                    libsql::params![r.resource.as_str(), r.user.as_str(), now],
                )
                .await?;
            }
            Ok((stored, grown))
        })
        .await?;
    let (written, grown) = written;
    for resource in grown {
        report.skip_row(
            format!("resource working memory over {WORKING_MEMORY_MAX_BYTES} bytes once merged (it grew during the import)"),
            &resource,
        );
    }

    if let Some(v) = options.vectors {
        report.embedded = Some(embed_all(v, written).await);
    }
    report.took = started.elapsed();
    Ok(report)
}

/// Embeds imported messages for semantic recall, a batch per request.
async fn embed_all(v: &VectorRecall, messages: Vec<(String, Message)>) -> Result<usize, String> {
    let mut by_user: BTreeMap<String, Vec<Message>> = BTreeMap::new();
    for (u, m) in messages {
        by_user.entry(u).or_default().push(m);
    }
    let mut done = 0;
    for (user, ms) in by_user {
        for batch in ms.chunks(64) {
            v.index(&user, batch).await.map_err(|e| e.to_string())?;
            done += batch.len();
        }
    }
    Ok(done)
}

/// The account a resource belongs to, or why none.
async fn resolve(
    resource: &str,
    map: &HashMap<String, String>,
    accounts: &dyn AccountDirectory,
) -> Result<Result<Account, String>, MastraError> {
    if let Some(email) = map.get(resource) {
        return Ok(accounts
            .by_email(email)
            .await
            .map_err(MastraError::Accounts)?
            .ok_or_else(|| format!("the map gives {email}, which has no ClimbingPill account")));
    }
    if resource.contains('@') {
        if let Some(a) = accounts
            .by_email(&resource.trim().to_lowercase())
            .await
            .map_err(MastraError::Accounts)?
        {
            return Ok(Ok(a));
        }
    } else if let Some(a) = accounts
        .by_id(resource)
        .await
        .map_err(MastraError::Accounts)?
    {
        return Ok(Ok(a));
    }
    Ok(Err(
        "not in the map, and no account has this id or email".into()
    ))
}

/// What an export wrote.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ExportReport {
    pub resources: usize,
    pub threads: usize,
    pub messages: usize,
    /// Our tool-result messages, written as assistant messages holding the invocation and
    /// its result (what Mastra makes of a tool message).
    pub tool_messages: usize,
    pub working_memories: usize,
}

impl fmt::Display for ExportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "exported in Mastra's format: {} resources, {} threads, {} messages, {} working memories",
            self.resources, self.threads, self.messages, self.working_memories
        )?;
        if self.tool_messages > 0 {
            write!(
                f,
                " ({} tool results written as assistant messages holding the tool's result, as Mastra reads them)",
                self.tool_messages
            )?;
        }
        Ok(())
    }
}

/// Writes every climber's memory to a new Mastra database at `path`: `mastra_threads`,
/// `mastra_messages` (v2 content) and `mastra_resources`, as `@mastra/libsql` writes them.
/// Imported rows get their Mastra ids and resourceIds back; others use ours.
pub async fn export(db: &Db, path: &Path) -> Result<ExportReport, MastraError> {
    let shown = path.display().to_string();
    // The file is made here, new and readable by its owner only (it holds every climber's
    // conversations), before libSQL opens it: anything already at `path`, a dangling symlink
    // included, is refused and left alone, with no window between the check and the write.
    let mut new_file = std::fs::OpenOptions::new();
    new_file.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut new_file, 0o600);
    match new_file.open(path) {
        Ok(file) => drop(file),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(MastraError::Exists(shown))
        }
        Err(e) => {
            return Err(MastraError::Write {
                path: shown,
                reason: e.to_string(),
            })
        }
    }
    let result = write_new_export(db, path, &shown).await;
    if result.is_err() {
        // Only the file this run created (it exists since the open above succeeded).
        let _ = std::fs::remove_file(path);
    }
    result
}

async fn write_new_export(db: &Db, path: &Path, shown: &str) -> Result<ExportReport, MastraError> {
    let write_err = |e: libsql::Error| MastraError::Write {
        path: shown.to_string(),
        reason: e.to_string(),
    };
    let out_db = libsql::Builder::new_local(path)
        .build()
        .await
        .map_err(write_err)?;
    let out = out_db.connect().map_err(write_err)?;
    write_export(db, &out).await
}

async fn write_export(db: &Db, out: &libsql::Connection) -> Result<ExportReport, MastraError> {
    let conn = db.conn().await?;
    out.execute_batch(MASTRA_SCHEMA).await?;
    out.execute("BEGIN", ()).await?;
    let mut report = ExportReport::default();

    // Each climber's Mastra resourceId: the one imported from (the first), else our id.
    let mut resource_of: HashMap<String, String> = HashMap::new();
    let mut rows = conn
        .query(
            "SELECT user_id, resource_id FROM mastra_resource_ids \
             UNION ALL SELECT user_id, resource_id FROM mastra_thread_ids ORDER BY 1, 2",
            (),
        )
        .await?;
    while let Some(r) = rows.next().await? {
        resource_of
            .entry(r.get::<String>(0)?)
            .or_insert(r.get::<String>(1)?);
    }
    drop(rows);
    let resource = |user: &str| resource_of.get(user).cloned().unwrap_or(user.to_string());

    // Working memories.
    let mut rows = conn
        .query(
            "SELECT user_id, content, updated_at FROM working_memory ORDER BY user_id",
            (),
        )
        .await?;
    let stmt = out
        .prepare(r#"INSERT INTO mastra_resources (id, "workingMemory", metadata, "createdAt", "updatedAt") VALUES (?1, ?2, jsonb('{}'), ?3, ?3)"#)
        .await?;
    let mut users = HashSet::new();
    while let Some(r) = rows.next().await? {
        let user: String = r.get(0)?;
        let at = format_timestamp(r.get::<i64>(2)?);
        users.insert(user.clone());
        stmt.execute(libsql::params![resource(&user), r.get::<String>(1)?, at])
            .await?;
        stmt.reset();
        report.working_memories += 1;
    }
    drop(rows);

    // Threads, with their Mastra ids, metadata and thread working memory when imported.
    let mut rows = conn
        .query(
            "SELECT t.id, t.user_id, t.title, t.created_at, t.updated_at, m.mastra_id, m.metadata, w.content \
             FROM threads t LEFT JOIN mastra_thread_ids m ON m.thread_id = t.id \
             LEFT JOIN thread_working_memory w ON w.thread_id = t.id \
             ORDER BY t.user_id, t.created_at, t.id",
            (),
        )
        .await?;
    let mut threads: Vec<(String, String, String)> = Vec::new();
    let stmt = out
        .prepare(r#"INSERT INTO mastra_threads (id, "resourceId", title, metadata, "createdAt", "updatedAt") VALUES (?1, ?2, ?3, jsonb(?4), ?5, ?6)"#)
        .await?;
    while let Some(r) = rows.next().await? {
        let local: String = r.get(0)?;
        let user: String = r.get(1)?;
        let mastra_id = r.get::<Option<String>>(5)?.unwrap_or(local.clone());
        let mut metadata: serde_json::Value = r
            .get::<Option<String>>(6)?
            .and_then(|m| serde_json::from_str(&m).ok())
            .unwrap_or(serde_json::json!({}));
        if let (Some(wm), Some(obj)) = (r.get::<Option<String>>(7)?, metadata.as_object_mut()) {
            obj.insert("workingMemory".into(), serde_json::Value::String(wm));
        }
        let res = resource(&user);
        stmt.execute(libsql::params![
            mastra_id.as_str(),
            res.as_str(),
            r.get::<String>(2)?,
            metadata.to_string(),
            format_timestamp(r.get::<i64>(3)?),
            format_timestamp(r.get::<i64>(4)?)
        ])
        .await?;
        stmt.reset();
        users.insert(user.clone());
        threads.push((local, mastra_id, res));
        report.threads += 1;
    }
    drop(rows);
    report.resources = users.len();

    // Messages, thread by thread, in order, with their Mastra ids when imported.
    let insert = out
        .prepare(r#"INSERT INTO mastra_messages (id, thread_id, content, role, type, "createdAt", "resourceId") VALUES (?1, ?2, ?3, ?4, 'v2', ?5, ?6)"#)
        .await?;
    let mut ids = conn
        .query("SELECT message_id, mastra_id FROM mastra_message_ids", ())
        .await?;
    let mut mastra_id_of: HashMap<String, String> = HashMap::new();
    while let Some(r) = ids.next().await? {
        mastra_id_of.insert(r.get(0)?, r.get(1)?);
    }
    drop(ids);
    for (local, mastra_thread, res) in &threads {
        let mut rows = conn
            .query(
                "SELECT id, role, parts, created_at FROM messages WHERE thread_id = ?1 ORDER BY seq",
                [local.as_str()],
            )
            .await?;
        let mut calls: HashMap<String, serde_json::Value> = HashMap::new();
        let mut last_at = i64::MIN;
        while let Some(r) = rows.next().await? {
            let id: String = r.get(0)?;
            let role_s: String = r.get(1)?;
            let role = Role::parse(&role_s)
                .ok_or_else(|| MemoryError::Corrupt(format!("role {role_s:?}")))?;
            let parts: Vec<Part> = serde_json::from_str(&r.get::<String>(2)?)
                .map_err(|e| MemoryError::Corrupt(e.to_string()))?;
            // Mastra orders a thread by createdAt alone: keep ours strictly increasing.
            let at = r.get::<i64>(3)?.max(last_at.saturating_add(1));
            last_at = at;
            let content = content_to_mastra(&parts, &calls);
            for p in &parts {
                if let Part::ToolCall { id, arguments, .. } = p {
                    calls.insert(id.clone(), arguments.clone());
                }
            }
            // A tool message is written as Mastra reads one: an assistant message holding
            // the invocation with its result.
            let role = if role == Role::Tool {
                report.tool_messages += 1;
                Role::Assistant
            } else {
                role
            };
            let mastra_id = mastra_id_of.get(&id).cloned().unwrap_or(id);
            insert
                .execute(libsql::params![
                    mastra_id,
                    mastra_thread.as_str(),
                    content,
                    role.as_str(),
                    format_timestamp(at),
                    res.as_str()
                ])
                .await?;
            insert.reset();
            report.messages += 1;
        }
    }
    out.execute("COMMIT", ()).await?;
    Ok(report)
}
