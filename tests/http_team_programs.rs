//! Coach-proposed program changes over HTTP (issue 21), on libSQL and PostgreSQL: the coach
//! proposes moved and skipped sessions or a new program from the athlete's latest
//! assessment; the athlete's active program is unchanged until they accept; accept applies,
//! decline doesn't; an edit made before the program changed is refused; another team's coach
//! gets 404; unshared programs or assessments are refused with clear words; anon gets 401.
mod support;

use axum::http::StatusCode;
use serde_json::{json, Value};
use support::{post_json, v, TestApp};

async fn ok(app: &TestApp, path: &str, body: Value, cookie: &str) -> Value {
    let r = post_json(app, &format!("/api/{path}"), body, cookie).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
    v(&r)
}

async fn status(app: &TestApp, path: &str, body: Value, cookie: &str) -> (StatusCode, String) {
    let r = post_json(app, &format!("/api/{path}"), body, cookie).await;
    (r.status, r.body)
}

async fn assess(app: &TestApp, cookie: &str) {
    let draft = json!({"draft": {
        "background": {
            "years_climbing": "4", "hardest_boulder": "V5", "hardest_boulder_style": "redpoint",
            "hardest_route": "7a", "hardest_route_style": "redpoint", "goal_discipline": "boulder",
            "goal_grade": "V7", "target_date": "", "days_per_week": "3", "session_minutes": "120",
            "equipment": ["gym", "hangboard", "weights"], "injuries": ""
        },
        "tests": {
            "bodyweight_kg": "70", "max_hang_added_kg": "0", "max_hang_seconds": "10",
            "pull_kind": "max_reps", "pull_value": "12", "endurance_kind": "", "endurance_value": "",
            "power_kind": "", "power_value": "", "core_kind": "", "core_value": "", "leg_span_cm": ""
        }
    }});
    ok(app, "assessment/finish", draft, cookie).await;
}

async fn join(app: &TestApp, coach: &str, team_id: &str, athlete: &str, name: &str) {
    let link = ok(app, "team/invite", json!({"team_id": team_id}), coach).await;
    let token = link["path"]
        .as_str()
        .unwrap()
        .trim_start_matches("/invite/");
    let all = json!({"journal": true, "assessments": true, "programs": true, "progress": true});
    ok(
        app,
        "team/invite/accept",
        json!({"token": token, "name": name, "sharing": all}),
        athlete,
    )
    .await;
}

async fn user_id(app: &TestApp, email: &str) -> String {
    app.state
        .stores
        .accounts
        .find_by_email(email)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// The first move of a planned session to another day of its week that the rules allow.
async fn a_valid_move(app: &TestApp, coach: &str, athlete_id: &str, view: &Value) -> Value {
    let sessions = view["sessions"].as_array().unwrap();
    for s in sessions {
        let id = s["id"].as_str().unwrap();
        let d = &s["date"];
        let (y, m, day) = (
            d["year"].as_i64().unwrap(),
            d["month"].as_i64().unwrap(),
            d["day"].as_i64().unwrap(),
        );
        for delta in [1, -1, 2, -2, 3, -3] {
            let to = day + delta;
            if !(1..=28).contains(&to) {
                continue;
            }
            let date = format!("{y}-{m:02}-{to:02}");
            let body = json!({"athlete_id": athlete_id,
                "changes": [{"session_id": id, "action": "move", "date": date}],
                "note": "Move it: you have a comp that day"});
            let (st, body) = status(app, "team/proposals/edit", body, coach).await;
            if st == StatusCode::OK {
                return serde_json::from_str(&body).unwrap();
            }
        }
    }
    panic!("no session could be moved");
}

async fn flow(app: &TestApp) {
    let coach = app.signup("pcoach@example.com").await;
    let athlete = app.signup("pathlete@example.com").await;
    let stranger = app.signup("pother@example.com").await;
    let fresh = app.signup("pfresh@example.com").await;
    let athlete_id = user_id(app, "pathlete@example.com").await;
    let fresh_id = user_id(app, "pfresh@example.com").await;
    let r = app
        .post(
            "/api/profile/save",
            &support::form(&[
                ("display_name", "Cam"),
                ("bodyweight_kg", ""),
                ("boulder_grades", "v"),
                ("route_grades", "french"),
                ("goals", ""),
            ]),
            Some(&coach),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assess(app, &athlete).await;
    let mine = ok(
        app,
        "programs/generate",
        json!({"replace": false}),
        &athlete,
    )
    .await;
    let program_id = mine["program"]["id"].as_str().unwrap().to_string();

    // Anon: nothing.
    for path in [
        "team/proposals/generate",
        "team/proposals/edit",
        "team/proposals",
        "programs/proposals",
        "programs/proposals/accept",
        "programs/proposals/decline",
    ] {
        let (st, _) = status(
            app,
            path,
            json!({"athlete_id": athlete_id, "note": "", "changes": [], "id": "x"}),
            "",
        )
        .await;
        assert_eq!(st, StatusCode::UNAUTHORIZED, "{path}");
    }

    let team_id = ok(app, "team/create", json!({"name": "Crimp Crew"}), &coach).await;
    let team_id = team_id.as_str().unwrap().to_string();
    ok(app, "team/create", json!({"name": "Other"}), &stranger).await;
    // Not on the team yet: not found.
    let (st, _) = status(
        app,
        "team/proposals/generate",
        json!({"athlete_id": athlete_id, "note": ""}),
        &coach,
    )
    .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    join(app, &coach, &team_id, &athlete, "Bea").await;
    join(app, &coach, &team_id, &fresh, "Fred").await;

    // Server-side checks: a session of no program of theirs, a day outside its week.
    let first = mine["sessions"][0]["id"].as_str().unwrap();
    let (st, body) = status(
        app,
        "team/proposals/edit",
        json!({"athlete_id": athlete_id, "note": "",
               "changes": [{"session_id": "nope", "action": "skip"}]}),
        &coach,
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("isn't in their active program"), "{body}");
    let (st, body) = status(
        app,
        "team/proposals/edit",
        json!({"athlete_id": athlete_id, "note": "",
               "changes": [{"session_id": first, "action": "move", "date": "2030-01-01"}]}),
        &coach,
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("same week"), "{body}");
    let (st, _) = status(
        app,
        "team/proposals/edit",
        json!({"athlete_id": athlete_id, "note": "x".repeat(501),
               "changes": [{"session_id": first, "action": "skip"}]}),
        &coach,
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);

    // Another team's coach: 404 for every coach call.
    for (path, body) in [
        (
            "team/proposals/generate",
            json!({"athlete_id": athlete_id, "note": ""}),
        ),
        (
            "team/proposals/edit",
            json!({"athlete_id": athlete_id, "note": "",
                   "changes": [{"session_id": first, "action": "skip"}]}),
        ),
    ] {
        let (st, _) = status(app, path, body, &stranger).await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(
        ok(
            app,
            "team/proposals",
            json!({"athlete_id": athlete_id}),
            &stranger
        )
        .await,
        json!([])
    );

    // A move, proposed: the athlete's program is unchanged until they decide.
    let proposal = a_valid_move(app, &coach, &athlete_id, &mine).await;
    assert_eq!(proposal["kind"], "edit");
    assert_eq!(proposal["summary"]["moved"].as_array().unwrap().len(), 1);
    let current = ok(app, "programs/current", json!({}), &athlete).await;
    assert_eq!(current["sessions"], mine["sessions"]);
    let cards = ok(app, "programs/proposals", json!({}), &athlete).await;
    assert_eq!(cards.as_array().unwrap().len(), 1);
    assert_eq!(cards[0]["coach_name"], "Cam");
    assert_eq!(cards[0]["note"], "Move it: you have a comp that day");
    assert_eq!(cards[0]["stale"], false);
    // Nobody else decides it.
    let pid = proposal["id"].as_str().unwrap().to_string();
    for who in [&coach, &stranger] {
        let (st, _) = status(app, "programs/proposals/accept", json!({"id": pid}), who).await;
        assert_eq!(st, StatusCode::NOT_FOUND);
    }

    // Decline: recorded, nothing changes.
    ok(
        app,
        "programs/proposals/decline",
        json!({"id": pid}),
        &athlete,
    )
    .await;
    assert_eq!(
        ok(app, "programs/proposals", json!({}), &athlete).await,
        json!([])
    );
    let current = ok(app, "programs/current", json!({}), &athlete).await;
    assert_eq!(current["sessions"], mine["sessions"]);
    let coach_list = ok(
        app,
        "team/proposals",
        json!({"athlete_id": athlete_id}),
        &coach,
    )
    .await;
    assert_eq!(coach_list[0]["status"], "declined");
    let (st, _) = status(
        app,
        "programs/proposals/accept",
        json!({"id": pid}),
        &athlete,
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT);

    // Proposed again and accepted: the move is in the program.
    let proposal = a_valid_move(app, &coach, &athlete_id, &mine).await;
    let moved = &proposal["summary"]["moved"][0];
    let pid = proposal["id"].as_str().unwrap().to_string();
    ok(
        app,
        "programs/proposals/accept",
        json!({"id": pid}),
        &athlete,
    )
    .await;
    let current = ok(app, "programs/current", json!({}), &athlete).await;
    assert_eq!(current["program"]["id"], json!(program_id));
    assert!(current["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["date"] == moved["to"] && s["planned"]["title"] == moved["title"]));
    assert_ne!(current["sessions"], mine["sessions"]);

    // An edit proposed, then the athlete skips a session themself: accepting is refused.
    let proposal = a_valid_move(app, &coach, &athlete_id, &current).await;
    let pid = proposal["id"].as_str().unwrap().to_string();
    let skip = current["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|s| s["status"] == "planned")
        .unwrap()["id"]
        .clone();
    ok(app, "programs/skip", json!({"id": skip}), &athlete).await;
    let cards = ok(app, "programs/proposals", json!({}), &athlete).await;
    assert_eq!(cards[0]["stale"], true);
    let (st, body) = status(
        app,
        "programs/proposals/accept",
        json!({"id": pid}),
        &athlete,
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT);
    assert!(body.contains("changed since your coach proposed"), "{body}");
    let before_new = ok(app, "programs/current", json!({}), &athlete).await;

    // A new program from the latest assessment: replaces the pending edit, then accepted;
    // the old program stays in the history.
    let proposal = ok(
        app,
        "team/proposals/generate",
        json!({"athlete_id": athlete_id, "note": "A fresh block for the spring"}),
        &coach,
    )
    .await;
    assert_eq!(proposal["kind"], "generate");
    let cards = ok(app, "programs/proposals", json!({}), &athlete).await;
    assert_eq!(cards.as_array().unwrap().len(), 1, "one pending per coach");
    assert_eq!(
        ok(app, "programs/current", json!({}), &athlete).await,
        before_new
    );
    let pid = proposal["id"].as_str().unwrap().to_string();
    ok(
        app,
        "programs/proposals/accept",
        json!({"id": pid}),
        &athlete,
    )
    .await;
    let current = ok(app, "programs/current", json!({}), &athlete).await;
    assert_ne!(current["program"]["id"], json!(program_id));
    let history = ok(app, "programs/history", json!({}), &athlete).await;
    assert_eq!(history.as_array().unwrap().len(), 2);

    // No assessment: refused with words.
    let (st, body) = status(
        app,
        "team/proposals/generate",
        json!({"athlete_id": fresh_id, "note": ""}),
        &coach,
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT);
    assert!(body.contains("hasn't taken an assessment"), "{body}");

    // Assessments unshared: no new program. Programs unshared: no proposal at all.
    let share = |assessments: bool, programs: bool| {
        json!({"team_id": team_id, "sharing": {"journal": true, "assessments": assessments,
               "programs": programs, "progress": true}})
    };
    ok(app, "team/sharing", share(false, true), &athlete).await;
    let (st, body) = status(
        app,
        "team/proposals/generate",
        json!({"athlete_id": athlete_id, "note": ""}),
        &coach,
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT);
    assert!(body.contains("doesn't share their assessments"), "{body}");
    ok(app, "team/sharing", share(true, false), &athlete).await;
    let (st, body) = status(
        app,
        "team/proposals/generate",
        json!({"athlete_id": athlete_id, "note": ""}),
        &coach,
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT);
    assert!(body.contains("doesn't share their program"), "{body}");
    assert_eq!(
        ok(
            app,
            "team/proposals",
            json!({"athlete_id": athlete_id}),
            &coach
        )
        .await,
        json!([])
    );
}

#[tokio::test]
async fn coach_proposals_on_libsql() {
    flow(&TestApp::new().await).await;
}

#[tokio::test]
async fn coach_proposals_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    flow(&app).await;
}
