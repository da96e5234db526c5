//! Turning a finished timer into a journal entry: the journal form's input, so it goes
//! through exactly the same validation as an entry typed by hand.
use crate::domain::journal::EntryInput;
use crate::domain::when::Date;

/// Journal kinds a timed session may be logged as (codes of the journal's session kinds).
pub const TIMED_KINDS: [&str; 5] = ["hangboard", "endurance", "bouldering", "strength", "other"];

/// What the climber confirms after a timer ends.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TimedSession {
    /// The timer's label ("7:3 repeaters").
    pub label: String,
    /// The plan in words, for the notes.
    pub summary: String,
    /// Seconds the timer actually ran (pauses excluded).
    pub worked_s: u32,
    /// A journal kind code from [`TIMED_KINDS`].
    pub kind: String,
    /// RPE as typed (1-10); checked by the journal's rules.
    pub rpe: String,
}

/// Minutes to log: rounded up, so a 30-second timer still counts as one minute of training.
pub fn minutes_for(worked_s: u32) -> u32 {
    worked_s.div_ceil(60).max(1)
}

/// The journal input for a timed session done `today`. Unknown kinds fall back to "other";
/// label and summary are cut so the notes stay well inside the journal's limit.
pub fn entry_input(session: &TimedSession, today: Date) -> EntryInput {
    let kind = if TIMED_KINDS.contains(&session.kind.as_str()) {
        session.kind.clone()
    } else {
        "other".to_string()
    };
    let label: String = session.label.trim().chars().take(80).collect();
    let summary: String = session.summary.trim().chars().take(300).collect();
    EntryInput {
        date: today.to_string(),
        kind,
        duration_min: minutes_for(session.worked_s).to_string(),
        rpe: session.rpe.trim().to_string(),
        notes: format!("Timer: {label}. {summary}").trim().to_string(),
        tags: "timer".to_string(),
        ..EntryInput::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(worked_s: u32, kind: &str) -> TimedSession {
        TimedSession {
            label: "7:3 repeaters".into(),
            summary: "7 s on / 3 s off × 6 reps, 3 sets".into(),
            worked_s,
            kind: kind.into(),
            rpe: " 8 ".into(),
        }
    }

    #[test]
    fn minutes_round_up_and_never_zero() {
        assert_eq!(minutes_for(0), 1);
        assert_eq!(minutes_for(30), 1);
        assert_eq!(minutes_for(60), 1);
        assert_eq!(minutes_for(61), 2);
        assert_eq!(minutes_for(570), 10);
    }

    #[test]
    fn entry_carries_duration_kind_rpe_and_plan() {
        let today = Date::parse_iso("2026-11-25").unwrap();
        let e = entry_input(&session(570, "hangboard"), today);
        assert_eq!(e.date, "2026-11-25");
        assert_eq!(e.kind, "hangboard");
        assert_eq!(e.duration_min, "10");
        assert_eq!(e.rpe, "8");
        assert_eq!(e.tags, "timer");
        assert!(e.notes.starts_with("Timer: 7:3 repeaters."), "{}", e.notes);
        assert!(e.notes.contains("× 6 reps"));
    }

    #[test]
    fn unknown_kind_is_logged_as_other() {
        let today = Date::parse_iso("2026-11-25").unwrap();
        assert_eq!(
            entry_input(&session(60, "campus'; drop"), today).kind,
            "other"
        );
    }

    #[test]
    fn long_labels_are_cut() {
        let today = Date::parse_iso("2026-11-25").unwrap();
        let mut s = session(60, "other");
        s.label = "x".repeat(5000);
        s.summary = "y".repeat(5000);
        assert!(entry_input(&s, today).notes.chars().count() < 400);
    }
}
