//! The training journal through the real router: the form's server functions, isolation
//! between climbers, and sessions logged and queried by the offline coach in chat.
mod support;

use axum::http::StatusCode;
use climbingpill::api::ApiError;
use climbingpill::domain::chat::ChatEvent;
use climbingpill::domain::journal::{EntryInput, JournalEntry};
use serde_json::{json, Value};
use support::{answer, form, post_json, say, v, TestApp};

fn entry(date: &str, rpe: &str) -> Value {
    json!({
        "date": date, "kind": "bouldering", "duration_min": "90", "rpe": rpe, "location": "The Arch",
        "climbs": [
            {"grade": "v5", "style": "redpoint", "attempts": "3"},
            {"grade": "V6", "style": "flash"}
        ],
        "pain": [{"body_part": "left ring finger", "notes": "a bit sore"}],
        "notes": "felt strong", "tags": "power"
    })
}

#[tokio::test]
async fn a_climber_logs_edits_lists_and_deletes_entries() {
    a_climber_logs_edits_lists_and_deletes_entries_on(&TestApp::new().await).await;
}

/// The same, with the application data in PostgreSQL.
#[tokio::test]
async fn a_climber_logs_edits_lists_and_deletes_entries_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        a_climber_logs_edits_lists_and_deletes_entries_on(&app).await;
    }
}

async fn a_climber_logs_edits_lists_and_deletes_entries_on(app: &TestApp) {
    let c = app.signup("journal@example.com").await;
    // The test clock is 2027-01-15 (1_800_000_000 s).
    let r = post_json(
        app,
        "/api/journal/save",
        json!({"entry": entry("2027-01-14", "8")}),
        &c,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let saved = v(&r);
    let id = saved["id"].as_str().unwrap().to_string();
    assert_eq!(saved["load"], 720);
    assert_eq!(saved["climbs"][0]["grade"]["label"], "V5");

    // A bad edit is refused with the field named, and the entry is unchanged.
    let r = post_json(
        app,
        "/api/journal/save",
        json!({"id": id, "entry": entry("2027-01-14", "11")}),
        &c,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.error().for_field("rpe").as_deref(),
        Some("RPE must be a whole number from 1 to 10.")
    );
    // The 16th may already be today east of UTC; the 17th is the future everywhere.
    let r = post_json(
        app,
        "/api/journal/save",
        json!({"entry": entry("2027-01-17", "7")}),
        &c,
    )
    .await;
    assert!(r.error().for_field("date").unwrap().contains("future"));
    let r = post_json(app, "/api/journal/get", json!({"id": id}), &c).await;
    assert_eq!(v(&r)["rpe"], 8);

    let r = post_json(
        app,
        "/api/journal/save",
        json!({"id": id, "entry": entry("2027-01-13", "6")}),
        &c,
    )
    .await;
    assert_eq!(v(&r)["load"], 540);
    post_json(
        app,
        "/api/journal/save",
        json!({"entry": entry("2026-12-01", "5")}),
        &c,
    )
    .await;

    let list = |q: Value| post_json(app, "/api/journal/list", json!({"query": q}), &c);
    let all = v(&list(json!({"from": "", "to": "", "kind": "", "text": "", "page": 1})).await);
    assert_eq!(all["total"], 2);
    assert_eq!(
        all["entries"][0]["date"],
        json!({"year": 2027, "month": 1, "day": 13}),
        "newest first"
    );
    assert_eq!(all["today"], "2027-01-15");
    let january =
        v(&list(json!({"from": "2027-01-01", "to": "", "kind": "", "text": "", "page": 1})).await);
    assert_eq!(january["total"], 1);
    let none = v(&list(json!({"from": "", "to": "", "kind": "trad", "text": "", "page": 1})).await);
    assert_eq!(none["total"], 0);
    let by_text =
        v(&list(json!({"from": "", "to": "", "kind": "", "text": "STRONG", "page": 1})).await);
    assert_eq!(by_text["total"], 2);
    let wildcard =
        v(&list(json!({"from": "", "to": "", "kind": "", "text": "%", "page": 1})).await);
    assert_eq!(wildcard["total"], 0, "LIKE wildcards are literal");

    let r = post_json(app, "/api/journal/delete", json!({"id": id}), &c).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = post_json(app, "/api/journal/get", json!({"id": id}), &c).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn another_climbers_entries_are_out_of_reach() {
    another_climbers_entries_are_out_of_reach_on(&TestApp::new().await).await;
}

/// The same, with the application data in PostgreSQL.
#[tokio::test]
async fn another_climbers_entries_are_out_of_reach_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        another_climbers_entries_are_out_of_reach_on(&app).await;
    }
}

async fn another_climbers_entries_are_out_of_reach_on(app: &TestApp) {
    let alice = app.signup("alice@example.com").await;
    let bob = app.signup("bob@example.com").await;
    let r = post_json(
        app,
        "/api/journal/save",
        json!({"entry": entry("2027-01-14", "8")}),
        &alice,
    )
    .await;
    let id = v(&r)["id"].as_str().unwrap().to_string();
    for (path, body) in [
        ("/api/journal/get", json!({"id": id})),
        ("/api/journal/delete", json!({"id": id})),
        (
            "/api/journal/save",
            json!({"id": id, "entry": entry("2027-01-10", "2")}),
        ),
    ] {
        let r = post_json(app, path, body, &bob).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.body);
    }
    let r = post_json(
        app,
        "/api/journal/list",
        json!({"query": {"from": "", "to": "", "kind": "", "text": "", "page": 1}}),
        &bob,
    )
    .await;
    assert_eq!(v(&r)["total"], 0);
    let r = post_json(app, "/api/journal/get", json!({"id": id}), &alice).await;
    assert_eq!(v(&r)["rpe"], 8, "Alice's entry untouched");
}

#[tokio::test]
async fn the_offline_coach_logs_sessions_and_answers_questions_about_them() {
    let app = TestApp::new().await;
    let c = app.signup("chatlog@example.com").await;
    let r = app.post("/api/chat/new", "", Some(&c)).await;
    let thread = v(&r)["id"].as_str().unwrap().to_string();

    let events = say(
        &app,
        &c,
        &thread,
        "90 min bouldering at the gym, sent two V5 and a V6 flash, RPE 8",
    )
    .await;
    let card = events.iter().find_map(|e| match e {
        ChatEvent::Tool { card } if card.name == "log_session" => Some(card.clone()),
        _ => None,
    });
    let card = card.expect("a journal card");
    assert!(card.ok);
    assert_eq!(card.summary, "Saved to journal: 90 min bouldering, 3 sends");
    assert!(card.link.as_deref().unwrap().starts_with("/journal/"));
    assert!(
        answer(&events).contains("saved in your journal"),
        "{}",
        answer(&events)
    );

    let r = post_json(
        &app,
        "/api/journal/list",
        json!({"query": {"from": "", "to": "", "kind": "", "text": "", "page": 1}}),
        &c,
    )
    .await;
    let list = v(&r);
    assert_eq!(list["total"], 1);
    assert_eq!(list["entries"][0]["load"], 720);
    assert_eq!(list["entries"][0]["climbs"].as_array().unwrap().len(), 3);
    assert_eq!(list["entries"][0]["climbs"][2]["style"], "flash");

    let events = say(&app, &c, &thread, "how many V5s this month?").await;
    // Onboarding is still pending: the answer ends with a line that picks it up again.
    let text = answer(&events);
    assert!(
        text.starts_with(
            "You sent 2 × V5 from 2027-01-01 to 2027-01-15.\n\nBack to your first program"
        ),
        "{text}"
    );
    let events = say(&app, &c, &thread, "what did I do this week?").await;
    assert!(
        answer(&events).contains("you logged 1 session: 1 h 30 min in all, load 720"),
        "{}",
        answer(&events)
    );
    assert!(
        answer(&events).contains("Hardest: V6."),
        "{}",
        answer(&events)
    );

    // A session the coach can't save yet (no duration) is asked about, not faked.
    let events = say(&app, &c, &thread, "went bouldering yesterday and sent a V4").await;
    let text = answer(&events);
    assert!(text.contains("how long it lasted"), "{text}");

    // A send logged in Font counts as the same grade in V: 6C is V5 (IRCRA 19). A whole log
    // after the duration question is a new session, not the missing minutes.
    let events = say(&app, &c, &thread, "45 min bouldering, sent a 6C").await;
    assert!(
        answer(&events).contains("saved in your journal"),
        "{}",
        answer(&events)
    );
    let events = say(&app, &c, &thread, "how many V5s this month?").await;
    // Onboarding is still pending: the answer ends with a line that picks it up again.
    let text = answer(&events);
    assert!(
        text.starts_with(
            "You sent 3 × V5 from 2027-01-01 to 2027-01-15.\n\nBack to your first program"
        ),
        "{text}"
    );
}

#[tokio::test]
async fn progress_shows_the_climbers_own_sends_in_their_grade_system() {
    progress_shows_the_climbers_own_sends_in_their_grade_system_on(&TestApp::new().await).await;
}

/// The same, with the application data in PostgreSQL.
#[tokio::test]
async fn progress_shows_the_climbers_own_sends_in_their_grade_system_on_postgres() {
    if let Some(app) = TestApp::postgres().await {
        progress_shows_the_climbers_own_sends_in_their_grade_system_on(&app).await;
    }
}

async fn progress_shows_the_climbers_own_sends_in_their_grade_system_on(app: &TestApp) {
    let c = app.signup("progress@example.com").await;
    let other = app.signup("other-progress@example.com").await;
    // Font for boulders, YDS for routes.
    prefer_grades(app, &c, "font", "yds").await;
    post_json(
        app,
        "/api/journal/save",
        json!({"entry": entry("2027-01-14", "8")}),
        &c,
    )
    .await;
    let mut hurt = entry("2027-01-12", "6");
    hurt["climbs"] = json!([{"grade": "7a", "style": "redpoint"}]);
    hurt["kind"] = json!("sport");
    post_json(app, "/api/journal/save", json!({"entry": hurt}), &c).await;
    // The other climber's hard send must not show up.
    let mut theirs = entry("2027-01-14", "8");
    theirs["climbs"] = json!([{"grade": "V12", "style": "redpoint"}]);
    post_json(app, "/api/journal/save", json!({"entry": theirs}), &other).await;

    let r = app.post("/api/progress/get", "", Some(&c)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let p = v(&r);
    // V5 shows as Font 6C, V6 as 7A; 7a as 5.11d.
    assert_eq!(
        p["boulder_pyramid"],
        json!([{"label": "7A", "sends": 1}, {"label": "6C", "sends": 1}])
    );
    assert_eq!(p["route_pyramid"], json!([{"label": "5.11d", "sends": 1}]));
    assert_eq!(p["hardest_boulder"][0]["label"], "7A");
    let last_week = p["weeks"].as_array().unwrap().last().unwrap();
    assert_eq!(last_week["load"], 720 + 540);
    assert!(p["warnings"][0]
        .as_str()
        .unwrap()
        .contains("left ring finger"));
    assert_eq!(
        p["time_by_kind"],
        json!([{"kind": "Bouldering", "minutes": 90}, {"kind": "Sport climbing", "minutes": 90}])
    );

    let r = app.post("/api/progress/get", "", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_edit_keeps_every_climb_name_and_pain_flag() {
    let app = TestApp::new().await;
    let c = app.signup("edit-keeps@example.com").await;
    let mut session = entry("2027-01-14", "8");
    session["climbs"] = json!([
        {"grade": "V5", "style": "redpoint", "attempts": "3", "name": "The Prow"},
        {"grade": "V6", "style": "flash", "name": "Slab Master"}
    ]);
    session["pain"] = json!([
        {"body_part": "left ring finger", "notes": "a bit sore"},
        {"body_part": "right shoulder", "notes": ""}
    ]);
    let r = post_json(&app, "/api/journal/save", json!({"entry": session}), &c).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let id = v(&r)["id"].as_str().unwrap().to_string();

    // The edit form starts from the saved entry; the climber changes only the RPE.
    let got = post_json(&app, "/api/journal/get", json!({"id": id}), &c).await;
    let saved: JournalEntry = serde_json::from_str(&got.body).unwrap();
    let mut edit = EntryInput::from(&saved.data);
    edit.rpe = "6".into();
    let r = post_json(
        &app,
        "/api/journal/save",
        json!({"id": id, "entry": edit}),
        &c,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let after = v(&post_json(&app, "/api/journal/get", json!({"id": id}), &c).await);
    assert_eq!(after["rpe"], 6);
    assert_eq!(after["climbs"][0]["name"], "The Prow");
    assert_eq!(after["climbs"][1]["name"], "Slab Master");
    assert_eq!(
        after["pain"],
        json!([
            {"body_part": "left ring finger", "notes": "a bit sore"},
            {"body_part": "right shoulder", "notes": ""}
        ])
    );
}

/// Sets the climber's grade systems (boulders, routes) on their profile.
async fn prefer_grades(app: &TestApp, cookie: &str, boulder: &str, route: &str) {
    let r = app
        .post(
            "/api/profile/save",
            &form(&[
                ("display_name", ""),
                ("bodyweight_kg", ""),
                ("boulder_grades", boulder),
                ("route_grades", route),
                ("goals", ""),
            ]),
            Some(cookie),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[tokio::test]
async fn a_lower_case_grade_on_a_bouldering_session_is_a_boulder_send() {
    let app = TestApp::new().await;
    let c = app.signup("font-lower@example.com").await;
    prefer_grades(&app, &c, "font", "french").await;
    let mut session = entry("2027-01-14", "7");
    session["climbs"] = json!([{"grade": "6c", "style": "redpoint"}]);
    let r = post_json(&app, "/api/journal/save", json!({"entry": session}), &c).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(v(&r)["climbs"][0]["grade"]["label"], "6C");

    let p = v(&app.post("/api/progress/get", "", Some(&c)).await);
    assert_eq!(
        p["boulder_pyramid"],
        json!([{"label": "6C", "sends": 1}]),
        "{p}"
    );
    assert_eq!(p["route_pyramid"], json!([]), "not a French 6c route");
}

#[tokio::test]
async fn export_then_import_round_trips_and_bad_rows_save_nothing() {
    let app = TestApp::new().await;
    let c = app.signup("csv@example.com").await;
    post_json(
        &app,
        "/api/journal/save",
        json!({"entry": entry("2027-01-14", "8")}),
        &c,
    )
    .await;
    post_json(
        &app,
        "/api/journal/save",
        json!({"entry": entry("2027-01-10", "6")}),
        &c,
    )
    .await;

    let r = app.get("/api/journal/export.csv", Some(&c)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers["content-disposition"]
        .to_str()
        .unwrap()
        .contains("climbingpill-journal-2027-01-15.csv"));
    let csv = r.body.clone();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv.contains("V5 redpoint x3; V6 flash"), "{csv}");
    let r = app.get("/api/journal/export.json", Some(&c)).await;
    assert_eq!(v(&r).as_array().unwrap().len(), 2);
    assert_eq!(
        app.get("/api/journal/export.csv", None).await.status,
        StatusCode::UNAUTHORIZED
    );

    // Into another climber's empty journal: the same CSV comes back out.
    let other = app.signup("csv2@example.com").await;
    let import = |csv: String, mode: &str| {
        post_json(
            &app,
            "/api/journal/import",
            json!({"csv": csv, "mode": mode}),
            &other,
        )
    };
    let r = import(csv.clone(), "preview").await;
    assert_eq!(v(&r)["saved"], 0);
    assert_eq!(v(&r)["rows"].as_array().unwrap().len(), 2);
    let r = import(csv.clone(), "all").await;
    assert_eq!(v(&r)["saved"], 2, "{}", r.body);
    assert_eq!(
        app.get("/api/journal/export.csv", Some(&other)).await.body,
        csv
    );

    // One bad row: "all" saves nothing and names the line; "valid_only" saves the rest.
    let bad = format!("{}2027-01-01,bouldering,,60,11,,,,,,,\r\n", csv);
    let r = import(bad.clone(), "all").await;
    let report = v(&r);
    assert_eq!(report["saved"], 0);
    assert_eq!(
        report["rows"][2],
        json!({"line": 4, "ok": false, "message": "RPE: RPE must be a whole number from 1 to 10."})
    );
    assert_eq!(count(&app, &other).await, 2, "nothing half-imported");
    let r = import(bad, "valid_only").await;
    assert_eq!(v(&r)["saved"], 2);
    assert_eq!(count(&app, &other).await, 4);

    // Row errors name the field in words, not as the form's internal name.
    let head = csv.lines().next().unwrap();
    let r = import(
        format!("{head}\r\n2027-01-01,bouldering,,60,7,,,,V4 flash; V99 redpoint,,,\r\n"),
        "preview",
    )
    .await;
    let message = v(&r)["rows"][0]["message"].as_str().unwrap().to_string();
    assert!(
        message.starts_with("climb 2 grade: \"V99\" isn't a grade I know."),
        "{message}"
    );

    // A row whose cells can't be read is one more row to fix, not the end of the file.
    let short = format!("{csv}2027-01-02,bouldering,,60,7\r\n");
    let r = import(short.clone(), "all").await;
    let report = v(&r);
    assert_eq!(report["saved"], 0);
    assert_eq!(
        report["rows"][2],
        json!({"line": 4, "ok": false, "message": "Expected 12 cells, found 5."})
    );
    let r = import(short, "valid_only").await;
    assert_eq!(v(&r)["saved"], 2);
    assert_eq!(count(&app, &other).await, 6);

    // A file that isn't CSV of the journal is refused with its line.
    let r = import("date,kind\n".into(), "all").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.error().for_field("csv").unwrap().starts_with("Line 1:"));
}

/// A CSV file of `rows` sessions, each with `notes_len` characters of notes.
fn big_csv(rows: usize, notes_len: usize) -> String {
    let notes = "n".repeat(notes_len);
    let mut csv = String::from(
        "date,kind,location,duration_min,rpe,energy,sleep,mood,climbs,pain,notes,tags\r\n",
    );
    for _ in 0..rows {
        csv.push_str(&format!(
            "2027-01-10,bouldering,The Arch,60,6,,,,V4 redpoint,,{notes},\r\n"
        ));
    }
    csv
}

#[tokio::test]
async fn a_large_import_is_taken_and_a_too_large_one_is_refused_in_words() {
    let app = TestApp::new().await;
    let c = app.signup("big-import@example.com").await;
    let import = |csv: String| {
        post_json(
            &app,
            "/api/journal/import",
            json!({"csv": csv, "mode": "all"}),
            &c,
        )
    };
    // 1 MiB: four times the limit of every other request.
    let csv = big_csv(260, 4000);
    assert!(csv.len() > 1024 * 1024);
    let r = import(csv).await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "{}",
        &r.body[..r.body.len().min(300)]
    );
    assert_eq!(v(&r)["saved"], 260);

    let words = "That file is too large to import at once (limit 4 MB). Split it into smaller \
                 files and import them one at a time.";
    // Over the file limit, within what the request may carry: the service says so.
    let r = import(big_csv(1100, 4000)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.error().for_field("csv").as_deref(), Some(words));
    // Over what the request may carry: refused before it is read, in the same words.
    let r = import(big_csv(2200, 4000)).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.error(), ApiError::TooLarge(words.into()));
    // The same when the size is declared up front (as browsers do): nothing is read.
    let declared = app
        .post(
            "/api/journal/import",
            &"x".repeat(9 * 1024 * 1024),
            Some(&c),
        )
        .await;
    assert_eq!(declared.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(declared.error(), ApiError::TooLarge(words.into()));
    assert_eq!(count(&app, &c).await, 260, "nothing more was saved");

    // Everything else keeps the small limit, and says so in words too.
    let mut session = entry("2027-01-14", "8");
    session["notes"] = json!("x".repeat(300 * 1024));
    let r = post_json(&app, "/api/journal/save", json!({"entry": session}), &c).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.error().to_string().contains("limit 256 KB"), "{}", r.body);
}

async fn count(app: &TestApp, cookie: &str) -> u64 {
    let r = post_json(
        app,
        "/api/journal/list",
        json!({"query": {"from": "", "to": "", "kind": "", "text": "", "page": 1}}),
        cookie,
    )
    .await;
    v(&r)["total"].as_u64().unwrap()
}
