//! Turns the assessment forms, as typed, into a [`Background`] and [`TestResults`], or into one
//! [`FieldError`] naming the box to fix (field names are the input structs' field names) with a
//! message a climber understands.
use std::ops::RangeInclusive;

use super::model::{
    AssessmentDraft, Background, BackgroundInput, CoreTest, EnduranceTest, Flexibility, FrontLever,
    GradeWithStyle, MaxHang, PowerTest, PullTest, TestResults, Tested, TestsInput,
};
use crate::domain::grade::{Discipline, Grade};
use crate::domain::journal::ClimbStyle;
use crate::domain::profile::{clean_text, FieldError, BODYWEIGHT_MAX_KG, BODYWEIGHT_MIN_KG};
use crate::domain::training::Equipment;
use crate::domain::when::Date;

pub const YEARS_CLIMBING_MAX: f64 = 80.0;
/// A program keeps at least one rest day a week (DOMAIN.md, "Rules").
pub const DAYS_PER_WEEK: RangeInclusive<i64> = 1..=6;
pub const SESSION_MINUTES: RangeInclusive<i64> = 30..=300;
/// Plans further out are better set as intermediate goals; also bounds the program length.
pub const TARGET_DATE_MAX_YEARS: i32 = 2;
pub const INJURIES_MAX_CHARS: usize = 500;
/// What climbers type in the injuries box to mean "none" (compared lower-case, without a
/// trailing full stop). Only unambiguous words: any other text holds back finger training.
const NO_INJURY: [&str; 9] = [
    "none",
    "no",
    "n/a",
    "-",
    "na",
    "nil",
    "nothing",
    "nope",
    "no injuries",
];

/// Added load on a hang or pull-up, kg. Far above any recorded result: more is a typo.
pub const ADDED_LOAD_MAX_KG: f64 = 200.0;
/// Taking off this share of bodyweight or more (a pulley) is no longer a hang or a pull-up.
pub const REMOVED_LOAD_MAX_SHARE: f64 = 0.9;
pub const MAX_HANG_SECONDS: RangeInclusive<i64> = 5..=10;
/// Critical force is sustained force, well below a max hang: over 1.5 × bodyweight is a typo.
pub const CRITICAL_FORCE_MAX_BODYWEIGHTS: f64 = 1.5;
pub const PULL_UPS: RangeInclusive<i64> = 0..=100;
pub const REPEATERS: RangeInclusive<i64> = 0..=200;
/// A standard campus board has rungs 1-9.
pub const CAMPUS_RUNGS: RangeInclusive<i64> = 1..=9;
pub const CAMPUS_MOVES: RangeInclusive<i64> = 1..=30;
pub const LEG_RAISES: RangeInclusive<i64> = 0..=100;
pub const LEG_SPAN_CM: RangeInclusive<f64> = 50.0..=300.0;

/// The international avoirdupois pound.
pub use crate::domain::lexicon::units::KG_PER_LB;
pub const CM_PER_INCH: f64 = 2.54;

// ===========================================================================================
// Step 1: background
// ===========================================================================================

/// Validates the background form. `today` bounds the target date.
pub fn validate_background(input: &BackgroundInput, today: Date) -> Result<Background, FieldError> {
    let years_climbing = years_climbing(&input.years_climbing)?;
    let hardest_boulder = hardest(
        &input.hardest_boulder,
        &input.hardest_boulder_style,
        Discipline::Boulder,
    )?;
    let hardest_route = hardest(
        &input.hardest_route,
        &input.hardest_route_style,
        Discipline::Route,
    )?;
    let chosen_goal = goal_discipline(&input.goal_discipline)?;
    if hardest_boulder.is_none() && hardest_route.is_none() {
        return Err(FieldError::new(
            grade_field(chosen_goal.unwrap_or(Discipline::Boulder)),
            "Tell me your hardest boulder or route grade so I can compare you with climbers \
             at your level.",
        ));
    }
    // Blank goal: the discipline the climber told us a grade for (boulder when both).
    let goal_discipline = chosen_goal.unwrap_or(if hardest_boulder.is_some() {
        Discipline::Boulder
    } else {
        Discipline::Route
    });
    Ok(Background {
        years_climbing,
        hardest_boulder,
        hardest_route,
        goal_discipline,
        goal_grade: goal_grade(&input.goal_grade, goal_discipline)?,
        target_date: target_date(&input.target_date, today)?,
        days_per_week: days_per_week(&input.days_per_week)?,
        session_minutes: session_minutes(&input.session_minutes)?,
        equipment: equipment(&input.equipment)?,
        injuries: injuries(&input.injuries)?,
        age: crate::domain::onboarding::lenient::parse_age(&input.age)?,
        hangboard_history: crate::domain::onboarding::lenient::parse_hangboard_history(
            &input.hangboard_history,
        )?,
    })
}

pub(crate) fn years_climbing(raw: &str) -> Result<f32, FieldError> {
    const FIELD: &str = "years_climbing";
    let years = decimal(raw, FIELD, "years", "like 3 or 1.5")?.ok_or_else(|| {
        FieldError::new(FIELD, "How many years have you been climbing? 0 is fine.")
    })?;
    if !(0.0..=YEARS_CLIMBING_MAX).contains(&years) {
        return Err(FieldError::new(
            FIELD,
            format!("Years climbing is a number from 0 to {YEARS_CLIMBING_MAX:.0}."),
        ));
    }
    Ok(years as f32)
}

fn grade_field(discipline: Discipline) -> &'static str {
    match discipline {
        Discipline::Boulder => "hardest_boulder",
        Discipline::Route => "hardest_route",
    }
}

fn style_field(discipline: Discipline) -> &'static str {
    match discipline {
        Discipline::Boulder => "hardest_boulder_style",
        Discipline::Route => "hardest_route_style",
    }
}

/// A hardest send: optional grade, then its style (ignored when the grade is blank, since a
/// form may send its default style).
pub(crate) fn hardest(
    grade_raw: &str,
    style_raw: &str,
    discipline: Discipline,
) -> Result<Option<GradeWithStyle>, FieldError> {
    let Some(grade) = grade_in(grade_raw, discipline, grade_field(discipline), "")? else {
        return Ok(None);
    };
    let style = send_style(style_raw, style_field(discipline))?;
    Ok(Some(GradeWithStyle { grade, style }))
}

/// Blank = redpoint. An attempt is refused: the hardest grade has to be a send.
fn send_style(raw: &str, field: &'static str) -> Result<ClimbStyle, FieldError> {
    if raw.trim().is_empty() {
        return Ok(ClimbStyle::Redpoint);
    }
    match ClimbStyle::from_code(raw) {
        Some(ClimbStyle::Attempt) => Err(FieldError::new(
            field,
            "Give your hardest *send*: a climb you topped (onsight, flash, redpoint or \
             repeat), not one you tried.",
        )),
        Some(style) => Ok(style),
        None => Err(FieldError::new(
            field,
            "Style is one of onsight, flash, redpoint or repeat.",
        )),
    }
}

/// A grade typed in a box meant for `discipline`: blank = `None`. Refuses a grade of the other
/// discipline and one with no place on the IRCRA scale (nothing to compare with).
/// `goal_hint` finishes the wrong-discipline message for the goal box.
fn grade_in(
    raw: &str,
    discipline: Discipline,
    field: &'static str,
    goal_hint: &str,
) -> Result<Option<Grade>, FieldError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let grade =
        Grade::parse_in(raw, discipline).map_err(|e| FieldError::new(field, e.to_string()))?;
    let label = grade.display_label();
    if grade.system.discipline() != discipline {
        let (is, want, examples) = match discipline {
            Discipline::Boulder => ("a route", "a boulder", "V5 or 6C+"),
            Discipline::Route => ("a boulder", "a route", "7a+ or 5.11c"),
        };
        return Err(FieldError::new(
            field,
            format!("{label} is {is} grade: give {want} grade here, like {examples}.{goal_hint}"),
        ));
    }
    if grade.ircra().is_none() {
        return Err(FieldError::new(
            field,
            format!(
                "{label} is below the grade scale I compare climbers on. Give it in another \
                 system, like French or YDS."
            ),
        ));
    }
    Ok(Some(grade))
}

/// "boulder" / "route", or `None` when blank (decided by the grades given).
fn goal_discipline(raw: &str) -> Result<Option<Discipline>, FieldError> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "" => Ok(None),
        "boulder" => Ok(Some(Discipline::Boulder)),
        "route" => Ok(Some(Discipline::Route)),
        _ => Err(FieldError::new(
            "goal_discipline",
            "Choose bouldering or routes as your goal.",
        )),
    }
}

pub(crate) fn goal_grade(raw: &str, discipline: Discipline) -> Result<Option<Grade>, FieldError> {
    let hint = match discipline {
        Discipline::Boulder => " Or switch your goal to routes.",
        Discipline::Route => " Or switch your goal to bouldering.",
    };
    grade_in(raw, discipline, "goal_grade", hint)
}

/// Optional; after today and at most [`TARGET_DATE_MAX_YEARS`] ahead.
pub(crate) fn target_date(raw: &str, today: Date) -> Result<Option<Date>, FieldError> {
    const FIELD: &str = "target_date";
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let date = Date::parse_iso(raw).ok_or_else(|| {
        FieldError::new(
            FIELD,
            "Enter the target date as YYYY-MM-DD, like 2026-06-30.",
        )
    })?;
    if date <= today {
        return Err(FieldError::new(FIELD, "Pick a target date after today."));
    }
    let latest = years_after(today, TARGET_DATE_MAX_YEARS);
    if date > latest {
        return Err(FieldError::new(
            FIELD,
            format!(
                "Pick a target date within {TARGET_DATE_MAX_YEARS} years (by {latest}). For a \
                 longer-term goal, set an intermediate one first."
            ),
        ));
    }
    Ok(Some(date))
}

/// The same calendar day `years` later; 29 February becomes 28 February.
fn years_after(date: Date, years: i32) -> Date {
    let year = date.year + years;
    Date::new(year, date.month, date.day).unwrap_or(Date {
        year,
        month: date.month,
        day: 28,
    })
}

fn days_per_week(raw: &str) -> Result<u8, FieldError> {
    const FIELD: &str = "days_per_week";
    let days = whole(raw, FIELD, "training days a week", "like 3")?
        .ok_or_else(|| FieldError::new(FIELD, "How many days a week can you train? 1 to 6."))?;
    if days > *DAYS_PER_WEEK.end() {
        return Err(FieldError::new(
            FIELD,
            "Programs keep at least one rest day a week: choose 1 to 6 training days.",
        ));
    }
    if days < *DAYS_PER_WEEK.start() {
        return Err(FieldError::new(
            FIELD,
            "Choose 1 to 6 training days a week.",
        ));
    }
    Ok(days as u8)
}

fn session_minutes(raw: &str) -> Result<u16, FieldError> {
    const FIELD: &str = "session_minutes";
    let minutes = whole(raw, FIELD, "session length in minutes", "like 90")?
        .ok_or_else(|| FieldError::new(FIELD, "How long is a typical session, in minutes?"))?;
    if !SESSION_MINUTES.contains(&minutes) {
        return Err(FieldError::new(
            FIELD,
            format!(
                "A session is {} to {} minutes (half an hour to five hours).",
                SESSION_MINUTES.start(),
                SESSION_MINUTES.end()
            ),
        ));
    }
    Ok(minutes as u16)
}

/// Known codes only, sorted, without duplicates; blank entries are skipped.
pub(crate) fn equipment(codes: &[String]) -> Result<Vec<Equipment>, FieldError> {
    let mut equipment = codes
        .iter()
        .filter(|c| !c.trim().is_empty())
        .map(|c| {
            Equipment::from_code(c).ok_or_else(|| {
                FieldError::new(
                    "equipment",
                    format!(
                        "\"{}\" isn't equipment I know: choose from the list.",
                        c.trim()
                    ),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    equipment.sort();
    equipment.dedup();
    Ok(equipment)
}

/// Cleaned text; "none", "no", "n/a", "-" and the like become "" (no injury).
pub(crate) fn injuries(raw: &str) -> Result<String, FieldError> {
    let text = clean_text(raw, true);
    if text.chars().count() > INJURIES_MAX_CHARS {
        return Err(FieldError::new(
            "injuries",
            format!("Keep injuries under {INJURIES_MAX_CHARS} characters."),
        ));
    }
    let word = text.trim_end_matches(['.', '!']).trim().to_lowercase();
    Ok(if NO_INJURY.contains(&word.as_str()) {
        String::new()
    } else {
        text
    })
}

// ===========================================================================================
// Step 2: tests
// ===========================================================================================

/// Validates the tests form. A blank box means "not tested"; every given test is dated
/// `today`.
pub fn validate_tests(input: &TestsInput, today: Date) -> Result<TestResults, FieldError> {
    let bodyweight_kg = bodyweight(&input.bodyweight_kg)?;
    Ok(TestResults {
        bodyweight_kg,
        max_hang: dated(max_hang(input, bodyweight_kg)?, today),
        pulling: dated(pulling(input, bodyweight_kg)?, today),
        endurance: dated(endurance(input, bodyweight_kg)?, today),
        power: dated(power(input)?, today),
        core: dated(core(input)?, today),
        flexibility: dated(flexibility(input)?, today),
    })
}

fn dated<T>(result: Option<T>, today: Date) -> Option<Tested<T>> {
    result.map(|result| Tested {
        result,
        tested_on: today,
    })
}

fn bodyweight(raw: &str) -> Result<Option<f64>, FieldError> {
    const FIELD: &str = "bodyweight_kg";
    let Some(kg) = kilograms(raw, FIELD, "your bodyweight")? else {
        return Ok(None);
    };
    if !(BODYWEIGHT_MIN_KG..=BODYWEIGHT_MAX_KG).contains(&kg) {
        return Err(FieldError::new(
            FIELD,
            format!(
                "Bodyweight must be between {BODYWEIGHT_MIN_KG:.0} and {BODYWEIGHT_MAX_KG:.0} kg."
            ),
        ));
    }
    Ok(Some(kg))
}

/// Every strength result is a ratio to bodyweight, so it cannot be stored without one.
fn require_bodyweight(bodyweight: Option<f64>) -> Result<f64, FieldError> {
    bodyweight.ok_or_else(|| {
        FieldError::new(
            "bodyweight_kg",
            "Add your bodyweight: every strength score is a ratio to it.",
        )
    })
}

/// Added load (negative = taken off): at most [`ADDED_LOAD_MAX_KG`], and less than
/// [`REMOVED_LOAD_MAX_SHARE`] of bodyweight taken off. Needs the bodyweight.
fn check_added_load(
    added: f64,
    bodyweight: Option<f64>,
    field: &'static str,
) -> Result<(), FieldError> {
    if added > ADDED_LOAD_MAX_KG {
        return Err(FieldError::new(
            field,
            format!(
                "More than {ADDED_LOAD_MAX_KG:.0} kg added is beyond any recorded result: check \
                 the number (kilograms, or add \"lb\")."
            ),
        ));
    }
    let bodyweight = require_bodyweight(bodyweight)?;
    let limit = REMOVED_LOAD_MAX_SHARE * bodyweight;
    // Compared as a share of bodyweight: -63 / 70 is exactly -0.9, -0.9 × 70 may not be -63.
    if added / bodyweight <= -REMOVED_LOAD_MAX_SHARE {
        return Err(FieldError::new(
            field,
            format!(
                "Taking off {:.1} kg or more (90 % of your bodyweight) leaves almost nothing to \
                 hold: enter less than that as a negative load, or 0 for bodyweight only.",
                limit
            ),
        ));
    }
    Ok(())
}

fn max_hang(input: &TestsInput, bodyweight: Option<f64>) -> Result<Option<MaxHang>, FieldError> {
    const LOAD: &str = "max_hang_added_kg";
    const SECONDS: &str = "max_hang_seconds";
    let added = kilograms(&input.max_hang_added_kg, LOAD, "the added load")?;
    let seconds = whole(&input.max_hang_seconds, SECONDS, "the seconds", "like 10")?;
    let Some(added_kg) = added else {
        if seconds.is_some() {
            return Err(FieldError::new(
                LOAD,
                "Add the load you hung with: 0 for bodyweight only, negative if you took \
                 weight off.",
            ));
        }
        return Ok(None);
    };
    let seconds = seconds.ok_or_else(|| {
        FieldError::new(
            SECONDS,
            "How many seconds did you hold it? A max hang is held 5 to 10 seconds.",
        )
    })?;
    if !MAX_HANG_SECONDS.contains(&seconds) {
        return Err(FieldError::new(
            SECONDS,
            "A max hang is held 5 to 10 seconds on a 20 mm edge. Held longer? Add load and \
             retest. Under 5 seconds doesn't count.",
        ));
    }
    check_added_load(added_kg, bodyweight, LOAD)?;
    Ok(Some(MaxHang {
        added_kg,
        seconds: seconds as u8,
    }))
}

fn pulling(input: &TestsInput, bodyweight: Option<f64>) -> Result<Option<PullTest>, FieldError> {
    const VALUE: &str = "pull_value";
    if input.pull_value.trim().is_empty() {
        return Ok(None);
    }
    match protocol(&input.pull_kind).as_str() {
        "one_rep_max" => {
            let added_kg = kilograms(&input.pull_value, VALUE, "the added load")?.unwrap_or(0.0);
            check_added_load(added_kg, bodyweight, VALUE)?;
            Ok(Some(PullTest::OneRepMax { added_kg }))
        }
        "max_reps" => {
            let reps = count(&input.pull_value, VALUE, PULL_UPS, "Max pull-ups")?;
            Ok(Some(PullTest::MaxReps { reps }))
        }
        _ => Err(pick_protocol(
            "pull_kind",
            "weighted pull-up one-rep max or max pull-ups",
        )),
    }
}

fn endurance(
    input: &TestsInput,
    bodyweight: Option<f64>,
) -> Result<Option<EnduranceTest>, FieldError> {
    const VALUE: &str = "endurance_value";
    if input.endurance_value.trim().is_empty() {
        return Ok(None);
    }
    match protocol(&input.endurance_kind).as_str() {
        "repeaters" => {
            let reps = count(&input.endurance_value, VALUE, REPEATERS, "Repeaters")?;
            Ok(Some(EnduranceTest::Repeaters { reps }))
        }
        "critical_force" => {
            let kg = kilograms(&input.endurance_value, VALUE, "critical force")?.unwrap_or(0.0);
            check_critical_force(kg, bodyweight)?;
            Ok(Some(EnduranceTest::CriticalForce { kg }))
        }
        _ => Err(pick_protocol(
            "endurance_kind",
            "repeaters or critical force",
        )),
    }
}

fn check_critical_force(kg: f64, bodyweight: Option<f64>) -> Result<(), FieldError> {
    const VALUE: &str = "endurance_value";
    if kg <= 0.0 || kg > ADDED_LOAD_MAX_KG {
        return Err(FieldError::new(
            VALUE,
            format!(
                "Critical force is a force in kilograms, more than 0 and at most \
                 {ADDED_LOAD_MAX_KG:.0}."
            ),
        ));
    }
    let bodyweight = require_bodyweight(bodyweight)?;
    let limit = CRITICAL_FORCE_MAX_BODYWEIGHTS * bodyweight;
    // As a share of bodyweight, so that exactly 1.5 × bodyweight passes (see check_added_load).
    if kg / bodyweight > CRITICAL_FORCE_MAX_BODYWEIGHTS {
        return Err(FieldError::new(
            VALUE,
            format!(
                "A critical force over 1.5 × your bodyweight ({limit:.1} kg) isn't plausible: \
                 it is the force you can sustain, well below your max hang. Check the number."
            ),
        ));
    }
    Ok(())
}

fn power(input: &TestsInput) -> Result<Option<PowerTest>, FieldError> {
    const VALUE: &str = "power_value";
    if input.power_value.trim().is_empty() {
        return Ok(None);
    }
    match protocol(&input.power_kind).as_str() {
        "campus_reach" => {
            let rung = count(&input.power_value, VALUE, CAMPUS_RUNGS, "The highest rung")?;
            Ok(Some(PowerTest::CampusReach { rung }))
        }
        "max_moves" => {
            let moves = count(&input.power_value, VALUE, CAMPUS_MOVES, "Campus moves")?;
            Ok(Some(PowerTest::MaxMoves { moves }))
        }
        _ => Err(pick_protocol(
            "power_kind",
            "campus max reach or campus max moves",
        )),
    }
}

fn core(input: &TestsInput) -> Result<Option<CoreTest>, FieldError> {
    const VALUE: &str = "core_value";
    if input.core_value.trim().is_empty() {
        return Ok(None);
    }
    match protocol(&input.core_kind).as_str() {
        "leg_raises" => {
            let reps = count(&input.core_value, VALUE, LEG_RAISES, "Leg raises")?;
            Ok(Some(CoreTest::LegRaises { reps }))
        }
        "front_lever" => {
            // Accept the label spelling too: "advanced tuck", "one-leg".
            let code = input.core_value.trim().replace([' ', '-'], "_");
            let level = FrontLever::from_code(&code).ok_or_else(|| {
                FieldError::new(
                    VALUE,
                    "Pick your hardest front-lever position held 5 s: tuck, advanced tuck, one \
                     leg, straddle or full.",
                )
            })?;
            Ok(Some(CoreTest::FrontLever { level }))
        }
        _ => Err(pick_protocol(
            "core_kind",
            "hanging leg raises or front lever",
        )),
    }
}

fn flexibility(input: &TestsInput) -> Result<Option<Flexibility>, FieldError> {
    const FIELD: &str = "leg_span_cm";
    let Some(leg_span_cm) = centimetres(&input.leg_span_cm, FIELD)? else {
        return Ok(None);
    };
    if !LEG_SPAN_CM.contains(&leg_span_cm) {
        return Err(FieldError::new(
            FIELD,
            "Leg span is measured heel to heel, between 50 and 300 cm (or add \"in\").",
        ));
    }
    Ok(Some(Flexibility { leg_span_cm }))
}

/// The `*_kind` value, normalized for matching.
fn protocol(raw: &str) -> String {
    raw.trim().to_ascii_lowercase()
}

fn pick_protocol(field: &'static str, choices: &str) -> FieldError {
    FieldError::new(
        field,
        format!("Pick how you tested this: {choices}. The two protocols aren't comparable."),
    )
}

// ===========================================================================================
// Numbers as typed
// ===========================================================================================

/// A finite decimal number, "," or "." as the decimal mark; `Ok(None)` when blank.
/// `what` and `example` word the error ("Enter {what} as a number, {example}.").
fn decimal(
    raw: &str,
    field: &'static str,
    what: &str,
    example: &str,
) -> Result<Option<f64>, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.replace(',', ".")
        .parse::<f64>()
        .ok()
        // "NaN", "inf" and "1e999" parse; none of them is a measurement.
        .filter(|v| v.is_finite())
        .map(Some)
        .ok_or_else(|| FieldError::new(field, format!("Enter {what} as a number, {example}.")))
}

/// A whole number; `Ok(None)` when blank.
fn whole(
    raw: &str,
    field: &'static str,
    what: &str,
    example: &str,
) -> Result<Option<i64>, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<i64>()
        .map(Some)
        .map_err(|_| FieldError::new(field, format!("Enter {what} as a whole number, {example}.")))
}

/// A required whole number within `range` (callers have checked the box is not blank).
fn count<T: TryFrom<i64>>(
    raw: &str,
    field: &'static str,
    range: RangeInclusive<i64>,
    what: &str,
) -> Result<T, FieldError> {
    let out_of_range = || {
        FieldError::new(
            field,
            format!(
                "{what} is a whole number from {} to {}.",
                range.start(),
                range.end()
            ),
        )
    };
    let n = whole(raw, field, &what.to_lowercase(), "like 12")?.ok_or_else(out_of_range)?;
    if !range.contains(&n) {
        return Err(out_of_range());
    }
    T::try_from(n).map_err(|_| out_of_range())
}

/// A number of kilograms, optionally ending in "kg" or "lb"/"lbs" (converted), rounded to
/// 0.1 kg (what a scale or a plate gives; more is noise in the ratios).
fn kilograms(raw: &str, field: &'static str, what: &str) -> Result<Option<f64>, FieldError> {
    let units: &[(&[&str], f64)] = &[(&["kg", "kgs"], 1.0), (&["lb", "lbs"], KG_PER_LB)];
    let example = "in kilograms like 12.5 (or add \"lb\")";
    measured(raw, units, field, what, example)
}

/// A length in centimetres, optionally ending in "cm" or "in" (converted), rounded to 0.1.
fn centimetres(raw: &str, field: &'static str) -> Result<Option<f64>, FieldError> {
    let units: &[(&[&str], f64)] = &[(&["cm"], 1.0), (&["in", "inch", "inches"], CM_PER_INCH)];
    let example = "in centimetres like 170 (or add \"in\")";
    measured(raw, units, field, "your leg span", example)
}

/// A decimal number with an optional trailing unit, converted with the unit's factor and
/// rounded to a tenth; `Ok(None)` when blank. A unit alone ("kg") is an error, not a blank.
fn measured(
    raw: &str,
    units: &[(&[&str], f64)],
    field: &'static str,
    what: &str,
    example: &str,
) -> Result<Option<f64>, FieldError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let (number, factor) = with_unit(raw, units);
    match decimal(number, field, what, example)? {
        Some(v) => Ok(Some(round_to_tenth(v * factor))),
        None => Err(FieldError::new(
            field,
            format!("Enter {what} as a number, {example}."),
        )),
    }
}

/// Splits a trailing unit off `raw` (any case, space optional): the number part and the unit's
/// conversion factor (1 when there is no unit).
fn with_unit<'a>(raw: &'a str, units: &[(&[&str], f64)]) -> (&'a str, f64) {
    let trimmed = raw.trim();
    for (names, factor) in units {
        for name in *names {
            let cut = trimmed.len().checked_sub(name.len());
            let split = cut.filter(|&i| trimmed.is_char_boundary(i));
            if let Some(i) = split {
                if trimmed[i..].eq_ignore_ascii_case(name) {
                    return (&trimmed[..i], *factor);
                }
            }
        }
    }
    (trimmed, 1.0)
}

fn round_to_tenth(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// A draft is saved as typed, before validation, so it is only size-checked: no field may hold
/// more than any valid answer could need (the coach's tool and the form alike).
pub const DRAFT_FIELD_MAX_CHARS: usize = INJURIES_MAX_CHARS;

pub fn check_draft_size(draft: &AssessmentDraft) -> Result<(), FieldError> {
    let b = &draft.background;
    let t = &draft.tests;
    let fields: [(&'static str, &str); 23] = [
        ("years_climbing", &b.years_climbing),
        ("hardest_boulder", &b.hardest_boulder),
        ("hardest_boulder_style", &b.hardest_boulder_style),
        ("hardest_route", &b.hardest_route),
        ("hardest_route_style", &b.hardest_route_style),
        ("goal_discipline", &b.goal_discipline),
        ("goal_grade", &b.goal_grade),
        ("target_date", &b.target_date),
        ("days_per_week", &b.days_per_week),
        ("session_minutes", &b.session_minutes),
        ("injuries", &b.injuries),
        ("bodyweight_kg", &t.bodyweight_kg),
        ("max_hang_added_kg", &t.max_hang_added_kg),
        ("max_hang_seconds", &t.max_hang_seconds),
        ("pull_kind", &t.pull_kind),
        ("pull_value", &t.pull_value),
        ("endurance_kind", &t.endurance_kind),
        ("endurance_value", &t.endurance_value),
        ("power_kind", &t.power_kind),
        ("power_value", &t.power_value),
        ("core_kind", &t.core_kind),
        ("core_value", &t.core_value),
        ("leg_span_cm", &t.leg_span_cm),
    ];
    if let Some((field, _)) = fields
        .iter()
        .find(|(_, v)| v.chars().count() > DRAFT_FIELD_MAX_CHARS)
    {
        return Err(FieldError::new(
            field,
            format!("That answer is too long: keep it under {DRAFT_FIELD_MAX_CHARS} characters."),
        ));
    }
    if b.equipment.len() > Equipment::ALL.len() || b.equipment.iter().any(|e| e.len() > 40) {
        return Err(FieldError::new(
            "equipment",
            "Choose your equipment from the list.",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 3, 15).unwrap()
    }

    fn background() -> BackgroundInput {
        BackgroundInput {
            years_climbing: "4,5".into(),
            hardest_boulder: "v5".into(),
            hardest_boulder_style: "flash".into(),
            hardest_route: "7a+".into(),
            hardest_route_style: "".into(),
            goal_discipline: "boulder".into(),
            goal_grade: "V7".into(),
            target_date: "2026-09-01".into(),
            days_per_week: "3".into(),
            session_minutes: "120".into(),
            equipment: vec!["hangboard".into(), "gym".into(), "HANGBOARD".into()],
            injuries: "  ".into(),
            age: "".into(),
            hangboard_history: "".into(),
        }
    }

    fn bg_err(input: BackgroundInput) -> FieldError {
        validate_background(&input, today()).unwrap_err()
    }

    fn tests_input() -> TestsInput {
        TestsInput {
            bodyweight_kg: "70".into(),
            max_hang_added_kg: "10".into(),
            max_hang_seconds: "10".into(),
            pull_kind: "one_rep_max".into(),
            pull_value: "25".into(),
            endurance_kind: "repeaters".into(),
            endurance_value: "14".into(),
            power_kind: "campus_reach".into(),
            power_value: "5".into(),
            core_kind: "leg_raises".into(),
            core_value: "12".into(),
            leg_span_cm: "172".into(),
        }
    }

    fn tests_ok(input: TestsInput) -> TestResults {
        validate_tests(&input, today()).unwrap()
    }

    fn tests_err(input: TestsInput) -> FieldError {
        validate_tests(&input, today()).unwrap_err()
    }

    // ---- background ----

    #[test]
    fn a_full_background_is_validated_and_cleaned() {
        let b = validate_background(&background(), today()).unwrap();
        assert_eq!(b.years_climbing, 4.5);
        let boulder = b.hardest_boulder.unwrap();
        assert_eq!(boulder.grade.label, "V5");
        assert_eq!(boulder.style, ClimbStyle::Flash);
        let route = b.hardest_route.unwrap();
        assert_eq!(route.grade.label, "7a+");
        assert_eq!(route.style, ClimbStyle::Redpoint, "blank style = redpoint");
        assert_eq!(b.goal_discipline, Discipline::Boulder);
        assert_eq!(b.goal_grade.unwrap().label, "V7");
        assert_eq!(b.target_date, Date::new(2026, 9, 1));
        assert_eq!(b.days_per_week, 3);
        assert_eq!(b.session_minutes, 120);
        assert_eq!(b.equipment, vec![Equipment::Gym, Equipment::Hangboard]);
        assert_eq!(b.injuries, "");
    }

    #[test]
    fn years_climbing_is_required_but_zero_is_fine() {
        let e = bg_err(BackgroundInput {
            years_climbing: " ".into(),
            ..background()
        });
        assert_eq!(e.field, "years_climbing");
        assert!(e.message.contains("0 is fine"), "{}", e.message);
        for ok in ["0", "80", "0.5", "12,25"] {
            let b = validate_background(
                &BackgroundInput {
                    years_climbing: ok.into(),
                    ..background()
                },
                today(),
            );
            assert!(b.is_ok(), "{ok}");
        }
        for bad in ["-1", "80.5", "abc", "NaN", "inf", "1e400"] {
            let e = bg_err(BackgroundInput {
                years_climbing: bad.into(),
                ..background()
            });
            assert_eq!(e.field, "years_climbing", "{bad}");
        }
    }

    #[test]
    fn at_least_one_hardest_grade_is_required() {
        let e = bg_err(BackgroundInput {
            hardest_boulder: "".into(),
            hardest_route: " ".into(),
            ..background()
        });
        assert_eq!(e.field, "hardest_boulder");
        assert!(e.message.contains("hardest boulder or route grade"));
        // A route goal points at the route box.
        let e = bg_err(BackgroundInput {
            hardest_boulder: "".into(),
            hardest_route: "".into(),
            goal_discipline: "route".into(),
            goal_grade: "".into(),
            ..background()
        });
        assert_eq!(e.field, "hardest_route");
    }

    #[test]
    fn either_grade_alone_is_enough() {
        let b = validate_background(
            &BackgroundInput {
                hardest_route: "".into(),
                hardest_route_style: "attempt".into(), // ignored: no grade
                ..background()
            },
            today(),
        )
        .unwrap();
        assert!(b.hardest_route.is_none());
        let b = validate_background(
            &BackgroundInput {
                hardest_boulder: "".into(),
                goal_discipline: "route".into(),
                goal_grade: "7c".into(),
                ..background()
            },
            today(),
        )
        .unwrap();
        assert!(b.hardest_boulder.is_none());
        assert_eq!(b.hardest_route.unwrap().grade.label, "7a+");
    }

    #[test]
    fn a_grade_in_the_wrong_box_is_refused() {
        let e = bg_err(BackgroundInput {
            hardest_boulder: "5.12a".into(),
            ..background()
        });
        assert_eq!(e.field, "hardest_boulder");
        assert!(
            e.message.contains("5.12a is a route grade"),
            "{}",
            e.message
        );
        let e = bg_err(BackgroundInput {
            hardest_route: "V5".into(),
            ..background()
        });
        assert_eq!(e.field, "hardest_route");
        assert!(e.message.contains("V5 is a boulder grade"), "{}", e.message);
        // The goal grade is read in the goal discipline.
        let e = bg_err(BackgroundInput {
            goal_grade: "5.12a".into(),
            ..background()
        });
        assert_eq!(e.field, "goal_grade");
        assert!(
            e.message.contains("switch your goal to routes"),
            "{}",
            e.message
        );
    }

    #[test]
    fn lower_case_letter_grades_follow_the_box() {
        // "6c" is Font in the boulder box and French in the route box.
        let b = validate_background(
            &BackgroundInput {
                hardest_boulder: "6c".into(),
                hardest_route: "6c".into(),
                ..background()
            },
            today(),
        )
        .unwrap();
        assert_eq!(b.hardest_boulder.unwrap().grade.label, "6C");
        assert_eq!(b.hardest_route.unwrap().grade.label, "6c");
    }

    #[test]
    fn unknown_and_off_scale_grades_are_refused() {
        let e = bg_err(BackgroundInput {
            hardest_route: "abc".into(),
            ..background()
        });
        assert_eq!(e.field, "hardest_route");
        assert!(e.message.contains("isn't a grade I know"), "{}", e.message);
        // Ewbank 3 is easier than IRCRA 1: nothing to compare with.
        let e = bg_err(BackgroundInput {
            hardest_route: "ewbank 3".into(),
            ..background()
        });
        assert_eq!(e.field, "hardest_route");
        assert!(e.message.contains("below the grade scale"), "{}", e.message);
    }

    #[test]
    fn an_attempt_is_not_a_hardest_send() {
        let e = bg_err(BackgroundInput {
            hardest_boulder_style: "attempt".into(),
            ..background()
        });
        assert_eq!(e.field, "hardest_boulder_style");
        assert!(e.message.contains("send"), "{}", e.message);
        let e = bg_err(BackgroundInput {
            hardest_route_style: "ATTEMPT".into(),
            ..background()
        });
        assert_eq!(e.field, "hardest_route_style");
        let e = bg_err(BackgroundInput {
            hardest_route_style: "dogged".into(),
            ..background()
        });
        assert_eq!(e.field, "hardest_route_style");
        for style in ["onsight", "Flash", "redpoint", "repeat"] {
            let b = validate_background(
                &BackgroundInput {
                    hardest_route_style: style.into(),
                    ..background()
                },
                today(),
            );
            assert!(b.is_ok(), "{style}");
        }
    }

    #[test]
    fn a_blank_goal_discipline_follows_the_grades_given() {
        let blank_goal = BackgroundInput {
            goal_discipline: "".into(),
            goal_grade: "".into(),
            ..background()
        };
        let both = validate_background(&blank_goal, today()).unwrap();
        assert_eq!(both.goal_discipline, Discipline::Boulder);
        let route_only = validate_background(
            &BackgroundInput {
                hardest_boulder: "".into(),
                ..blank_goal.clone()
            },
            today(),
        )
        .unwrap();
        assert_eq!(route_only.goal_discipline, Discipline::Route);
        let e = bg_err(BackgroundInput {
            goal_discipline: "trad".into(),
            ..background()
        });
        assert_eq!(e.field, "goal_discipline");
        let upper = validate_background(
            &BackgroundInput {
                goal_discipline: " Route ".into(),
                goal_grade: "7c".into(),
                ..background()
            },
            today(),
        )
        .unwrap();
        assert_eq!(upper.goal_discipline, Discipline::Route);
        assert_eq!(upper.goal_grade.unwrap().label, "7c");
    }

    #[test]
    fn a_blank_goal_grade_and_target_date_are_fine() {
        let b = validate_background(
            &BackgroundInput {
                goal_grade: "".into(),
                target_date: "".into(),
                ..background()
            },
            today(),
        )
        .unwrap();
        assert_eq!(b.goal_grade, None);
        assert_eq!(b.target_date, None);
    }

    #[test]
    fn the_target_date_is_after_today_and_within_two_years() {
        let date = |s: &str| {
            validate_background(
                &BackgroundInput {
                    target_date: s.into(),
                    ..background()
                },
                today(),
            )
        };
        // today is 2026-03-15: tomorrow and exactly two years later are the bounds.
        assert_eq!(
            date("2026-03-16").unwrap().target_date,
            Date::new(2026, 3, 16)
        );
        assert_eq!(
            date("2028-03-15").unwrap().target_date,
            Date::new(2028, 3, 15)
        );
        for bad in ["2026-03-15", "2025-12-01", "2028-03-16", "2030-01-01"] {
            assert_eq!(date(bad).unwrap_err().field, "target_date", "{bad}");
        }
        assert!(date("2028-03-16")
            .unwrap_err()
            .message
            .contains("2028-03-15"));
        for bad in ["next year", "15/09/2026", "2026-02-30"] {
            assert_eq!(date(bad).unwrap_err().field, "target_date", "{bad}");
        }
    }

    #[test]
    fn two_years_after_a_leap_day_is_the_28th() {
        let leap = Date::new(2028, 2, 29).unwrap();
        assert_eq!(years_after(leap, 2), Date::new(2030, 2, 28).unwrap());
    }

    #[test]
    fn seven_days_a_week_is_refused_for_the_rest_day() {
        let days = |s: &str| {
            validate_background(
                &BackgroundInput {
                    days_per_week: s.into(),
                    ..background()
                },
                today(),
            )
        };
        let e = days("7").unwrap_err();
        assert_eq!(e.field, "days_per_week");
        assert!(e.message.contains("rest day"), "{}", e.message);
        for bad in ["0", "", "3.5", "-1", "x"] {
            assert_eq!(days(bad).unwrap_err().field, "days_per_week", "{bad}");
        }
        assert_eq!(days("1").unwrap().days_per_week, 1);
        assert_eq!(days(" 6 ").unwrap().days_per_week, 6);
    }

    #[test]
    fn session_minutes_are_30_to_300() {
        let minutes = |s: &str| {
            validate_background(
                &BackgroundInput {
                    session_minutes: s.into(),
                    ..background()
                },
                today(),
            )
        };
        assert_eq!(minutes("30").unwrap().session_minutes, 30);
        assert_eq!(minutes("300").unwrap().session_minutes, 300);
        for bad in ["29", "301", "", "90 min", "1e9"] {
            assert_eq!(minutes(bad).unwrap_err().field, "session_minutes", "{bad}");
        }
    }

    #[test]
    fn equipment_is_known_sorted_and_unique() {
        let b = validate_background(
            &BackgroundInput {
                equipment: vec![
                    "weights".into(),
                    "campus_board".into(),
                    "".into(),
                    "board".into(),
                    "weights".into(),
                ],
                ..background()
            },
            today(),
        )
        .unwrap();
        assert_eq!(
            b.equipment,
            vec![Equipment::Board, Equipment::CampusBoard, Equipment::Weights]
        );
        let e = bg_err(BackgroundInput {
            equipment: vec!["gym".into(), "rings".into()],
            ..background()
        });
        assert_eq!(e.field, "equipment");
        assert!(e.message.contains("rings"));
    }

    #[test]
    fn injuries_none_words_mean_no_injury() {
        let injuries = |s: &str| {
            validate_background(
                &BackgroundInput {
                    injuries: s.into(),
                    ..background()
                },
                today(),
            )
        };
        for none in ["none", "None.", "NO", "n/a", "N/A", " - ", "", "nothing"] {
            assert_eq!(injuries(none).unwrap().injuries, "", "{none}");
        }
        assert_eq!(
            injuries("  A2 pulley strain, left ring\u{7}\n")
                .unwrap()
                .injuries,
            "A2 pulley strain, left ring"
        );
        // "no" inside a sentence is an injury report, not "none".
        assert_eq!(
            injuries("no pain but tight elbow").unwrap().injuries,
            "no pain but tight elbow"
        );
        assert_eq!(injuries(&"x".repeat(500)).unwrap().injuries.len(), 500);
        assert_eq!(injuries(&"x".repeat(501)).unwrap_err().field, "injuries");
    }

    // ---- tests ----

    #[test]
    fn a_full_tests_form_is_validated() {
        let t = tests_ok(tests_input());
        assert_eq!(t.bodyweight_kg, Some(70.0));
        let hang = t.max_hang.unwrap();
        assert_eq!(
            hang.result,
            MaxHang {
                added_kg: 10.0,
                seconds: 10
            }
        );
        assert_eq!(hang.tested_on, today());
        assert_eq!(
            t.pulling.unwrap().result,
            PullTest::OneRepMax { added_kg: 25.0 }
        );
        assert_eq!(
            t.endurance.unwrap().result,
            EnduranceTest::Repeaters { reps: 14 }
        );
        assert_eq!(t.power.unwrap().result, PowerTest::CampusReach { rung: 5 });
        assert_eq!(t.core.unwrap().result, CoreTest::LegRaises { reps: 12 });
        let flex = t.flexibility.unwrap();
        assert_eq!(flex.result.leg_span_cm, 172.0);
        assert_eq!(flex.tested_on, today());
    }

    #[test]
    fn blank_boxes_are_not_tested() {
        assert_eq!(tests_ok(TestsInput::default()), TestResults::default());
        // A kind with no value is a form default, not a test.
        let t = tests_ok(TestsInput {
            pull_kind: "max_reps".into(),
            endurance_kind: "repeaters".into(),
            ..TestsInput::default()
        });
        assert_eq!(t, TestResults::default());
        // Bodyweight alone is kept.
        let t = tests_ok(TestsInput {
            bodyweight_kg: "64.5".into(),
            ..TestsInput::default()
        });
        assert_eq!(t.bodyweight_kg, Some(64.5));
        assert!(t.max_hang.is_none());
    }

    #[test]
    fn bodyweight_must_be_plausible() {
        for bad in [
            "0", "-70", "24.9", "250.1", "400", "abc", "NaN", "inf", "-inf",
        ] {
            let e = tests_err(TestsInput {
                bodyweight_kg: bad.into(),
                ..tests_input()
            });
            assert_eq!(e.field, "bodyweight_kg", "{bad}");
        }
        let e = tests_err(TestsInput {
            bodyweight_kg: "0".into(),
            ..tests_input()
        });
        assert!(e.message.contains("between 25 and 250 kg"), "{}", e.message);
    }

    #[test]
    fn bodyweight_is_required_for_strength_ratios() {
        let no_bw = TestsInput {
            bodyweight_kg: "".into(),
            ..TestsInput::default()
        };
        // Each of max hang, weighted pull-up and critical force needs it.
        for input in [
            TestsInput {
                max_hang_added_kg: "0".into(),
                max_hang_seconds: "10".into(),
                ..no_bw.clone()
            },
            TestsInput {
                pull_kind: "one_rep_max".into(),
                pull_value: "10".into(),
                ..no_bw.clone()
            },
            TestsInput {
                endurance_kind: "critical_force".into(),
                endurance_value: "30".into(),
                ..no_bw.clone()
            },
        ] {
            let e = tests_err(input);
            assert_eq!(e.field, "bodyweight_kg");
            assert!(e.message.contains("ratio"), "{}", e.message);
        }
        // Counted tests do not.
        let t = tests_ok(TestsInput {
            pull_kind: "max_reps".into(),
            pull_value: "8".into(),
            endurance_kind: "repeaters".into(),
            endurance_value: "14".into(),
            power_kind: "max_moves".into(),
            power_value: "6".into(),
            ..no_bw
        });
        assert_eq!(t.pulling.unwrap().result, PullTest::MaxReps { reps: 8 });
        assert_eq!(t.power.unwrap().result, PowerTest::MaxMoves { moves: 6 });
    }

    #[test]
    fn pounds_convert_to_kilograms() {
        // 150 lb × 0.45359237 = 68.04 → 68.0; 45 lbs = 20.41 → 20.4; 22 LB = 9.98 → 10.0.
        let t = tests_ok(TestsInput {
            bodyweight_kg: "150 lb".into(),
            max_hang_added_kg: "45lbs".into(),
            pull_value: "22 LB".into(),
            ..tests_input()
        });
        assert_eq!(t.bodyweight_kg, Some(68.0));
        assert_eq!(t.max_hang.unwrap().result.added_kg, 20.4);
        assert_eq!(
            t.pulling.unwrap().result,
            PullTest::OneRepMax { added_kg: 10.0 }
        );
        let t = tests_ok(TestsInput {
            bodyweight_kg: "70kg".into(),
            max_hang_added_kg: "-5 KG".into(),
            ..tests_input()
        });
        assert_eq!(t.bodyweight_kg, Some(70.0));
        assert_eq!(t.max_hang.unwrap().result.added_kg, -5.0);
    }

    #[test]
    fn decimal_commas_are_read() {
        let t = tests_ok(TestsInput {
            bodyweight_kg: "68,5".into(),
            max_hang_added_kg: "12,5 kg".into(),
            endurance_kind: "critical_force".into(),
            endurance_value: "31,25".into(),
            leg_span_cm: "171,5".into(),
            ..tests_input()
        });
        assert_eq!(t.bodyweight_kg, Some(68.5));
        assert_eq!(t.max_hang.unwrap().result.added_kg, 12.5);
        // 31.25 rounds to the tenth: 31.3 (half away from zero).
        assert_eq!(
            t.endurance.unwrap().result,
            EnduranceTest::CriticalForce { kg: 31.3 }
        );
        assert_eq!(t.flexibility.unwrap().result.leg_span_cm, 171.5);
    }

    #[test]
    fn leg_span_accepts_inches() {
        // 68 in × 2.54 = 172.72 → 172.7.
        let t = tests_ok(TestsInput {
            leg_span_cm: "68 in".into(),
            ..tests_input()
        });
        assert_eq!(t.flexibility.unwrap().result.leg_span_cm, 172.7);
        for bad in ["49", "301", "tall", "170 ft"] {
            let e = tests_err(TestsInput {
                leg_span_cm: bad.into(),
                ..tests_input()
            });
            assert_eq!(e.field, "leg_span_cm", "{bad}");
        }
    }

    #[test]
    fn max_hang_load_limits() {
        let hang = |load: &str| {
            validate_tests(
                &TestsInput {
                    max_hang_added_kg: load.into(),
                    ..tests_input()
                },
                today(),
            )
        };
        // Bodyweight 70: taking off 63 kg (90 %) or more is refused, 62.9 is allowed.
        assert_eq!(
            hang("-62.9").unwrap().max_hang.unwrap().result.added_kg,
            -62.9
        );
        assert_eq!(
            hang("200").unwrap().max_hang.unwrap().result.added_kg,
            200.0
        );
        for bad in [
            "-63", "-70", "-400", "200.1", "400", "400 kg", "abc", "NaN", "inf",
        ] {
            let e = hang(bad).unwrap_err();
            assert_eq!(e.field, "max_hang_added_kg", "{bad}");
        }
        assert!(hang("-63").unwrap_err().message.contains("63.0 kg"));
        assert!(hang("400").unwrap_err().message.contains("200 kg"));
    }

    #[test]
    fn max_hang_needs_5_to_10_seconds() {
        let secs = |s: &str| {
            validate_tests(
                &TestsInput {
                    max_hang_seconds: s.into(),
                    ..tests_input()
                },
                today(),
            )
        };
        assert_eq!(secs("5").unwrap().max_hang.unwrap().result.seconds, 5);
        assert_eq!(secs("10").unwrap().max_hang.unwrap().result.seconds, 10);
        for bad in ["4", "11", "30", "7.5", "-5"] {
            assert_eq!(secs(bad).unwrap_err().field, "max_hang_seconds", "{bad}");
        }
        assert!(secs("30").unwrap_err().message.contains("5 to 10 seconds"));
        // A load without seconds asks for them.
        let e = secs("").unwrap_err();
        assert_eq!(e.field, "max_hang_seconds");
        // Seconds without a load asks for the load.
        let e = tests_err(TestsInput {
            max_hang_added_kg: "".into(),
            ..tests_input()
        });
        assert_eq!(e.field, "max_hang_added_kg");
    }

    #[test]
    fn pulling_protocols_and_limits() {
        let pull = |kind: &str, value: &str| {
            validate_tests(
                &TestsInput {
                    pull_kind: kind.into(),
                    pull_value: value.into(),
                    ..tests_input()
                },
                today(),
            )
        };
        assert_eq!(
            pull("one_rep_max", "-20").unwrap().pulling.unwrap().result,
            PullTest::OneRepMax { added_kg: -20.0 }
        );
        assert_eq!(
            pull("MAX_REPS", "0").unwrap().pulling.unwrap().result,
            PullTest::MaxReps { reps: 0 }
        );
        assert_eq!(
            pull("max_reps", "100").unwrap().pulling.unwrap().result,
            PullTest::MaxReps { reps: 100 }
        );
        for (kind, bad) in [
            ("one_rep_max", "-63"),
            ("one_rep_max", "400"),
            ("one_rep_max", "abc"),
            ("max_reps", "101"),
            ("max_reps", "-1"),
            ("max_reps", "8.5"),
        ] {
            assert_eq!(
                pull(kind, bad).unwrap_err().field,
                "pull_value",
                "{kind} {bad}"
            );
        }
        // A value without its protocol.
        for kind in ["", "repeaters", "pullups"] {
            let e = pull(kind, "8").unwrap_err();
            assert_eq!(e.field, "pull_kind", "{kind}");
            assert!(e.message.contains("Pick how you tested"), "{}", e.message);
        }
    }

    #[test]
    fn endurance_protocols_and_limits() {
        let end = |kind: &str, value: &str| {
            validate_tests(
                &TestsInput {
                    endurance_kind: kind.into(),
                    endurance_value: value.into(),
                    ..tests_input()
                },
                today(),
            )
        };
        assert_eq!(
            end("repeaters", "200").unwrap().endurance.unwrap().result,
            EnduranceTest::Repeaters { reps: 200 }
        );
        // Bodyweight 70: critical force up to 1.5 × 70 = 105 kg.
        assert_eq!(
            end("critical_force", "105")
                .unwrap()
                .endurance
                .unwrap()
                .result,
            EnduranceTest::CriticalForce { kg: 105.0 }
        );
        for (kind, bad) in [
            ("repeaters", "201"),
            ("repeaters", "-3"),
            ("critical_force", "0"),
            ("critical_force", "-10"),
            ("critical_force", "105.1"),
            ("critical_force", "400"),
            ("critical_force", "NaN"),
        ] {
            let e = end(kind, bad).unwrap_err();
            assert_eq!(e.field, "endurance_value", "{kind} {bad}");
        }
        assert!(end("critical_force", "106")
            .unwrap_err()
            .message
            .contains("105.0 kg"));
        assert_eq!(end("", "14").unwrap_err().field, "endurance_kind");
    }

    #[test]
    fn power_protocols_and_limits() {
        let pow = |kind: &str, value: &str| {
            validate_tests(
                &TestsInput {
                    power_kind: kind.into(),
                    power_value: value.into(),
                    ..tests_input()
                },
                today(),
            )
        };
        assert_eq!(
            pow("campus_reach", "9").unwrap().power.unwrap().result,
            PowerTest::CampusReach { rung: 9 }
        );
        assert_eq!(
            pow("max_moves", "30").unwrap().power.unwrap().result,
            PowerTest::MaxMoves { moves: 30 }
        );
        for (kind, bad) in [
            ("campus_reach", "0"),
            ("campus_reach", "10"),
            ("max_moves", "0"),
            ("max_moves", "31"),
        ] {
            assert_eq!(
                pow(kind, bad).unwrap_err().field,
                "power_value",
                "{kind} {bad}"
            );
        }
        assert_eq!(pow("campus", "5").unwrap_err().field, "power_kind");
    }

    #[test]
    fn core_protocols_and_limits() {
        let core = |kind: &str, value: &str| {
            validate_tests(
                &TestsInput {
                    core_kind: kind.into(),
                    core_value: value.into(),
                    ..tests_input()
                },
                today(),
            )
        };
        for (raw, level) in [
            ("tuck", FrontLever::Tuck),
            ("advanced_tuck", FrontLever::AdvancedTuck),
            ("Advanced tuck", FrontLever::AdvancedTuck),
            ("one-leg", FrontLever::OneLeg),
            ("full", FrontLever::Full),
        ] {
            assert_eq!(
                core("front_lever", raw).unwrap().core.unwrap().result,
                CoreTest::FrontLever { level },
                "{raw}"
            );
        }
        assert_eq!(
            core("front_lever", "planche").unwrap_err().field,
            "core_value"
        );
        assert_eq!(core("leg_raises", "101").unwrap_err().field, "core_value");
        assert_eq!(core("", "12").unwrap_err().field, "core_kind");
    }

    #[test]
    fn protocol_codes_are_the_test_kind_codes() {
        use super::super::norms::TestKind;
        for code in [
            "one_rep_max",
            "max_reps",
            "repeaters",
            "critical_force",
            "campus_reach",
            "max_moves",
            "leg_raises",
            "front_lever",
        ] {
            assert!(TestKind::from_code(code).is_some(), "{code}");
        }
    }

    #[test]
    fn unit_suffixes_are_split_safely() {
        assert_eq!(with_unit("12 kg", &[(&["kg"], 1.0)]), ("12 ", 1.0));
        assert_eq!(with_unit("kg", &[(&["kg"], 1.0)]), ("", 1.0));
        // Multibyte text never panics.
        assert_eq!(with_unit("é", &[(&["kg"], 1.0)]), ("é", 1.0));
        assert!(tests_err(TestsInput {
            bodyweight_kg: "kg".into(),
            ..tests_input()
        })
        .message
        .contains("number"));
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_any_text(s in "\\PC{0,12}", n in "[-0-9.,a-z ]{0,8}") {
            let _ = validate_tests(
                &TestsInput {
                    bodyweight_kg: n.clone(),
                    max_hang_added_kg: s.clone(),
                    max_hang_seconds: n.clone(),
                    pull_kind: "one_rep_max".into(),
                    pull_value: s.clone(),
                    endurance_kind: "critical_force".into(),
                    endurance_value: n.clone(),
                    power_kind: s.clone(),
                    power_value: n.clone(),
                    core_kind: "front_lever".into(),
                    core_value: s.clone(),
                    leg_span_cm: s.clone(),
                },
                today(),
            );
            let _ = validate_background(
                &BackgroundInput {
                    years_climbing: n.clone(),
                    hardest_boulder: s.clone(),
                    hardest_boulder_style: s.clone(),
                    hardest_route: n.clone(),
                    hardest_route_style: String::new(),
                    goal_discipline: s.clone(),
                    goal_grade: s.clone(),
                    target_date: s.clone(),
                    days_per_week: n.clone(),
                    session_minutes: n.clone(),
                    equipment: vec![s.clone()],
                    injuries: s.clone(),
                    age: n.clone(),
                    hangboard_history: s,
                },
                today(),
            );
        }
    }

    #[test]
    fn a_draft_is_size_checked_before_it_is_saved() {
        let mut d = AssessmentDraft::default();
        assert_eq!(check_draft_size(&d), Ok(()));
        d.tests.pull_value = "9".repeat(DRAFT_FIELD_MAX_CHARS + 1);
        assert_eq!(check_draft_size(&d).unwrap_err().field, "pull_value");
        d.tests.pull_value.clear();
        d.background.equipment = vec!["gym".into(); 6];
        assert_eq!(check_draft_size(&d).unwrap_err().field, "equipment");
    }
}
