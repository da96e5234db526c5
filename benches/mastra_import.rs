//! How long `memory import-mastra` takes on a Mastra file the size of the memory bench's fill:
//! 500 resources, 10,000 threads, 200,000 messages (the issue's target: under 30 s).
//!
//!     cargo bench --features ssr --bench mastra_import
//!
//! The Mastra file is written here, not by node (Mastra's own fill of 200,000 messages takes
//! minutes): the schema is copied from tests/data/mastra/fixture.db, which Mastra wrote
//! (bench/mastra/fixture.mjs), and rows are written as `@mastra/libsql` writes them: v2
//! `content` JSON with step-start and text parts, `type` v2, ISO `createdAt`, thread metadata
//! as JSONB, a resource working memory per climber. Prints the time to write the file, the
//! import's report and time, a second (idempotent) run, and an export.
use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use climbingpill::domain::memory::mastra::format_timestamp;
use climbingpill::domain::quota::QuotaLimits;
use climbingpill::server::db::{migrate, Db};
use climbingpill::server::memory::mastra::{self, ImportOptions, LibsqlAccounts};

const RESOURCES: usize = 500;
const THREADS: usize = 10_000;
const PER_THREAD: usize = 20;

const WORDS: [&str; 32] = [
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

/// The same sentences as benches/memory.rs.
fn sentence(seed: usize) -> String {
    (0..12)
        .map(|i| WORDS[(seed * 7 + i * 13 + seed / 3) % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

fn resource(r: usize) -> String {
    format!("00000000-0000-4000-8000-{r:012}")
}

/// Mastra's schema (from the file Mastra wrote) and the fill, in one transaction.
async fn write_mastra(path: &Path) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mastra/fixture.db");
    let source = libsql::Builder::new_local(&fixture)
        .flags(libsql::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .build()
        .await
        .unwrap();
    let src = source.connect().unwrap();
    let mut ddl = Vec::new();
    let mut rows = src
        .query(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' \
             ORDER BY type = 'index', rowid",
            (),
        )
        .await
        .unwrap();
    while let Some(r) = rows.next().await.unwrap() {
        ddl.push(r.get::<String>(0).unwrap());
    }
    let db = libsql::Builder::new_local(path).build().await.unwrap();
    let c = db.connect().unwrap();
    c.execute_batch(&format!("{};", ddl.join(";\n")))
        .await
        .unwrap();
    c.execute("BEGIN", ()).await.unwrap();
    let thread_stmt = c
        .prepare(r#"INSERT INTO mastra_threads (id, "resourceId", title, metadata, "createdAt", "updatedAt") VALUES (?1, ?2, ?3, jsonb(?4), ?5, ?6)"#)
        .await
        .unwrap();
    let message_stmt = c
        .prepare(r#"INSERT INTO mastra_messages (id, thread_id, content, role, type, "createdAt", "resourceId") VALUES (?1, ?2, ?3, ?4, 'v2', ?5, ?6)"#)
        .await
        .unwrap();
    let t0: i64 = 1_735_689_600_000; // 2025-01-01
    for t in 0..THREADS {
        let res = resource(t % RESOURCES);
        let id = format!("thread-{t:05}");
        let created = t0 + t as i64 * 60_000;
        let updated = format_timestamp(created + PER_THREAD as i64 * 1000);
        thread_stmt
            .execute(libsql::params![
                id.as_str(),
                res.as_str(),
                format!("Session {t}"),
                r#"{"source":"bench"}"#,
                format_timestamp(created),
                updated
            ])
            .await
            .unwrap();
        thread_stmt.reset();
        for i in 0..PER_THREAD {
            let content = serde_json::json!({"format": 2, "parts": [
                {"type": "step-start"},
                {"type": "text", "text": sentence(t * PER_THREAD + i)}
            ]})
            .to_string();
            message_stmt
                .execute(libsql::params![
                    format!("{id}-m{i:02}"),
                    id.as_str(),
                    content,
                    if i % 2 == 0 { "user" } else { "assistant" },
                    format_timestamp(created + i as i64 * 1000),
                    res.as_str()
                ])
                .await
                .unwrap();
            message_stmt.reset();
        }
    }
    for r in 0..RESOURCES {
        c.execute(
            r#"INSERT INTO mastra_resources (id, "workingMemory", metadata, "createdAt", "updatedAt") VALUES (?1, ?2, jsonb('{}'), ?3, ?3)"#,
            libsql::params![
                resource(r),
                format!("# User\n\n## Goals\n- climber {r}: send the project\n\n## Equipment\n- hangboard"),
                format_timestamp(t0)
            ],
        )
        .await
        .unwrap();
    }
    c.execute("COMMIT", ()).await.unwrap();
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mastra_file = dir.path().join("mastra-climbing.db");
    let t = Instant::now();
    write_mastra(&mastra_file).await;
    eprintln!(
        "wrote a Mastra file of {RESOURCES} resources, {THREADS} threads, {} messages in {:.1} s ({:.0} MB)",
        THREADS * PER_THREAD,
        t.elapsed().as_secs_f64(),
        std::fs::metadata(&mastra_file).unwrap().len() as f64 / 1e6
    );

    let db = Db::open(&dir.path().join("climbingpill.db")).await.unwrap();
    migrate::run(&db, &migrate::embedded()).await.unwrap();
    let conn = db.conn().await.unwrap();
    conn.execute("BEGIN", ()).await.unwrap();
    let mut map = HashMap::new();
    for r in 0..RESOURCES {
        let email = format!("climber{r}@example.com");
        conn.execute(
            "INSERT INTO accounts (id, email, password_hash, created_at) VALUES (?1, ?2, 'x', 0)",
            libsql::params![format!("acc-{r}"), email.as_str()],
        )
        .await
        .unwrap();
        map.insert(resource(r), email);
    }
    conn.execute("COMMIT", ()).await.unwrap();
    drop(conn);

    let options = ImportOptions {
        map,
        dry_run: false,
        quotas: QuotaLimits::default(),
        vectors: None,
    };
    let accounts = LibsqlAccounts(db.clone());
    let t = Instant::now();
    let report = mastra::import(&mastra_file, &db, &accounts, &options)
        .await
        .unwrap();
    let took = t.elapsed().as_secs_f64();
    assert_eq!(report.messages(), THREADS * PER_THREAD);
    let first = report.to_string();
    eprintln!("{}", first.lines().next().unwrap());
    println!(
        "RESULT import_200k_messages {took:.2} s (target < 30 s) {}",
        if took < 30.0 { "OK" } else { "OVER" }
    );

    let t = Instant::now();
    let again = mastra::import(&mastra_file, &db, &accounts, &options)
        .await
        .unwrap();
    assert_eq!(again.messages(), 0);
    println!(
        "RESULT second_run_imports_nothing {:.2} s",
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let exported = mastra::export(&db, &dir.path().join("back.db"))
        .await
        .unwrap();
    println!(
        "RESULT export_200k_messages {:.2} s ({exported})",
        t.elapsed().as_secs_f64()
    );
}
