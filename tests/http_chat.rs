//! The chat server functions: threads and messages through the real router.
mod support;

use axum::http::StatusCode;
use climbingpill::api::ApiError;
use support::{form, TestApp};

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

async fn new_thread(app: &TestApp, cookie: &str) -> String {
    let r = app.post("/api/chat/new", "", Some(cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let id = json(&r.body)["id"].as_str().unwrap().to_string();
    assert_eq!(r.headers.get("location").unwrap(), &format!("/chat/{id}"));
    id
}

#[tokio::test]
async fn a_climber_keeps_conversations_with_messages() {
    let app = TestApp::new().await;
    let c = app.signup("chat@example.com").await;
    let id = new_thread(&app, &c).await;
    let r = app
        .post(
            "/api/chat/turn",
            &form(&[("thread_id", &id), ("text", "How do I train crimps?")]),
            Some(&c),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let r = app.post("/api/chat/threads", "", Some(&c)).await;
    let threads = json(&r.body);
    assert_eq!(
        threads[0]["title"], "How do I train crimps?",
        "titled by the first message"
    );

    let r = app
        .post(
            "/api/chat/rename",
            &form(&[("id", &id), ("title", "  Crimp plan ")]),
            Some(&c),
        )
        .await;
    assert_eq!(json(&r.body)["title"], "Crimp plan");
    let r = app
        .post("/api/chat/thread", &form(&[("id", &id)]), Some(&c))
        .await;
    let v = json(&r.body);
    assert_eq!(v["thread"]["title"], "Crimp plan");
    assert_eq!(v["messages"][0]["text"], "How do I train crimps?");

    let r = app
        .post("/api/chat/delete", &form(&[("id", &id)]), Some(&c))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app
        .post("/api/chat/thread", &form(&[("id", &id)]), Some(&c))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_input_gets_a_field_message_and_changes_nothing() {
    let app = TestApp::new().await;
    let c = app.signup("bad@example.com").await;
    let id = new_thread(&app, &c).await;
    let r = app
        .post(
            "/api/chat/turn",
            &form(&[("thread_id", &id), ("text", "   ")]),
            Some(&c),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.error().for_field("text").as_deref(),
        Some("A message can't be empty.")
    );
    let big = "x".repeat(40 * 1024);
    let r = app
        .post(
            "/api/chat/turn",
            &form(&[("thread_id", &id), ("text", &big)]),
            Some(&c),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.error().for_field("text").unwrap().contains("too long"));
    let r = app
        .post(
            "/api/chat/rename",
            &form(&[("id", &id), ("title", " \n ")]),
            Some(&c),
        )
        .await;
    assert_eq!(
        r.error().for_field("title").as_deref(),
        Some("Give the conversation a title.")
    );
    let r = app
        .post("/api/chat/thread", &form(&[("id", &id)]), Some(&c))
        .await;
    assert_eq!(json(&r.body)["messages"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn another_climbers_thread_answers_exactly_like_a_missing_one() {
    let app = TestApp::new().await;
    let alice = app.signup("alice@example.com").await;
    let bob = app.signup("bob@example.com").await;
    let id = new_thread(&app, &alice).await;
    app.post(
        "/api/chat/turn",
        &form(&[("thread_id", &id), ("text", "secret beta")]),
        Some(&alice),
    )
    .await;

    for (path, body) in [
        ("/api/chat/thread", form(&[("id", &id)])),
        ("/api/chat/rename", form(&[("id", &id), ("title", "mine")])),
        ("/api/chat/delete", form(&[("id", &id)])),
        (
            "/api/chat/turn",
            form(&[("thread_id", &id), ("text", "hi")]),
        ),
    ] {
        let foreign = app.post(path, &body, Some(&bob)).await;
        let missing = app
            .post(
                path,
                &body.replace(&id, "00000000-0000-0000-0000-000000000000"),
                Some(&bob),
            )
            .await;
        assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            (foreign.status, &foreign.body),
            (missing.status, &missing.body),
            "{path}"
        );
        assert_eq!(foreign.error(), ApiError::NotFound);
    }
    let r = app.post("/api/chat/threads", "", Some(&bob)).await;
    assert_eq!(json(&r.body).as_array().unwrap().len(), 0);
    let r = app
        .post("/api/chat/thread", &form(&[("id", &id)]), Some(&alice))
        .await;
    let v = json(&r.body);
    assert_eq!(
        v["messages"].as_array().unwrap().len(),
        2,
        "Alice's thread untouched: her message and the offline coach's answer only"
    );
    assert_ne!(v["thread"]["title"], "mine");

    let r = app.post("/api/chat/threads", "", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

/// The chat's start page as the server renders it for this climber.
async fn start_page(app: &TestApp, cookie: &str) -> String {
    let r = app.get("/chat", Some(cookie)).await;
    assert_eq!(r.status, StatusCode::OK);
    r.body
}

async fn greeting(app: &TestApp, cookie: &str) -> String {
    let r = app.post("/api/chat/greeting", "", Some(cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    json(&r.body).as_str().unwrap().to_string()
}

/// Answers the six onboarding steps through the page's endpoint; the climber then has a
/// first assessment and program.
async fn finish_onboarding(app: &TestApp, cookie: &str) {
    let answers = serde_json::json!({
        "goal": "7a+ boulder", "goal_grade": "", "target_date": "",
        "hardest_boulder": "6c+", "hardest_route": "", "years_climbing": "three years",
        "confidence": "",
        "tests": {
            "bodyweight_kg": "70", "max_hang_added_kg": "", "max_hang_seconds": "",
            "pull_kind": "", "pull_value": "", "endurance_kind": "", "endurance_value": "",
            "power_kind": "", "power_value": "", "core_kind": "", "core_value": "", "leg_span_cm": ""
        },
        "days_per_week": "3", "session_length": "2 hours", "equipment": ["hangboard"],
        "injuries": "", "age": "", "hangboard_history": ""
    });
    let mut last = serde_json::Value::Null;
    for step in [
        "goal",
        "level",
        "check",
        "schedule",
        "equipment",
        "about_you",
    ] {
        let r = support::post_json(
            app,
            "/api/onboarding/save",
            serde_json::json!({ "step": step, "answers": answers, "direction": "next" }),
            cookie,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{step}: {}", r.body);
        last = json(&r.body);
    }
    assert_eq!(last["finished"], true, "{last}");
}

#[tokio::test]
async fn a_new_climber_is_greeted_with_the_offer_of_onboarding_on_the_first_paint() {
    let app = TestApp::new().await;
    let c = app.signup("greet@example.com").await;
    let g = greeting(&app, &c).await;
    assert!(g.starts_with("Hi, I'm your ClimbingPill coach!"), "{g}");
    assert!(g.contains("answer them right here"), "{g}");
    assert!(g.contains("[onboarding page](/onboarding)"), "{g}");
    assert!(g.contains("Step 1 of 7: Your goal."), "{g}");

    // In the server's HTML already: the greeting (its link rendered), and the message box.
    let html = start_page(&app, &c).await;
    assert!(
        html.contains("Hi, I&#x27;m your ClimbingPill coach!")
            || html.contains("Hi, I'm your ClimbingPill coach!"),
        "{html}"
    );
    assert!(html.contains(r#"href="/onboarding""#), "{html}");
    assert!(html.contains(r#"<textarea id="message-text""#), "{html}");
    assert!(html.contains("No conversations yet."), "{html}");
}

#[tokio::test]
async fn once_onboarding_is_done_the_greeting_asks_about_training_instead() {
    let app = TestApp::new().await;
    let c = app.signup("done@example.com").await;
    finish_onboarding(&app, &c).await;
    let g = greeting(&app, &c).await;
    assert!(!g.to_lowercase().contains("onboarding"), "{g}");
    assert!(g.contains("How did today's session go?"), "{g}");
    let html = start_page(&app, &c).await;
    assert!(!html.contains(r#"href="/onboarding""#), "{html}");

    new_thread(&app, &c).await;
    assert!(greeting(&app, &c).await.starts_with("Welcome back!"));
}

#[tokio::test]
async fn the_first_message_starts_a_conversation_with_the_greeting_and_is_answered() {
    let app = TestApp::new().await;
    let c = app.signup("start@example.com").await;
    let g = greeting(&app, &c).await;
    let r = app
        .post(
            "/api/chat/start",
            &form(&[("text", "I want to send my first 7a boulder")]),
            Some(&c),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let thread = json(&r.body);
    let id = thread["id"].as_str().unwrap();
    assert_eq!(thread["title"], "I want to send my first 7a boulder");

    let view = json(
        &app.post("/api/chat/thread", &form(&[("id", id)]), Some(&c))
            .await
            .body,
    );
    let said: Vec<(&str, &str)> = view["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["role"].as_str().unwrap(), m["text"].as_str().unwrap()))
        .collect();
    assert_eq!(
        said,
        [
            ("assistant", g.as_str()),
            ("user", "I want to send my first 7a boulder")
        ]
    );

    // The conversation page then asks for the answer: a turn without text. The offline coach
    // takes the message as the answer to the greeting's question.
    let r = app
        .post("/api/chat/turn", &form(&[("thread_id", id)]), Some(&c))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let events: Vec<climbingpill::domain::chat::ChatEvent> = r
        .body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let answer = support::answer(&events);
    assert!(answer.contains("2 of 7"), "{answer}");
    let view = json(
        &app.post("/api/chat/thread", &form(&[("id", id)]), Some(&c))
            .await
            .body,
    );
    let last = view["messages"].as_array().unwrap().last().unwrap();
    assert_eq!(last["role"], "assistant");
    assert_eq!(last["text"], answer.as_str());
    assert!(greeting(&app, &c)
        .await
        .contains("Step 2 of 7: Your level."));

    // Asked twice (a reload, a second tab), the coach has nothing more to answer.
    let r = app
        .post("/api/chat/turn", &form(&[("thread_id", id)]), Some(&c))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
}

#[tokio::test]
async fn the_page_gets_tool_cards_not_the_tools_arguments_and_results() {
    use support::{answer, say};
    let app = TestApp::new().await;
    let c = app.signup("cards@example.com").await;
    let t = new_thread(&app, &c).await;
    let a = answer(&say(&app, &c, &t, "rest day, slept badly, energy 2/5").await);
    assert!(a.starts_with("Rest day logged"), "{a}");

    let r = app
        .post("/api/chat/thread", &form(&[("id", &t)]), Some(&c))
        .await;
    let view = json(&r.body);
    let messages = view["messages"].as_array().unwrap();
    // What the page shows of each message, and nothing of the stored format.
    for m in messages {
        let mut keys: Vec<&str> = m.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["cards", "id", "role", "text"], "{m}");
    }
    assert!(
        !r.body.contains("\"arguments\"") && !r.body.contains("\"result\""),
        "{}",
        r.body
    );
    // The tool the coach used is a card with its summary and link, as in the live turn.
    let cards: Vec<&serde_json::Value> = messages
        .iter()
        .filter(|m| m["role"] == "tool")
        .flat_map(|m| m["cards"].as_array().unwrap())
        .collect();
    assert!(
        cards.iter().any(|c| c["ok"] == true
            && c["summary"].as_str().is_some_and(|s| !s.is_empty())
            && c["link"]
                .as_str()
                .is_some_and(|l| l.starts_with("/journal"))),
        "{cards:?}"
    );
    let last = messages.last().unwrap();
    assert_eq!(
        (last["role"].as_str(), last["text"].as_str()),
        (Some("assistant"), Some(a.as_str()))
    );
}

#[tokio::test]
async fn a_refused_first_message_creates_no_conversation() {
    let app = TestApp::new().await;
    let c = app.signup("refused@example.com").await;
    let r = app
        .post("/api/chat/start", &form(&[("text", "  \n ")]), Some(&c))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.error().for_field("text").as_deref(),
        Some("A message can't be empty.")
    );
    let big = "x".repeat(40 * 1024);
    let r = app
        .post("/api/chat/start", &form(&[("text", &big)]), Some(&c))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.error().for_field("text").unwrap().contains("too long"));
    let r = app.post("/api/chat/threads", "", Some(&c)).await;
    assert_eq!(json(&r.body).as_array().unwrap().len(), 0);

    let r = app
        .post("/api/chat/start", &form(&[("text", "hi")]), None)
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_thread_list_comes_in_pages_newest_first() {
    let app = TestApp::new().await;
    let c = app.signup("pages@example.com").await;
    for i in 1..=5 {
        let text = format!("Thread {i}");
        let r = app
            .post("/api/chat/start", &form(&[("text", &text)]), Some(&c))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        app.clock.advance(1);
    }
    let titles = |body: &str| -> Vec<String> {
        json(body)
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["title"].as_str().unwrap().to_string())
            .collect()
    };
    let r = app
        .post("/api/chat/threads", &form(&[("limit", "3")]), Some(&c))
        .await;
    assert_eq!(titles(&r.body), ["Thread 5", "Thread 4", "Thread 3"]);
    let r = app.post("/api/chat/threads", "", Some(&c)).await;
    assert_eq!(titles(&r.body).len(), 5);
    let r = app
        .post("/api/chat/threads", &form(&[("limit", "0")]), Some(&c))
        .await;
    assert_eq!(titles(&r.body), ["Thread 5"], "at least one");
}

async fn journal_entries(app: &TestApp, c: &str) -> Vec<serde_json::Value> {
    let r = support::post_json(
        app,
        "/api/journal/list",
        serde_json::json!({"query": {"from": "", "to": "", "kind": "", "text": "", "page": 1}}),
        c,
    )
    .await;
    support::v(&r)["entries"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The offline coach as climbers write to it (issue 17), one conversation, onboarding still
/// pending: each message gets its own answer and onboarding is picked up again; what is
/// saved is checked where the climber would see it.
#[tokio::test]
async fn the_offline_coach_understands_how_climbers_talk() {
    use support::{answer, post_json, say, v};
    let app = TestApp::new().await;
    let c = app.signup("talk@example.com").await;
    let old = new_thread(&app, &c).await;
    say(
        &app,
        &c,
        &old,
        "my left ring finger pulley has been tweaky since december",
    )
    .await;
    let t = new_thread(&app, &c).await;
    let nudge = "Back to your first program (step 1 of";

    // 1. A grade question while onboarding asks for a goal: answered, then onboarding again.
    let a = answer(&say(&app, &c, &t, "whats 5.12a in french").await);
    assert!(
        a.starts_with("YDS 5.12a is roughly equivalent to French 7a+"),
        "{a}"
    );
    assert!(a.contains(nudge), "{a}");
    let a = answer(&say(&app, &c, &t, "thanks!").await);
    assert!(a.starts_with("You're welcome!"), "{a}");
    assert!(a.contains(nudge), "{a}");
    let r = post_json(&app, "/api/onboarding/get", serde_json::json!({}), &c).await;
    assert_eq!(
        v(&r)["answers"]["goal"],
        "",
        "nothing was taken as the goal"
    );

    // 2. A period: "in october" is last October (today is 2027-01-15).
    let a = answer(&say(&app, &c, &t, "how much did i train in october?").await);
    assert!(a.contains("from 2026-10-01 to 2026-10-31"), "{a}");
    let a = answer(&say(&app, &c, &t, "what did I climb over the summer").await);
    assert!(
        a.starts_with("Summer (June to August, northern hemisphere)"),
        "{a}"
    );
    assert!(a.contains("from 2026-06-01 to 2026-08-31"), "{a}");

    // 3. Load.
    let a = answer(&say(&app, &c, &t, "am I overtraining??").await);
    assert!(a.contains("ACWR"), "{a}");
    assert!(a.contains("0.8 to 1.3"), "{a}");

    // 4. Any pair of systems.
    let a = answer(&say(&app, &c, &t, "24 ewbank in yds").await);
    assert!(
        a.starts_with("Ewbank 24 is roughly equivalent to YDS 5.12"),
        "{a}"
    );

    // 5, 11. A rest day with how it felt; a session in parts.
    let a = answer(&say(&app, &c, &t, "rest day, slept badly, energy 2/5").await);
    assert!(
        a.starts_with("Rest day logged for 2027-01-15 (sleep 2/5, energy 2/5)."),
        "{a}"
    );
    let a = answer(&say(&app, &c, &t, "ARC sesh 2 x 20 min, rpe 4").await);
    assert!(a.contains("40 min of endurance"), "{a}");
    let e = journal_entries(&app, &c).await;
    assert_eq!(e.len(), 2, "{e:?}");

    // 6. An incomplete log asks and saves once complete.
    let a = answer(&say(&app, &c, &t, "log a session").await);
    assert!(a.contains("what kind of session"), "{a}");
    let a = answer(&say(&app, &c, &t, "bouldering").await);
    assert!(a.contains("how long"), "{a}");
    let a = answer(&say(&app, &c, &t, "1h15").await);
    assert!(a.contains("75 min of bouldering"), "{a}");
    assert!(a.contains("saved in your journal"), "{a}");
    assert_eq!(journal_entries(&app, &c).await.len(), 3);

    // 7. Impossible values: refused in words, nothing saved.
    for (text, says) in [
        ("did -30 minutes of bouldering", "negative"),
        ("log 90 min bouldering tomorrow", "in the future"),
        ("sent V25 today!!", "V25 isn't a grade"),
    ] {
        let a = answer(&say(&app, &c, &t, text).await);
        assert!(a.contains(says), "{text}: {a}");
    }
    assert_eq!(journal_entries(&app, &c).await.len(), 3, "nothing saved");

    // 8. A test result goes into the assessment draft with its ratio.
    let a = answer(
        &say(
            &app,
            &c,
            &t,
            "I can hang 20mm with +20 kg for 10 seconds, I weigh 70kg",
        )
        .await,
    );
    assert!(a.contains("1.29× bodyweight"), "{a}");
    let r = post_json(&app, "/api/assessment/draft", serde_json::json!({}), &c).await;
    let d = v(&r);
    assert_eq!(d["tests"]["max_hang_added_kg"], "20", "{d}");
    assert_eq!(d["tests"]["max_hang_seconds"], "10", "{d}");

    // 9. Profile facts, pain anywhere, small talk.
    let a = answer(&say(&app, &c, &t, "I weigh 72 kg now").await);
    assert!(a.contains("bodyweight 72 kg"), "{a}");
    let r = app.post("/api/profile/get", "", Some(&c)).await;
    assert_eq!(v(&r)["bodyweight_kg"], 72.0);
    let a = answer(
        &say(
            &app,
            &c,
            &t,
            "my shoulder has been clicking when I do dynos",
        )
        .await,
    );
    assert!(a.contains("physio or doctor"), "{a}");
    assert!(
        !a.contains("hangboarding"),
        "shoulder advice, not finger advice: {a}"
    );

    // 10. Recall from the older conversation, not the journal.
    let events = say(&app, &c, &t, "what did I tell you about my finger?").await;
    let a = answer(&events);
    assert!(a.contains("ring finger pulley"), "{a}");
    assert!(a.contains(nudge), "{a}");
}
