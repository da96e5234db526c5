//! The per-coach, per-athlete daily comment bound (issue 21) is the store's, checked in the
//! transaction that adds the comment, on every backend: at the bound nothing is added, and
//! several comments racing for the last place can't all pass it (the service's count before
//! the insert alone let them through).
use std::sync::Arc;

mod support;

use climbingpill::domain::journal::{EntryData, JournalEntry, SessionKind};
use climbingpill::domain::team::{Sharing, COMMENTS_PER_DAY};
use climbingpill::domain::when::Date;
use climbingpill::server::db::{migrate, Db};
use climbingpill::server::stores::backend::AppStores;
use climbingpill::server::stores::teams::{
    AcceptOutcome, CommentRecord, CommentTarget, InviteRecord, TeamRecord, TeamStore,
    COMMENT_WINDOW_MS,
};
use climbingpill::server::stores::AccountRecord;

const COACH: &str = "00000000-0000-4000-8000-0000000000c1";
const ATHLETE: &str = "00000000-0000-4000-8000-0000000000a1";
const TEAM: &str = "00000000-0000-4000-8000-0000000000e1";
const ENTRY: &str = "00000000-0000-4000-8000-0000000000f1";

async fn setup(s: &AppStores) {
    for (id, n) in [(COACH, "coach"), (ATHLETE, "athlete")] {
        s.accounts
            .create(&AccountRecord {
                id: id.into(),
                email: format!("{n}@example.com"),
                password_hash: "h".into(),
                created_at: 1,
            })
            .await
            .unwrap();
    }
    let team = TeamRecord {
        id: TEAM.into(),
        name: "Crew".into(),
        created_at: 10,
    };
    assert!(s.teams.create_team(COACH, &team, "Coach").await.unwrap());
    let invite = InviteRecord {
        id: "00000000-0000-4000-8000-0000000000d1".into(),
        team_id: TEAM.into(),
        token_hash: "hash-crew".into(),
        inviter_name: "Coach".into(),
        team_name: "Crew".into(),
        created_at: 10,
        expires_at: 1_000_000,
        used_at: None,
    };
    assert!(s.teams.create_invite(COACH, &invite).await.unwrap());
    let joined = s
        .teams
        .accept_invite(ATHLETE, "hash-crew", "Bea", Sharing::all(), 20)
        .await
        .unwrap();
    assert!(matches!(joined, AcceptOutcome::Joined { .. }), "{joined:?}");
    let entry = JournalEntry {
        id: ENTRY.into(),
        data: EntryData {
            date: Date::new(2027, 1, 15).unwrap(),
            kind: SessionKind::Bouldering,
            location: String::new(),
            duration_min: 60,
            rpe: Some(7),
            climbs: Vec::new(),
            energy: None,
            sleep: None,
            mood: None,
            pain: Vec::new(),
            notes: String::new(),
            tags: Vec::new(),
        },
        load: Some(420),
        created_at: 5,
        updated_at: 5,
    };
    s.journal.insert(ATHLETE, &entry).await.unwrap();
}

fn comment(at: i64) -> CommentRecord {
    CommentRecord {
        id: uuid::Uuid::new_v4().to_string(),
        coach_id: COACH.into(),
        coach_name: "Coach".into(),
        athlete_id: ATHLETE.into(),
        target: CommentTarget::Journal,
        target_id: ENTRY.into(),
        body: "Nice session".into(),
        created_at: at,
        read_at: None,
    }
}

async fn comment_bound_contract(s: AppStores) {
    setup(&s).await;
    let teams: Arc<dyn TeamStore> = s.teams.clone();
    let start = 1_000_000_000;
    for i in 0..COMMENTS_PER_DAY - 1 {
        assert!(teams.add_comment(&comment(start + i as i64)).await.unwrap());
    }
    // Six comments race for the last place of the day: exactly one is added.
    let at = start + 1_000;
    let racing: Vec<_> = (0..6)
        .map(|_| {
            let teams = teams.clone();
            tokio::spawn(async move { teams.add_comment(&comment(at)).await.unwrap() })
        })
        .collect();
    let won = futures::future::join_all(racing)
        .await
        .into_iter()
        .filter(|r| *r.as_ref().unwrap())
        .count();
    assert_eq!(won, 1);
    assert_eq!(
        teams
            .comments_written_since(COACH, ATHLETE, at - COMMENT_WINDOW_MS)
            .await
            .unwrap(),
        COMMENTS_PER_DAY
    );
    // At the bound nothing more is added that day; a day after the last one, it is again.
    assert!(!teams.add_comment(&comment(at + 1)).await.unwrap());
    assert!(teams
        .add_comment(&comment(at + COMMENT_WINDOW_MS + 1))
        .await
        .unwrap());
}

#[tokio::test]
async fn libsql_comment_bound() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("c.db")).await.unwrap();
    migrate::run(&db, &migrate::embedded()).await.unwrap();
    comment_bound_contract(AppStores::libsql(&db)).await;
}

#[tokio::test]
async fn postgres_comment_bound() {
    let Some(test_pg) = support::postgres::TestPg::fresh().await else {
        return;
    };
    comment_bound_contract(AppStores::postgres(&test_pg.pg)).await;
}
