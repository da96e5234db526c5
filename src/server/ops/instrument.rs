//! Every storage call measured in one place: [`Measured`] wraps a store (any of the traits in
//! `server::stores`, and the coach's `MemoryStore`) and, per call, records the store-call
//! metrics (by aggregate, backend, op and outcome, with latency; for memory also the
//! memory-operation series) and opens a `store.call` span, which OpenTelemetry exports when
//! `OTEL_EXPORTER_OTLP_ENDPOINT` is set (a disabled span otherwise: next to no cost).
//!
//! The wrappers are generated from each trait's method list by `measured!`, so a new store
//! method is one line here, and no call site changes. `AppState` wraps the stores once.
use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use async_trait::async_trait;
use tracing::Instrument;

use crate::domain::assessment::{Assessment, AssessmentDraft};
use crate::domain::journal::JournalEntry;
use crate::domain::profile::Profile;
use crate::domain::program::tracking::{Program, ProgramSession, SessionStatus};
use crate::domain::when::Date;
use crate::server::memory::{
    MemoryError, MemoryStore, MemoryUsage, Message, NewMessage, RecallHit, Thread,
};
use crate::server::stores::backend::AppStores;
use crate::server::stores::{
    AccountRecord, AccountStore, AssessmentStore, JournalFilter, JournalStore, JournalUsage,
    OnboardingRecord, OnboardingStore, ProfileStore, ProgramStore, RunLogStore, RunRecord,
    SessionRecord, SessionStore, StoreError,
};

/// A store of aggregate `aggregate` on `backend`, measured call by call.
pub struct Measured<S: ?Sized> {
    inner: Arc<S>,
    aggregate: &'static str,
    backend: &'static str,
}

impl<S: ?Sized> Measured<S> {
    pub fn new(inner: Arc<S>, aggregate: &'static str, backend: &'static str) -> Self {
        Self {
            inner,
            aggregate,
            backend,
        }
    }

    async fn call<T, E>(
        &self,
        op: &'static str,
        call: impl Future<Output = Result<T, E>>,
    ) -> Result<T, E> {
        let span = tracing::debug_span!(
            "store.call",
            aggregate = self.aggregate,
            backend = self.backend,
            op,
            otel.status_code = tracing::field::Empty,
        );
        let started = Instant::now();
        let result = call.instrument(span.clone()).await;
        if result.is_err() {
            span.record("otel.status_code", "ERROR");
        }
        super::metrics::store_call(
            self.aggregate,
            self.backend,
            op,
            result.is_ok(),
            started.elapsed(),
        );
        result
    }
}

/// `impl Trait for Measured<dyn Trait>`, each method passing through [`Measured::call`].
macro_rules! measured {
    ($trait:ident { $( fn $m:ident(&self $(, $a:ident : $t:ty)* $(,)?) -> $r:ty; )* }) => {
        #[async_trait]
        impl $trait for Measured<dyn $trait> {
            $(
                async fn $m(&self $(, $a: $t)*) -> $r {
                    self.call(stringify!($m), self.inner.$m($($a),*)).await
                }
            )*
        }
    };
}

measured!(AccountStore {
    fn create(&self, account: &AccountRecord) -> Result<(), StoreError>;
    fn find_by_email(&self, email: &str) -> Result<Option<AccountRecord>, StoreError>;
});

measured!(SessionStore {
    fn insert(&self, id: &str, user_id: &str, now: i64) -> Result<(), StoreError>;
    fn get(&self, id: &str) -> Result<Option<SessionRecord>, StoreError>;
    fn touch(&self, id: &str, now: i64) -> Result<(), StoreError>;
    fn delete(&self, id: &str) -> Result<(), StoreError>;
    fn delete_expired(&self, idle_cutoff: i64, absolute_cutoff: i64) -> Result<u64, StoreError>;
});

measured!(ProfileStore {
    fn get(&self, user_id: &str) -> Result<Option<Profile>, StoreError>;
    fn upsert(&self, user_id: &str, profile: &Profile, now: i64) -> Result<(), StoreError>;
});

measured!(RunLogStore {
    fn record(&self, run: &RunRecord) -> Result<(), StoreError>;
    fn recent(&self, user_id: &str, limit: u32) -> Result<Vec<RunRecord>, StoreError>;
});

measured!(JournalStore {
    fn insert_many(&self, user_id: &str, entries: &[JournalEntry]) -> Result<(), StoreError>;
    fn insert(&self, user_id: &str, entry: &JournalEntry) -> Result<(), StoreError>;
    fn update(&self, user_id: &str, entry: &JournalEntry) -> Result<bool, StoreError>;
    fn delete(&self, user_id: &str, id: &str) -> Result<bool, StoreError>;
    fn get(&self, user_id: &str, id: &str) -> Result<Option<JournalEntry>, StoreError>;
    fn list(
        &self,
        user_id: &str,
        filter: &JournalFilter,
        offset: u32,
        limit: u32,
    ) -> Result<(Vec<JournalEntry>, u64), StoreError>;
    fn usage(&self, user_id: &str) -> Result<JournalUsage, StoreError>;
});

measured!(AssessmentStore {
    fn insert(&self, user_id: &str, assessment: &Assessment) -> Result<(), StoreError>;
    fn get(&self, user_id: &str, id: &str) -> Result<Option<Assessment>, StoreError>;
    fn list(&self, user_id: &str, limit: u32) -> Result<Vec<Assessment>, StoreError>;
    fn draft(&self, user_id: &str) -> Result<Option<AssessmentDraft>, StoreError>;
    fn save_draft(&self, user_id: &str, draft: &AssessmentDraft, now: i64) -> Result<(), StoreError>;
    fn finish(&self, user_id: &str, assessment: &Assessment) -> Result<(), StoreError>;
});

measured!(OnboardingStore {
    fn get(&self, user_id: &str) -> Result<Option<OnboardingRecord>, StoreError>;
    fn save(&self, user_id: &str, record: &OnboardingRecord) -> Result<(), StoreError>;
    fn funnel(&self) -> Result<Vec<(u8, u64)>, StoreError>;
});

measured!(ProgramStore {
    fn create(
        &self,
        user_id: &str,
        program: &Program,
        sessions: &[ProgramSession],
        replace_active: bool,
        now: i64,
    ) -> Result<(), StoreError>;
    fn active(&self, user_id: &str) -> Result<Option<Program>, StoreError>;
    fn list(&self, user_id: &str) -> Result<Vec<Program>, StoreError>;
    fn sessions(&self, user_id: &str, program_id: &str) -> Result<Vec<ProgramSession>, StoreError>;
    fn session(&self, user_id: &str, id: &str) -> Result<Option<ProgramSession>, StoreError>;
    fn reschedule(
        &self,
        user_id: &str,
        id: &str,
        date: Date,
        status: SessionStatus,
    ) -> Result<bool, StoreError>;
    fn complete_session(
        &self,
        user_id: &str,
        session: &ProgramSession,
        entry: &JournalEntry,
    ) -> Result<bool, StoreError>;
});

measured!(MemoryStore {
    fn create_thread(&self, user: &str, title: &str) -> Result<Thread, MemoryError>;
    fn list_threads(&self, user: &str, offset: u32, limit: u32) -> Result<Vec<Thread>, MemoryError>;
    fn get_thread(&self, user: &str, thread: &str) -> Result<Thread, MemoryError>;
    fn rename_thread(&self, user: &str, thread: &str, title: &str) -> Result<Thread, MemoryError>;
    fn delete_thread(&self, user: &str, thread: &str) -> Result<(), MemoryError>;
    fn append(
        &self,
        user: &str,
        thread: &str,
        messages: &[NewMessage],
    ) -> Result<Vec<Message>, MemoryError>;
    fn last_messages(&self, user: &str, thread: &str, n: u32) -> Result<Vec<Message>, MemoryError>;
    fn history(
        &self,
        user: &str,
        thread: &str,
        before_seq: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Message>, MemoryError>;
    fn working_memory(&self, user: &str) -> Result<String, MemoryError>;
    fn update_working_memory(&self, user: &str, update: &str) -> Result<String, MemoryError>;
    fn recall(
        &self,
        user: &str,
        query: &str,
        limit: u32,
        exclude_thread: Option<&str>,
    ) -> Result<Vec<RecallHit>, MemoryError>;
    fn usage(&self, user: &str) -> Result<MemoryUsage, MemoryError>;
});

/// The coach's memory, measured (aggregate `memory`): `libsql`, or `libsql-remote` when it
/// lives in a libSQL server of its own (`MEMORY_DB_URL`).
pub fn memory(inner: Arc<dyn MemoryStore>, remote: bool) -> Arc<dyn MemoryStore> {
    let backend = if remote { "libsql-remote" } else { "libsql" };
    Arc::new(Measured::new(inner, "memory", backend))
}

/// Every application store of `stores`, measured, labelled with its backend.
pub fn stores(mut s: AppStores) -> AppStores {
    let backend = if s.postgres.is_some() {
        "postgres"
    } else {
        "libsql"
    };
    s.accounts = Arc::new(Measured::new(s.accounts, "accounts", backend));
    s.sessions = Arc::new(Measured::new(s.sessions, "sessions", backend));
    s.profiles = Arc::new(Measured::new(s.profiles, "profiles", backend));
    s.journal = Arc::new(Measured::new(s.journal, "journal", backend));
    s.assessments = Arc::new(Measured::new(s.assessments, "assessments", backend));
    s.programs = Arc::new(Measured::new(s.programs, "programs", backend));
    s.onboarding = Arc::new(Measured::new(s.onboarding, "onboarding", backend));
    s.runs = Arc::new(Measured::new(s.runs, "runs", backend));
    s
}
