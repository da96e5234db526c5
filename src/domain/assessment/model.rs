//! What an assessment holds once validated: the climber's background and their test results.
//! Stored as JSON, so fields are only ever added (with `#[serde(default)]`), never renamed.
use serde::{Deserialize, Serialize};

use crate::domain::code_enum::code_enum;
use crate::domain::grade::{Discipline, Grade};
use crate::domain::journal::ClimbStyle;
use crate::domain::training::Equipment;
use crate::domain::when::Date;

/// A hardest grade with how it was climbed (a flash says more than a 40-session redpoint).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradeWithStyle {
    pub grade: Grade,
    pub style: ClimbStyle,
}

/// Step 1 of the assessment: who the climber is and what they want.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Background {
    pub years_climbing: f32,
    pub hardest_boulder: Option<GradeWithStyle>,
    pub hardest_route: Option<GradeWithStyle>,
    pub goal_discipline: Discipline,
    pub goal_grade: Option<Grade>,
    pub target_date: Option<Date>,
    /// 1-6: programs always keep at least one rest day a week.
    pub days_per_week: u8,
    pub session_minutes: u16,
    /// Sorted, without duplicates.
    pub equipment: Vec<Equipment>,
    /// Current injuries in the climber's words; empty when none. Any text here means the
    /// program holds back all finger-intensive work.
    pub injuries: String,
    /// Optional (asked from issue 22 on; older assessments have none): from 50, longer
    /// warm-ups and more recovery.
    #[serde(default)]
    pub age: Option<u8>,
    /// "Have you trained on a hangboard before?" `None` when not said: weighs in the level,
    /// and a climber new to it starts with submaximal hangs.
    #[serde(default)]
    pub hangboard_history: Option<bool>,
}

/// One test's result and the day it was done (results older than 90 days are flagged stale).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tested<T> {
    pub result: T,
    pub tested_on: Date,
}

/// Max hang: 20 mm edge, half crimp, 5-10 s, both arms.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MaxHang {
    /// Added load in kg; negative when load was taken off with a pulley.
    pub added_kg: f64,
    pub seconds: u8,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
/// Written and read through `wire::PullTestWire` as `{"kind": "snake_case_variant", fields…}`
/// (no buffering, and postcard-ready; see `assessment::wire`).
#[serde(
    into = "super::wire::PullTestWire",
    try_from = "super::wire::PullTestWire"
)]
pub enum PullTest {
    /// Weighted pull-up one-rep max: added kg (negative = assisted).
    OneRepMax { added_kg: f64 },
    /// Strict bodyweight pull-ups in one set.
    MaxReps { reps: u16 },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
/// Written and read through `wire::EnduranceTestWire` as `{"kind": "snake_case_variant", fields…}`
/// (no buffering, and postcard-ready; see `assessment::wire`).
#[serde(
    into = "super::wire::EnduranceTestWire",
    try_from = "super::wire::EnduranceTestWire"
)]
pub enum EnduranceTest {
    /// 7 s on / 3 s off on 20 mm at 60 % of the max-hang load, hangs completed before failure.
    Repeaters { reps: u16 },
    /// Critical force from a force gauge (24 × 7:3 all-out, mean end force), in kg.
    CriticalForce { kg: f64 },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
/// Written and read through `wire::PowerTestWire` as `{"kind": "snake_case_variant", fields…}`
/// (no buffering, and postcard-ready; see `assessment::wire`).
#[serde(
    into = "super::wire::PowerTestWire",
    try_from = "super::wire::PowerTestWire"
)]
pub enum PowerTest {
    /// Campus max reach: highest rung (standard spacing) hit from rung 1, matched start.
    CampusReach { rung: u8 },
    /// Campus max moves: most rungs climbed hand over hand from rung 1.
    MaxMoves { moves: u8 },
}

code_enum!(
    /// Front-lever progression, easiest first.
    FrontLever {
        Tuck => "tuck", "Tuck";
        AdvancedTuck => "advanced_tuck", "Advanced tuck";
        OneLeg => "one_leg", "One leg";
        Straddle => "straddle", "Straddle";
        Full => "full", "Full front lever";
    }
);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
/// Written and read through `wire::CoreTestWire` as `{"kind": "snake_case_variant", fields…}`
/// (no buffering, and postcard-ready; see `assessment::wire`).
#[serde(
    into = "super::wire::CoreTestWire",
    try_from = "super::wire::CoreTestWire"
)]
pub enum CoreTest {
    /// Strict hanging leg raises (toes to bar) in one set.
    LegRaises { reps: u16 },
    /// Hardest front-lever position held for 5 s.
    FrontLever { level: FrontLever },
}

/// Flexibility: recorded only (no sourced norms).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Flexibility {
    /// Side split / leg span, heel to heel, in cm.
    pub leg_span_cm: f64,
}

/// Step 2: the physical tests. Every test is optional: `None` means "not tested" and is shown
/// as such, never as an average.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TestResults {
    /// Needed for every ratio; required as soon as any strength test is given.
    pub bodyweight_kg: Option<f64>,
    pub max_hang: Option<Tested<MaxHang>>,
    pub pulling: Option<Tested<PullTest>>,
    pub endurance: Option<Tested<EnduranceTest>>,
    pub power: Option<Tested<PowerTest>>,
    pub core: Option<Tested<CoreTest>>,
    pub flexibility: Option<Tested<Flexibility>>,
}

/// A saved assessment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub id: String,
    pub taken_on: Date,
    pub background: Background,
    pub tests: TestResults,
    /// Unix milliseconds.
    pub created_at: i64,
}

/// The background form as typed: every field a string, so a stray letter becomes a message
/// next to its box.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackgroundInput {
    pub years_climbing: String,
    pub hardest_boulder: String,
    /// A [`ClimbStyle`] code; empty = redpoint.
    pub hardest_boulder_style: String,
    pub hardest_route: String,
    pub hardest_route_style: String,
    /// "boulder" or "route".
    pub goal_discipline: String,
    pub goal_grade: String,
    /// ISO date or empty.
    pub target_date: String,
    pub days_per_week: String,
    pub session_minutes: String,
    /// [`Equipment`] codes.
    pub equipment: Vec<String>,
    pub injuries: String,
    /// Blank or an age ("34", "34 yo").
    #[serde(default)]
    pub age: String,
    /// "yes", "no" or blank.
    #[serde(default)]
    pub hangboard_history: String,
}

/// The tests form as typed. A blank field means "not tested". `*_kind` picks the variant of
/// a test with two protocols (e.g. pull: "one_rep_max" or "max_reps").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestsInput {
    pub bodyweight_kg: String,
    pub max_hang_added_kg: String,
    pub max_hang_seconds: String,
    pub pull_kind: String,
    pub pull_value: String,
    pub endurance_kind: String,
    pub endurance_value: String,
    pub power_kind: String,
    pub power_value: String,
    pub core_kind: String,
    pub core_value: String,
    pub leg_span_cm: String,
}

/// An assessment in progress (from the form or the coach), saved as typed so that leaving and
/// coming back resumes where the climber stopped.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentDraft {
    pub background: BackgroundInput,
    pub tests: TestsInput,
}
