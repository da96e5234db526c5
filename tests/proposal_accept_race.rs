//! PostgreSQL: accepting a coach's edit proposal can't overwrite a change the athlete makes
//! to the same program at the same moment (issue 21 review). Accepting reads the sessions
//! FOR UPDATE, so an athlete's reschedule in flight either finishes first (the proposal is
//! then stale: nothing written) or waits for the accept. libSQL's single writer already
//! orders them. Skipped without `TEST_DATABASE_URL`.
mod support;

use climbingpill::domain::journal::SessionKind;
use climbingpill::domain::program::proposal::{
    fingerprint, ProposalKind, ProposalStatus, ProposedProgram,
};
use climbingpill::domain::program::tracking::{Program, ProgramSession, SessionStatus};
use climbingpill::domain::program::{
    FingerLoad, Model, Phase, PlannedSession, PlannedWeek, ProgramPlan,
};
use climbingpill::domain::team::Sharing;
use climbingpill::domain::training::Level;
use climbingpill::domain::when::Date;
use climbingpill::server::pg::Actor;
use climbingpill::server::stores::backend::AppStores;
use climbingpill::server::stores::proposals::{AcceptOutcome, Applying, ProposalRecord};
use climbingpill::server::stores::teams::{InviteRecord, TeamRecord};
use climbingpill::server::stores::AccountRecord;

fn id(name: &str) -> &'static str {
    let n = name
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(131).wrapping_add(b.into()));
    Box::leak(format!("00000000-0000-4000-8000-{:012x}", n & 0xffff_ffff_ffff).into_boxed_str())
}

fn day(d: u8) -> Date {
    Date::new(2026, 5, d).unwrap()
}

fn plan() -> ProgramPlan {
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

fn session(program_id: &str, sid: &str, position: u32, date: Date) -> ProgramSession {
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

fn program(pid: &str) -> (Program, Vec<ProgramSession>) {
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

fn record(
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

#[tokio::test]
async fn postgres_accept_waits_for_a_reschedule_in_flight() {
    let Some(test_pg) = support::postgres::TestPg::fresh().await else {
        return;
    };
    let s = AppStores::postgres(&test_pg.pg);
    let (coach, athlete) = (id("rc"), id("rb"));
    for (who, email) in [(coach, "rc@example.com"), (athlete, "rb@example.com")] {
        s.accounts
            .create(&AccountRecord {
                id: who.into(),
                email: email.into(),
                password_hash: "h".into(),
                created_at: 1,
            })
            .await
            .unwrap();
    }
    let team = id("rteam");
    assert!(s
        .teams
        .create_team(
            coach,
            &TeamRecord {
                id: team.into(),
                name: "Crimpers".into(),
                created_at: 10,
            },
            "Coach",
        )
        .await
        .unwrap());
    assert!(s
        .teams
        .create_invite(
            coach,
            &InviteRecord {
                id: id("rinv").into(),
                team_id: team.into(),
                token_hash: "rhash".into(),
                inviter_name: "Coach Cam".into(),
                team_name: "Crimpers".into(),
                created_at: 100,
                expires_at: 10_000,
                used_at: None,
            },
        )
        .await
        .unwrap());
    s.teams
        .accept_invite(athlete, "rhash", "Bea", Sharing::all(), 150)
        .await
        .unwrap();
    let base = program(id("rb-prog"));
    s.programs
        .create(athlete, &base.0, &base.1, true, 30)
        .await
        .unwrap();
    // The coach proposes skipping the first session.
    let mut skipped = base.1.clone();
    skipped[0].status = SessionStatus::Skipped;
    let proposal = record(
        "r1",
        coach,
        athlete,
        ProposalKind::Edit,
        &base,
        skipped.clone(),
        200,
    );
    assert!(s.proposals.propose(&proposal, 20, 200).await.unwrap());

    // The athlete moves that session in another tab; its transaction is still open.
    let s1 = base.1[0].id.clone();
    let mut moving = test_pg.pg.begin(Actor::User(athlete)).await.unwrap();
    let moved =
        sqlx::query("UPDATE training_sessions SET date = '2026-05-06'::date WHERE id = $1::uuid")
            .bind(&s1)
            .execute(&mut *moving)
            .await
            .unwrap()
            .rows_affected();
    assert_eq!(moved, 1);
    let accepting = {
        let p = s.proposals.clone();
        let (pid, base_id, version) = (
            proposal.id.clone(),
            base.0.id.clone(),
            proposal.base_version.clone(),
        );
        tokio::spawn(async move {
            p.accept(
                athlete,
                &pid,
                Applying::Edit {
                    base_program_id: &base_id,
                    base_version: &version,
                    sessions: &skipped,
                },
                300,
            )
            .await
            .unwrap()
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    moving.commit().await.unwrap();

    // The program changed under the proposal: refused, and the athlete's move stands.
    assert_eq!(accepting.await.unwrap(), AcceptOutcome::Stale);
    let now = s.programs.sessions(athlete, &base.0.id).await.unwrap();
    let first = now.iter().find(|x| x.id == s1).unwrap();
    assert_eq!(first.date, day(6));
    assert_eq!(first.status, SessionStatus::Planned);
    assert_eq!(s.proposals.pending(athlete).await.unwrap().len(), 1);
}
