//! The program, sessions and proposal records the ProposalStore tests build on
//! (tests/proposal_contracts.rs, tests/proposal_accept_race.rs): a two-week plan from
//! 2026-05-04 with two planned sessions, and stable UUIDs from names.
use climbingpill::domain::journal::SessionKind;
use climbingpill::domain::program::proposal::{
    fingerprint, ProposalKind, ProposalStatus, ProposedProgram,
};
use climbingpill::domain::program::tracking::{Program, ProgramSession};
use climbingpill::domain::program::{
    FingerLoad, Model, Phase, PlannedSession, PlannedWeek, ProgramPlan,
};
use climbingpill::domain::training::Level;
use climbingpill::domain::when::Date;
use climbingpill::server::stores::proposals::ProposalRecord;

pub fn id(name: &str) -> &'static str {
    let n = name
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(131).wrapping_add(b.into()));
    Box::leak(format!("00000000-0000-4000-8000-{:012x}", n & 0xffff_ffff_ffff).into_boxed_str())
}

pub fn day(d: u8) -> Date {
    Date::new(2026, 5, d).unwrap()
}

pub fn plan() -> ProgramPlan {
    ProgramPlan {
        model: Model::FourThreeTwoOne,
        level: Level::Intermediate,
        start: day(4),
        end: day(17),
        weeks: vec![
            PlannedWeek {
                number: 1,
                phase: Phase::Skill,
                starts: day(4),
            },
            PlannedWeek {
                number: 2,
                phase: Phase::Skill,
                starts: day(11),
            },
        ],
        sessions: Vec::new(),
        focus: Vec::new(),
        notes: Vec::new(),
    }
}

pub fn session(program_id: &str, sid: &str, position: u32, date: Date) -> ProgramSession {
    ProgramSession::planned(
        sid.into(),
        program_id.into(),
        position,
        PlannedSession {
            date,
            week: 1,
            phase: Phase::Skill,
            title: format!("Session {position}"),
            minutes: 60,
            finger_load: FingerLoad::Low,
            journal_kind: SessionKind::Bouldering,
            exercises: Vec::new(),
            why: String::new(),
        },
    )
}

pub fn program(pid: &str) -> (Program, Vec<ProgramSession>) {
    (
        Program {
            id: pid.into(),
            assessment_id: None,
            active: true,
            plan: plan(),
            created_at: 30,
            archived_at: None,
        },
        vec![
            session(pid, id(&format!("{pid}-s1")), 0, day(5)),
            session(pid, id(&format!("{pid}-s2")), 1, day(7)),
        ],
    )
}

pub fn record(
    n: &str,
    coach: &str,
    athlete: &str,
    kind: ProposalKind,
    base: &(Program, Vec<ProgramSession>),
    sessions: Vec<ProgramSession>,
    at: i64,
) -> ProposalRecord {
    ProposalRecord {
        id: id(&format!("prop-{n}")).into(),
        team_id: String::new(),
        coach_id: coach.into(),
        coach_name: "Coach Cam".into(),
        athlete_id: athlete.into(),
        kind,
        program: ProposedProgram {
            assessment_id: None,
            plan: plan(),
            sessions,
        },
        base_program_id: Some(base.0.id.clone()),
        base_version: fingerprint(&base.1),
        note: format!("note {n}"),
        status: ProposalStatus::Pending,
        created_at: at,
        decided_at: None,
    }
}
