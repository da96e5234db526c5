//! The operators' dashboard (`/admin`): what it shows, as plain data the server fills and the
//! browser draws. Aggregates only: counts, sums, durations, statement text without values,
//! and the admins' own emails. Never a message, a journal note or a climber's email.
use serde::{Deserialize, Serialize};

/// How many days the per-day charts cover (today included).
pub const DAYS: usize = 30;
/// How many statements the slow-query table lists.
pub const SLOW_QUERIES: usize = 20;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// Unix milliseconds when the numbers were read.
    pub generated_at: i64,
    /// Where the application data lives: "libSQL" or "PostgreSQL".
    pub backend: String,
    pub admins: Vec<AdminEntry>,
    pub memory: MemoryOverview,
    pub activity: Activity,
    pub growth: Vec<TableGrowth>,
    pub slow_queries: Vec<SlowQuery>,
    /// Climbers who reached each onboarding step (the last one: finished).
    pub funnel: Vec<FunnelStep>,
    pub agent: AgentOverview,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminEntry {
    pub email: String,
    /// Unix milliseconds.
    pub granted_at: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MemoryOverview {
    pub threads: u64,
    pub messages: u64,
    /// Climbers whose working memory changed in the last 24 hours / 7 days.
    pub working_memory_24h: u64,
    pub working_memory_7d: u64,
    /// Latency of each memory operation since the server started (the last calls of each).
    pub operations: Vec<OpLatency>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpLatency {
    pub op: String,
    /// Calls measured (the summary keeps the most recent ones).
    pub calls: u64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActiveClimbers {
    /// Climbers seen (a session used, a coach turn, a journal entry) in the last 24 h, 7 d, 30 d.
    pub daily: u64,
    pub weekly: u64,
    pub monthly: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub active: ActiveClimbers,
    /// The last [`DAYS`] days, oldest first, every day present.
    pub days: Vec<DayActivity>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayActivity {
    /// UTC day, YYYY-MM-DD.
    pub day: String,
    /// Journal entries saved (sessions logged).
    pub sessions_logged: u64,
    pub coach_turns: u64,
}

/// One table's size, day by day (oldest first), from the server's daily snapshot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableGrowth {
    pub table: String,
    pub days: Vec<TableSize>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableSize {
    pub day: String,
    pub rows: u64,
    /// None where the database can't tell (a remote libSQL server).
    pub bytes: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlowQuery {
    /// The statement's text, whitespace folded and cut (parameters are never in it).
    pub sql: String,
    /// Where the store layer ran it (file:line).
    pub site: String,
    /// "libSQL" or "PostgreSQL".
    pub backend: String,
    /// The slowest run in the window, in milliseconds.
    pub ms: f64,
    /// Unix milliseconds of that run.
    pub at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelStep {
    pub step: u8,
    pub label: String,
    pub climbers: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentOverview {
    /// The last [`DAYS`] days, oldest first, every day present.
    pub days: Vec<AgentDay>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentDay {
    pub day: String,
    pub turns: u64,
    pub tokens_in: u64,
    pub tokens_out: u64,
    /// Turns that ended in an error (the model provider failing, mostly).
    pub errors: u64,
    pub tool_calls: u64,
    pub tool_failures: u64,
}

impl AgentOverview {
    /// Failed tool calls over all tool calls in the window, 0..=1 (0 with no calls).
    pub fn tool_failure_rate(&self) -> f64 {
        let calls: u64 = self.days.iter().map(|d| d.tool_calls).sum();
        let failed: u64 = self.days.iter().map(|d| d.tool_failures).sum();
        if calls == 0 {
            0.0
        } else {
            failed as f64 / calls as f64
        }
    }

    pub fn provider_errors(&self) -> u64 {
        self.days.iter().map(|d| d.errors).sum()
    }

    pub fn tokens(&self) -> u64 {
        self.days.iter().map(|d| d.tokens_in + d.tokens_out).sum()
    }
}

/// The value at quantile `q` (0..=1) of `sorted` (ascending), nearest rank; 0 when empty.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (q.clamp(0.0, 1.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// A byte count for people: "812 B", "4.2 KB", "31.0 MB".
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_use_the_nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(quantile(&v, 0.5), 50.0);
        assert_eq!(quantile(&v, 0.95), 95.0);
        assert_eq!(quantile(&v, 0.99), 99.0);
        assert_eq!(quantile(&[7.0], 0.99), 7.0);
        assert_eq!(quantile(&[], 0.5), 0.0);
    }

    #[test]
    fn tool_failure_rate_is_over_all_calls() {
        let a = AgentOverview {
            days: vec![
                AgentDay {
                    tool_calls: 3,
                    tool_failures: 1,
                    errors: 2,
                    ..AgentDay::default()
                },
                AgentDay {
                    tool_calls: 1,
                    ..AgentDay::default()
                },
            ],
        };
        assert_eq!(a.tool_failure_rate(), 0.25);
        assert_eq!(a.provider_errors(), 2);
        assert_eq!(AgentOverview::default().tool_failure_rate(), 0.0);
    }

    #[test]
    fn bytes_read_like_a_person_would_say_them() {
        assert_eq!(human_bytes(812), "812 B");
        assert_eq!(human_bytes(4300), "4.2 KB");
        assert_eq!(human_bytes(32_505_856), "31.0 MB");
    }
}
