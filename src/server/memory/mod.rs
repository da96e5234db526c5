//! The coach's memory of each climber: threads, messages, working memory, recall, and
//! export/import. Behind `MemoryStore` so the agent never sees SQL.
pub mod embeddings;
pub mod export;
pub mod fts;
pub mod libsql;
pub mod mastra;
pub mod vectors;

use async_trait::async_trait;

use crate::domain::memory::{MemoryInputError, Part, Role};
use crate::server::db::DbError;

pub use crate::domain::memory::{Message, Thread};

#[derive(Debug, thiserror::Error)]
pub enum MemoryError {
    /// Unknown thread, or another climber's: the same answer so ids cannot be probed.
    #[error("thread not found")]
    NotFound,
    #[error(transparent)]
    Invalid(#[from] MemoryInputError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("stored message is not valid: {0}")]
    Corrupt(String),
    /// The write would take the climber past a quota (`services::quota`); nothing was saved.
    #[error(transparent)]
    OverQuota(#[from] crate::domain::quota::QuotaExceeded),
}

/// What a climber's memory holds, counted as it changes (triggers, migration 0009).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MemoryUsage {
    pub threads: u64,
    pub messages: u64,
    /// UTF-8 bytes of the stored messages (their parts as JSON).
    pub bytes: u64,
}

impl From<::libsql::Error> for MemoryError {
    fn from(e: ::libsql::Error) -> Self {
        MemoryError::Db(e.into())
    }
}

/// A message to append.
#[derive(Clone, Debug, PartialEq)]
pub struct NewMessage {
    pub role: Role,
    pub parts: Vec<Part>,
}

impl NewMessage {
    pub fn text(role: Role, text: impl Into<String>) -> Self {
        Self {
            role,
            parts: vec![Part::Text { text: text.into() }],
        }
    }
}

/// An older message found by recall, with a message of context either side.
#[derive(Clone, Debug, PartialEq)]
pub struct RecallHit {
    pub thread_id: String,
    pub before: Option<Message>,
    pub hit: Message,
    pub after: Option<Message>,
}

/// Every method takes the climber's user id from the caller's session and touches only that
/// climber's rows.
#[async_trait]
pub trait MemoryStore: Send + Sync {
    async fn create_thread(&self, user: &str, title: &str) -> Result<Thread, MemoryError>;
    /// Newest activity first.
    async fn list_threads(
        &self,
        user: &str,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<Thread>, MemoryError>;
    async fn get_thread(&self, user: &str, thread: &str) -> Result<Thread, MemoryError>;
    async fn rename_thread(
        &self,
        user: &str,
        thread: &str,
        title: &str,
    ) -> Result<Thread, MemoryError>;
    /// Deletes the thread and its messages.
    async fn delete_thread(&self, user: &str, thread: &str) -> Result<(), MemoryError>;
    /// Appends atomically and in order. The first user message titles an untitled thread.
    async fn append(
        &self,
        user: &str,
        thread: &str,
        messages: &[NewMessage],
    ) -> Result<Vec<Message>, MemoryError>;
    /// The last `n` messages, oldest first.
    async fn last_messages(
        &self,
        user: &str,
        thread: &str,
        n: u32,
    ) -> Result<Vec<Message>, MemoryError>;
    /// A page of history, oldest first, of messages before `before_seq` (the newest page when None).
    async fn history(
        &self,
        user: &str,
        thread: &str,
        before_seq: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Message>, MemoryError>;
    /// The climber profile the coach keeps (the template until first updated).
    async fn working_memory(&self, user: &str) -> Result<String, MemoryError>;
    /// Merges `update` into the working memory section by section; returns the result.
    async fn update_working_memory(&self, user: &str, update: &str) -> Result<String, MemoryError>;
    /// Older messages relevant to `query` across the climber's threads, best first.
    async fn recall(
        &self,
        user: &str,
        query: &str,
        limit: u32,
        exclude_thread: Option<&str>,
    ) -> Result<Vec<RecallHit>, MemoryError>;
    /// How many threads and messages the climber keeps and their size (for the quotas).
    async fn usage(&self, user: &str) -> Result<MemoryUsage, MemoryError>;
}
