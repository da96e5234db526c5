//! Agent memory in a libSQL server or Turso (`MEMORY_DB_URL` + `MEMORY_DB_AUTH_TOKEN`),
//! through libsql's own remote client against a stand-in server that speaks its HTTP
//! protocol (tests/support/hrana.rs) on a real libSQL file.
mod support;

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::http::StatusCode;
use climbingpill::domain::memory::Role;
use climbingpill::server::auth::service::AuthLimits;
use climbingpill::server::clock::ManualClock;
use climbingpill::server::db::{migrate, Db, DbError};
use climbingpill::server::memory::libsql::LibsqlMemory;
use climbingpill::server::memory::{MemoryError, MemoryStore, NewMessage};
use support::hrana::FakeLibsqlServer;
use support::{say, TestApp};

async fn remote_memory(server: &FakeLibsqlServer) -> LibsqlMemory {
    let db = Db::open_remote(&server.url, &server.token).await.unwrap();
    migrate::run(&db, &migrate::embedded()).await.unwrap();
    LibsqlMemory::new(db, Arc::new(ManualClock::new(1_800_000_000)))
}

#[tokio::test]
async fn threads_messages_working_memory_and_recall_work_on_a_remote_database() {
    let server = FakeLibsqlServer::start().await;
    let mem = remote_memory(&server).await;

    let old = mem.create_thread("ann", "").await.unwrap();
    mem.append(
        "ann",
        &old.id,
        &[
            NewMessage::text(
                Role::User,
                "My left ring finger pulley hurts after crimping",
            ),
            NewMessage::text(Role::Assistant, "Stop max hangs and see a physio."),
        ],
    )
    .await
    .unwrap();
    let now = mem.create_thread("ann", "Today").await.unwrap();
    mem.append(
        "ann",
        &now.id,
        &[NewMessage::text(Role::User, "pulley ok now?")],
    )
    .await
    .unwrap();

    let threads = mem.list_threads("ann", 0, 10).await.unwrap();
    assert_eq!(threads.len(), 2);
    assert_eq!(
        mem.get_thread("ann", &old.id).await.unwrap().title,
        "My left ring finger pulley hurts after crimping",
        "titled from the first message"
    );
    let last = mem.last_messages("ann", &old.id, 20).await.unwrap();
    assert_eq!(last.len(), 2);
    assert_eq!(last[1].text(), "Stop max hangs and see a physio.");

    let hits = mem
        .recall("ann", "crimps pulley", 5, Some(&now.id))
        .await
        .unwrap();
    assert_eq!(hits.len(), 1, "full-text recall on the server");
    assert!(hits[0].hit.text().contains("ring finger"));

    mem.update_working_memory("ann", "## Injuries\n- left ring finger pulley\n")
        .await
        .unwrap();
    assert!(mem
        .working_memory("ann")
        .await
        .unwrap()
        .contains("left ring finger pulley"));

    // Another climber reaches none of it.
    assert!(matches!(
        mem.get_thread("bob", &old.id).await,
        Err(MemoryError::NotFound)
    ));
    assert!(mem
        .recall("bob", "pulley", 5, None)
        .await
        .unwrap()
        .is_empty());

    mem.rename_thread("ann", &old.id, "  Finger  ")
        .await
        .unwrap();
    mem.delete_thread("ann", &now.id).await.unwrap();
    let threads = mem.list_threads("ann", 0, 10).await.unwrap();
    assert_eq!(
        threads.iter().map(|t| t.title.as_str()).collect::<Vec<_>>(),
        ["Finger"]
    );

    // A second process (a restart) sees the same memory.
    let again = remote_memory(&server).await;
    assert_eq!(
        again.last_messages("ann", &old.id, 20).await.unwrap().len(),
        2
    );
    assert!(
        server.requests.load(Ordering::Relaxed) > 10,
        "it really went over HTTP"
    );
}

#[tokio::test]
async fn a_wrong_token_stops_start_up_with_the_url_named() {
    let server = FakeLibsqlServer::start().await;
    let Err(e) = Db::open_remote(&server.url, "not-the-token").await else {
        panic!("a wrong token must be refused");
    };
    assert!(matches!(e, DbError::Open { .. }), "{e}");
    assert!(e.to_string().contains(&server.url), "{e}");
    assert!(!e.to_string().contains(&server.token));
}

#[tokio::test]
async fn the_coach_keeps_conversations_in_the_remote_database_across_restarts() {
    let server = FakeLibsqlServer::start().await;
    let env = [
        ("MEMORY_DB_URL", server.url.as_str()),
        ("MEMORY_DB_AUTH_TOKEN", server.token.as_str()),
    ];
    let app = TestApp::with(&env, AuthLimits::default()).await;
    let c = app.signup("remote-memory@example.com").await;
    let r = app.post("/api/chat/new", "", Some(&c)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let thread: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let thread = thread["id"].as_str().unwrap().to_string();
    let events = say(&app, &c, &thread, "How should I warm up for bouldering?").await;
    assert!(!events.is_empty());
    assert_eq!(app.get("/readyz", None).await.status, StatusCode::OK);

    // The local file holds no messages: they went to the server.
    let local = app.state.db.conn().await.unwrap();
    let mut rows = local
        .query("SELECT count(*) FROM messages", ())
        .await
        .unwrap();
    let in_file: i64 = rows.next().await.unwrap().unwrap().get(0).unwrap();
    assert_eq!(in_file, 0);
    let user = app
        .state
        .stores
        .accounts
        .find_by_email("remote-memory@example.com")
        .await
        .unwrap()
        .unwrap()
        .id;
    // A second client reads what the app wrote. The app migrated this database already and
    // is still running (its background writers may hold the write lock for a moment), so the
    // reader doesn't migrate again: it only reads.
    let db = Db::open_remote(&server.url, &server.token).await.unwrap();
    let remote = LibsqlMemory::new(db, Arc::new(ManualClock::new(1_800_000_000)));
    let stored = remote.last_messages(&user, &thread, 20).await.unwrap();
    assert!(
        stored.len() >= 2,
        "the question and the coach's answer: {stored:?}"
    );
    assert_eq!(stored[0].text(), "How should I warm up for bouldering?");
}
