//! The ProposalStore contract (issue 21: coach-proposed program changes), run with identical
//! expectations on the libSQL file and on PostgreSQL (a fresh database, RLS on, queries as
//! the climber; skipped without `TEST_DATABASE_URL`). Who may propose and read: the coach of
//! the athlete's team while programs are shared; not a coach of another team, a team mate,
//! before the invite is accepted, after programs are unshared, or after the athlete leaves.
//! Nothing changes the athlete's active program until they accept.
mod support;

use climbingpill::domain::program::proposal::{fingerprint, ProposalKind, ProposalStatus};
use climbingpill::domain::program::tracking::SessionStatus;
use climbingpill::domain::team::Sharing;
use climbingpill::server::db::{migrate, Db};
use climbingpill::server::stores::backend::AppStores;
use climbingpill::server::stores::proposals::{AcceptOutcome, Applying};
use climbingpill::server::stores::teams::{InviteRecord, TeamRecord};
use climbingpill::server::stores::AccountRecord;

#[path = "support/proposal_fixture.rs"]
mod fixture;
use fixture::{day, id, program, record};

async fn proposal_contract(s: AppStores) {
    let p = s.proposals.clone();
    let (coach, other_coach, mate, athlete) = (id("pc"), id("px"), id("ps"), id("pb"));
    for (who, email) in [
        (coach, "pc@example.com"),
        (other_coach, "px@example.com"),
        (mate, "ps@example.com"),
        (athlete, "pb@example.com"),
    ] {
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
    let (t1, t2) = (id("pteam-1"), id("pteam-2"));
    for (t, c, name) in [(t1, coach, "Crimpers"), (t2, other_coach, "Slopers")] {
        s.teams
            .create_team(
                c,
                &TeamRecord {
                    id: t.into(),
                    name: name.into(),
                    created_at: 10,
                },
                "Coach",
            )
            .await
            .unwrap();
    }
    let invite = |n: &str| InviteRecord {
        id: id(&format!("pinv-{n}")).into(),
        team_id: t1.into(),
        token_hash: format!("phash-{n}"),
        inviter_name: "Coach Cam".into(),
        team_name: "Crimpers".into(),
        created_at: 100,
        expires_at: 10_000,
        used_at: None,
    };
    for n in ["b", "s"] {
        assert!(s.teams.create_invite(coach, &invite(n)).await.unwrap());
    }
    // The mate is on the team (and coaches nothing).
    s.teams
        .accept_invite(mate, "phash-s", "Sol", Sharing::all(), 150)
        .await
        .unwrap();

    let base = program(id("pb-prog"));
    s.programs
        .create(athlete, &base.0, &base.1, true, 30)
        .await
        .unwrap();
    let mut moved = base.1.clone();
    moved[1].date = day(8);
    let edit = |n: &str, who: &str, at: i64| {
        record(
            n,
            who,
            athlete,
            ProposalKind::Edit,
            &base,
            moved.clone(),
            at,
        )
    };
    let sees = |who: &'static str| {
        let p = p.clone();
        async move { p.coach_proposals(who, athlete, 10).await.unwrap().len() }
    };

    // Before accept: nobody may propose, nobody reads anything.
    for who in [coach, other_coach, mate] {
        assert!(!p.propose(&edit("early", who, 200), 20, 200).await.unwrap());
        assert_eq!(sees(who).await, 0);
    }
    assert!(p.pending(athlete).await.unwrap().is_empty());

    s.teams
        .accept_invite(athlete, "phash-b", "Bea", Sharing::all(), 300)
        .await
        .unwrap();

    // After accept: the coach of the team only.
    assert!(p.propose(&edit("1", coach, 400), 20, 400).await.unwrap());
    assert!(!p
        .propose(&edit("x", other_coach, 401), 20, 401)
        .await
        .unwrap());
    assert!(!p.propose(&edit("m", mate, 402), 20, 402).await.unwrap());
    // The athlete can't propose to themself through a team they don't coach.
    assert!(!p
        .propose(&edit("self", athlete, 403), 20, 403)
        .await
        .unwrap());
    assert_eq!(sees(coach).await, 1);
    assert_eq!(sees(other_coach).await, 0);
    assert_eq!(sees(mate).await, 0);
    let pending = p.pending(athlete).await.unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].team_id, t1);
    assert_eq!(pending[0].program.sessions[1].date, day(8));
    assert!(p.pending(coach).await.unwrap().is_empty());
    // Another climber can't read or decide it.
    let first = id("prop-1");
    assert!(p.get(coach, first).await.unwrap().is_none());
    assert!(p.get(mate, first).await.unwrap().is_none());
    assert!(!p.decline(coach, first, 450).await.unwrap());

    // A second proposal replaces the first: still one pending, the first withdrawn.
    assert!(p.propose(&edit("2", coach, 500), 20, 500).await.unwrap());
    let pending = p.pending(athlete).await.unwrap();
    assert_eq!(
        pending.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        vec![id("prop-2")]
    );
    assert_eq!(
        p.get(athlete, first).await.unwrap().unwrap().status,
        ProposalStatus::Withdrawn
    );
    assert_eq!(sees(coach).await, 2);

    // Nothing changed the athlete's program yet.
    let unchanged = s.programs.sessions(athlete, &base.0.id).await.unwrap();
    assert_eq!(fingerprint(&unchanged), fingerprint(&base.1));

    // Someone else accepting: not found, and nothing written.
    let apply = Applying::Edit {
        base_program_id: &base.0.id,
        base_version: &fingerprint(&base.1),
        sessions: &moved,
    };
    assert_eq!(
        p.accept(coach, id("prop-2"), apply, 550).await.unwrap(),
        AcceptOutcome::NotFound
    );
    // A stale base: refused, rolled back (still pending, program untouched).
    let stale = Applying::Edit {
        base_program_id: &base.0.id,
        base_version: "0000000000000000:2",
        sessions: &moved,
    };
    assert_eq!(
        p.accept(athlete, id("prop-2"), stale, 560).await.unwrap(),
        AcceptOutcome::Stale
    );
    assert_eq!(
        p.get(athlete, id("prop-2")).await.unwrap().unwrap().status,
        ProposalStatus::Pending
    );
    assert_eq!(
        s.programs.sessions(athlete, &base.0.id).await.unwrap()[1].date,
        day(7)
    );
    // The athlete accepts: the move is applied with the status, once.
    assert_eq!(
        p.accept(athlete, id("prop-2"), apply, 600).await.unwrap(),
        AcceptOutcome::Accepted
    );
    let after = s.programs.sessions(athlete, &base.0.id).await.unwrap();
    assert_eq!(
        after.iter().find(|x| x.id == moved[1].id).unwrap().date,
        day(8)
    );
    let got = p.get(athlete, id("prop-2")).await.unwrap().unwrap();
    assert_eq!(
        (got.status, got.decided_at),
        (ProposalStatus::Accepted, Some(600))
    );
    assert_eq!(
        p.accept(athlete, id("prop-2"), apply, 601).await.unwrap(),
        AcceptOutcome::NotFound
    );

    // Decline records it and changes nothing.
    let mut skip = after.clone();
    skip[0].status = SessionStatus::Skipped;
    let now_base = (base.0.clone(), after.clone());
    let declined = record(
        "3",
        coach,
        athlete,
        ProposalKind::Edit,
        &now_base,
        skip,
        700,
    );
    assert!(p.propose(&declined, 20, 700).await.unwrap());
    assert!(p.decline(athlete, id("prop-3"), 710).await.unwrap());
    assert!(!p.decline(athlete, id("prop-3"), 711).await.unwrap());
    assert_eq!(
        p.get(athlete, id("prop-3")).await.unwrap().unwrap().status,
        ProposalStatus::Declined
    );
    assert_eq!(
        fingerprint(&s.programs.sessions(athlete, &base.0.id).await.unwrap()),
        fingerprint(&after)
    );

    // A new program: the old one is archived (kept in the history), the new one active.
    let next = program(id("pb-next"));
    let gen = record(
        "4",
        coach,
        athlete,
        ProposalKind::Generate,
        &now_base,
        next.1.clone(),
        800,
    );
    assert!(p.propose(&gen, 20, 800).await.unwrap());
    assert_eq!(
        p.accept(
            athlete,
            id("prop-4"),
            Applying::NewProgram {
                program: &next.0,
                sessions: &next.1,
            },
            810,
        )
        .await
        .unwrap(),
        AcceptOutcome::Accepted
    );
    assert_eq!(
        s.programs.active(athlete).await.unwrap().unwrap().id,
        next.0.id
    );
    let history = s.programs.list(athlete).await.unwrap();
    assert_eq!(history.len(), 2);
    assert!(history[1].archived_at.is_some());

    // The bound: at most `keep` decided ones per coach and athlete (plus the pending one).
    for (i, at) in (900..905).enumerate() {
        assert!(p
            .propose(&edit(&format!("b{i}"), coach, at), 3, at)
            .await
            .unwrap());
    }
    assert_eq!(sees(coach).await, 4);

    // Programs unshared: the coach neither proposes nor reads; the athlete still decides.
    let mut less = Sharing::all();
    less.programs = false;
    assert!(s.teams.set_sharing(athlete, t1, less).await.unwrap());
    assert!(!p.propose(&edit("5", coach, 1000), 20, 1000).await.unwrap());
    assert_eq!(sees(coach).await, 0);
    assert_eq!(p.pending(athlete).await.unwrap().len(), 1);
    assert!(s
        .teams
        .set_sharing(athlete, t1, Sharing::all())
        .await
        .unwrap());
    assert_eq!(sees(coach).await, 4);

    // After leaving: nothing.
    assert!(s.teams.leave(athlete, t1).await.unwrap());
    assert!(!p.propose(&edit("6", coach, 1100), 20, 1100).await.unwrap());
    assert_eq!(sees(coach).await, 0);
    assert!(p.decline(athlete, id("prop-b4"), 1200).await.unwrap());
}

async fn libsql_db() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("c.db")).await.unwrap();
    migrate::run(&db, &migrate::embedded()).await.unwrap();
    (dir, db)
}

#[tokio::test]
async fn libsql_proposals() {
    let (_dir, db) = libsql_db().await;
    proposal_contract(AppStores::libsql(&db)).await;
}

#[tokio::test]
async fn postgres_proposals() {
    let Some(test_pg) = support::postgres::TestPg::fresh().await else {
        return;
    };
    proposal_contract(AppStores::postgres(&test_pg.pg)).await;
}
