//! A generated training program: phases, dated sessions and their exercises. Stored as JSON,
//! so fields are only ever added (with `#[serde(default)]`), never renamed.
use serde::{Deserialize, Serialize};

use crate::domain::code_enum::code_enum;
use crate::domain::grade::{Discipline, Ircra};
use crate::domain::journal::SessionKind;
use crate::domain::training::{Area, Equipment, Level};
use crate::domain::when::Date;

/// Everything the generator needs; built from the latest assessment and the profile.
/// The same request always yields the same program.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgramRequest {
    /// First day of the program (the generator starts on the following Monday when this is
    /// not one, so weeks line up with the calendar).
    pub start: Date,
    pub level: Level,
    pub current_grade: Option<Ircra>,
    pub goal_discipline: Discipline,
    pub target_date: Option<Date>,
    /// 1-6.
    pub days_per_week: u8,
    pub session_minutes: u16,
    pub equipment: Vec<Equipment>,
    /// Any current injury: no finger-intensive work at all.
    pub injured: bool,
    /// A 10 s bodyweight hang on 20 mm was measured (DOMAIN.md's hangboard prerequisite).
    pub hangboard_ready: bool,
    /// Scored areas where the climber is behind, weakest first.
    pub weaknesses: Vec<Area>,
    /// The test numbers loads and reps are prescribed from (the latest assessment's), so a
    /// retest re-derives them.
    #[serde(default)]
    pub baseline: TestBaseline,
    /// Age in years, when the climber gave it: older climbers get a longer warm-up and more
    /// recovery.
    #[serde(default)]
    pub age: Option<u8>,
    /// "Have you trained on a hangboard before?" `Some(false)`: the first weeks' hangboard
    /// work is submaximal (an introduction) before any max-hang protocol.
    #[serde(default)]
    pub hangboard_history: Option<bool>,
}

/// The assessment numbers a program prescribes from. Every field is optional: an untested
/// quality gets percentages and RPE instead of kilograms and reps.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TestBaseline {
    pub bodyweight_kg: Option<f64>,
    /// Max hang on 20 mm, half crimp.
    pub max_hang: Option<HangBaseline>,
    /// Strict bodyweight pull-ups in one set.
    pub pull_ups: Option<u16>,
    /// Weighted pull-up one-rep max, added kg (negative = assisted).
    pub pull_one_rep_max_added_kg: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HangBaseline {
    /// Added load in kg; negative when load was taken off.
    pub added_kg: f64,
    pub seconds: u8,
}

code_enum!(
    /// The periodization model the generator chose.
    Model {
        Linear => "linear", "Linear progression";
        FourThreeTwoOne => "4321", "Hörst 4-3-2-1";
        RockProdigy => "rock_prodigy", "Rock Prodigy phases";
    }
);

code_enum!(
    /// A training phase (a week belongs to exactly one).
    Phase {
        Base => "base", "Base";
        Skill => "skill", "Skill and volume";
        Strength => "strength", "Strength";
        Power => "power", "Power";
        PowerEndurance => "power_endurance", "Power endurance";
        Performance => "performance", "Performance";
        Deload => "deload", "Deload";
    }
);

code_enum!(
    /// How hard a session is on the fingers. Max sessions need 48 h between them.
    FingerLoad {
        Low => "low", "Low";
        Moderate => "moderate", "Moderate";
        Max => "max", "Max";
    }
);

code_enum!(
    /// What an exercise is, so rules can be checked on it (campus, hangboard…).
    ExerciseKind {
        Warmup => "warmup", "Warm-up";
        Hangboard => "hangboard", "Hangboard";
        Campus => "campus", "Campus board";
        LimitBouldering => "limit_bouldering", "Limit bouldering";
        BoardClimbing => "board_climbing", "Board climbing";
        Intervals => "intervals", "Intervals (4x4s, route laps)";
        Volume => "volume", "Volume climbing";
        Arc => "arc", "ARC (aerobic endurance)";
        Technique => "technique", "Technique drills";
        Pulling => "pulling", "Pulling strength";
        Core => "core", "Core";
        Antagonist => "antagonist", "Antagonists and prehab";
        Mobility => "mobility", "Mobility";
    }
);

impl ExerciseKind {
    /// Hangboard, campus, limit bouldering (DOMAIN.md's finger-intensive load) and board
    /// climbing: limit problems on a steep board on small holds are limit bouldering by
    /// another name, so they count too. The one list of finger-intensive kinds: the injury
    /// rule, the pain hold and the load tracking all read it (see
    /// [`super::rules::held_when_injured`]).
    pub fn is_finger_intensive(self) -> bool {
        matches!(
            self,
            ExerciseKind::Hangboard
                | ExerciseKind::Campus
                | ExerciseKind::LimitBouldering
                | ExerciseKind::BoardClimbing
        )
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Exercise {
    pub kind: ExerciseKind,
    pub name: String,
    pub sets: u8,
    /// "5 hangs of 10 s", "8", "4 laps".
    pub reps: String,
    /// "3 min between sets".
    pub rest: String,
    /// "85-95 % of your max hang", "RPE 7".
    pub intensity: String,
    /// One sentence on why it is in the program.
    pub why: String,
    /// Minutes it takes, rests included; a session's exercises add up to its minutes.
    #[serde(default)]
    pub minutes: u16,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlannedSession {
    pub date: Date,
    /// 1-based week of the program.
    pub week: u8,
    pub phase: Phase,
    pub title: String,
    pub minutes: u16,
    pub finger_load: FingerLoad,
    /// The journal kind a completed session is logged as.
    pub journal_kind: SessionKind,
    pub exercises: Vec<Exercise>,
    pub why: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlannedWeek {
    /// 1-based.
    pub number: u8,
    pub phase: Phase,
    /// The Monday the week starts on.
    pub starts: Date,
}

/// The generator's output.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgramPlan {
    pub model: Model,
    pub level: Level,
    pub start: Date,
    /// Last day (a Sunday).
    pub end: Date,
    pub weeks: Vec<PlannedWeek>,
    /// Chronological.
    pub sessions: Vec<PlannedSession>,
    /// Areas the program emphasises, weakest first.
    pub focus: Vec<Area>,
    /// Plain-language notes: why this model, what was held back (injury, no hangboard yet…).
    pub notes: Vec<String>,
}
