//! Semantic recall on libSQL vectors, against a local server speaking the OpenAI
//! embeddings wire format (the provider itself cannot run here).
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use climbingpill::domain::memory::Role;
use climbingpill::server::clock::SystemClock;
use climbingpill::server::db::{migrate, Db};
use climbingpill::server::memory::embeddings::Embedder;
use climbingpill::server::memory::libsql::LibsqlMemory;
use climbingpill::server::memory::vectors::VectorRecall;
use climbingpill::server::memory::{MemoryStore, NewMessage};
use serde_json::{json, Value};

const DIM: usize = 16;

/// A toy "semantic" model: words map to topics, so texts about the same topic are close
/// even when they share no word (which full-text search cannot match).
fn embed_text(text: &str) -> Vec<f32> {
    let mut v = [0.0f32; DIM];
    for w in text.to_lowercase().split(|c: char| !c.is_alphanumeric()) {
        let topic = match w {
            "pulley" | "a2" | "tendon" | "finger" | "fingers" | "injury" | "injured" | "tweaky"
            | "sore" => 0,
            "hangboard" | "beastmaker" | "dead" | "hangs" | "edge" => 1,
            "slab" | "smear" | "feet" | "footwork" => 2,
            "" => continue,
            _ => 3 + (w.bytes().map(usize::from).sum::<usize>() % (DIM - 3)),
        };
        v[topic] += 1.0;
    }
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
    v.iter().map(|x| x / norm).collect()
}

struct Provider {
    calls: AtomicUsize,
    fail: std::sync::atomic::AtomicBool,
}

async fn start_provider(p: Arc<Provider>) -> String {
    let app = Router::new().route(
        "/v1/embeddings",
        post(move |headers: HeaderMap, Json(body): Json<Value>| {
            let p = p.clone();
            async move {
                p.calls.fetch_add(1, Ordering::SeqCst);
                if p.fail.load(Ordering::SeqCst) {
                    return (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({"error": {"message": "down"}})));
                }
                assert_eq!(headers.get("authorization").unwrap(), "Bearer test-key");
                assert_eq!(body["model"], "toy-embed");
                let inputs = body["input"].as_array().unwrap();
                // Answer out of order: clients must sort by `index`.
                let data: Vec<Value> = inputs
                    .iter()
                    .enumerate()
                    .rev()
                    .map(|(i, t)| json!({"object": "embedding", "index": i, "embedding": embed_text(t.as_str().unwrap())}))
                    .collect();
                (StatusCode::OK, Json(json!({"object": "list", "data": data, "model": "toy-embed"})))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/v1")
}

async fn store(base: &str) -> (tempfile::TempDir, LibsqlMemory) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("v.db")).await.unwrap();
    migrate::run(&db, &migrate::embedded()).await.unwrap();
    let embedder = Embedder::new(base, Some("test-key".into()), "toy-embed".into()).unwrap();
    let mem = LibsqlMemory::new(db.clone(), Arc::new(SystemClock))
        .with_vectors(VectorRecall::new(embedder, db));
    (dir, mem)
}

async fn eventually<F, Fut>(mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..100 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("condition not met within 5 s");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn semantic_recall_finds_meaning_without_shared_words_and_never_crosses_users() {
    let provider = Arc::new(Provider {
        calls: AtomicUsize::new(0),
        fail: false.into(),
    });
    let base = start_provider(provider.clone()).await;
    let (_d, mem) = store(&base).await;

    let old = mem.create_thread("alice", "old").await.unwrap();
    mem.append(
        "alice",
        &old.id,
        &[
            NewMessage::text(Role::User, "Warm-up was fine"),
            NewMessage::text(Role::User, "My A2 pulley feels tweaky after Tuesday"),
            NewMessage::text(Role::Assistant, "Skip max hangs this week."),
        ],
    )
    .await
    .unwrap();
    let bob = mem.create_thread("bob", "bob").await.unwrap();
    mem.append(
        "bob",
        &bob.id,
        &[NewMessage::text(Role::User, "tendon injury tendon injury")],
    )
    .await
    .unwrap();

    let query = "is that tendon injury healing?";
    // Full-text alone has nothing: no word in common with Alice's message.
    let (_d2, plain) = {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("p.db")).await.unwrap();
        migrate::run(&db, &migrate::embedded()).await.unwrap();
        (dir, LibsqlMemory::new(db, Arc::new(SystemClock)))
    };
    let t = plain.create_thread("alice", "t").await.unwrap();
    plain
        .append(
            "alice",
            &t.id,
            &[NewMessage::text(
                Role::User,
                "My A2 pulley feels tweaky after Tuesday",
            )],
        )
        .await
        .unwrap();
    assert!(plain
        .recall("alice", query, 5, None)
        .await
        .unwrap()
        .is_empty());

    eventually(|| async {
        !mem.recall("alice", query, 5, None)
            .await
            .unwrap()
            .is_empty()
    })
    .await;
    let hits = mem.recall("alice", query, 5, None).await.unwrap();
    assert_eq!(
        hits[0].hit.text(),
        "My A2 pulley feels tweaky after Tuesday"
    );
    assert_eq!(hits[0].before.as_ref().unwrap().text(), "Warm-up was fine");
    assert_eq!(
        hits[0].after.as_ref().unwrap().text(),
        "Skip max hangs this week."
    );
    assert!(
        hits.iter().all(|h| h.thread_id == old.id),
        "Bob's identical words never reach Alice"
    );

    // Deleting the thread removes its vectors too: from the table, not only from recall.
    let vectors = |user: &'static str| {
        let path = _d.path().join("v.db");
        async move {
            let db = Db::open(&path).await.unwrap();
            let c = db.conn().await.unwrap();
            let mut rows = c
                .query(
                    "SELECT count(*) FROM message_embeddings_16 WHERE user_id = ?1",
                    [user],
                )
                .await
                .unwrap();
            rows.next().await.unwrap().unwrap().get::<i64>(0).unwrap()
        }
    };
    eventually(|| async { vectors("alice").await == 3 && vectors("bob").await == 1 }).await;
    mem.delete_thread("alice", &old.id).await.unwrap();
    assert!(mem
        .recall("alice", query, 5, None)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        vectors("alice").await,
        0,
        "the deleted thread's embeddings are gone"
    );
    assert_eq!(vectors("bob").await, 1, "another climber's are untouched");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unavailable_endpoint_falls_back_to_full_text() {
    let provider = Arc::new(Provider {
        calls: AtomicUsize::new(0),
        fail: true.into(),
    });
    let base = start_provider(provider.clone()).await;
    let (_d, mem) = store(&base).await;
    let t = mem.create_thread("u", "t").await.unwrap();
    mem.append(
        "u",
        &t.id,
        &[NewMessage::text(
            Role::User,
            "hangboard repeaters on the 20 mm edge",
        )],
    )
    .await
    .unwrap();
    let hits = mem.recall("u", "repeaters", 5, None).await.unwrap();
    assert_eq!(hits.len(), 1, "full-text still answers");
    assert!(
        provider.calls.load(Ordering::SeqCst) >= 1,
        "the endpoint was tried"
    );

    // Nothing listens here at all: still no error for the climber.
    let (_d2, dead) = store("http://127.0.0.1:9/v1").await;
    let t = dead.create_thread("u", "t").await.unwrap();
    dead.append(
        "u",
        &t.id,
        &[NewMessage::text(Role::User, "slab footwork drills")],
    )
    .await
    .unwrap();
    assert_eq!(
        dead.recall("u", "footwork", 5, None).await.unwrap().len(),
        1
    );
}
