//! A saved program and how the climber follows it: sessions done (with RPE and notes),
//! skipped or moved. The rules for those changes live here so the form, the coach's tools and
//! any future client apply the same ones.
use serde::{Deserialize, Serialize};

use super::model::{FingerLoad, PlannedSession, ProgramPlan};
use crate::domain::code_enum::code_enum;
use crate::domain::journal::{EntryData, NOTES_MAX_CHARS};
use crate::domain::profile::{clean_text, FieldError};
use crate::domain::when::Date;

code_enum!(
    SessionStatus {
        Planned => "planned", "Planned";
        Done => "done", "Done";
        Skipped => "skipped", "Skipped";
    }
);

/// A saved program. `plan.sessions` is empty here: the sessions live in [`ProgramSession`]s,
/// which carry the climber's changes (moved dates, completion).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Program {
    pub id: String,
    pub assessment_id: Option<String>,
    pub active: bool,
    pub plan: ProgramPlan,
    /// Unix milliseconds.
    pub created_at: i64,
    pub archived_at: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgramSession {
    pub id: String,
    pub program_id: String,
    /// Order within the program as generated (stable when a session is moved).
    pub position: u32,
    /// The day it is planned for now (the generated date unless the climber moved it).
    pub date: Date,
    pub planned: PlannedSession,
    pub status: SessionStatus,
    pub rpe: Option<u8>,
    pub notes: String,
    pub journal_entry_id: Option<String>,
    pub completed_at: Option<i64>,
}

/// "Mark done" as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletionInput {
    pub rpe: String,
    /// Blank = the planned minutes.
    pub duration_min: String,
    pub notes: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completion {
    pub rpe: u8,
    pub duration_min: u32,
    pub notes: String,
}

pub fn validate_completion(
    input: &CompletionInput,
    session: &ProgramSession,
) -> Result<Completion, FieldError> {
    if session.status != SessionStatus::Planned {
        return Err(FieldError::new(
            "session",
            format!(
                "This session is already marked {}.",
                session.status.label().to_lowercase()
            ),
        ));
    }
    let rpe = input
        .rpe
        .trim()
        .parse::<u8>()
        .ok()
        .filter(|r| (1..=10).contains(r))
        .ok_or_else(|| {
            FieldError::new(
                "rpe",
                "Rate how hard it felt from 1 (very easy) to 10 (maximal).",
            )
        })?;
    let duration_min = match input.duration_min.trim() {
        "" => u32::from(session.planned.minutes),
        raw => raw
            .parse::<u32>()
            .ok()
            .filter(|m| (1..=600).contains(m))
            .ok_or_else(|| {
                FieldError::new(
                    "duration_min",
                    "Enter how long the session took in minutes (1-600).",
                )
            })?,
    };
    let notes = clean_text(&input.notes, true);
    if notes.chars().count() > NOTES_MAX_CHARS {
        return Err(FieldError::new(
            "notes",
            format!("Keep notes under {NOTES_MAX_CHARS} characters."),
        ));
    }
    Ok(Completion {
        rpe,
        duration_min,
        notes,
    })
}

/// The journal entry a completed session becomes: dated the day it was planned for, or today
/// when it is ticked off early (it was done today, not in the future).
pub fn journal_entry_for(session: &ProgramSession, done: &Completion, today: Date) -> EntryData {
    let p = &session.planned;
    let exercises: Vec<String> = p.exercises.iter().map(|e| e.name.clone()).collect();
    let mut notes = format!("Program session: {} ({}).", p.title, exercises.join(", "));
    if !done.notes.is_empty() {
        notes.push_str("\n\n");
        notes.push_str(&done.notes);
    }
    // Stay inside the journal's notes limit even with a long exercise list.
    let notes: String = notes.chars().take(NOTES_MAX_CHARS).collect();
    EntryData {
        date: session.date.min(today),
        kind: p.journal_kind,
        location: String::new(),
        duration_min: done.duration_min,
        rpe: Some(done.rpe),
        climbs: Vec::new(),
        energy: None,
        sleep: None,
        mood: None,
        pain: Vec::new(),
        notes,
        tags: vec!["program".to_string()],
    }
}

/// Checks moving `session` to `to`: only planned sessions, inside the program, and never
/// within 48 h of another max-finger session (DOMAIN.md).
pub fn validate_move(
    plan: &ProgramPlan,
    sessions: &[ProgramSession],
    session: &ProgramSession,
    to: Date,
    today: Date,
) -> Result<(), FieldError> {
    if session.status != SessionStatus::Planned {
        return Err(FieldError::new(
            "date",
            "Only sessions that are still planned can be moved.",
        ));
    }
    if to < plan.start || to > plan.end {
        return Err(FieldError::new(
            "date",
            format!(
                "Pick a day inside the program ({} to {}).",
                plan.start, plan.end
            ),
        ));
    }
    if to < today {
        return Err(FieldError::new(
            "date",
            "Pick today or a later day: a session can't be planned in the past.",
        ));
    }
    if session.planned.finger_load == FingerLoad::Max {
        let clash = sessions.iter().find(|s| {
            s.id != session.id
                && s.status != SessionStatus::Skipped
                && s.planned.finger_load == FingerLoad::Max
                && (s.date.days_since_epoch() - to.days_since_epoch()).abs() < 2
        });
        if let Some(other) = clash {
            return Err(FieldError::new(
                "date",
                format!(
                    "That puts two max-finger sessions within 48 hours (\"{}\" is on {}). Fingers need two days between them.",
                    other.planned.title, other.date
                ),
            ));
        }
    }
    Ok(())
}

/// The next session to do: the earliest planned one from `today` on.
pub fn next_session(sessions: &[ProgramSession], today: Date) -> Option<&ProgramSession> {
    sessions
        .iter()
        .filter(|s| s.status == SessionStatus::Planned && s.date >= today)
        .min_by_key(|s| (s.date, s.position))
}

/// The programs page: the active program with its sessions and where the climber is in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgramView {
    pub program: Program,
    /// By date, then position.
    pub sessions: Vec<ProgramSession>,
    pub today: Date,
    /// Id of the next planned session from today on.
    pub next: Option<String>,
    /// The program week containing today (1-based), if today is inside the program.
    pub current_week: Option<u8>,
    pub done: usize,
    pub skipped: usize,
}

impl ProgramView {
    pub fn new(program: Program, sessions: Vec<ProgramSession>, today: Date) -> Self {
        let next = next_session(&sessions, today).map(|s| s.id.clone());
        let current_week = program
            .plan
            .weeks
            .iter()
            .find(|w| today >= w.starts && today < w.starts.add_days(7))
            .map(|w| w.number);
        let count = |st| sessions.iter().filter(|s| s.status == st).count();
        let (done, skipped) = (count(SessionStatus::Done), count(SessionStatus::Skipped));
        Self {
            program,
            sessions,
            today,
            next,
            current_week,
            done,
            skipped,
        }
    }
}
