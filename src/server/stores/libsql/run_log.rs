use async_trait::async_trait;

use crate::server::db::{Db, DbError};
use crate::server::stores::{
    PromptSize, RunLogStore, RunRecord, RunStatus, StoreError, ToolOutcome,
};

pub struct LibsqlRunLog {
    db: Db,
}

impl LibsqlRunLog {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

#[async_trait]
impl RunLogStore for LibsqlRunLog {
    async fn record(&self, r: &RunRecord) -> Result<(), StoreError> {
        let tools = serde_json::to_string(&r.tools).unwrap_or_else(|_| "[]".into());
        self.db
            .write(async |c| {
                c.execute(
                    "INSERT INTO conversation_history (id, user_id, thread_id, provider, model, \
                       tools, steps, tokens_in, tokens_out, latency_ms, status, error, created_at, \
                       prompt_tokens, history_kept, history_dropped) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                    libsql::params![
                        r.id.as_str(),
                        r.user_id.as_str(),
                        r.thread_id.as_str(),
                        r.provider.as_str(),
                        r.model.as_str(),
                        tools,
                        r.steps,
                        r.tokens_in,
                        r.tokens_out,
                        r.latency_ms as i64,
                        r.status.as_str(),
                        r.error.clone(),
                        r.created_at,
                        r.prompt.map(|p| p.tokens),
                        r.prompt.map(|p| p.history_kept),
                        r.prompt.map(|p| p.history_dropped)
                    ],
                )
                .await?;
                Ok(())
            })
            .await
    }

    async fn recent(&self, user_id: &str, limit: u32) -> Result<Vec<RunRecord>, StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                "SELECT id, user_id, thread_id, provider, model, tools, steps, tokens_in, \
                   tokens_out, latency_ms, status, error, created_at, prompt_tokens, \
                   history_kept, history_dropped \
                 FROM conversation_history WHERE user_id = ?1 \
                 ORDER BY created_at DESC, rowid DESC LIMIT ?2",
                libsql::params![user_id, limit],
            )
            .await?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().await? {
            let tools: String = row.get(5)?;
            let status: String = row.get(10)?;
            out.push(RunRecord {
                id: row.get(0)?,
                user_id: row.get(1)?,
                thread_id: row.get(2)?,
                provider: row.get(3)?,
                model: row.get(4)?,
                tools: serde_json::from_str::<Vec<ToolOutcome>>(&tools)
                    .map_err(|e| DbError::Corrupt(format!("run tools {e}")))?,
                steps: row.get(6)?,
                tokens_in: row.get(7)?,
                tokens_out: row.get(8)?,
                latency_ms: row.get::<i64>(9)? as u64,
                status: RunStatus::parse(&status)
                    .ok_or_else(|| DbError::Corrupt(format!("run status {status:?}")))?,
                error: row.get(11)?,
                created_at: row.get(12)?,
                prompt: match (
                    row.get::<Option<u32>>(13)?,
                    row.get::<Option<u32>>(14)?,
                    row.get::<Option<u32>>(15)?,
                ) {
                    (Some(tokens), Some(history_kept), Some(history_dropped)) => Some(PromptSize {
                        tokens,
                        history_kept,
                        history_dropped,
                    }),
                    _ => None,
                },
            });
        }
        Ok(out)
    }
}
