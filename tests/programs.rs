//! The assessment and training programs through the real router: the two-step assessment
//! (drafts kept on errors), the scored report, generating a program (confirmation before
//! replacing one), following it (done → journal, skip, move), isolation between climbers, and
//! the offline coach's program tools.
mod support;

use axum::http::StatusCode;
use serde_json::{json, Value};
use support::{answer, post_json, say, v, TestApp};

fn background(days: &str) -> Value {
    json!({
        "years_climbing": "4", "hardest_boulder": "V5", "hardest_boulder_style": "redpoint",
        "hardest_route": "7a", "hardest_route_style": "redpoint", "goal_discipline": "boulder",
        "goal_grade": "V7", "target_date": "", "days_per_week": days, "session_minutes": "120",
        "equipment": ["gym", "hangboard", "weights"], "injuries": ""
    })
}

fn tests_input() -> Value {
    json!({
        "bodyweight_kg": "70", "max_hang_added_kg": "0", "max_hang_seconds": "10",
        "pull_kind": "max_reps", "pull_value": "12", "endurance_kind": "", "endurance_value": "",
        "power_kind": "", "power_value": "", "core_kind": "", "core_value": "", "leg_span_cm": ""
    })
}

async fn assessed(app: &TestApp, email: &str) -> String {
    let c = app.signup(email).await;
    let draft = json!({"draft": {"background": background("3"), "tests": tests_input()}});
    let r = post_json(app, "/api/assessment/finish", draft, &c).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    c
}

#[tokio::test]
async fn the_assessment_keeps_the_draft_on_errors_and_scores_only_what_was_tested() {
    let app = TestApp::new().await;
    let c = app.signup("assess@example.com").await;
    let r = post_json(&app, "/api/assessment/report", json!({}), &c).await;
    assert_eq!(v(&r)["result"], Value::Null, "no assessment yet");

    // Seven days a week is refused with the field named; what was typed is kept.
    let draft = json!({"draft": {"background": background("7"), "tests": tests_input()}});
    let r = post_json(&app, "/api/assessment/background", draft, &c).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.error().for_field("days_per_week").is_some(), "{}", r.body);
    let r = post_json(&app, "/api/assessment/draft", json!({}), &c).await;
    assert_eq!(v(&r)["background"]["hardest_boulder"], "V5");
    assert_eq!(v(&r)["background"]["days_per_week"], "7");

    // A 400 kg hang is refused and nothing is saved.
    let mut bad = tests_input();
    bad["max_hang_added_kg"] = json!("400");
    let draft = json!({"draft": {"background": background("3"), "tests": bad}});
    let r = post_json(&app, "/api/assessment/finish", draft, &c).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.error().for_field("max_hang_added_kg").is_some(),
        "{}",
        r.body
    );
    let r = post_json(&app, "/api/assessment/report", json!({}), &c).await;
    assert_eq!(v(&r)["result"], Value::Null);

    let draft = json!({"draft": {"background": background("3"), "tests": tests_input()}});
    let r = post_json(&app, "/api/assessment/finish", draft, &c).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = post_json(&app, "/api/assessment/report", json!({}), &c).await;
    let report = v(&r);
    let areas = report["result"]["areas"].as_array().unwrap();
    assert_eq!(areas.len(), 6);
    let status = |area: &str| {
        areas
            .iter()
            .find(|a| a["area"] == area)
            .map(|a| a["status"].clone())
            .unwrap()
    };
    assert_eq!(status("finger_strength")["kind"], "scored", "{report}");
    assert_eq!(status("flexibility")["kind"], "not_tested", "{report}");
    assert_eq!(status("finger_endurance")["kind"], "not_tested");
    assert_eq!(report["history"].as_array().unwrap().len(), 1);
    // The draft is gone once the assessment is saved: the next one starts from this one's
    // answers, with the tests to take afresh.
    let r = post_json(&app, "/api/assessment/draft", json!({}), &c).await;
    assert_eq!(v(&r)["background"]["hardest_boulder"], "V5");
    assert_eq!(v(&r)["background"]["days_per_week"], "3");
    assert_eq!(v(&r)["tests"]["max_hang_added_kg"], "");
}

#[tokio::test]
async fn a_program_is_generated_followed_and_replaced_only_after_confirmation() {
    a_program_is_generated_followed_and_replaced_only_after_confirmation_on(&TestApp::new().await)
        .await;
}

/// The same, with the application data in PostgreSQL.
#[tokio::test]
async fn a_program_is_generated_followed_and_replaced_only_after_confirmation_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        a_program_is_generated_followed_and_replaced_only_after_confirmation_on(&app).await;
    }
}

async fn a_program_is_generated_followed_and_replaced_only_after_confirmation_on(app: &TestApp) {
    let c = app.signup("noassess@example.com").await;
    let r = post_json(app, "/api/programs/generate", json!({"replace": false}), &c).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.error().to_string().contains("assessment first"));

    let c = assessed(app, "program@example.com").await;
    let r = post_json(app, "/api/programs/generate", json!({"replace": false}), &c).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let view = v(&r);
    let weeks = view["program"]["plan"]["weeks"].as_array().unwrap().len();
    let sessions = view["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), weeks * 3, "3 days a week");
    // The test clock is Friday 2027-01-15: the program starts on the next Monday.
    assert_eq!(
        view["program"]["plan"]["start"],
        json!({"year": 2027, "month": 1, "day": 18})
    );

    // Without confirmation an active program is not replaced.
    let r = post_json(app, "/api/programs/generate", json!({"replace": false}), &c).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.error().to_string().contains("Confirm"), "{}", r.body);

    // Mark the next session done: it becomes a journal entry.
    let next = view["next"].as_str().unwrap().to_string();
    let done =
        json!({"id": next, "input": {"rpe": "7", "duration_min": "", "notes": "strong day"}});
    let r = post_json(app, "/api/programs/complete", done.clone(), &c).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let entry_id: String = serde_json::from_str(&r.body).unwrap();
    let r = post_json(app, "/api/journal/get", json!({"id": entry_id}), &c).await;
    let entry = v(&r);
    assert_eq!(entry["rpe"], 7);
    assert_eq!(
        entry["date"],
        json!({"year": 2027, "month": 1, "day": 15}),
        "done today"
    );
    assert!(entry["notes"].as_str().unwrap().contains("strong day"));
    // A second tick is refused and writes no second entry.
    let r = post_json(app, "/api/programs/complete", done, &c).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = post_json(
        app,
        "/api/journal/list",
        json!({"query": {"from": "", "to": "", "kind": "", "text": "", "page": 1}}),
        &c,
    )
    .await;
    assert_eq!(v(&r)["total"], 1);

    // An RPE of 11 is refused with the field named.
    let r = post_json(app, "/api/programs/current", json!({}), &c).await;
    let view = v(&r);
    let planned: Vec<&Value> = view["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["status"] == "planned")
        .collect();
    let second = planned[0]["id"].as_str().unwrap();
    let r = post_json(
        app,
        "/api/programs/complete",
        json!({"id": second, "input": {"rpe": "11", "duration_min": "", "notes": ""}}),
        &c,
    )
    .await;
    assert!(r.error().for_field("rpe").is_some(), "{}", r.body);

    // Skip one; moving one outside the program is refused.
    let r = post_json(app, "/api/programs/skip", json!({"id": second}), &c).await;
    assert_eq!(v(&r)["status"], "skipped");
    let third = planned[1]["id"].as_str().unwrap();
    let r = post_json(
        app,
        "/api/programs/move",
        json!({"id": third, "date": "2031-01-01"}),
        &c,
    )
    .await;
    assert!(r.error().for_field("date").is_some(), "{}", r.body);

    // Replacing after confirmation keeps the old program in the history.
    let r = post_json(app, "/api/programs/generate", json!({"replace": true}), &c).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = post_json(app, "/api/programs/history", json!({}), &c).await;
    let history = v(&r);
    assert_eq!(history.as_array().unwrap().len(), 2);
    assert_eq!(history[0]["active"], true);
    assert_eq!(history[1]["active"], false);
}

#[tokio::test]
async fn climbers_cannot_touch_each_others_programs() {
    climbers_cannot_touch_each_others_programs_on(&TestApp::new().await).await;
}

/// The same, with the application data in PostgreSQL.
#[tokio::test]
async fn climbers_cannot_touch_each_others_programs_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        climbers_cannot_touch_each_others_programs_on(&app).await;
    }
}

async fn climbers_cannot_touch_each_others_programs_on(app: &TestApp) {
    let alice = assessed(app, "alice-p@example.com").await;
    let bob = assessed(app, "bob-p@example.com").await;
    let r = post_json(
        app,
        "/api/programs/generate",
        json!({"replace": false}),
        &alice,
    )
    .await;
    let view = v(&r);
    let session = view["next"].as_str().unwrap();
    let input = json!({"id": session, "input": {"rpe": "5", "duration_min": "", "notes": ""}});
    let r = post_json(app, "/api/programs/complete", input, &bob).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = post_json(app, "/api/programs/skip", json!({"id": session}), &bob).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = post_json(app, "/api/programs/current", json!({}), &bob).await;
    assert_eq!(v(&r), Value::Null);
    let r = post_json(app, "/api/programs/current", json!({}), &alice).await;
    assert!(v(&r)["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["status"] == "planned"));
}

#[tokio::test]
async fn the_offline_coach_builds_a_program_tells_the_next_session_and_ticks_it_off() {
    let app = TestApp::new().await;
    let c = app.signup("coachprog@example.com").await;
    let r = app.post("/api/chat/new", "", Some(&c)).await;
    let thread = v(&r)["id"].as_str().unwrap().to_string();
    let events = say(&app, &c, &thread, "build my program").await;
    assert!(
        answer(&events).contains("haven't taken one yet"),
        "{}",
        answer(&events)
    );

    let draft = json!({"draft": {"background": background("4"), "tests": tests_input()}});
    let r = post_json(&app, "/api/assessment/finish", draft, &c).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let events = say(&app, &c, &thread, "build my program").await;
    assert!(
        answer(&events).contains("Your program is ready"),
        "{}",
        answer(&events)
    );
    let events = say(&app, &c, &thread, "make me a new program").await;
    assert!(
        answer(&events).contains("replace my program"),
        "{}",
        answer(&events)
    );

    let events = say(&app, &c, &thread, "what's my next session?").await;
    let text = answer(&events);
    assert!(text.contains("Next session: **"), "{text}");
    // Friday: the program starts on Monday, so nothing is due yet.
    let events = say(&app, &c, &thread, "session done, RPE 6").await;
    assert!(
        answer(&events).contains("No session was planned for today or earlier"),
        "{}",
        answer(&events)
    );
    app.clock.advance(3 * 24 * 3600);
    let events = say(&app, &c, &thread, "session done, RPE 6").await;
    assert!(
        answer(&events).contains("Ticked off"),
        "{}",
        answer(&events)
    );
    let r = post_json(&app, "/api/programs/current", json!({}), &c).await;
    let done: Vec<Value> = v(&r)["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["status"] == "done")
        .cloned()
        .collect();
    assert_eq!(done.len(), 1);
    assert_eq!(done[0]["rpe"], 6);
}

/// Issue 22: the age and hangboard history told in the assessment change the program. A
/// 55-year-old who has never trained on a hangboard gets 5 more warm-up minutes, max-finger
/// days at least 72 h apart, no max hangs in the first four weeks, and a "Why this plan"
/// note naming the age; a hangboard-trained climber with the same answers otherwise does not.
#[tokio::test]
async fn age_and_hangboard_history_change_the_program() {
    use climbingpill::domain::when::Date;
    let app = TestApp::new().await;
    let program_of = |email: &'static str, age: &'static str, history: &'static str| {
        let app = &app;
        async move {
            let c = app.signup(email).await;
            let mut bg = background("3");
            bg["age"] = json!(age);
            bg["hangboard_history"] = json!(history);
            let draft = json!({"draft": {"background": bg, "tests": tests_input()}});
            let r = post_json(app, "/api/assessment/finish", draft, &c).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            let report = v(&post_json(app, "/api/assessment/report", json!({}), &c).await);
            let r = post_json(app, "/api/programs/generate", json!({"replace": false}), &c).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            (report, v(&r))
        }
    };
    let (old_report, old) = program_of("older@example.com", "55", "never").await;
    let (young_report, young) = program_of("younger@example.com", "", "yes").await;

    // The level weighs the hangboard history: a 4-year V5 is advanced with hangboard
    // training behind them, intermediate without.
    assert_eq!(
        young_report["result"]["level"], "advanced",
        "{young_report}"
    );
    assert_eq!(
        old_report["result"]["level"], "intermediate",
        "{old_report}"
    );
    let why = old_report["result"]["level_reason"].as_str().unwrap();
    assert!(why.contains("no hangboard training yet"), "{why}");

    let warmups = |view: &Value| -> Vec<u64> {
        let mut m: Vec<u64> = view["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["planned"]["exercises"].as_array().unwrap().clone())
            .filter(|e| e["kind"] == "warmup")
            .map(|e| e["minutes"].as_u64().unwrap())
            .collect();
        m.sort_unstable();
        m.dedup();
        m
    };
    let (w_old, w_young) = (warmups(&old), warmups(&young));
    assert_eq!(
        w_old,
        w_young.iter().map(|m| m + 5).collect::<Vec<_>>(),
        "warm-up minutes"
    );

    let sessions = old["sessions"].as_array().unwrap();
    let max_days: Vec<i64> = sessions
        .iter()
        .filter(|s| s["planned"]["finger_load"] == "max")
        .map(|s| {
            serde_json::from_value::<Date>(s["planned"]["date"].clone())
                .unwrap()
                .days_since_epoch()
        })
        .collect();
    assert!(max_days.len() >= 2, "{old}");
    assert!(
        max_days.windows(2).all(|d| d[1] - d[0] >= 3),
        "72 h between max-finger days: {max_days:?}"
    );
    // No max hangs in the introduction weeks; gentler hangs instead.
    let hangs: Vec<(u64, String)> = sessions
        .iter()
        .flat_map(|s| {
            let week = s["planned"]["week"].as_u64().unwrap();
            s["planned"]["exercises"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["kind"] == "hangboard")
                .map(move |e| (week, e["name"].as_str().unwrap().to_string()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        hangs
            .iter()
            .filter(|(w, _)| *w <= 4)
            .all(|(_, n)| !n.contains("7-53") && !n.contains("MaxHangs")),
        "{hangs:?}"
    );

    let notes = old["program"]["plan"]["notes"].as_array().unwrap();
    let why_plan = notes[0].as_str().unwrap();
    assert!(why_plan.starts_with("Why this plan"), "{why_plan}");
    assert!(why_plan.contains("age 55"), "{why_plan}");
    let all = old["program"]["plan"]["notes"].to_string();
    assert!(all.contains("At 55, warm-ups are 5 min longer"), "{all}");
    if !hangs.is_empty() {
        assert!(all.contains("new to the hangboard"), "{all}");
    }
    let young_notes = young["program"]["plan"]["notes"].to_string();
    assert!(!young_notes.contains("age "), "{young_notes}");
    assert!(
        !young_notes.contains("new to the hangboard"),
        "{young_notes}"
    );
}
