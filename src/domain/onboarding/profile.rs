//! What an onboarding step tells the profile, so that the profile page never asks again: the
//! bodyweight from the physical check, the goal sentence as the profile's goals.
//!
//! Last written wins, without ever letting an old answer overwrite something newer: an
//! onboarding answer is written to the profile when its step is submitted, and only when the
//! profile's value is blank, still the one onboarding wrote before, or the climber has just
//! changed the answer. A bodyweight or goals the climber saved on the profile page afterwards
//! stays until they tell onboarding something new.
use crate::domain::assessment::validate::validate_tests;
use crate::domain::assessment::TestsInput;
use crate::domain::profile::{clean_text, Profile, GOALS_MAX_CHARS};
use crate::domain::when::Date;

use super::answers::OnboardingAnswers;
use super::lenient::{hangboard_code, normalise_load, parse_age, parse_hangboard_history};
use super::steps::Step;

/// A new climber's onboarding starts with what their profile already says (saved there, or
/// by the coach, before onboarding): the bodyweight and the goals. Everything else is blank.
pub fn answers_from_profile(profile: &Profile) -> OnboardingAnswers {
    let mut a = OnboardingAnswers {
        goal: profile.goals.trim().to_string(),
        ..OnboardingAnswers::default()
    };
    if let Some(kg) = profile.bodyweight_kg {
        a.tests.bodyweight_kg = format!("{kg} kg");
    }
    if let Some(age) = profile.age {
        a.age = age.to_string();
    }
    a.hangboard_history = hangboard_code(profile.hangboard_history).to_string();
    a
}

/// The bodyweight answer in kilograms (one decimal, as the profile keeps it); `None` when
/// blank or unreadable.
pub fn bodyweight_kg(answers: &OnboardingAnswers, today: Date) -> Option<f64> {
    let input = TestsInput {
        bodyweight_kg: normalise_load(&answers.tests.bodyweight_kg),
        ..TestsInput::default()
    };
    let kg = validate_tests(&input, today).ok()?.bodyweight_kg?;
    Some((kg * 10.0).round() / 10.0)
}

/// The profile after the climber submitted `step` with `answers` (which replace `previous`),
/// or `None` when it does not change. Call only once the step's answers are valid.
pub fn profile_after_step(
    profile: &Profile,
    step: Step,
    previous: &OnboardingAnswers,
    answers: &OnboardingAnswers,
    today: Date,
) -> Option<Profile> {
    let mut next = profile.clone();
    match step {
        Step::Check => {
            let kg = bodyweight_kg(answers, today)?;
            let changed_now =
                previous.tests.bodyweight_kg.trim() != answers.tests.bodyweight_kg.trim();
            let ours = profile.bodyweight_kg.is_none()
                || profile.bodyweight_kg == bodyweight_kg(previous, today);
            if changed_now || ours {
                next.bodyweight_kg = Some(kg);
            }
        }
        Step::Goal => {
            let goal = clean_text(&answers.goal, true);
            if goal.is_empty() || goal.chars().count() > GOALS_MAX_CHARS {
                return None;
            }
            let current = profile.goals.trim();
            if current.is_empty() || current == clean_text(&previous.goal, true) {
                next.goals = goal;
            }
        }
        Step::AboutYou => {
            // Each answer on its own, like the bodyweight: a blank or unreadable one changes
            // nothing; a value the climber saved on the profile since stays unless they have
            // just changed the answer here.
            let age = |a: &OnboardingAnswers| parse_age(&a.age).ok().flatten();
            if let Some(new) = age(answers) {
                let changed_now = previous.age.trim() != answers.age.trim();
                if changed_now || profile.age.is_none() || profile.age == age(previous) {
                    next.age = Some(new);
                }
            }
            let history = |a: &OnboardingAnswers| {
                parse_hangboard_history(&a.hangboard_history).ok().flatten()
            };
            if let Some(new) = history(answers) {
                let changed_now =
                    previous.hangboard_history.trim() != answers.hangboard_history.trim();
                let ours = profile.hangboard_history.is_none()
                    || profile.hangboard_history == history(previous);
                if changed_now || ours {
                    next.hangboard_history = Some(new);
                }
            }
        }
        _ => {}
    }
    (next != *profile).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::parse_iso("2025-03-10").unwrap()
    }

    fn with_weight(raw: &str) -> OnboardingAnswers {
        OnboardingAnswers {
            tests: TestsInput {
                bodyweight_kg: raw.into(),
                ..TestsInput::default()
            },
            ..OnboardingAnswers::default()
        }
    }

    fn weighing(kg: Option<f64>) -> Profile {
        Profile {
            bodyweight_kg: kg,
            ..Profile::default()
        }
    }

    #[test]
    fn onboarding_starts_from_the_profile() {
        assert_eq!(
            answers_from_profile(&Profile::default()),
            OnboardingAnswers::default()
        );
        let profile = Profile {
            bodyweight_kg: Some(68.5),
            goals: " 7c by June ".into(),
            ..Profile::default()
        };
        let a = answers_from_profile(&profile);
        assert_eq!(a.goal, "7c by June");
        assert_eq!(a.tests.bodyweight_kg, "68.5 kg");
        assert_eq!(
            bodyweight_kg(&a, today()),
            Some(68.5),
            "reads back the same"
        );
        // Submitting the check unchanged leaves the profile as it is.
        assert_eq!(
            profile_after_step(&profile, Step::Check, &a, &a, today()),
            None
        );
    }

    #[test]
    fn about_you_fills_the_profile_without_overwriting_newer_values() {
        let about = |age: &str, history: &str| OnboardingAnswers {
            age: age.into(),
            hangboard_history: history.into(),
            ..OnboardingAnswers::default()
        };
        let blank = Profile::default();
        let p = profile_after_step(
            &blank,
            Step::AboutYou,
            &OnboardingAnswers::default(),
            &about("55 yo", "no"),
            today(),
        )
        .unwrap();
        assert_eq!((p.age, p.hangboard_history), (Some(55), Some(false)));
        // The profile then starts a new onboarding with them.
        let a = answers_from_profile(&p);
        assert_eq!((a.age.as_str(), a.hangboard_history.as_str()), ("55", "no"));
        // Skipped: nothing changes.
        assert_eq!(
            profile_after_step(
                &blank,
                Step::AboutYou,
                &about("", ""),
                &about("", ""),
                today()
            ),
            None
        );
        // Saved on the profile since (56, yes): the unchanged old answers leave it alone...
        let own = Profile {
            age: Some(56),
            hangboard_history: Some(true),
            ..Profile::default()
        };
        let same = about("55", "no");
        assert_eq!(
            profile_after_step(&own, Step::AboutYou, &same, &same, today()),
            None
        );
        // ...and a new answer here wins.
        let p =
            profile_after_step(&own, Step::AboutYou, &same, &about("57", "no"), today()).unwrap();
        assert_eq!((p.age, p.hangboard_history), (Some(57), Some(true)));
    }

    #[test]
    fn reads_the_bodyweight_in_any_unit() {
        assert_eq!(bodyweight_kg(&with_weight("68"), today()), Some(68.0));
        assert_eq!(bodyweight_kg(&with_weight("68 kilos"), today()), Some(68.0));
        assert_eq!(bodyweight_kg(&with_weight("154 lb"), today()), Some(69.9));
        assert_eq!(bodyweight_kg(&with_weight(""), today()), None);
        assert_eq!(bodyweight_kg(&with_weight("heavy"), today()), None);
        assert_eq!(
            bodyweight_kg(&with_weight("900"), today()),
            None,
            "out of range"
        );
    }

    #[test]
    fn the_check_fills_an_empty_profile_bodyweight() {
        let p = profile_after_step(
            &weighing(None),
            Step::Check,
            &OnboardingAnswers::default(),
            &with_weight("68 kg"),
            today(),
        );
        assert_eq!(p.unwrap().bodyweight_kg, Some(68.0));
        // Other steps leave it alone.
        let p = profile_after_step(
            &weighing(None),
            Step::Schedule,
            &OnboardingAnswers::default(),
            &with_weight("68 kg"),
            today(),
        );
        assert_eq!(p, None);
    }

    #[test]
    fn a_bodyweight_saved_on_the_profile_later_is_not_overwritten_by_the_old_answer() {
        // Onboarding wrote 68; the climber then saved 70 on the profile page and submits the
        // check again without changing it.
        let p = profile_after_step(
            &weighing(Some(70.0)),
            Step::Check,
            &with_weight("68"),
            &with_weight("68"),
            today(),
        );
        assert_eq!(p, None);
        // A new answer is newer than the profile: it wins.
        let p = profile_after_step(
            &weighing(Some(70.0)),
            Step::Check,
            &with_weight("68"),
            &with_weight("71"),
            today(),
        );
        assert_eq!(p.unwrap().bodyweight_kg, Some(71.0));
        // The profile still holding onboarding's own value follows it.
        let p = profile_after_step(
            &weighing(Some(68.0)),
            Step::Check,
            &with_weight("68"),
            &with_weight("68"),
            today(),
        );
        assert_eq!(p, None, "unchanged");
    }

    #[test]
    fn a_skipped_bodyweight_changes_nothing() {
        let p = profile_after_step(
            &weighing(Some(70.0)),
            Step::Check,
            &with_weight("68"),
            &with_weight(""),
            today(),
        );
        assert_eq!(p, None);
    }

    #[test]
    fn the_goal_fills_blank_goals_but_never_the_climbers_own_words() {
        let goal = |g: &str| OnboardingAnswers {
            goal: g.into(),
            ..OnboardingAnswers::default()
        };
        let blank = Profile::default();
        let p = profile_after_step(
            &blank,
            Step::Goal,
            &goal(""),
            &goal(" 7c by June "),
            today(),
        )
        .unwrap();
        assert_eq!(p.goals, "7c by June");
        // Changing the onboarding goal follows, while the profile holds the old one.
        let p2 = profile_after_step(&p, Step::Goal, &goal("7c by June"), &goal("8a"), today());
        assert_eq!(p2.unwrap().goals, "8a");
        // Goals written on the profile page stay.
        let own = Profile {
            goals: "Flash V6, stay injury free".into(),
            ..Profile::default()
        };
        assert_eq!(
            profile_after_step(&own, Step::Goal, &goal("7c by June"), &goal("8a"), today()),
            None
        );
    }
}
