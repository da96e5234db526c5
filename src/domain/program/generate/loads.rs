//! Loads and reps from the test numbers (issue 22): hangboard kilograms from the tested max
//! hang and bodyweight, pull-up variants and reps from the tested count or one-rep max. A
//! retest changes the request's [`TestBaseline`], so the next program re-derives them.
use super::context::Ctx;
use crate::domain::program::model::TestBaseline;

/// Kilograms rounded to the nearest half (plates and pulleys come in those steps).
fn half_kg(kg: f64) -> f64 {
    (kg * 2.0).round() / 2.0
}

/// "+3.5 kg added", "4.0 kg taken off (pulley or a foot on a chair)", "bodyweight only".
pub(super) fn added_text(added: f64) -> String {
    let added = half_kg(added);
    if added > 0.0 {
        format!("+{added:.1} kg added")
    } else if added < 0.0 {
        format!("{:.1} kg taken off (pulley, or a foot on a chair)", -added)
    } else {
        "bodyweight only".to_string()
    }
}

/// (bodyweight, total load held) of the tested max hang, when both are known.
fn hang_total(b: &TestBaseline) -> Option<(f64, f64, u8)> {
    let w = b.bodyweight_kg.filter(|w| w.is_finite() && *w > 0.0)?;
    let h = b.max_hang.as_ref()?;
    Some((w, w + h.added_kg, h.seconds))
}

/// The load for `pct` % of the tested max hang, with where it came from: "+3.5 kg added (85 %
/// of the 80.0 kg you held for 10 s: 70.0 kg bodyweight + 10.0 kg)". `None` without a max
/// hang and bodyweight.
pub(super) fn hang_load(ctx: &Ctx, pct: u32) -> Option<String> {
    let (w, total, seconds) = hang_total(&ctx.request.baseline)?;
    let load = total * f64::from(pct) / 100.0;
    Some(format!(
        "{} ({pct} % of the {total:.1} kg you held for {seconds} s in your test: {w:.1} kg \
         bodyweight {})",
        added_text(load - w),
        signed(total - w)
    ))
}

fn signed(kg: f64) -> String {
    if kg >= 0.0 {
        format!("+ {kg:.1} kg")
    } else {
        format!("- {:.1} kg", -kg)
    }
}

/// What the pull-up test says a climber can do.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum PullLevel {
    /// No pulling test: prescribe by RPE.
    Untested,
    /// Fewer than [`STRICT_PULL_UPS_FOR_SETS`] strict pull-ups: assisted and eccentric work.
    Building(u16),
    /// Enough for sets of bodyweight pull-ups: reps from the count.
    Reps(u16),
    /// A one-rep max above bodyweight: loads from it (total kg, bodyweight).
    Loaded { total: f64, bodyweight: f64 },
}

/// Below this many strict pull-ups, sets of 5-8 are not possible: assisted (band, feet) and
/// slow negatives instead. Heuristic (ClimbingPill; standard strength-coaching practice).
pub const STRICT_PULL_UPS_FOR_SETS: u16 = 5;

pub(super) fn pull_level(b: &TestBaseline) -> PullLevel {
    let bodyweight = b.bodyweight_kg.filter(|w| w.is_finite() && *w > 0.0);
    match (b.pull_ups, b.pull_one_rep_max_added_kg, bodyweight) {
        (Some(n), _, _) if n < STRICT_PULL_UPS_FOR_SETS => PullLevel::Building(n),
        (Some(n), _, _) => PullLevel::Reps(n),
        // A one-rep max with load taken off: no strict pull-up yet.
        (None, Some(added), Some(_)) if added <= 0.0 => PullLevel::Building(0),
        (None, Some(added), Some(w)) => PullLevel::Loaded {
            total: w + added,
            bodyweight: w,
        },
        _ => PullLevel::Untested,
    }
}

/// Sets of bodyweight pull-ups at 60-80 % of the tested count ("5-6" from 8): sub-maximal
/// sets that leave reps in reserve. Heuristic (ClimbingPill).
pub(super) fn rep_range(max: u16) -> String {
    let lo = (u32::from(max) * 6 / 10).max(3);
    let hi = (u32::from(max) * 8 / 10).max(lo);
    if lo == hi {
        lo.to_string()
    } else {
        format!("{lo}-{hi}")
    }
}

/// Added kg for sets of about 5 from a one-rep max: 5 reps are about 87 % of 1RM (Epley 1985,
/// 1RM = load × (1 + reps / 30); an estimate, not a climbing study).
pub(super) fn five_rep_added(total: f64, bodyweight: f64) -> f64 {
    total / (1.0 + 5.0 / 30.0) - bodyweight
}
