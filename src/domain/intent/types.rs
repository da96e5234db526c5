//! What the offline coach reads out of a message: the [`Intent`] and its slots.
use serde::{Deserialize, Serialize};

use super::*;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Intent {
    LogSession(SessionLog),
    AskHistory(HistoryQuery),
    /// Start or continue the assessment.
    Assessment,
    Program(ProgramAsk),
    Remember(Fact),
    Help,
    Greeting,
    /// "what's 5.12a in french".
    GradeConvert(GradeQuestion),
    /// "am I overtraining?", "what's my ACWR".
    Load,
    /// "rest day, slept badly, energy 2/5".
    Rest(RestLog),
    /// "log a session": asks for what is missing.
    LogIncomplete(IncompleteLog),
    /// A value nobody can have done, refused in words.
    Refuse(Refusal),
    /// "hung 20mm +20kg for 10s, I weigh 70kg".
    TestResult(HangTest),
    /// "max pullups: 12 reps", "weighted pull up 1RM is +30kg".
    PullResult(PullTest),
    /// "I weigh 72 kg now", in kg.
    Bodyweight(f64),
    /// "what did I tell you about my finger?": the topic.
    Recall(String),
    /// "thanks!", "ok cool".
    SmallTalk(SmallTalk),
    /// "how do I train for overhangs?", "how often shld I hangboard": general training advice.
    Advice(Topic),
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Activity {
    Bouldering,
    Sport,
    Trad,
    TopRope,
    Board,
    Hangboard,
    Campus,
    Strength,
    Endurance,
    /// Yoga, stretching, mobility work.
    Mobility,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Location {
    Gym,
    Outdoor,
    Home,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SendStyle {
    Flash,
    Onsight,
    Redpoint,
    Repeat,
    /// A send with no particular style ("sent", "did", "ticked").
    Send,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Send {
    pub grade: Grade,
    pub count: u32,
    pub style: SendStyle,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionLog {
    pub date: Date,
    pub activity: Activity,
    pub location: Option<Location>,
    pub duration_min: Option<u32>,
    pub sends: Vec<Send>,
    /// Session RPE on the CR-10 scale, 1..=10.
    pub rpe: Option<u8>,
    /// What the climber said about pain, as typed ("left ring finger a bit sore").
    pub pain: Option<String>,
    /// Sleep, energy and mood if the climber said ("slept badly, energy 2/5").
    pub wellness: Wellness,
    /// A bodyweight said along the way ("... and weigh 71kg now btw"), kg.
    pub bodyweight_kg: Option<f64>,
    /// A question asked after the log in the same message ("1h on the board last night, how
    /// many board sessions this month?"): the coach logs, then answers it.
    #[serde(default)]
    pub question: Option<String>,
    /// The whole message, trimmed.
    pub notes: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProgramAsk {
    Show,
    NextSession,
    Create,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryQuery {
    pub period: Period,
    pub grade: Option<Grade>,
    /// "how many ...": the answer is a number.
    pub wants_count: bool,
    /// "my hangboard sessions": only this kind of session. A discipline named only through
    /// its grades ("6C+ boulders") is not a filter: board sessions have boulder sends too.
    pub kind: Option<Activity>,
}

/// Something to keep in the climber's working memory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    /// One of [`WORKING_MEMORY_SECTIONS`].
    pub section: &'static str,
    /// The fact as typed (for "Name", just the name, capitalised).
    pub text: String,
}
