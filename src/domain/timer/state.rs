//! The running timer as a pure state machine. The caller owns the clock: every method takes
//! `now_ms` from a monotonic source (the browser's `performance.now()`), so the machine never
//! reads time itself, runs the same on the server and in tests, and survives a throttled tab
//! (nothing counts ticks; the position is always recomputed from the clock).
//!
//! # Two measures of time
//! - **Timeline position** (`TimerView::elapsed_ms`): where the run is in the plan, from 0 to
//!   `total_ms`. Pauses never advance it; [`TimerRun::skip`] jumps it to the next phase
//!   boundary, so the skipped rest of a phase *does* count here. `elapsed_ms / total_ms` is the
//!   progress bar, and a finished run always shows `elapsed_ms == total_ms`.
//! - **Worked time** ([`TimerRun::worked_ms`] / [`TimerRun::worked_s`]): wall-clock time
//!   spent running, pauses and skipped parts excluded, stopping when the run finishes. This is
//!   what the journal logs as the session's duration.
//!
//! Phase boundaries belong to the phase that starts there: at exactly 10 000 ms into a plan
//! whose get-ready is 10 s, the view shows the first work phase with its full time left.
use serde::{Deserialize, Serialize};

use super::plan::{PhaseKind, PhaseSpan, TimerPlan};

/// Where a run is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Created or reset, not started.
    Idle,
    Running,
    Paused,
    /// Reached the end of the timeline (by time or by skipping the last phase).
    Finished,
}

/// What the timer screen shows at one instant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimerView {
    pub status: RunStatus,
    /// The current phase; the first one while idle, `None` once finished (or for a plan
    /// without phases).
    pub phase: Option<PhaseSpan>,
    /// Index of `phase` in the timeline; `phase_count` once finished.
    pub phase_index: usize,
    pub phase_count: usize,
    /// Time left in the current phase (the whole first phase while idle, 0 when finished).
    pub remaining_ms: u64,
    /// Timeline position: pauses excluded, skipped parts included (see the module docs).
    pub elapsed_ms: u64,
    pub total_ms: u64,
}

/// Something the UI should beep or speak for, from [`cues_between`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cue {
    /// A phase began (on start, at a boundary, or after a skip).
    PhaseStart(PhaseKind),
    /// 3, 2 or 1 s left in the current phase.
    CountdownTick,
    Finished,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Clock {
    Idle,
    /// Position `base_ms` at wall time `anchor_ms`; `worked_ms` worked before the anchor.
    Running {
        base_ms: f64,
        anchor_ms: f64,
        worked_ms: f64,
    },
    /// Stopped at position `at_ms`.
    Paused {
        at_ms: f64,
        worked_ms: f64,
    },
}

/// A plan being run. Cheap to clone; all reads go through [`TimerRun::view`].
#[derive(Clone, Debug, PartialEq)]
pub struct TimerRun {
    phases: Vec<PhaseSpan>,
    /// Timeline start of each phase, ms (strictly increasing: phases are never empty).
    starts_ms: Vec<u64>,
    total_ms: u64,
    clock: Clock,
}

impl TimerRun {
    /// A run of `plan`, idle. The plan should have passed [`TimerPlan::validate`].
    pub fn new(plan: &TimerPlan) -> Self {
        let phases = plan.phases();
        let mut starts_ms = Vec::with_capacity(phases.len());
        let mut t = 0u64;
        for p in &phases {
            starts_ms.push(t);
            t += u64::from(p.duration_s) * 1000;
        }
        TimerRun {
            phases,
            starts_ms,
            total_ms: t,
            clock: Clock::Idle,
        }
    }

    pub fn phases(&self) -> &[PhaseSpan] {
        &self.phases
    }

    pub fn total_ms(&self) -> u64 {
        self.total_ms
    }

    /// Starts an idle run at the beginning. Does nothing once started: use
    /// [`TimerRun::resume`] after a pause and [`TimerRun::reset`] to run again.
    pub fn start(&mut self, now_ms: f64) {
        if self.clock == Clock::Idle {
            self.clock = Clock::Running {
                base_ms: 0.0,
                anchor_ms: now_ms,
                worked_ms: 0.0,
            };
        }
    }

    /// Freezes a running run. Does nothing if it isn't running (or has already finished).
    pub fn pause(&mut self, now_ms: f64) {
        if self.status(now_ms) == RunStatus::Running {
            self.clock = Clock::Paused {
                at_ms: self.position(now_ms),
                worked_ms: self.worked_ms_f(now_ms),
            };
        }
    }

    /// Continues a paused run from where it stopped. Does nothing otherwise.
    pub fn resume(&mut self, now_ms: f64) {
        if let Clock::Paused { at_ms, worked_ms } = self.clock {
            self.clock = Clock::Running {
                base_ms: at_ms,
                anchor_ms: now_ms,
                worked_ms,
            };
        }
    }

    /// Jumps to the start of the next phase (to the end after the last one, finishing the
    /// run). A paused run stays paused at the new position. Does nothing while idle or
    /// finished.
    pub fn skip(&mut self, now_ms: f64) {
        if !matches!(self.status(now_ms), RunStatus::Running | RunStatus::Paused) {
            return;
        }
        let pos = self.position(now_ms);
        let next = self
            .starts_ms
            .get(self.index_at(pos) + 1)
            .copied()
            .unwrap_or(self.total_ms) as f64;
        let worked_ms = self.worked_ms_f(now_ms);
        self.clock = match self.clock {
            Clock::Running { .. } => Clock::Running {
                base_ms: next,
                anchor_ms: now_ms,
                worked_ms,
            },
            _ => Clock::Paused {
                at_ms: next,
                worked_ms,
            },
        };
    }

    /// Back to idle at the beginning, worked time cleared.
    pub fn reset(&mut self) {
        self.clock = Clock::Idle;
    }

    pub fn status(&self, now_ms: f64) -> RunStatus {
        match self.clock {
            Clock::Idle => RunStatus::Idle,
            _ if self.position(now_ms) >= self.total_ms as f64 => RunStatus::Finished,
            Clock::Running { .. } => RunStatus::Running,
            Clock::Paused { .. } => RunStatus::Paused,
        }
    }

    /// The screen at `now_ms`. Pure: calling it never changes the run.
    pub fn view(&self, now_ms: f64) -> TimerView {
        let status = self.status(now_ms);
        let phase_count = self.phases.len();
        let (phase_index, elapsed_ms) = match status {
            RunStatus::Idle => (0, 0),
            RunStatus::Finished => (phase_count, self.total_ms),
            _ => {
                let pos = (self.position(now_ms).floor() as u64).min(self.total_ms);
                (self.index_at(pos as f64), pos)
            }
        };
        let phase = self.phases.get(phase_index).copied();
        let remaining_ms = phase.map_or(0, |p| {
            self.starts_ms[phase_index] + u64::from(p.duration_s) * 1000 - elapsed_ms
        });
        TimerView {
            status,
            phase,
            phase_index,
            phase_count,
            remaining_ms,
            elapsed_ms,
            total_ms: self.total_ms,
        }
    }

    /// Milliseconds actually run: pauses and skipped parts excluded, frozen once finished.
    pub fn worked_ms(&self, now_ms: f64) -> u64 {
        self.worked_ms_f(now_ms).floor() as u64
    }

    /// [`TimerRun::worked_ms`] in whole seconds (rounded), for the journal.
    pub fn worked_s(&self, now_ms: f64) -> u32 {
        (self.worked_ms_f(now_ms) / 1000.0).round() as u32
    }

    fn worked_ms_f(&self, now_ms: f64) -> f64 {
        match self.clock {
            Clock::Idle => 0.0,
            Clock::Running {
                base_ms,
                anchor_ms,
                worked_ms,
            } => {
                let left = (self.total_ms as f64 - base_ms).max(0.0);
                worked_ms + (now_ms - anchor_ms).clamp(0.0, left)
            }
            Clock::Paused { worked_ms, .. } => worked_ms,
        }
    }

    /// Timeline position in ms, capped at the total. A clock that goes backwards counts as
    /// standing still.
    fn position(&self, now_ms: f64) -> f64 {
        let pos = match self.clock {
            Clock::Idle => 0.0,
            Clock::Running {
                base_ms, anchor_ms, ..
            } => base_ms + (now_ms - anchor_ms).max(0.0),
            Clock::Paused { at_ms, .. } => at_ms,
        };
        pos.min(self.total_ms as f64)
    }

    /// The phase that contains timeline position `pos` (< total).
    fn index_at(&self, pos: f64) -> usize {
        self.starts_ms
            .partition_point(|&s| s as f64 <= pos)
            .saturating_sub(1)
    }
}

/// What to beep for between two consecutive views of the same run (the UI keeps the
/// previous frame's view): the start of a new phase (including the first, on start, and after
/// a skip), one tick when the time left in a phase crosses 3, 2 or 1 s, and the end. A frame
/// that jumps several boundaries gives one cue for the phase it lands in; a reset or a pause
/// gives none.
pub fn cues_between(prev: &TimerView, next: &TimerView) -> Vec<Cue> {
    let mut cues = Vec::new();
    match next.status {
        RunStatus::Finished if prev.status != RunStatus::Finished => cues.push(Cue::Finished),
        RunStatus::Running | RunStatus::Paused => {
            let new_phase = prev.status == RunStatus::Idle
                || prev.status == RunStatus::Finished
                || prev.phase_index != next.phase_index;
            if new_phase {
                if let Some(p) = next.phase {
                    cues.push(Cue::PhaseStart(p.kind));
                }
            } else if [3000, 2000, 1000]
                .iter()
                .any(|&t| prev.remaining_ms > t && next.remaining_ms <= t)
            {
                cues.push(Cue::CountdownTick);
            }
        }
        _ => {}
    }
    cues
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Get-ready 10 s, then 2 × (7 s work, 3 s rest) with a 60 s set rest between 2 sets:
    /// P10 W7 R3 W7 S60 W7 R3 W7 = 104 s.
    fn plan() -> TimerPlan {
        TimerPlan {
            label: "test".into(),
            prepare_s: 10,
            work_s: 7,
            rest_s: 3,
            reps: 2,
            sets: 2,
            set_rest_s: 60,
        }
    }

    const T0: f64 = 50_000.0; // performance.now() is rarely 0 when the user taps start

    #[test]
    fn idle_previews_the_first_phase() {
        let run = TimerRun::new(&plan());
        let v = run.view(123.0);
        assert_eq!(v.status, RunStatus::Idle);
        assert_eq!(v.phase.unwrap().kind, PhaseKind::Prepare);
        assert_eq!(v.phase_index, 0);
        assert_eq!(v.phase_count, 8);
        assert_eq!(v.remaining_ms, 10_000);
        assert_eq!(v.elapsed_ms, 0);
        assert_eq!(v.total_ms, 104_000);
        assert_eq!(run.worked_s(1e9), 0);
    }

    #[test]
    fn runs_through_phases_with_exact_boundaries() {
        let mut run = TimerRun::new(&plan());
        run.start(T0);
        let at = |ms: f64| run.view(T0 + ms);
        let v = at(0.0);
        assert_eq!(
            (v.status, v.phase_index, v.remaining_ms),
            (RunStatus::Running, 0, 10_000)
        );
        let v = at(9_999.0);
        assert_eq!((v.phase_index, v.remaining_ms), (0, 1));
        // A boundary belongs to the phase that starts there.
        let v = at(10_000.0);
        assert_eq!(v.phase.unwrap().kind, PhaseKind::Work);
        assert_eq!(
            (v.phase_index, v.remaining_ms, v.elapsed_ms),
            (1, 7_000, 10_000)
        );
        let v = at(17_000.0);
        assert_eq!(
            (v.phase.unwrap().kind, v.remaining_ms),
            (PhaseKind::Rest, 3_000)
        );
        let v = at(27_500.0);
        assert_eq!(v.phase.unwrap().kind, PhaseKind::SetRest);
        assert_eq!(v.remaining_ms, 59_500);
        let v = at(103_999.0);
        assert_eq!(
            (v.status, v.phase_index, v.remaining_ms),
            (RunStatus::Running, 7, 1)
        );
        assert_eq!(v.phase.unwrap().set, 2);
        assert_eq!(v.phase.unwrap().rep, 2);
        for ms in [104_000.0, 200_000.0] {
            let v = at(ms);
            assert_eq!(v.status, RunStatus::Finished);
            assert_eq!(v.phase, None);
            assert_eq!(v.phase_index, 8);
            assert_eq!(v.remaining_ms, 0);
            assert_eq!(v.elapsed_ms, 104_000);
        }
        assert_eq!(run.worked_s(T0 + 500_000.0), 104);
    }

    #[test]
    fn fractional_clock_floors_the_position() {
        let mut run = TimerRun::new(&plan());
        run.start(0.25);
        let v = run.view(10_000.0);
        assert_eq!((v.phase_index, v.elapsed_ms, v.remaining_ms), (0, 9_999, 1));
        let v = run.view(10_000.25);
        assert_eq!((v.phase_index, v.remaining_ms), (1, 7_000));
    }

    #[test]
    fn paused_time_never_counts() {
        let mut run = TimerRun::new(&plan());
        run.start(T0);
        run.pause(T0 + 5_000.0);
        let v = run.view(T0 + 60_000.0);
        assert_eq!(v.status, RunStatus::Paused);
        assert_eq!(
            (v.phase_index, v.remaining_ms, v.elapsed_ms),
            (0, 5_000, 5_000)
        );
        assert_eq!(run.worked_ms(T0 + 60_000.0), 5_000);
        run.resume(T0 + 60_000.0);
        let v = run.view(T0 + 66_000.0);
        assert_eq!(v.status, RunStatus::Running);
        assert_eq!(
            (v.phase_index, v.remaining_ms, v.elapsed_ms),
            (1, 6_000, 11_000)
        );
        assert_eq!(run.worked_ms(T0 + 66_000.0), 11_000);
        // Finishes 104 s of running after the start, i.e. 55 s of pause later.
        assert_eq!(run.view(T0 + 158_999.0).status, RunStatus::Running);
        assert_eq!(run.view(T0 + 159_000.0).status, RunStatus::Finished);
        assert_eq!(run.worked_s(T0 + 1e6), 104);
    }

    #[test]
    fn pause_and_resume_are_no_ops_in_the_wrong_state() {
        let mut run = TimerRun::new(&plan());
        run.pause(T0);
        run.resume(T0);
        assert_eq!(run.view(T0 + 1_000.0).status, RunStatus::Idle);
        run.start(T0);
        run.resume(T0 + 1_000.0); // not paused: ignored
        run.start(T0 + 2_000.0); // already started: ignored
        assert_eq!(run.view(T0 + 3_000.0).elapsed_ms, 3_000);
        run.pause(T0 + 3_000.0);
        run.pause(T0 + 8_000.0); // already paused: ignored
        assert_eq!(run.view(T0 + 9_000.0).elapsed_ms, 3_000);
        // Pausing after the end keeps it finished.
        run.resume(T0 + 10_000.0);
        run.pause(T0 + 500_000.0);
        assert_eq!(run.view(T0 + 600_000.0).status, RunStatus::Finished);
    }

    #[test]
    fn skip_moves_to_the_next_boundary() {
        let mut run = TimerRun::new(&plan());
        run.start(T0);
        run.skip(T0 + 2_000.0); // out of the get-ready
        let v = run.view(T0 + 2_000.0);
        assert_eq!(v.phase.unwrap().kind, PhaseKind::Work);
        assert_eq!(
            (v.phase_index, v.remaining_ms, v.elapsed_ms),
            (1, 7_000, 10_000)
        );
        let v = run.view(T0 + 3_000.0);
        assert_eq!((v.remaining_ms, v.elapsed_ms), (6_000, 11_000));
        // Skipped time is on the timeline but was not worked.
        assert_eq!(run.worked_ms(T0 + 3_000.0), 3_000);

        // Skip while paused stays paused.
        run.pause(T0 + 3_000.0);
        run.skip(T0 + 4_000.0);
        let v = run.view(T0 + 9_000.0);
        assert_eq!(v.status, RunStatus::Paused);
        assert_eq!(v.phase.unwrap().kind, PhaseKind::Rest);
        assert_eq!((v.phase_index, v.remaining_ms), (2, 3_000));
        run.resume(T0 + 10_000.0);
        assert_eq!(run.view(T0 + 11_000.0).remaining_ms, 2_000);

        // Skipping every remaining phase finishes the run.
        for _ in 0..6 {
            run.skip(T0 + 12_000.0);
        }
        let v = run.view(T0 + 12_010.0);
        assert_eq!(v.status, RunStatus::Finished);
        assert_eq!((v.elapsed_ms, v.remaining_ms, v.phase), (104_000, 0, None));
        assert_eq!(run.worked_ms(T0 + 20_000.0), 3_000 + 2_000);
        run.skip(T0 + 13_000.0); // finished: no-op
        assert_eq!(run.view(T0 + 13_000.0).elapsed_ms, 104_000);
    }

    #[test]
    fn skip_exactly_on_a_boundary_goes_to_the_following_phase() {
        let mut run = TimerRun::new(&plan());
        run.start(0.0);
        run.skip(10_000.0); // already in work phase 1 at its very start
        let v = run.view(10_000.0);
        assert_eq!((v.phase_index, v.elapsed_ms), (2, 17_000));
    }

    #[test]
    fn skip_while_idle_does_nothing() {
        let mut run = TimerRun::new(&plan());
        run.skip(T0);
        assert_eq!(run.view(T0).status, RunStatus::Idle);
    }

    #[test]
    fn reset_returns_to_idle() {
        let mut run = TimerRun::new(&plan());
        run.start(T0);
        run.skip(T0 + 1_000.0);
        run.reset();
        let v = run.view(T0 + 5_000.0);
        assert_eq!(v, TimerRun::new(&plan()).view(0.0));
        assert_eq!(run.worked_ms(T0 + 5_000.0), 0);
        run.start(T0 + 5_000.0);
        assert_eq!(run.view(T0 + 6_000.0).elapsed_ms, 1_000);
    }

    #[test]
    fn clock_going_backwards_stands_still() {
        let mut run = TimerRun::new(&plan());
        run.start(T0);
        let v = run.view(T0 - 5_000.0);
        assert_eq!(
            (v.status, v.elapsed_ms, v.remaining_ms),
            (RunStatus::Running, 0, 10_000)
        );
        assert_eq!(run.worked_ms(T0 - 5_000.0), 0);
    }

    #[test]
    fn countdown_run() {
        let mut run = TimerRun::new(&TimerPlan::countdown(120));
        run.start(0.0);
        let v = run.view(30_000.0);
        assert_eq!(v.phase.unwrap().kind, PhaseKind::Work);
        assert_eq!((v.remaining_ms, v.phase_count), (90_000, 1));
        assert_eq!(run.view(120_000.0).status, RunStatus::Finished);
    }

    #[test]
    fn empty_plan_finishes_on_start() {
        let mut p = TimerPlan::countdown(0);
        p.prepare_s = 0;
        let mut run = TimerRun::new(&p);
        let v = run.view(0.0);
        assert_eq!(
            (v.status, v.phase, v.phase_count, v.remaining_ms),
            (RunStatus::Idle, None, 0, 0)
        );
        run.start(0.0);
        assert_eq!(run.view(0.0).status, RunStatus::Finished);
    }

    #[test]
    fn view_serializes_snake_case() {
        let run = TimerRun::new(&plan());
        let json = serde_json::to_string(&run.view(0.0)).unwrap();
        assert!(json.contains(r#""status":"idle""#), "{json}");
        assert!(json.contains(r#""kind":"prepare""#), "{json}");
        let cue = serde_json::to_string(&Cue::PhaseStart(PhaseKind::SetRest)).unwrap();
        assert_eq!(cue, r#"{"phase_start":"set_rest"}"#);
    }

    #[test]
    fn cues_for_start_ticks_boundaries_skip_and_finish() {
        let mut run = TimerRun::new(&plan());
        let idle = run.view(0.0);
        run.start(0.0);
        let mut prev = idle;
        let mut log: Vec<(u64, Cue)> = Vec::new();
        // 100 ms frames over the whole run.
        for f in 0..=1_100 {
            let now = f64::from(f) * 100.0;
            let v = run.view(now);
            for c in cues_between(&prev, &v) {
                log.push((v.elapsed_ms, c));
            }
            prev = v;
        }
        use Cue::*;
        use PhaseKind::*;
        let want = vec![
            (0, PhaseStart(Prepare)),
            (7_000, CountdownTick),
            (8_000, CountdownTick),
            (9_000, CountdownTick),
            (10_000, PhaseStart(Work)),
            (14_000, CountdownTick),
            (15_000, CountdownTick),
            (16_000, CountdownTick),
            (17_000, PhaseStart(Rest)),
            (18_000, CountdownTick),
            (19_000, CountdownTick),
            (20_000, PhaseStart(Work)),
            (24_000, CountdownTick),
            (25_000, CountdownTick),
            (26_000, CountdownTick),
            (27_000, PhaseStart(SetRest)),
            (84_000, CountdownTick),
            (85_000, CountdownTick),
            (86_000, CountdownTick),
            (87_000, PhaseStart(Work)),
            (91_000, CountdownTick),
            (92_000, CountdownTick),
            (93_000, CountdownTick),
            (94_000, PhaseStart(Rest)),
            (95_000, CountdownTick),
            (96_000, CountdownTick),
            (97_000, PhaseStart(Work)),
            (101_000, CountdownTick),
            (102_000, CountdownTick),
            (103_000, CountdownTick),
            (104_000, Finished),
        ];
        assert_eq!(log, want);
    }

    #[test]
    fn cues_after_skip_pause_and_big_jumps() {
        let mut run = TimerRun::new(&plan());
        run.start(0.0);
        let before = run.view(1_000.0);
        run.skip(1_000.0);
        let after = run.view(1_000.0);
        assert_eq!(
            cues_between(&before, &after),
            vec![Cue::PhaseStart(PhaseKind::Work)]
        );
        // Paused: nothing changes, nothing beeps.
        run.pause(2_000.0);
        let a = run.view(2_000.0);
        let b = run.view(60_000.0);
        assert!(cues_between(&a, &b).is_empty());
        // A frame that jumps several phases beeps once, for where it lands.
        run.resume(60_000.0);
        let a = run.view(60_000.0);
        let b = run.view(60_000.0 + 18_000.0); // 11 s -> 29 s: in the set rest
        assert_eq!(
            cues_between(&a, &b),
            vec![Cue::PhaseStart(PhaseKind::SetRest)]
        );
        // A reset is silent.
        run.reset();
        assert!(cues_between(&b, &run.view(90_000.0)).is_empty());
    }
}
