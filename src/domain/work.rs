//! A deterministic count of the work the free-text readers do (intent, grades, dates and
//! periods), so a test can check they stay linear in the length of a message without timing
//! anything. Each reader calls [`tick`] in its loops; outside tests it compiles to nothing.
#[cfg(test)]
thread_local! {
    static STEPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Counts `n` steps of work (tests only).
#[inline(always)]
pub(crate) fn tick(n: usize) {
    #[cfg(test)]
    STEPS.with(|s| s.set(s.get() + n as u64));
    #[cfg(not(test))]
    let _ = n;
}

/// Runs `f` and returns the steps it counted on this thread.
#[cfg(test)]
pub(crate) fn count<T>(f: impl FnOnce() -> T) -> (T, u64) {
    let before = STEPS.with(|s| s.get());
    let out = f();
    (out, STEPS.with(|s| s.get()) - before)
}
