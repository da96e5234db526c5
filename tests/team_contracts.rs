//! Team store contracts of issue 21's follow-ups, run on every backend (the libSQL file, and
//! PostgreSQL with RLS when `TEST_DATABASE_URL` is set): progress-only sharing gives figures,
//! never notes.
use std::sync::Arc;

mod support;

use climbingpill::domain::grade::Grade;
use climbingpill::domain::journal::{
    Climb, ClimbStyle, EntryData, JournalEntry, PainFlag, SessionKind,
};
use climbingpill::domain::team::Sharing;
use climbingpill::domain::when::Date;
use climbingpill::server::db::{migrate, Db};
use climbingpill::server::stores::backend::AppStores;
use climbingpill::server::stores::teams::{InviteRecord, JournalUse, TeamRecord, TeamStore};
use climbingpill::server::stores::AccountRecord;

fn id(name: &str) -> &'static str {
    let n = name
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(131).wrapping_add(b.into()));
    Box::leak(format!("00000000-0000-4000-8000-{:012x}", n & 0xffff_ffff_ffff).into_boxed_str())
}

fn day(d: u8) -> Date {
    Date::new(2027, 1, d).unwrap()
}

async fn accounts(s: &AppStores, names: &[&str]) {
    for n in names {
        s.accounts
            .create(&AccountRecord {
                id: id(n).into(),
                email: format!("{n}@example.com"),
                password_hash: "h".into(),
                created_at: 1,
            })
            .await
            .unwrap();
    }
}

fn team(name: &str) -> TeamRecord {
    TeamRecord {
        id: id(name).into(),
        name: name.into(),
        created_at: 10,
    }
}

fn invite(n: &str, team_id: &str) -> InviteRecord {
    InviteRecord {
        id: id(&format!("inv-{n}")).into(),
        team_id: team_id.into(),
        token_hash: format!("hash-{n}"),
        inviter_name: "Coach".into(),
        team_name: "Team".into(),
        created_at: 10,
        expires_at: 1_000_000,
        used_at: None,
    }
}

/// Coach `coach` makes team `team_name` and `athlete` joins it sharing `sharing`.
async fn join(
    teams: &Arc<dyn TeamStore>,
    coach: &str,
    team_name: &str,
    athlete: &str,
    sharing: Sharing,
) {
    let t = team(team_name);
    let n = format!("{team_name}-{athlete}");
    if teams.create_team(coach, &t, "Coach").await.is_err() {
        // Made already by an earlier call.
    }
    assert!(teams
        .create_invite(coach, &invite(&n, &t.id))
        .await
        .unwrap());
    let joined = teams
        .accept_invite(athlete, &format!("hash-{n}"), "Bea", sharing, 20)
        .await
        .unwrap();
    assert!(
        matches!(
            joined,
            climbingpill::server::stores::teams::AcceptOutcome::Joined { .. }
        ),
        "{joined:?}"
    );
}

fn private_entry(entry_id: &str) -> JournalEntry {
    JournalEntry {
        id: entry_id.into(),
        data: EntryData {
            date: day(15),
            kind: SessionKind::Bouldering,
            location: "Secret Gym".into(),
            duration_min: 60,
            rpe: Some(7),
            climbs: vec![Climb {
                grade: Grade::parse("V5").unwrap(),
                style: ClimbStyle::Flash,
                attempts: 1,
                name: "Secret Problem".into(),
            }],
            energy: Some(2),
            sleep: Some(2),
            mood: Some(1),
            pain: vec![PainFlag {
                body_part: "finger".into(),
                notes: "private pain".into(),
            }],
            notes: "private notes".into(),
            tags: vec!["private".into()],
        },
        load: Some(420),
        created_at: 5,
        updated_at: 5,
    }
}

async fn progress_only_contract(s: AppStores) {
    let teams = s.teams.clone();
    let (coach, athlete) = (id("pc"), id("pb"));
    accounts(&s, &["pc", "pb"]).await;
    s.journal
        .insert(athlete, &private_entry(id("pb-entry")))
        .await
        .unwrap();
    let progress_only = Sharing {
        journal: false,
        assessments: false,
        programs: false,
        progress: true,
    };
    join(&teams, coach, "Figures", athlete, progress_only).await;
    let read = |used: JournalUse| {
        let teams = teams.clone();
        async move {
            teams
                .athlete_journal(coach, athlete, used, day(1), 50)
                .await
                .unwrap()
        }
    };
    assert!(read(JournalUse::Journal).await.is_empty());
    let figures = read(JournalUse::Progress).await;
    assert_eq!(figures.len(), 1);
    let d = &figures[0].data;
    assert_eq!(
        (d.date, d.kind, d.duration_min, d.rpe, figures[0].load),
        (day(15), SessionKind::Bouldering, 60, Some(7), Some(420))
    );
    assert_eq!(
        (d.climbs.len(), d.climbs[0].grade.to_string()),
        (1, "V5".to_string())
    );
    assert_eq!(d.pain[0].body_part, "finger");
    assert_eq!(
        (
            d.notes.as_str(),
            d.location.as_str(),
            d.tags.len(),
            d.climbs[0].name.as_str(),
            d.pain[0].notes.as_str(),
            d.mood,
            d.energy,
            d.sleep
        ),
        ("", "", 0, "", "", None, None, None),
        "progress-only sharing must not show notes"
    );
    // The Team page's rows: the figures too.
    let rows = teams.activity(coach, id("Figures"), day(1)).await.unwrap();
    assert_eq!(rows[0].days.as_ref().map(|d| d.len()), Some(1));
    // The journal shared as well: the whole entry on the journal page, figures for progress.
    teams
        .set_sharing(athlete, id("Figures"), Sharing::all())
        .await
        .unwrap();
    assert_eq!(
        read(JournalUse::Journal).await[0].data.notes,
        "private notes"
    );
    assert_eq!(read(JournalUse::Progress).await[0].data.notes, "");
    // Nothing shared: nothing.
    let none = Sharing {
        progress: false,
        ..progress_only
    };
    teams
        .set_sharing(athlete, id("Figures"), none)
        .await
        .unwrap();
    assert!(read(JournalUse::Progress).await.is_empty());
}

async fn libsql_db() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("c.db")).await.unwrap();
    migrate::run(&db, &migrate::embedded()).await.unwrap();
    (dir, db)
}

macro_rules! on_every_backend {
    ($libsql:ident, $postgres:ident, |$s:ident| $call:expr) => {
        #[tokio::test]
        async fn $libsql() {
            let (_dir, db) = libsql_db().await;
            let $s = AppStores::libsql(&db);
            $call.await;
        }

        #[tokio::test]
        async fn $postgres() {
            let Some(test_pg) = support::postgres::TestPg::fresh().await else {
                return;
            };
            let $s = AppStores::postgres(&test_pg.pg);
            $call.await;
        }
    };
}

on_every_backend!(libsql_progress_only, postgres_progress_only, |s| {
    progress_only_contract(s)
});
