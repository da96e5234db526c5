//! In-process timings for the admin dashboard: the slowest SQL statements of the last 24
//! hours (fed by both store layers: `PooledConn` for libSQL, `pg::PgTx` for PostgreSQL) and
//! latency summaries per memory operation. Both are bounded, whatever the traffic.
//!
//! Why not a histogram crate: the dashboard wants the statements themselves (text and call
//! site) and exact recent quantiles per operation; both fit in a few dozen lines, and cost a
//! clock read and (usually) one atomic load per statement.
use std::collections::HashMap;
use std::panic::Location;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::domain::admin::{quantile, OpLatency, SlowQuery};

/// Statements kept per hour: the slowest distinct (call site, text) pairs.
pub const KEEP_PER_HOUR: usize = 20;
/// Hours in the ring: one slot per hour of the last day.
pub const HOURS: usize = 24;
/// Longest statement text kept, in characters.
pub const MAX_SQL_CHARS: usize = 240;
const HOUR_MS: i64 = 3_600_000;

/// Every statement of this process, both backends.
pub static SLOW_QUERIES: LazyLock<SlowLog> = LazyLock::new(SlowLog::default);

/// Records one statement into [`SLOW_QUERIES`].
pub fn record_statement(
    backend: &'static str,
    sql: &str,
    site: &'static Location<'static>,
    took: Duration,
) {
    SLOW_QUERIES.record(now_ms(), backend, sql, site, took);
}

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

#[derive(Clone, Debug)]
struct Entry {
    site: &'static Location<'static>,
    backend: &'static str,
    sql: String,
    micros: u64,
    at_ms: i64,
}

#[derive(Default)]
struct Slot {
    hour: i64,
    entries: Vec<Entry>,
}

/// A ring of [`HOURS`] hourly slots, each holding its hour's [`KEEP_PER_HOUR`] slowest
/// statements. A slot is reused (cleared) when its hour comes round again, so the log holds
/// at most `HOURS * KEEP_PER_HOUR` entries and never more than the last day.
pub struct SlowLog {
    slots: [Mutex<Slot>; HOURS],
    /// Per slot: the hour it holds and, once full, its fastest kept duration (µs). A statement
    /// no slower than that is dropped without taking the lock.
    hours: [AtomicU64; HOURS],
    floors: [AtomicU64; HOURS],
}

impl Default for SlowLog {
    fn default() -> Self {
        Self {
            slots: std::array::from_fn(|_| Mutex::new(Slot::default())),
            hours: std::array::from_fn(|_| AtomicU64::new(u64::MAX)),
            floors: std::array::from_fn(|_| AtomicU64::new(0)),
        }
    }
}

/// Whitespace folded to single spaces, cut at [`MAX_SQL_CHARS`].
pub fn fold_sql(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len().min(MAX_SQL_CHARS + 1));
    for (i, word) in sql.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
        if out.chars().count() > MAX_SQL_CHARS {
            let cut: String = out.chars().take(MAX_SQL_CHARS - 1).collect();
            return cut + "…";
        }
    }
    out
}

impl SlowLog {
    pub fn record(
        &self,
        now_ms: i64,
        backend: &'static str,
        sql: &str,
        site: &'static Location<'static>,
        took: Duration,
    ) {
        let hour = now_ms.div_euclid(HOUR_MS);
        let i = hour.rem_euclid(HOURS as i64) as usize;
        let micros = took.as_micros().min(u128::from(u64::MAX)) as u64;
        if self.hours[i].load(Ordering::Relaxed) == hour as u64
            && micros <= self.floors[i].load(Ordering::Relaxed)
        {
            return;
        }
        let mut slot = self.slots[i]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if slot.hour != hour || self.hours[i].load(Ordering::Relaxed) != hour as u64 {
            slot.hour = hour;
            slot.entries.clear();
            self.floors[i].store(0, Ordering::Relaxed);
            self.hours[i].store(hour as u64, Ordering::Relaxed);
        }
        let folded = fold_sql(sql);
        let same = |e: &&mut Entry| *e.site == *site && e.backend == backend && e.sql == folded;
        if let Some(e) = slot.entries.iter_mut().find(same) {
            if micros > e.micros {
                e.micros = micros;
                e.at_ms = now_ms;
            }
        } else {
            let entry = Entry {
                site,
                backend,
                sql: folded,
                micros,
                at_ms: now_ms,
            };
            if slot.entries.len() < KEEP_PER_HOUR {
                slot.entries.push(entry);
            } else if let Some(fastest) = slot.entries.iter_mut().min_by_key(|e| e.micros) {
                if micros > fastest.micros {
                    *fastest = entry;
                }
            }
        }
        if slot.entries.len() == KEEP_PER_HOUR {
            let floor = slot.entries.iter().map(|e| e.micros).min().unwrap_or(0);
            self.floors[i].store(floor, Ordering::Relaxed);
        }
    }

    /// The `n` slowest distinct statements of the 24 hours before `now_ms`, slowest first.
    pub fn slowest(&self, now_ms: i64, n: usize) -> Vec<SlowQuery> {
        let current = now_ms.div_euclid(HOUR_MS);
        let mut all: HashMap<(&'static Location<'static>, &'static str, String), Entry> =
            HashMap::new();
        for slot in &self.slots {
            let slot = slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if slot.entries.is_empty() || slot.hour <= current - HOURS as i64 || slot.hour > current
            {
                continue;
            }
            for e in &slot.entries {
                if e.at_ms <= now_ms - 24 * HOUR_MS {
                    continue;
                }
                let key = (e.site, e.backend, e.sql.clone());
                match all.get_mut(&key) {
                    Some(kept) if kept.micros >= e.micros => {}
                    _ => {
                        all.insert(key, e.clone());
                    }
                }
            }
        }
        let mut out: Vec<Entry> = all.into_values().collect();
        out.sort_by(|a, b| b.micros.cmp(&a.micros).then(a.sql.cmp(&b.sql)));
        out.into_iter()
            .take(n)
            .map(|e| SlowQuery {
                sql: e.sql,
                site: format!("{}:{}", e.site.file(), e.site.line()),
                backend: e.backend.to_string(),
                ms: e.micros as f64 / 1000.0,
                at: e.at_ms,
            })
            .collect()
    }

    /// Entries held, all slots (for the bound's test).
    pub fn len(&self) -> usize {
        self.slots
            .iter()
            .map(|s| s.lock().map_or(0, |s| s.entries.len()))
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The last [`SAMPLES`] durations of each operation, for p50/p95/p99.
pub const SAMPLES: usize = 2048;

#[derive(Default)]
pub struct LatencySummary {
    ops: Mutex<HashMap<&'static str, Samples>>,
}

#[derive(Default)]
struct Samples {
    calls: u64,
    /// Milliseconds; a ring once full (`next` is the oldest).
    ms: Vec<f64>,
    next: usize,
}

impl LatencySummary {
    pub fn record(&self, op: &'static str, took: Duration) {
        let ms = took.as_secs_f64() * 1000.0;
        let mut ops = self
            .ops
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let s = ops.entry(op).or_default();
        s.calls += 1;
        if s.ms.len() < SAMPLES {
            s.ms.push(ms);
        } else {
            s.ms[s.next] = ms;
            s.next = (s.next + 1) % SAMPLES;
        }
    }

    /// Every operation seen, by name, with its quantiles over the samples kept.
    pub fn snapshot(&self) -> Vec<OpLatency> {
        let ops = self
            .ops
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut out: Vec<OpLatency> = ops
            .iter()
            .map(|(op, s)| {
                let mut sorted = s.ms.clone();
                sorted.sort_by(f64::total_cmp);
                OpLatency {
                    op: op.to_string(),
                    calls: s.calls,
                    p50_ms: quantile(&sorted, 0.50),
                    p95_ms: quantile(&sorted, 0.95),
                    p99_ms: quantile(&sorted, 0.99),
                }
            })
            .collect();
        out.sort_by(|a, b| a.op.cmp(&b.op));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn here() -> &'static Location<'static> {
        Location::caller()
    }

    const T0: i64 = 1_780_000_000_000;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn keeps_the_slowest_distinct_statements_slowest_first() {
        let log = SlowLog::default();
        let site = here();
        for i in 0..100u64 {
            log.record(T0, "libSQL", &format!("SELECT {i}"), site, ms(i));
        }
        // The same statement again, slower: one entry, with its slowest run.
        log.record(T0 + 5, "libSQL", "SELECT   99", site, ms(500));
        let top = log.slowest(T0 + 10, 20);
        assert_eq!(top.len(), 20);
        assert_eq!(top[0].sql, "SELECT 99");
        assert_eq!(top[0].ms, 500.0);
        assert_eq!(top[0].at, T0 + 5);
        assert_eq!(top[19].sql, "SELECT 80");
        assert!(top[0]
            .site
            .ends_with(&format!("timings.rs:{}", site.line())));
        assert!(log.len() <= KEEP_PER_HOUR);
    }

    #[test]
    fn the_same_text_from_two_call_sites_is_two_entries() {
        let log = SlowLog::default();
        let a = here();
        let b = here();
        log.record(T0, "PostgreSQL", "SELECT 1", a, ms(3));
        log.record(T0, "PostgreSQL", "SELECT 1", b, ms(2));
        let top = log.slowest(T0, 20);
        assert_eq!(top.len(), 2);
        assert_ne!(top[0].site, top[1].site);
    }

    #[test]
    fn forgets_what_is_older_than_a_day_and_stays_bounded() {
        let log = SlowLog::default();
        let site = here();
        log.record(T0, "libSQL", "SELECT old", site, ms(900));
        // Two days of traffic, a new statement every 10 minutes, each slower than the last.
        for i in 1..=288i64 {
            log.record(
                T0 + i * 600_000,
                "libSQL",
                &format!("SELECT {i}"),
                site,
                ms(i as u64),
            );
        }
        let now = T0 + 288 * 600_000;
        let top = log.slowest(now, 20);
        assert!(top.iter().all(|q| q.sql != "SELECT old"), "{top:?}");
        assert!(top.iter().all(|q| q.at > now - 24 * HOUR_MS));
        assert_eq!(top[0].sql, "SELECT 288");
        assert!(log.len() <= HOURS * KEEP_PER_HOUR);
        // A day later with no traffic, nothing is listed.
        assert!(log.slowest(now + 25 * HOUR_MS, 20).is_empty());
    }

    #[test]
    fn a_full_hour_drops_faster_statements_and_replaces_its_fastest() {
        let log = SlowLog::default();
        let site = here();
        for i in 0..KEEP_PER_HOUR as u64 {
            log.record(T0, "libSQL", &format!("SELECT {i}"), site, ms(10 + i));
        }
        log.record(T0, "libSQL", "SELECT fast", site, ms(1));
        log.record(T0, "libSQL", "SELECT slow", site, ms(1000));
        let top = log.slowest(T0, 100);
        assert_eq!(top.len(), KEEP_PER_HOUR);
        assert_eq!(top[0].sql, "SELECT slow");
        assert!(top
            .iter()
            .all(|q| q.sql != "SELECT fast" && q.sql != "SELECT 0"));
    }

    #[test]
    fn long_statements_are_folded_and_cut() {
        let sql = format!("SELECT\n    {}", "x, ".repeat(200));
        let folded = fold_sql(&sql);
        assert!(folded.starts_with("SELECT x, x,"));
        assert_eq!(folded.chars().count(), MAX_SQL_CHARS);
        assert!(folded.ends_with('…'));
    }

    #[test]
    fn latency_summary_gives_quantiles_of_the_recent_calls() {
        let s = LatencySummary::default();
        for i in 1..=100 {
            s.record("append", ms(i));
        }
        s.record("recall", ms(7));
        let snap = s.snapshot();
        assert_eq!(snap.len(), 2);
        assert_eq!(snap[0].op, "append");
        assert_eq!(snap[0].calls, 100);
        assert!((snap[0].p50_ms - 50.0).abs() < 1e-9);
        assert!((snap[0].p95_ms - 95.0).abs() < 1e-9);
        assert!((snap[0].p99_ms - 99.0).abs() < 1e-9);
        // Bounded: old samples make way for new ones.
        for _ in 0..SAMPLES {
            s.record("append", ms(1));
        }
        let snap = s.snapshot();
        assert_eq!(snap[0].calls, 100 + SAMPLES as u64);
        assert!((snap[0].p99_ms - 1.0).abs() < 1e-9);
    }
}
