//! Storage behind traits, one per aggregate, so services never see SQL and every backend
//! passes the same contract tests (`tests/store_contracts.rs`).
pub mod libsql;

use async_trait::async_trait;

use crate::domain::profile::Profile;
use crate::server::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("a record with that key already exists")]
    Duplicate,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<::libsql::Error> for StoreError {
    fn from(e: ::libsql::Error) -> Self {
        let e = DbError::from(e);
        if e.is_unique_violation() {
            StoreError::Duplicate
        } else {
            StoreError::Db(e)
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountRecord {
    pub id: String,
    pub email: String,
    pub password_hash: String,
    pub created_at: i64,
}

/// A live session joined with its account, as the session loader needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRecord {
    /// SHA-256 (hex) of the cookie token; the token itself is never stored.
    pub id: String,
    pub user_id: String,
    pub email: String,
    pub created_at: i64,
    pub last_seen_at: i64,
}

#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Fails with `StoreError::Duplicate` when the email is taken.
    async fn create(&self, account: &AccountRecord) -> Result<(), StoreError>;
    async fn find_by_email(&self, email: &str) -> Result<Option<AccountRecord>, StoreError>;
}

#[async_trait]
pub trait SessionStore: Send + Sync {
    async fn insert(&self, id: &str, user_id: &str, now: i64) -> Result<(), StoreError>;
    async fn get(&self, id: &str) -> Result<Option<SessionRecord>, StoreError>;
    async fn touch(&self, id: &str, now: i64) -> Result<(), StoreError>;
    async fn delete(&self, id: &str) -> Result<(), StoreError>;
    /// Removes sessions idle since before `idle_cutoff` or created before `absolute_cutoff`.
    async fn delete_expired(
        &self,
        idle_cutoff: i64,
        absolute_cutoff: i64,
    ) -> Result<u64, StoreError>;
}

#[async_trait]
pub trait ProfileStore: Send + Sync {
    async fn get(&self, user_id: &str) -> Result<Option<Profile>, StoreError>;
    async fn upsert(&self, user_id: &str, profile: &Profile, now: i64) -> Result<(), StoreError>;
}
