//! Agent-memory benchmark on the embedded libSQL store (WAL, synchronous=NORMAL: the same
//! settings as Mastra's store). Prints p50/p95/p99 per operation.
//!
//!     cargo bench --features ssr --bench memory
use std::sync::Arc;
use std::time::{Duration, Instant};

use climbingpill::domain::memory::Role;
use climbingpill::server::clock::SystemClock;
use climbingpill::server::db::{migrate, Db};
use climbingpill::server::memory::libsql::LibsqlMemory;
use climbingpill::server::memory::{MemoryStore, NewMessage};

const WORDS: &[&str] = &[
    "crimp",
    "sloper",
    "pinch",
    "hangboard",
    "campus",
    "repeaters",
    "project",
    "redpoint",
    "onsight",
    "flash",
    "pulley",
    "finger",
    "shoulder",
    "core",
    "footwork",
    "heel",
    "toe",
    "hook",
    "overhang",
    "slab",
    "volume",
    "endurance",
    "power",
    "deadhang",
    "rest",
    "warmup",
    "session",
    "gym",
    "crag",
    "boulder",
    "route",
    "grade",
];

fn sentence(seed: usize) -> String {
    (0..12)
        .map(|i| WORDS[(seed * 7 + i * 13 + seed / 3) % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

struct Stats(Vec<Duration>);

impl Stats {
    fn pct(&self, p: f64) -> f64 {
        let mut v = self.0.clone();
        v.sort();
        let i = ((v.len() as f64 * p).ceil() as usize).clamp(1, v.len()) - 1;
        v[i].as_secs_f64() * 1000.0
    }
}

/// Prints a table row and a `RESULT key p50 p95 p99` line (ms) that `scripts/bench-memory.sh`
/// pairs with the Mastra bench's lines of the same keys.
async fn measure<F, Fut>(key: &str, name: &str, n: usize, f: F)
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    measure_as("RESULT", key, name, n, f).await
}

/// `measure` with another tag than `RESULT`, for reference lines that pair with nothing.
async fn measure_as<F, Fut>(tag: &str, key: &str, name: &str, n: usize, mut f: F)
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for i in 0..n.min(20) {
        f(i).await; // warm-up
    }
    let mut d = Vec::with_capacity(n);
    for i in 0..n {
        let t = Instant::now();
        f(i + 1000).await;
        d.push(t.elapsed());
    }
    let s = Stats(d);
    println!(
        "| {name:<44} | {n:>5} | {:>8.3} | {:>8.3} | {:>8.3} |",
        s.pct(0.50),
        s.pct(0.95),
        s.pct(0.99)
    );
    println!(
        "{tag} {key} {:.4} {:.4} {:.4}",
        s.pct(0.50),
        s.pct(0.95),
        s.pct(0.99)
    );
}

/// The recall every bench run times: the climber's one old "ring finger" message must come
/// first, however many newer messages say "pulley", so speed is never bought with relevance.
async fn recall_ring_finger(mem: &LibsqlMemory, user: &str) {
    let hits = mem
        .recall(user, "is my ring pulley ok?", 5, None)
        .await
        .unwrap();
    assert!(hits[0].hit.text().contains("ring finger"));
}

async fn bulk_fill(mem: &LibsqlMemory, threads: usize, per_thread: usize) {
    // Realistic volume quickly: many users, each thread filled in one append batch.
    for t in 0..threads {
        let user = format!("bulk-user-{}", t % 500);
        let th = mem.create_thread(&user, "").await.unwrap();
        let batch: Vec<NewMessage> = (0..per_thread)
            .map(|i| {
                NewMessage::text(
                    if i % 2 == 0 {
                        Role::User
                    } else {
                        Role::Assistant
                    },
                    sentence(t * per_thread + i),
                )
            })
            .collect();
        mem.append(&user, &th.id, &batch).await.unwrap();
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("bench.db")).await.unwrap();
    migrate::run(&db, &migrate::embedded()).await.unwrap();
    let mem = Arc::new(LibsqlMemory::new(db, Arc::new(SystemClock)));

    let user = "bench-user";
    let long = mem.create_thread(user, "long").await.unwrap();
    for i in 0..100 {
        mem.append(
            user,
            &long.id,
            &[
                NewMessage::text(Role::User, sentence(i)),
                NewMessage::text(Role::Assistant, sentence(i + 1)),
            ],
        )
        .await
        .unwrap();
    }
    for i in 0..120 {
        mem.create_thread(user, &format!("thread {i}"))
            .await
            .unwrap();
    }
    mem.append(
        user,
        &long.id,
        &[NewMessage::text(
            Role::User,
            "my left ring finger pulley felt tweaky",
        )],
    )
    .await
    .unwrap();

    println!("embedded libSQL memory store, times in ms");
    println!(
        "| operation                                    |     n |      p50 |      p95 |      p99 |"
    );
    println!(
        "|----------------------------------------------|-------|----------|----------|----------|"
    );
    let scratch = mem.create_thread(user, "scratch").await.unwrap();
    measure("create_thread", "create thread", 1000, |i| {
        let mem = mem.clone();
        async move {
            mem.create_thread("creator", &format!("t{i}"))
                .await
                .unwrap();
        }
    })
    .await;
    measure("append_pair", "append user+assistant pair", 1000, |i| {
        let (mem, id) = (mem.clone(), scratch.id.clone());
        async move {
            mem.append(
                user,
                &id,
                &[
                    NewMessage::text(Role::User, sentence(i)),
                    NewMessage::text(Role::Assistant, sentence(i + 5)),
                ],
            )
            .await
            .unwrap();
        }
    })
    .await;
    measure(
        "last20",
        "last 20 messages of a 200-message thread",
        1000,
        |_| {
            let (mem, id) = (mem.clone(), long.id.clone());
            async move {
                assert_eq!(mem.last_messages(user, &id, 20).await.unwrap().len(), 20);
            }
        },
    )
    .await;
    measure("list100", "list 100 threads of a user", 1000, |_| {
        let mem = mem.clone();
        async move {
            assert_eq!(mem.list_threads(user, 0, 100).await.unwrap().len(), 100);
        }
    })
    .await;
    measure(
        "update_working_memory",
        "update working memory",
        1000,
        |i| {
            let mem = mem.clone();
            async move {
                mem.update_working_memory(user, &format!("## Goals\n- goal {i}\n"))
                    .await
                    .unwrap();
            }
        },
    )
    .await;
    measure("recall", "FTS recall (top 5, with context)", 1000, |_| {
        let mem = mem.clone();
        async move {
            recall_ring_finger(&mem, user).await;
        }
    })
    .await;

    // Reference, not an operation of the store: the cheapest durable write libSQL does on
    // this machine, one prepared one-row upsert committed on its own, with no app code
    // around it. Creating a thread, appending a pair and updating working memory are each
    // one commit like it, so this is how fast they could ever be with the same durability.
    let floor_conn = mem.db().conn().await.unwrap();
    let floor = floor_conn
        .prepare(
            "INSERT INTO working_memory (user_id, content, updated_at) VALUES ('floor', ?1, ?2) \
             ON CONFLICT(user_id) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at",
        )
        .await
        .unwrap();
    measure_as(
        "FLOOR",
        "floor_commit",
        "reference: one prepared one-row commit",
        1000,
        |i| {
            let floor = &floor;
            async move {
                floor
                    .execute(libsql::params![format!("goal {i}"), i as i64])
                    .await
                    .unwrap();
                floor.reset();
            }
        },
    )
    .await;
    drop(floor);
    drop(floor_conn);

    let t = Instant::now();
    bulk_fill(&mem, 10_000, 20).await;
    eprintln!(
        "filled 10,000 threads / 200,000 messages in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    // The server copies the write-ahead log back into the database file every second on a
    // background task (db::Db's checkpointer). This single-threaded bench never waits, so
    // that task would never run; give it its turn, as any real server gets it, rather than
    // measure reads through a log 200,000 messages long.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    measure(
        "last20_big",
        "last 20 messages (10k threads, 200k messages)",
        1000,
        |_| {
            let (mem, id) = (mem.clone(), long.id.clone());
            async move {
                assert_eq!(mem.last_messages(user, &id, 20).await.unwrap().len(), 20);
            }
        },
    )
    .await;
    measure(
        "list100_big",
        "list 100 threads (10k threads, 200k messages)",
        1000,
        |_| {
            let mem = mem.clone();
            async move {
                assert_eq!(mem.list_threads(user, 0, 100).await.unwrap().len(), 100);
            }
        },
    )
    .await;
    measure(
        "recall_big",
        "FTS recall (10k threads, 200k messages)",
        1000,
        |_| {
            let mem = mem.clone();
            async move {
                recall_ring_finger(&mem, user).await;
            }
        },
    )
    .await;
}
