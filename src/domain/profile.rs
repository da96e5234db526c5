//! The climber's profile: what they tell the app about themselves, and its validation.
use serde::{Deserialize, Serialize};

pub const DISPLAY_NAME_MAX_CHARS: usize = 60;
pub const GOALS_MAX_CHARS: usize = 2000;
/// Plausible adult and youth climbers; outside this a typo (e.g. grams or pounds) is likely.
pub const BODYWEIGHT_MIN_KG: f64 = 25.0;
pub const BODYWEIGHT_MAX_KG: f64 = 250.0;
/// Ages accepted (optional everywhere): a 5 or a 130 is a typo. Youth climbers train too; the
/// program's age rules start at 50 (`rules::OLDER_CLIMBER_AGE`).
pub const AGE_YEARS: std::ops::RangeInclusive<u8> = 8..=100;

/// Grade system a climber reads boulder problems in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum BoulderGradeSystem {
    /// Hueco "V" scale (V0, V5…).
    #[default]
    V,
    /// Fontainebleau (6A, 7B+…).
    Font,
}

/// Grade system a climber reads routes in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RouteGradeSystem {
    #[default]
    French,
    Yds,
    Uiaa,
    Ewbank,
}

impl BoulderGradeSystem {
    pub const ALL: [Self; 2] = [Self::V, Self::Font];
    pub fn code(self) -> &'static str {
        match self {
            Self::V => "v",
            Self::Font => "font",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::V => "V scale (V0–V17)",
            Self::Font => "Fontainebleau (4–9A)",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

impl RouteGradeSystem {
    pub const ALL: [Self; 4] = [Self::French, Self::Yds, Self::Uiaa, Self::Ewbank];
    pub fn code(self) -> &'static str {
        match self {
            Self::French => "french",
            Self::Yds => "yds",
            Self::Uiaa => "uiaa",
            Self::Ewbank => "ewbank",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::French => "French (6a, 7b+…)",
            Self::Yds => "YDS (5.10a, 5.12c…)",
            Self::Uiaa => "UIAA (VI+, VIII-…)",
            Self::Ewbank => "Ewbank (18, 24…)",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// A saved profile. A climber who never saved one gets `Profile::default()`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub display_name: String,
    pub bodyweight_kg: Option<f64>,
    pub boulder_grades: BoulderGradeSystem,
    pub route_grades: RouteGradeSystem,
    pub goals: String,
    /// Optional: older climbers get longer warm-ups and more recovery.
    #[serde(default)]
    pub age: Option<u8>,
    /// "Have you trained on a hangboard before?" `None` until the climber says.
    #[serde(default)]
    pub hangboard_history: Option<bool>,
}

/// The profile form exactly as typed: every field a string, so that a stray letter in the
/// bodyweight box becomes a message next to that box instead of a failed request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProfileInput {
    pub display_name: String,
    pub bodyweight_kg: String,
    pub boulder_grades: String,
    pub route_grades: String,
    pub goals: String,
    /// Blank, or an age as typed ("34", "34 yo").
    #[serde(default)]
    pub age: String,
    /// "yes", "no" or blank (words like "a bit" or "never" are read too).
    #[serde(default)]
    pub hangboard_history: String,
}

/// A field the climber has to fix, with a message for them.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

/// Removes control characters (other than newlines in multi-line text) and trims.
pub fn clean_text(raw: &str, keep_newlines: bool) -> String {
    raw.chars()
        .filter(|c| !c.is_control() || (keep_newlines && (*c == '\n' || *c == '\t')))
        .collect::<String>()
        .trim()
        .to_string()
}

pub fn validate_profile(input: &ProfileInput) -> Result<Profile, FieldError> {
    let display_name = clean_text(&input.display_name, false);
    if display_name.chars().count() > DISPLAY_NAME_MAX_CHARS {
        return Err(FieldError::new(
            "display_name",
            format!("Keep your name under {DISPLAY_NAME_MAX_CHARS} characters."),
        ));
    }
    let bodyweight_kg = parse_bodyweight(&input.bodyweight_kg)?;
    let boulder_grades =
        BoulderGradeSystem::from_code(input.boulder_grades.trim()).ok_or_else(|| {
            FieldError::new(
                "boulder_grades",
                "Choose a boulder grade system from the list.",
            )
        })?;
    let route_grades = RouteGradeSystem::from_code(input.route_grades.trim()).ok_or_else(|| {
        FieldError::new("route_grades", "Choose a route grade system from the list.")
    })?;
    let goals = clean_text(&input.goals, true);
    if goals.chars().count() > GOALS_MAX_CHARS {
        return Err(FieldError::new(
            "goals",
            format!("Keep your goals under {GOALS_MAX_CHARS} characters."),
        ));
    }
    let age = crate::domain::onboarding::lenient::parse_age(&input.age)?;
    let hangboard_history =
        crate::domain::onboarding::lenient::parse_hangboard_history(&input.hangboard_history)?;
    Ok(Profile {
        display_name,
        bodyweight_kg,
        boulder_grades,
        route_grades,
        goals,
        age,
        hangboard_history,
    })
}

/// Empty means "not telling"; otherwise kilograms, with a comma or a dot as decimal mark.
fn parse_bodyweight(raw: &str) -> Result<Option<f64>, FieldError> {
    let raw = raw.trim().trim_end_matches("kg").trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let value: f64 = raw.replace(',', ".").parse().map_err(|_| {
        FieldError::new(
            "bodyweight_kg",
            "Enter your bodyweight as a number of kilograms, like 68.5.",
        )
    })?;
    if !value.is_finite() || !(BODYWEIGHT_MIN_KG..=BODYWEIGHT_MAX_KG).contains(&value) {
        return Err(FieldError::new(
            "bodyweight_kg",
            format!(
                "Bodyweight must be between {BODYWEIGHT_MIN_KG:.0} and {BODYWEIGHT_MAX_KG:.0} kg."
            ),
        ));
    }
    // One decimal is all a bathroom scale gives; more would only be noise in load ratios.
    Ok(Some((value * 10.0).round() / 10.0))
}

impl Profile {
    /// The form values that show this profile, so the page can pre-fill its fields.
    pub fn to_input(&self) -> ProfileInput {
        ProfileInput {
            display_name: self.display_name.clone(),
            bodyweight_kg: self
                .bodyweight_kg
                .map(|w| format!("{w}"))
                .unwrap_or_default(),
            boulder_grades: self.boulder_grades.code().to_string(),
            route_grades: self.route_grades.code().to_string(),
            goals: self.goals.clone(),
            age: self.age.map(|a| a.to_string()).unwrap_or_default(),
            hangboard_history: hangboard_code(self.hangboard_history).to_string(),
        }
    }
}

/// The code the forms and the assessment keep for a hangboard answer: "yes", "no" or "".
/// Here rather than in the onboarding reader, which never reaches the browser.
pub fn hangboard_code(history: Option<bool>) -> &'static str {
    match history {
        Some(true) => "yes",
        Some(false) => "no",
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ProfileInput {
        ProfileInput {
            display_name: "  Alex Honnold ".into(),
            bodyweight_kg: "68,46".into(),
            boulder_grades: "font".into(),
            route_grades: "yds".into(),
            goals: "Send 7c by June\n".into(),
            age: "i'm 34".into(),
            hangboard_history: "a bit".into(),
        }
    }

    #[test]
    fn age_and_hangboard_history_are_optional_and_read_leniently() {
        let p = validate_profile(&input()).unwrap();
        assert_eq!((p.age, p.hangboard_history), (Some(34), Some(true)));
        assert_eq!(p.to_input().age, "34");
        assert_eq!(p.to_input().hangboard_history, "yes");
        for (age, history, expect) in [
            ("", "", (None, None)),
            ("34", "no", (Some(34), Some(false))),
            ("34 yo", "never", (Some(34), Some(false))),
            ("55 years old", "couple of years", (Some(55), Some(true))),
            ("age: 61", "yes", (Some(61), Some(true))),
        ] {
            let p = validate_profile(&ProfileInput {
                age: age.into(),
                hangboard_history: history.into(),
                ..input()
            })
            .unwrap();
            assert_eq!((p.age, p.hangboard_history), expect, "{age} / {history}");
        }
        for raw in ["5", "130", "-34", "old", "thirty"] {
            let e = validate_profile(&ProfileInput {
                age: raw.into(),
                ..input()
            })
            .unwrap_err();
            assert_eq!(e.field, "age", "{raw}");
            assert!(
                e.message.contains("8 to 100") || e.message.contains("like 34"),
                "{raw}: {}",
                e.message
            );
        }
        let e = validate_profile(&ProfileInput {
            hangboard_history: "purple".into(),
            ..input()
        })
        .unwrap_err();
        assert_eq!(e.field, "hangboard_history");
    }

    #[test]
    fn valid_profile_is_cleaned() {
        let p = validate_profile(&input()).unwrap();
        assert_eq!(p.display_name, "Alex Honnold");
        assert_eq!(p.bodyweight_kg, Some(68.5));
        assert_eq!(p.boulder_grades, BoulderGradeSystem::Font);
        assert_eq!(p.route_grades, RouteGradeSystem::Yds);
        assert_eq!(p.goals, "Send 7c by June");
    }

    #[test]
    fn round_trips_through_form_values() {
        let p = validate_profile(&input()).unwrap();
        assert_eq!(validate_profile(&p.to_input()).unwrap(), p);
        let d = Profile::default();
        assert_eq!(validate_profile(&d.to_input()).unwrap(), d);
    }

    #[test]
    fn bodyweight_is_optional_but_must_be_plausible() {
        for (raw, expect) in [
            ("", None),
            ("  ", None),
            ("70", Some(70.0)),
            ("70 kg", Some(70.0)),
            ("55.04", Some(55.0)),
        ] {
            let p = validate_profile(&ProfileInput {
                bodyweight_kg: raw.into(),
                ..input()
            })
            .unwrap();
            assert_eq!(p.bodyweight_kg, expect, "{raw}");
        }
        for raw in ["abc", "-70", "0", "24.9", "250.1", "7000", "NaN", "inf"] {
            let e = validate_profile(&ProfileInput {
                bodyweight_kg: raw.into(),
                ..input()
            })
            .unwrap_err();
            assert_eq!(e.field, "bodyweight_kg", "{raw}");
        }
    }

    #[test]
    fn unknown_grade_systems_are_refused() {
        let e = validate_profile(&ProfileInput {
            boulder_grades: "hueco".into(),
            ..input()
        })
        .unwrap_err();
        assert_eq!(e.field, "boulder_grades");
        let e = validate_profile(&ProfileInput {
            route_grades: "".into(),
            ..input()
        })
        .unwrap_err();
        assert_eq!(e.field, "route_grades");
    }

    #[test]
    fn long_text_is_refused_and_control_characters_dropped() {
        let e = validate_profile(&ProfileInput {
            display_name: "x".repeat(61),
            ..input()
        })
        .unwrap_err();
        assert_eq!(e.field, "display_name");
        let e = validate_profile(&ProfileInput {
            goals: "x".repeat(2001),
            ..input()
        })
        .unwrap_err();
        assert_eq!(e.field, "goals");
        let p = validate_profile(&ProfileInput {
            display_name: "Al\u{0}ex\u{7}".into(),
            ..input()
        })
        .unwrap();
        assert_eq!(p.display_name, "Alex");
    }

    #[test]
    fn every_system_code_parses_back() {
        for s in BoulderGradeSystem::ALL {
            assert_eq!(BoulderGradeSystem::from_code(s.code()), Some(s));
        }
        for s in RouteGradeSystem::ALL {
            assert_eq!(RouteGradeSystem::from_code(s.code()), Some(s));
        }
    }
}
