//! PostgreSQL: accepting a coach's edit proposal can't overwrite a change the athlete makes
//! to the same program at the same moment (issue 21 review). Accepting reads the sessions
//! FOR UPDATE, so an athlete's reschedule in flight either finishes first (the proposal is
//! then stale: nothing written) or waits for the accept. libSQL's single writer already
//! orders them. Skipped without `TEST_DATABASE_URL`.
mod support;

use climbingpill::domain::program::proposal::ProposalKind;
use climbingpill::domain::program::tracking::SessionStatus;
use climbingpill::domain::team::Sharing;
use climbingpill::server::pg::Actor;
use climbingpill::server::stores::backend::AppStores;
use climbingpill::server::stores::proposals::{AcceptOutcome, Applying};
use climbingpill::server::stores::teams::{InviteRecord, TeamRecord};
use climbingpill::server::stores::AccountRecord;

#[path = "support/proposal_fixture.rs"]
mod fixture;
use fixture::{day, id, program, record};

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
