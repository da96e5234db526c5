use async_trait::async_trait;

use crate::server::db::Db;
use crate::server::stores::{AccountRecord, AccountStore, StoreError};

pub struct LibsqlAccounts {
    db: Db,
}

impl LibsqlAccounts {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

#[async_trait]
impl AccountStore for LibsqlAccounts {
    async fn create(&self, a: &AccountRecord) -> Result<(), StoreError> {
        self.db
            .write(async |c| {
                c.execute(
                    "INSERT INTO accounts (id, email, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
                    (a.id.as_str(), a.email.as_str(), a.password_hash.as_str(), a.created_at),
                )
                .await?;
                Ok(())
            })
            .await
    }

    async fn find_by_email(&self, email: &str) -> Result<Option<AccountRecord>, StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                "SELECT id, email, password_hash, created_at FROM accounts WHERE email = ?1",
                [email],
            )
            .await?;
        let Some(row) = rows.next().await? else {
            return Ok(None);
        };
        Ok(Some(AccountRecord {
            id: row.get(0)?,
            email: row.get(1)?,
            password_hash: row.get(2)?,
            created_at: row.get(3)?,
        }))
    }
}
