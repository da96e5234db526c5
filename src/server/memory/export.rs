//! Memory export/import as versioned JSON Lines, for backups and moving between databases.
//!
//! Line 1 is a header (`format`, `version`); then, per climber in user-id order, their
//! working memory, and each thread (oldest first) followed by its messages in order. The
//! output is deterministic, so export -> import into an empty database -> export is
//! byte-identical. Import checks every line before writing anything, then writes all of
//! it in one transaction.
use std::collections::HashSet;
use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};

use super::MemoryError;
use crate::domain::memory::{validate_parts, Part, Role};
use crate::server::db::{Db, DbError};

pub const FORMAT: &str = "climbingpill-memory";
pub const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Line {
    Header {
        format: String,
        version: u32,
    },
    WorkingMemory {
        user_id: String,
        content: String,
        updated_at: i64,
    },
    Thread {
        user_id: String,
        id: String,
        title: String,
        created_at: i64,
        updated_at: i64,
    },
    Message {
        user_id: String,
        thread_id: String,
        id: String,
        role: Role,
        parts: Vec<Part>,
        created_at: i64,
    },
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub working_memories: usize,
    pub threads: usize,
    pub messages: usize,
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} threads, {} messages, {} working memories",
            self.threads, self.messages, self.working_memories
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("line {line}: {message}")]
    BadLine { line: usize, message: String },
    #[error("no account with the email {0}")]
    UnknownUser(String),
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Memory(#[from] MemoryError),
}

impl From<DbError> for ExportError {
    fn from(e: DbError) -> Self {
        ExportError::Memory(e.into())
    }
}

impl From<libsql::Error> for ExportError {
    fn from(e: libsql::Error) -> Self {
        ExportError::Memory(e.into())
    }
}

/// Looks up the user id of an account email (for `--user`).
pub async fn user_id_for_email(db: &Db, email: &str) -> Result<String, ExportError> {
    let conn = db.conn().await?;
    let mut rows = conn
        .query(
            "SELECT id FROM accounts WHERE email = ?1",
            [email.trim().to_lowercase()],
        )
        .await?;
    match rows.next().await? {
        Some(row) => Ok(row.get(0)?),
        None => Err(ExportError::UnknownUser(email.to_string())),
    }
}

fn write_line(out: &mut impl Write, line: &Line) -> Result<(), ExportError> {
    serde_json::to_writer(&mut *out, line).map_err(std::io::Error::from)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Writes every climber's memory (or one climber's) to `out`.
pub async fn export(
    db: &Db,
    user: Option<&str>,
    out: &mut impl Write,
) -> Result<Counts, ExportError> {
    let conn = db.conn().await?;
    let mut counts = Counts::default();
    write_line(
        out,
        &Line::Header {
            format: FORMAT.into(),
            version: VERSION,
        },
    )?;
    let filter = user.unwrap_or("");
    let mut users = Vec::new();
    let mut rows = conn
        .query(
            "SELECT user_id FROM threads WHERE ?1 = '' OR user_id = ?1 \
             UNION SELECT user_id FROM working_memory WHERE ?1 = '' OR user_id = ?1 ORDER BY 1",
            [filter],
        )
        .await?;
    while let Some(row) = rows.next().await? {
        users.push(row.get::<String>(0)?);
    }
    for user_id in users {
        let mut rows = conn
            .query(
                "SELECT content, updated_at FROM working_memory WHERE user_id = ?1",
                [user_id.as_str()],
            )
            .await?;
        if let Some(row) = rows.next().await? {
            write_line(
                out,
                &Line::WorkingMemory {
                    user_id: user_id.clone(),
                    content: row.get(0)?,
                    updated_at: row.get(1)?,
                },
            )?;
            counts.working_memories += 1;
        }
        let mut threads = conn
            .query(
                "SELECT id, title, created_at, updated_at FROM threads WHERE user_id = ?1 ORDER BY created_at, id",
                [user_id.as_str()],
            )
            .await?;
        while let Some(t) = threads.next().await? {
            let thread_id: String = t.get(0)?;
            write_line(
                out,
                &Line::Thread {
                    user_id: user_id.clone(),
                    id: thread_id.clone(),
                    title: t.get(1)?,
                    created_at: t.get(2)?,
                    updated_at: t.get(3)?,
                },
            )?;
            counts.threads += 1;
            let mut msgs = conn
                .query("SELECT id, role, parts, created_at FROM messages WHERE thread_id = ?1 ORDER BY seq", [thread_id.as_str()])
                .await?;
            while let Some(m) = msgs.next().await? {
                let role: String = m.get(1)?;
                let parts: String = m.get(2)?;
                write_line(
                    out,
                    &Line::Message {
                        user_id: user_id.clone(),
                        thread_id: thread_id.clone(),
                        id: m.get(0)?,
                        role: Role::parse(&role)
                            .ok_or_else(|| MemoryError::Corrupt(format!("role {role:?}")))?,
                        parts: serde_json::from_str(&parts)
                            .map_err(|e| MemoryError::Corrupt(e.to_string()))?,
                        created_at: m.get(3)?,
                    },
                )?;
                counts.messages += 1;
            }
        }
    }
    out.flush()?;
    Ok(counts)
}

/// Reads and checks every line; returns them only when all are valid.
pub fn parse(input: impl BufRead) -> Result<Vec<Line>, ExportError> {
    let mut lines = Vec::new();
    let mut threads: HashSet<(String, String)> = HashSet::new();
    let mut ids: HashSet<String> = HashSet::new();
    for (i, raw) in input.lines().enumerate() {
        let n = i + 1;
        let bad = |message: String| ExportError::BadLine { line: n, message };
        let raw = raw?;
        if raw.trim().is_empty() {
            continue;
        }
        let line: Line = serde_json::from_str(&raw).map_err(|e| bad(e.to_string()))?;
        match &line {
            Line::Header { format, version } => {
                if n != 1 {
                    return Err(bad("the header must be the first line".into()));
                }
                if format != FORMAT || *version != VERSION {
                    return Err(bad(format!("expected format {FORMAT} version {VERSION}")));
                }
            }
            _ if lines.is_empty() => return Err(bad("the first line must be the header".into())),
            Line::WorkingMemory { .. } => {}
            Line::Thread { user_id, id, .. } => {
                if !threads.insert((user_id.clone(), id.clone())) {
                    return Err(bad(format!("thread {id} appears twice")));
                }
            }
            Line::Message {
                user_id,
                thread_id,
                id,
                parts,
                ..
            } => {
                if !threads.contains(&(user_id.clone(), thread_id.clone())) {
                    return Err(bad(format!(
                        "message {id} belongs to thread {thread_id}, which is not listed before it"
                    )));
                }
                if !ids.insert(id.clone()) {
                    return Err(bad(format!("message {id} appears twice")));
                }
                validate_parts(parts).map_err(|e| bad(e.to_string()))?;
            }
        }
        lines.push(line);
    }
    if lines.is_empty() {
        return Err(ExportError::BadLine {
            line: 1,
            message: "the file is empty".into(),
        });
    }
    Ok(lines)
}

/// Imports checked lines in one transaction: all of them, or (on any error) none.
pub async fn import(db: &Db, lines: &[Line]) -> Result<Counts, ExportError> {
    db.write(async |c| {
        let mut counts = Counts::default();
        for line in lines {
            match line {
                Line::Header { .. } => {}
                Line::WorkingMemory { user_id, content, updated_at } => {
                    c.execute(
                        "INSERT INTO working_memory (user_id, content, updated_at) VALUES (?1, ?2, ?3)",
                        libsql::params![user_id.as_str(), content.as_str(), *updated_at],
                    )
                    .await?;
                    counts.working_memories += 1;
                }
                Line::Thread { user_id, id, title, created_at, updated_at } => {
                    c.execute(
                        "INSERT INTO threads (id, user_id, title, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                        libsql::params![id.as_str(), user_id.as_str(), title.as_str(), *created_at, *updated_at],
                    )
                    .await?;
                    counts.threads += 1;
                }
                Line::Message { user_id, thread_id, id, role, parts, created_at } => {
                    let json = serde_json::to_string(parts).map_err(|e| MemoryError::Corrupt(e.to_string()))?;
                    let content = crate::domain::memory::searchable_text(parts);
                    c.execute(
                        "INSERT INTO messages (id, thread_id, user_id, role, parts, content, created_at) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        libsql::params![
                            id.as_str(),
                            thread_id.as_str(),
                            user_id.as_str(),
                            role.as_str(),
                            json,
                            content.as_str(),
                            *created_at
                        ],
                    )
                    .await?;
                    super::fts::index_message(c, c.last_insert_rowid(), user_id, &content).await?;
                    counts.messages += 1;
                }
            }
        }
        Ok(counts)
    })
    .await
}
