//! Semantic recall on libSQL's native vectors: one `F32_BLOB` table per dimension with a
//! `libsql_vector_idx` ANN index, queried with `vector_top_k`.
//!
//! The table is created on first use because its dimension comes from the model. Messages
//! are embedded after they are stored, in the background, so a slow or absent embeddings
//! endpoint never delays a reply; recall then falls back to full-text search.
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OnceCell, Semaphore};

use super::embeddings::Embedder;
use super::{MemoryError, Message};
use crate::server::db::Db;

pub struct VectorRecall {
    embedder: Embedder,
    db: Db,
    /// Table name once created (it carries the dimension).
    table: OnceCell<String>,
    in_flight: Arc<Semaphore>,
}

/// Longest a turn waits for the query embedding before recall goes on without it.
const QUERY_EMBED_BUDGET: Duration = Duration::from_millis(1500);

fn vector_literal(v: &[f32]) -> String {
    let body: Vec<String> = v.iter().map(|x| x.to_string()).collect();
    format!("[{}]", body.join(","))
}

impl VectorRecall {
    pub fn new(embedder: Embedder, db: Db) -> Self {
        Self {
            embedder,
            db,
            table: OnceCell::new(),
            in_flight: Arc::new(Semaphore::new(2)),
        }
    }

    async fn table(&self, dim: usize) -> Result<String, MemoryError> {
        let name = self
            .table
            .get_or_try_init(|| async {
                let name = format!("message_embeddings_{dim}");
                let ddl = format!(
                    "CREATE TABLE IF NOT EXISTS {name} (seq INTEGER PRIMARY KEY, user_id TEXT NOT NULL, \
                     model TEXT NOT NULL, embedding F32_BLOB({dim}) NOT NULL); \
                     CREATE INDEX IF NOT EXISTS {name}_idx ON {name}(libsql_vector_idx(embedding));"
                );
                self.db
                    .write(async |c| {
                        c.execute_batch(&ddl).await?;
                        Ok::<_, MemoryError>(())
                    })
                    .await?;
                Ok::<_, MemoryError>(name)
            })
            .await?;
        if !name.ends_with(&format!("_{dim}")) {
            return Err(MemoryError::Corrupt(format!(
                "embedding dimension changed to {dim}; restart to re-index"
            )));
        }
        Ok(name.clone())
    }

    /// Embeds and stores the text of `messages` (call after they are committed).
    pub async fn index(&self, user: &str, messages: &[Message]) -> Result<(), MemoryError> {
        let items: Vec<(i64, String)> = messages
            .iter()
            .map(|m| (m.seq, m.text()))
            .filter(|(_, t)| !t.trim().is_empty())
            .collect();
        if items.is_empty() {
            return Ok(());
        }
        let _permit = self
            .in_flight
            .acquire()
            .await
            .expect("semaphore never closed");
        let texts: Vec<String> = items.iter().map(|(_, t)| t.clone()).collect();
        let vectors = self
            .embedder
            .embed(&texts)
            .await
            .map_err(|e| MemoryError::Corrupt(e.to_string()))?;
        let table = self.table(vectors[0].len()).await?;
        let model = self.embedder.model().to_string();
        self.db
            .write(async |c| {
                for ((seq, _), v) in items.iter().zip(&vectors) {
                    c.execute(
                        &format!(
                            // Only for a message still there: its thread may have been
                            // deleted while the embedding was computed.
                            "INSERT OR REPLACE INTO {table} (seq, user_id, model, embedding) \
                             SELECT ?1, ?2, ?3, vector32(?4) WHERE EXISTS (SELECT 1 FROM messages WHERE seq = ?1)"
                        ),
                        libsql::params![*seq, user, model.as_str(), vector_literal(v)],
                    )
                    .await?;
                }
                Ok::<_, MemoryError>(())
            })
            .await
    }

    /// Indexes in the background; failures are logged, full-text recall still works.
    pub fn index_later(self: &Arc<Self>, user: String, messages: Vec<Message>) {
        let this = self.clone();
        // The embeddings queue depth (metrics) counts this batch until it is done.
        let queued = crate::server::ops::metrics::EmbeddingQueued::new();
        tokio::spawn(async move {
            let _queued = queued;
            if let Err(e) = this.index(&user, &messages).await {
                tracing::warn!(error = %e, "could not embed messages for recall");
            }
        });
    }

    /// Message seqs nearest to `query` for this climber, best first. `None` when the
    /// endpoint did not answer in time (the caller uses full-text results alone).
    pub async fn nearest(&self, user: &str, query: &str, limit: u32) -> Option<Vec<i64>> {
        let embedded = tokio::time::timeout(
            QUERY_EMBED_BUDGET,
            self.embedder.embed(&[query.to_string()]),
        )
        .await;
        let vector = match embedded {
            Ok(Ok(mut v)) => v.pop()?,
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "query embedding failed; recall uses full-text only");
                return None;
            }
            Err(_) => {
                tracing::warn!("query embedding timed out; recall uses full-text only");
                return None;
            }
        };
        let table = match self.table(vector.len()).await {
            Ok(t) => t,
            Err(e) => {
                tracing::warn!(error = %e, "vector table unavailable");
                return None;
            }
        };
        // The ANN index is shared by all climbers: over-fetch, then keep this climber's.
        let candidates = (limit * 20).clamp(20, 400);
        let conn = self.db.conn().await.ok()?;
        let sql = format!(
            "SELECT e.seq FROM vector_top_k('{table}_idx', vector32(?1), ?2) AS v \
             JOIN {table} e ON e.rowid = v.id \
             WHERE e.user_id = ?3 AND e.model = ?4 LIMIT ?5"
        );
        let mut rows = match conn
            .query(
                &sql,
                libsql::params![
                    vector_literal(&vector),
                    candidates,
                    user,
                    self.embedder.model(),
                    limit
                ],
            )
            .await
        {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(error = %e, "vector recall query failed");
                return None;
            }
        };
        let mut out = Vec::new();
        while let Ok(Some(row)) = rows.next().await {
            if let Ok(seq) = row.get::<i64>(0) {
                out.push(seq);
            }
        }
        Some(out)
    }

    /// Removes the vectors of a thread's messages (call before the messages are deleted,
    /// in the same transaction). Every embeddings table is cleaned, whatever the model's
    /// dimension and whether this process has indexed anything yet.
    pub async fn forget_thread(conn: &libsql::Connection, thread: &str) -> Result<(), MemoryError> {
        for table in embedding_tables(conn).await? {
            conn.execute(
                &format!(
                    "DELETE FROM {table} WHERE seq IN (SELECT seq FROM messages WHERE thread_id = ?1)"
                ),
                [thread],
            )
            .await?;
        }
        Ok(())
    }
}

/// The embeddings tables in the database (`message_embeddings_<dimension>`).
async fn embedding_tables(conn: &libsql::Connection) -> Result<Vec<String>, MemoryError> {
    let mut rows = conn
        .query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'message_embeddings_%'",
            (),
        )
        .await?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().await? {
        let name: String = row.get(0)?;
        // Only names this module makes (a number after the prefix) go into SQL text.
        let ours = name
            .strip_prefix("message_embeddings_")
            .is_some_and(|dim| !dim.is_empty() && dim.bytes().all(|b| b.is_ascii_digit()));
        if ours {
            out.push(name);
        }
    }
    Ok(out)
}
