//! The numbers the assessment judges a climber by, in one auditable place: what climbers at a
//! grade typically measure in each test ([`Norm`]), how much a test varies from one day to the
//! next ([`Noise`]), and the thresholds that turn a difference into a verdict. Every table
//! carries its source and says whether it is a heuristic. Replace a table here and the whole
//! assessment follows.
//!
//! # Grades
//!
//! Norms are indexed by the IRCRA reporting scale (Draper et al. 2015; see
//! [`crate::domain::grade`]). DOMAIN.md's coaching tables are written in French sport grades;
//! they are placed on IRCRA with DOMAIN.md's table (7a = 17, 7b = 19, 7c = 21, 8a = 23,
//! 8b = 25, 8c = 27, 9a = 29). IRCRA is shared by boulder and route grades (IRCRA 19 is both
//! French 7b and V5), so a boulderer at V5 is compared with the 7b row. That is a choice, not
//! data: finger strength predicts boulder grade a little better than sport grade (R² 0.53 vs
//! 0.45, Giles 2021), but no source gives separate tables.
//!
//! # Between and beyond the table
//!
//! [`expected`] interpolates linearly between the table's points. Beyond its ends it extends
//! the first or last segment in a straight line: **that extrapolation is a heuristic**, there
//! is no data there. It is what lets a 9b climber be scored (and be ahead) instead of
//! saturating at the top row. Below the table a straight line soon reaches zero or less, which
//! no test can be "expected" to measure, so each norm has a floor ([`Norm::min_expected`]).

use crate::domain::code_enum::code_enum;
use crate::domain::grade::{Discipline, Ircra};
use crate::domain::training::Area;

/// Results older than this are flagged stale ("retest"): DOMAIN.md, "Scoring design", lists
/// never flagging tests older than 90 days as a pitfall of other apps.
pub const STALE_AFTER_DAYS: i64 = 90;

/// A measurement more than this far above the norm (residual = measured / expected − 1, in
/// percent) is "ahead". Heuristic (ClimbingPill, unsourced): wide enough that the 5-10 %
/// day-to-day noise of a strength test alone does not flip the verdict. A noisier test uses
/// its own noise instead ([`verdict_band_pct`]): repeaters and critical force vary about 20 %.
pub const AHEAD_ABOVE_PCT: f64 = 10.0;
/// Below this residual (percent) a measurement is "behind". Heuristic, as [`AHEAD_ABOVE_PCT`].
pub const BEHIND_BELOW_PCT: f64 = -10.0;

/// Half the width of the "on par" band for a test: its test-retest noise, at least
/// [`AHEAD_ABOVE_PCT`]. A residual inside the noise cannot say ahead or behind (DOMAIN.md:
/// "a change under 20 % is noise" for critical force, Giles 2021).
pub fn verdict_band_pct(test: TestKind) -> f64 {
    test.noise().pct.max(AHEAD_ABOVE_PCT)
}

/// Half the width of the grade band predicted from finger strength alone, in IRCRA steps.
/// Heuristic (ClimbingPill, unsourced): finger strength explains only about half of the
/// variance in grade (R² 0.45-0.58, DOMAIN.md), so one number can only place a climber within
/// a few grades. ±1.5 is a readable width, not a confidence interval.
pub const BAND_HALF_WIDTH: f64 = 1.5;
/// The IRCRA rows the predicted band is clamped to (the table of Draper et al. 2015).
pub const BAND_MIN_IRCRA: f64 = 1.0;
pub const BAND_MAX_IRCRA: f64 = 32.0;

code_enum!(
    /// One test protocol. The codes are the `*_kind` values of the tests form (plus
    /// "max_hang" and "leg_span", which have one protocol each), and what results store in
    /// `test`.
    TestKind {
        MaxHang => "max_hang", "Max hang";
        OneRepMax => "one_rep_max", "Weighted pull-up";
        MaxReps => "max_reps", "Max pull-ups";
        Repeaters => "repeaters", "Repeaters";
        CriticalForce => "critical_force", "Critical force";
        CampusReach => "campus_reach", "Campus max reach";
        MaxMoves => "max_moves", "Campus max moves";
        LegRaises => "leg_raises", "Hanging leg raises";
        FrontLever => "front_lever", "Front lever";
        LegSpan => "leg_span", "Leg span";
    }
);

impl TestKind {
    /// The area this test measures.
    pub fn area(self) -> Area {
        match self {
            TestKind::MaxHang => Area::FingerStrength,
            TestKind::OneRepMax | TestKind::MaxReps => Area::PullingStrength,
            TestKind::Repeaters | TestKind::CriticalForce => Area::FingerEndurance,
            TestKind::CampusReach | TestKind::MaxMoves => Area::Power,
            TestKind::LegRaises | TestKind::FrontLever => Area::Core,
            TestKind::LegSpan => Area::Flexibility,
        }
    }

    /// The unit a measurement of this test is expressed in (strength tests as a ratio to
    /// bodyweight; the front lever as its position in [`super::FrontLever`], 1 = tuck).
    pub fn unit(self) -> &'static str {
        match self {
            TestKind::MaxHang | TestKind::OneRepMax | TestKind::CriticalForce => BODYWEIGHT_RATIO,
            TestKind::MaxReps => "pull-ups",
            TestKind::Repeaters => "hangs",
            TestKind::CampusReach => "rung",
            TestKind::MaxMoves => "moves",
            TestKind::LegRaises => "leg raises",
            TestKind::FrontLever => "level",
            TestKind::LegSpan => "cm",
        }
    }

    /// Whether the result is load relative to bodyweight (and needs the bodyweight).
    pub fn per_bodyweight(self) -> bool {
        self.unit() == BODYWEIGHT_RATIO
    }

    /// What climbers at a grade typically measure; `None` for core and flexibility, which have
    /// no sourced norms (DOMAIN.md): they are recorded, never scored.
    pub fn norm(self) -> Option<&'static Norm> {
        match self {
            TestKind::MaxHang => Some(&FINGER_STRENGTH),
            TestKind::OneRepMax => Some(&PULL_ONE_REP_MAX),
            TestKind::MaxReps => Some(&PULL_UPS),
            TestKind::Repeaters => Some(&REPEATERS),
            TestKind::CriticalForce => Some(&CRITICAL_FORCE),
            TestKind::CampusReach => Some(&CAMPUS_REACH),
            TestKind::MaxMoves => Some(&MAX_MOVES),
            TestKind::LegRaises | TestKind::FrontLever | TestKind::LegSpan => None,
        }
    }

    /// The norm for a climber whose grade is a `discipline` grade: boulderers' finger strength
    /// is compared with the boulder row, everything else with the one table there is.
    pub fn norm_for(self, discipline: Discipline) -> Option<&'static Norm> {
        match (self, discipline) {
            (TestKind::MaxHang, Discipline::Boulder) => Some(&FINGER_STRENGTH_BOULDER),
            _ => self.norm(),
        }
    }

    /// How much this test varies between two honest attempts.
    pub fn noise(self) -> &'static Noise {
        match self {
            TestKind::MaxHang => &MAX_HANG_NOISE,
            TestKind::OneRepMax => &ONE_REP_MAX_NOISE,
            TestKind::MaxReps => &PULL_UPS_NOISE,
            TestKind::Repeaters => &REPEATERS_NOISE,
            TestKind::CriticalForce => &CRITICAL_FORCE_NOISE,
            TestKind::CampusReach | TestKind::MaxMoves => &POWER_NOISE,
            TestKind::LegRaises | TestKind::FrontLever => &CORE_NOISE,
            TestKind::LegSpan => &FLEXIBILITY_NOISE,
        }
    }
}

/// The unit of every strength test: (bodyweight + added load) / bodyweight, or force / bodyweight.
pub const BODYWEIGHT_RATIO: &str = "× bodyweight";

/// What climbers at a grade typically measure in one test.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Norm {
    pub test: TestKind,
    /// As [`TestKind::unit`].
    pub unit: &'static str,
    /// (IRCRA, expected value), IRCRA strictly increasing, values strictly increasing.
    pub points: &'static [(f32, f64)],
    /// [`expected`] never goes below this (see the module docs): a plausible minimum for the
    /// weakest climbers, a heuristic in every table.
    pub min_expected: f64,
    /// No straight-line extension beyond the table's ends: below the first point and above the
    /// last the expected value stays at the end value (for group data with no grades beyond).
    pub flat_beyond: bool,
    /// True when the table is a coaching estimate rather than measured data.
    pub heuristic: bool,
    pub source: &'static str,
}

impl Norm {
    pub fn area(&self) -> Area {
        self.test.area()
    }
}

/// Test-retest noise: a change smaller than `pct` percent is not a real change.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Noise {
    pub pct: f64,
    pub heuristic: bool,
    pub source: &'static str,
}

// -------------------------------------------------------------------------------------------
// The norms. IRCRA rows: French 7a = 17, 7b = 19, 7c = 21, 8a = 23, 8b = 25, 8c = 27, 9a = 29.
// -------------------------------------------------------------------------------------------

/// Max hang, (bodyweight + added) / bodyweight, 20 mm edge, half crimp, 5-10 s.
pub const FINGER_STRENGTH: Norm = Norm {
    test: TestKind::MaxHang,
    unit: BODYWEIGHT_RATIO,
    points: &[
        (17.0, 1.00),
        (19.0, 1.15),
        (21.0, 1.25),
        (23.0, 1.40),
        (25.0, 1.60),
        (27.0, 1.80),
        (29.0, 2.00),
    ],
    // Hanging with 60 % of bodyweight taken off; the line reaches it just below IRCRA 9.
    min_expected: 0.40,
    flat_beyond: false,
    heuristic: true,
    source: "DOMAIN.md, \"Max finger strength\": unsourced coaching table, two-arm load / \
             bodyweight on 20 mm: French 7a 1.00, 7b 1.15, 7c 1.25, 8a 1.40, 8b 1.60, 8c 1.80, \
             9a 2.00, placed on IRCRA with DOMAIN.md's table. No published formula maps %BW \
             to a grade.",
};

/// Max hang for a boulder grade: the route table one IRCRA step earlier (a V5 boulderer,
/// IRCRA 19, is expected what a 7b+ route climber, IRCRA 20, hangs). Heuristic (ClimbingPill):
/// boulder grades lean harder on finger strength (R² 0.53 boulder vs 0.45 sport, Giles 2021,
/// via DOMAIN.md), but no source gives a boulder table; replace when data exists.
pub const FINGER_STRENGTH_BOULDER: Norm = Norm {
    test: TestKind::MaxHang,
    unit: BODYWEIGHT_RATIO,
    points: &[
        (16.0, 1.00),
        (18.0, 1.15),
        (20.0, 1.25),
        (22.0, 1.40),
        (24.0, 1.60),
        (26.0, 1.80),
        (28.0, 2.00),
    ],
    min_expected: 0.40,
    flat_beyond: false,
    heuristic: true,
    source: "ClimbingPill heuristic: DOMAIN.md's unsourced coaching table (French 7a 1.00 … \
             9a 2.00) moved one IRCRA step down for boulder grades, because boulder grades \
             lean harder on finger strength (Giles 2021). No source gives a boulder table.",
};

/// Weighted pull-up one-rep max, (bodyweight + added) / bodyweight.
pub const PULL_ONE_REP_MAX: Norm = Norm {
    test: TestKind::OneRepMax,
    unit: BODYWEIGHT_RATIO,
    points: &[(17.0, 1.20), (21.0, 1.40), (23.0, 1.55), (25.0, 1.75)],
    // An assisted pull-up with half of bodyweight taken off; reached at IRCRA 3.
    min_expected: 0.50,
    flat_beyond: false,
    heuristic: true,
    source: "DOMAIN.md, \"Pulling strength\": unsourced coaching table, weighted pull-up \
             1RM / bodyweight: French 7a 1.20, 7c 1.40, 8a 1.55, 8b 1.75, placed on IRCRA.",
};

/// Strict bodyweight pull-ups in one set. Grant et al. 1996 (J Sports Sci 14:301-309, 10 men
/// a group): recreational climbers, who had led no harder than Severe, 3.0 pull-ups; elite
/// climbers, who had led at least E1 in the past year, 16.2. The groups are placed at the
/// grades that define them, on grade.rs's British mapping (Severe ~ French 4 = IRCRA 7;
/// E1 ~ French 6a = IRCRA 11), and not extended beyond: the paper has no grades above its
/// elite group's minimum, so harder grades are expected the elite mean, not more.
pub const PULL_UPS: Norm = Norm {
    test: TestKind::MaxReps,
    unit: "pull-ups",
    points: &[(7.0, 3.0), (11.0, 16.0)],
    min_expected: 1.0,
    flat_beyond: true,
    heuristic: true,
    source: "Grant et al. 1996 (J Sports Sci 14:301-309): recreational climbers (leading no \
             harder than Severe) 3 strict pull-ups, elite (leading E1 or harder) 16. The paper \
             reports groups, not grades: the groups sit at their defining grades (Severe = \
             IRCRA 7, E1 = IRCRA 11), flat beyond them; a ClimbingPill placement.",
};

/// 7 s on / 3 s off on 20 mm at 60 % of the max-hang load: hangs completed before failure.
pub const REPEATERS: Norm = Norm {
    test: TestKind::Repeaters,
    unit: "hangs",
    points: &[(12.0, 10.0), (26.0, 24.0)],
    // Three hangs; reached at IRCRA 5.
    min_expected: 3.0,
    flat_beyond: false,
    heuristic: true,
    source: "ClimbingPill coaching estimate, unsourced — replace when data exists. DOMAIN.md \
             gives no per-grade numbers for repeaters (only that critical force explains 61 % \
             of sport-grade variance, Giles 2021).",
};

/// Critical force (24 × 7:3 all-out on 20 mm, mean end force) / bodyweight.
pub const CRITICAL_FORCE: Norm = Norm {
    test: TestKind::CriticalForce,
    unit: BODYWEIGHT_RATIO,
    points: &[(12.0, 0.30), (28.0, 0.60)],
    // 15 % of bodyweight; reached at IRCRA 4.
    min_expected: 0.15,
    flat_beyond: false,
    heuristic: true,
    source: "ClimbingPill coaching estimate, unsourced — replace when data exists. Giles 2021 \
             (via DOMAIN.md) links critical force %BM to sport grade (61 % of variance) but \
             DOMAIN.md gives no per-grade values.",
};

/// Campus max reach: highest rung hit from rung 1, matched start, standard spacing.
pub const CAMPUS_REACH: Norm = Norm {
    test: TestKind::CampusReach,
    unit: "rung",
    points: &[(16.0, 3.0), (27.0, 7.0)],
    // Rung 1, i.e. not leaving the start; reached at IRCRA 10.5.
    min_expected: 1.0,
    flat_beyond: false,
    heuristic: true,
    source: "ClimbingPill coaching estimate, unsourced — replace when data exists. DOMAIN.md \
             names campus max reach as a power test (Giles 2021: power R² 0.60 with boulder \
             grade) without per-grade values.",
};

/// Campus max moves: most rungs climbed hand over hand from rung 1.
pub const MAX_MOVES: Norm = Norm {
    test: TestKind::MaxMoves,
    unit: "moves",
    points: &[(16.0, 4.0), (27.0, 12.0)],
    // One move; reached near IRCRA 12.
    min_expected: 1.0,
    flat_beyond: false,
    heuristic: true,
    source: "ClimbingPill coaching estimate, unsourced — replace when data exists. DOMAIN.md \
             names campus max moves as a power test without per-grade values.",
};

/// Every norm, for audits and tests.
pub const ALL_NORMS: [&Norm; 8] = [
    &FINGER_STRENGTH,
    &FINGER_STRENGTH_BOULDER,
    &PULL_ONE_REP_MAX,
    &PULL_UPS,
    &REPEATERS,
    &CRITICAL_FORCE,
    &CAMPUS_REACH,
    &MAX_MOVES,
];

// -------------------------------------------------------------------------------------------
// Test-retest noise, used when comparing two assessments.
// -------------------------------------------------------------------------------------------

pub const MAX_HANG_NOISE: Noise = Noise {
    pct: 5.0,
    heuristic: true,
    source: "ClimbingPill estimate, unsourced: a max hang is a short maximal effort, \
             usually repeatable to within a few kilograms.",
};
pub const ONE_REP_MAX_NOISE: Noise = Noise {
    pct: 5.0,
    heuristic: true,
    source: "ClimbingPill estimate, unsourced: a one-rep max is a short maximal effort, \
             usually repeatable to within a few kilograms.",
};
pub const PULL_UPS_NOISE: Noise = Noise {
    pct: 10.0,
    heuristic: true,
    source: "ClimbingPill estimate, unsourced: reps to failure depend on pacing and fatigue \
             more than a single maximal effort.",
};
pub const REPEATERS_NOISE: Noise = Noise {
    pct: 20.0,
    heuristic: true,
    source: "DOMAIN.md applies the critical-force noise (Giles 2021, test-retest CV about \
             21 %) to finger endurance; repeaters to failure are assumed no less noisy.",
};
pub const CRITICAL_FORCE_NOISE: Noise = Noise {
    pct: 20.0,
    heuristic: false,
    source: "Giles et al. 2021 (via DOMAIN.md): critical force test-retest CV about 21 %; \
             a change under 20 % is noise.",
};
pub const POWER_NOISE: Noise = Noise {
    pct: 10.0,
    heuristic: true,
    source: "ClimbingPill estimate, unsourced: campus tests count whole rungs, so one rung \
             is already a 10-30 % step.",
};
pub const CORE_NOISE: Noise = Noise {
    pct: 10.0,
    heuristic: true,
    source: "ClimbingPill estimate, unsourced: reps to failure and held positions vary with \
             fatigue and strictness of form.",
};
pub const FLEXIBILITY_NOISE: Noise = Noise {
    pct: 3.0,
    heuristic: true,
    source: "ClimbingPill estimate, unsourced: a leg span measured the same way varies by a \
             few centimetres after a warm-up.",
};

// -------------------------------------------------------------------------------------------
// Reading a table.
// -------------------------------------------------------------------------------------------

/// What climbers at `grade` typically measure: linear between the table's points, the end
/// segments extended beyond them (a heuristic: there is no data there), never below
/// [`Norm::min_expected`].
pub fn expected(norm: &Norm, grade: Ircra) -> f64 {
    expected_at(norm, f64::from(grade.value()))
}

/// [`expected`] at any IRCRA number (a fractional one from [`grade_for`], say).
pub fn expected_at(norm: &Norm, ircra: f64) -> f64 {
    let ircra = match (norm.flat_beyond, norm.points.first(), norm.points.last()) {
        (true, Some(first), Some(last)) => ircra.clamp(f64::from(first.0), f64::from(last.0)),
        _ => ircra,
    };
    let value = match segment(norm.points, |p| f64::from(p.0), ircra) {
        Some(((x0, y0), (x1, y1))) => y0 + (ircra - x0) * (y1 - y0) / (x1 - x0),
        // A one-point table is a constant (every shipped table has at least two points).
        None => norm.points.first().map_or(norm.min_expected, |p| p.1),
    };
    value.max(norm.min_expected)
}

/// The IRCRA number at which climbers typically measure `value`: the inverse of [`expected`]
/// along the same straight lines, extended beyond the table (so it may fall below 1 or above
/// 32). It ignores the floor: below [`Norm::min_expected`] the line keeps going, so a very weak
/// result still reads as a low grade rather than all mapping onto one number.
pub fn grade_for(norm: &Norm, value: f64) -> f32 {
    let ircra = match segment(norm.points, |p| p.1, value) {
        Some(((x0, y0), (x1, y1))) => x0 + (value - y0) * (x1 - x0) / (y1 - y0),
        None => norm.points.first().map_or(f64::NAN, |p| f64::from(p.0)),
    };
    ircra as f32
}

/// The two neighbouring points whose `key` range contains `at`: the first segment below the
/// table, the last above it. Points are (IRCRA, value) as f64. `None` with fewer than two.
fn segment(
    points: &[(f32, f64)],
    key: impl Fn(&(f32, f64)) -> f64,
    at: f64,
) -> Option<((f64, f64), (f64, f64))> {
    let last = points.len().checked_sub(2)?;
    let i = points[..=last]
        .iter()
        .zip(&points[1..])
        .position(|(_, upper)| at <= key(upper))
        .unwrap_or(last);
    let as_f64 = |p: &(f32, f64)| (f64::from(p.0), p.1);
    Some((as_f64(&points[i]), as_f64(&points[i + 1])))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::grade::{Discipline, Grade};

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    fn assert_close(a: f64, b: f64) {
        assert!(close(a, b), "{a} != {b}");
    }

    #[test]
    fn each_test_is_judged_inside_its_own_noise() {
        assert_eq!(verdict_band_pct(TestKind::MaxHang), 10.0);
        assert_eq!(verdict_band_pct(TestKind::Repeaters), 20.0);
        assert_eq!(verdict_band_pct(TestKind::CriticalForce), 20.0);
        assert_eq!(verdict_band_pct(TestKind::MaxReps), 10.0);
    }

    #[test]
    fn boulderers_are_compared_on_the_boulder_row() {
        assert_eq!(
            TestKind::MaxHang.norm_for(Discipline::Boulder),
            Some(&FINGER_STRENGTH_BOULDER)
        );
        assert_eq!(
            TestKind::MaxHang.norm_for(Discipline::Route),
            Some(&FINGER_STRENGTH)
        );
        // V5 (IRCRA 19) expects what 7b+ (20) does on the route row.
        assert_close(
            expected(&FINGER_STRENGTH_BOULDER, Ircra::new(19)),
            expected(&FINGER_STRENGTH, Ircra::new(20)),
        );
        const { assert!(FINGER_STRENGTH_BOULDER.heuristic) };
    }

    #[test]
    fn stale_and_verdict_thresholds_are_domain_values() {
        assert_eq!(STALE_AFTER_DAYS, 90);
        assert_eq!(AHEAD_ABOVE_PCT, 10.0);
        assert_eq!(BEHIND_BELOW_PCT, -10.0);
        assert_eq!(BAND_HALF_WIDTH, 1.5);
    }

    #[test]
    fn finger_table_is_domain_md_on_ircra() {
        let french = [
            ("7a", 1.00),
            ("7b", 1.15),
            ("7c", 1.25),
            ("8a", 1.40),
            ("8b", 1.60),
            ("8c", 1.80),
            ("9a", 2.00),
        ];
        assert_eq!(FINGER_STRENGTH.points.len(), french.len());
        for ((grade, value), point) in french.iter().zip(FINGER_STRENGTH.points) {
            // The French grade converts to the table's IRCRA row through grade.rs, too.
            let g = Grade::parse_in(grade, Discipline::Route).unwrap();
            assert_eq!(g.ircra().unwrap().value(), point.0, "{grade}");
            assert_eq!(point.1, *value, "{grade}");
            assert_close(expected(&FINGER_STRENGTH, g.ircra().unwrap()), *value);
        }
        const { assert!(FINGER_STRENGTH.heuristic) };
        assert!(FINGER_STRENGTH.source.contains("unsourced coaching table"));
    }

    #[test]
    fn pulling_table_is_domain_md_on_ircra() {
        let french = [("7a", 1.20), ("7c", 1.40), ("8a", 1.55), ("8b", 1.75)];
        for ((grade, value), point) in french.iter().zip(PULL_ONE_REP_MAX.points) {
            let g = Grade::parse_in(grade, Discipline::Route).unwrap();
            assert_eq!(g.ircra().unwrap().value(), point.0, "{grade}");
            assert_eq!(point.1, *value, "{grade}");
        }
        assert_eq!(PULL_ONE_REP_MAX.points.len(), french.len());
        const { assert!(PULL_ONE_REP_MAX.heuristic) };
    }

    #[test]
    fn pull_up_table_places_grant_1996_groups_and_says_so() {
        // Issue 22 (7): the groups sit at the grades that define them, on grade.rs's mapping.
        for (british, row) in [("S", 0), ("E1", 1)] {
            let g = Grade::parse_in(british, Discipline::Route)
                .or_else(|_| Grade::parse_in(&format!("{british} 4a"), Discipline::Route));
            if let Ok(g) = g {
                if let Some(i) = g.ircra() {
                    assert!(
                        (i.value() - PULL_UPS.points[row].0).abs() <= 1.0,
                        "{british}"
                    );
                }
            }
        }
        assert_eq!(PULL_UPS.points, &[(7.0, 3.0), (11.0, 16.0)]);
        const { assert!(PULL_UPS.heuristic && PULL_UPS.flat_beyond) };
        assert!(PULL_UPS.source.contains("Grant"));
        assert!(PULL_UPS.source.contains("groups, not grades"));
        // No straight line beyond the groups: a 7a or 8a climber is expected the elite mean.
        assert_close(expected(&PULL_UPS, Ircra::new(17)), 16.0);
        assert_close(expected(&PULL_UPS, Ircra::new(23)), 16.0);
        assert_close(expected(&PULL_UPS, Ircra::new(3)), 3.0);
    }

    #[test]
    fn estimated_tables_say_they_are_unsourced() {
        for norm in [&REPEATERS, &CRITICAL_FORCE, &CAMPUS_REACH, &MAX_MOVES] {
            assert!(norm.heuristic, "{:?}", norm.test);
            assert!(
                norm.source.starts_with(
                    "ClimbingPill coaching estimate, unsourced — replace when data exists"
                ),
                "{:?}",
                norm.test
            );
        }
        assert_eq!(REPEATERS.points, &[(12.0, 10.0), (26.0, 24.0)]);
        assert_eq!(CRITICAL_FORCE.points, &[(12.0, 0.30), (28.0, 0.60)]);
        assert_eq!(CAMPUS_REACH.points, &[(16.0, 3.0), (27.0, 7.0)]);
        assert_eq!(MAX_MOVES.points, &[(16.0, 4.0), (27.0, 12.0)]);
    }

    #[test]
    fn expected_equals_every_table_point() {
        for norm in ALL_NORMS {
            for &(ircra, value) in norm.points {
                let grade = Ircra::from_value(f64::from(ircra)).unwrap();
                assert_close(expected(norm, grade), value);
            }
        }
    }

    #[test]
    fn tables_are_well_formed() {
        for norm in ALL_NORMS {
            assert!(norm.points.len() >= 2, "{:?}", norm.test);
            for pair in norm.points.windows(2) {
                assert!(
                    pair[0].0 < pair[1].0,
                    "{:?}: IRCRA must increase",
                    norm.test
                );
                assert!(
                    pair[0].1 < pair[1].1,
                    "{:?}: values must increase",
                    norm.test
                );
            }
            assert!(norm.min_expected > 0.0);
            assert!(norm.min_expected < norm.points[0].1);
            assert_eq!(norm.unit, norm.test.unit());
            assert!(
                norm.test.norm_for(Discipline::Route) == Some(norm)
                    || norm.test.norm_for(Discipline::Boulder) == Some(norm)
            );
            assert!(!norm.source.is_empty());
        }
    }

    #[test]
    fn interpolates_between_points() {
        // 7a+ (18) is halfway between 7a 1.00 and 7b 1.15: 1.075.
        assert_close(expected(&FINGER_STRENGTH, Ircra::new(18)), 1.075);
        // 17.5 is a quarter of the way: 1.00 + 0.15 / 4 = 1.0375.
        assert_close(expected(&FINGER_STRENGTH, Ircra::from_halves(35)), 1.0375);
        // 8a+ (24): (1.40 + 1.60) / 2 = 1.50.
        assert_close(expected(&FINGER_STRENGTH, Ircra::new(24)), 1.50);
        // Pulling 7b (19): halfway between 1.20 and 1.40 = 1.30.
        assert_close(expected(&PULL_ONE_REP_MAX, Ircra::new(19)), 1.30);
        // Pull-ups at 18: 3 + 6 × 13 / 12 = 9.5.
        // Pull-ups at 9: halfway between Severe (7) and E1 (11): 9.5.
        assert_close(expected(&PULL_UPS, Ircra::new(9)), 9.5);
        // Repeaters at 19: 10 + 7 × 14 / 14 = 17.
        assert_close(expected(&REPEATERS, Ircra::new(19)), 17.0);
        // Critical force at 20: 0.30 + 8 × 0.30 / 16 = 0.45.
        assert_close(expected(&CRITICAL_FORCE, Ircra::new(20)), 0.45);
        // Campus reach at 21.5: 3 + 5.5 × 4 / 11 = 5.
        assert_close(expected(&CAMPUS_REACH, Ircra::from_halves(43)), 5.0);
        // Max moves at 21.5: 4 + 5.5 × 8 / 11 = 8.
        assert_close(expected(&MAX_MOVES, Ircra::from_halves(43)), 8.0);
    }

    #[test]
    fn extrapolates_beyond_the_top_without_saturating() {
        // Last finger segment 8c 1.80 → 9a 2.00 is 0.10 per IRCRA: 9b (31) = 2.20, 33 = 2.40.
        assert_close(expected(&FINGER_STRENGTH, Ircra::new(31)), 2.20);
        assert_close(expected(&FINGER_STRENGTH, Ircra::new(33)), 2.40);
        // Pulling: last segment 0.10 per IRCRA: 8c (27) = 1.95.
        assert_close(expected(&PULL_ONE_REP_MAX, Ircra::new(27)), 1.95);
        // Pull-ups stay at the elite group's mean.
        assert_close(expected(&PULL_UPS, Ircra::new(30)), 16.0);
        // Critical force at 32: 0.60 + 4 × 0.01875 = 0.675.
        assert_close(expected(&CRITICAL_FORCE, Ircra::new(32)), 0.675);
    }

    #[test]
    fn extrapolates_below_the_bottom_down_to_the_floor() {
        // First finger segment is 0.075 per IRCRA: 6c+ (16) = 0.925, V0- (11) = 0.55.
        assert_close(expected(&FINGER_STRENGTH, Ircra::new(16)), 0.925);
        assert_close(expected(&FINGER_STRENGTH, Ircra::new(11)), 0.55);
        // At 9 the line gives exactly 0.40, the floor; at 5 it would be 0.10.
        assert_close(expected(&FINGER_STRENGTH, Ircra::new(9)), 0.40);
        assert_close(expected(&FINGER_STRENGTH, Ircra::new(5)), 0.40);
        // Pulling at 15: 1.20 − 2 × 0.05 = 1.10; at 1 the floor 0.50 (line: 0.40).
        assert_close(expected(&PULL_ONE_REP_MAX, Ircra::new(15)), 1.10);
        assert_close(expected(&PULL_ONE_REP_MAX, Ircra::new(1)), 0.50);
        // Pull-ups at 11: 3 − 13 / 12 = 1.9167; at 10 the line (0.833) is under the floor 1.
        assert_close(expected(&PULL_UPS, Ircra::new(6)), 3.0);
        // Repeaters at 8: 10 − 4 = 6.
        assert_close(expected(&REPEATERS, Ircra::new(8)), 6.0);
        for norm in ALL_NORMS.iter().filter(|n| !n.flat_beyond) {
            assert_close(expected(norm, Ircra::new(1)), norm.min_expected);
            assert!(expected(norm, Ircra::new(0)) > 0.0);
        }
    }

    #[test]
    fn expected_never_decreases_with_grade() {
        for norm in ALL_NORMS {
            let mut previous = 0.0;
            for halves in 0..=80 {
                let e = expected(norm, Ircra::from_halves(halves));
                assert!(e >= previous, "{:?} at {}", norm.test, halves);
                previous = e;
            }
        }
    }

    #[test]
    fn grade_for_inverts_expected() {
        // At the points.
        for norm in ALL_NORMS {
            for &(ircra, value) in norm.points {
                assert!(
                    (grade_for(norm, value) - ircra).abs() < 1e-5,
                    "{:?}",
                    norm.test
                );
            }
        }
        // Between: 1.12 × bodyweight is 17 + 0.12 / 0.075 = 18.6.
        assert!((grade_for(&FINGER_STRENGTH, 1.12) - 18.6).abs() < 1e-5);
        // 1.50 is 8a+ (24).
        assert!((grade_for(&FINGER_STRENGTH, 1.50) - 24.0).abs() < 1e-5);
        // Beyond the top: 2.30 is 29 + 0.30 / 0.10 = 32.
        assert!((grade_for(&FINGER_STRENGTH, 2.30) - 32.0).abs() < 1e-5);
        // Below the bottom the line continues past the floor: 0.25 is 17 − 0.75 / 0.075 = 7.
        assert!((grade_for(&FINGER_STRENGTH, 0.25) - 7.0).abs() < 1e-4);
        // 9.5 pull-ups is 18.
        assert!((grade_for(&PULL_UPS, 9.5) - 9.0).abs() < 1e-5);
    }

    #[test]
    fn core_and_flexibility_have_no_norms_but_have_noise() {
        for test in TestKind::ALL {
            let scored = !matches!(test.area(), Area::Core | Area::Flexibility);
            assert_eq!(test.norm().is_some(), scored, "{test:?}");
            assert!(test.noise().pct > 0.0);
            assert!(!test.noise().source.is_empty());
        }
    }

    #[test]
    fn noise_is_the_documented_value_for_each_test() {
        let expected_noise = [
            (TestKind::MaxHang, 5.0),
            (TestKind::OneRepMax, 5.0),
            (TestKind::MaxReps, 10.0),
            (TestKind::Repeaters, 20.0),
            (TestKind::CriticalForce, 20.0),
            (TestKind::CampusReach, 10.0),
            (TestKind::MaxMoves, 10.0),
            (TestKind::LegRaises, 10.0),
            (TestKind::FrontLever, 10.0),
            (TestKind::LegSpan, 3.0),
        ];
        assert_eq!(expected_noise.len(), TestKind::ALL.len());
        for (test, pct) in expected_noise {
            assert_eq!(test.noise().pct, pct, "{test:?}");
        }
        // Only critical force's noise is measured (Giles 2021); the rest are estimates.
        for test in TestKind::ALL {
            assert_eq!(
                test.noise().heuristic,
                *test != TestKind::CriticalForce,
                "{test:?}"
            );
        }
        assert!(CRITICAL_FORCE_NOISE.source.contains("Giles"));
    }

    #[test]
    fn every_area_has_a_test_and_codes_round_trip() {
        for area in Area::ALL {
            assert!(TestKind::ALL.iter().any(|t| t.area() == *area), "{area:?}");
        }
        for test in TestKind::ALL {
            assert_eq!(TestKind::from_code(test.code()), Some(*test));
        }
        assert!(TestKind::MaxHang.per_bodyweight());
        assert!(TestKind::CriticalForce.per_bodyweight());
        assert!(!TestKind::MaxReps.per_bodyweight());
    }

    #[test]
    fn a_one_point_table_is_a_constant() {
        let norm = Norm {
            points: &[(20.0, 5.0)],
            ..PULL_UPS
        };
        assert_close(expected(&norm, Ircra::new(10)), 5.0);
        assert_eq!(grade_for(&norm, 7.0), 20.0);
    }

    proptest::proptest! {
        #[test]
        fn grade_for_and_expected_round_trip_above_the_floor(halves in 0u8..=70) {
            let ircra = Ircra::from_halves(halves);
            for norm in ALL_NORMS {
                let e = expected(norm, ircra);
                let inside = f64::from(ircra.value()) >= f64::from(norm.points[0].0)
                    && f64::from(ircra.value()) <= f64::from(norm.points[norm.points.len() - 1].0);
                if e > norm.min_expected && (inside || !norm.flat_beyond) {
                    let back = grade_for(norm, e);
                    proptest::prop_assert!((back - ircra.value()).abs() < 1e-3);
                }
            }
        }
    }
}
