use async_trait::async_trait;
use sqlx::Row;

use super::user_uuid;
use crate::server::pg::{Actor, Pg};
use crate::server::stores::{SessionRecord, SessionStore, StoreError};

pub struct PgSessions {
    pg: Pg,
}

impl PgSessions {
    pub fn new(pg: Pg) -> Self {
        Self { pg }
    }
}

#[async_trait]
impl SessionStore for PgSessions {
    async fn insert(&self, id: &str, user_id: &str, now: i64) -> Result<(), StoreError> {
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        sqlx::query(
            "INSERT INTO sessions (id, user_id, created_at, last_seen_at) \
             VALUES ($1, $2, to_timestamp($3), to_timestamp($3))",
        )
        .bind(id)
        .bind(user_uuid(user_id)?)
        .bind(now as f64)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn get(&self, id: &str) -> Result<Option<SessionRecord>, StoreError> {
        // Every request: the cookie is all we know, so this runs as the service role.
        let mut tx = self.pg.begin(Actor::Service).await?;
        let row = sqlx::query(
            "SELECT s.id, s.user_id::text, a.email, extract(epoch FROM s.created_at)::bigint, \
                    extract(epoch FROM s.last_seen_at)::bigint \
             FROM sessions s JOIN accounts a ON a.id = s.user_id WHERE s.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(match row {
            Some(r) => Some(SessionRecord {
                id: r.try_get(0)?,
                user_id: r.try_get(1)?,
                email: r.try_get(2)?,
                created_at: r.try_get(3)?,
                last_seen_at: r.try_get(4)?,
            }),
            None => None,
        })
    }

    async fn touch(&self, id: &str, now: i64) -> Result<(), StoreError> {
        let mut tx = self.pg.begin(Actor::Service).await?;
        sqlx::query("UPDATE sessions SET last_seen_at = to_timestamp($2) WHERE id = $1")
            .bind(id)
            .bind(now as f64)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn delete(&self, id: &str) -> Result<(), StoreError> {
        let mut tx = self.pg.begin(Actor::Service).await?;
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn delete_expired(
        &self,
        idle_cutoff: i64,
        absolute_cutoff: i64,
    ) -> Result<u64, StoreError> {
        let mut tx = self.pg.begin(Actor::Service).await?;
        let n = sqlx::query(
            "DELETE FROM sessions WHERE last_seen_at < to_timestamp($1) \
             OR created_at < to_timestamp($2)",
        )
        .bind(idle_cutoff as f64)
        .bind(absolute_cutoff as f64)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(n)
    }
}
