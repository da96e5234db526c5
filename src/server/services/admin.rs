//! The operators' dashboard (`/admin`) and who may open it (`climbingpill admin grant|revoke`).
//!
//! Admins only: anyone else is told "no such page" ([`AdminError::NotAdmin`], a 404 above
//! this layer), so the dashboard's existence isn't advertised. Everything it reads is an
//! aggregate; the only emails are the admins'.
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use async_trait::async_trait;

use crate::domain::admin::{
    Activity, AgentDay, AgentOverview, Dashboard, DayActivity, FunnelStep, MemoryOverview,
    TableGrowth, TableSize, DAYS, SLOW_QUERIES,
};
use crate::server::clock::Clock;
use crate::server::db::timings::{LatencySummary, SLOW_QUERIES as SLOW_LOG};
use crate::server::db::Db;
use crate::server::memory::{
    MemoryError, MemoryStore, MemoryUsage, Message, NewMessage, RecallHit, Thread,
};
use crate::server::stores::{AccountStore, AdminStore, OnboardingStore, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// Not an admin (or not signed in): the page doesn't exist for them.
    #[error("not an admin")]
    NotAdmin,
    #[error("no account with the email {0}")]
    UnknownEmail(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl crate::server::services::store_cause::StoreCause for AdminError {
    fn store_cause(&self) -> Option<&StoreError> {
        match self {
            Self::Store(s) => Some(s),
            _ => None,
        }
    }
}

pub struct AdminService {
    /// The application data's admin store (libSQL or PostgreSQL).
    store: Arc<dyn AdminStore>,
    /// The libSQL database of agent memory, and its own admin store when it isn't the one
    /// above (application data in PostgreSQL, or memory in a remote libSQL database): its
    /// tables are in the growth snapshot too.
    memory_db: Db,
    memory_sizes: Option<Arc<dyn AdminStore>>,
    onboarding: Arc<dyn OnboardingStore>,
    latencies: Arc<LatencySummary>,
    clock: Arc<dyn Clock>,
    backend: &'static str,
}

impl AdminService {
    pub fn new(
        store: Arc<dyn AdminStore>,
        memory_db: Db,
        memory_sizes: Option<Arc<dyn AdminStore>>,
        onboarding: Arc<dyn OnboardingStore>,
        latencies: Arc<LatencySummary>,
        clock: Arc<dyn Clock>,
        postgres: bool,
    ) -> Self {
        Self {
            store,
            memory_db,
            memory_sizes,
            onboarding,
            latencies,
            clock,
            backend: if postgres { "PostgreSQL" } else { "libSQL" },
        }
    }

    pub async fn is_admin(&self, user_id: &str) -> Result<bool, AdminError> {
        Ok(self.store.is_admin(user_id).await?)
    }

    /// The dashboard, for an admin; [`AdminError::NotAdmin`] for anyone else.
    pub async fn dashboard(&self, user_id: &str) -> Result<Dashboard, AdminError> {
        if !self.store.is_admin(user_id).await? {
            return Err(AdminError::NotAdmin);
        }
        let now = self.clock.now_ms();
        let today = self.clock.today();
        let first = today.add_days(-(DAYS as i64 - 1));
        let from_day = first.to_string();
        let (threads, messages, wm_24h, wm_7d) =
            crate::server::stores::libsql::memory_counts(&self.memory_db, now).await?;
        let daily = self.store.daily(&from_day).await?;
        let by_day = |d: &str| {
            daily
                .iter()
                .find(|c| c.day == d)
                .cloned()
                .unwrap_or_default()
        };
        let days: Vec<String> = (0..DAYS as i64)
            .map(|i| first.add_days(i).to_string())
            .collect();
        let activity = Activity {
            active: self.store.active_climbers(now).await?,
            days: days
                .iter()
                .map(|d| {
                    let c = by_day(d);
                    DayActivity {
                        day: d.clone(),
                        sessions_logged: c.sessions_logged,
                        coach_turns: c.coach_turns,
                    }
                })
                .collect(),
        };
        let agent = AgentOverview {
            days: days
                .iter()
                .map(|d| {
                    let c = by_day(d);
                    AgentDay {
                        day: d.clone(),
                        turns: c.coach_turns,
                        tokens_in: c.tokens_in,
                        tokens_out: c.tokens_out,
                        errors: c.errors,
                        tool_calls: c.tool_calls,
                        tool_failures: c.tool_failures,
                    }
                })
                .collect(),
        };
        Ok(Dashboard {
            generated_at: now,
            backend: self.backend.to_string(),
            admins: self.store.admins().await?,
            memory: MemoryOverview {
                threads,
                messages,
                working_memory_24h: wm_24h,
                working_memory_7d: wm_7d,
                operations: self.latencies.snapshot(),
            },
            activity,
            growth: self.growth(&from_day).await?,
            slow_queries: SLOW_LOG.slowest(crate::server::db::timings::now_ms(), SLOW_QUERIES),
            funnel: self.funnel().await?,
            agent,
        })
    }

    async fn growth(&self, from_day: &str) -> Result<Vec<TableGrowth>, AdminError> {
        let mut records = self.store.table_sizes(from_day).await?;
        if let Some(memory) = &self.memory_sizes {
            // From the memory database, only what lives there: agent memory.
            records.extend(
                memory
                    .table_sizes(from_day)
                    .await?
                    .into_iter()
                    .filter(|r| is_memory_table(&r.table)),
            );
        }
        let mut out: Vec<TableGrowth> = Vec::new();
        for r in records {
            let size = TableSize {
                day: r.day,
                rows: r.rows,
                bytes: r.bytes,
            };
            match out.iter_mut().find(|t| t.table == r.table) {
                Some(t) => t.days.push(size),
                None => out.push(TableGrowth {
                    table: r.table,
                    days: vec![size],
                }),
            }
        }
        for t in &mut out {
            t.days.sort_by(|a, b| a.day.cmp(&b.day));
        }
        // Biggest first (latest snapshot's bytes, else rows).
        let latest = |t: &TableGrowth| {
            t.days
                .last()
                .map_or((0, 0), |s| (s.bytes.unwrap_or(0), s.rows))
        };
        out.sort_by(|a, b| latest(b).cmp(&latest(a)).then(a.table.cmp(&b.table)));
        Ok(out)
    }

    async fn funnel(&self) -> Result<Vec<FunnelStep>, AdminError> {
        use crate::domain::onboarding::Step;
        Ok(self
            .onboarding
            .funnel()
            .await?
            .into_iter()
            .map(|(step, climbers)| FunnelStep {
                step,
                // The result step's number means "finished" (saved only on finishing).
                label: Step::from_number(step)
                    .filter(|s| *s != Step::Result)
                    .map_or("Finished", |s| s.title())
                    .to_string(),
                climbers,
            })
            .collect())
    }

    /// Records today's table sizes unless already done; true when it recorded them.
    pub async fn snapshot_if_due(&self) -> Result<bool, AdminError> {
        let today = self.clock.today().to_string();
        if self.store.has_table_sizes(&today).await? {
            return Ok(false);
        }
        let now = self.clock.now_ms();
        self.store.record_table_sizes(&today, now).await?;
        if let Some(memory) = &self.memory_sizes {
            memory.record_table_sizes(&today, now).await?;
        }
        Ok(true)
    }

    /// Takes the daily snapshot now and then every hour when due, while the service lives.
    pub fn spawn_daily_snapshot(self: &Arc<Self>) {
        let Ok(handle) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let service: Weak<Self> = Arc::downgrade(self);
        handle.spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(3600));
            loop {
                tick.tick().await;
                let Some(service) = service.upgrade() else {
                    break;
                };
                match service.snapshot_if_due().await {
                    Ok(true) => tracing::info!("recorded today's table sizes"),
                    Ok(false) => {}
                    Err(e) => tracing::warn!(error = %e, "could not record table sizes"),
                }
            }
        });
    }
}

/// Agent memory's tables (always in libSQL).
fn is_memory_table(name: &str) -> bool {
    ["threads", "messages", "working_memory", "memory_usage"].contains(&name)
        || name.starts_with("embeddings")
}

/// What `climbingpill admin grant|revoke` did.
#[derive(Debug, PartialEq, Eq)]
pub enum AdminChange {
    Granted,
    AlreadyAdmin,
    Revoked,
    WasNotAdmin,
}

/// Makes the climber with `email` an admin.
pub async fn grant(
    accounts: &dyn AccountStore,
    admins: &dyn AdminStore,
    email: &str,
    now: i64,
) -> Result<AdminChange, AdminError> {
    let id = account_id(accounts, email).await?;
    Ok(if admins.grant(&id, now).await? {
        AdminChange::Granted
    } else {
        AdminChange::AlreadyAdmin
    })
}

/// Takes the dashboard away from the climber with `email`.
pub async fn revoke(
    accounts: &dyn AccountStore,
    admins: &dyn AdminStore,
    email: &str,
) -> Result<AdminChange, AdminError> {
    let id = account_id(accounts, email).await?;
    Ok(if admins.revoke(&id).await? {
        AdminChange::Revoked
    } else {
        AdminChange::WasNotAdmin
    })
}

async fn account_id(accounts: &dyn AccountStore, email: &str) -> Result<String, AdminError> {
    let normalized = email.trim().to_lowercase();
    match accounts.find_by_email(&normalized).await? {
        Some(a) => Ok(a.id),
        None => Err(AdminError::UnknownEmail(email.trim().to_string())),
    }
}

/// The coach's memory with each operation's latency kept for the dashboard's p50/p95/p99
/// (a bounded summary: the last calls of each operation).
pub struct TimedMemory {
    inner: Arc<dyn MemoryStore>,
    latencies: Arc<LatencySummary>,
}

impl TimedMemory {
    pub fn wrap(
        inner: Arc<dyn MemoryStore>,
        latencies: Arc<LatencySummary>,
    ) -> Arc<dyn MemoryStore> {
        Arc::new(Self { inner, latencies })
    }

    async fn timed<T>(&self, op: &'static str, call: impl std::future::Future<Output = T>) -> T {
        let started = Instant::now();
        let out = call.await;
        self.latencies.record(op, started.elapsed());
        out
    }
}

#[async_trait]
impl MemoryStore for TimedMemory {
    async fn create_thread(&self, user: &str, title: &str) -> Result<Thread, MemoryError> {
        self.timed("create_thread", self.inner.create_thread(user, title))
            .await
    }
    async fn list_threads(
        &self,
        user: &str,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<Thread>, MemoryError> {
        self.timed("list_threads", self.inner.list_threads(user, offset, limit))
            .await
    }
    async fn get_thread(&self, user: &str, thread: &str) -> Result<Thread, MemoryError> {
        self.timed("get_thread", self.inner.get_thread(user, thread))
            .await
    }
    async fn rename_thread(
        &self,
        user: &str,
        thread: &str,
        title: &str,
    ) -> Result<Thread, MemoryError> {
        self.timed(
            "rename_thread",
            self.inner.rename_thread(user, thread, title),
        )
        .await
    }
    async fn delete_thread(&self, user: &str, thread: &str) -> Result<(), MemoryError> {
        self.timed("delete_thread", self.inner.delete_thread(user, thread))
            .await
    }
    async fn append(
        &self,
        user: &str,
        thread: &str,
        messages: &[NewMessage],
    ) -> Result<Vec<Message>, MemoryError> {
        self.timed("append", self.inner.append(user, thread, messages))
            .await
    }
    async fn last_messages(
        &self,
        user: &str,
        thread: &str,
        n: u32,
    ) -> Result<Vec<Message>, MemoryError> {
        self.timed("last_messages", self.inner.last_messages(user, thread, n))
            .await
    }
    async fn history(
        &self,
        user: &str,
        thread: &str,
        before_seq: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Message>, MemoryError> {
        self.timed(
            "history",
            self.inner.history(user, thread, before_seq, limit),
        )
        .await
    }
    async fn working_memory(&self, user: &str) -> Result<String, MemoryError> {
        self.timed("working_memory", self.inner.working_memory(user))
            .await
    }
    async fn update_working_memory(&self, user: &str, update: &str) -> Result<String, MemoryError> {
        self.timed(
            "update_working_memory",
            self.inner.update_working_memory(user, update),
        )
        .await
    }
    async fn recall(
        &self,
        user: &str,
        query: &str,
        limit: u32,
        exclude_thread: Option<&str>,
    ) -> Result<Vec<RecallHit>, MemoryError> {
        self.timed(
            "recall",
            self.inner.recall(user, query, limit, exclude_thread),
        )
        .await
    }
    async fn usage(&self, user: &str) -> Result<MemoryUsage, MemoryError> {
        self.timed("usage", self.inner.usage(user)).await
    }
}

#[cfg(test)]
mod tests {
    use super::is_memory_table;

    #[test]
    fn memory_tables_are_told_apart() {
        assert!(is_memory_table("messages"));
        assert!(!is_memory_table("accounts"));
    }
}
