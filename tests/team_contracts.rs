//! Team store contracts of issue 21's follow-ups, run on every backend (the libSQL file, and
//! PostgreSQL with RLS when `TEST_DATABASE_URL` is set): progress-only sharing gives figures,
//! never notes; the bounds on teams per coach (race-free), open invites and athletes.
use std::sync::Arc;

mod support;

use climbingpill::domain::grade::Grade;
use climbingpill::domain::journal::{
    Climb, ClimbStyle, EntryData, JournalEntry, PainFlag, SessionKind,
};
use climbingpill::domain::team::{Sharing, TeamRole};
use climbingpill::domain::when::Date;
use climbingpill::server::db::{migrate, Db};
use climbingpill::server::stores::backend::AppStores;
use climbingpill::server::stores::teams::{
    AcceptOutcome, InviteRecord, JournalUse, TeamRecord, TeamStore, MAX_ATHLETES, MAX_OPEN_INVITES,
    MAX_TEAMS_COACHED,
};
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

async fn limits_contract(s: AppStores) {
    let teams = s.teams.clone();
    let names: Vec<String> = (0..=MAX_ATHLETES).map(|n| format!("la{n}")).collect();
    let mut all: Vec<&str> = vec!["lc", "lx"];
    all.extend(names.iter().map(String::as_str));
    accounts(&s, &all).await;
    let (coach, other) = (id("lc"), id("lx"));

    // Teams per coach: the last places taken by requests at once, exactly one wins each.
    for n in 0..MAX_TEAMS_COACHED - 1 {
        assert!(teams
            .create_team(coach, &team(&format!("L{n}")), "C")
            .await
            .unwrap());
    }
    let racing = (0..6).map(|n| {
        let teams = teams.clone();
        tokio::spawn(async move {
            teams
                .create_team(coach, &team(&format!("race-{n}")), "C")
                .await
                .unwrap()
        })
    });
    let won = futures::future::join_all(racing)
        .await
        .into_iter()
        .filter(|r| *r.as_ref().unwrap())
        .count();
    assert_eq!(won, 1, "one of the racing creates takes the last place");
    assert_eq!(
        teams.memberships(coach).await.unwrap().len() as u64,
        MAX_TEAMS_COACHED
    );
    assert!(!teams
        .create_team(coach, &team("one-more"), "C")
        .await
        .unwrap());
    // Another climber isn't affected.
    assert!(teams.create_team(other, &team("Other"), "X").await.unwrap());

    // Open invites per team: used and expired links don't count.
    let t = id("L0");
    let at = |n: &str, created_at: i64, expires_at: i64| InviteRecord {
        created_at,
        expires_at,
        ..invite(n, t)
    };
    assert!(teams
        .create_invite(coach, &at("old", 10, 50))
        .await
        .unwrap());
    for n in 0..MAX_OPEN_INVITES {
        assert!(
            teams
                .create_invite(coach, &at(&format!("open-{n}"), 100, 1_000_000))
                .await
                .unwrap(),
            "invite {n}"
        );
    }
    assert!(!teams
        .create_invite(coach, &at("too-many", 100, 1_000_000))
        .await
        .unwrap());
    // Using one makes room for one.
    assert!(matches!(
        teams
            .accept_invite(id("la0"), "hash-open-0", "A", Sharing::all(), 200)
            .await
            .unwrap(),
        AcceptOutcome::Joined { .. }
    ));
    assert!(teams
        .create_invite(coach, &at("room", 300, 1_000_000))
        .await
        .unwrap());
    assert!(!teams
        .create_invite(coach, &at("too-many-2", 300, 1_000_000))
        .await
        .unwrap());

    // Athletes per team, on a team of its own: the claim past the bound is refused and the
    // link stays unused.
    let full = id("Other");
    for (n, name) in names.iter().enumerate() {
        let link = format!("full-{n}");
        assert!(teams
            .create_invite(other, &invite(&link, full))
            .await
            .unwrap());
        let got = teams
            .accept_invite(id(name), &format!("hash-{link}"), "A", Sharing::all(), 20)
            .await
            .unwrap();
        if (n as u64) < MAX_ATHLETES {
            assert!(matches!(got, AcceptOutcome::Joined { .. }), "{n}: {got:?}");
        } else {
            assert_eq!(got, AcceptOutcome::TeamFull);
            let left = teams
                .find_invite(&format!("hash-{link}"))
                .await
                .unwrap()
                .unwrap();
            assert_eq!(left.used_at, None);
        }
    }
    assert_eq!(
        teams.athletes(other, full).await.unwrap().len() as u64,
        MAX_ATHLETES
    );
}

async fn co_coach_contract(s: AppStores) {
    let teams = s.teams.clone();
    accounts(&s, &["cc", "cd", "cb", "cx"]).await;
    let (coach, co, athlete, stranger) = (id("cc"), id("cd"), id("cb"), id("cx"));
    s.journal
        .insert(athlete, &private_entry(id("cb-entry")))
        .await
        .unwrap();
    let journal_only = Sharing {
        journal: true,
        assessments: false,
        programs: false,
        progress: false,
    };
    join(&teams, coach, "Duo", athlete, journal_only).await;
    let t = id("Duo");
    // Only a coach of the team makes a coach's link.
    assert!(!teams
        .create_coach_invite(stranger, &invite("co-x", t))
        .await
        .unwrap());
    assert!(teams
        .create_coach_invite(coach, &invite("co-1", t))
        .await
        .unwrap());
    assert_eq!(
        teams.invite_role("hash-co-1").await.unwrap(),
        Some(TeamRole::Coach)
    );
    assert_eq!(
        teams
            .invite_role(&format!("hash-Duo-{athlete}"))
            .await
            .unwrap(),
        Some(TeamRole::Athlete)
    );
    assert_eq!(teams.invite_role("hash-none").await.unwrap(), None);
    assert_eq!(
        teams.invite_coach_names("hash-co-1").await.unwrap(),
        vec!["Coach".to_string()]
    );
    // Before accepting, the co-coach sees nothing.
    assert!(teams
        .athlete_journal(co, athlete, JournalUse::Journal, day(1), 50)
        .await
        .unwrap()
        .is_empty());
    let got = teams
        .accept_invite(co, "hash-co-1", "Dee", Sharing::all(), 20)
        .await
        .unwrap();
    assert_eq!(got, AcceptOutcome::Joined { team_id: t.into() });
    let mine = teams.memberships(co).await.unwrap();
    assert_eq!(
        (mine.len(), mine[0].role, mine[0].sharing),
        (1, TeamRole::Coach, Sharing::none())
    );
    // The co-coach sees the same athletes, subject to their sharing.
    assert_eq!(teams.athletes(co, t).await.unwrap().len(), 1);
    assert_eq!(
        teams
            .athlete_journal(co, athlete, JournalUse::Journal, day(1), 50)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(teams
        .athlete_assessments(co, athlete, 10)
        .await
        .unwrap()
        .is_empty());
    // Every coach who sees the athlete's data is listed for the athlete, and only for
    // climbers on the team.
    assert_eq!(
        teams.coach_names(athlete, t).await.unwrap(),
        vec!["Coach".to_string(), "Dee".to_string()]
    );
    assert_eq!(teams.coach_names(co, t).await.unwrap().len(), 2);
    assert!(teams.coach_names(stranger, t).await.unwrap().is_empty());
    // Already on the team (as a coach or as an athlete): refused, the link stays usable.
    assert!(teams
        .create_coach_invite(co, &invite("co-2", t))
        .await
        .unwrap());
    for who in [co, athlete, coach] {
        assert_eq!(
            teams
                .accept_invite(who, "hash-co-2", "Again", Sharing::all(), 20)
                .await
                .unwrap(),
            AcceptOutcome::AlreadyMember
        );
    }
    assert_eq!(
        teams
            .find_invite("hash-co-2")
            .await
            .unwrap()
            .unwrap()
            .used_at,
        None
    );
    // Unsharing takes effect for every coach.
    teams
        .set_sharing(athlete, t, Sharing::none())
        .await
        .unwrap();
    assert!(teams
        .athlete_journal(co, athlete, JournalUse::Journal, day(1), 50)
        .await
        .unwrap()
        .is_empty());
    teams.set_sharing(athlete, t, journal_only).await.unwrap();

    // Who made the team: its maker can't leave it; a co-coach can, and their unused link
    // stops working with them, while the maker's own link stays.
    let maker_of = |m: Vec<climbingpill::domain::team::Membership>| {
        m.iter().map(|m| (m.role, m.maker)).collect::<Vec<_>>()
    };
    assert_eq!(
        maker_of(teams.memberships(coach).await.unwrap()),
        vec![(TeamRole::Coach, true)]
    );
    assert_eq!(
        maker_of(teams.memberships(co).await.unwrap()),
        vec![(TeamRole::Coach, false)]
    );
    assert_eq!(
        maker_of(teams.memberships(athlete).await.unwrap()),
        vec![(TeamRole::Athlete, false)]
    );
    assert!(teams
        .create_coach_invite(coach, &invite("co-3", t))
        .await
        .unwrap());
    assert!(!teams.leave(coach, t).await.unwrap(), "the maker stays");
    assert!(!teams.leave(stranger, t).await.unwrap());
    assert_eq!(teams.athletes(coach, t).await.unwrap().len(), 1);
    assert!(teams.leave(co, t).await.unwrap());
    assert!(!teams.leave(co, t).await.unwrap(), "already gone");
    assert!(teams.memberships(co).await.unwrap().is_empty());
    assert!(teams.athletes(co, t).await.unwrap().is_empty());
    assert!(teams
        .athlete_journal(co, athlete, JournalUse::Journal, day(1), 50)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        teams.coach_names(athlete, t).await.unwrap(),
        vec!["Coach".to_string()]
    );
    assert_eq!(teams.find_invite("hash-co-2").await.unwrap(), None);
    assert!(teams.find_invite("hash-co-3").await.unwrap().is_some());
    // The athlete and the maker are as they were.
    assert_eq!(teams.athletes(coach, t).await.unwrap().len(), 1);
    assert_eq!(
        teams
            .athlete_journal(coach, athlete, JournalUse::Journal, day(1), 50)
            .await
            .unwrap()
            .len(),
        1
    );
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
on_every_backend!(libsql_limits, postgres_limits, |s| limits_contract(s));
on_every_backend!(libsql_co_coach, postgres_co_coach, |s| co_coach_contract(s));
