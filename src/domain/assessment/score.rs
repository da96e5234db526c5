//! Scores an assessment against what climbers at the climber's *current* grade typically
//! measure (DOMAIN.md, "Scoring design"): each tested area gets a residual (ahead, on par,
//! behind); the weakest area is the most negative residual.
//!
//! Honesty rules, each a pitfall DOMAIN.md lists:
//! - the anchor is the hardest grade already climbed, never the goal grade (anchoring to the
//!   target saturates every score);
//! - an untested area is "not tested", never an average;
//! - core and flexibility have no norms: they are recorded, never scored;
//! - scores are ratios, never clamped to 0-100 %: a 9a climber can be ahead;
//! - results older than [`STALE_AFTER_DAYS`] are flagged.
use serde::{Deserialize, Serialize};

use super::model::{
    Assessment, Background, CoreTest, EnduranceTest, PowerTest, PullTest, TestResults,
};
use super::norms::{
    expected, grade_for, verdict_band_pct, TestKind, AHEAD_ABOVE_PCT, BAND_HALF_WIDTH,
    BAND_MAX_IRCRA, BAND_MIN_IRCRA, BEHIND_BELOW_PCT, FINGER_STRENGTH, STALE_AFTER_DAYS,
};
use crate::domain::grade::{format_in, Discipline, Grade, GradeSystem, Ircra};
use crate::domain::training::{Area, Level, LevelInputs};
use crate::domain::when::Date;

/// A scored assessment, ready to show and to feed the program generator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentResult {
    /// IRCRA of the hardest grade climbed ([`Self::grade_basis`] says which discipline).
    pub current_grade: Option<Ircra>,
    pub grade_basis: Option<Discipline>,
    pub level: Option<Level>,
    /// Why that level, in one sentence (grade, years, hangboard history, finger test).
    #[serde(default)]
    pub level_reason: Option<String>,
    /// One per [`Area::ALL`], in that order.
    pub areas: Vec<AreaScore>,
    /// The grades climbers with this finger strength typically climb (heuristic).
    pub predicted_band: Option<GradeBand>,
    /// Scored areas that are behind, most negative residual first.
    pub weaknesses: Vec<Area>,
    /// Scored areas that are ahead, most positive residual first.
    pub strengths: Vec<Area>,
    /// A bodyweight hang (no load taken off) held 10 s on 20 mm was measured: DOMAIN.md's
    /// prerequisite for hangboard training. Validation allows 5-10 s max hangs, so only one
    /// held the full 10 s counts; a heavier, shorter hang does not prove the 10 s.
    pub hangboard_ready: bool,
    pub any_stale: bool,
    /// Plain-language lines for the climber.
    pub summary: Vec<String>,
}

/// A range of IRCRA grades.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradeBand {
    pub low: Ircra,
    pub high: Ircra,
    pub heuristic: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AreaScore {
    pub area: Area,
    pub status: AreaStatus,
    /// One plain-language line.
    pub summary: String,
}

/// `test` is a [`TestKind`] code ("max_hang", "repeaters", …); `unit` as [`TestKind::unit`]
/// ("× bodyweight" for strength tests), or "kg added" / "kg" for a strength result stored
/// without a bodyweight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
/// Written and read through `wire::AreaStatusWire` as `{"kind": "snake_case_variant", fields…}`
/// (no buffering, and postcard-ready; see `assessment::wire`).
#[serde(
    into = "super::wire::AreaStatusWire",
    try_from = "super::wire::AreaStatusWire"
)]
pub enum AreaStatus {
    NotTested,
    /// Measured but not scored: no norm (core, flexibility), no current grade, or no
    /// bodyweight to make a ratio.
    Recorded {
        test: String,
        value: f64,
        unit: String,
        tested_on: Date,
        stale: bool,
    },
    Scored {
        test: String,
        measured: f64,
        expected: f64,
        unit: String,
        /// (measured / expected − 1) × 100, rounded to 0.1; unbounded either way.
        residual_pct: f64,
        verdict: Verdict,
        /// The norm is a coaching estimate, not data (every shipped norm, for now).
        heuristic: bool,
        tested_on: Date,
        stale: bool,
    },
}

impl AreaStatus {
    pub fn is_stale(&self) -> bool {
        match self {
            AreaStatus::NotTested => false,
            AreaStatus::Recorded { stale, .. } | AreaStatus::Scored { stale, .. } => *stale,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Ahead,
    OnPar,
    Behind,
}

/// Ahead above [`AHEAD_ABOVE_PCT`], behind below [`BEHIND_BELOW_PCT`], on par between (the
/// thresholds themselves are on par).
pub fn verdict(residual_pct: f64) -> Verdict {
    verdict_within(residual_pct, AHEAD_ABOVE_PCT.min(-BEHIND_BELOW_PCT))
}

/// The verdict for one test: on par inside that test's own noise ([`verdict_band_pct`]), so
/// a repeater result 14 % under the norm, with a noise of 20 %, is on par, not behind.
pub fn verdict_for(test: TestKind, residual_pct: f64) -> Verdict {
    verdict_within(residual_pct, verdict_band_pct(test))
}

fn verdict_within(residual_pct: f64, band: f64) -> Verdict {
    if residual_pct > band {
        Verdict::Ahead
    } else if residual_pct < -band {
        Verdict::Behind
    } else {
        Verdict::OnPar
    }
}

/// Scores `assessment` as of `today` (which decides staleness).
pub fn score(assessment: &Assessment, today: Date) -> AssessmentResult {
    let background = &assessment.background;
    let tests = &assessment.tests;
    let basis = current_grade(background);
    let system = display_system(background, basis.as_ref());
    let current = basis.as_ref().map(|b| b.ircra);
    let areas: Vec<AreaScore> = Area::ALL
        .iter()
        .map(|&area| {
            let discipline = basis
                .as_ref()
                .map_or(background.goal_discipline, |b| b.discipline);
            score_area(area, tests, discipline, current, system, today)
        })
        .collect();
    let level = current.map(|grade| {
        Level::assess(&LevelInputs {
            grade: Some(grade),
            years_climbing: background.years_climbing,
            hangboard_history: background.hangboard_history,
            finger_residual_pct: areas.iter().find_map(|a| match a.status {
                AreaStatus::Scored { residual_pct, .. } if a.area == Area::FingerStrength => {
                    Some(residual_pct)
                }
                _ => None,
            }),
        })
    });
    let mut result = AssessmentResult {
        current_grade: current,
        grade_basis: basis.as_ref().map(|b| b.discipline),
        level: level.as_ref().map(|l| l.level),
        level_reason: level.map(|l| l.reason),
        weaknesses: ranked(&areas, Verdict::Behind),
        strengths: ranked(&areas, Verdict::Ahead),
        predicted_band: predicted_band(tests),
        hangboard_ready: hangboard_ready(tests),
        any_stale: areas.iter().any(|a| a.status.is_stale()),
        areas,
        summary: Vec::new(),
    };
    let injured = !background.injuries.trim().is_empty();
    let new_to_hangboard = background.hangboard_history == Some(false);
    result.summary = summary(
        &result,
        basis.as_ref(),
        tests,
        system,
        injured,
        new_to_hangboard,
    );
    result
}

// -------------------------------------------------------------------------------------------
// Measurements: a test result in its norm's unit.
// -------------------------------------------------------------------------------------------

/// One test result as a number: a ratio to bodyweight for strength tests, a count, a rung, a
/// front-lever level (1 = tuck … 5 = full) or centimetres.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measurement {
    pub test: TestKind,
    pub value: f64,
    /// A strength result kept in kilograms because no usable bodyweight was stored (only
    /// possible for data that skipped validation): it cannot be scored.
    pub raw_kg: bool,
    pub tested_on: Date,
}

impl Measurement {
    pub fn unit(&self) -> &'static str {
        match (self.raw_kg, self.test) {
            (false, test) => test.unit(),
            (true, TestKind::CriticalForce) => "kg",
            (true, _) => "kg added",
        }
    }
}

/// The test result for `area`, if it was tested.
pub fn measure(tests: &TestResults, area: Area) -> Option<Measurement> {
    let bodyweight = tests.bodyweight_kg.filter(|w| w.is_finite() && *w > 0.0);
    // Added load → (bodyweight + added) / bodyweight; a force → force / bodyweight.
    let strength = |test, kg: f64, added: bool| match bodyweight {
        Some(w) => (test, if added { (w + kg) / w } else { kg / w }, false),
        None => (test, kg, true),
    };
    let count = |test, n: f64| (test, n, false);
    let ((test, value, raw_kg), tested_on) = match area {
        Area::FingerStrength => {
            let t = tests.max_hang.as_ref()?;
            (
                strength(TestKind::MaxHang, t.result.added_kg, true),
                t.tested_on,
            )
        }
        Area::PullingStrength => {
            let t = tests.pulling.as_ref()?;
            let m = match t.result {
                PullTest::OneRepMax { added_kg } => strength(TestKind::OneRepMax, added_kg, true),
                PullTest::MaxReps { reps } => count(TestKind::MaxReps, f64::from(reps)),
            };
            (m, t.tested_on)
        }
        Area::FingerEndurance => {
            let t = tests.endurance.as_ref()?;
            let m = match t.result {
                EnduranceTest::Repeaters { reps } => count(TestKind::Repeaters, f64::from(reps)),
                EnduranceTest::CriticalForce { kg } => strength(TestKind::CriticalForce, kg, false),
            };
            (m, t.tested_on)
        }
        Area::Power => {
            let t = tests.power.as_ref()?;
            let m = match t.result {
                PowerTest::CampusReach { rung } => count(TestKind::CampusReach, f64::from(rung)),
                PowerTest::MaxMoves { moves } => count(TestKind::MaxMoves, f64::from(moves)),
            };
            (m, t.tested_on)
        }
        Area::Core => {
            let t = tests.core.as_ref()?;
            let m = match t.result {
                CoreTest::LegRaises { reps } => count(TestKind::LegRaises, f64::from(reps)),
                CoreTest::FrontLever { level } => {
                    count(TestKind::FrontLever, front_lever_level(level))
                }
            };
            (m, t.tested_on)
        }
        Area::Flexibility => {
            let t = tests.flexibility.as_ref()?;
            (count(TestKind::LegSpan, t.result.leg_span_cm), t.tested_on)
        }
    };
    Some(Measurement {
        test,
        value,
        raw_kg,
        tested_on,
    })
}

/// Position in the progression: tuck = 1 … full = 5.
fn front_lever_level(level: super::model::FrontLever) -> f64 {
    let i = super::model::FrontLever::ALL
        .iter()
        .position(|l| *l == level)
        .unwrap_or(0);
    i as f64 + 1.0
}

fn front_lever_label(value: f64) -> &'static str {
    let all = super::model::FrontLever::ALL;
    let i = (value.round() as usize).clamp(1, all.len()) - 1;
    all[i].label()
}

// -------------------------------------------------------------------------------------------
// The current grade and how grades are shown.
// -------------------------------------------------------------------------------------------

/// The grade everything is compared with: the hardest grade climbed.
pub struct Basis<'a> {
    pub grade: &'a Grade,
    pub ircra: Ircra,
    pub discipline: Discipline,
}

/// The hardest grade in the goal discipline, else in the other one. Never the goal grade.
pub fn current_grade(background: &Background) -> Option<Basis<'_>> {
    let order = match background.goal_discipline {
        Discipline::Boulder => [Discipline::Boulder, Discipline::Route],
        Discipline::Route => [Discipline::Route, Discipline::Boulder],
    };
    order.into_iter().find_map(|discipline| {
        let hardest = match discipline {
            Discipline::Boulder => background.hardest_boulder.as_ref(),
            Discipline::Route => background.hardest_route.as_ref(),
        }?;
        Some(Basis {
            grade: &hardest.grade,
            ircra: hardest.grade.ircra()?,
            discipline,
        })
    })
}

/// Grades are shown in the system the climber typed their basis grade in (they read it);
/// without one, in French for a route goal and V for a boulder goal.
fn display_system(background: &Background, basis: Option<&Basis>) -> GradeSystem {
    match (basis, background.goal_discipline) {
        (Some(b), _) => b.grade.system,
        (None, Discipline::Route) => GradeSystem::French,
        (None, Discipline::Boulder) => GradeSystem::V,
    }
}

/// "7a", "V5", "UIAA VIII+", "Ewbank 24" (bare numbers and roman numerals need their name).
pub fn show_grade(ircra: Ircra, system: GradeSystem) -> String {
    let label = format_in(ircra, system);
    match system {
        GradeSystem::Uiaa | GradeSystem::Ewbank => format!("{} {label}", system.name()),
        _ => label,
    }
}

// -------------------------------------------------------------------------------------------
// Areas
// -------------------------------------------------------------------------------------------

fn days_ago(date: Date, today: Date) -> i64 {
    today.days_since_epoch() - date.days_since_epoch()
}

pub fn is_stale(tested_on: Date, today: Date) -> bool {
    days_ago(tested_on, today) > STALE_AFTER_DAYS
}

/// (measured / expected − 1) × 100, rounded to 0.1 so that 1.10 against 1.00 is exactly 10 %
/// (on par), not 10.000000000000009 % (ahead).
pub fn residual_pct(measured: f64, expected: f64) -> f64 {
    round_tenth((measured / expected - 1.0) * 100.0)
}

fn round_tenth(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn score_area(
    area: Area,
    tests: &TestResults,
    discipline: Discipline,
    current: Option<Ircra>,
    system: GradeSystem,
    today: Date,
) -> AreaScore {
    let Some(m) = measure(tests, area) else {
        return AreaScore {
            area,
            status: AreaStatus::NotTested,
            summary: format!("{}: not tested.", area.label()),
        };
    };
    let stale = is_stale(m.tested_on, today);
    let norm = m.test.norm_for(discipline).filter(|_| !m.raw_kg);
    let (status, line) = match (norm, current) {
        (Some(norm), Some(grade)) => {
            let expected = expected(norm, grade);
            let residual = residual_pct(m.value, expected);
            let verdict = verdict_for(m.test, residual);
            let line = scored_line(
                &m,
                expected,
                residual,
                verdict,
                norm.heuristic,
                grade,
                system,
            );
            let status = AreaStatus::Scored {
                test: m.test.code().to_string(),
                measured: m.value,
                expected,
                unit: m.unit().to_string(),
                residual_pct: residual,
                verdict,
                heuristic: norm.heuristic,
                tested_on: m.tested_on,
                stale,
            };
            (status, line)
        }
        _ => {
            let status = AreaStatus::Recorded {
                test: m.test.code().to_string(),
                value: m.value,
                unit: m.unit().to_string(),
                tested_on: m.tested_on,
                stale,
            };
            (status, recorded_line(&m, current.is_some()))
        }
    };
    let staleness = if stale {
        format!(
            " Tested {} days ago — retest.",
            days_ago(m.tested_on, today)
        )
    } else {
        String::new()
    };
    AreaScore {
        area,
        status,
        summary: format!("{line}{staleness}"),
    }
}

/// "Finger strength: 1.12 × bodyweight (max hang), about 12 % ahead of what climbers at 7a
/// typically manage (expected: 1.00 × bodyweight; heuristic table)."
fn scored_line(
    m: &Measurement,
    expected: f64,
    residual: f64,
    verdict: Verdict,
    heuristic: bool,
    grade: Ircra,
    system: GradeSystem,
) -> String {
    let at = show_grade(grade, system);
    let typical = format_value(m.test, expected, m.raw_kg);
    let basis = if heuristic {
        "heuristic table"
    } else {
        "published data"
    };
    let pct = residual.abs().round();
    let comparison = match verdict {
        Verdict::Ahead => {
            format!("about {pct:.0} % ahead of what climbers at {at} typically manage")
        }
        Verdict::Behind => {
            format!("about {pct:.0} % behind what climbers at {at} typically manage")
        }
        Verdict::OnPar => format!("on par with climbers at {at}"),
    };
    format!(
        "{}: {} ({}), {comparison} (expected: {typical}; {basis}).",
        m.test.area().label(),
        format_value(m.test, m.value, m.raw_kg),
        m.test.label().to_lowercase(),
    )
}

/// "Core: 12 leg raises (hanging leg raises), recorded only — …"
fn recorded_line(m: &Measurement, has_grade: bool) -> String {
    let why = if m.test.norm().is_none() {
        "recorded only: there are no reliable norms to score it against a grade"
    } else if m.raw_kg {
        "recorded only: add your bodyweight to score it, strength is a ratio to bodyweight"
    } else if !has_grade {
        "recorded only: add your hardest grade to compare it with climbers at your level"
    } else {
        "recorded only"
    };
    format!(
        "{}: {} ({}), {why}.",
        m.test.area().label(),
        format_value(m.test, m.value, m.raw_kg),
        m.test.label().to_lowercase(),
    )
}

/// Scored areas with `verdict`, the largest residual (in size) first; ties keep area order.
fn ranked(areas: &[AreaScore], wanted: Verdict) -> Vec<Area> {
    let mut found: Vec<(Area, f64)> = areas
        .iter()
        .filter_map(|a| match a.status {
            AreaStatus::Scored {
                verdict,
                residual_pct,
                ..
            } if verdict == wanted => Some((a.area, residual_pct.abs())),
            _ => None,
        })
        .collect();
    found.sort_by(|a, b| b.1.total_cmp(&a.1));
    found.into_iter().map(|(area, _)| area).collect()
}

// -------------------------------------------------------------------------------------------
// Values as climbers read them
// -------------------------------------------------------------------------------------------

/// "1.12 × bodyweight", "14 hangs", "1 pull-up", "rung 5", "Advanced tuck", "172 cm",
/// "+10.0 kg added".
pub fn format_value(test: TestKind, value: f64, raw_kg: bool) -> String {
    if raw_kg {
        return match test {
            TestKind::CriticalForce => format!("{value:.1} kg"),
            _ => format!("{value:+.1} kg added"),
        };
    }
    match test {
        TestKind::MaxHang | TestKind::OneRepMax | TestKind::CriticalForce => {
            format!("{value:.2} {}", test.unit())
        }
        TestKind::CampusReach => format!("rung {}", format_count(value)),
        TestKind::FrontLever => front_lever_label(value).to_string(),
        TestKind::LegSpan => format!("{} cm", format_count(value)),
        TestKind::MaxReps => counted(value, "pull-up", "pull-ups"),
        TestKind::Repeaters => counted(value, "hang", "hangs"),
        TestKind::MaxMoves => counted(value, "move", "moves"),
        TestKind::LegRaises => counted(value, "leg raise", "leg raises"),
    }
}

/// The number alone, as [`format_value`] shows it ("1.12", "14", "172.5").
pub fn format_number(test: TestKind, value: f64, raw_kg: bool) -> String {
    match (raw_kg, test) {
        (true, TestKind::CriticalForce) => format!("{value:.1}"),
        (true, _) => format!("{value:+.1}"),
        (false, TestKind::MaxHang | TestKind::OneRepMax | TestKind::CriticalForce) => {
            format!("{value:.2}")
        }
        (false, TestKind::FrontLever) => front_lever_label(value).to_string(),
        (false, _) => format_count(value),
    }
}

fn counted(value: f64, one: &str, many: &str) -> String {
    let unit = if value == 1.0 { one } else { many };
    format!("{} {unit}", format_count(value))
}

/// Whole numbers without decimals ("14"); others with one ("9.5", an expected value).
fn format_count(value: f64) -> String {
    if (value - value.round()).abs() < 0.05 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

// -------------------------------------------------------------------------------------------
// Band, hangboard readiness and the summary
// -------------------------------------------------------------------------------------------

/// The grades typical of the climber's finger strength: [`grade_for`] on the finger table,
/// ± [`BAND_HALF_WIDTH`], within IRCRA 1-32, to the nearest half step. Heuristic.
fn predicted_band(tests: &TestResults) -> Option<GradeBand> {
    let m = measure(tests, Area::FingerStrength).filter(|m| !m.raw_kg)?;
    let centre = f64::from(grade_for(&FINGER_STRENGTH, m.value));
    let at =
        |offset: f64| Ircra::from_value((centre + offset).clamp(BAND_MIN_IRCRA, BAND_MAX_IRCRA));
    Some(GradeBand {
        low: at(-BAND_HALF_WIDTH)?,
        high: at(BAND_HALF_WIDTH)?,
        heuristic: true,
    })
}

/// DOMAIN.md's prerequisite is a 10 s bodyweight hang on 20 mm. A hang with added weight
/// (held for the protocol's 5-10 s) shows at least that much, so it counts too; a hang with
/// weight taken off does not.
fn hangboard_ready(tests: &TestResults) -> bool {
    tests.max_hang.as_ref().is_some_and(|t| {
        let h = &t.result;
        (h.added_kg == 0.0 && h.seconds >= 10) || (h.added_kg > 0.0 && h.seconds >= 5)
    })
}

fn summary(
    result: &AssessmentResult,
    basis: Option<&Basis>,
    tests: &TestResults,
    system: GradeSystem,
    injured: bool,
    new_to_hangboard: bool,
) -> Vec<String> {
    let mut lines = vec![basis_line(basis, result.level)];
    lines.extend(result.level_reason.clone());
    lines.extend(
        result
            .areas
            .iter()
            .filter(|a| a.status != AreaStatus::NotTested)
            .map(|a| a.summary.clone()),
    );
    lines.extend(not_tested_line(&result.areas));
    lines.extend(ranking_lines(result));
    lines.extend(result.predicted_band.as_ref().map(|b| band_line(b, system)));
    lines.push(hangboard_line(
        tests,
        result.hangboard_ready,
        injured,
        new_to_hangboard,
    ));
    if result.any_stale {
        lines.push(format!(
            "Some results are more than {STALE_AFTER_DAYS} days old: retest them to keep this \
             picture accurate."
        ));
    }
    lines
}

fn basis_line(basis: Option<&Basis>, level: Option<Level>) -> String {
    let Some(b) = basis else {
        return "Add your hardest boulder or route grade to compare your tests with climbers at \
                your level; until then they are only recorded."
            .to_string();
    };
    let which = match b.discipline {
        Discipline::Boulder => "boulder",
        Discipline::Route => "route",
    };
    let level = level.map_or(String::new(), |l| {
        format!(", {} level", l.label().to_lowercase())
    });
    format!(
        "Your tests are compared with climbers at your hardest {which} grade, {} (IRCRA {}{level}).",
        b.grade.display_label(),
        b.ircra,
    )
}

fn not_tested_line(areas: &[AreaScore]) -> Option<String> {
    let missing: Vec<String> = areas
        .iter()
        .filter(|a| a.status == AreaStatus::NotTested)
        .map(|a| a.area.label().to_lowercase())
        .collect();
    (!missing.is_empty()).then(|| {
        format!(
            "Not tested: {}. Those areas count as unknown, not as average.",
            missing.join(", ")
        )
    })
}

fn residual_of(result: &AssessmentResult, area: Area) -> f64 {
    result
        .areas
        .iter()
        .find_map(|a| match a.status {
            AreaStatus::Scored { residual_pct, .. } if a.area == area => Some(residual_pct),
            _ => None,
        })
        .unwrap_or(0.0)
}

fn ranking_lines(result: &AssessmentResult) -> Vec<String> {
    let scored = result
        .areas
        .iter()
        .any(|a| matches!(a.status, AreaStatus::Scored { .. }));
    if !scored {
        return Vec::new();
    }
    let mut lines = Vec::new();
    match result.weaknesses.first() {
        Some(&weakest) => lines.push(format!(
            "Your weakest area: {} (about {:.0} % behind climbers at your grade).",
            weakest.label().to_lowercase(),
            residual_of(result, weakest).abs().round()
        )),
        None => lines.push("No scored area is clearly behind climbers at your grade.".into()),
    }
    if let Some(&strongest) = result.strengths.first() {
        lines.push(format!(
            "Your strongest area: {} (about {:.0} % ahead).",
            strongest.label().to_lowercase(),
            residual_of(result, strongest).round()
        ));
    }
    lines
}

fn band_line(band: &GradeBand, system: GradeSystem) -> String {
    let (low, high) = (show_grade(band.low, system), show_grade(band.high, system));
    let range = if low == high {
        low
    } else {
        format!("{low} to {high}")
    };
    format!(
        "From finger strength alone, climbers who hang like you typically climb around {range}. \
         A rough estimate from a heuristic table: technique and tactics count as much."
    )
}

/// Readiness is a measured fact, but with an injury the program holds back all
/// finger-intensive work (model.rs, `Background::injuries`), so the line says that instead.
fn hangboard_line(tests: &TestResults, ready: bool, injured: bool, new_to_it: bool) -> String {
    if injured {
        "You reported an injury: the program holds back hangboard and other finger-intensive \
         work. If it hurts to crimp or you felt a pop, see a clinician."
            .into()
    } else if ready && new_to_it {
        format!(
            "You can hang your bodyweight for 10 s on a 20 mm edge, so hangboard training is \
             open to you. As you're new to it, your program starts with {} weeks of submaximal \
             hangs before any max hangs.",
            crate::domain::program::rules::HANGBOARD_INTRO_WEEKS
        )
    } else if ready {
        "You can hang your bodyweight for 10 s on a 20 mm edge, so hangboard training is open \
         to you."
            .into()
    } else if tests.max_hang.is_some() {
        "Hangboard training waits until you can hang your bodyweight for 10 s on a 20 mm edge; \
         until then, climbing itself trains your fingers."
            .into()
    } else {
        "No max hang recorded: hangboard training stays out until a 10 s bodyweight hang on a \
         20 mm edge is tested."
            .into()
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::{Flexibility, FrontLever, GradeWithStyle, MaxHang, Tested};
    use super::*;
    use crate::domain::journal::ClimbStyle;

    fn today() -> Date {
        Date::new(2026, 3, 15).unwrap()
    }

    fn grade(s: &str, d: Discipline) -> GradeWithStyle {
        GradeWithStyle {
            grade: Grade::parse_in(s, d).unwrap(),
            style: ClimbStyle::Redpoint,
        }
    }

    /// A route climber at 7a (IRCRA 17), bouldering V3 (also 17), goal 8a (never the anchor).
    fn background() -> Background {
        Background {
            years_climbing: 5.0,
            hardest_boulder: None,
            hardest_route: Some(grade("7a", Discipline::Route)),
            goal_discipline: Discipline::Route,
            goal_grade: Some(Grade::parse_in("8a", Discipline::Route).unwrap()),
            target_date: None,
            days_per_week: 3,
            session_minutes: 120,
            equipment: vec![],
            injuries: String::new(),
            age: None,
            hangboard_history: None,
        }
    }

    fn on<T>(result: T) -> Option<Tested<T>> {
        Some(Tested {
            result,
            tested_on: today(),
        })
    }

    fn assessment(background: Background, tests: TestResults) -> Assessment {
        Assessment {
            id: "a1".into(),
            taken_on: today(),
            background,
            tests,
            created_at: 0,
        }
    }

    /// Issue 22: the hangboard history the climber gives weighs in the level.
    #[test]
    fn hangboard_history_weighs_in_the_level() {
        // A 4-year V5 boulderer (IRCRA 19, advanced by grade).
        let bg = |history| Background {
            years_climbing: 4.0,
            hardest_boulder: Some(grade("V5", Discipline::Boulder)),
            hardest_route: None,
            goal_discipline: Discipline::Boulder,
            hangboard_history: history,
            ..background()
        };
        let level = |history| {
            let r = score(&assessment(bg(history), TestResults::default()), today());
            (r.level.unwrap(), r.level_reason.unwrap())
        };
        let (trained, _) = level(Some(true));
        assert_eq!(trained, Level::Advanced);
        let (never, why) = level(Some(false));
        assert_eq!(never, Level::Intermediate);
        assert!(why.contains("no hangboard training yet"), "{why}");
        assert_eq!(
            level(None).0,
            Level::Intermediate,
            "not said: more years asked for"
        );
    }

    fn hang(added_kg: f64, seconds: u8) -> Option<Tested<MaxHang>> {
        on(MaxHang { added_kg, seconds })
    }

    fn status(r: &AssessmentResult, area: Area) -> &AreaStatus {
        &r.areas.iter().find(|a| a.area == area).unwrap().status
    }

    fn residual(r: &AssessmentResult, area: Area) -> f64 {
        match status(r, area) {
            AreaStatus::Scored { residual_pct, .. } => *residual_pct,
            other => panic!("{area:?} not scored: {other:?}"),
        }
    }

    #[test]
    fn a_climber_with_no_tests_has_nothing_scored() {
        let r = score(&assessment(background(), TestResults::default()), today());
        assert_eq!(r.current_grade, Some(Ircra::new(17)));
        assert_eq!(r.grade_basis, Some(Discipline::Route));
        assert_eq!(r.level, Some(Level::Intermediate));
        let areas: Vec<Area> = r.areas.iter().map(|a| a.area).collect();
        assert_eq!(areas, Area::ALL);
        assert!(r.areas.iter().all(|a| a.status == AreaStatus::NotTested));
        assert!(r.weaknesses.is_empty());
        assert!(r.strengths.is_empty());
        assert_eq!(r.predicted_band, None);
        assert!(!r.hangboard_ready);
        assert!(!r.any_stale);
        assert_eq!(r.areas[3].summary, "Power: not tested.");
        assert!(r.summary.iter().any(|l| l.starts_with(
            "Not tested: finger strength, pulling strength, finger endurance, power, core, \
             flexibility."
        )));
        // No fake ranking when nothing is scored.
        assert!(!r.summary.iter().any(|l| l.contains("weakest")));
    }

    #[test]
    fn finger_strength_is_scored_against_the_current_grade() {
        // 70 kg + 14 kg = 1.20 × bodyweight; 7a expects 1.00: +20 % → ahead.
        let tests = TestResults {
            bodyweight_kg: Some(70.0),
            max_hang: hang(14.0, 10),
            ..TestResults::default()
        };
        let r = score(&assessment(background(), tests), today());
        match status(&r, Area::FingerStrength) {
            AreaStatus::Scored {
                test,
                measured,
                expected,
                unit,
                residual_pct,
                verdict,
                heuristic,
                tested_on,
                stale,
            } => {
                assert_eq!(test, "max_hang");
                assert!((measured - 1.2).abs() < 1e-12);
                assert_eq!(*expected, 1.0);
                assert_eq!(unit, "× bodyweight");
                assert_eq!(*residual_pct, 20.0);
                assert_eq!(*verdict, Verdict::Ahead);
                assert!(heuristic);
                assert_eq!(*tested_on, today());
                assert!(!stale);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            r.areas[0].summary,
            "Finger strength: 1.20 × bodyweight (max hang), about 20 % ahead of what climbers \
             at 7a typically manage (expected: 1.00 × bodyweight; heuristic table)."
        );
        assert_eq!(r.strengths, vec![Area::FingerStrength]);
        assert!(r.weaknesses.is_empty());
    }

    #[test]
    fn the_goal_grade_is_never_the_anchor() {
        // Same hang, goal 8a (1.40): anchoring there would read −14 %. We read +20 % at 7a.
        let tests = TestResults {
            bodyweight_kg: Some(70.0),
            max_hang: hang(14.0, 10),
            ..TestResults::default()
        };
        let r = score(&assessment(background(), tests), today());
        assert_eq!(residual(&r, Area::FingerStrength), 20.0);
        assert_eq!(r.current_grade, Some(Ircra::new(17)));
    }

    #[test]
    fn behind_and_on_par_verdicts() {
        // 1.12 at 7b (1.15): 1.12 / 1.15 − 1 = −2.6 % → on par.
        // Pull-ups 8 at IRCRA 19: Grant's elite mean, 16 (flat above E1); 8 / 16 − 1 = −50 %.
        let bg = Background {
            hardest_route: Some(grade("7b", Discipline::Route)),
            ..background()
        };
        let tests = TestResults {
            bodyweight_kg: Some(50.0),
            max_hang: hang(6.0, 10),
            pulling: on(PullTest::MaxReps { reps: 8 }),
            ..TestResults::default()
        };
        let r = score(&assessment(bg, tests), today());
        assert_eq!(residual(&r, Area::FingerStrength), -2.6);
        assert_eq!(residual(&r, Area::PullingStrength), -50.0);
        assert!(matches!(
            status(&r, Area::FingerStrength),
            AreaStatus::Scored {
                verdict: Verdict::OnPar,
                ..
            }
        ));
        assert_eq!(r.weaknesses, vec![Area::PullingStrength]);
        assert!(r.areas[0].summary.contains("on par with climbers at 7b"));
        assert!(r.areas[1].summary.contains(
            "about 50 % behind what climbers at 7b typically manage (expected: 16 pull-ups"
        ));
        assert!(r.summary.contains(
            &"Your weakest area: pulling strength (about 50 % behind climbers at your grade)."
                .to_string()
        ));
    }

    /// Issue 22 (7): repeaters "−14 %, behind" with a stated noise of 20 %.
    #[test]
    fn a_result_inside_the_tests_noise_is_on_par() {
        // Repeaters at 7a (17): 10 + 5 = 15 expected; 13 is −13.3 %, inside the 20 % noise.
        let tests = TestResults {
            endurance: on(EnduranceTest::Repeaters { reps: 13 }),
            ..TestResults::default()
        };
        let r = score(&assessment(background(), tests), today());
        assert_eq!(residual(&r, Area::FingerEndurance), -13.3);
        assert!(matches!(
            status(&r, Area::FingerEndurance),
            AreaStatus::Scored {
                verdict: Verdict::OnPar,
                ..
            }
        ));
        assert!(r.weaknesses.is_empty());
        assert_eq!(verdict_for(TestKind::Repeaters, -20.1), Verdict::Behind);
        assert_eq!(verdict_for(TestKind::MaxHang, -10.1), Verdict::Behind);
    }

    #[test]
    fn verdict_thresholds_are_exclusive() {
        assert_eq!(verdict(10.0), Verdict::OnPar);
        assert_eq!(verdict(10.1), Verdict::Ahead);
        assert_eq!(verdict(-10.0), Verdict::OnPar);
        assert_eq!(verdict(-10.1), Verdict::Behind);
        assert_eq!(verdict(0.0), Verdict::OnPar);
        // 1.10 / 1.00 is 10.000000000000009 % before rounding: on par, not ahead.
        assert_eq!(residual_pct(1.10, 1.00), 10.0);
        assert_eq!(verdict(residual_pct(1.10, 1.00)), Verdict::OnPar);
    }

    #[test]
    fn weaknesses_and_strengths_are_ranked_by_residual() {
        // Route 7c (IRCRA 21), bodyweight 60:
        // finger (60 + 0) / 60 = 1.00 vs 1.25 → −20 % (behind);
        // pull 1RM (60 + 3) / 60 = 1.05 vs 1.40 → −25 % (behind, weakest);
        // repeaters 11 vs 10 + 9 = 19 → −42.1 % (behind, weakest of all);
        // campus reach 7 vs 3 + 5 × 4 / 11 = 4.818 → +45.3 % (ahead).
        let bg = Background {
            hardest_route: Some(grade("7c", Discipline::Route)),
            ..background()
        };
        let tests = TestResults {
            bodyweight_kg: Some(60.0),
            max_hang: hang(0.0, 10),
            pulling: on(PullTest::OneRepMax { added_kg: 3.0 }),
            endurance: on(EnduranceTest::Repeaters { reps: 11 }),
            power: on(PowerTest::CampusReach { rung: 7 }),
            ..TestResults::default()
        };
        let r = score(&assessment(bg, tests), today());
        assert_eq!(residual(&r, Area::FingerStrength), -20.0);
        assert_eq!(residual(&r, Area::PullingStrength), -25.0);
        assert_eq!(residual(&r, Area::FingerEndurance), -42.1);
        assert_eq!(residual(&r, Area::Power), 45.3);
        assert_eq!(
            r.weaknesses,
            vec![
                Area::FingerEndurance,
                Area::PullingStrength,
                Area::FingerStrength
            ]
        );
        assert_eq!(r.strengths, vec![Area::Power]);
        assert!(r
            .summary
            .iter()
            .any(|l| l == "Your strongest area: power (about 45 % ahead)."));
    }

    #[test]
    fn strengths_rank_most_positive_first() {
        // V5 = IRCRA 19, compared on the boulder row: finger 1.30 vs 1.20 → +8.3 %, on par;
        // CF 0.60 vs 0.30 + 7 × 0.01875 = 0.43125 → +39.1 %; max moves 10 vs
        // 4 + 3 × 8 / 11 = 6.1818 → +61.8 %.
        let bg = Background {
            hardest_boulder: Some(grade("V5", Discipline::Boulder)),
            hardest_route: None,
            goal_discipline: Discipline::Boulder,
            goal_grade: None,
            ..background()
        };
        let tests = TestResults {
            bodyweight_kg: Some(60.0),
            max_hang: hang(18.0, 10),
            endurance: on(EnduranceTest::CriticalForce { kg: 36.0 }),
            power: on(PowerTest::MaxMoves { moves: 10 }),
            ..TestResults::default()
        };
        let r = score(&assessment(bg, tests), today());
        assert_eq!(residual(&r, Area::FingerStrength), 8.3);
        assert_eq!(residual(&r, Area::FingerEndurance), 39.1);
        assert_eq!(residual(&r, Area::Power), 61.8);
        assert_eq!(r.strengths, vec![Area::Power, Area::FingerEndurance]);
        assert!(r.weaknesses.is_empty());
        assert!(r
            .summary
            .contains(&"No scored area is clearly behind climbers at your grade.".to_string()));
        // Boulder basis: grades shown in V.
        assert!(
            r.areas[0].summary.contains("climbers at V5"),
            "{}",
            r.areas[0].summary
        );
    }

    #[test]
    fn core_and_flexibility_are_recorded_never_scored() {
        let tests = TestResults {
            core: on(CoreTest::FrontLever {
                level: FrontLever::AdvancedTuck,
            }),
            flexibility: on(Flexibility { leg_span_cm: 172.5 }),
            ..TestResults::default()
        };
        let r = score(&assessment(background(), tests), today());
        assert_eq!(
            status(&r, Area::Core),
            &AreaStatus::Recorded {
                test: "front_lever".into(),
                value: 2.0,
                unit: "level".into(),
                tested_on: today(),
                stale: false,
            }
        );
        assert_eq!(
            r.areas[4].summary,
            "Core: Advanced tuck (front lever), recorded only: there are no reliable norms to \
             score it against a grade."
        );
        assert!(matches!(
            status(&r, Area::Flexibility),
            AreaStatus::Recorded { value, .. } if *value == 172.5
        ));
        assert!(r.areas[5]
            .summary
            .starts_with("Flexibility: 172.5 cm (leg span)"));
        assert!(r.weaknesses.is_empty() && r.strengths.is_empty());
        // Leg raises too.
        let tests = TestResults {
            core: on(CoreTest::LegRaises { reps: 1 }),
            ..TestResults::default()
        };
        let r = score(&assessment(background(), tests), today());
        assert!(matches!(
            status(&r, Area::Core),
            AreaStatus::Recorded { .. }
        ));
        assert!(r.areas[4]
            .summary
            .starts_with("Core: 1 leg raise (hanging leg raises)"));
    }

    #[test]
    fn without_a_grade_tests_are_recorded() {
        let bg = Background {
            hardest_route: None,
            hardest_boulder: None,
            ..background()
        };
        let tests = TestResults {
            bodyweight_kg: Some(70.0),
            max_hang: hang(7.0, 10),
            ..TestResults::default()
        };
        let r = score(&assessment(bg, tests), today());
        assert_eq!(r.current_grade, None);
        assert_eq!(r.grade_basis, None);
        assert_eq!(r.level, None);
        assert!(matches!(
            status(&r, Area::FingerStrength),
            AreaStatus::Recorded { value, .. } if (*value - 1.1).abs() < 1e-12
        ));
        assert!(r.areas[0].summary.contains("add your hardest grade"));
        // The band still comes from finger strength alone.
        assert!(r.predicted_band.is_some());
        assert!(r.summary[0].starts_with("Add your hardest boulder or route grade"));
    }

    #[test]
    fn the_basis_is_the_goal_discipline_else_the_other() {
        // Goal route, both grades: route 7b (19) wins over V3 (17).
        let both = Background {
            hardest_boulder: Some(grade("V3", Discipline::Boulder)),
            hardest_route: Some(grade("7b", Discipline::Route)),
            ..background()
        };
        let r = score(&assessment(both.clone(), TestResults::default()), today());
        assert_eq!(r.current_grade, Some(Ircra::new(19)));
        assert_eq!(r.grade_basis, Some(Discipline::Route));
        assert_eq!(r.level, Some(Level::Advanced));
        // Goal boulder: V3.
        let boulder_goal = Background {
            goal_discipline: Discipline::Boulder,
            goal_grade: None,
            ..both
        };
        let r = score(
            &assessment(boulder_goal.clone(), TestResults::default()),
            today(),
        );
        assert_eq!(r.current_grade, Some(Ircra::new(17)));
        assert_eq!(r.grade_basis, Some(Discipline::Boulder));
        // Goal boulder but only a route grade: the route grade.
        let route_only = Background {
            hardest_boulder: None,
            ..boulder_goal
        };
        let r = score(&assessment(route_only, TestResults::default()), today());
        assert_eq!(r.grade_basis, Some(Discipline::Route));
        assert_eq!(
            r.summary[0],
            "Your tests are compared with climbers at your hardest route grade, 7b (IRCRA 19, \
             advanced level)."
        );
    }

    #[test]
    fn stale_tests_are_flagged() {
        // Tested 120 days before today: stale; 90 days: not yet.
        let old = today().add_days(-120);
        let edge = today().add_days(-90);
        let tests = TestResults {
            bodyweight_kg: Some(70.0),
            max_hang: Some(Tested {
                result: MaxHang {
                    added_kg: 0.0,
                    seconds: 10,
                },
                tested_on: old,
            }),
            core: Some(Tested {
                result: CoreTest::LegRaises { reps: 10 },
                tested_on: edge,
            }),
            ..TestResults::default()
        };
        let r = score(&assessment(background(), tests), today());
        assert!(status(&r, Area::FingerStrength).is_stale());
        assert!(!status(&r, Area::Core).is_stale());
        assert!(r.any_stale);
        assert!(
            r.areas[0]
                .summary
                .ends_with(" Tested 120 days ago — retest."),
            "{}",
            r.areas[0].summary
        );
        assert!(!r.areas[4].summary.contains("retest"));
        assert!(r
            .summary
            .iter()
            .any(|l| l.contains("more than 90 days old")));
        // Stale results are still scored (and still count), just flagged.
        assert_eq!(residual(&r, Area::FingerStrength), 0.0);
    }

    #[test]
    fn a_9a_climber_can_be_ahead() {
        // 9b (31) extrapolates to 2.20; a 2.50 hang is +13.6 %.
        let bg = Background {
            hardest_route: Some(grade("9b", Discipline::Route)),
            years_climbing: 12.0,
            ..background()
        };
        let tests = TestResults {
            bodyweight_kg: Some(60.0),
            max_hang: hang(90.0, 7),
            ..TestResults::default()
        };
        let r = score(&assessment(bg, tests), today());
        assert_eq!(residual(&r, Area::FingerStrength), 13.6);
        assert_eq!(r.strengths, vec![Area::FingerStrength]);
        assert_eq!(r.level, Some(Level::Elite));
        // The band is clamped at 32: centre 29 + 0.5 / 0.1 = 34.
        let band = r.predicted_band.unwrap();
        assert_eq!(band.low, Ircra::new(32));
        assert_eq!(band.high, Ircra::new(32));
    }

    #[test]
    fn scores_are_not_clamped_below() {
        // A V0 (12) climber hanging −30 kg of 60, on the boulder row: 0.5 vs 0.70 → −28.6 %;
        // 0 pull-ups → −100 %.
        let bg = Background {
            hardest_boulder: Some(grade("V0", Discipline::Boulder)),
            hardest_route: None,
            goal_discipline: Discipline::Boulder,
            goal_grade: None,
            ..background()
        };
        let tests = TestResults {
            bodyweight_kg: Some(60.0),
            max_hang: hang(-30.0, 10),
            pulling: on(PullTest::MaxReps { reps: 0 }),
            ..TestResults::default()
        };
        let r = score(&assessment(bg, tests), today());
        assert_eq!(residual(&r, Area::FingerStrength), -28.6);
        assert_eq!(residual(&r, Area::PullingStrength), -100.0);
        assert_eq!(
            r.weaknesses,
            vec![Area::PullingStrength, Area::FingerStrength]
        );
        assert!(!r.hangboard_ready);
        // Centre 17 − 0.5 / 0.075 = 10.33: band 8.83 → 9 to 11.83 → 12.
        let band = r.predicted_band.unwrap();
        assert_eq!((band.low, band.high), (Ircra::new(9), Ircra::new(12)));
    }

    #[test]
    fn predicted_band_from_finger_strength() {
        // 1.12 × bodyweight → 17 + 0.12 / 0.075 = 18.6 → 17.1 to 20.1 → 17 to 20 (7a to 7b+).
        let tests = TestResults {
            bodyweight_kg: Some(50.0),
            max_hang: hang(6.0, 10),
            ..TestResults::default()
        };
        let r = score(&assessment(background(), tests), today());
        assert_eq!(
            r.predicted_band,
            Some(GradeBand {
                low: Ircra::new(17),
                high: Ircra::new(20),
                heuristic: true,
            })
        );
        assert!(r.summary.iter().any(|l| l.contains("around 7a to 7b+")));
        // Below the table the line continues: −54 kg of 60 = 0.10 × bodyweight →
        // 17 − 0.90 / 0.075 = 5 → 3.5 to 6.5.
        let tests = TestResults {
            bodyweight_kg: Some(60.0),
            max_hang: hang(-54.0, 10),
            ..TestResults::default()
        };
        let band = score(&assessment(background(), tests), today())
            .predicted_band
            .unwrap();
        assert_eq!(
            (band.low, band.high),
            (Ircra::from_halves(7), Ircra::from_halves(13))
        );
    }

    #[test]
    fn band_clamps_at_ircra_1() {
        // Only unvalidated data could hold this: −90 kg of 60 = −0.5 × bodyweight →
        // 17 − 1.5 / 0.075 = −3 → −4.5 to −1.5, both clamped to IRCRA 1.
        let tests = TestResults {
            bodyweight_kg: Some(60.0),
            max_hang: hang(-90.0, 10),
            ..TestResults::default()
        };
        let band = score(&assessment(background(), tests), today())
            .predicted_band
            .unwrap();
        assert_eq!((band.low, band.high), (Ircra::new(1), Ircra::new(1)));
    }

    #[test]
    fn hangboard_readiness_needs_a_10_s_bodyweight_hang_or_more_load() {
        let ready = |added: f64, seconds: u8| {
            let tests = TestResults {
                bodyweight_kg: Some(70.0),
                max_hang: hang(added, seconds),
                ..TestResults::default()
            };
            score(&assessment(background(), tests), today()).hangboard_ready
        };
        assert!(ready(0.0, 10));
        assert!(ready(20.0, 10));
        assert!(!ready(-5.0, 10));
        assert!(
            !ready(0.0, 7),
            "bodyweight for 7 s is short of the 10 s prerequisite"
        );
        assert!(
            ready(20.0, 7),
            "+20 kg for 7 s is more than a bodyweight hang"
        );
        let none = score(&assessment(background(), TestResults::default()), today());
        assert!(!none.hangboard_ready);
        assert!(none
            .summary
            .iter()
            .any(|l| l.starts_with("No max hang recorded")));
        // An injury keeps the measured readiness but the summary puts finger work on hold.
        let injured = Background {
            injuries: "A2 pulley, left ring".into(),
            ..background()
        };
        let tests = TestResults {
            bodyweight_kg: Some(70.0),
            max_hang: hang(10.0, 10),
            ..TestResults::default()
        };
        let r = score(&assessment(injured, tests), today());
        assert!(r.hangboard_ready);
        assert!(r
            .summary
            .iter()
            .any(|l| l.starts_with("You reported an injury")));
        assert!(!r.summary.iter().any(|l| l.contains("open to you")));
    }

    #[test]
    fn strength_without_bodyweight_is_recorded_in_kg() {
        // Only unvalidated data can lack it; it must not panic or be scored.
        let tests = TestResults {
            bodyweight_kg: None,
            max_hang: hang(10.0, 10),
            endurance: on(EnduranceTest::CriticalForce { kg: 30.0 }),
            ..TestResults::default()
        };
        let r = score(&assessment(background(), tests), today());
        assert!(matches!(
            status(&r, Area::FingerStrength),
            AreaStatus::Recorded { unit, value, .. } if unit == "kg added" && *value == 10.0
        ));
        assert!(r.areas[0]
            .summary
            .starts_with("Finger strength: +10.0 kg added (max hang)"));
        assert!(r.areas[0].summary.contains("add your bodyweight"));
        assert!(matches!(
            status(&r, Area::FingerEndurance),
            AreaStatus::Recorded { unit, .. } if unit == "kg"
        ));
        assert_eq!(r.predicted_band, None);
    }

    #[test]
    fn each_norm_area_is_scored_with_its_test() {
        // Route 7a (17), bodyweight 80. Expected: 1RM 1.20; repeaters 10 + 5 = 15;
        // campus reach 3 + 4/11 = 3.36.
        let tests = TestResults {
            bodyweight_kg: Some(80.0),
            pulling: on(PullTest::OneRepMax { added_kg: 16.0 }),
            endurance: on(EnduranceTest::Repeaters { reps: 15 }),
            power: on(PowerTest::CampusReach { rung: 4 }),
            ..TestResults::default()
        };
        let r = score(&assessment(background(), tests), today());
        // (80 + 16) / 80 = 1.2 → 0 %.
        assert_eq!(residual(&r, Area::PullingStrength), 0.0);
        assert_eq!(residual(&r, Area::FingerEndurance), 0.0);
        // 4 / 3.3636 − 1 = +18.9 %.
        assert_eq!(residual(&r, Area::Power), 18.9);
        assert!(r.areas[2]
            .summary
            .starts_with("Finger endurance: 15 hangs (repeaters), on par"));
        assert!(r.areas[3]
            .summary
            .starts_with("Power: rung 4 (campus max reach), about 19 % ahead"));
    }

    #[test]
    fn grades_show_in_the_climbers_system() {
        assert_eq!(show_grade(Ircra::new(17), GradeSystem::French), "7a");
        assert_eq!(show_grade(Ircra::new(19), GradeSystem::V), "V5");
        assert_eq!(show_grade(Ircra::new(19), GradeSystem::Font), "6C");
        assert_eq!(show_grade(Ircra::new(23), GradeSystem::Ewbank), "Ewbank 29");
        assert!(show_grade(Ircra::new(17), GradeSystem::Uiaa).starts_with("UIAA "));
        // A Font basis is shown in Font.
        let bg = Background {
            hardest_boulder: Some(grade("7A", Discipline::Boulder)),
            hardest_route: None,
            goal_discipline: Discipline::Boulder,
            goal_grade: None,
            ..background()
        };
        let tests = TestResults {
            bodyweight_kg: Some(70.0),
            max_hang: hang(14.0, 10),
            ..TestResults::default()
        };
        let r = score(&assessment(bg, tests), today());
        assert!(
            r.areas[0].summary.contains("climbers at 7A"),
            "{}",
            r.areas[0].summary
        );
    }

    #[test]
    fn values_read_naturally() {
        assert_eq!(
            format_value(TestKind::MaxHang, 1.126, false),
            "1.13 × bodyweight"
        );
        assert_eq!(format_value(TestKind::MaxReps, 1.0, false), "1 pull-up");
        assert_eq!(
            format_value(TestKind::MaxReps, 10.583, false),
            "10.6 pull-ups"
        );
        assert_eq!(format_value(TestKind::Repeaters, 14.0, false), "14 hangs");
        assert_eq!(format_value(TestKind::CampusReach, 5.0, false), "rung 5");
        assert_eq!(format_value(TestKind::MaxMoves, 6.0, false), "6 moves");
        assert_eq!(
            format_value(TestKind::FrontLever, 5.0, false),
            "Full front lever"
        );
        assert_eq!(format_value(TestKind::LegSpan, 172.0, false), "172 cm");
        assert_eq!(
            format_value(TestKind::OneRepMax, -5.0, true),
            "-5.0 kg added"
        );
        assert_eq!(format_value(TestKind::CriticalForce, 31.3, true), "31.3 kg");
        assert_eq!(format_number(TestKind::Repeaters, 14.0, false), "14");
        assert_eq!(format_number(TestKind::MaxHang, 1.2, false), "1.20");
    }

    #[test]
    fn front_lever_levels_count_from_tuck() {
        for (i, level) in FrontLever::ALL.iter().enumerate() {
            assert_eq!(front_lever_level(*level), i as f64 + 1.0);
            assert_eq!(front_lever_label(i as f64 + 1.0), level.label());
        }
    }

    #[test]
    fn results_round_trip_through_json() {
        let tests = TestResults {
            bodyweight_kg: Some(70.0),
            max_hang: hang(14.0, 10),
            core: on(CoreTest::LegRaises { reps: 10 }),
            ..TestResults::default()
        };
        let r = score(&assessment(background(), tests), today());
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains("\"kind\":\"scored\""), "{json}");
        assert!(json.contains("\"verdict\":\"ahead\""), "{json}");
        let back: AssessmentResult = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
    }
}
