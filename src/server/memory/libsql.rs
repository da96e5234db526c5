//! `MemoryStore` on libSQL: embedded file by default.
use std::sync::Arc;

use async_trait::async_trait;
use libsql::Row;

use super::fts::index_message;
use super::vectors::VectorRecall;
use super::{MemoryError, MemoryStore, MemoryUsage, Message, NewMessage, RecallHit, Thread};
use crate::domain::memory::{
    clean_title, match_terms, merge_working_memory, rank_matches, recall_scope, searchable_text,
    validate_parts, validate_working_memory, working_memory_template, MemoryInputError, Part, Role,
};
use crate::server::clock::Clock;
use crate::server::db::{Db, PooledConn};

pub struct LibsqlMemory {
    db: Db,
    clock: Arc<dyn Clock>,
    /// Semantic recall, when an embeddings endpoint is configured.
    vectors: Option<Arc<VectorRecall>>,
}

/// Column lists as macros, so queries stay `'static` literals the statement cache can key on.
macro_rules! thread_cols {
    () => {
        "id, title, created_at, updated_at"
    };
}
macro_rules! message_cols {
    () => {
        "seq, id, thread_id, role, parts, created_at"
    };
}
/// Upper bound on any page, so a request cannot ask for a whole table.
const MAX_PAGE: u32 = 200;
/// How many of the newest matches recall reads per searched word (see
/// `domain::memory::rank_matches`). Reading a match costs about a microsecond, so this and
/// the cap on searched words bound the cost of a recall however long the history is.
const MATCHES_PER_WORD: u32 = 32;

fn thread_from(row: &Row) -> Result<Thread, MemoryError> {
    Ok(Thread {
        id: row.get(0)?,
        title: row.get(1)?,
        created_at: row.get(2)?,
        updated_at: row.get(3)?,
    })
}

fn message_from(row: &Row) -> Result<Message, MemoryError> {
    message_at(row, 0)
}

/// A message whose `message_cols!()` start at column `first` of the row.
fn message_at(row: &Row, first: i32) -> Result<Message, MemoryError> {
    let role: String = row.get(first + 3)?;
    let parts: String = row.get(first + 4)?;
    Ok(Message {
        seq: row.get(first)?,
        id: row.get(first + 1)?,
        thread_id: row.get(first + 2)?,
        role: Role::parse(&role).ok_or_else(|| MemoryError::Corrupt(format!("role {role:?}")))?,
        parts: serde_json::from_str(&parts).map_err(|e| MemoryError::Corrupt(e.to_string()))?,
        created_at: row.get(first + 5)?,
    })
}

/// One of this climber's messages by seq (unless it sits in the excluded thread) with the
/// message right before and right after it in its thread, in one statement. The first
/// column says which is which: 0 before, 1 the hit, 2 after. The owner check is made once,
/// in `h`: nothing comes back for a message that is not the climber's, so its neighbours
/// can't leak either.
const HIT_WITH_CONTEXT: &str = concat!(
    "WITH h AS (SELECT seq, thread_id FROM messages \
                WHERE seq = ?1 AND user_id = ?2 AND thread_id != ?3) \
     SELECT 1, ",
    message_cols!(),
    " FROM messages WHERE seq = (SELECT seq FROM h) \
     UNION ALL SELECT 0, * FROM (SELECT ",
    message_cols!(),
    " FROM messages WHERE thread_id = (SELECT thread_id FROM h) AND seq < ?1 \
       ORDER BY seq DESC LIMIT 1) \
     UNION ALL SELECT 2, * FROM (SELECT ",
    message_cols!(),
    " FROM messages WHERE thread_id = (SELECT thread_id FROM h) AND seq > ?1 \
       ORDER BY seq LIMIT 1)"
);

async fn hit_with_context(
    conn: &PooledConn,
    user: &str,
    seq: i64,
    exclude: &str,
) -> Result<Option<RecallHit>, MemoryError> {
    let rows = conn
        .query_cached(
            HIT_WITH_CONTEXT,
            libsql::params![seq, user, exclude],
            |row| {
                let part: i64 = row.get(0)?;
                Ok::<_, MemoryError>((part, message_at(row, 1)?))
            },
        )
        .await?;
    let (mut before, mut hit, mut after) = (None, None, None);
    for (part, m) in rows {
        match part {
            0 => before = Some(m),
            1 => hit = Some(m),
            _ => after = Some(m),
        }
    }
    Ok(hit.map(|hit| RecallHit {
        thread_id: hit.thread_id.clone(),
        before,
        hit,
        after,
    }))
}

/// Full-text matches for `query` among this climber's messages outside the excluded
/// thread, best first (by seq).
async fn keyword_hits(
    conn: &PooledConn,
    user: &str,
    query: &str,
    exclude: &str,
) -> Result<Vec<i64>, MemoryError> {
    // One lookup per searched word: FTS5 walks that word's entries newest first and
    // stops after MATCHES_PER_WORD eligible ones, so a climber who says "pulley" in
    // every message costs no more than one who said it once. The terms carry this
    // climber's scope (domain::memory::recall); the owner check keeps even a scope
    // collision from crossing climbers, and the excluded thread never takes a slot.
    let mut matches = Vec::new();
    for term in match_terms(&recall_scope(user), query) {
        matches.push(
            conn.query_cached(
                "SELECT f.rowid FROM messages_fts f JOIN messages m ON m.seq = f.rowid \
                 WHERE messages_fts MATCH ?1 AND m.user_id = ?2 AND m.thread_id != ?3 \
                 ORDER BY f.rowid DESC LIMIT ?4",
                libsql::params![term, user, exclude, MATCHES_PER_WORD],
                |row| Ok::<_, MemoryError>(row.get::<i64>(0)?),
            )
            .await?,
        );
    }
    Ok(rank_matches(&matches, MATCHES_PER_WORD as usize))
}

const WORKING_MEMORY: &str = "SELECT content FROM working_memory WHERE user_id = ?1";

const OWNED_THREAD: &str = concat!(
    "SELECT ",
    thread_cols!(),
    " FROM threads WHERE id = ?1 AND user_id = ?2"
);

/// The climber's thread; not found for an unknown id and for another climber's alike.
async fn owned_thread(conn: &PooledConn, user: &str, thread: &str) -> Result<Thread, MemoryError> {
    conn.query_cached(OWNED_THREAD, [thread, user], thread_from)
        .await?
        .pop()
        .ok_or(MemoryError::NotFound)
}

impl LibsqlMemory {
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Self {
            db,
            clock,
            vectors: None,
        }
    }

    /// Adds semantic recall next to full-text recall.
    pub fn with_vectors(mut self, vectors: VectorRecall) -> Self {
        self.vectors = Some(Arc::new(vectors));
        self
    }

    pub fn db(&self) -> &Db {
        &self.db
    }
}

#[async_trait]
impl MemoryStore for LibsqlMemory {
    async fn create_thread(&self, user: &str, title: &str) -> Result<Thread, MemoryError> {
        let now = self.clock.now_ms();
        let t = Thread {
            id: uuid::Uuid::new_v4().to_string(),
            title: clean_title(title),
            created_at: now,
            updated_at: now,
        };
        self.db
            .write(async |c| {
                c.execute_cached(
                    "INSERT INTO threads (id, user_id, title, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
                    libsql::params![t.id.as_str(), user, t.title.as_str(), now],
                )
                .await?;
                Ok::<_, MemoryError>(())
            })
            .await?;
        Ok(t)
    }

    async fn list_threads(
        &self,
        user: &str,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<Thread>, MemoryError> {
        self.db
            .conn()
            .await?
            .query_cached(
                concat!(
                    "SELECT ",
                    thread_cols!(),
                    " FROM threads WHERE user_id = ?1 ORDER BY updated_at DESC, id LIMIT ?2 OFFSET ?3"
                ),
                libsql::params![user, limit.clamp(1, MAX_PAGE), offset],
                thread_from,
            )
            .await
    }

    async fn get_thread(&self, user: &str, thread: &str) -> Result<Thread, MemoryError> {
        owned_thread(&self.db.conn().await?, user, thread).await
    }

    async fn rename_thread(
        &self,
        user: &str,
        thread: &str,
        title: &str,
    ) -> Result<Thread, MemoryError> {
        let title = clean_title(title);
        if title.is_empty() {
            return Err(MemoryInputError::EmptyTitle.into());
        }
        self.db
            .write(async |c| {
                let mut t = owned_thread(c, user, thread).await?;
                c.execute(
                    "UPDATE threads SET title = ?1 WHERE id = ?2",
                    [title.as_str(), thread],
                )
                .await?;
                t.title = title.clone();
                Ok(t)
            })
            .await
    }

    async fn delete_thread(&self, user: &str, thread: &str) -> Result<(), MemoryError> {
        self.db
            .write(async |c| {
                owned_thread(c, user, thread).await?;
                VectorRecall::forget_thread(c, thread).await?;
                c.execute("DELETE FROM messages WHERE thread_id = ?1", [thread])
                    .await?;
                c.execute("DELETE FROM threads WHERE id = ?1", [thread])
                    .await?;
                Ok(())
            })
            .await
    }

    async fn append(
        &self,
        user: &str,
        thread: &str,
        new: &[NewMessage],
    ) -> Result<Vec<Message>, MemoryError> {
        for m in new {
            validate_parts(&m.parts)?;
        }
        let now = self.clock.now_ms();
        let stored = self
            .db
            .write(async |c| {
                let t = owned_thread(c, user, thread).await?;
                let mut out = Vec::with_capacity(new.len());
                for m in new {
                    let id = uuid::Uuid::new_v4().to_string();
                    let parts = serde_json::to_string(&m.parts).map_err(|e| MemoryError::Corrupt(e.to_string()))?;
                    let content = searchable_text(&m.parts);
                    c.execute_cached(
                        "INSERT INTO messages (id, thread_id, user_id, role, parts, content, created_at) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        libsql::params![id.as_str(), thread, user, m.role.as_str(), parts, content.as_str(), now],
                    )
                    .await?;
                    let seq = c.last_insert_rowid();
                    index_message(c, seq, user, &content).await?;
                    out.push(Message {
                        id,
                        thread_id: thread.to_string(),
                        seq,
                        role: m.role,
                        parts: m.parts.clone(),
                        created_at: now,
                    });
                }
                let first_user_text = new.iter().find(|m| m.role == Role::User).and_then(|m| {
                    m.parts.iter().find_map(|p| match p {
                        Part::Text { text } => Some(clean_title(text)),
                        _ => None,
                    })
                });
                match first_user_text {
                    Some(title) if t.title.is_empty() && !title.is_empty() => {
                        c.execute(
                            "UPDATE threads SET updated_at = ?1, title = ?2 WHERE id = ?3",
                            libsql::params![now, title, thread],
                        )
                        .await?
                    }
                    _ => c.execute_cached("UPDATE threads SET updated_at = ?1 WHERE id = ?2", libsql::params![now, thread]).await?,
                };
                Ok::<_, MemoryError>(out)
            })
            .await?;
        if let Some(v) = &self.vectors {
            let said: Vec<Message> = stored
                .iter()
                .filter(|m| m.role != Role::Tool)
                .cloned()
                .collect();
            v.index_later(user.to_string(), said);
        }
        Ok(stored)
    }

    async fn last_messages(
        &self,
        user: &str,
        thread: &str,
        n: u32,
    ) -> Result<Vec<Message>, MemoryError> {
        self.history(user, thread, None, n).await
    }

    async fn history(
        &self,
        user: &str,
        thread: &str,
        before_seq: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Message>, MemoryError> {
        let conn = self.db.conn().await?;
        // One query in the usual case: the owner is checked on the messages themselves, and
        // only an empty page needs to tell an empty thread from an unknown or foreign one.
        let mut page = conn
            .query_cached(
                concat!(
                    "SELECT ",
                    message_cols!(),
                    " FROM messages WHERE thread_id = ?1 AND user_id = ?2 AND seq < ?3 ORDER BY seq DESC LIMIT ?4"
                ),
                libsql::params![thread, user, before_seq.unwrap_or(i64::MAX), limit.clamp(1, MAX_PAGE)],
                message_from,
            )
            .await?;
        if page.is_empty() {
            owned_thread(&conn, user, thread).await?;
        }
        page.reverse();
        Ok(page)
    }

    async fn working_memory(&self, user: &str) -> Result<String, MemoryError> {
        let stored = self
            .db
            .conn()
            .await?
            .query_cached(WORKING_MEMORY, [user], |row| {
                row.get::<String>(0).map_err(MemoryError::from)
            })
            .await?
            .pop();
        Ok(stored.unwrap_or_else(working_memory_template))
    }

    async fn update_working_memory(&self, user: &str, update: &str) -> Result<String, MemoryError> {
        validate_working_memory(update)?;
        let now = self.clock.now_ms();
        self.db
            .write(async |c| {
                let current = c
                    .query_cached(WORKING_MEMORY, [user], |row| row.get::<String>(0).map_err(MemoryError::from))
                    .await?
                    .pop()
                    .unwrap_or_else(working_memory_template);
                let merged = merge_working_memory(&current, update);
                validate_working_memory(&merged)?;
                c.execute_cached(
                    "INSERT INTO working_memory (user_id, content, updated_at) VALUES (?1, ?2, ?3) \
                     ON CONFLICT(user_id) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at",
                    libsql::params![user, merged.as_str(), now],
                )
                .await?;
                Ok(merged)
            })
            .await
    }

    async fn recall(
        &self,
        user: &str,
        query: &str,
        limit: u32,
        exclude_thread: Option<&str>,
    ) -> Result<Vec<RecallHit>, MemoryError> {
        let limit = limit.clamp(1, 20) as usize;
        let exclude = exclude_thread.unwrap_or("");
        // Full-text and semantic search run side by side; semantic is bounded in time.
        let semantic = async {
            match &self.vectors {
                Some(v) => v
                    .nearest(user, query, limit as u32 * 2)
                    .await
                    .unwrap_or_default(),
                None => Vec::new(),
            }
        };
        let conn = self.db.conn().await?;
        let (keyword, semantic) = tokio::join!(keyword_hits(&conn, user, query, exclude), semantic);
        // Semantic hits first (they match meaning, not just words), then keyword hits.
        let mut out: Vec<RecallHit> = Vec::with_capacity(limit);
        for seq in semantic.into_iter().chain(keyword?) {
            if out.len() == limit {
                break;
            }
            if out.iter().any(|h| h.hit.seq == seq) {
                continue;
            }
            if let Some(hit) = hit_with_context(&conn, user, seq, exclude).await? {
                out.push(hit);
            }
        }
        Ok(out)
    }

    async fn usage(&self, user: &str) -> Result<MemoryUsage, MemoryError> {
        let rows = self
            .db
            .conn()
            .await?
            .query_cached(
                "SELECT threads, messages, bytes FROM memory_usage WHERE user_id = ?1",
                [user],
                |r| {
                    Ok::<_, MemoryError>(MemoryUsage {
                        threads: r.get::<i64>(0)?.max(0) as u64,
                        messages: r.get::<i64>(1)?.max(0) as u64,
                        bytes: r.get::<i64>(2)?.max(0) as u64,
                    })
                },
            )
            .await?;
        Ok(rows.into_iter().next().unwrap_or_default())
    }
}
