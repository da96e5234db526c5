//! [`TimerPlan`]: what a hangboard/interval timer runs, its limits, and the flat list of
//! [`PhaseSpan`]s the running timer walks through.
use serde::{Deserialize, Serialize};
use std::ops::RangeInclusive;

/// Longest work interval: a long ARC or a plain countdown, never more.
pub const MAX_WORK_S: u32 = 2 * 3600;
/// Longest rest, between reps or between sets.
pub const MAX_REST_S: u32 = 3600;
/// Longest get-ready countdown: it is there to chalk up and grab the holds.
pub const MAX_PREPARE_S: u32 = 60;
/// Reps per set a plan may have.
pub const REPS: RangeInclusive<u32> = 1..=100;
/// Sets a plan may have.
pub const SETS: RangeInclusive<u32> = 1..=50;
/// Longest whole timer, get-ready and rests included.
pub const MAX_TOTAL_S: u32 = 4 * 3600;
/// Get-ready before an exercise (not before a plain countdown: see [`TimerPlan::countdown`]).
pub const DEFAULT_PREPARE_S: u32 = 10;
/// Rest between sets when a request gives sets but no set rest: the 3 min the 7:3 repeaters
/// and the López/Hörst strength protocols use.
pub const DEFAULT_SET_REST_S: u32 = 180;

/// Why a timer request or plan can't run, in words for the climber.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TimerError {
    #[error(
        "That doesn't look like a timer. Try \"2 min\", \"7 on 3 off, 6 reps, 3 sets\" or \
         \"max hangs\"."
    )]
    NotATimer,
    #[error("I couldn't read \"{0}\" as a length of time. Try \"90 s\", \"2 min\" or \"1:30\".")]
    BadDuration(String),
    #[error("A length of time can't be negative.")]
    NegativeDuration,
    #[error("A timer needs at least 1 second.")]
    ZeroDuration,
    /// A number (or time) the request doesn't explain, e.g. "7 0n 3 off".
    #[error(
        "I'm not sure what \"{0}\" means in that timer. Write it like \"7 on 3 off, 6 reps, \
         3 sets\" or \"2 min\"."
    )]
    Unclear(String),
    #[error("How long is each hang? Say it like \"7 on 3 off, 6 reps\" or \"hang 10 s, 5 sets\".")]
    NoWork,
    /// A work/rest pair with no reps or sets: "7 on 3 off" alone.
    #[error("How many reps? Say it like \"7 on 3 off, 6 reps, 3 sets\".")]
    NoReps,
    #[error("A work interval needs at least 1 second.")]
    WorkTooShort,
    #[error("A work interval can be at most 2 hours.")]
    WorkTooLong,
    #[error("A rest between reps can be at most 1 hour.")]
    RestTooLong,
    #[error("A rest between sets can be at most 1 hour.")]
    SetRestTooLong,
    #[error("The get-ready countdown can be at most {MAX_PREPARE_S} seconds.")]
    PrepareTooLong,
    #[error(
        "Pick between {min} and {max} reps per set (you asked for {0}).",
        min = REPS.start(),
        max = REPS.end()
    )]
    Reps(u32),
    #[error(
        "Pick between {min} and {max} sets (you asked for {0}).",
        min = SETS.start(),
        max = SETS.end()
    )]
    Sets(u32),
    /// A `/timer?…` link that doesn't describe a timer.
    #[error("That timer link is incomplete or has a number that isn't one.")]
    BadLink,
    #[error(
        "That timer would run for {}: keep it to 4 hours or less.",
        format_duration(*.0)
    )]
    TooLong(u32),
}

/// A timer: an optional get-ready, then `sets` × (`reps` × work with rests between reps),
/// with a longer rest between sets. A plain countdown is one work phase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimerPlan {
    /// What the climber sees: "7:3 repeaters", "2 min countdown".
    pub label: String,
    /// Get-ready countdown before the first work phase (0 = none).
    pub prepare_s: u32,
    pub work_s: u32,
    /// Rest between reps inside a set (0 when `reps` is 1).
    pub rest_s: u32,
    /// Reps per set.
    pub reps: u32,
    pub sets: u32,
    /// Rest between sets (0 when `sets` is 1).
    pub set_rest_s: u32,
}

/// What the climber is doing during a phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhaseKind {
    Prepare,
    Work,
    Rest,
    SetRest,
}

impl PhaseKind {
    /// The big word on the timer screen.
    pub fn label(self) -> &'static str {
        match self {
            PhaseKind::Prepare => "Get ready",
            PhaseKind::Work => "Work",
            PhaseKind::Rest => "Rest",
            PhaseKind::SetRest => "Set rest",
        }
    }
}

/// One phase of a plan's timeline. `set` and `rep` are 1-based: a work phase's own set and
/// rep; a rest belongs to the rep it follows, a set rest to the set it follows (its `rep` is
/// the last rep); the get-ready is set 1, rep 1 (the rep it leads into).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseSpan {
    pub kind: PhaseKind,
    pub duration_s: u32,
    pub set: u32,
    pub rep: u32,
}

impl TimerPlan {
    /// A plain countdown: one work phase, no get-ready (a rest timer between attempts
    /// should start at once), labelled "2 min countdown".
    pub fn countdown(seconds: u32) -> TimerPlan {
        TimerPlan {
            label: format!("{} countdown", format_duration(seconds)),
            prepare_s: 0,
            work_s: seconds,
            rest_s: 0,
            reps: 1,
            sets: 1,
            set_rest_s: 0,
        }
    }

    /// Checks every limit, fields first, then the total length.
    pub fn validate(&self) -> Result<(), TimerError> {
        if self.work_s == 0 {
            return Err(TimerError::WorkTooShort);
        }
        if self.work_s > MAX_WORK_S {
            return Err(TimerError::WorkTooLong);
        }
        if self.rest_s > MAX_REST_S {
            return Err(TimerError::RestTooLong);
        }
        if self.set_rest_s > MAX_REST_S {
            return Err(TimerError::SetRestTooLong);
        }
        if self.prepare_s > MAX_PREPARE_S {
            return Err(TimerError::PrepareTooLong);
        }
        if !REPS.contains(&self.reps) {
            return Err(TimerError::Reps(self.reps));
        }
        if !SETS.contains(&self.sets) {
            return Err(TimerError::Sets(self.sets));
        }
        let total = self.total_s();
        if total > MAX_TOTAL_S {
            return Err(TimerError::TooLong(total));
        }
        Ok(())
    }

    /// The timeline, in order, without zero-length phases: no rest after a set's last rep
    /// (the set rest comes instead) and nothing after the last set. Reps and sets beyond
    /// [`REPS`] / [`SETS`] are clamped so that an unvalidated plan can't allocate millions of
    /// phases; call [`TimerPlan::validate`] first.
    pub fn phases(&self) -> Vec<PhaseSpan> {
        let reps = self.reps.min(*REPS.end());
        let sets = self.sets.min(*SETS.end());
        let mut out = Vec::new();
        let mut push = |kind, duration_s, set, rep| {
            if duration_s > 0 {
                out.push(PhaseSpan {
                    kind,
                    duration_s,
                    set,
                    rep,
                });
            }
        };
        push(PhaseKind::Prepare, self.prepare_s, 1, 1);
        for set in 1..=sets {
            for rep in 1..=reps {
                push(PhaseKind::Work, self.work_s, set, rep);
                if rep < reps {
                    push(PhaseKind::Rest, self.rest_s, set, rep);
                }
            }
            if set < sets {
                push(PhaseKind::SetRest, self.set_rest_s, set, reps);
            }
        }
        out
    }

    /// Whole timer length in seconds, get-ready included (saturates instead of overflowing).
    pub fn total_s(&self) -> u32 {
        let per_set = self
            .work_total_per_set()
            .saturating_add(self.rest_s.saturating_mul(self.reps.saturating_sub(1)));
        self.prepare_s
            .saturating_add(per_set.saturating_mul(self.sets))
            .saturating_add(self.set_rest_s.saturating_mul(self.sets.saturating_sub(1)))
    }

    /// Time under work (hangs, laps, the ARC block), rests and get-ready excluded.
    pub fn work_total_s(&self) -> u32 {
        self.work_total_per_set().saturating_mul(self.sets)
    }

    fn work_total_per_set(&self) -> u32 {
        self.work_s.saturating_mul(self.reps)
    }

    /// One sentence for the climber: "7 s on / 3 s off × 6 reps, 3 sets, 3 min between sets
    /// (10 s get-ready, total 9 min 1 s)".
    pub fn summary(&self) -> String {
        let work = format_duration(self.work_s);
        let mut s = match (self.reps > 1, self.rest_s > 0) {
            (true, true) => format!(
                "{work} on / {} off × {} reps",
                format_duration(self.rest_s),
                self.reps
            ),
            (true, false) => format!("{} × {work} back to back", self.reps),
            (false, _) if self.sets == 1 => format!("{work} countdown"),
            (false, _) => format!("{work} work"),
        };
        if self.sets > 1 {
            if self.set_rest_s > 0 {
                s += &format!(
                    ", {} sets, {} between sets",
                    self.sets,
                    format_duration(self.set_rest_s)
                );
            } else {
                s += &format!(", {} sets back to back", self.sets);
            }
        }
        let total = format_duration(self.total_s());
        if self.prepare_s > 0 {
            s += &format!(
                " ({} get-ready, total {total})",
                format_duration(self.prepare_s)
            );
        } else {
            s += &format!(" (total {total})");
        }
        s
    }
}

/// "45 s", "2 min", "1 min 30 s", "1 h 5 min", "1 h 3 s"; "0 s" for zero. Only the non-zero
/// units are written, so a glance reads the same as the climber would say it.
pub fn format_duration(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    let parts: Vec<String> = [(h, "h"), (m, "min"), (s, "s")]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n} {unit}"))
        .collect();
    if parts.is_empty() {
        "0 s".to_string()
    } else {
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(
        prepare_s: u32,
        work_s: u32,
        rest_s: u32,
        reps: u32,
        sets: u32,
        set_rest_s: u32,
    ) -> TimerPlan {
        TimerPlan {
            label: "test".into(),
            prepare_s,
            work_s,
            rest_s,
            reps,
            sets,
            set_rest_s,
        }
    }

    fn kinds(p: &TimerPlan) -> Vec<PhaseKind> {
        p.phases().iter().map(|x| x.kind).collect()
    }

    #[test]
    fn countdown_is_one_work_phase_without_get_ready() {
        let c = TimerPlan::countdown(120);
        assert_eq!(c.label, "2 min countdown");
        assert_eq!(c.prepare_s, 0);
        assert_eq!(c.phases().len(), 1);
        assert_eq!(c.phases()[0].kind, PhaseKind::Work);
        assert_eq!(c.total_s(), 120);
        assert_eq!(c.summary(), "2 min countdown (total 2 min)");
        assert!(c.validate().is_ok());
    }

    #[test]
    fn repeaters_timeline_has_no_trailing_rest() {
        let p = plan(10, 7, 3, 6, 3, 180);
        let phases = p.phases();
        let work = phases.iter().filter(|x| x.kind == PhaseKind::Work).count();
        let rest = phases.iter().filter(|x| x.kind == PhaseKind::Rest).count();
        let set_rest = phases
            .iter()
            .filter(|x| x.kind == PhaseKind::SetRest)
            .count();
        assert_eq!(work, 18);
        assert_eq!(rest, 15);
        assert_eq!(set_rest, 2);
        assert_eq!(phases.first().unwrap().kind, PhaseKind::Prepare);
        assert_eq!(phases.last().unwrap().kind, PhaseKind::Work);
        assert_eq!(phases.len(), 1 + 18 + 15 + 2);
        // The phase after each set's last rep is a set rest, never a rep rest.
        for (i, ph) in phases.iter().enumerate() {
            if ph.kind == PhaseKind::Work && ph.rep == 6 && ph.set < 3 {
                assert_eq!(phases[i + 1].kind, PhaseKind::SetRest);
                assert_eq!(phases[i + 1].set, ph.set);
            }
        }
        let sum: u32 = phases.iter().map(|x| x.duration_s).sum();
        assert_eq!(sum, p.total_s());
        assert_eq!(p.total_s(), 10 + 3 * (6 * 7 + 5 * 3) + 2 * 180);
        assert_eq!(p.work_total_s(), 126);
    }

    #[test]
    fn set_and_rep_numbers() {
        let p = plan(5, 10, 20, 2, 2, 60);
        let got: Vec<(PhaseKind, u32, u32)> =
            p.phases().iter().map(|x| (x.kind, x.set, x.rep)).collect();
        use PhaseKind::*;
        assert_eq!(
            got,
            vec![
                (Prepare, 1, 1),
                (Work, 1, 1),
                (Rest, 1, 1),
                (Work, 1, 2),
                (SetRest, 1, 2),
                (Work, 2, 1),
                (Rest, 2, 1),
                (Work, 2, 2),
            ]
        );
    }

    #[test]
    fn zero_length_phases_are_skipped() {
        use PhaseKind::*;
        assert_eq!(kinds(&plan(0, 10, 0, 3, 1, 0)), vec![Work, Work, Work]);
        assert_eq!(kinds(&plan(0, 10, 0, 1, 3, 0)), vec![Work, Work, Work]);
        assert_eq!(
            kinds(&plan(10, 10, 0, 1, 2, 90)),
            vec![Prepare, Work, SetRest, Work]
        );
        // Rest values on a single rep / single set never show.
        assert_eq!(kinds(&plan(0, 10, 30, 1, 1, 30)), vec![Work]);
    }

    #[test]
    fn work_phases_count_reps_times_sets() {
        for reps in 1..=7 {
            for sets in 1..=5 {
                let p = plan(10, 7, 3, reps, sets, 120);
                let works = p
                    .phases()
                    .iter()
                    .filter(|x| x.kind == PhaseKind::Work)
                    .count();
                assert_eq!(works as u32, reps * sets);
                let sum: u32 = p.phases().iter().map(|x| x.duration_s).sum();
                assert_eq!(sum, p.total_s(), "reps {reps} sets {sets}");
            }
        }
    }

    #[test]
    fn validation_limits() {
        let ok = plan(10, 7, 3, 6, 3, 180);
        assert_eq!(ok.validate(), Ok(()));
        let cases: Vec<(TimerPlan, TimerError)> = vec![
            (plan(10, 0, 3, 6, 3, 180), TimerError::WorkTooShort),
            (plan(0, 7201, 0, 1, 1, 0), TimerError::WorkTooLong),
            (plan(10, 7, 3601, 2, 1, 0), TimerError::RestTooLong),
            (plan(10, 7, 3, 2, 2, 3601), TimerError::SetRestTooLong),
            (plan(61, 7, 3, 6, 3, 180), TimerError::PrepareTooLong),
            (plan(10, 7, 3, 0, 3, 180), TimerError::Reps(0)),
            (plan(10, 7, 3, 101, 1, 0), TimerError::Reps(101)),
            (plan(10, 7, 3, 6, 0, 180), TimerError::Sets(0)),
            (plan(10, 7, 3, 6, 51, 180), TimerError::Sets(51)),
            (plan(0, 7200, 0, 1, 3, 0), TimerError::TooLong(21600)),
            (plan(10, 7200, 0, 2, 1, 0), TimerError::TooLong(14410)),
        ];
        for (p, want) in cases {
            assert_eq!(p.validate(), Err(want), "{p:?}");
        }
        // Edges that are allowed.
        assert!(plan(0, 1, 0, 1, 1, 0).validate().is_ok());
        assert!(plan(0, 7200, 0, 1, 1, 0).validate().is_ok());
        assert!(plan(60, 7200, 0, 1, 1, 0).validate().is_ok());
        assert!(plan(0, 7200, 0, 2, 1, 0).validate().is_ok()); // exactly 4 h
        assert!(plan(0, 1, 3600, 2, 1, 0).validate().is_ok());
        assert!(plan(0, 1, 1, 100, 1, 0).validate().is_ok());
        assert!(plan(0, 1, 0, 1, 50, 60).validate().is_ok());
    }

    #[test]
    fn validation_messages_are_for_climbers() {
        assert_eq!(
            TimerError::WorkTooLong.to_string(),
            "A work interval can be at most 2 hours."
        );
        assert_eq!(
            TimerError::Reps(0).to_string(),
            "Pick between 1 and 100 reps per set (you asked for 0)."
        );
        assert_eq!(
            TimerError::Sets(60).to_string(),
            "Pick between 1 and 50 sets (you asked for 60)."
        );
        assert_eq!(
            TimerError::PrepareTooLong.to_string(),
            "The get-ready countdown can be at most 60 seconds."
        );
        assert_eq!(
            TimerError::TooLong(21600).to_string(),
            "That timer would run for 6 h: keep it to 4 hours or less."
        );
        assert!(TimerError::NotATimer
            .to_string()
            .contains("\"7 on 3 off, 6 reps, 3 sets\""));
    }

    #[test]
    fn unvalidated_huge_plans_do_not_overflow_or_explode() {
        let p = plan(u32::MAX, u32::MAX, u32::MAX, u32::MAX, u32::MAX, u32::MAX);
        assert_eq!(p.total_s(), u32::MAX);
        assert_eq!(p.work_total_s(), u32::MAX);
        assert!(p.validate().is_err());
        let big = plan(0, 1, 0, 1_000_000, 1_000_000, 0);
        assert_eq!(big.phases().len(), 100 * 50);
    }

    #[test]
    fn formats_durations() {
        let cases = [
            (0, "0 s"),
            (1, "1 s"),
            (45, "45 s"),
            (60, "1 min"),
            (90, "1 min 30 s"),
            (120, "2 min"),
            (3600, "1 h"),
            (3900, "1 h 5 min"),
            (3603, "1 h 3 s"),
            (3661, "1 h 1 min 1 s"),
            (14400, "4 h"),
        ];
        for (s, want) in cases {
            assert_eq!(format_duration(s), want);
        }
    }

    #[test]
    fn summaries() {
        assert_eq!(
            plan(10, 7, 3, 6, 3, 180).summary(),
            "7 s on / 3 s off × 6 reps, 3 sets, 3 min between sets (10 s get-ready, total 9 min 1 s)"
        );
        assert_eq!(
            plan(10, 10, 0, 1, 5, 180).summary(),
            "10 s work, 5 sets, 3 min between sets (10 s get-ready, total 13 min)"
        );
        assert_eq!(
            plan(0, 10, 0, 4, 1, 0).summary(),
            "4 × 10 s back to back (total 40 s)"
        );
        assert_eq!(
            plan(0, 30, 0, 1, 3, 0).summary(),
            "30 s work, 3 sets back to back (total 1 min 30 s)"
        );
    }

    #[test]
    fn serde_uses_snake_case_kinds() {
        let span = PhaseSpan {
            kind: PhaseKind::SetRest,
            duration_s: 180,
            set: 1,
            rep: 6,
        };
        let json = serde_json::to_string(&span).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"set_rest","duration_s":180,"set":1,"rep":6}"#
        );
        let p = plan(10, 7, 3, 6, 3, 180);
        let back: TimerPlan = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(back, p);
        assert_eq!(PhaseKind::Prepare.label(), "Get ready");
        assert_eq!(PhaseKind::Work.label(), "Work");
        assert_eq!(PhaseKind::Rest.label(), "Rest");
        assert_eq!(PhaseKind::SetRest.label(), "Set rest");
    }
}
