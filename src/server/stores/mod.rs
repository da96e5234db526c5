//! Storage behind traits, one per aggregate, so services never see SQL and every backend
//! passes the same contract tests (`tests/store_contracts.rs`).
pub mod backend;
pub mod libsql;
pub mod postgres;
pub mod proposals;
pub mod teams;

use async_trait::async_trait;

use crate::domain::profile::Profile;
use crate::server::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("a record with that key already exists")]
    Duplicate,
    /// The database can't be reached (restarting, network, pool exhausted): worth a retry.
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    /// A statement ran past the statement timeout and was cancelled.
    #[error("a database statement timed out: {0}")]
    TimedOut(String),
    /// Text PostgreSQL can't store (a NUL byte): the climber's input, not a fault.
    #[error("text the database can't store: {0}")]
    Unstorable(String),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("postgres: {0}")]
    Postgres(String),
    /// The write would take the climber past a quota (`services::quota`); nothing was saved.
    #[error(transparent)]
    OverQuota(#[from] crate::domain::quota::QuotaExceeded),
}

impl StoreError {
    /// True for failures that say nothing about the request and may pass on a retry.
    pub fn is_transient(&self) -> bool {
        matches!(self, StoreError::Unavailable(_) | StoreError::TimedOut(_))
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        use sqlx::Error as E;
        match &e {
            E::Database(db) => match db.code().as_deref() {
                Some("23505") => StoreError::Duplicate,
                // query_canceled: statement_timeout (or a cancel request).
                Some("57014") => StoreError::TimedOut(e.to_string()),
                // untranslatable_character (\u0000 in jsonb), character_not_in_repertoire.
                Some("22P05" | "22021") => StoreError::Unstorable(e.to_string()),
                // admin_shutdown, crash_shutdown, cannot_connect_now; class 08: connection.
                Some(code) if code.starts_with("57P") || code.starts_with("08") => {
                    StoreError::Unavailable(e.to_string())
                }
                _ => StoreError::Postgres(e.to_string()),
            },
            E::Io(_) | E::PoolTimedOut | E::PoolClosed | E::WorkerCrashed | E::Tls(_) => {
                StoreError::Unavailable(e.to_string())
            }
            _ => StoreError::Postgres(e.to_string()),
        }
    }
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

/// How a coach turn ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunStatus {
    Ok,
    /// The coach used every step it is allowed (`AGENT_MAX_STEPS`) without a final answer.
    MaxSteps,
    Error,
    /// The climber pressed stop or left the page.
    Cancelled,
}

impl RunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Ok => "ok",
            RunStatus::MaxSteps => "max_steps",
            RunStatus::Error => "error",
            RunStatus::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Ok, Self::MaxSteps, Self::Error, Self::Cancelled]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// A tool the coach called during a turn, and whether it succeeded.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ToolOutcome {
    pub name: String,
    pub ok: bool,
}

/// One row of the run log (`conversation_history`): what one coach turn did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunRecord {
    pub id: String,
    pub user_id: String,
    pub thread_id: String,
    pub provider: String,
    pub model: String,
    pub tools: Vec<ToolOutcome>,
    pub steps: u32,
    pub tokens_in: Option<u32>,
    pub tokens_out: Option<u32>,
    pub latency_ms: u64,
    pub status: RunStatus,
    /// Internal detail for operators; never shown to the climber.
    pub error: Option<String>,
    /// Unix milliseconds.
    pub created_at: i64,
    /// The size of the prompt the turn built (`AGENT_INPUT_TOKEN_BUDGET`); None when the
    /// turn ended before building it.
    pub prompt: Option<PromptSize>,
}

/// How big a turn's prompt was: estimated input tokens of its first model call, and how many
/// of the thread's recent messages it sent and left out to stay within the input budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PromptSize {
    pub tokens: u32,
    pub history_kept: u32,
    pub history_dropped: u32,
}

#[async_trait]
pub trait RunLogStore: Send + Sync {
    async fn record(&self, run: &RunRecord) -> Result<(), StoreError>;
    /// The climber's latest runs, newest first.
    async fn recent(&self, user_id: &str, limit: u32) -> Result<Vec<RunRecord>, StoreError>;
}

pub use crate::domain::journal::JournalFilter;

/// What a climber's journal holds, counted as it changes (a trigger on each backend).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JournalUsage {
    pub entries: u64,
    /// UTF-8 bytes of the entries' location, notes, climbs, pain flags and tags.
    pub bytes: u64,
}

#[async_trait]
pub trait JournalStore: Send + Sync {
    /// Saves all the entries in one transaction: all of them, or none.
    async fn insert_many(
        &self,
        user_id: &str,
        entries: &[crate::domain::journal::JournalEntry],
    ) -> Result<(), StoreError>;
    async fn insert(
        &self,
        user_id: &str,
        entry: &crate::domain::journal::JournalEntry,
    ) -> Result<(), StoreError>;
    /// False when the climber has no such entry.
    async fn update(
        &self,
        user_id: &str,
        entry: &crate::domain::journal::JournalEntry,
    ) -> Result<bool, StoreError>;
    async fn delete(&self, user_id: &str, id: &str) -> Result<bool, StoreError>;
    async fn get(
        &self,
        user_id: &str,
        id: &str,
    ) -> Result<Option<crate::domain::journal::JournalEntry>, StoreError>;
    /// Newest first, with the number of entries matching in all.
    async fn list(
        &self,
        user_id: &str,
        filter: &JournalFilter,
        offset: u32,
        limit: u32,
    ) -> Result<(Vec<crate::domain::journal::JournalEntry>, u64), StoreError>;
    /// How many entries the climber keeps and their size (one row read, for the quotas).
    async fn usage(&self, user_id: &str) -> Result<JournalUsage, StoreError>;
}

use crate::domain::assessment::{Assessment, AssessmentDraft};
use crate::domain::journal::JournalEntry;
use crate::domain::program::tracking::{Program, ProgramSession};

#[async_trait]
pub trait AssessmentStore: Send + Sync {
    async fn insert(&self, user_id: &str, assessment: &Assessment) -> Result<(), StoreError>;
    async fn get(&self, user_id: &str, id: &str) -> Result<Option<Assessment>, StoreError>;
    /// Newest first.
    async fn list(&self, user_id: &str, limit: u32) -> Result<Vec<Assessment>, StoreError>;
    async fn draft(&self, user_id: &str) -> Result<Option<AssessmentDraft>, StoreError>;
    async fn save_draft(
        &self,
        user_id: &str,
        draft: &AssessmentDraft,
        now: i64,
    ) -> Result<(), StoreError>;
    /// Saves a finished assessment and removes the draft in one transaction.
    async fn finish(&self, user_id: &str, assessment: &Assessment) -> Result<(), StoreError>;
}

/// Where a climber is in the guided onboarding.
#[derive(Clone, Debug, PartialEq)]
pub struct OnboardingRecord {
    /// The step shown next, 1..=6; 7 once finished.
    pub step: u8,
    /// The furthest step ever reached (never decreases: the operators' funnel).
    pub furthest: u8,
    pub answers: crate::domain::onboarding::OnboardingAnswers,
    pub started_at: i64,
    pub updated_at: i64,
    pub finished_at: Option<i64>,
}

#[async_trait]
pub trait OnboardingStore: Send + Sync {
    async fn get(&self, user_id: &str) -> Result<Option<OnboardingRecord>, StoreError>;
    /// Creates or replaces the climber's record; `furthest` and `finished_at` only move on.
    async fn save(&self, user_id: &str, record: &OnboardingRecord) -> Result<(), StoreError>;
    /// For each step 1..=7, how many climbers reached it (7 = finished), across all climbers.
    async fn funnel(&self) -> Result<Vec<(u8, u64)>, StoreError>;
}

#[async_trait]
pub trait ProgramStore: Send + Sync {
    /// Saves a program with its sessions in one transaction. With `replace_active` the
    /// climber's active program (if any) is archived in the same transaction; without it, an
    /// existing active program makes this fail with [`StoreError::Duplicate`].
    async fn create(
        &self,
        user_id: &str,
        program: &Program,
        sessions: &[ProgramSession],
        replace_active: bool,
        now: i64,
    ) -> Result<(), StoreError>;
    async fn active(&self, user_id: &str) -> Result<Option<Program>, StoreError>;
    /// Every program: the active one first, then newest first (the history).
    async fn list(&self, user_id: &str) -> Result<Vec<Program>, StoreError>;
    /// A program's sessions by date, then position.
    async fn sessions(
        &self,
        user_id: &str,
        program_id: &str,
    ) -> Result<Vec<ProgramSession>, StoreError>;
    async fn session(&self, user_id: &str, id: &str) -> Result<Option<ProgramSession>, StoreError>;
    /// Moves or skips a session that is still planned: sets its date and status and nothing
    /// else. `false` when it isn't the user's or is no longer planned (done in another tab).
    async fn reschedule(
        &self,
        user_id: &str,
        id: &str,
        date: crate::domain::when::Date,
        status: crate::domain::program::tracking::SessionStatus,
    ) -> Result<bool, StoreError>;
    /// Marks a session done and writes its journal entry in one transaction, so a session
    /// is never done without its entry (nor the entry saved twice).
    async fn complete_session(
        &self,
        user_id: &str,
        session: &ProgramSession,
        entry: &JournalEntry,
    ) -> Result<bool, StoreError>;
}

/// Per UTC day, what climbers and the coach did (the dashboard's activity and agent charts).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DayCounts {
    /// YYYY-MM-DD.
    pub day: String,
    pub sessions_logged: u64,
    pub coach_turns: u64,
    pub tokens_in: u64,
    pub tokens_out: u64,
    /// Coach turns that ended in an error.
    pub errors: u64,
    pub tool_calls: u64,
    pub tool_failures: u64,
}

/// One table's size on one day, from the daily snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableSizeRecord {
    pub day: String,
    pub table: String,
    pub rows: u64,
    pub bytes: Option<u64>,
}

/// The operators' side: who is an admin, and the aggregates the admin dashboard shows. Reads
/// across all climbers, so on PostgreSQL it runs as the admin role, through aggregate views.
#[async_trait]
pub trait AdminStore: Send + Sync {
    async fn is_admin(&self, user_id: &str) -> Result<bool, StoreError>;
    /// False when the climber already was one.
    async fn grant(&self, user_id: &str, now: i64) -> Result<bool, StoreError>;
    /// False when the climber wasn't one.
    async fn revoke(&self, user_id: &str) -> Result<bool, StoreError>;
    /// The admins' emails, by email.
    async fn admins(&self) -> Result<Vec<crate::domain::admin::AdminEntry>, StoreError>;
    /// Climbers seen in the 24 hours, 7 and 30 days before `now` (unix ms).
    async fn active_climbers(
        &self,
        now: i64,
    ) -> Result<crate::domain::admin::ActiveClimbers, StoreError>;
    /// Days from `from_day` (YYYY-MM-DD, UTC) on that have any journal entry or coach turn,
    /// oldest first; days without either are left out.
    async fn daily(&self, from_day: &str) -> Result<Vec<DayCounts>, StoreError>;
    /// Records the rows and bytes of every application table as `day`'s snapshot (replacing
    /// a snapshot of the same day).
    async fn record_table_sizes(&self, day: &str, now: i64) -> Result<(), StoreError>;
    /// The snapshots from `from_day` on, by table then day.
    async fn table_sizes(&self, from_day: &str) -> Result<Vec<TableSizeRecord>, StoreError>;
    /// True when `day` already has a snapshot.
    async fn has_table_sizes(&self, day: &str) -> Result<bool, StoreError>;
}
