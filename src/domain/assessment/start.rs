//! Where a new assessment starts, so that nothing the climber has told the app is asked again:
//! from their last assessment; without one, from their onboarding answers; and their profile
//! on top (its bodyweight is the one written last: saving the profile, an assessment or the
//! onboarding check all update it). Every field stays editable in the form.
//!
//! Pure: the service loads the three sources and calls [`starting_draft`].
use super::model::{
    Assessment, AssessmentDraft, BackgroundInput, CoreTest, EnduranceTest, PowerTest, PullTest,
    TestsInput,
};
use crate::domain::grade::{Discipline, Grade};
use crate::domain::onboarding::lenient::{grade_text, hangboard_code};
use crate::domain::onboarding::{goal_from_text, to_draft, OnboardingAnswers};
use crate::domain::profile::Profile;
use crate::domain::when::Date;

/// What the app already knows about the climber.
#[derive(Clone, Copy, Debug, Default)]
pub struct Known<'a> {
    /// Their latest assessment, if any.
    pub last: Option<&'a Assessment>,
    /// Their onboarding answers as typed, if they started onboarding.
    pub onboarding: Option<&'a OnboardingAnswers>,
    pub profile: Option<&'a Profile>,
}

/// The draft a new assessment starts from (only used when the climber has no draft of their
/// own in progress): the last assessment's answers, else the onboarding answers, then the
/// profile's bodyweight and goal where those left a blank.
pub fn starting_draft(known: Known<'_>, today: Date) -> AssessmentDraft {
    let mut draft = match (known.last, known.onboarding) {
        (Some(last), _) => from_assessment(last, today),
        (None, Some(answers)) => from_onboarding(answers, today),
        (None, None) => AssessmentDraft::default(),
    };
    if let Some(profile) = known.profile {
        // The profile holds the bodyweight written last, so it wins over an older assessment.
        if let Some(kg) = profile.bodyweight_kg {
            draft.tests.bodyweight_kg = number(kg);
        }
        let b = &mut draft.background;
        // So do the age and the hangboard history (the profile page edits them).
        if let Some(age) = profile.age {
            b.age = age.to_string();
        }
        if profile.hangboard_history.is_some() {
            b.hangboard_history = hangboard_code(profile.hangboard_history).to_string();
        }
        if b.goal_grade.trim().is_empty() && b.target_date.trim().is_empty() {
            let goal = goal_from_text(&profile.goals, today);
            if let Some(grade) = goal.grade {
                b.goal_grade = grade;
                if let Some(d) = goal.discipline {
                    b.goal_discipline = discipline_code(d).into();
                }
            }
            if let Some(date) = goal.target_date.filter(|d| *d > today) {
                b.target_date = date.to_string();
            }
        }
    }
    draft
}

/// A retake starts from the last assessment's background and bodyweight. The physical tests
/// start blank (a result typed now is dated today, so last time's numbers are not carried
/// over as if re-tested) with last time's protocol choices selected. A target date that has
/// passed is left out (the form only takes a future one).
pub fn from_assessment(a: &Assessment, today: Date) -> AssessmentDraft {
    let b = &a.background;
    let t = &a.tests;
    let hardest = |g: &Option<super::model::GradeWithStyle>| match g {
        Some(g) => (grade_box(&g.grade), g.style.code().to_string()),
        None => (String::new(), String::new()),
    };
    let (hardest_boulder, hardest_boulder_style) = hardest(&b.hardest_boulder);
    let (hardest_route, hardest_route_style) = hardest(&b.hardest_route);
    AssessmentDraft {
        background: BackgroundInput {
            years_climbing: number(f64::from(b.years_climbing)),
            hardest_boulder,
            hardest_boulder_style,
            hardest_route,
            hardest_route_style,
            goal_discipline: discipline_code(b.goal_discipline).into(),
            goal_grade: b.goal_grade.as_ref().map(grade_box).unwrap_or_default(),
            target_date: b
                .target_date
                .filter(|d| *d > today)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            days_per_week: b.days_per_week.to_string(),
            session_minutes: b.session_minutes.to_string(),
            equipment: b.equipment.iter().map(|e| e.code().to_string()).collect(),
            injuries: b.injuries.clone(),
            age: b.age.map(|a| a.to_string()).unwrap_or_default(),
            hangboard_history: hangboard_code(b.hangboard_history).to_string(),
        },
        tests: TestsInput {
            bodyweight_kg: t.bodyweight_kg.map(number).unwrap_or_default(),
            pull_kind: t
                .pulling
                .as_ref()
                .map(|p| match p.result {
                    PullTest::OneRepMax { .. } => "one_rep_max",
                    PullTest::MaxReps { .. } => "max_reps",
                })
                .unwrap_or_default()
                .into(),
            endurance_kind: t
                .endurance
                .as_ref()
                .map(|e| match e.result {
                    EnduranceTest::Repeaters { .. } => "repeaters",
                    EnduranceTest::CriticalForce { .. } => "critical_force",
                })
                .unwrap_or_default()
                .into(),
            power_kind: t
                .power
                .as_ref()
                .map(|p| match p.result {
                    PowerTest::CampusReach { .. } => "campus_reach",
                    PowerTest::MaxMoves { .. } => "max_moves",
                })
                .unwrap_or_default()
                .into(),
            core_kind: t
                .core
                .as_ref()
                .map(|c| match c.result {
                    CoreTest::LegRaises { .. } => "leg_raises",
                    CoreTest::FrontLever { .. } => "front_lever",
                })
                .unwrap_or_default()
                .into(),
            ..TestsInput::default()
        },
    }
}

/// The onboarding answers as the assessment form reads them ([`to_draft`]). An answer that
/// cannot be read (onboarding keeps answers as typed, even wrong ones) is left blank rather
/// than losing every other answer with it.
pub fn from_onboarding(answers: &OnboardingAnswers, today: Date) -> AssessmentDraft {
    let mut a = answers.clone();
    // Each round blanks the one answer to_draft refused; there are far fewer answers than this.
    for _ in 0..32 {
        match to_draft(&a, today) {
            Ok(draft) => return draft,
            Err(e) => {
                if !blank_answer(&mut a, e.field) {
                    break;
                }
            }
        }
    }
    AssessmentDraft::default()
}

/// Blanks the answer an error names; false when it names none (or it is already blank).
fn blank_answer(a: &mut OnboardingAnswers, field: &str) -> bool {
    let t = &mut a.tests;
    let slot = match field {
        "goal" => &mut a.goal,
        "goal_grade" => &mut a.goal_grade,
        "target_date" => &mut a.target_date,
        "hardest_boulder" => &mut a.hardest_boulder,
        "hardest_route" => &mut a.hardest_route,
        "years_climbing" => &mut a.years_climbing,
        "confidence" => &mut a.confidence,
        "days_per_week" => &mut a.days_per_week,
        "session_length" => &mut a.session_length,
        "injuries" => &mut a.injuries,
        "age" => &mut a.age,
        "hangboard_history" => &mut a.hangboard_history,
        "equipment" => {
            let had = !a.equipment.is_empty();
            a.equipment.clear();
            return had;
        }
        "tests.bodyweight_kg" => &mut t.bodyweight_kg,
        "tests.max_hang_added_kg" => &mut t.max_hang_added_kg,
        "tests.max_hang_seconds" => &mut t.max_hang_seconds,
        "tests.pull_kind" => &mut t.pull_kind,
        "tests.pull_value" => &mut t.pull_value,
        "tests.endurance_kind" => &mut t.endurance_kind,
        "tests.endurance_value" => &mut t.endurance_value,
        "tests.power_kind" => &mut t.power_kind,
        "tests.power_value" => &mut t.power_value,
        "tests.core_kind" => &mut t.core_kind,
        "tests.core_value" => &mut t.core_value,
        "tests.leg_span_cm" => &mut t.leg_span_cm,
        _ => return false,
    };
    let had = !slot.is_empty();
    slot.clear();
    had
}

/// A grade as its box reads it back in its own system: its label ("V5", "7a", "6C+") when
/// that reads back as the same grade, else with its system named ("UIAA 8-", "Ewbank 24").
fn grade_box(g: &Grade) -> String {
    match Grade::parse_in(&g.label, g.system.discipline()) {
        Ok(back) if back == *g => g.label.clone(),
        _ => grade_text(g),
    }
}

fn discipline_code(d: Discipline) -> &'static str {
    match d {
        Discipline::Boulder => "boulder",
        Discipline::Route => "route",
    }
}

/// 4 → "4", 1.5 → "1.5", 68.25 → "68.25" (at most two decimals, no float noise).
fn number(v: f64) -> String {
    let rounded = (v * 100.0).round() / 100.0;
    format!("{rounded}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::assessment::validate::{validate_background, validate_tests};
    use crate::domain::assessment::TestsInput;

    fn today() -> Date {
        Date::parse_iso("2025-03-10").unwrap()
    }

    fn onboarding() -> OnboardingAnswers {
        OnboardingAnswers {
            goal: "V7 by June".into(),
            hardest_boulder: "V5".into(),
            years_climbing: "4".into(),
            days_per_week: "3".into(),
            session_length: "2 hours".into(),
            equipment: vec!["hangboard".into()],
            tests: TestsInput {
                bodyweight_kg: "68 kg".into(),
                ..TestsInput::default()
            },
            ..OnboardingAnswers::default()
        }
    }

    fn assessed(draft: &AssessmentDraft) -> Assessment {
        Assessment {
            id: "a1".into(),
            taken_on: today(),
            background: validate_background(&draft.background, today()).unwrap(),
            tests: validate_tests(&draft.tests, today()).unwrap(),
            created_at: 0,
        }
    }

    #[test]
    fn nothing_known_is_a_blank_draft() {
        assert_eq!(
            starting_draft(Known::default(), today()),
            AssessmentDraft::default()
        );
    }

    #[test]
    fn onboarding_answers_fill_the_form() {
        let answers = onboarding();
        let d = starting_draft(
            Known {
                onboarding: Some(&answers),
                ..Known::default()
            },
            today(),
        );
        let b = &d.background;
        assert_eq!(b.years_climbing, "4");
        assert_eq!(b.hardest_boulder, "V5");
        assert_eq!(b.days_per_week, "3");
        assert_eq!(b.session_minutes, "120", "2 hours is 120 minutes");
        assert_eq!(b.equipment, ["hangboard"]);
        assert_eq!(b.goal_grade, "V7");
        assert_eq!(b.goal_discipline, "boulder");
        assert_eq!(b.target_date, "2025-06-30");
        assert_eq!(d.tests.bodyweight_kg, "68 kg", "the box reads the unit");
    }

    #[test]
    fn an_unreadable_onboarding_answer_is_left_blank_and_the_rest_kept() {
        let answers = OnboardingAnswers {
            days_per_week: "whenever I can".into(),
            session_length: "forever".into(),
            ..onboarding()
        };
        let d = from_onboarding(&answers, today());
        assert_eq!(d.background.days_per_week, "");
        assert_eq!(d.background.session_minutes, "");
        assert_eq!(d.background.years_climbing, "4");
        assert_eq!(d.background.hardest_boulder, "V5");
        assert_eq!(d.background.equipment, ["hangboard"]);
    }

    #[test]
    fn the_last_assessment_wins_over_onboarding_and_round_trips() {
        let answers = onboarding();
        let mut first = from_onboarding(&answers, today());
        first.background.days_per_week = "4".into();
        first.background.hardest_route = "7a".into();
        first.background.hardest_route_style = "flash".into();
        first.background.injuries = "sore left ring finger".into();
        first.tests.pull_kind = "max_reps".into();
        first.tests.pull_value = "12".into();
        let last = assessed(&first);
        let d = starting_draft(
            Known {
                last: Some(&last),
                onboarding: Some(&answers),
                profile: None,
            },
            today(),
        );
        let b = &d.background;
        assert_eq!(b.days_per_week, "4", "the assessment's, not onboarding's 3");
        assert_eq!(b.session_minutes, "120");
        assert_eq!(b.years_climbing, "4");
        assert_eq!(
            (b.hardest_boulder.as_str(), b.hardest_boulder_style.as_str()),
            ("V5", "redpoint")
        );
        assert_eq!(
            (b.hardest_route.as_str(), b.hardest_route_style.as_str()),
            ("7a", "flash")
        );
        assert_eq!(b.injuries, "sore left ring finger");
        assert_eq!(d.tests.bodyweight_kg, "68");
        // Tests start blank (re-tested today), with last time's protocol chosen.
        assert_eq!(d.tests.pull_value, "");
        assert_eq!(d.tests.pull_kind, "max_reps");
        // Submitted unchanged, the retake validates to the same background.
        let again = validate_background(&d.background, today()).unwrap();
        assert_eq!(again, last.background);
        assert_eq!(
            validate_tests(&d.tests, today()).unwrap().bodyweight_kg,
            Some(68.0)
        );
    }

    #[test]
    fn grades_in_every_system_read_back_in_their_own_box() {
        for (boulder, route) in [
            ("6C+", "5.11d"),
            ("5", "UIAA 8-"),
            ("7A", "6a+"),
            ("V10", "Ewbank 24"),
        ] {
            let input = BackgroundInput {
                years_climbing: "1.5".into(),
                hardest_boulder: boulder.into(),
                hardest_route: route.into(),
                days_per_week: "2".into(),
                session_minutes: "75".into(),
                ..BackgroundInput::default()
            };
            let background = validate_background(&input, today()).unwrap();
            let last = Assessment {
                id: "x".into(),
                taken_on: today(),
                background: background.clone(),
                tests: Default::default(),
                created_at: 0,
            };
            let d = from_assessment(&last, today());
            assert_eq!(d.background.years_climbing, "1.5");
            assert_eq!(
                validate_background(&d.background, today()).unwrap(),
                background,
                "{boulder} / {route}"
            );
        }
    }

    #[test]
    fn a_passed_target_date_is_left_out() {
        let mut first = from_onboarding(&onboarding(), today());
        first.background.target_date = "2025-04-01".into();
        let last = assessed(&first);
        let later = Date::parse_iso("2025-05-01").unwrap();
        assert_eq!(from_assessment(&last, later).background.target_date, "");
        assert_eq!(
            from_assessment(&last, today()).background.target_date,
            "2025-04-01"
        );
    }

    #[test]
    fn the_profile_gives_the_bodyweight_and_a_missing_goal() {
        let profile = Profile {
            bodyweight_kg: Some(70.5),
            goals: "Send 7c by September".into(),
            ..Profile::default()
        };
        // Alone.
        let d = starting_draft(
            Known {
                profile: Some(&profile),
                ..Known::default()
            },
            today(),
        );
        assert_eq!(d.tests.bodyweight_kg, "70.5");
        assert_eq!(d.background.goal_grade, "7c");
        assert_eq!(d.background.goal_discipline, "route");
        assert_eq!(d.background.target_date, "2025-09-30");
        // The profile's bodyweight (written last) wins over the assessment's; a goal the
        // assessment has is kept.
        let last = assessed(&from_onboarding(&onboarding(), today()));
        let d = starting_draft(
            Known {
                last: Some(&last),
                profile: Some(&profile),
                ..Known::default()
            },
            today(),
        );
        assert_eq!(d.tests.bodyweight_kg, "70.5");
        assert_eq!(d.background.goal_grade, "V7");
        assert_eq!(d.background.goal_discipline, "boulder");
    }
}
