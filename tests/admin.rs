//! The operators' dashboard (issue 19): the admin store's contract on both backends (libSQL
//! file, PostgreSQL with RLS and the admin role), `/admin` and its server function over HTTP
//! (404 for climbers and strangers, the data for an admin), and `climbingpill admin`.
use std::path::Path;
use std::process::Command;

mod support;

use axum::http::StatusCode;
use climbingpill::domain::admin::{Dashboard, DAYS};
use climbingpill::domain::journal::{EntryData, JournalEntry, SessionKind};
use climbingpill::domain::when::Date;
use climbingpill::server::db::{migrate, Db};
use climbingpill::server::services::admin::{self as admin_service, AdminChange, AdminError};
use climbingpill::server::stores::backend::AppStores;
use climbingpill::server::stores::{AccountRecord, RunRecord, RunStatus, ToolOutcome};
use support::TestApp;

/// A fixed uuid per name (PostgreSQL stores ids as uuid).
fn id(name: &str) -> &'static str {
    let n = name
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(131).wrapping_add(b.into()));
    Box::leak(format!("00000000-0000-4000-8000-{:012x}", n & 0xffff_ffff_ffff).into_boxed_str())
}

const DAY_MS: i64 = 86_400_000;
/// 2027-01-15 12:00 UTC.
const NOW: i64 = 1_800_014_400_000;

fn ms_day(ms: i64) -> String {
    Date::from_days_since_epoch(ms.div_euclid(DAY_MS)).to_string()
}

fn entry(id: &str, created_at: i64) -> JournalEntry {
    JournalEntry {
        id: id.into(),
        data: EntryData {
            date: Date::new(2027, 1, 10).unwrap(),
            kind: SessionKind::Bouldering,
            location: String::new(),
            duration_min: 60,
            rpe: Some(6),
            climbs: Vec::new(),
            energy: None,
            sleep: None,
            mood: None,
            pain: Vec::new(),
            notes: "secret note".into(),
            tags: Vec::new(),
        },
        load: Some(360),
        created_at,
        updated_at: created_at,
    }
}

fn run(id_: &str, user: &str, created_at: i64, status: RunStatus, tools: &[bool]) -> RunRecord {
    RunRecord {
        id: id(id_).into(),
        user_id: user.into(),
        thread_id: "t".into(),
        provider: "offline".into(),
        model: "m".into(),
        tools: tools
            .iter()
            .map(|ok| ToolOutcome {
                name: "log_session".into(),
                ok: *ok,
            })
            .collect(),
        steps: 1,
        tokens_in: Some(100),
        tokens_out: Some(20),
        latency_ms: 5,
        status,
        error: None,
        created_at,
        prompt: None,
    }
}

async fn admin_contract(s: AppStores) {
    let (ann, bob, cid) = (id("ann"), id("bob"), id("cid"));
    for (user, email) in [
        (ann, "ann@example.com"),
        (bob, "bob@example.com"),
        (cid, "cid@example.com"),
    ] {
        s.accounts
            .create(&AccountRecord {
                id: user.into(),
                email: email.into(),
                password_hash: "h".into(),
                created_at: 1,
            })
            .await
            .unwrap();
    }

    // Granting and revoking, by email as the CLI does.
    assert!(!s.admin.is_admin(ann).await.unwrap());
    let grant = |email: &'static str| {
        let s = s.clone();
        async move { admin_service::grant(s.accounts.as_ref(), s.admin.as_ref(), email, NOW).await }
    };
    assert_eq!(
        grant("Ann@Example.com ").await.unwrap(),
        AdminChange::Granted
    );
    assert_eq!(
        grant("ann@example.com").await.unwrap(),
        AdminChange::AlreadyAdmin
    );
    assert!(matches!(
        grant("nobody@example.com").await,
        Err(AdminError::UnknownEmail(e)) if e == "nobody@example.com"
    ));
    assert!(s.admin.is_admin(ann).await.unwrap());
    assert!(
        !s.admin.is_admin(bob).await.unwrap(),
        "admin is per climber"
    );
    let admins = s.admin.admins().await.unwrap();
    assert_eq!(admins.len(), 1);
    assert_eq!(
        (admins[0].email.as_str(), admins[0].granted_at),
        ("ann@example.com", NOW)
    );

    // Activity: Ann today (a session), Bob 3 days ago (a run), Cid 20 days ago (an entry).
    s.sessions
        .insert("h-ann", ann, NOW / 1000 - 60)
        .await
        .unwrap();
    s.runs
        .record(&run(
            "r1",
            bob,
            NOW - 3 * DAY_MS,
            RunStatus::Ok,
            &[true, false],
        ))
        .await
        .unwrap();
    s.runs
        .record(&run("r2", bob, NOW - 3 * DAY_MS + 1, RunStatus::Error, &[]))
        .await
        .unwrap();
    s.runs
        .record(&run("r3", bob, NOW - 40 * DAY_MS, RunStatus::Ok, &[true]))
        .await
        .unwrap();
    s.journal
        .insert(cid, &entry(id("e1"), NOW - 20 * DAY_MS))
        .await
        .unwrap();
    s.journal
        .insert(cid, &entry(id("e2"), NOW - 20 * DAY_MS + 5))
        .await
        .unwrap();
    let active = s.admin.active_climbers(NOW).await.unwrap();
    assert_eq!((active.daily, active.weekly, active.monthly), (1, 2, 3));

    let from = ms_day(NOW - 29 * DAY_MS);
    let days = s.admin.daily(&from).await.unwrap();
    assert_eq!(days.len(), 2, "{days:?}");
    let (entries_day, runs_day) = (&days[0], &days[1]);
    assert_eq!(entries_day.day, ms_day(NOW - 20 * DAY_MS));
    assert_eq!(
        (entries_day.sessions_logged, entries_day.coach_turns),
        (2, 0)
    );
    assert_eq!(runs_day.day, ms_day(NOW - 3 * DAY_MS));
    assert_eq!(
        (
            runs_day.coach_turns,
            runs_day.tokens_in,
            runs_day.tokens_out,
            runs_day.errors,
            runs_day.tool_calls,
            runs_day.tool_failures
        ),
        (2, 200, 40, 1, 2, 1)
    );

    // The daily snapshot of table sizes, replaced when taken again the same day.
    let today = ms_day(NOW);
    assert!(!s.admin.has_table_sizes(&today).await.unwrap());
    s.admin.record_table_sizes(&today, NOW).await.unwrap();
    s.admin.record_table_sizes(&today, NOW + 1).await.unwrap();
    assert!(s.admin.has_table_sizes(&today).await.unwrap());
    let sizes = s.admin.table_sizes(&from).await.unwrap();
    let of = |t: &str| sizes.iter().filter(|r| r.table == t).collect::<Vec<_>>();
    assert_eq!(of("accounts").len(), 1, "{sizes:?}");
    assert_eq!(of("accounts")[0].rows, 3);
    assert_eq!(of("accounts")[0].day, today);
    assert!(of("accounts")[0].bytes.unwrap() > 0);
    assert_eq!(of("journal_entries")[0].rows, 2);
    assert_eq!(of("conversation_history")[0].rows, 3);
    assert!(
        s.admin
            .table_sizes(&ms_day(NOW + DAY_MS))
            .await
            .unwrap()
            .is_empty(),
        "from a later day: nothing"
    );

    assert!(s.admin.revoke(ann).await.unwrap());
    assert!(!s.admin.revoke(ann).await.unwrap());
    assert!(!s.admin.is_admin(ann).await.unwrap());
    assert!(s.admin.admins().await.unwrap().is_empty());
}

#[tokio::test]
async fn libsql_admin_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("a.db")).await.unwrap();
    migrate::run(&db, &migrate::embedded()).await.unwrap();
    admin_contract(AppStores::libsql(&db)).await;
}

#[tokio::test]
async fn postgres_admin_store() {
    let Some(test_pg) = support::postgres::TestPg::fresh().await else {
        return;
    };
    admin_contract(AppStores::postgres(&test_pg.pg)).await;
}

/// On PostgreSQL the admin role reads the aggregate views and nothing else: not a climber's
/// journal, not the accounts table.
#[tokio::test]
async fn postgres_admin_role_reads_only_the_views() {
    let Some(test_pg) = support::postgres::TestPg::fresh().await else {
        return;
    };
    let mut tx = test_pg
        .pg
        .begin(climbingpill::server::pg::Actor::Admin)
        .await
        .unwrap();
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM admin_last_active")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(n, 0);
    tx.commit().await.unwrap();
    for table in ["journal_entries", "accounts", "conversation_history"] {
        let mut tx = test_pg
            .pg
            .begin(climbingpill::server::pg::Actor::Admin)
            .await
            .unwrap();
        let denied = sqlx::query(&format!("SELECT * FROM {table}"))
            .fetch_all(&mut *tx)
            .await
            .unwrap_err();
        assert!(
            denied.to_string().contains("permission denied"),
            "{table}: {denied}"
        );
    }
}

/// A climber (role `authenticated`) sees only their own row of `admins` and can't grant
/// themselves; `table_growth` is not theirs at all.
#[tokio::test]
async fn postgres_a_climber_cannot_make_themselves_admin() {
    let Some(test_pg) = support::postgres::TestPg::fresh().await else {
        return;
    };
    let s = AppStores::postgres(&test_pg.pg);
    let (ann, bob) = (id("ann"), id("bob"));
    for (user, email) in [(ann, "ann@example.com"), (bob, "bob@example.com")] {
        s.accounts
            .create(&AccountRecord {
                id: user.into(),
                email: email.into(),
                password_hash: "h".into(),
                created_at: 1,
            })
            .await
            .unwrap();
    }
    s.admin.grant(ann, NOW).await.unwrap();
    let as_bob = || test_pg.pg.begin(climbingpill::server::pg::Actor::User(bob));
    let mut tx = as_bob().await.unwrap();
    let seen: i64 = sqlx::query_scalar("SELECT count(*) FROM admins")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(seen, 0, "Bob doesn't see that Ann is an admin");
    tx.commit().await.unwrap();
    for sql in [
        format!("INSERT INTO admins (user_id, granted_at) VALUES ('{bob}', now())"),
        "SELECT count(*) FROM table_growth".to_string(),
        "SELECT count(*) FROM admin_last_active".to_string(),
    ] {
        let mut tx = as_bob().await.unwrap();
        let refused = sqlx::query(&sql).execute(&mut *tx).await.unwrap_err();
        assert!(
            refused.to_string().contains("permission denied"),
            "{sql}: {refused}"
        );
    }
    assert!(!s.admin.is_admin(bob).await.unwrap());
    assert!(s.admin.is_admin(ann).await.unwrap());
}

async fn make_admin(app: &TestApp, email: &str) {
    let s = &app.state.stores;
    let done = admin_service::grant(s.accounts.as_ref(), s.admin.as_ref(), email, NOW)
        .await
        .unwrap();
    assert_eq!(done, AdminChange::Granted);
}

fn is_admin_in_me(body: &str) -> bool {
    let v: serde_json::Value = serde_json::from_str(body).unwrap();
    v["admin"].as_bool().unwrap()
}

async fn dashboard_over_http(app: TestApp) {
    let climber = app.signup("climber@example.com").await;
    let admin = app.signup("boss@example.com").await;
    make_admin(&app, "boss@example.com").await;
    // Some activity: a journal entry by the climber.
    let saved = support::post_json(
        &app,
        "/api/journal/save",
        serde_json::json!({"entry": {"date": "2027-01-14", "kind": "bouldering",
            "duration_min": "45", "rpe": "6", "location": "", "climbs": [], "pain": [],
            "notes": "private words", "tags": ""}}),
        &climber,
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);

    // Strangers and climbers: 404, from the server function and the page alike.
    for cookie in [None, Some(climber.as_str())] {
        let r = app.post("/api/admin/dashboard", "", cookie).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{cookie:?}: {}", r.body);
        let r = app.post("/api/admin/board", "", cookie).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{cookie:?}: {}", r.body);
        let page = app.get("/admin", cookie).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{cookie:?}");
        assert!(page.body.contains("Off route"), "the usual 404 page");
        assert!(!page.body.contains("Slow queries"));
    }
    let me = app.post("/api/me", "", Some(&climber)).await;
    assert!(!is_admin_in_me(&me.body));

    // The admin: the data, and the page.
    let me = app.post("/api/me", "", Some(&admin)).await;
    assert!(is_admin_in_me(&me.body));
    let r = app.post("/api/admin/dashboard", "", Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let d: Dashboard = serde_json::from_str(&r.body).unwrap();
    assert_eq!(d.admins.len(), 1);
    assert_eq!(d.admins[0].email, "boss@example.com");
    assert_eq!(d.activity.days.len(), DAYS);
    assert_eq!(d.agent.days.len(), DAYS);
    assert_eq!(d.activity.active.daily, 2, "both signed in just now");
    assert_eq!(
        d.activity.days.last().unwrap().sessions_logged
            + d.activity.days.iter().rev().nth(1).unwrap().sessions_logged,
        1,
        "the entry, on the day it was saved"
    );
    assert_eq!(d.funnel.len(), 7);
    assert!(!d.slow_queries.is_empty(), "the store layer's statements");
    assert!(d.slow_queries.len() <= 20);
    assert!(d.slow_queries[0].ms >= d.slow_queries.last().unwrap().ms);
    assert!(d.slow_queries.iter().all(|q| q.site.contains(".rs:")));
    assert!(
        d.slow_queries.iter().all(|q| !q.sql.starts_with("--")),
        "migration files are not requests' statements: {:?}",
        d.slow_queries
    );
    assert!(
        d.growth.iter().any(|t| t.table == "accounts"),
        "the snapshot taken at start: {:?}",
        d.growth
    );
    // Aggregates only: no climber's email, no note.
    assert!(!r.body.contains("climber@example.com"));
    assert!(!r.body.contains("private words"));

    let page = app.get("/admin", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    for section in [
        "Memory",
        "Activity",
        "Data growth",
        "Slow queries",
        "Onboarding funnel",
        "Agent",
    ] {
        assert!(
            page.body.contains(section),
            "{section} missing: {}",
            page.body
        );
    }
    assert!(!page.body.contains("private words"));

    // The page's board, drawn by the server: the same sections as markup, the admin's email
    // in its list, and still no climber's data.
    let r = app.post("/api/admin/board", "", Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let board: String = serde_json::from_str(&r.body).unwrap();
    assert!(board.contains("<h1>Admin</h1>"), "{board}");
    for part in [
        "Slow queries",
        "Onboarding funnel",
        "boss@example.com",
        "<svg",
    ] {
        assert!(board.contains(part), "{part} missing: {board}");
    }
    assert!(!board.contains("climber@example.com"));
    assert!(!board.contains("private words"));
}

#[tokio::test]
async fn dashboard_is_404_except_for_admins_on_libsql() {
    dashboard_over_http(TestApp::new().await).await;
}

#[tokio::test]
async fn dashboard_is_404_except_for_admins_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    dashboard_over_http(app).await;
}

fn cli(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_climbingpill"));
    cmd.args(args)
        .env("CLIMBINGPILL_DATA_DIR", dir)
        .env("RUST_LOG", "warn")
        .env_remove("SUPABASE_DB_URL")
        .env_remove("MEMORY_DB_URL")
        .env_remove("METRICS_ADDR");
    cmd.output().unwrap()
}

#[tokio::test]
async fn admin_cli_grants_and_revokes_and_refuses_an_unknown_email() {
    let app = TestApp::new().await;
    let cookie = app.signup("ops@example.com").await;
    let dir = app.dir.path();

    let out = cli(dir, &["admin", "grant", "nobody@example.com"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no account has the email nobody@example.com"),
        "{err}"
    );

    let out = cli(dir, &["admin", "grant", "ops@example.com"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("is an admin now"));
    let r = app.post("/api/admin/dashboard", "", Some(&cookie)).await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "the running server sees the grant"
    );

    let out = cli(dir, &["admin", "revoke", "ops@example.com"]);
    assert!(out.status.success());
    let r = app.post("/api/admin/dashboard", "", Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let out = cli(dir, &["admin", "promote", "ops@example.com"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("admin takes grant EMAIL or revoke EMAIL")
    );
}
