//! Per-climber quotas: conversations, messages, journal entries and stored bytes
//! (`CLIMBER_MAX_*`). The one place they are checked: the stores that create those things are
//! wrapped here ([`QuotaMemory`], [`QuotaJournal`], [`QuotaPrograms`]), so every path that
//! saves one (the chat page, the coach's tools, the journal form, a CSV import, a program
//! session ticked off, a timer logged) passes the same check, on every backend.
//!
//! - The counts are read from one row per climber that triggers keep up to date
//!   (`memory_usage`, `journal_usage`), so a check costs one or two primary-key reads and is
//!   the same for every instance (nothing to share through Redis).
//! - Over a quota nothing is saved and nothing saved before is touched: the store answers
//!   `OverQuota` with a message in words (409 for a count, 413 for bytes).
//! - A CSV import is refused whole, up front, when it would go past the journal quota (the
//!   message says how many rows would fit): imports are all or nothing everywhere.
//! - Messages: only a write that carries a climber's message is checked. The coach's answer
//!   to a message that was accepted is always saved, so a conversation can end a few
//!   messages past the limit (at most what one turn writes), never lose an answer.
//! - Editing, renaming and deleting are never refused.
//! - Check and write are two steps: two writes racing at the very limit can both pass (the
//!   per-climber write rate bounds by how much).
use std::sync::Arc;

use async_trait::async_trait;

use crate::domain::journal::JournalEntry;
use crate::domain::memory::Role;
use crate::domain::program::tracking::{Program, ProgramSession, SessionStatus};
use crate::domain::quota::{check, Adding, QuotaLimits, Usage};
use crate::domain::when::Date;
use crate::server::memory::{
    MemoryError, MemoryStore, MemoryUsage, Message, NewMessage, RecallHit, Thread,
};
use crate::server::stores::{JournalFilter, JournalStore, JournalUsage, ProgramStore, StoreError};

/// Reads what a climber keeps and checks a write against the limits.
pub struct QuotaService {
    limits: QuotaLimits,
    /// The unwrapped stores (reading usage is never itself checked).
    memory: Arc<dyn MemoryStore>,
    journal: Arc<dyn JournalStore>,
}

/// Bytes of an entry as the journal_usage triggers count them (text and lists as JSON).
pub fn entry_bytes(e: &JournalEntry) -> u64 {
    let d = &e.data;
    (d.location.len() + d.notes.len() + json_len(&d.climbs) + json_len(&d.pain) + json_len(&d.tags))
        as u64
}

fn json_len<T: serde::Serialize>(v: &T) -> usize {
    serde_json::to_string(v).map_or(0, |s| s.len())
}

/// Bytes of a message as the memory_usage triggers count them (its parts as JSON).
pub fn message_bytes(m: &NewMessage) -> u64 {
    serde_json::to_string(&m.parts).map_or(0, |s| s.len() as u64)
}

impl QuotaService {
    pub fn new(
        limits: QuotaLimits,
        memory: Arc<dyn MemoryStore>,
        journal: Arc<dyn JournalStore>,
    ) -> Self {
        Self {
            limits,
            memory,
            journal,
        }
    }

    pub fn limits(&self) -> QuotaLimits {
        self.limits
    }

    /// What the climber keeps now, across both databases.
    pub async fn usage(&self, user: &str) -> Result<Usage, QuotaReadError> {
        let (memory, journal) = tokio::join!(self.memory.usage(user), self.journal.usage(user));
        Ok(combine(memory?, journal?))
    }

    /// Checks a write to agent memory. A journal that can't be read counts as empty: the
    /// chat never fails because the other database is down.
    async fn check_memory(&self, user: &str, adding: Adding) -> Result<(), MemoryError> {
        let (memory, journal) = tokio::join!(self.memory.usage(user), self.journal.usage(user));
        let journal = journal.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "journal usage unavailable for a quota check");
            JournalUsage::default()
        });
        Ok(check(&self.limits, &combine(memory?, journal), &adding)?)
    }

    /// Checks a write to the journal. Memory that can't be read counts as empty.
    async fn check_journal(&self, user: &str, adding: Adding) -> Result<(), StoreError> {
        let (memory, journal) = tokio::join!(self.memory.usage(user), self.journal.usage(user));
        let memory = memory.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "memory usage unavailable for a quota check");
            MemoryUsage::default()
        });
        Ok(check(&self.limits, &combine(memory, journal?), &adding)?)
    }

    async fn check_entries(&self, user: &str, entries: &[JournalEntry]) -> Result<(), StoreError> {
        self.check_journal(
            user,
            Adding {
                journal_entries: entries.len() as u64,
                bytes: entries.iter().map(entry_bytes).sum(),
                ..Adding::default()
            },
        )
        .await
    }
}

fn combine(m: MemoryUsage, j: JournalUsage) -> Usage {
    Usage {
        threads: m.threads,
        messages: m.messages,
        journal_entries: j.entries,
        stored_bytes: m.bytes + j.bytes,
    }
}

#[derive(Debug, thiserror::Error)]
pub enum QuotaReadError {
    #[error(transparent)]
    Memory(#[from] MemoryError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Agent memory with the thread and message quotas.
pub struct QuotaMemory {
    inner: Arc<dyn MemoryStore>,
    quotas: Arc<QuotaService>,
}

impl QuotaMemory {
    pub fn new(inner: Arc<dyn MemoryStore>, quotas: Arc<QuotaService>) -> Self {
        Self { inner, quotas }
    }
}

#[async_trait]
impl MemoryStore for QuotaMemory {
    async fn create_thread(&self, user: &str, title: &str) -> Result<Thread, MemoryError> {
        self.quotas
            .check_memory(
                user,
                Adding {
                    threads: 1,
                    ..Adding::default()
                },
            )
            .await?;
        self.inner.create_thread(user, title).await
    }

    async fn list_threads(
        &self,
        user: &str,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<Thread>, MemoryError> {
        self.inner.list_threads(user, offset, limit).await
    }

    async fn get_thread(&self, user: &str, thread: &str) -> Result<Thread, MemoryError> {
        self.inner.get_thread(user, thread).await
    }

    async fn rename_thread(
        &self,
        user: &str,
        thread: &str,
        title: &str,
    ) -> Result<Thread, MemoryError> {
        self.inner.rename_thread(user, thread, title).await
    }

    async fn delete_thread(&self, user: &str, thread: &str) -> Result<(), MemoryError> {
        self.inner.delete_thread(user, thread).await
    }

    async fn append(
        &self,
        user: &str,
        thread: &str,
        messages: &[NewMessage],
    ) -> Result<Vec<Message>, MemoryError> {
        if messages.iter().any(|m| m.role == Role::User) {
            self.quotas
                .check_memory(
                    user,
                    Adding {
                        messages: messages.len() as u64,
                        bytes: messages.iter().map(message_bytes).sum(),
                        ..Adding::default()
                    },
                )
                .await?;
        }
        self.inner.append(user, thread, messages).await
    }

    async fn last_messages(
        &self,
        user: &str,
        thread: &str,
        n: u32,
    ) -> Result<Vec<Message>, MemoryError> {
        self.inner.last_messages(user, thread, n).await
    }

    async fn history(
        &self,
        user: &str,
        thread: &str,
        before_seq: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Message>, MemoryError> {
        self.inner.history(user, thread, before_seq, limit).await
    }

    async fn working_memory(&self, user: &str) -> Result<String, MemoryError> {
        self.inner.working_memory(user).await
    }

    async fn update_working_memory(&self, user: &str, update: &str) -> Result<String, MemoryError> {
        self.inner.update_working_memory(user, update).await
    }

    async fn recall(
        &self,
        user: &str,
        query: &str,
        limit: u32,
        exclude_thread: Option<&str>,
    ) -> Result<Vec<RecallHit>, MemoryError> {
        self.inner.recall(user, query, limit, exclude_thread).await
    }

    async fn usage(&self, user: &str) -> Result<MemoryUsage, MemoryError> {
        self.inner.usage(user).await
    }
}

/// The journal with the entry and byte quotas.
pub struct QuotaJournal {
    inner: Arc<dyn JournalStore>,
    quotas: Arc<QuotaService>,
}

impl QuotaJournal {
    pub fn new(inner: Arc<dyn JournalStore>, quotas: Arc<QuotaService>) -> Self {
        Self { inner, quotas }
    }
}

#[async_trait]
impl JournalStore for QuotaJournal {
    /// A whole import is checked up front: it fits, or nothing is saved.
    async fn insert_many(&self, user_id: &str, entries: &[JournalEntry]) -> Result<(), StoreError> {
        self.quotas.check_entries(user_id, entries).await?;
        self.inner.insert_many(user_id, entries).await
    }

    async fn insert(&self, user_id: &str, entry: &JournalEntry) -> Result<(), StoreError> {
        self.quotas
            .check_entries(user_id, std::slice::from_ref(entry))
            .await?;
        self.inner.insert(user_id, entry).await
    }

    async fn update(&self, user_id: &str, entry: &JournalEntry) -> Result<bool, StoreError> {
        self.inner.update(user_id, entry).await
    }

    async fn delete(&self, user_id: &str, id: &str) -> Result<bool, StoreError> {
        self.inner.delete(user_id, id).await
    }

    async fn get(&self, user_id: &str, id: &str) -> Result<Option<JournalEntry>, StoreError> {
        self.inner.get(user_id, id).await
    }

    async fn list(
        &self,
        user_id: &str,
        filter: &JournalFilter,
        offset: u32,
        limit: u32,
    ) -> Result<(Vec<JournalEntry>, u64), StoreError> {
        self.inner.list(user_id, filter, offset, limit).await
    }

    async fn usage(&self, user_id: &str) -> Result<JournalUsage, StoreError> {
        self.inner.usage(user_id).await
    }
}

/// Programs, whose ticked-off sessions write journal entries, with the journal quotas.
pub struct QuotaPrograms {
    inner: Arc<dyn ProgramStore>,
    quotas: Arc<QuotaService>,
}

impl QuotaPrograms {
    pub fn new(inner: Arc<dyn ProgramStore>, quotas: Arc<QuotaService>) -> Self {
        Self { inner, quotas }
    }
}

#[async_trait]
impl ProgramStore for QuotaPrograms {
    async fn create(
        &self,
        user_id: &str,
        program: &Program,
        sessions: &[ProgramSession],
        replace_active: bool,
        now: i64,
    ) -> Result<(), StoreError> {
        self.inner
            .create(user_id, program, sessions, replace_active, now)
            .await
    }

    async fn active(&self, user_id: &str) -> Result<Option<Program>, StoreError> {
        self.inner.active(user_id).await
    }

    async fn list(&self, user_id: &str) -> Result<Vec<Program>, StoreError> {
        self.inner.list(user_id).await
    }

    async fn sessions(
        &self,
        user_id: &str,
        program_id: &str,
    ) -> Result<Vec<ProgramSession>, StoreError> {
        self.inner.sessions(user_id, program_id).await
    }

    async fn session(&self, user_id: &str, id: &str) -> Result<Option<ProgramSession>, StoreError> {
        self.inner.session(user_id, id).await
    }

    async fn reschedule(
        &self,
        user_id: &str,
        id: &str,
        date: Date,
        status: SessionStatus,
    ) -> Result<bool, StoreError> {
        self.inner.reschedule(user_id, id, date, status).await
    }

    async fn complete_session(
        &self,
        user_id: &str,
        session: &ProgramSession,
        entry: &JournalEntry,
    ) -> Result<bool, StoreError> {
        self.quotas
            .check_entries(user_id, std::slice::from_ref(entry))
            .await?;
        self.inner.complete_session(user_id, session, entry).await
    }
}
