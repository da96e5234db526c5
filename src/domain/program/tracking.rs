//! A saved program and how the climber follows it: sessions done (with RPE and notes),
//! skipped or moved. The rules for those changes live here so the form, the coach's tools and
//! any future client apply the same ones.
use serde::{Deserialize, Serialize};

use super::model::{Exercise, ExerciseKind, FingerLoad, PlannedSession, ProgramPlan};
use super::rules;
use crate::domain::code_enum::code_enum;
use crate::domain::journal::{EntryData, SessionKind, NOTES_MAX_CHARS};
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
    /// Shown, never stored: max-finger work was taken out because pain was logged recently.
    #[serde(default)]
    pub held_for_pain: bool,
}

impl ProgramSession {
    /// A session as generated: on its planned day, not done yet.
    pub fn planned(id: String, program_id: String, position: u32, planned: PlannedSession) -> Self {
        Self {
            id,
            program_id,
            position,
            date: planned.date,
            planned,
            status: SessionStatus::Planned,
            rpe: None,
            notes: String::new(),
            journal_entry_id: None,
            completed_at: None,
            held_for_pain: false,
        }
    }
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

/// Checks moving `session` to `to`: only planned sessions, to a day of the same program week
/// (so each week keeps its sessions, its phase and its rest days), not onto a day that already
/// has a session, and never within 48 h of another max-finger session (DOMAIN.md).
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
    let week = plan
        .weeks
        .iter()
        .find(|w| w.number == session.planned.week)
        .ok_or_else(|| FieldError::new("date", "This session's week is not in the program."))?;
    let week_end = week.starts.add_days(6);
    if to < week.starts || to > week_end {
        return Err(FieldError::new(
            "date",
            format!(
                "Pick a day of the same week ({} to {}): each week's sessions are balanced around its rest days.",
                week.starts, week_end
            ),
        ));
    }
    if to < today {
        return Err(FieldError::new(
            "date",
            "Pick today or a later day: a session can't be planned in the past.",
        ));
    }
    let others = || {
        sessions
            .iter()
            .filter(|s| s.id != session.id && s.status != SessionStatus::Skipped)
    };
    if let Some(other) = others().find(|s| s.date == to) {
        return Err(FieldError::new(
            "date",
            format!(
                "\"{}\" is already on {to}. Pick a free day.",
                other.planned.title
            ),
        ));
    }
    if session.planned.finger_load == FingerLoad::Max {
        let clash = others().find(|s| {
            s.planned.finger_load == FingerLoad::Max
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

/// While pain is recent, upcoming planned sessions lose every exercise an injured climber may
/// not do ([`rules::held_when_injured`]: hangboard, campus, limit and board climbing, maximal
/// attempts, 4x4s) for easy technique climbing, and say why (DOMAIN.md: pain removes
/// max-finger work; the app never diagnoses). The same rule the generator and the checker use
/// for an injured climber, so a held session is what an injured climber's program would hold.
/// The stored plan is untouched, so the work comes back once no pain has been logged for a
/// while.
pub fn hold_finger_work(sessions: &mut [ProgramSession], today: Date, pain_since: Date) {
    for s in sessions
        .iter_mut()
        .filter(|s| s.status == SessionStatus::Planned && s.date >= today)
    {
        let p = &mut s.planned;
        let before = p.exercises.len();
        let freed: u16 = p
            .exercises
            .iter()
            .filter(|e| rules::held_when_injured(e))
            .map(|e| e.minutes)
            .sum();
        p.exercises.retain(|e| !rules::held_when_injured(e));
        if p.exercises.len() == before && p.finger_load != FingerLoad::Max {
            continue;
        }
        p.exercises.push(Exercise {
            kind: ExerciseKind::Technique,
            name: "Easy technique climbing on big holds".into(),
            sets: 1,
            reps: "20-30 min".into(),
            rest: "as needed".into(),
            intensity: "easy and pain-free (RPE 3-4); stop if it hurts".into(),
            why: format!(
                "Replaces the finger-intensive work: you logged pain on {pain_since}. Please have a physio or doctor look at it before you go back to max-finger work."
            ),
            // The time the held work had, so the session's minutes still add up.
            minutes: freed,
        });
        p.finger_load = FingerLoad::Low;
        if matches!(p.journal_kind, SessionKind::Hangboard | SessionKind::Board) {
            p.journal_kind = SessionKind::Other;
        }
        p.title = format!("{} (fingers on hold)", p.title);
        s.held_for_pain = true;
    }
}

/// The next session to do: the earliest planned one from `today` on.
pub fn next_session(sessions: &[ProgramSession], today: Date) -> Option<&ProgramSession> {
    sessions
        .iter()
        .filter(|s| s.status == SessionStatus::Planned && s.date >= today)
        .min_by_key(|s| (s.date, s.position))
}

/// What the chat page shows of the next planned session: its day, title and length. The
/// page needs no more, and the browser then carries no code to read a whole session
/// (exercises, loads, phases) on that page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpcomingSession {
    pub date: Date,
    pub title: String,
    pub minutes: u16,
}

impl From<&ProgramSession> for UpcomingSession {
    fn from(s: &ProgramSession) -> Self {
        Self {
            date: s.date,
            title: s.planned.title.clone(),
            minutes: s.planned.minutes,
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::program::model::{Model, Phase, PlannedWeek};
    use crate::domain::training::Level;

    fn day(d: u8) -> Date {
        Date::new(2027, 1, d).unwrap()
    }

    fn exercise(kind: ExerciseKind) -> Exercise {
        Exercise {
            kind,
            name: kind.label().into(),
            sets: 3,
            reps: "5".into(),
            rest: "3 min".into(),
            intensity: "hard".into(),
            why: "Because.".into(),
            minutes: 10,
        }
    }

    fn session(id: &str, date: Date, load: FingerLoad, kinds: &[ExerciseKind]) -> ProgramSession {
        ProgramSession {
            id: id.into(),
            program_id: "p".into(),
            position: 0,
            date,
            planned: PlannedSession {
                date,
                week: if date < day(25) { 1 } else { 2 },
                phase: Phase::Strength,
                title: format!("Session {id}"),
                minutes: 90,
                finger_load: load,
                journal_kind: SessionKind::Hangboard,
                exercises: kinds.iter().map(|k| exercise(*k)).collect(),
                why: "Why.".into(),
            },
            status: SessionStatus::Planned,
            rpe: None,
            notes: String::new(),
            journal_entry_id: None,
            completed_at: None,
            held_for_pain: false,
        }
    }

    fn plan() -> ProgramPlan {
        ProgramPlan {
            model: Model::RockProdigy,
            level: Level::Advanced,
            start: day(18),
            end: day(31),
            weeks: vec![
                PlannedWeek {
                    number: 1,
                    phase: Phase::Strength,
                    starts: day(18),
                },
                PlannedWeek {
                    number: 2,
                    phase: Phase::Deload,
                    starts: day(25),
                },
            ],
            sessions: Vec::new(),
            focus: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn sessions() -> Vec<ProgramSession> {
        use ExerciseKind::*;
        vec![
            session(
                "mon",
                day(18),
                FingerLoad::Max,
                &[Warmup, Hangboard, LimitBouldering],
            ),
            session("wed", day(20), FingerLoad::Low, &[Warmup, Arc]),
            session("fri", day(22), FingerLoad::Max, &[Warmup, Hangboard]),
        ]
    }

    fn move_to(id: &str, to: Date) -> Result<(), FieldError> {
        let all = sessions();
        let s = all.iter().find(|s| s.id == id).unwrap();
        validate_move(&plan(), &all, s, to, day(15))
    }

    #[test]
    fn a_move_stays_in_its_week_on_a_free_day_and_keeps_48_hours_between_max_days() {
        assert_eq!(move_to("wed", day(21)), Ok(()));
        assert_eq!(move_to("wed", day(24)), Ok(()), "Sunday of the same week");
        assert!(move_to("wed", day(25))
            .unwrap_err()
            .message
            .contains("same week"));
        assert!(move_to("wed", day(22))
            .unwrap_err()
            .message
            .contains("already on"));
        let clash = move_to("fri", day(19)).unwrap_err();
        assert!(clash.message.contains("48 hours"), "{clash}");
        assert_eq!(move_to("fri", day(21)), Ok(()), "Thu is 3 days after Mon");
        assert!(move_to("fri", day(23)).is_ok());
        let all = sessions();
        let past = validate_move(&plan(), &all, &all[1], day(19), day(20)).unwrap_err();
        assert!(past.message.contains("past"), "{past}");
        let mut done = all[1].clone();
        done.status = SessionStatus::Done;
        assert!(validate_move(&plan(), &all, &done, day(21), day(15)).is_err());
    }

    #[test]
    fn recent_pain_takes_finger_intensive_work_out_of_upcoming_sessions_only() {
        let mut all = sessions();
        all[0].status = SessionStatus::Done;
        hold_finger_work(&mut all, day(19), day(18));
        // Done sessions are history; the easy Wednesday is untouched.
        assert!(!all[0].held_for_pain);
        assert_eq!(all[0].planned.exercises.len(), 3);
        assert!(!all[1].held_for_pain);
        assert_eq!(all[1].planned.title, "Session wed");
        let fri = &all[2];
        assert!(fri.held_for_pain);
        assert_eq!(fri.planned.finger_load, FingerLoad::Low);
        assert!(fri
            .planned
            .exercises
            .iter()
            .all(|e| !e.kind.is_finger_intensive()));
        assert!(fri
            .planned
            .exercises
            .last()
            .unwrap()
            .why
            .contains("physio or doctor"));
        assert!(fri.planned.title.ends_with("(fingers on hold)"));
    }

    /// Issue 22 (1): "Board limit problems… maximal (RPE 9-10)" stayed in a held session
    /// because board climbing was not finger-intensive. The hold now uses the injury rule.
    #[test]
    fn pain_holds_board_limit_problems_and_project_attempts_too() {
        use ExerciseKind::*;
        let mut all = vec![session(
            "board",
            day(20),
            FingerLoad::Max,
            &[Warmup, BoardClimbing, Pulling, Intervals],
        )];
        all[0].planned.journal_kind = SessionKind::Board;
        let mut project = exercise(Volume);
        project.intensity = "full redpoint effort".into();
        all[0].planned.exercises.push(project);
        hold_finger_work(&mut all, day(19), day(18));
        let kinds: Vec<ExerciseKind> = all[0].planned.exercises.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, [Warmup, Pulling, Technique]);
        assert_eq!(all[0].planned.journal_kind, SessionKind::Other);
        assert!(all[0]
            .planned
            .exercises
            .iter()
            .all(|e| !rules::held_when_injured(e)));
    }

    #[test]
    fn completion_needs_an_rpe_from_1_to_10_and_is_dated_no_later_than_today() {
        let s = sessions().remove(2);
        let input = |rpe: &str, minutes: &str| CompletionInput {
            rpe: rpe.into(),
            duration_min: minutes.into(),
            notes: " strong ".into(),
        };
        for bad in ["", "0", "11", "7.5", "x"] {
            assert_eq!(
                validate_completion(&input(bad, ""), &s).unwrap_err().field,
                "rpe"
            );
        }
        assert_eq!(
            validate_completion(&input("7", "601"), &s)
                .unwrap_err()
                .field,
            "duration_min"
        );
        let done = validate_completion(&input("7", ""), &s).unwrap();
        assert_eq!(
            (done.rpe, done.duration_min, done.notes.as_str()),
            (7, 90, "strong")
        );
        // Done early (Wednesday for a Friday session): logged on the day it was done.
        let entry = journal_entry_for(&s, &done, day(20));
        assert_eq!(entry.date, day(20));
        assert_eq!(entry.load(), Some(630));
        assert!(entry.notes.starts_with("Program session: Session fri"));
        assert!(entry.notes.ends_with("strong"));
        // Overdue (ticked on Monday for the Friday before): its planned day.
        assert_eq!(journal_entry_for(&s, &done, day(25)).date, day(22));
        let mut skipped = s.clone();
        skipped.status = SessionStatus::Skipped;
        assert!(validate_completion(&input("7", ""), &skipped).is_err());
    }

    #[test]
    fn the_next_session_is_the_earliest_planned_one_from_today() {
        let mut all = sessions();
        assert_eq!(next_session(&all, day(15)).unwrap().id, "mon");
        assert_eq!(next_session(&all, day(19)).unwrap().id, "wed");
        all[1].status = SessionStatus::Skipped;
        assert_eq!(next_session(&all, day(19)).unwrap().id, "fri");
        assert!(next_session(&all, day(23)).is_none());
        // The chat page's summary: the moved day, the title and the length.
        let shown = UpcomingSession::from(next_session(&all, day(19)).unwrap());
        assert_eq!(shown.date, all[2].date);
        assert_eq!(shown.title, all[2].planned.title);
        assert_eq!(shown.minutes, all[2].planned.minutes);
        let view = ProgramView::new(
            Program {
                id: "p".into(),
                assessment_id: None,
                active: true,
                plan: plan(),
                created_at: 0,
                archived_at: None,
            },
            all,
            day(26),
        );
        assert_eq!(
            (view.current_week, view.skipped, view.done),
            (Some(2), 1, 0)
        );
    }
}
