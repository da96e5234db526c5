//! Calendar and phases: the Monday start, the program's length in whole weeks, one phase per
//! week (with deloads) and how far into its progression each week is.
use std::cmp::Reverse;

use crate::domain::program::model::{Model, Phase, PlannedWeek, ProgramRequest};
use crate::domain::program::rules;
use crate::domain::training::Level;
use crate::domain::when::Date;

/// Weeks line up with the calendar: the start itself when it is a Monday, else the next one.
pub(super) fn first_monday(day: Date) -> Date {
    let weekday = i64::from(day.weekday());
    if weekday == 0 {
        day
    } else {
        day.add_days(7 - weekday)
    }
}

pub(super) struct Length {
    pub(super) weeks: u8,
    /// The week the goal date falls in, counted from the start (None without a target).
    pub(super) goal_week: Option<i64>,
    /// The plan peaks at the goal: its last week is the performance week holding the goal
    /// date (a target 4-40 weeks away).
    pub(super) peaks: bool,
}

/// Planned back from the goal: with a target 4-40 weeks away the program runs to the end of
/// the goal's week, so its performance phase ends at the goal. A nearer goal gets the shortest
/// program (4 weeks, without a peak: too near for a cycle), a farther one a general block of
/// the default length (re-plan within 40 weeks of it). No target: the default length.
pub(super) fn program_length(request: &ProgramRequest, start: Date) -> Length {
    let default = if request.level == Level::Beginner {
        rules::BEGINNER_DEFAULT_WEEKS
    } else {
        rules::DEFAULT_WEEKS
    };
    let Some(target) = request.target_date else {
        return Length {
            weeks: default,
            goal_week: None,
            peaks: false,
        };
    };
    let goal_week = (target.days_since_epoch() - start.days_since_epoch()).div_euclid(7) + 1;
    let (min, max) = (
        i64::from(*rules::PROGRAM_WEEKS.start()),
        i64::from(*rules::PROGRAM_WEEKS.end()),
    );
    let (weeks, peaks) = if goal_week < min {
        (*rules::PROGRAM_WEEKS.start(), false)
    } else if goal_week > max {
        (default, false)
    } else {
        (goal_week as u8, true)
    };
    Length {
        weeks,
        goal_week: Some(goal_week),
        peaks,
    }
}

/// How many weeks each training phase of a model gets, relative to the others.
/// Hörst 4-3-2(-1) from DOMAIN.md; the Rock Prodigy split is a coaching heuristic (strength is
/// the longest block, performance the shortest); linear splits base and skill evenly.
fn phase_weights(model: Model) -> &'static [u32] {
    match model {
        Model::Linear => &[1, 1],
        Model::FourThreeTwoOne => &[4, 3, 2],
        Model::RockProdigy => &[2, 3, 2, 2, 1],
    }
}

/// One phase per week: training phases in the model's order, scaled to the length, with just
/// enough deloads that no run is longer than the model allows, and a deload to finish.
pub(super) fn phase_sequence(model: Model, weeks: u8) -> Vec<Phase> {
    let weeks = usize::from(weeks);
    let max_run = rules::max_weeks_without_deload(model);
    let deloads = weeks.div_ceil(max_run + 1);
    let training = weeks - deloads;
    let counts = apportion(phase_weights(model), training);
    let sequence: Vec<Phase> = rules::model_phases(model)
        .iter()
        .zip(counts)
        .flat_map(|(phase, n)| std::iter::repeat_n(*phase, n))
        .collect();
    with_deloads(&sequence, deloads, max_run, true)
}

/// A plan that peaks at the goal: earlier cycles of at most [`rules::MAX_CYCLE_WEEKS`] (each
/// the model's phases, ending in a deload), then the final cycle planned back from the goal:
/// the general block first, then the specific phases at their usual lengths, and the
/// performance phase last, in the goal's week. A final cycle too short for the usual lengths
/// gets the same phases shortened in proportion.
pub(super) fn peak_sequence(model: Model, weeks: u8) -> Vec<Phase> {
    let weeks = usize::from(weeks);
    let cycles = weeks.div_ceil(rules::MAX_CYCLE_WEEKS);
    let earlier = weeks / cycles;
    let mut out = Vec::with_capacity(weeks);
    for _ in 1..cycles {
        out.extend(phase_sequence(model, earlier as u8));
    }
    out.extend(final_cycle(model, weeks - out.len()));
    out
}

/// The final cycle of [`peak_sequence`]: ends on a performance week, no deload after it.
fn final_cycle(model: Model, weeks: usize) -> Vec<Phase> {
    let max_run = rules::max_weeks_without_deload(model);
    // Fewest deloads so that every run of training weeks fits.
    let deloads = (0..weeks)
        .find(|d| weeks - d <= (d + 1) * max_run)
        .unwrap_or(0);
    let training = weeks - deloads;
    let phases = rules::peak_phases(model);
    let ideal = rules::specific_phase_weeks(model);
    let specific: usize = ideal.iter().sum();
    let counts: Vec<usize> = if training > specific {
        std::iter::once(training - specific)
            .chain(ideal.iter().copied())
            .collect()
    } else {
        let mut weights = phase_weights(model).to_vec();
        if weights.len() < phases.len() {
            weights.push(1);
        }
        let mut counts = apportion(&weights, training);
        // The goal's week is always a performance week.
        if counts.last() == Some(&0) {
            let largest = (0..counts.len())
                .max_by_key(|&i| (counts[i], i))
                .unwrap_or(0);
            counts[largest] -= 1;
            *counts.last_mut().unwrap_or(&mut 0) += 1;
        }
        counts
    };
    let sequence: Vec<Phase> = phases
        .iter()
        .zip(counts)
        .flat_map(|(phase, n)| std::iter::repeat_n(*phase, n))
        .collect();
    with_deloads(&sequence, deloads + 1, max_run, false)
}

/// The training weeks split into `runs` runs (deloads between them, on phase boundaries where
/// that keeps them even), and a closing deload when `close` is set.
fn with_deloads(sequence: &[Phase], runs: usize, max_run: usize, close: bool) -> Vec<Phase> {
    let mut out = Vec::with_capacity(sequence.len() + runs);
    let mut from = 0;
    let cuts = cut_points(sequence, runs, max_run);
    let last = cuts.len();
    for (i, cut) in cuts.into_iter().chain([sequence.len()]).enumerate() {
        out.extend_from_slice(&sequence[from..cut]);
        if close || i < last {
            out.push(Phase::Deload);
        }
        from = cut;
    }
    out
}

/// Splits `total` in proportion to `weights` (largest remainder; ties go to the earlier phase).
fn apportion(weights: &[u32], total: usize) -> Vec<usize> {
    let sum: usize = weights.iter().map(|w| *w as usize).sum();
    let mut counts: Vec<usize> = weights.iter().map(|w| *w as usize * total / sum).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| (Reverse(weights[i] as usize * total % sum), i));
    let missing = total - counts.iter().sum::<usize>();
    for &i in order.iter().take(missing) {
        counts[i] += 1;
    }
    counts
}

/// Where the inner deloads go in the run of training weeks: `runs` runs of 1..=max_run weeks,
/// about even, moved by one week when that puts the deload on a phase boundary (a recovery week
/// between two blocks rather than inside one).
fn cut_points(sequence: &[Phase], runs: usize, max_run: usize) -> Vec<usize> {
    let total = sequence.len();
    let mut cuts = Vec::new();
    let mut from = 0;
    for left in (2..=runs).rev() {
        let remaining = total - from;
        let lo = from + remaining.saturating_sub((left - 1) * max_run).max(1);
        let hi = from + max_run.min(remaining - (left - 1));
        let even = from + remaining.div_ceil(left);
        let boundary = (lo..=hi)
            .filter(|&c| c < total && sequence[c - 1] != sequence[c])
            .min_by_key(|&c| (c.abs_diff(even), c));
        let cut = match boundary {
            Some(c) if c.abs_diff(even) <= 1 => c,
            _ => even.clamp(lo, hi),
        };
        cuts.push(cut);
        from = cut;
    }
    cuts
}

pub(super) fn planned_weeks(start: Date, phases: &[Phase]) -> Vec<PlannedWeek> {
    phases
        .iter()
        .enumerate()
        .map(|(i, phase)| PlannedWeek {
            number: i as u8 + 1,
            phase: *phase,
            starts: start.add_days(7 * i as i64),
        })
        .collect()
}

/// How far into its progression each week is (0 = first week of its phase): sets and attempts
/// grow with it, within the phase only, so a linear plan's first skill week starts its
/// progression afresh instead of jumping to the attempts a long-running phase would have.
/// Deload weeks are 0.
pub(super) fn progress_steps(phases: &[Phase]) -> Vec<u8> {
    phases
        .iter()
        .enumerate()
        .map(|(i, phase)| match phase {
            Phase::Deload => 0,
            _ => phases[..i].iter().filter(|p| *p == phase).count() as u8,
        })
        .collect()
}

/// How much climbing volume each week adds: linear progression (DOMAIN.md: "linear for
/// beginners", steady gradual increases) counts every training week so far, the block models
/// count weeks within the phase, as [`progress_steps`]. Deload weeks are 0.
pub(super) fn volume_steps(model: Model, phases: &[Phase]) -> Vec<u8> {
    if model != Model::Linear {
        return progress_steps(phases);
    }
    phases
        .iter()
        .enumerate()
        .map(|(i, phase)| match phase {
            Phase::Deload => 0,
            _ => phases[..i].iter().filter(|p| **p != Phase::Deload).count() as u8,
        })
        .collect()
}
