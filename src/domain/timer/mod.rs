//! The hangboard / interval timer: pure rules, no I/O, the same on the server and in the
//! browser.
//!
//! - [`plan`]: [`TimerPlan`] (get-ready, work, rests, reps, sets), its limits and the flat
//!   list of [`PhaseSpan`]s a run walks through.
//! - [`duration`]: [`parse_duration`], lengths of time as climbers type them ("2 min" = 120 s;
//!   a bare number is seconds).
//! - [`parse`]: [`parse_timer_request`] turns a chat message ("7 on 3 off, 6 reps, 3 sets",
//!   "timer 2 min", "max hangs") into a validated plan; [`looks_like_timer_request`] is the
//!   conservative check the chat intent router uses.
//! - [`presets`]: the named protocols of `../shared/DOMAIN.md` (MaxHangs, 7:3 repeaters,
//!   IntHangs, Hörst 7-53, 4x4s, ARC, limit bouldering) as [`Preset`]s.
//! - [`state`]: [`TimerRun`], the running timer as a state machine driven by the caller's
//!   monotonic clock (`performance.now()` in the browser), its [`TimerView`] and the
//!   [`Cue`]s to beep on.
//!
//! - [`link`]: a plan as a `/timer?…` link (the chat's timer card and the timer page).
//! - [`journal`]: a finished timer as a journal entry.
//!
//! Apart from `journal`, these submodules depend on nothing else in the crate, so that they
//! build and test alone.
pub mod duration;
pub mod journal;
pub mod link;
pub mod parse;
pub mod plan;
pub mod presets;
pub mod state;

pub use duration::parse_duration;
pub use parse::{looks_like_timer_request, parse_timer_request};
pub use plan::{format_duration, PhaseKind, PhaseSpan, TimerError, TimerPlan};
pub use presets::Preset;
pub use state::{cues_between, Cue, RunStatus, TimerRun, TimerView};
