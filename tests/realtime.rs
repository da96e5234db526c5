//! Live progress: `GET /api/progress/events` tells a climber's open pages that their journal
//! changed, and tells nobody else. With PostgreSQL the notice crosses app instances
//! (NOTIFY/LISTEN): a page open on one instance hears an entry saved through another.
mod support;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::json;
use support::{post_json, TestApp};

type Events = axum::body::Body;

/// Opens the event stream as the climber with `cookie`.
async fn open_events(app: &TestApp, cookie: &str) -> Events {
    use tower::ServiceExt;
    let req = Request::get("/api/progress/events")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[header::CONTENT_TYPE].to_str().unwrap(),
        "text/event-stream"
    );
    res.into_body()
}

/// The next event's text within `wait`, skipping keep-alive comments; `None` if none came.
async fn next_event(events: &mut Events, wait: Duration) -> Option<String> {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let frame = tokio::time::timeout_at(deadline, events.frame())
            .await
            .ok()??;
        let data = frame.ok()?.into_data().ok()?;
        let text = String::from_utf8_lossy(&data).into_owned();
        if text.contains("event:") {
            return Some(text);
        }
    }
}

fn entry() -> serde_json::Value {
    json!({"entry": {
        "date": "2027-01-14", "kind": "bouldering", "duration_min": "60", "rpe": "7",
        "location": "", "climbs": [{"grade": "V4", "style": "flash"}], "pain": [],
        "notes": "", "tags": ""
    }})
}

/// `saver` saves an entry for `ann`; ann's page on `viewer` hears it, bob's doesn't.
async fn only_the_climbers_own_pages_hear_of_a_change(viewer: &TestApp, saver: &TestApp) {
    let ann = viewer.signup("ann@example.com").await;
    let bob = viewer.signup("bob@example.com").await;
    let mut ann_page = open_events(viewer, &ann).await;
    let mut bob_page = open_events(viewer, &bob).await;
    // Subscribed once the response started; give a LISTEN connection a moment on Postgres.
    tokio::time::sleep(Duration::from_millis(200)).await;

    let r = post_json(saver, "/api/journal/save", entry(), &ann).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let event = next_event(&mut ann_page, Duration::from_secs(5))
        .await
        .expect("ann's page is told");
    assert!(event.contains("event: journal-changed"), "{event}");
    assert_eq!(
        next_event(&mut bob_page, Duration::from_millis(500)).await,
        None,
        "bob hears nothing of ann's journal"
    );
}

#[tokio::test]
async fn a_saved_entry_reaches_the_climbers_open_pages_only() {
    let app = TestApp::new().await;
    only_the_climbers_own_pages_hear_of_a_change(&app, &app).await;
}

#[tokio::test]
async fn with_postgres_a_change_on_one_instance_reaches_pages_on_another() {
    let Some(first) = TestApp::postgres().await else {
        return;
    };
    let url = first.pg.as_ref().unwrap().url.clone();
    let second = TestApp::with(
        &[("SUPABASE_DB_URL", url.as_str())],
        climbingpill::server::auth::service::AuthLimits::default(),
    )
    .await;
    only_the_climbers_own_pages_hear_of_a_change(&first, &second).await;
}

#[tokio::test]
async fn the_event_stream_needs_a_session() {
    let app = TestApp::new().await;
    let r = app.get("/api/progress/events", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}
