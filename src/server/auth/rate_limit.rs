//! Fixed-window attempt counters kept in memory, keyed by IP or account.
//! (One process holds them; several instances would share Redis instead — see README.)
use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub max: u32,
    pub window_secs: i64,
}

/// Most keys one limiter remembers; past this the oldest windows are forgotten.
const MAX_TRACKED: usize = 10_000;

pub struct RateLimiter {
    limit: Limit,
    windows: Mutex<HashMap<String, (i64, u32)>>,
}

impl RateLimiter {
    pub fn new(limit: Limit) -> Self {
        Self {
            limit,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// True when `key` has used up its attempts in the current window.
    pub fn is_blocked(&self, key: &str, now: i64) -> bool {
        let windows = self.windows.lock().expect("rate limit lock");
        windows.get(key).is_some_and(|(start, count)| {
            now - start < self.limit.window_secs && *count >= self.limit.max
        })
    }

    /// Counts one attempt for `key`.
    pub fn record(&self, key: &str, now: i64) {
        let mut windows = self.windows.lock().expect("rate limit lock");
        // Keep memory bounded: drop finished windows once the map grows, and if it is still
        // full (a flood of distinct keys inside one window), forget the oldest windows first.
        if windows.len() >= MAX_TRACKED {
            windows.retain(|_, (start, _)| now - *start < self.limit.window_secs);
        }
        if windows.len() >= MAX_TRACKED {
            let mut starts: Vec<i64> = windows.values().map(|(start, _)| *start).collect();
            starts.sort_unstable();
            let cutoff = starts[starts.len() / 2];
            windows.retain(|_, (start, _)| *start > cutoff);
        }
        let entry = windows.entry(key.to_string()).or_insert((now, 0));
        if now - entry.0 >= self.limit.window_secs {
            *entry = (now, 0);
        }
        entry.1 += 1;
    }

    /// How many keys are tracked now.
    pub fn tracked(&self) -> usize {
        self.windows.lock().expect("rate limit lock").len()
    }

    pub fn clear(&self, key: &str) {
        self.windows.lock().expect("rate limit lock").remove(key);
    }

    pub fn window_minutes(&self) -> i64 {
        (self.limit.window_secs + 59) / 60
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_max_attempts_until_the_window_ends() {
        let rl = RateLimiter::new(Limit {
            max: 3,
            window_secs: 60,
        });
        for _ in 0..3 {
            assert!(!rl.is_blocked("ip", 100));
            rl.record("ip", 100);
        }
        assert!(rl.is_blocked("ip", 100));
        assert!(rl.is_blocked("ip", 159));
        assert!(!rl.is_blocked("other", 100));
        assert!(!rl.is_blocked("ip", 160));
        rl.record("ip", 160);
        assert!(!rl.is_blocked("ip", 160));
        rl.clear("ip");
        assert!(!rl.is_blocked("ip", 160));
        assert_eq!(rl.window_minutes(), 1);
    }

    #[test]
    fn memory_stays_bounded_under_a_flood_of_keys() {
        let rl = RateLimiter::new(Limit {
            max: 3,
            window_secs: 60,
        });
        // All inside one window, so none has finished: the oldest are forgotten instead.
        for i in 0..(3 * MAX_TRACKED as i64) {
            rl.record(&format!("key{i}"), i / 1000);
        }
        assert!(rl.tracked() <= MAX_TRACKED);
        // The newest keys are still counted.
        let newest = format!("key{}", 3 * MAX_TRACKED - 1);
        rl.record(&newest, 30);
        rl.record(&newest, 30);
        assert!(rl.is_blocked(&newest, 30));
    }
}
