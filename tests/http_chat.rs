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
    assert_eq!(
        v["messages"][0]["parts"][0]["text"],
        "How do I train crimps?"
    );

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
