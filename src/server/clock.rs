//! Time as unix seconds, behind a trait so expiry and rate-limit tests can move time on.
use std::sync::atomic::{AtomicI64, Ordering};

pub trait Clock: Send + Sync {
    /// Unix seconds.
    fn now(&self) -> i64;
    /// Unix milliseconds (message and thread times).
    fn now_ms(&self) -> i64 {
        self.now() * 1000
    }
    /// The calendar day (UTC until profiles carry a time zone).
    fn today(&self) -> crate::domain::when::Date {
        crate::domain::when::Date::from_days_since_epoch(self.now().div_euclid(86_400))
    }
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or_default()
    }
    fn now_ms(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or_default()
    }
}

/// A clock that only moves when told to (tests, benchmarks).
pub struct ManualClock(AtomicI64);

impl ManualClock {
    pub fn new(start: i64) -> Self {
        Self(AtomicI64::new(start))
    }
    pub fn advance(&self, secs: i64) {
        self.0.fetch_add(secs, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}
