//! The onboarding answers exactly as the climber gave them (page or chat), so that leaving and
//! coming back resumes with their own words. Stored as JSON: fields are only ever added, and
//! every field has a default, so answers saved by an older version still load.
use serde::{Deserialize, Serialize};

use super::steps::Step;
use crate::domain::assessment::TestsInput;

/// The three answers to "how sure are you of those grades?" (stored, not scored).
pub const CONFIDENCE_CODES: [&str; 3] = ["sure", "roughly", "guess"];

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OnboardingAnswers {
    // ---- step 1: goal ----
    /// Free text: "7c by June", "climb my first V5 this year", "get stronger".
    pub goal: String,
    /// Optional; when blank, read from `goal`.
    pub goal_grade: String,
    /// Optional ISO date or words ("by June", "in 3 months", "next summer"); when blank, read
    /// from `goal`.
    pub target_date: String,
    // ---- step 2: level ----
    pub hardest_boulder: String,
    pub hardest_route: String,
    /// "3", "3 years", "six months", "1.5", "since 2019".
    pub years_climbing: String,
    /// One of [`CONFIDENCE_CODES`] or blank: how sure the climber is of those grades.
    pub confidence: String,
    // ---- step 3: a quick physical check (every test optional, blank = skipped) ----
    pub tests: TestsInput,
    // ---- step 4: schedule ----
    /// "3", "3 days", "three", "twice a week", "2-3" (the lower), "every other day" (3),
    /// "weekends" (2).
    pub days_per_week: String,
    /// "90", "90 min", "1.5 h", "1h30", "an hour", "2 hours" (a bare number is minutes).
    pub session_length: String,
    // ---- step 5: equipment ----
    /// [`Equipment`](crate::domain::training::Equipment) codes (labels and words like "home
    /// wall" are read too).
    pub equipment: Vec<String>,
    pub injuries: String,
    // ---- step 6: about you (both optional) ----
    /// "34", "34 yo", "I'm 34"; blank = not telling.
    pub age: String,
    /// "Have you trained on a hangboard before?": "yes", "no" (the page's codes and what the
    /// chat reads from "never", "a bit", "a couple of years"...) or blank.
    pub hangboard_history: String,
}

/// "Your answers so far": one line per step the climber has answered something for, in step
/// order, quoting their own words (nothing is parsed, so it never fails).
pub fn summary(a: &OnboardingAnswers) -> Vec<(Step, String)> {
    let mut out = Vec::new();
    let join = |parts: Vec<String>| parts.join("; ");
    let given = |label: &str, value: &str| {
        let value = value.trim();
        (!value.is_empty()).then(|| format!("{label}: {value}"))
    };

    let goal: Vec<String> = [
        given("Goal", &a.goal),
        given("Goal grade", &a.goal_grade),
        given("Target date", &a.target_date),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !goal.is_empty() {
        out.push((Step::Goal, join(goal)));
    }

    let confidence = match a.confidence.trim().to_ascii_lowercase().as_str() {
        "sure" => "sure of these grades",
        "roughly" => "roughly sure of these grades",
        "guess" => "grades guessed",
        _ => "",
    };
    let level: Vec<String> = [
        given("Hardest boulder", &a.hardest_boulder),
        given("Hardest route", &a.hardest_route),
        given("Years climbing", &a.years_climbing),
        (!confidence.is_empty()).then(|| confidence.to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !level.is_empty() {
        out.push((Step::Level, join(level)));
    }

    let t = &a.tests;
    let tests_done = [
        &t.max_hang_added_kg,
        &t.pull_value,
        &t.endurance_value,
        &t.power_value,
        &t.core_value,
        &t.leg_span_cm,
    ]
    .iter()
    .filter(|v| !v.trim().is_empty())
    .count();
    let mut check: Vec<String> = given("Bodyweight", &t.bodyweight_kg).into_iter().collect();
    if tests_done > 0 {
        check.push(match tests_done {
            1 => "1 test".to_string(),
            n => format!("{n} tests"),
        });
    }
    if !check.is_empty() {
        out.push((Step::Check, join(check)));
    }

    let schedule: Vec<String> = [
        given("Days a week", &a.days_per_week),
        given("Session", &a.session_length),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !schedule.is_empty() {
        out.push((Step::Schedule, join(schedule)));
    }

    let equipment: Vec<&str> = a
        .equipment
        .iter()
        .map(|e| e.trim())
        .filter(|e| !e.is_empty())
        .collect();
    let mut gear: Vec<String> = Vec::new();
    if !equipment.is_empty() {
        let labels: Vec<&str> = equipment
            .iter()
            .map(|e| crate::domain::training::Equipment::from_code(e).map_or(*e, |eq| eq.label()))
            .collect();
        gear.push(format!("Equipment: {}", labels.join(", ")));
    }
    gear.extend(given("Injuries", &a.injuries));
    if !gear.is_empty() {
        out.push((Step::Equipment, join(gear)));
    }

    let history = match super::lenient::find_hangboard_history(&a.hangboard_history) {
        Some(true) => "trained on a hangboard before",
        Some(false) => "never trained on a hangboard",
        None => "",
    };
    let about: Vec<String> = [
        given("Age", &a.age),
        (!history.is_empty()).then(|| history.to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !about.is_empty() {
        out.push((Step::AboutYou, join(about)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_saved_answers_still_load() {
        let a: OnboardingAnswers = serde_json::from_str(r#"{"goal":"7c by June"}"#).unwrap();
        assert_eq!(a.goal, "7c by June");
        assert_eq!(a.tests, TestsInput::default());
        let a: OnboardingAnswers = serde_json::from_str("{}").unwrap();
        assert_eq!(a, OnboardingAnswers::default());
        // Unknown (newer) fields are ignored. (A `tests` object must be whole: `TestsInput`
        // itself has no per-field defaults.)
        let a: OnboardingAnswers =
            serde_json::from_str(r#"{"days_per_week":"3","future":1}"#).unwrap();
        assert_eq!(a.days_per_week, "3");
    }

    #[test]
    fn answers_round_trip_as_json() {
        let a = OnboardingAnswers {
            goal: "V7".into(),
            equipment: vec!["hangboard".into()],
            days_per_week: "twice a week".into(),
            ..OnboardingAnswers::default()
        };
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(serde_json::from_str::<OnboardingAnswers>(&json).unwrap(), a);
    }

    #[test]
    fn summary_lists_answered_steps_in_order() {
        assert!(summary(&OnboardingAnswers::default()).is_empty());
        let a = OnboardingAnswers {
            goal: "7c by June".into(),
            hardest_boulder: "V5".into(),
            years_climbing: "3 years".into(),
            confidence: "roughly".into(),
            tests: TestsInput {
                bodyweight_kg: "70 kg".into(),
                pull_value: "12".into(),
                leg_span_cm: "5'10\"".into(),
                ..TestsInput::default()
            },
            days_per_week: "twice a week".into(),
            session_length: "90 min".into(),
            equipment: vec!["hangboard".into(), "home wall".into()],
            injuries: "none".into(),
            age: "34".into(),
            hangboard_history: "no".into(),
            ..OnboardingAnswers::default()
        };
        let s = summary(&a);
        let steps: Vec<Step> = s.iter().map(|(st, _)| *st).collect();
        assert_eq!(
            steps,
            [
                Step::Goal,
                Step::Level,
                Step::Check,
                Step::Schedule,
                Step::Equipment,
                Step::AboutYou
            ]
        );
        assert_eq!(s[0].1, "Goal: 7c by June");
        assert_eq!(
            s[1].1,
            "Hardest boulder: V5; Years climbing: 3 years; roughly sure of these grades"
        );
        assert_eq!(s[2].1, "Bodyweight: 70 kg; 2 tests");
        assert_eq!(s[3].1, "Days a week: twice a week; Session: 90 min");
        assert_eq!(s[4].1, "Equipment: Hangboard, home wall; Injuries: none");
        assert_eq!(s[5].1, "Age: 34; never trained on a hangboard");
    }
}
