//! The words climbers use for numbers, units, lengths of time and calendar days, read in one
//! place for every feature that takes free text: the offline coach ([`crate::domain::intent`]),
//! onboarding's lenient answers ([`crate::domain::onboarding`]), the timer's requests
//! ([`crate::domain::timer`]), the assessment's boxes and the history periods
//! ([`crate::domain::when`]). Grades have their own reader, [`crate::domain::grade`], which all
//! of these use too.
//!
//! - [`numbers`]: "forty five", "a couple of", "a few", "a dozen" and the count reader;
//! - [`units`]: time units ("h", "hrs", "mins", "'"), spans (days to decades), kg and lb;
//! - [`calendar`]: month, weekday and season names, days of the month ("21st");
//! - [`tokens`]: the one splitter of free text ([`tokens::pieces`]: runs of letters, digits,
//!   spaces and single marks with their byte offsets) and its three views: the tokens of short
//!   answers and requests (numbers, clock times, words), the coach's words (with offsets,
//!   clauses and sentences) and the history periods' letter-and-digit words;
//! - [`duration`]: one reader of lengths of time ("1h30", "an hour and a half", "2m30s"),
//!   with [`duration::Rules`] for what each feature accepts.
//!
//! The readers work on any token stream through [`Words`], so the coach's message (whose
//! words know whether they sit inside a grade) shares them with the simpler token lists. This module
//! reaches the browser with the timer; it holds nothing server-only.
pub mod calendar;
pub mod duration;
pub mod numbers;
pub mod tokens;
pub mod units;

/// A token stream the shared readers can walk: the lower-case word at `i` ("" when the token
/// is not a word or `i` is past the end) and the number written in digits at `i`.
pub trait Words {
    fn word(&self, i: usize) -> &str;
    fn number(&self, i: usize) -> Option<f64>;
    /// A clock time ("1:30") at `i`, in seconds; streams without clock tokens have none.
    fn clock(&self, _i: usize) -> Option<u32> {
        None
    }
    /// A unit mark at `i`: `'` (minutes) or `"` (seconds) written as a symbol.
    fn mark(&self, _i: usize) -> Option<units::TimeUnit> {
        None
    }
}
