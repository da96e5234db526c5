use async_trait::async_trait;
use sqlx::Row;

use super::user_uuid;
use crate::server::pg::{Actor, Pg};
use crate::server::stores::{AccountRecord, AccountStore, StoreError};

pub struct PgAccounts {
    pg: Pg,
}

impl PgAccounts {
    pub fn new(pg: Pg) -> Self {
        Self { pg }
    }
}

#[async_trait]
impl AccountStore for PgAccounts {
    async fn create(&self, a: &AccountRecord) -> Result<(), StoreError> {
        // Inserted as the new climber: the insert policy checks `id = auth.uid()`.
        let mut tx = self.pg.begin(Actor::User(&a.id)).await?;
        sqlx::query(
            "INSERT INTO accounts (id, email, password_hash, created_at) \
             VALUES ($1, $2, $3, to_timestamp($4))",
        )
        .bind(user_uuid(&a.id)?)
        .bind(&a.email)
        .bind(&a.password_hash)
        .bind(a.created_at as f64)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn find_by_email(&self, email: &str) -> Result<Option<AccountRecord>, StoreError> {
        // Log-in: no climber is known yet.
        let mut tx = self.pg.begin(Actor::Service).await?;
        let row = sqlx::query(
            "SELECT id::text, email, password_hash, extract(epoch FROM created_at)::bigint \
             FROM accounts WHERE email = $1",
        )
        .bind(email)
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(match row {
            Some(r) => Some(AccountRecord {
                id: r.try_get(0)?,
                email: r.try_get(1)?,
                password_hash: r.try_get(2)?,
                created_at: r.try_get(3)?,
            }),
            None => None,
        })
    }
}
