//! Co-coaches over HTTP (issue 21), on libSQL and PostgreSQL: a coach makes a coach's link,
//! the invited climber sees it is for coaching and who coaches the team, accepts, and then
//! sees the team's athletes' shared areas (and not the unshared ones); the athlete's card and
//! invite page list every coach. Another team's coach can't make a coach's link; a used link
//! says so.
mod support;

use axum::http::StatusCode;
use serde_json::json;
use support::{post_json, v, TestApp};

async fn call(app: &TestApp, f: &str, body: serde_json::Value, cookie: &str) -> support::Reply {
    post_json(app, &format!("/api/team/{f}"), body, cookie).await
}

async fn ok(app: &TestApp, f: &str, body: serde_json::Value, cookie: &str) -> serde_json::Value {
    let r = call(app, f, body, cookie).await;
    assert_eq!(r.status, StatusCode::OK, "{f}: {}", r.body);
    v(&r)
}

fn token(link: &serde_json::Value) -> String {
    let path = link["path"].as_str().unwrap();
    path.strip_prefix("/invite/").unwrap().to_string()
}

async fn flow(app: &TestApp) {
    let coach = app.signup("coach@example.com").await;
    let co = app.signup("co@example.com").await;
    let athlete = app.signup("athlete@example.com").await;
    let stranger = app.signup("stranger@example.com").await;
    let athlete_id = app
        .state
        .stores
        .accounts
        .find_by_email("athlete@example.com")
        .await
        .unwrap()
        .unwrap()
        .id;
    let team_id = ok(app, "create", json!({"name": "Duo"}), &coach).await;
    let team_id = team_id.as_str().unwrap().to_string();

    // The athlete joins sharing the journal only, and logs a session.
    let link = ok(app, "invite", json!({"team_id": team_id}), &coach).await;
    let sharing =
        json!({"journal": true, "assessments": false, "programs": false, "progress": false});
    ok(
        app,
        "invite/accept",
        json!({"token": token(&link), "name": "Bea", "sharing": sharing}),
        &athlete,
    )
    .await;
    let r = post_json(
        app,
        "/api/journal/save",
        json!({"id": null, "entry": {"date": "2027-01-14", "kind": "bouldering",
               "duration_min": "90", "rpe": "7", "notes": "Project burns"}}),
        &athlete,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // Only a coach of the team makes a coach's link.
    let r = call(app, "invite-coach", json!({"team_id": team_id}), &stranger).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = call(app, "invite-coach", json!({"team_id": team_id}), "").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let link = ok(app, "invite-coach", json!({"team_id": team_id}), &coach).await;
    let t = token(&link);

    // The invited climber sees it is for coaching, and who coaches now.
    let p = ok(app, "invite/preview", json!({"token": t}), &co).await;
    assert_eq!(p["for_coach"], true, "{p}");
    assert_eq!(p["coaches"].as_array().unwrap().len(), 1, "{p}");
    ok(
        app,
        "invite/accept",
        json!({"token": t, "name": "Dee", "sharing": sharing}),
        &co,
    )
    .await;

    // The co-coach's Team page lists the athlete; the athlete's page shows the journal only.
    let o = ok(app, "overview", json!({}), &co).await;
    assert_eq!(
        o["coached"][0]["athletes"].as_array().unwrap().len(),
        1,
        "{o}"
    );
    let a = ok(app, "athlete", json!({"athlete_id": athlete_id}), &co).await;
    assert!(a["journal"].as_array().is_some(), "{a}");
    assert!(a["assessments"].is_null() && a["progress"].is_null(), "{a}");

    // The athlete's card lists both coaches.
    let o = ok(app, "overview", json!({}), &athlete).await;
    let coaches = &o["memberships"][0]["coaches"];
    assert_eq!(coaches.as_array().unwrap().len(), 2, "{o}");
    assert!(coaches.to_string().contains("Dee"), "{o}");

    // A used link says so; the athlete stopping sharing holds for the co-coach too.
    let r = call(app, "invite/preview", json!({"token": t}), &stranger).await;
    assert!(r.body.contains("already been used"), "{}", r.body);
    ok(
        app,
        "sharing",
        json!({"team_id": team_id, "sharing": {"journal": false, "assessments": false,
               "programs": false, "progress": false}}),
        &athlete,
    )
    .await;
    let a = ok(app, "athlete", json!({"athlete_id": athlete_id}), &co).await;
    assert!(a["journal"].is_null(), "{a}");

    // The co-coach stops coaching: off the team, the athlete's card names the maker alone;
    // the maker can't leave their own team.
    let o = ok(app, "overview", json!({}), &co).await;
    assert_eq!(o["coached"][0]["maker"], false, "{o}");
    let o = ok(app, "overview", json!({}), &coach).await;
    assert_eq!(o["coached"][0]["maker"], true, "{o}");
    let r = call(app, "leave", json!({"team_id": team_id}), &coach).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    ok(app, "leave", json!({"team_id": team_id}), &co).await;
    let o = ok(app, "overview", json!({}), &co).await;
    assert!(o["coached"].as_array().unwrap().is_empty(), "{o}");
    let r = call(app, "athlete", json!({"athlete_id": athlete_id}), &co).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let o = ok(app, "overview", json!({}), &athlete).await;
    assert_eq!(o["memberships"][0]["coaches"], json!(["Your coach"]), "{o}");
}

#[tokio::test]
async fn co_coach_on_libsql() {
    flow(&TestApp::new().await).await;
}

#[tokio::test]
async fn co_coach_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    flow(&app).await;
}
