//! A coach's proposed change to an athlete's program (issue 21): a new program generated from
//! the athlete's latest assessment, or sessions of the active program moved or skipped. The
//! athlete accepts or declines; nothing replaces the active program without that. The rules
//! here are the ones the athlete's own changes follow (`tracking::validate_move`).
use serde::{Deserialize, Serialize};

use super::model::ProgramPlan;
use super::tracking::{validate_move, ProgramSession, SessionStatus};
use crate::domain::code_enum::code_enum;
use crate::domain::profile::{clean_text, FieldError};
use crate::domain::when::Date;

code_enum!(
    ProposalKind {
        Generate => "generate", "A new program";
        Edit => "edit", "Sessions moved or skipped";
    }
);

code_enum!(
    ProposalStatus {
        Pending => "pending", "Waiting for the athlete";
        Accepted => "accepted", "Accepted";
        Declined => "declined", "Declined";
        Withdrawn => "withdrawn", "Replaced by a newer proposal";
    }
);

/// The coach's note, at most this many characters.
pub const NOTE_MAX_CHARS: usize = 500;
/// Changes one edit proposal may carry.
pub const MAX_CHANGES: usize = 30;

/// The proposed program, stored whole (as JSON, like the program store's plan and sessions).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposedProgram {
    /// The assessment a generated program comes from.
    pub assessment_id: Option<String>,
    /// `sessions` empty, as in a saved [`super::tracking::Program`].
    pub plan: ProgramPlan,
    pub sessions: Vec<ProgramSession>,
}

/// One change of the coach's editor, as sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionChange {
    pub session_id: String,
    /// "move" or "skip".
    pub action: String,
    /// YYYY-MM-DD, for a move.
    #[serde(default)]
    pub date: String,
}

pub fn validate_note(raw: &str) -> Result<String, FieldError> {
    let note = clean_text(raw, true);
    if note.chars().count() > NOTE_MAX_CHARS {
        return Err(FieldError::new(
            "note",
            format!("Keep the note under {NOTE_MAX_CHARS} characters."),
        ));
    }
    Ok(note)
}

/// Applies the coach's changes to the active program's sessions, in order, each checked
/// against the program as it stands after the ones before: only the program's own sessions,
/// only planned ones, moved within their week, not into the past, not onto a busy day, never
/// two max-finger days within 48 h. Returns every session, changed or not.
pub fn apply_changes(
    plan: &ProgramPlan,
    sessions: &[ProgramSession],
    changes: &[SessionChange],
    today: Date,
) -> Result<Vec<ProgramSession>, FieldError> {
    if changes.is_empty() {
        return Err(FieldError::new(
            "changes",
            "Pick a session to move or skip first.",
        ));
    }
    if changes.len() > MAX_CHANGES {
        return Err(FieldError::new(
            "changes",
            format!("Propose at most {MAX_CHANGES} changes at once."),
        ));
    }
    let mut out = sessions.to_vec();
    for change in changes {
        let i = out
            .iter()
            .position(|s| s.id == change.session_id)
            .ok_or_else(|| {
                FieldError::new("session", "That session isn't in their active program.")
            })?;
        let session = out[i].clone();
        match change.action.as_str() {
            "skip" => {
                if session.status != SessionStatus::Planned {
                    return Err(FieldError::new(
                        "session",
                        format!(
                            "\"{}\" is already {}: only planned sessions can be skipped.",
                            session.planned.title,
                            session.status.label().to_lowercase()
                        ),
                    ));
                }
                out[i].status = SessionStatus::Skipped;
            }
            "move" => {
                let to = Date::parse_iso(change.date.trim())
                    .ok_or_else(|| FieldError::new("date", "Pick a day (YYYY-MM-DD)."))?;
                if to == session.date {
                    return Err(FieldError::new(
                        "date",
                        format!("\"{}\" is already on {to}.", session.planned.title),
                    ));
                }
                validate_move(plan, &out, &session, to, today)?;
                out[i].date = to;
            }
            _ => return Err(FieldError::new("action", "Choose move or skip.")),
        }
    }
    Ok(out)
}

/// A short fingerprint of a program's sessions as they are (id, day, status): an edit
/// proposal made against one state is refused once the athlete's program has changed.
pub fn fingerprint(sessions: &[ProgramSession]) -> String {
    let mut sorted: Vec<&ProgramSession> = sessions.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    // FNV-1a, 64 bits: not a security boundary (the store rechecks in its transaction).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for s in sorted {
        for b in format!("{}|{}|{};", s.id, s.date, s.status.code()).bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}:{}", sessions.len())
}

/// Moves a generated program forward by whole weeks (weekdays kept) so that it doesn't start
/// before `today`: a proposal accepted a few days after it was made.
pub fn shift_to(program: &mut ProposedProgram, today: Date) {
    let behind = today.days_since_epoch() - program.plan.start.days_since_epoch();
    if behind <= 0 {
        return;
    }
    let days = (behind + 6) / 7 * 7;
    let p = &mut program.plan;
    p.start = p.start.add_days(days);
    p.end = p.end.add_days(days);
    for w in &mut p.weeks {
        w.starts = w.starts.add_days(days);
    }
    for s in &mut program.sessions {
        s.date = s.date.add_days(days);
        s.planned.date = s.planned.date.add_days(days);
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovedSession {
    pub title: String,
    pub from: Date,
    pub to: Date,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedSession {
    pub title: String,
    pub date: Date,
}

/// What the change does, in numbers the athlete can check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalSummary {
    /// None without an active program.
    pub weeks_before: Option<usize>,
    pub weeks_after: usize,
    pub sessions_before: Option<usize>,
    pub sessions_after: usize,
    pub start: Date,
    pub end: Date,
    /// Edits: sessions on another day; skipped ones.
    pub moved: Vec<MovedSession>,
    pub skipped: Vec<SkippedSession>,
}

pub fn summarize(
    current: Option<(&ProgramPlan, &[ProgramSession])>,
    proposed: &ProposedProgram,
) -> ProposalSummary {
    let mut moved = Vec::new();
    let mut skipped = Vec::new();
    if let Some((_, before)) = current {
        for s in &proposed.sessions {
            let Some(old) = before.iter().find(|o| o.id == s.id) else {
                continue;
            };
            if s.status == SessionStatus::Skipped && old.status != SessionStatus::Skipped {
                skipped.push(SkippedSession {
                    title: s.planned.title.clone(),
                    date: old.date,
                });
            } else if s.date != old.date {
                moved.push(MovedSession {
                    title: s.planned.title.clone(),
                    from: old.date,
                    to: s.date,
                });
            }
        }
    }
    ProposalSummary {
        weeks_before: current.map(|(p, _)| p.weeks.len()),
        weeks_after: proposed.plan.weeks.len(),
        sessions_before: current.map(|(_, s)| s.len()),
        sessions_after: proposed.sessions.len(),
        start: proposed.plan.start,
        end: proposed.plan.end,
        moved,
        skipped,
    }
}

/// A proposal as the coach and the athlete see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalView {
    pub id: String,
    pub coach_name: String,
    pub note: String,
    pub kind: ProposalKind,
    pub status: ProposalStatus,
    pub created_at: i64,
    pub decided_at: Option<i64>,
    pub summary: ProposalSummary,
    /// An edit proposal whose program has changed since (accepting it is refused).
    pub stale: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::journal::SessionKind;
    use crate::domain::program::model::{FingerLoad, Model, Phase, PlannedSession, PlannedWeek};
    use crate::domain::training::Level;

    fn d(day: u8) -> Date {
        Date::new(2026, 5, day).unwrap()
    }

    fn plan() -> ProgramPlan {
        ProgramPlan {
            model: Model::FourThreeTwoOne,
            level: Level::Intermediate,
            start: d(4),
            end: d(17),
            weeks: vec![
                PlannedWeek {
                    number: 1,
                    phase: Phase::Skill,
                    starts: d(4),
                },
                PlannedWeek {
                    number: 2,
                    phase: Phase::Skill,
                    starts: d(11),
                },
            ],
            sessions: Vec::new(),
            focus: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn session(id: &str, day: u8, week: u8, load: FingerLoad) -> ProgramSession {
        let planned = PlannedSession {
            date: d(day),
            week,
            phase: Phase::Skill,
            title: format!("S{id}"),
            minutes: 60,
            finger_load: load,
            journal_kind: SessionKind::Bouldering,
            exercises: Vec::new(),
            why: String::new(),
        };
        ProgramSession::planned(id.into(), "p".into(), 0, planned)
    }

    fn change(id: &str, action: &str, date: &str) -> SessionChange {
        SessionChange {
            session_id: id.into(),
            action: action.into(),
            date: date.into(),
        }
    }

    fn sessions() -> Vec<ProgramSession> {
        vec![
            session("a", 5, 1, FingerLoad::Max),
            session("b", 7, 1, FingerLoad::Low),
            session("c", 12, 2, FingerLoad::Max),
        ]
    }

    #[test]
    fn moves_and_skips_within_the_rules() {
        let out = apply_changes(
            &plan(),
            &sessions(),
            &[change("b", "move", "2026-05-08"), change("c", "skip", "")],
            d(4),
        )
        .unwrap();
        assert_eq!(out[1].date, d(8));
        assert_eq!(out[2].status, SessionStatus::Skipped);
        let s = summarize(
            Some((&plan(), &sessions())),
            &ProposedProgram {
                assessment_id: None,
                plan: plan(),
                sessions: out,
            },
        );
        assert_eq!(s.moved.len(), 1);
        assert_eq!(s.skipped.len(), 1);
        assert_eq!((s.sessions_before, s.sessions_after), (Some(3), 3));
    }

    #[test]
    fn refuses_what_the_athlete_could_not_do_either() {
        let p = plan();
        let s = sessions();
        let err = |c: SessionChange| apply_changes(&p, &s, &[c], d(4)).unwrap_err();
        assert_eq!(err(change("zzz", "skip", "")).field, "session");
        // Out of its week.
        assert_eq!(err(change("b", "move", "2026-05-12")).field, "date");
        // Onto a busy day.
        assert_eq!(err(change("b", "move", "2026-05-05")).field, "date");
        // Max-finger within 48 h of another.
        let mut with_max = s.clone();
        with_max.push(session("d", 10, 1, FingerLoad::Max));
        assert_eq!(
            apply_changes(&p, &with_max, &[change("a", "move", "2026-05-09")], d(4))
                .unwrap_err()
                .field,
            "date"
        );
        assert_eq!(err(change("a", "jump", "")).field, "action");
        assert_eq!(err(change("b", "move", "nope")).field, "date");
        assert!(apply_changes(&p, &s, &[], d(4)).is_err());
        // Into the past.
        assert_eq!(
            apply_changes(&p, &s, &[change("b", "move", "2026-05-06")], d(7))
                .unwrap_err()
                .field,
            "date"
        );
        // Already skipped.
        let mut done = s.clone();
        done[1].status = SessionStatus::Skipped;
        assert!(apply_changes(&p, &done, &[change("b", "skip", "")], d(4)).is_err());
    }

    #[test]
    fn fingerprint_follows_dates_and_statuses() {
        let s = sessions();
        let mut t = s.clone();
        assert_eq!(fingerprint(&s), fingerprint(&t));
        t[0].status = SessionStatus::Done;
        assert_ne!(fingerprint(&s), fingerprint(&t));
    }

    #[test]
    fn a_late_accept_moves_the_program_by_whole_weeks() {
        let mut p = ProposedProgram {
            assessment_id: None,
            plan: plan(),
            sessions: sessions(),
        };
        shift_to(&mut p, d(6));
        assert_eq!(p.plan.start, d(11));
        assert_eq!(p.sessions[0].date, d(12));
        assert_eq!(p.plan.weeks[1].starts, d(18));
        shift_to(&mut p, d(6));
        assert_eq!(p.plan.start, d(11));
    }

    #[test]
    fn notes_are_bounded() {
        assert!(validate_note(&"x".repeat(NOTE_MAX_CHARS + 1)).is_err());
        assert_eq!(validate_note("  hi \u{7}").unwrap(), "hi");
    }
}
