use async_trait::async_trait;

use crate::server::db::Db;
use crate::server::stores::{SessionRecord, SessionStore, StoreError};

pub struct LibsqlSessions {
    db: Db,
}

impl LibsqlSessions {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

#[async_trait]
impl SessionStore for LibsqlSessions {
    async fn insert(&self, id: &str, user_id: &str, now: i64) -> Result<(), StoreError> {
        self.db
            .write(async |c| {
                c.execute(
                    "INSERT INTO sessions (id, user_id, created_at, last_seen_at) VALUES (?1, ?2, ?3, ?3)",
                    (id, user_id, now),
                )
                .await?;
                Ok(())
            })
            .await
    }

    async fn get(&self, id: &str) -> Result<Option<SessionRecord>, StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                "SELECT s.id, s.user_id, a.email, s.created_at, s.last_seen_at \
                 FROM sessions s JOIN accounts a ON a.id = s.user_id WHERE s.id = ?1",
                [id],
            )
            .await?;
        let Some(row) = rows.next().await? else {
            return Ok(None);
        };
        Ok(Some(SessionRecord {
            id: row.get(0)?,
            user_id: row.get(1)?,
            email: row.get(2)?,
            created_at: row.get(3)?,
            last_seen_at: row.get(4)?,
        }))
    }

    async fn touch(&self, id: &str, now: i64) -> Result<(), StoreError> {
        self.db
            .write(async |c| {
                c.execute(
                    "UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1",
                    (id, now),
                )
                .await?;
                Ok(())
            })
            .await
    }

    async fn delete(&self, id: &str) -> Result<(), StoreError> {
        self.db
            .write(async |c| {
                c.execute("DELETE FROM sessions WHERE id = ?1", [id])
                    .await?;
                Ok(())
            })
            .await
    }

    async fn delete_expired(
        &self,
        idle_cutoff: i64,
        absolute_cutoff: i64,
    ) -> Result<u64, StoreError> {
        self.db
            .write(async |c| {
                Ok(c.execute(
                    "DELETE FROM sessions WHERE last_seen_at < ?1 OR created_at < ?2",
                    (idle_cutoff, absolute_cutoff),
                )
                .await?)
            })
            .await
    }
}
