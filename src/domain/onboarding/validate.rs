//! From the onboarding answers to the assessment: [`to_draft`] turns lenient answers into the
//! strings the assessment validators accept, [`validate_step`] checks one step's answers only,
//! [`answer_in_chat`] applies a chat reply to the current step, and [`step_of_field`] says
//! which step to go back to for an error.
//!
//! Errors name [`OnboardingAnswers`] fields: "goal", "goal_grade", "target_date",
//! "hardest_boulder", "hardest_route", "years_climbing", "confidence", "tests.<TestsInput
//! field>" (e.g. "tests.bodyweight_kg"), "days_per_week", "session_length", "equipment",
//! "injuries". A grade or date read from the goal sentence reports its error on "goal".
use super::answers::{OnboardingAnswers, CONFIDENCE_CODES};
use super::lenient::{
    find_age, find_hangboard_history, hangboard_code, parse_age, parse_hangboard_history,
};
use super::lenient::{
    find_bodyweight, find_schedule, find_years, goal_from_text, grade_text, grades_in,
    hardest_grade, normalise_load, parse_days_per_week, parse_equipment, parse_length_cm,
    parse_session_minutes, parse_target_date, parse_years_on, read_equipment_reply, show, tokenize,
    years_text, Tok, MINUS, YEARS_FIELD,
};
use super::steps::Step;
use crate::domain::assessment::validate::{
    self as assessment, validate_background, validate_tests,
};
use crate::domain::assessment::{
    AssessmentDraft, Background, BackgroundInput, TestResults, TestsInput,
};
use crate::domain::grade::{Discipline, Grade, GradeMatch};
use crate::domain::profile::{clean_text, FieldError, GOALS_MAX_CHARS};
use crate::domain::when::Date;

/// The [`TestsInput`] fields, as `validate_tests` names them in errors.
const TEST_FIELDS: [(&str, &str); 12] = [
    ("bodyweight_kg", "tests.bodyweight_kg"),
    ("max_hang_added_kg", "tests.max_hang_added_kg"),
    ("max_hang_seconds", "tests.max_hang_seconds"),
    ("pull_kind", "tests.pull_kind"),
    ("pull_value", "tests.pull_value"),
    ("endurance_kind", "tests.endurance_kind"),
    ("endurance_value", "tests.endurance_value"),
    ("power_kind", "tests.power_kind"),
    ("power_value", "tests.power_value"),
    ("core_kind", "tests.core_kind"),
    ("core_value", "tests.core_value"),
    ("leg_span_cm", "tests.leg_span_cm"),
];

// ===========================================================================================
// Answers → assessment draft
// ===========================================================================================

/// Normalises the answers into an [`AssessmentDraft`] the assessment validators accept:
/// days → "3", session length → "90", years → "1.5", leg span → centimetres, loads with
/// "pounds"/"kilos" → "lb"/"kg", equipment words → codes, goal grade and target date read
/// from `goal` when blank (the date as ISO), goal discipline from the goal grade's system
/// (V/Font → "boulder", others → "route"; without a grade, from words like "bouldering"),
/// hardest grades written so that their box reads them in their system, with a style word in
/// the box ("V5 flash") moved to its style. Blank answers stay blank (the validators then
/// ask for what is required); an answer that cannot be read at all is an error here.
pub fn to_draft(a: &OnboardingAnswers, today: Date) -> Result<AssessmentDraft, FieldError> {
    let goal = goal_fields(a, today)?;
    let (hardest_boulder, hardest_boulder_style) =
        hardest_box(&a.hardest_boulder, Discipline::Boulder);
    let (hardest_route, hardest_route_style) = hardest_box(&a.hardest_route, Discipline::Route);
    let years_climbing = if a.years_climbing.trim().is_empty() {
        String::new()
    } else {
        parse_years_on(&a.years_climbing, today)?
    };
    let days_per_week = if a.days_per_week.trim().is_empty() {
        String::new()
    } else {
        parse_days_per_week(&a.days_per_week)?.to_string()
    };
    let session_minutes = if a.session_length.trim().is_empty() {
        String::new()
    } else {
        parse_session_minutes(&a.session_length)?.to_string()
    };
    Ok(AssessmentDraft {
        background: BackgroundInput {
            years_climbing,
            hardest_boulder,
            hardest_boulder_style,
            hardest_route,
            hardest_route_style,
            goal_discipline: match goal.discipline {
                Some(Discipline::Boulder) => "boulder".into(),
                Some(Discipline::Route) => "route".into(),
                None => String::new(),
            },
            goal_grade: goal.grade,
            target_date: goal.date,
            days_per_week,
            session_minutes,
            equipment: equipment_codes(&a.equipment),
            injuries: injuries_text(&a.injuries),
            age: parse_age(&a.age)?
                .map(|y| y.to_string())
                .unwrap_or_default(),
            hangboard_history: hangboard_code(parse_hangboard_history(&a.hangboard_history)?)
                .to_string(),
        },
        tests: draft_tests(&a.tests)?,
    })
}

struct GoalFields {
    grade: String,
    discipline: Option<Discipline>,
    /// ISO or blank.
    date: String,
}

fn goal_fields(a: &OnboardingAnswers, today: Date) -> Result<GoalFields, FieldError> {
    let parts = goal_from_text(&a.goal, today);
    let (grade, discipline) = if a.goal_grade.trim().is_empty() {
        (parts.grade.unwrap_or_default(), parts.discipline)
    } else {
        // "6c" is read in the discipline the goal sentence names (French without one).
        let hint = Discipline::infer(&a.goal);
        match read_grade(&a.goal_grade, hint) {
            Some(g) => (grade_text(&g), Some(g.system.discipline())),
            // Kept as typed: the validator explains what is wrong with it.
            None => (a.goal_grade.trim().to_string(), hint.or(parts.discipline)),
        }
    };
    let date = if a.target_date.trim().is_empty() {
        parts.target_date.map(|d| d.to_string()).unwrap_or_default()
    } else {
        parse_target_date(&a.target_date, today)
            .ok_or_else(|| {
                FieldError::new(
                    "target_date",
                    "I couldn't read that date: write it like 2026-06-30, \"by June\" or \"in 3 \
                     months\".",
                )
            })?
            .to_string()
    };
    Ok(GoalFields {
        grade,
        discipline,
        date,
    })
}

/// A grade typed in a box: the whole text (the discipline deciding "6c"), else the hardest
/// grade in it ("V5 maybe V6" is V6).
fn read_grade(raw: &str, discipline: Option<Discipline>) -> Option<Grade> {
    let whole = match discipline {
        Some(d) => Grade::parse_in(raw, d),
        None => Grade::parse(raw),
    };
    whole
        .ok()
        .or_else(|| hardest_grade(&grades_in(raw, discipline)).cloned())
}

/// A hardest-grade box: (grade, style code). A box the assessment reads as it is stays as
/// typed; otherwise the hardest grade of the box's discipline found in it, and a style word
/// ("flash", "onsight", "redpoint", "repeat").
fn hardest_box(raw: &str, discipline: Discipline) -> (String, String) {
    let raw = raw.trim();
    if raw.is_empty() || Grade::parse_in(raw, discipline).is_ok() {
        return (raw.to_string(), String::new());
    }
    let spans = grades_in(raw, Some(discipline));
    let own: Vec<GradeMatch> = spans
        .iter()
        .filter(|m| m.grade.system.discipline() == discipline)
        .cloned()
        .collect();
    match hardest_grade(if own.is_empty() { &spans } else { &own }) {
        Some(g) => (grade_text(g), style_in(raw).to_string()),
        None => (raw.to_string(), String::new()),
    }
}

fn style_in(text: &str) -> &'static str {
    let words: Vec<String> = tokenize(text)
        .into_iter()
        .filter_map(|t| match t {
            Tok::Word(w) => Some(w),
            _ => None,
        })
        .collect();
    let has = |options: &[&str]| words.iter().any(|w| options.contains(&w.as_str()));
    if has(&["onsight", "onsighted", "os"]) || words.windows(2).any(|w| w == ["on", "sight"]) {
        "onsight"
    } else if has(&["flash", "flashed"]) {
        "flash"
    } else if has(&["redpoint", "redpointed", "rp"]) {
        "redpoint"
    } else if has(&["repeat", "repeated"]) {
        "repeat"
    } else {
        ""
    }
}

/// Codes for known equipment (codes, labels or words), other entries kept as typed so that
/// the validator names them; blanks dropped.
fn equipment_codes(entries: &[String]) -> Vec<String> {
    entries
        .iter()
        .map(|e| e.trim())
        .filter(|e| !e.is_empty())
        .map(|e| parse_equipment(e).map_or_else(|| e.to_string(), |eq| eq.code().to_string()))
        .collect()
}

/// Whole answers that mean "no injury", beyond the assessment's own list ("none", "no",
/// "n/a", ...). Compared lower-case without a final full stop.
const NO_INJURY_PHRASES: [&str; 12] = [
    "no injury",
    "not injured",
    "injury free",
    "injury-free",
    "uninjured",
    "none at the moment",
    "none right now",
    "none currently",
    "nothing at the moment",
    "no injuries at the moment",
    "healthy",
    "all good",
];

fn injuries_text(raw: &str) -> String {
    let word = raw
        .trim()
        .trim_end_matches(['.', '!'])
        .trim()
        .to_lowercase();
    if NO_INJURY_PHRASES.contains(&word.as_str()) {
        String::new()
    } else {
        raw.to_string()
    }
}

/// The tests as the assessment reads them: loads with their units normalised, counts without
/// a trailing unit ("10 s", "12 reps"), the leg span in centimetres, protocol codes in
/// snake case ("Max reps" → "max_reps").
fn draft_tests(t: &TestsInput) -> Result<TestsInput, FieldError> {
    let kind = |k: &str| k.trim().to_ascii_lowercase().replace([' ', '-'], "_");
    let pull_kind = kind(&t.pull_kind);
    let endurance_kind = kind(&t.endurance_kind);
    let core_kind = kind(&t.core_kind);
    Ok(TestsInput {
        bodyweight_kg: normalise_load(&t.bodyweight_kg),
        max_hang_added_kg: normalise_load(&t.max_hang_added_kg),
        max_hang_seconds: count_text(&t.max_hang_seconds),
        pull_value: if pull_kind == "one_rep_max" {
            normalise_load(&t.pull_value)
        } else {
            count_text(&t.pull_value)
        },
        endurance_value: if endurance_kind == "critical_force" {
            normalise_load(&t.endurance_value)
        } else {
            count_text(&t.endurance_value)
        },
        power_kind: kind(&t.power_kind),
        power_value: count_text(&t.power_value),
        core_value: if core_kind == "front_lever" {
            t.core_value.clone()
        } else {
            count_text(&t.core_value)
        },
        leg_span_cm: parse_length_cm(&t.leg_span_cm)?
            .map(show)
            .unwrap_or_default(),
        pull_kind,
        endurance_kind,
        core_kind,
    })
}

/// "10 s", "12 reps", "rung 5" → the number; anything else as typed.
fn count_text(raw: &str) -> String {
    const UNITS: [&str; 14] = [
        "s", "sec", "secs", "second", "seconds", "rep", "reps", "move", "moves", "rung", "rungs",
        "pullups", "pull", "times",
    ];
    let t = tokenize(raw);
    let nums: Vec<f64> = t
        .iter()
        .filter_map(|x| match x {
            Tok::Num { value, .. } => Some(*value),
            _ => None,
        })
        .collect();
    let only_units = t.iter().all(|x| match x {
        Tok::Num { .. } | Tok::Sym('-' | MINUS) => true,
        Tok::Word(w) => UNITS.contains(&w.as_str()) || w == "ups",
        Tok::Sym(_) | Tok::Clock { .. } => false,
    });
    match nums.as_slice() {
        [n] if only_units => {
            let sign = if matches!(t.first(), Some(Tok::Sym('-' | MINUS))) {
                "-"
            } else {
                ""
            };
            format!("{sign}{}", show(*n))
        }
        _ => raw.to_string(),
    }
}

// ===========================================================================================
// Field names and steps
// ===========================================================================================

/// The step a field belongs to: [`OnboardingAnswers`] fields ("session_length",
/// "tests.pull_value") as well as the assessment's own names ("session_minutes",
/// "pull_value", "hardest_route_style", "goal_discipline"). An unknown field stays on
/// [`Step::Result`].
pub fn step_of_field(field: &str) -> Step {
    match field {
        "goal" | "goal_grade" | "target_date" | "goal_discipline" => Step::Goal,
        "hardest_boulder"
        | "hardest_boulder_style"
        | "hardest_route"
        | "hardest_route_style"
        | "years_climbing"
        | "confidence" => Step::Level,
        "days_per_week" | "session_length" | "session_minutes" => Step::Schedule,
        "equipment" | "injuries" => Step::Equipment,
        "age" | "hangboard_history" => Step::AboutYou,
        "tests" => Step::Check,
        f if f.starts_with("tests.") || TEST_FIELDS.iter().any(|(name, _)| *name == f) => {
            Step::Check
        }
        _ => Step::Result,
    }
}

/// An assessment validator's error, renamed to the answer field the climber typed in.
fn answer_error(e: FieldError, a: &OnboardingAnswers) -> FieldError {
    let field = match e.field {
        "session_minutes" => "session_length",
        "goal_discipline" => "goal",
        "goal_grade" if a.goal_grade.trim().is_empty() => "goal",
        "target_date" if a.target_date.trim().is_empty() => "goal",
        "hardest_boulder_style" => "hardest_boulder",
        "hardest_route_style" => "hardest_route",
        f => TEST_FIELDS
            .iter()
            .find(|(name, _)| *name == f)
            .map_or(f, |(_, answer)| answer),
    };
    FieldError { field, ..e }
}

// ===========================================================================================
// Step validation
// ===========================================================================================

/// Checks only the answers of `step`, so a blank later step never fails an earlier one:
/// - Goal: a goal sentence or a goal grade; the grade and date valid when given or read
///   from the sentence.
/// - Level: at least one hardest grade, years climbing, confidence blank or one of
///   [`CONFIDENCE_CODES`].
/// - Check: the tests (each optional) as the assessment validates them.
/// - Schedule: days a week and session length.
/// - Equipment: equipment and injuries.
/// - About you: age and hangboard history, each blank or readable.
/// - Result: everything ([`validate_answers`]), the first error in step order.
pub fn validate_step(step: Step, a: &OnboardingAnswers, today: Date) -> Result<(), FieldError> {
    match step {
        Step::Goal => check_goal(a, today),
        Step::Level => check_level(a, today),
        Step::Check => {
            validate_tests(&draft_tests(&a.tests)?, today).map_err(|e| answer_error(e, a))?;
            Ok(())
        }
        Step::Schedule => {
            parse_days_per_week(&a.days_per_week)?;
            parse_session_minutes(&a.session_length)?;
            Ok(())
        }
        Step::Equipment => {
            assessment::equipment(&equipment_codes(&a.equipment))
                .map_err(|e| answer_error(e, a))?;
            assessment::injuries(&injuries_text(&a.injuries)).map_err(|e| answer_error(e, a))?;
            Ok(())
        }
        Step::AboutYou => {
            parse_age(&a.age)?;
            parse_hangboard_history(&a.hangboard_history)?;
            Ok(())
        }
        Step::Result => validate_answers(a, today).map(|_| ()),
    }
}

/// All the answers, validated as an assessment: the [`Background`] and [`TestResults`] to
/// save, or the first error in step order (its field says where to send the climber back,
/// see [`step_of_field`]).
pub fn validate_answers(
    a: &OnboardingAnswers,
    today: Date,
) -> Result<(Background, TestResults), FieldError> {
    for step in &Step::ALL[..Step::ALL.len() - 1] {
        validate_step(*step, a, today)?;
    }
    let draft = to_draft(a, today)?;
    let background =
        validate_background(&draft.background, today).map_err(|e| answer_error(e, a))?;
    let tests = validate_tests(&draft.tests, today).map_err(|e| answer_error(e, a))?;
    Ok((background, tests))
}

fn check_goal(a: &OnboardingAnswers, today: Date) -> Result<(), FieldError> {
    let goal = clean_text(&a.goal, true);
    if goal.is_empty() && a.goal_grade.trim().is_empty() {
        return Err(FieldError::new(
            "goal",
            "What's your climbing goal? For example \"7c by June\", \"my first V5\" or \"get \
             stronger\".",
        ));
    }
    if goal.chars().count() > GOALS_MAX_CHARS {
        return Err(FieldError::new(
            "goal",
            format!("Keep your goal under {GOALS_MAX_CHARS} characters."),
        ));
    }
    let g = goal_fields(a, today)?;
    let discipline = g.discipline.unwrap_or(Discipline::Route);
    assessment::goal_grade(&g.grade, discipline).map_err(|e| answer_error(e, a))?;
    assessment::target_date(&g.date, today).map_err(|e| answer_error(e, a))?;
    Ok(())
}

fn check_level(a: &OnboardingAnswers, today: Date) -> Result<(), FieldError> {
    let (boulder, boulder_style) = hardest_box(&a.hardest_boulder, Discipline::Boulder);
    let (route, route_style) = hardest_box(&a.hardest_route, Discipline::Route);
    let boulder = assessment::hardest(&boulder, &boulder_style, Discipline::Boulder)
        .map_err(|e| answer_error(e, a))?;
    let route = assessment::hardest(&route, &route_style, Discipline::Route)
        .map_err(|e| answer_error(e, a))?;
    if boulder.is_none() && route.is_none() {
        let field = match goal_from_text(&a.goal, today).discipline {
            Some(Discipline::Route) => "hardest_route",
            _ => "hardest_boulder",
        };
        return Err(FieldError::new(
            field,
            "Tell me your hardest boulder or route grade so I can compare you with climbers \
             at your level.",
        ));
    }
    if a.years_climbing.trim().is_empty() {
        return Err(FieldError::new(
            YEARS_FIELD,
            "How many years have you been climbing? 0 is fine.",
        ));
    }
    let years = parse_years_on(&a.years_climbing, today)?;
    assessment::years_climbing(&years).map_err(|e| answer_error(e, a))?;
    let confidence = a.confidence.trim().to_ascii_lowercase();
    if !confidence.is_empty() && !CONFIDENCE_CODES.contains(&confidence.as_str()) {
        return Err(FieldError::new(
            "confidence",
            "How sure are you of those grades: sure, roughly, or a guess?",
        ));
    }
    Ok(())
}

// ===========================================================================================
// Chat
// ===========================================================================================

/// Applies one chat reply to the current step, then [`validate_step`]s that step. What each
/// step reads (anything the reply does not mention is left as it was):
/// - Goal: the reply becomes `goal`; `goal_grade` and `target_date` are cleared (they are
///   read from the goal).
/// - Level: grades in any system, boulder or route by their system (V/Font boulder; a
///   lower-case "6c" is French, so a route, unless the reply is about bouldering), the
///   hardest of each kind; years ("3 years", "six months", "since 2019"; a bare number when
///   the reply has no grade, answering "how many years?"); confidence words ("not sure",
///   "roughly", "definitely").
/// - Check: only the bodyweight ("70 kg", "154 lbs", "I weigh 70", or just "70"), or "skip".
///   The physical tests themselves are collected by the onboarding page, not the chat.
/// - Schedule: days and session length ("3 days a week, 90 min", "twice a week for 2
///   hours", "3, 90").
/// - Equipment: equipment words ("hangboard", "campus board", "home wall" (a board),
///   "weights", "gym"; rings, pull-up bars and bands have no code and are ignored; "nothing"
///   is none) and injuries (the phrases with "injur", "pain", "hurt", "sore", "strain",
///   "elbow", ... in the climber's words; "no injuries" is none).
/// - About you: an age ("34", "I'm 34", "34 years old"; the first number without a unit) and
///   a hangboard answer ("never", "no", "a bit", "a couple of years", "yes"), either or
///   both; "skip" (or "pass", "rather not say", "no thanks") leaves what is not given blank.
/// - Result: nothing to read; validates everything.
///
/// A reply in which nothing for the step is recognised is an error that says what to write.
pub fn answer_in_chat(
    step: Step,
    text: &str,
    answers: &mut OnboardingAnswers,
    today: Date,
) -> Result<(), FieldError> {
    let text = clean_text(text, false);
    match step {
        Step::Goal => {
            level_in_goal(&text, answers, today);
            answers.goal = text;
            answers.goal_grade.clear();
            answers.target_date.clear();
        }
        Step::Level => level_reply(&text, answers, today)?,
        Step::Check => check_reply(&text, answers)?,
        Step::Schedule => schedule_reply(&text, answers)?,
        Step::Equipment => equipment_reply(&text, answers)?,
        Step::AboutYou => about_reply(&text, answers)?,
        Step::Result => {}
    }
    validate_step(step, answers, today)
}

/// Words next to a grade that make it where the climber is now, not where they want to be:
/// "climbing 6b+ rn", "currently V4", "from 6c to 7a", "my max is 6b", "V3 atm".
const NOW_BEFORE: [&str; 14] = [
    "climbing",
    "climb",
    "climbs",
    "currently",
    "current",
    "now",
    "from",
    "max",
    "hardest",
    "sent",
    "at",
    "onsight",
    "flashed",
    "redpointed",
];
const NOW_AFTER: [&str; 7] = ["rn", "now", "atm", "currently", "today", "max", "tops"];

/// "goal is 7a by june, climbing 6b+ rn": a grade easier than the goal's, named as where the
/// climber is now, fills the level step's empty grade box of its kind, and years climbing
/// said alongside ("climbing 2 years") fill that box, so step 2 only asks what is missing.
/// Nothing is read without such words: "6c by May and 7a by October" is two goals.
fn level_in_goal(text: &str, a: &mut OnboardingAnswers, today: Date) {
    let spans = grades_in(text, Discipline::infer(text));
    let Some(goal) = hardest_grade(&spans).and_then(Grade::ircra) else {
        return;
    };
    let words_of = |s: &str| -> Vec<String> {
        tokenize(s)
            .into_iter()
            .filter_map(|t| match t {
                Tok::Word(w) => Some(w),
                _ => None,
            })
            .collect()
    };
    let now: Vec<&GradeMatch> = spans
        .iter()
        .filter(|m| m.grade.ircra().is_some_and(|g| g < goal))
        .filter(|m| {
            let before = words_of(&text[..m.start]);
            let after = words_of(&text[m.end..]);
            before
                .iter()
                .rev()
                .take(2)
                .any(|w| NOW_BEFORE.contains(&w.as_str()))
                || after
                    .iter()
                    .take(2)
                    .any(|w| NOW_AFTER.contains(&w.as_str()))
        })
        .collect();
    for m in &now {
        let slot = match m.grade.system.is_boulder() {
            true => &mut a.hardest_boulder,
            false => &mut a.hardest_route,
        };
        if slot.trim().is_empty() {
            *slot = grade_text(&m.grade);
        }
    }
    if !now.is_empty() && a.years_climbing.trim().is_empty() {
        if let Some(Ok(y)) = find_years(&without_grades(text, &spans), Some(today), false) {
            a.years_climbing = years_text(y);
        }
    }
}

/// `text` with its grades blanked out, offsets kept ("6b+ for 2 years" is not "6 ... 2").
fn without_grades(text: &str, spans: &[GradeMatch]) -> String {
    let mut rest = text.to_string();
    for m in spans {
        rest.replace_range(m.start..m.end, &" ".repeat(m.end - m.start));
    }
    rest
}

fn level_reply(text: &str, a: &mut OnboardingAnswers, today: Date) -> Result<(), FieldError> {
    let spans = grades_in(text, Discipline::infer(text));
    let (boulders, routes): (Vec<GradeMatch>, Vec<GradeMatch>) = spans
        .iter()
        .cloned()
        .partition(|m| m.grade.system.is_boulder());
    if let Some(g) = hardest_grade(&boulders) {
        a.hardest_boulder = grade_text(g);
    }
    if let Some(g) = hardest_grade(&routes) {
        a.hardest_route = grade_text(g);
    }
    let rest = without_grades(text, &spans);
    let years = find_years(&rest, Some(today), spans.is_empty());
    let confidence = confidence_in(&rest);
    if let Some(c) = confidence {
        a.confidence = c.to_string();
    }
    match years {
        Some(Ok(y)) => a.years_climbing = years_text(y),
        Some(Err(e)) => return Err(e),
        None if spans.is_empty() && confidence.is_none() => {
            return Err(FieldError::new(
                "hardest_boulder",
                "I didn't catch a grade: tell me your hardest boulder and route, and how long \
                 you've been climbing, like \"V5 and 6c, climbing for 3 years\".",
            ))
        }
        None => {}
    }
    Ok(())
}

/// The coach's question for `step` in the chat, given what is already answered: the level
/// step asks only for the years (and the other kind of grade) when the goal reply named the
/// climber's grade ("goal is 7a by june, climbing 6b+ rn"). Otherwise [`Step::question`].
pub fn chat_question(step: Step, a: &OnboardingAnswers) -> String {
    let boulder = a.hardest_boulder.trim();
    let route = a.hardest_route.trim();
    if step != Step::Level || (boulder.is_empty() && route.is_empty()) {
        return step.question().to_string();
    }
    let years = "How long have you been climbing? For example \"3 years\" or \"since 2019\".";
    if !a.years_climbing.trim().is_empty() {
        return step.question().to_string();
    }
    match (boulder.is_empty(), route.is_empty()) {
        (false, false) => format!("Noted: {boulder} bouldering and {route} on routes. {years}"),
        (true, _) => format!(
            "Noted: you climb {route} on routes. {years} If you boulder, add your hardest \
             boulder grade too, like \"V4, 3 years\"."
        ),
        (_, true) => format!(
            "Noted: you boulder {boulder}. {years} If you climb routes, add your hardest \
             route grade too, like \"6c, 3 years\"."
        ),
    }
}

/// "sure" / "roughly" / "guess" from the words of a reply.
fn confidence_in(text: &str) -> Option<&'static str> {
    let t = tokenize(text);
    let words: Vec<&str> = t
        .iter()
        .filter_map(|x| match x {
            Tok::Word(w) => Some(w.as_str()),
            _ => None,
        })
        .collect();
    let has = |options: &[&str]| words.iter().any(|w| options.contains(w));
    let not_sure = words
        .windows(2)
        .any(|w| w == ["not", "sure"] || w == ["no", "idea"]);
    if not_sure || has(&["guess", "guessing", "guessed", "guesstimate", "unsure"]) {
        Some("guess")
    } else if has(&[
        "roughly",
        "approximately",
        "approx",
        "ish",
        "probably",
        "maybe",
    ]) {
        Some("roughly")
    } else if has(&["sure", "certain", "definitely", "confident", "exactly"]) {
        Some("sure")
    } else {
        None
    }
}

fn check_reply(text: &str, a: &mut OnboardingAnswers) -> Result<(), FieldError> {
    let t = tokenize(text);
    if let [Tok::Num { value: kg, .. }] = t.as_slice() {
        a.tests.bodyweight_kg = show(*kg);
        return Ok(());
    }
    if let Some(weight) = find_bodyweight(text) {
        a.tests.bodyweight_kg = weight;
        return Ok(());
    }
    let skip = t.iter().any(|x| {
        matches!(x, Tok::Word(w) if matches!(
            w.as_str(),
            "skip" | "later" | "no" | "nope" | "pass" | "none" | "next" | "rather"
        ))
    });
    if skip {
        return Ok(());
    }
    Err(FieldError::new(
        "tests.bodyweight_kg",
        "Tell me your bodyweight, like \"70 kg\" or \"154 lb\", or say \"skip\". The physical \
         tests are on the onboarding page.",
    ))
}

fn schedule_reply(text: &str, a: &mut OnboardingAnswers) -> Result<(), FieldError> {
    let (days, minutes) = find_schedule(text);
    if days.is_none() && minutes.is_none() {
        return Err(FieldError::new(
            "days_per_week",
            "How many days a week can you train, and for how long? For example \"3 days a \
             week, 90 min\".",
        ));
    }
    let mut first_error = None;
    match days {
        Some(Ok(d)) => a.days_per_week = d.to_string(),
        Some(Err(e)) => first_error = Some(e),
        None => {}
    }
    match minutes {
        Some(Ok(m)) => a.session_length = format!("{m} min"),
        Some(Err(e)) => first_error = first_error.or(Some(e)),
        None => {}
    }
    first_error.map_or(Ok(()), Err)
}

fn about_reply(text: &str, a: &mut OnboardingAnswers) -> Result<(), FieldError> {
    let t = tokenize(text);
    let has = |options: &[&str]| {
        t.iter()
            .any(|x| matches!(x, Tok::Word(w) if options.contains(&w.as_str())))
    };
    let skipping = has(&[
        "skip", "pass", "later", "rather", "prefer", "thanks", "next",
    ]);
    let age = find_age(text, true).transpose()?;
    // "34 years old" says nothing about the hangboard.
    let lower = text
        .to_lowercase()
        .replace("years old", " ")
        .replace("year old", " ");
    let history = if skipping {
        None
    } else {
        find_hangboard_history(&lower)
    };
    if age.is_none() && history.is_none() && !skipping {
        return Err(FieldError::new(
            "hangboard_history",
            "Tell me your age and whether you've trained on a hangboard, like \"34, never\" or \
             \"52, a couple of years\", or say \"skip\".",
        ));
    }
    if let Some(age) = age {
        a.age = age.to_string();
    }
    if let Some(history) = history {
        a.hangboard_history = hangboard_code(Some(history)).to_string();
    }
    Ok(())
}

fn equipment_reply(text: &str, a: &mut OnboardingAnswers) -> Result<(), FieldError> {
    let reply = read_equipment_reply(text);
    if reply.equipment.is_none() && reply.injuries.is_none() {
        return Err(FieldError::new(
            "equipment",
            "What can you train on: gym, board, hangboard, campus board, weights, or \
             \"nothing\"? And any injuries?",
        ));
    }
    if let Some(equipment) = reply.equipment {
        a.equipment = equipment.iter().map(|e| e.code().to_string()).collect();
    }
    if let Some(injuries) = reply.injuries {
        a.injuries = injuries;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assessment::{MaxHang, PullTest};
    use crate::domain::journal::ClimbStyle;
    use crate::domain::training::Equipment;

    fn today() -> Date {
        Date::new(2026, 3, 15).unwrap()
    }

    /// A complete answer set, as leniently as a climber might give it.
    fn lenient() -> OnboardingAnswers {
        OnboardingAnswers {
            goal: "7c by June".into(),
            goal_grade: "".into(),
            target_date: "".into(),
            hardest_boulder: "V5 flash".into(),
            hardest_route: "7a/7a+".into(),
            years_climbing: "3 years".into(),
            confidence: "Roughly".into(),
            tests: TestsInput {
                bodyweight_kg: "154 pounds".into(),
                max_hang_added_kg: "10 lbs".into(),
                max_hang_seconds: "10 s".into(),
                pull_kind: "Max reps".into(),
                pull_value: "12 reps".into(),
                endurance_kind: "".into(),
                endurance_value: "".into(),
                power_kind: "campus reach".into(),
                power_value: "5".into(),
                core_kind: "front-lever".into(),
                core_value: "advanced tuck".into(),
                leg_span_cm: "5'10\"".into(),
            },
            days_per_week: "twice a week".into(),
            session_length: "1h30".into(),
            equipment: vec!["hangboard".into(), "Home wall".into(), "".into()],
            injuries: "None at the moment.".into(),
            age: "i'm 41".into(),
            hangboard_history: "a bit".into(),
        }
    }

    fn err(step: Step, a: &OnboardingAnswers) -> FieldError {
        validate_step(step, a, today()).unwrap_err()
    }

    #[test]
    fn a_lenient_answer_set_becomes_a_valid_assessment() {
        let a = lenient();
        let draft = to_draft(&a, today()).unwrap();
        let b = &draft.background;
        assert_eq!(b.goal_grade, "7c");
        assert_eq!(b.goal_discipline, "route");
        assert_eq!(b.target_date, "2026-06-30");
        assert_eq!(b.hardest_boulder, "V5");
        assert_eq!(b.hardest_boulder_style, "flash");
        assert_eq!(
            b.hardest_route, "7a/7a+",
            "the assessment reads it as typed"
        );
        assert_eq!(b.years_climbing, "3");
        assert_eq!(b.days_per_week, "2");
        assert_eq!(b.session_minutes, "90");
        assert_eq!(b.equipment, vec!["hangboard", "board"]);
        assert_eq!(b.injuries, "");
        let t = &draft.tests;
        assert_eq!(t.bodyweight_kg, "154 lb");
        assert_eq!(t.max_hang_seconds, "10");
        assert_eq!(t.pull_kind, "max_reps");
        assert_eq!(t.pull_value, "12");
        assert_eq!(t.power_kind, "campus_reach");
        assert_eq!(t.core_kind, "front_lever");
        assert_eq!(t.leg_span_cm, "177.8");

        let bg = validate_background(b, today()).unwrap();
        assert_eq!(bg.goal_grade.unwrap().label, "7c");
        assert_eq!(bg.goal_discipline, Discipline::Route);
        assert_eq!(bg.target_date, Date::new(2026, 6, 30));
        let boulder = bg.hardest_boulder.unwrap();
        assert_eq!(
            (boulder.grade.label.as_str(), boulder.style),
            ("V5", ClimbStyle::Flash)
        );
        assert_eq!(bg.hardest_route.unwrap().grade.label, "7a");
        assert_eq!(bg.years_climbing, 3.0);
        assert_eq!((bg.days_per_week, bg.session_minutes), (2, 90));
        assert_eq!(bg.equipment, vec![Equipment::Board, Equipment::Hangboard]);
        assert_eq!(
            (b.age.as_str(), b.hangboard_history.as_str()),
            ("41", "yes")
        );
        assert_eq!((bg.age, bg.hangboard_history), (Some(41), Some(true)));
        let tests = validate_tests(t, today()).unwrap();
        // 154 lb = 69.9 kg; 10 lb = 4.5 kg.
        assert_eq!(tests.bodyweight_kg, Some(69.9));
        assert_eq!(
            tests.max_hang.unwrap().result,
            MaxHang {
                added_kg: 4.5,
                seconds: 10
            }
        );
        assert_eq!(
            tests.pulling.unwrap().result,
            PullTest::MaxReps { reps: 12 }
        );
        assert_eq!(tests.flexibility.unwrap().result.leg_span_cm, 177.8);
        assert!(tests.endurance.is_none(), "blank = skipped");

        let (bg2, tests2) = validate_answers(&a, today()).unwrap();
        assert_eq!(bg2, validate_background(b, today()).unwrap());
        assert_eq!(tests2, validate_tests(t, today()).unwrap());
        for step in Step::ALL {
            assert_eq!(validate_step(step, &a, today()), Ok(()), "{step:?}");
        }
    }

    #[test]
    fn more_lenient_answer_sets_validate() {
        for (goal, boulder, route, years, days, session, leg_span, bodyweight, goal_label) in [
            (
                "my first V5 this year",
                "V4",
                "",
                "six months",
                "3 days",
                "90 min",
                "178 cm",
                "70 kg",
                "V5",
            ),
            (
                "6C+ in 3 months",
                "6c",
                "",
                "1.5",
                "2-3",
                "1.5 h",
                "70 in",
                "70kg",
                "6C+",
            ),
            (
                "5.12a by fall",
                "",
                "5.11c",
                "since 2019",
                "every other day",
                "2 hours",
                "",
                "",
                "5.12a",
            ),
            (
                "UIAA 8- next summer",
                "",
                "VII+",
                "a year and a half",
                "weekends",
                "an hour",
                "5 ft 10 in",
                "68,5",
                "8-",
            ),
            ("get stronger", "V3", "6a", "3", "three", "90", "", "", ""),
        ] {
            let a = OnboardingAnswers {
                goal: goal.into(),
                hardest_boulder: boulder.into(),
                hardest_route: route.into(),
                years_climbing: years.into(),
                days_per_week: days.into(),
                session_length: session.into(),
                tests: TestsInput {
                    bodyweight_kg: bodyweight.into(),
                    leg_span_cm: leg_span.into(),
                    ..TestsInput::default()
                },
                ..OnboardingAnswers::default()
            };
            let (bg, _) = validate_answers(&a, today()).unwrap_or_else(|e| panic!("{goal}: {e:?}"));
            assert_eq!(
                bg.goal_grade.map(|g| g.label).unwrap_or_default(),
                goal_label,
                "{goal}"
            );
        }
    }

    #[test]
    fn each_step_checks_only_its_own_answers() {
        let blank = OnboardingAnswers::default();
        // Blank optional steps pass on their own.
        assert_eq!(validate_step(Step::Check, &blank, today()), Ok(()));
        assert_eq!(validate_step(Step::Equipment, &blank, today()), Ok(()));
        // A complete earlier step passes with every later step blank...
        let goal_only = OnboardingAnswers {
            goal: "7c by June".into(),
            ..blank.clone()
        };
        assert_eq!(validate_step(Step::Goal, &goal_only, today()), Ok(()));
        let level_only = OnboardingAnswers {
            hardest_boulder: "V5".into(),
            years_climbing: "3".into(),
            ..blank.clone()
        };
        assert_eq!(validate_step(Step::Level, &level_only, today()), Ok(()));
        let schedule_only = OnboardingAnswers {
            days_per_week: "3".into(),
            session_length: "90".into(),
            ..blank.clone()
        };
        assert_eq!(
            validate_step(Step::Schedule, &schedule_only, today()),
            Ok(())
        );
        // ... and a broken answer in another step doesn't fail it.
        let broken = OnboardingAnswers {
            days_per_week: "every day".into(),
            tests: TestsInput {
                bodyweight_kg: "900".into(),
                ..TestsInput::default()
            },
            equipment: vec!["rings".into()],
            ..lenient()
        };
        assert_eq!(validate_step(Step::Goal, &broken, today()), Ok(()));
        assert_eq!(validate_step(Step::Level, &broken, today()), Ok(()));
        assert_eq!(err(Step::Check, &broken).field, "tests.bodyweight_kg");
        assert_eq!(err(Step::Schedule, &broken).field, "days_per_week");
        assert_eq!(err(Step::Equipment, &broken).field, "equipment");
        // The result step reports the earliest step's error.
        let e = err(Step::Result, &broken);
        assert_eq!(
            (e.field, step_of_field(e.field)),
            ("tests.bodyweight_kg", Step::Check)
        );
        // Required answers of a step are asked for.
        assert_eq!(err(Step::Goal, &blank).field, "goal");
        assert_eq!(err(Step::Level, &blank).field, "hardest_boulder");
        assert_eq!(err(Step::Schedule, &blank).field, "days_per_week");
        assert_eq!(err(Step::Result, &blank).field, "goal");
    }

    #[test]
    fn step_errors_name_the_answer_fields() {
        let with = |f: &dyn Fn(&mut OnboardingAnswers)| {
            let mut a = lenient();
            f(&mut a);
            a
        };
        for (step, a, field, says) in [
            (
                Step::Goal,
                with(&|a| a.goal = " ".into()),
                "goal",
                "7c by June",
            ),
            (
                Step::Goal,
                with(&|a| a.goal = "x".repeat(2001)),
                "goal",
                "under 2000",
            ),
            // A grade or date read from the goal sentence reports on "goal".
            (
                Step::Goal,
                with(&|a| a.goal = "ewbank 3".into()),
                "goal",
                "below the grade scale",
            ),
            (
                Step::Goal,
                with(&|a| a.goal = "7c by 2030".into()),
                "goal",
                "within 2 years",
            ),
            (
                Step::Goal,
                with(&|a| a.goal_grade = "abc".into()),
                "goal_grade",
                "isn't a grade",
            ),
            (
                Step::Goal,
                with(&|a| a.target_date = "someday".into()),
                "target_date",
                "couldn't read",
            ),
            (
                Step::Goal,
                with(&|a| a.target_date = "2025-01-01".into()),
                "target_date",
                "after today",
            ),
            (
                Step::Level,
                with(&|a| a.hardest_boulder = "5.12a".into()),
                "hardest_boulder",
                "route grade",
            ),
            (
                Step::Level,
                with(&|a| a.hardest_route = "V5 attempt".into()),
                "hardest_route",
                "boulder grade",
            ),
            (
                Step::Level,
                with(&|a| {
                    a.hardest_boulder.clear();
                    a.hardest_route.clear();
                    a.goal = "7c routes".into()
                }),
                "hardest_route",
                "hardest boulder or route",
            ),
            (
                Step::Level,
                with(&|a| a.years_climbing = "".into()),
                "years_climbing",
                "0 is fine",
            ),
            (
                Step::Level,
                with(&|a| a.years_climbing = "abc".into()),
                "years_climbing",
                "six months",
            ),
            (
                Step::Level,
                with(&|a| a.years_climbing = "100".into()),
                "years_climbing",
                "0 to 80",
            ),
            (
                Step::Level,
                with(&|a| a.confidence = "very".into()),
                "confidence",
                "sure, roughly",
            ),
            (
                Step::Check,
                with(&|a| a.tests.leg_span_cm = "10 ft".into()),
                "tests.leg_span_cm",
                "50 and 300",
            ),
            (
                Step::Check,
                with(&|a| a.tests.bodyweight_kg = "".into()),
                "tests.bodyweight_kg",
                "ratio",
            ),
            (
                Step::Check,
                with(&|a| a.tests.max_hang_seconds = "30".into()),
                "tests.max_hang_seconds",
                "5 to 10",
            ),
            (
                Step::Check,
                with(&|a| a.tests.pull_kind = "".into()),
                "tests.pull_kind",
                "Pick how you tested",
            ),
            (
                Step::Schedule,
                with(&|a| a.days_per_week = "every day".into()),
                "days_per_week",
                "rest day",
            ),
            (
                Step::Schedule,
                with(&|a| a.days_per_week = "0".into()),
                "days_per_week",
                "1 to 6",
            ),
            (
                Step::Schedule,
                with(&|a| a.session_length = "10 hours".into()),
                "session_length",
                "30 to 300",
            ),
            (
                Step::Schedule,
                with(&|a| a.session_length = "abc".into()),
                "session_length",
                "like 90 min",
            ),
            (
                Step::Equipment,
                with(&|a| a.equipment = vec!["rings".into()]),
                "equipment",
                "rings",
            ),
            (
                Step::Equipment,
                with(&|a| a.injuries = "x".repeat(501)),
                "injuries",
                "500",
            ),
        ] {
            let e = validate_step(step, &a, today()).unwrap_err();
            assert_eq!(e.field, field, "{step:?} {says}");
            assert!(e.message.contains(says), "{step:?}: {}", e.message);
            assert_eq!(step_of_field(e.field), step, "{field}");
            // The result step finds the same error.
            assert_eq!(validate_step(Step::Result, &a, today()).unwrap_err(), e);
        }
    }

    #[test]
    fn every_field_has_its_step() {
        let answers = [
            ("goal", Step::Goal),
            ("goal_grade", Step::Goal),
            ("target_date", Step::Goal),
            ("hardest_boulder", Step::Level),
            ("hardest_route", Step::Level),
            ("years_climbing", Step::Level),
            ("confidence", Step::Level),
            ("tests", Step::Check),
            ("days_per_week", Step::Schedule),
            ("session_length", Step::Schedule),
            ("equipment", Step::Equipment),
            ("injuries", Step::Equipment),
            ("age", Step::AboutYou),
            ("hangboard_history", Step::AboutYou),
        ];
        for (field, step) in answers {
            assert_eq!(step_of_field(field), step, "{field}");
        }
        // Every answer field is listed (serde names = field names).
        let json = serde_json::to_value(OnboardingAnswers::default()).unwrap();
        let names: Vec<&String> = json.as_object().unwrap().keys().collect();
        assert_eq!(names.len(), answers.len());
        for name in names {
            assert!(answers.iter().any(|(f, _)| f == name), "{name}");
        }
        // The assessment's own names, as validate_background/validate_tests report them.
        for field in [
            "hardest_boulder_style",
            "hardest_route_style",
            "goal_discipline",
            "session_minutes",
        ] {
            assert_ne!(step_of_field(field), Step::Result, "{field}");
        }
        let tests = serde_json::to_value(TestsInput::default()).unwrap();
        for name in tests.as_object().unwrap().keys() {
            assert_eq!(step_of_field(name), Step::Check, "{name}");
            assert_eq!(
                step_of_field(&format!("tests.{name}")),
                Step::Check,
                "{name}"
            );
            assert!(TEST_FIELDS.iter().any(|(f, _)| f == name), "{name}");
        }
        assert_eq!(step_of_field("nonsense"), Step::Result);
        assert_eq!(step_of_field(""), Step::Result);
    }

    #[test]
    fn chat_replies_fill_the_answers() {
        type Check = fn(&OnboardingAnswers) -> bool;
        let cases: Vec<(Step, &str, Check)> = vec![
            (Step::Goal, "7c by June", |a| a.goal == "7c by June"),
            (Step::Goal, "  climb my first V5 this year ", |a| {
                a.goal == "climb my first V5 this year"
            }),
            (Step::Goal, "get stronger", |a| a.goal == "get stronger"),
            (Step::Goal, "6C+ in 3 months", |a| {
                a.goal == "6C+ in 3 months" && a.goal_grade.is_empty()
            }),
            (Step::Level, "V5 and 6c, climbing for 3 years", |a| {
                a.hardest_boulder == "V5" && a.hardest_route == "6c" && a.years_climbing == "3"
            }),
            (Step::Level, "I boulder 6c, 2 years", |a| {
                a.hardest_boulder == "6C" && a.years_climbing == "2"
            }),
            (Step::Level, "V4, V5 sometimes. Six months", |a| {
                a.hardest_boulder == "V5" && a.years_climbing == "0.5"
            }),
            (
                Step::Level,
                "5.12a and V6, since 2020, not sure about the grades",
                |a| {
                    a.hardest_route == "5.12a"
                        && a.hardest_boulder == "V6"
                        && a.years_climbing == "6"
                        && a.confidence == "guess"
                },
            ),
            (Step::Level, "UIAA 8- on rope, a year and a half", |a| {
                a.hardest_route == "UIAA 8-" && a.years_climbing == "1.5"
            }),
            (Step::Level, "7a/7a+ redpoint, 4 yrs, definitely", |a| {
                a.hardest_route == "7a" && a.years_climbing == "4" && a.confidence == "sure"
            }),
            (Step::Level, "6C+ roughly, climbing for 5.5 years", |a| {
                a.hardest_boulder == "6C+"
                    && a.hardest_route.is_empty()
                    && a.years_climbing == "5.5"
                    && a.confidence == "roughly"
            }),
            (Step::Check, "skip", |a| a.tests == TestsInput::default()),
            (Step::Check, "bodyweight 70 kg", |a| {
                a.tests.bodyweight_kg == "70 kg"
            }),
            (Step::Check, "I weigh 154 lbs", |a| {
                a.tests.bodyweight_kg == "154 lb"
            }),
            (Step::Check, "68.5", |a| a.tests.bodyweight_kg == "68.5"),
            (Step::Check, "no thanks, later", |a| {
                a.tests.bodyweight_kg.is_empty()
            }),
            (Step::Schedule, "3 days a week, 90 min", |a| {
                a.days_per_week == "3" && a.session_length == "90 min"
            }),
            (Step::Schedule, "twice a week for 2 hours", |a| {
                a.days_per_week == "2" && a.session_length == "120 min"
            }),
            (Step::Schedule, "every other day, 1h30", |a| {
                a.days_per_week == "3" && a.session_length == "90 min"
            }),
            (Step::Schedule, "weekends, an hour and a half", |a| {
                a.days_per_week == "2" && a.session_length == "90 min"
            }),
            (Step::Schedule, "2-3 times, 60-90 min", |a| {
                a.days_per_week == "2" && a.session_length == "60 min"
            }),
            (Step::Schedule, "4, 75", |a| {
                a.days_per_week == "4" && a.session_length == "75 min"
            }),
            (Step::Equipment, "hangboard and weights, no injuries", |a| {
                a.equipment == ["hangboard", "weights"] && a.injuries.is_empty()
            }),
            (Step::Equipment, "campus board, home wall", |a| {
                a.equipment == ["board", "campus_board"]
            }),
            (Step::Equipment, "nothing", |a| {
                a.equipment.is_empty() && a.injuries.is_empty()
            }),
            (Step::Equipment, "gym and rings, sore left elbow", |a| {
                a.equipment == ["gym"] && a.injuries == "sore left elbow"
            }),
            (
                Step::Equipment,
                "just the gym but my A2 pulley hurts",
                |a| a.equipment == ["gym"] && a.injuries == "my A2 pulley hurts",
            ),
            (Step::Equipment, "fingerboard at home, injury free", |a| {
                a.equipment == ["hangboard"] && a.injuries.is_empty()
            }),
        ];
        assert!(cases.len() >= 25);
        for (step, reply, check) in cases {
            let mut a = OnboardingAnswers::default();
            answer_in_chat(step, reply, &mut a, today())
                .unwrap_or_else(|e| panic!("{reply}: {e:?}"));
            assert!(check(&a), "{reply}: {a:?}");
        }
    }

    #[test]
    fn a_goal_reply_that_names_the_current_grade_fills_the_level() {
        let cases: [(&str, &str, &str, &str); 9] = [
            ("goal is 7a by june, climbing 6b+ rn", "", "6b+", ""),
            ("7a by june, at 6b now", "", "6b", ""),
            ("from V4 to V6 this year", "V4", "", ""),
            ("V3 atm, want V5 by summer", "V3", "", ""),
            ("7a by june, climbing 6b+ for 2 years", "", "6b+", "2"),
            (
                "currently 6c, want 7a, been climbing 18 months",
                "",
                "6c",
                "1.5",
            ),
            // Two goals, a lone goal, and words about the goal grade fill nothing.
            ("6c by May and 7a by October", "", "", ""),
            ("climb 7a by june", "", "", ""),
            ("my first V5, climbing for 3 years", "", "", ""),
        ];
        for (reply, boulder, route, years) in cases {
            let mut a = OnboardingAnswers::default();
            answer_in_chat(Step::Goal, reply, &mut a, today())
                .unwrap_or_else(|e| panic!("{reply}: {e:?}"));
            assert_eq!(
                (
                    a.hardest_boulder.as_str(),
                    a.hardest_route.as_str(),
                    a.years_climbing.as_str()
                ),
                (boulder, route, years),
                "{reply}"
            );
            assert_eq!(a.goal, reply);
        }
        // What the climber already gave is kept.
        let mut a = OnboardingAnswers {
            hardest_route: "6c".into(),
            ..OnboardingAnswers::default()
        };
        answer_in_chat(Step::Goal, "7a by june, climbing 6b+ rn", &mut a, today()).unwrap();
        assert_eq!(a.hardest_route, "6c");
    }

    #[test]
    fn the_level_question_asks_only_what_is_missing() {
        let mut a = OnboardingAnswers::default();
        assert_eq!(chat_question(Step::Level, &a), Step::Level.question());
        a.hardest_route = "6b+".into();
        let q = chat_question(Step::Level, &a);
        assert!(q.starts_with("Noted: you climb 6b+ on routes."), "{q}");
        assert!(q.contains("How long have you been climbing?"), "{q}");
        assert!(q.contains("hardest boulder grade"), "{q}");
        a.hardest_boulder = "V4".into();
        let q = chat_question(Step::Level, &a);
        assert!(
            q.starts_with("Noted: V4 bouldering and 6b+ on routes."),
            "{q}"
        );
        assert!(!q.contains("hardest"), "{q}");
        a.hardest_route.clear();
        assert!(chat_question(Step::Level, &a).contains("If you climb routes"));
        assert_eq!(chat_question(Step::Goal, &a), Step::Goal.question());
        a.years_climbing = "3".into();
        assert_eq!(chat_question(Step::Level, &a), Step::Level.question());
    }

    #[test]
    fn chat_replies_build_on_earlier_answers_and_explain_errors() {
        let mut a = OnboardingAnswers::default();
        // Grades first: years still missing, the grades are kept.
        let e = answer_in_chat(Step::Level, "V5 and 6c", &mut a, today()).unwrap_err();
        assert_eq!(e.field, "years_climbing");
        assert_eq!(
            (a.hardest_boulder.as_str(), a.hardest_route.as_str()),
            ("V5", "6c")
        );
        // A bare number answers "how many years?".
        answer_in_chat(Step::Level, "3", &mut a, today()).unwrap();
        assert_eq!(a.years_climbing, "3");
        assert_eq!(a.hardest_boulder, "V5");
        // Days only, then the length.
        let e = answer_in_chat(Step::Schedule, "3 days a week", &mut a, today()).unwrap_err();
        assert_eq!(e.field, "session_length");
        answer_in_chat(Step::Schedule, "90 minutes", &mut a, today()).unwrap();
        assert_eq!(
            (a.days_per_week.as_str(), a.session_length.as_str()),
            ("3", "90 min")
        );
        // A new goal in chat clears a goal grade typed on the page.
        a.goal_grade = "V9".into();
        answer_in_chat(Step::Goal, "7c by June", &mut a, today()).unwrap();
        assert!(a.goal_grade.is_empty());

        for (step, reply, field, says) in [
            (Step::Goal, "   ", "goal", "7c by June"),
            (Step::Goal, "V5 by 2030", "goal", "within 2 years"),
            (Step::Level, "hmm", "hardest_boulder", "V5 and 6c"),
            (Step::Level, "V5, 100 years", "years_climbing", "0 to 80"),
            (Step::Check, "what?", "tests.bodyweight_kg", "skip"),
            (
                Step::Check,
                "900 kg",
                "tests.bodyweight_kg",
                "between 25 and 250",
            ),
            (
                Step::Schedule,
                "every day, 90 min",
                "days_per_week",
                "rest day",
            ),
            (Step::Schedule, "7 days a week", "days_per_week", "rest day"),
            (
                Step::Schedule,
                "3 days, 10 hours",
                "session_length",
                "30 to 300",
            ),
            (
                Step::Schedule,
                "whenever",
                "days_per_week",
                "3 days a week, 90 min",
            ),
            (Step::Equipment, "hmm", "equipment", "nothing"),
        ] {
            let mut a = OnboardingAnswers::default();
            let e = answer_in_chat(step, reply, &mut a, today()).unwrap_err();
            assert_eq!(e.field, field, "{reply}");
            assert!(e.message.contains(says), "{reply}: {}", e.message);
            assert_eq!(step_of_field(e.field), step, "{reply}");
        }
        // Minutes are kept when the days are refused.
        let mut a = OnboardingAnswers::default();
        let _ = answer_in_chat(Step::Schedule, "every day, 90 min", &mut a, today());
        assert_eq!(a.session_length, "90 min");
    }

    #[test]
    fn a_whole_onboarding_in_chat_validates() {
        let mut a = OnboardingAnswers::default();
        for (step, reply) in [
            (Step::Goal, "my first 7a by the end of the year"),
            (Step::Level, "6b+ and V3, about 2 years"),
            (Step::Check, "skip"),
            (Step::Schedule, "twice a week, 2 hours"),
            (Step::Equipment, "gym and a hangboard, no injuries"),
            (Step::AboutYou, "I'm 55 and I've never used a hangboard"),
            (Step::Result, "ok"),
        ] {
            answer_in_chat(step, reply, &mut a, today())
                .unwrap_or_else(|e| panic!("{reply}: {e:?}"));
        }
        let (bg, tests) = validate_answers(&a, today()).unwrap();
        assert_eq!(bg.goal_grade.unwrap().label, "7a");
        assert_eq!(bg.target_date, Date::new(2026, 12, 31));
        assert_eq!(bg.hardest_route.unwrap().grade.label, "6b+");
        assert_eq!(bg.years_climbing, 2.0);
        assert_eq!((bg.days_per_week, bg.session_minutes), (2, 120));
        assert_eq!(bg.equipment, vec![Equipment::Gym, Equipment::Hangboard]);
        assert_eq!(tests, TestResults::default());
        assert_eq!((bg.age, bg.hangboard_history), (Some(55), Some(false)));
    }

    /// Issue 22: age (optional) and hangboard history, on the page and in the chat.
    #[test]
    fn about_you_is_optional_and_read_leniently() {
        let blank = OnboardingAnswers::default();
        assert_eq!(validate_step(Step::AboutYou, &blank, today()), Ok(()));
        for (reply, age, history) in [
            ("34", "34", ""),
            ("34 yo", "34", ""),
            ("i'm 34", "34", ""),
            ("I’m 34, never", "34", "no"),
            ("34, never", "34", "no"),
            ("52, a couple of years", "52", "yes"),
            ("55 years old", "55", ""),
            ("a bit", "", "yes"),
            ("never", "", "no"),
            ("no", "", "no"),
            ("yes, for 2 years", "", "yes"),
            ("not really, age 61", "61", "no"),
            ("I don't have one, 40", "40", "no"),
            ("skip", "", ""),
            ("rather not say", "", ""),
            ("no thanks", "", ""),
            ("47, skip the rest", "47", ""),
        ] {
            let mut a = OnboardingAnswers::default();
            answer_in_chat(Step::AboutYou, reply, &mut a, today())
                .unwrap_or_else(|e| panic!("{reply}: {e:?}"));
            assert_eq!(
                (a.age.as_str(), a.hangboard_history.as_str()),
                (age, history),
                "{reply}"
            );
        }
        for (reply, field, says) in [
            ("5", "age", "from 8 to 100"),
            ("130", "age", "from 8 to 100"),
            ("I'm 130", "age", "from 8 to 100"),
            ("purple", "hangboard_history", "skip"),
        ] {
            let mut a = OnboardingAnswers::default();
            let e = answer_in_chat(Step::AboutYou, reply, &mut a, today()).unwrap_err();
            assert_eq!(e.field, field, "{reply}");
            assert!(e.message.contains(says), "{reply}: {}", e.message);
            assert_eq!(step_of_field(e.field), Step::AboutYou);
        }
        // The page's boxes: typed words are read, and the draft gets the assessment's codes.
        let a = OnboardingAnswers {
            age: "34 yo".into(),
            hangboard_history: "never".into(),
            ..lenient()
        };
        assert_eq!(validate_step(Step::AboutYou, &a, today()), Ok(()));
        let draft = to_draft(&a, today()).unwrap();
        assert_eq!(draft.background.age, "34");
        assert_eq!(draft.background.hangboard_history, "no");
        let e = validate_step(
            Step::AboutYou,
            &OnboardingAnswers {
                age: "5".into(),
                ..lenient()
            },
            today(),
        )
        .unwrap_err();
        assert_eq!(e.field, "age");
        assert_eq!(
            validate_step(
                Step::Result,
                &OnboardingAnswers {
                    age: "5".into(),
                    ..lenient()
                },
                today()
            )
            .unwrap_err()
            .field,
            "age"
        );
    }

    #[test]
    fn styles_and_extra_words_in_grade_boxes() {
        for (raw, grade, style) in [
            ("V5", "V5", ""),
            ("V5 flash", "V5", "flash"),
            ("flashed V4, maybe V5", "V5", "flash"),
            ("6c onsight", "6C", "onsight"),
            ("around 7A+", "7A+", ""),
        ] {
            assert_eq!(
                hardest_box(raw, Discipline::Boulder),
                (grade.to_string(), style.to_string()),
                "{raw}"
            );
        }
        assert_eq!(
            hardest_box("6c on sight", Discipline::Route),
            ("6c".to_string(), "onsight".to_string())
        );
        for (raw, out) in [
            ("10 s", "10"),
            ("12 reps", "12"),
            ("12 pull-ups", "12"),
            ("-5", "-5"),
            ("advanced tuck", "advanced tuck"),
            ("", ""),
        ] {
            assert_eq!(count_text(raw), out, "{raw}");
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_any_reply(s in "\\PC{0,30}", n in "[-0-9.,:'\" a-z]{0,12}") {
            for step in Step::ALL {
                let mut a = lenient();
                let _ = answer_in_chat(step, &s, &mut a, today());
                let _ = answer_in_chat(step, &n, &mut a, today());
            }
            let a = OnboardingAnswers {
                goal: s.clone(),
                goal_grade: n.clone(),
                target_date: s.clone(),
                hardest_boulder: s.clone(),
                hardest_route: n.clone(),
                years_climbing: n.clone(),
                confidence: s.clone(),
                tests: TestsInput {
                    bodyweight_kg: n.clone(),
                    max_hang_added_kg: s.clone(),
                    max_hang_seconds: n.clone(),
                    pull_value: n.clone(),
                    leg_span_cm: n.clone(),
                    ..lenient().tests
                },
                days_per_week: n.clone(),
                session_length: s.clone(),
                equipment: vec![s.clone()],
                injuries: s.clone(),
                age: n.clone(),
                hangboard_history: s.clone(),
            };
            let _ = to_draft(&a, today());
            let _ = validate_answers(&a, today());
            let _ = summary_of(&a);
        }
    }

    fn summary_of(a: &OnboardingAnswers) -> usize {
        super::super::answers::summary(a).len()
    }
}
