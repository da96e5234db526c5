//! Faults of the PostgreSQL backend, through the real router: the database restarting
//! mid-run and a statement running past the timeout. Each must reach the climber as a clear
//! "try again" (503), save nothing half-way, and the app must recover by itself.
//!
//! The restart needs a cluster this run owns (`TEST_PG_CTL`, set by scripts/test.sh); the
//! tests take turns because stopping the server would break a neighbour.
mod support;

use axum::http::StatusCode;
use climbingpill::api::ApiError;
use serde_json::json;
use sqlx::{Connection, Executor, PgConnection};
use support::{post_json, v, TestApp};

static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn entry(notes: &str) -> serde_json::Value {
    json!({"entry": {
        "date": "2027-01-14", "kind": "bouldering", "duration_min": "60", "rpe": "7",
        "location": "", "climbs": [], "pain": [], "notes": notes, "tags": ""
    }})
}

/// The journal list's query with every filter off.
fn all() -> serde_json::Value {
    json!({"from": "", "to": "", "kind": "", "text": "", "page": 1})
}

async fn entry_count(app: &TestApp, cookie: &str) -> u64 {
    let r = post_json(app, "/api/journal/list", json!({"query": all()}), cookie).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    v(&r)["total"].as_u64().unwrap()
}

fn pg_ctl(action: &str) {
    let ctl = std::env::var("TEST_PG_CTL").unwrap();
    let args: &[&str] = if action == "stop" {
        &["stop", "-m", "fast"]
    } else {
        &["start"]
    };
    let status = std::process::Command::new(&ctl)
        .args(args)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "{ctl} {action}");
}

#[tokio::test]
async fn a_database_restart_fails_requests_clearly_and_then_they_work_again() {
    let _turn = ONE_AT_A_TIME.lock().await;
    if std::env::var_os("TEST_PG_CTL").is_none() {
        eprintln!("restart test skipped: no cluster of our own to restart (TEST_PG_CTL)");
        return;
    }
    let Some(app) = TestApp::postgres_with(&[("PG_CONNECT_TIMEOUT_SECS", "1")]).await else {
        return;
    };
    let c = app.signup("restart@example.com").await;
    let r = post_json(&app, "/api/journal/save", entry("before"), &c).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    pg_ctl("stop");
    let down = post_json(&app, "/api/journal/save", entry("while down"), &c).await;
    let list = post_json(&app, "/api/journal/list", json!({"query": all()}), &c).await;
    let ready = app.get("/readyz", None).await;
    pg_ctl("start");

    for r in [&down, &list] {
        assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
        assert_eq!(r.error(), ApiError::Unavailable);
        assert!(r.error().to_string().contains("try again"));
    }
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);

    // Back up: the same climber, the same session cookie, and only the first entry.
    assert_eq!(entry_count(&app, &c).await, 1);
    let r = post_json(&app, "/api/journal/save", entry("after"), &c).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(entry_count(&app, &c).await, 2);
    assert_eq!(app.get("/readyz", None).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_statement_timeout_is_a_clear_error_and_saves_nothing() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let Some(app) = TestApp::postgres_with(&[("PG_STATEMENT_TIMEOUT_MS", "300")]).await else {
        return;
    };
    let c = app.signup("slow@example.com").await;
    // Another client holds the journal table, so the save waits past the timeout.
    let url = &app.pg.as_ref().unwrap().url;
    let mut blocker = PgConnection::connect(url).await.unwrap();
    blocker.execute("BEGIN").await.unwrap();
    blocker
        .execute("LOCK TABLE journal_entries IN ACCESS EXCLUSIVE MODE")
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let r = post_json(&app, "/api/journal/save", entry("slow"), &c).await;
    let waited = started.elapsed();
    blocker.execute("ROLLBACK").await.unwrap();

    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert_eq!(r.error(), ApiError::Unavailable);
    assert!(
        waited < std::time::Duration::from_secs(5),
        "cancelled by the timeout, not left waiting ({waited:?})"
    );
    assert_eq!(entry_count(&app, &c).await, 0, "nothing half-saved");
    let r = post_json(&app, "/api/journal/save", entry("fast"), &c).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(entry_count(&app, &c).await, 1);
}

/// jsonb can't hold a NUL character; a draft is kept as typed, so one pasted into a form
/// must not fail the save (libSQL keeps it; here it is dropped).
#[tokio::test]
async fn a_nul_character_in_a_draft_does_not_fail_the_save() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    let c = app.signup("nul@example.com").await;
    let draft = json!({"draft": {"background": {
        "years_climbing": "4", "hardest_boulder": "V5", "hardest_boulder_style": "redpoint",
        "hardest_route": "", "hardest_route_style": "", "goal_discipline": "boulder",
        "goal_grade": "V7", "target_date": "", "days_per_week": "7", "session_minutes": "120",
        "equipment": [], "injuries": "left\u{0} knee"
    }, "tests": {
        "bodyweight_kg": "70", "max_hang_added_kg": "", "max_hang_seconds": "", "pull_kind": "",
        "pull_value": "", "endurance_kind": "", "endurance_value": "", "power_kind": "",
        "power_value": "", "core_kind": "", "core_value": "", "leg_span_cm": ""
    }}});
    let r = post_json(&app, "/api/assessment/background", draft, &c).await;
    // Refused for the seven days, as on libSQL, with the draft kept.
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.error().for_field("days_per_week").is_some(), "{}", r.body);
    let r = post_json(&app, "/api/assessment/draft", json!({}), &c).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(v(&r)["background"]["injuries"], "left knee");
    assert_eq!(v(&r)["background"]["goal_grade"], "V7");
}
