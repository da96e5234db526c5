//! The coach agent's team tools (issue 21) on libSQL and PostgreSQL: `list_athletes` and
//! `athlete_summary` run as the signed-in coach (the context's id, never an argument), show
//! only what each athlete shares, say "not shared" for the rest, refuse a climber who coaches
//! nobody and an athlete of another team, and never carry the athlete's conversations,
//! working memory or e-mail.
mod support;

use axum::http::StatusCode;
use climbingpill::server::agent::provider::ToolCall;
use climbingpill::server::agent::tools::{ToolContext, ToolExecution, ToolRegistry};
use serde_json::json;
use support::{post_json, v, TestApp};

async fn ok(app: &TestApp, f: &str, body: serde_json::Value, cookie: &str) -> serde_json::Value {
    let r = post_json(app, &format!("/api/team/{f}"), body, cookie).await;
    assert_eq!(r.status, StatusCode::OK, "{f}: {}", r.body);
    v(&r)
}

async fn id_of(app: &TestApp, email: &str) -> String {
    app.state
        .stores
        .accounts
        .find_by_email(email)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn run(app: &TestApp, user_id: &str, tool: &str, args: serde_json::Value) -> ToolExecution {
    let s = &app.state;
    let ctx = ToolContext {
        user_id: user_id.to_string(),
        thread_id: uuid::Uuid::new_v4().to_string(),
        memory: s.memory.clone(),
        profiles: s.profiles.clone(),
        journal: s.journal.clone(),
        assessments: s.assessments.clone(),
        programs: s.programs.clone(),
        onboarding: s.onboarding.clone(),
        teams: s.teams.clone(),
    };
    ToolRegistry::standard()
        .execute(
            &ctx,
            &ToolCall {
                id: "call-1".into(),
                name: tool.into(),
                arguments: args.to_string(),
            },
        )
        .await
}

async fn flow(app: &TestApp) {
    let coach = app.signup("coach@example.com").await;
    let athlete = app.signup("athlete@example.com").await;
    let _other = app.signup("other@example.com").await;
    let _mate = app.signup("mate@example.com").await;
    let (coach_id, athlete_id, other_id) = (
        id_of(app, "coach@example.com").await,
        id_of(app, "athlete@example.com").await,
        id_of(app, "other@example.com").await,
    );
    let team_id = ok(app, "create", json!({"name": "Crimpers"}), &coach).await;
    let team_id = team_id.as_str().unwrap().to_string();
    let link = ok(app, "invite", json!({"team_id": team_id}), &coach).await;
    let token = link["path"]
        .as_str()
        .unwrap()
        .trim_start_matches("/invite/");
    let journal_only =
        json!({"journal": true, "assessments": false, "programs": false, "progress": false});
    ok(
        app,
        "invite/accept",
        json!({"token": token, "name": "Bea", "sharing": journal_only}),
        &athlete,
    )
    .await;
    let r = post_json(
        app,
        "/api/journal/save",
        json!({"id": null, "entry": {"date": "2027-01-14", "kind": "bouldering",
               "duration_min": "90", "rpe": "7", "notes": "Project burns",
               "pain": [{"body_part": "fingers", "notes": ""}]}}),
        &athlete,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // The coach: the athlete, with the journal and no assessment.
    let list = run(app, &coach_id, "list_athletes", json!({})).await;
    assert!(list.ok, "{:?}", list.for_model);
    let text = list.for_model.to_string();
    assert!(text.contains("Bea") && text.contains(&athlete_id), "{text}");
    let got = run(app, &coach_id, "athlete_summary", json!({"athlete": "bea"})).await;
    assert!(got.ok, "{:?}", got.for_model);
    let d = &got.for_model["data"];
    assert_eq!(d["recent_journal"][0]["notes"], "Project burns", "{d}");
    assert_eq!(d["latest_assessment"], "not shared with you", "{d}");
    assert_eq!(d["next_session"], "not shared with you", "{d}");
    let text = got.for_model.to_string();
    assert!(!text.contains("athlete@example.com"), "no e-mail: {text}");
    // By id too.
    let by_id = run(
        app,
        &coach_id,
        "athlete_summary",
        json!({"athlete": athlete_id}),
    )
    .await;
    assert!(by_id.ok, "{:?}", by_id.for_model);

    // Someone who coaches nobody, and an athlete who isn't on the coach's teams.
    let refused = run(app, &other_id, "athlete_summary", json!({"athlete": "Bea"})).await;
    assert!(!refused.ok);
    assert!(
        refused.for_model.to_string().contains("don't coach"),
        "{:?}",
        refused.for_model
    );
    let refused = run(app, &other_id, "list_athletes", json!({})).await;
    assert!(!refused.ok);
    let refused = run(
        app,
        &coach_id,
        "athlete_summary",
        json!({"athlete": other_id}),
    )
    .await;
    assert!(!refused.ok, "{:?}", refused.for_model);
    // A user id in the arguments is refused by the schema.
    let stray = run(
        app,
        &coach_id,
        "athlete_summary",
        json!({"athlete": "Bea", "user_id": other_id}),
    )
    .await;
    assert!(!stray.ok);

    // The athlete unshares the journal: the next call says so, and shows no notes.
    ok(
        app,
        "sharing",
        json!({"team_id": team_id, "sharing": {"journal": false, "assessments": false,
               "programs": false, "progress": true}}),
        &athlete,
    )
    .await;
    let got = run(app, &coach_id, "athlete_summary", json!({"athlete": "Bea"})).await;
    assert!(got.ok, "{:?}", got.for_model);
    assert_eq!(
        got.for_model["data"]["recent_journal"],
        "not shared with you"
    );
    assert!(!got.for_model.to_string().contains("Project burns"));
    // After leaving: refused.
    ok(app, "leave", json!({"team_id": team_id}), &athlete).await;
    let gone = run(app, &coach_id, "athlete_summary", json!({"athlete": "Bea"})).await;
    assert!(!gone.ok, "{:?}", gone.for_model);
}

#[tokio::test]
async fn team_tools_on_libsql() {
    flow(&TestApp::new().await).await;
}

#[tokio::test]
async fn team_tools_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    flow(&app).await;
}
