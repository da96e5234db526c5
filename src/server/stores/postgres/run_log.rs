use async_trait::async_trait;
use sqlx::Row;

use super::{corrupt, from_json, parse_id, to_json, user_uuid};
use crate::server::pg::{Actor, Pg};
use crate::server::stores::{
    PromptSize, RunLogStore, RunRecord, RunStatus, StoreError, ToolOutcome,
};

pub struct PgRunLog {
    pg: Pg,
}

impl PgRunLog {
    pub fn new(pg: Pg) -> Self {
        Self { pg }
    }
}

#[async_trait]
impl RunLogStore for PgRunLog {
    async fn record(&self, r: &RunRecord) -> Result<(), StoreError> {
        let id = parse_id(&r.id).ok_or_else(|| corrupt("run", "id", &r.id))?;
        let mut tx = self.pg.begin(Actor::User(&r.user_id)).await?;
        sqlx::query(
            "INSERT INTO conversation_history (id, user_id, thread_id, provider, model, tools, \
               steps, tokens_in, tokens_out, latency_ms, status, error, created_at, \
               prompt_tokens, history_kept, history_dropped) \
             VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12, ms_to_ts($13), \
               $14, $15, $16)",
        )
        .bind(id)
        .bind(user_uuid(&r.user_id)?)
        .bind(&r.thread_id)
        .bind(&r.provider)
        .bind(&r.model)
        .bind(to_json("run", &r.tools)?)
        .bind(r.steps as i32)
        .bind(r.tokens_in.map(|n| n as i64))
        .bind(r.tokens_out.map(|n| n as i64))
        .bind(r.latency_ms as i64)
        .bind(r.status.as_str())
        .bind(&r.error)
        .bind(r.created_at)
        .bind(r.prompt.map(|p| p.tokens as i32))
        .bind(r.prompt.map(|p| p.history_kept as i32))
        .bind(r.prompt.map(|p| p.history_dropped as i32))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn recent(&self, user_id: &str, limit: u32) -> Result<Vec<RunRecord>, StoreError> {
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        let rows = sqlx::query(
            "SELECT id::text, user_id::text, thread_id, provider, model, tools::text, \
               steps::bigint, tokens_in::bigint, tokens_out::bigint, latency_ms, status, error, \
               ts_to_ms(created_at), prompt_tokens::bigint, history_kept::bigint, \
               history_dropped::bigint \
             FROM conversation_history WHERE user_id = $1 \
             ORDER BY created_at DESC, seq DESC LIMIT $2",
        )
        .bind(user_uuid(user_id)?)
        .bind(i64::from(limit))
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter()
            .map(|r| {
                let tools: String = r.try_get(5)?;
                let status: String = r.try_get(10)?;
                let count = |i: usize| -> Result<Option<u32>, StoreError> {
                    Ok(r.try_get::<Option<i64>, _>(i)?.map(|n| n as u32))
                };
                Ok(RunRecord {
                    id: r.try_get(0)?,
                    user_id: r.try_get(1)?,
                    thread_id: r.try_get(2)?,
                    provider: r.try_get(3)?,
                    model: r.try_get(4)?,
                    tools: from_json::<Vec<ToolOutcome>>("run", "tools", &tools)?,
                    steps: r.try_get::<i64, _>(6)? as u32,
                    tokens_in: count(7)?,
                    tokens_out: count(8)?,
                    latency_ms: r.try_get::<i64, _>(9)? as u64,
                    status: RunStatus::parse(&status)
                        .ok_or_else(|| corrupt("run", "status", &status))?,
                    error: r.try_get(11)?,
                    created_at: r.try_get(12)?,
                    prompt: match (count(13)?, count(14)?, count(15)?) {
                        (Some(tokens), Some(history_kept), Some(history_dropped)) => {
                            Some(PromptSize {
                                tokens,
                                history_kept,
                                history_dropped,
                            })
                        }
                        _ => None,
                    },
                })
            })
            .collect()
    }
}
