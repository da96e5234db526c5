//! `memory import-mastra` / `export-mastra` against a database written by Mastra itself
//! (tests/data/mastra/fixture.db, from bench/mastra/fixture.mjs) on real libSQL files, and the
//! export read back by Mastra's own code (bench/mastra/read.mjs, needs `npm ci` there, which
//! scripts/setup.sh runs).
mod support;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use climbingpill::domain::memory::{section_body, Part, Role};
use climbingpill::domain::quota::QuotaLimits;
use climbingpill::server::clock::SystemClock;
use climbingpill::server::db::{migrate, Db};
use climbingpill::server::memory::libsql::LibsqlMemory;
use climbingpill::server::memory::mastra::{
    self, ImportOptions, ImportReport, LibsqlAccounts, MastraError,
};
use climbingpill::server::memory::{MemoryStore, NewMessage};
use climbingpill::server::stores::libsql::LibsqlAccounts as AccountStoreImpl;
use climbingpill::server::stores::{AccountRecord, AccountStore};

const R_ALICE: &str = "8d7e2f7a-1b8e-4f0e-9a52-3c1d2a000001";
const R_BOB: &str = "bob@example.com";
const R_CARLA: &str = "5b0c6a8e-2d4f-4c3a-8e1f-000000000003";
const R_GHOST: &str = "0f9e8d7c-0000-4000-8000-0000000000ff";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mastra/fixture.db")
}

struct Target {
    _dir: tempfile::TempDir,
    path: PathBuf,
    db: Db,
    alice: String,
    bob: String,
}

/// A ClimbingPill database with Alice (mapped by CSV), Bob (whose resourceId is his email)
/// and Carla (whose account id is her resourceId).
async fn target() -> Target {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("climbingpill.db");
    let db = Db::open(&path).await.unwrap();
    migrate::run(&db, &migrate::embedded()).await.unwrap();
    let accounts = AccountStoreImpl::new(db.clone());
    let mut ids = Vec::new();
    for (id, email) in [
        ("acc-alice", "alice@example.com"),
        ("acc-bob", "bob@example.com"),
        (R_CARLA, "carla@example.com"),
    ] {
        accounts
            .create(&AccountRecord {
                id: id.into(),
                email: email.into(),
                password_hash: "x".into(),
                created_at: 0,
            })
            .await
            .unwrap();
        ids.push(id.to_string());
    }
    Target {
        _dir: dir,
        path,
        db,
        alice: ids[0].clone(),
        bob: ids[1].clone(),
    }
}

fn alice_map() -> HashMap<String, String> {
    HashMap::from([(R_ALICE.to_string(), "alice@example.com".to_string())])
}

async fn import(t: &Target, map: HashMap<String, String>, dry_run: bool) -> ImportReport {
    try_import(t, &fixture(), map, dry_run).await.unwrap()
}

async fn try_import(
    t: &Target,
    file: &Path,
    map: HashMap<String, String>,
    dry_run: bool,
) -> Result<ImportReport, MastraError> {
    let options = ImportOptions {
        map,
        dry_run,
        quotas: QuotaLimits::default(),
        vectors: None,
    };
    mastra::import(file, &t.db, &LibsqlAccounts(t.db.clone()), &options).await
}

async fn count(db: &Db, table: &str) -> i64 {
    let conn = db.conn().await.unwrap();
    let mut rows = conn
        .query(&format!("SELECT count(*) FROM {table}"), ())
        .await
        .unwrap();
    rows.next().await.unwrap().unwrap().get(0).unwrap()
}

/// Everything the import writes, counted.
async fn written(db: &Db) -> [i64; 6] {
    [
        count(db, "threads").await,
        count(db, "messages").await,
        count(db, "working_memory").await,
        count(db, "thread_working_memory").await,
        count(db, "mastra_message_ids").await,
        count(db, "mastra_thread_ids").await,
    ]
}

fn memory(t: &Target) -> LibsqlMemory {
    LibsqlMemory::new(t.db.clone(), Arc::new(SystemClock))
}

#[tokio::test]
async fn a_file_mastra_wrote_is_imported_with_threads_messages_tools_and_working_memory() {
    let t = target().await;
    let before = std::fs::read(fixture()).unwrap();
    let report = import(&t, alice_map(), false).await;
    let text = report.to_string();

    // Per climber, as the operator reads it.
    let alice = &report.climbers[&t.alice];
    assert_eq!((alice.threads, alice.messages), (14, 1104), "{text}");
    assert!(alice.working_memory, "{text}");
    let bob = &report.climbers[&t.bob];
    assert_eq!((bob.threads, bob.messages), (9, 64), "{text}");
    assert_eq!(bob.thread_working_memories, 1);
    let carla = &report.climbers[R_CARLA];
    assert_eq!((carla.threads, carla.messages), (6, 45), "{text}");
    assert_eq!(carla.thread_working_memories, 2);
    assert!(!carla.working_memory);
    assert_eq!((report.threads(), report.messages()), (29, 1213));
    assert!(text.contains("alice@example.com") && text.contains("carla@example.com"));
    assert!(
        text.contains("imported 29 threads and 1213 messages for 3 climbers"),
        "{text}"
    );
    // The unmapped resource is listed with why, and nothing of it is imported.
    assert_eq!(report.skipped_resources.len(), 1, "{text}");
    let ghost = &report.skipped_resources[0];
    assert_eq!(
        (ghost.resource_id.as_str(), ghost.threads, ghost.messages),
        (R_GHOST, 3, 12)
    );
    assert!(
        text.contains(R_GHOST) && text.contains("not in the map"),
        "{text}"
    );
    // The old app's system prompt is not conversation.
    assert!(text.contains("1 × system message"), "{text}");
    assert_eq!(written(&t.db).await[..2], [29, 1213]);
    // Read-only: the Mastra file is untouched.
    assert_eq!(std::fs::read(fixture()).unwrap(), before);

    let mem = memory(&t);
    // Threads keep title, times and order; the 1,000-message thread reads in order.
    let threads = mem.list_threads(&t.alice, 0, 100).await.unwrap();
    assert_eq!(threads.len(), 14);
    let long = mem.get_thread(&t.alice, "alice-t00").await.unwrap();
    assert_eq!(long.title, "Hangboard plan for the winter 🧗");
    assert_eq!(long.created_at, 1_740_816_060_000); // 2025-03-01T08:01:00.000Z
    let mut all = Vec::new();
    let mut before_seq = None;
    loop {
        let page = mem
            .history(&t.alice, "alice-t00", before_seq, 200)
            .await
            .unwrap();
        if page.is_empty() {
            break;
        }
        before_seq = Some(page[0].seq);
        all.splice(0..0, page);
    }
    assert_eq!(all.len(), 1000);
    assert_eq!(all[0].id, "alice-t00-m0000");
    assert_eq!(all[999].id, "alice-t00-m0999");
    assert!(all.windows(2).all(|w| w[0].created_at < w[1].created_at));
    assert_eq!(all[0].role, Role::User);
    assert_eq!(all[1].role, Role::Assistant);
    assert!(all[0].text().contains("💪"), "{}", all[0].text());

    // Assistant tool invocations are tool calls with their results.
    let tooled = mem.history(&t.alice, "alice-t01", None, 50).await.unwrap();
    assert_eq!(
        tooled[1].text(),
        "Let me log that session for you.\nLogged ✅. Anything else?"
    );
    assert!(tooled[1].parts.iter().any(|p| matches!(p,
        Part::ToolCall { name, arguments, .. } if name == "logSession" && arguments["grade"] == "7a")));
    assert!(tooled[1].parts.iter().any(|p| matches!(p,
        Part::ToolResult { result, .. } if result["entryId"] == "e-1")));
    // A 10 KB markdown message arrives whole.
    let big = mem.history(&t.alice, "alice-t03", None, 50).await.unwrap();
    assert!(big[2].text().len() > 10_000, "{}", big[2].text().len());
    assert!(big[2].text().starts_with("# Notes alice-t03\n\n- line 0"));

    // Legacy rows: a plain string, v1 arrays, and a tool message.
    let legacy = mem.history(&t.bob, "bob-legacy", None, 50).await.unwrap();
    let roles: Vec<Role> = legacy.iter().map(|m| m.role).collect();
    assert_eq!(
        roles,
        [Role::User, Role::Assistant, Role::Tool, Role::Assistant]
    );
    assert_eq!(
        legacy[0].text(),
        "plain string from 2024: how many rest days?"
    );
    assert!(matches!(&legacy[2].parts[0], Part::ToolResult { name, .. } if name == "remember"));

    // Resource working memory merged into the climber profile, section by section.
    let wm = mem.working_memory(&t.alice).await.unwrap();
    assert!(wm.starts_with("# Climber profile"), "{wm}");
    assert_eq!(
        section_body(&wm, "Goals").unwrap(),
        "- send Rainbow Rocket (8a) 🌈"
    );
    assert_eq!(
        section_body(&wm, "Favourite crags").unwrap(),
        "- Céüse\n- Frankenjura"
    );
    assert_eq!(
        section_body(&wm, "Notes from the previous app").unwrap(),
        "- prefers mornings"
    );
    assert_eq!(section_body(&wm, "Schedule").unwrap(), "- (unknown)");
    // Thread-scoped working memory stays with its thread.
    let conn = t.db.conn().await.unwrap();
    let mut rows = conn
        .query(
            "SELECT content FROM thread_working_memory WHERE thread_id = 'bob-t5'",
            (),
        )
        .await
        .unwrap();
    let thread_wm: String = rows.next().await.unwrap().unwrap().get(0).unwrap();
    assert!(thread_wm.contains("Bas Cuvier"));

    // Recall finds imported messages (full-text index built), only the climber's own.
    let hits = mem
        .recall(&t.alice, "Rainbow Rocket", 5, None)
        .await
        .unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.thread_id.starts_with("alice-")));
    let hits = mem
        .recall(&t.bob, "Bas Cuvier pads", 5, None)
        .await
        .unwrap();
    assert!(hits.iter().all(|h| h.thread_id.starts_with("bob-")));
    // The quota counters follow.
    assert_eq!(mem.usage(&t.alice).await.unwrap().messages, 1104);
}

#[tokio::test]
async fn a_second_run_imports_nothing_and_a_fixed_map_brings_the_rest() {
    let t = target().await;
    // First run without the map: Alice's resource is unmapped, the others come over.
    let first = import(&t, HashMap::new(), false).await;
    assert_eq!((first.threads(), first.messages()), (15, 109));
    assert!(first
        .skipped_resources
        .iter()
        .any(|s| s.resource_id == R_ALICE && s.threads == 14 && s.messages == 1104));
    let after_first = written(&t.db).await;

    // The same file again: nothing new.
    let again = import(&t, HashMap::new(), false).await;
    assert_eq!((again.threads(), again.messages()), (0, 0), "{again}");
    assert_eq!((again.already_threads, again.already_messages), (15, 109));
    assert_eq!(written(&t.db).await, after_first);
    assert!(again
        .to_string()
        .contains("already imported by an earlier run"));

    // The operator fixes the map: only Alice's part is added.
    let fixed = import(&t, alice_map(), false).await;
    assert_eq!((fixed.threads(), fixed.messages()), (14, 1104), "{fixed}");
    assert!(fixed.climbers[&t.alice].working_memory);
    let all = written(&t.db).await;
    assert_eq!(all[..2], [29, 1213]);
    // And once more: nothing, working memory not merged twice.
    let wm = memory(&t).working_memory(&t.alice).await.unwrap();
    let last = import(&t, alice_map(), false).await;
    assert_eq!((last.threads(), last.messages()), (0, 0));
    assert_eq!(last.already_working_memories, 2);
    assert_eq!(written(&t.db).await, all);
    assert_eq!(memory(&t).working_memory(&t.alice).await.unwrap(), wm);
}

#[tokio::test]
async fn a_dry_run_reports_the_same_and_writes_nothing() {
    let t = target().await;
    let empty = written(&t.db).await;
    let dry = import(&t, alice_map(), true).await;
    assert_eq!((dry.threads(), dry.messages()), (29, 1213));
    assert!(
        dry.to_string().contains("dry run: nothing written"),
        "{dry}"
    );
    assert_eq!(written(&t.db).await, empty);
    assert_eq!(count(&t.db, "mastra_resource_ids").await, 0);
    let real = import(&t, alice_map(), false).await;
    assert_eq!((real.threads(), real.messages()), (29, 1213));
}

#[tokio::test]
async fn a_corrupt_or_foreign_file_is_refused_with_a_clear_error_and_nothing_is_written() {
    let t = target().await;
    let dir = tempfile::tempdir().unwrap();
    let empty = written(&t.db).await;

    let noise = dir.path().join("noise.db");
    std::fs::write(&noise, vec![0x5au8; 64 * 1024]).unwrap();
    let err = try_import(&t, &noise, alice_map(), false)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("is not a Mastra memory database"),
        "{err}"
    );

    // A real database, but not Mastra's (ours).
    let err = try_import(&t, &t.path, alice_map(), false)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no mastra_threads table"), "{err}");

    // Mastra's file cut short (a copy that stopped half way).
    let cut = dir.path().join("cut.db");
    let bytes = std::fs::read(fixture()).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let err = try_import(&t, &cut, alice_map(), false).await.unwrap_err();
    assert!(
        err.to_string().contains("is not a Mastra memory database")
            || err.to_string().contains("could not be read"),
        "{err}"
    );

    let err = try_import(&t, &dir.path().join("absent.db"), alice_map(), false)
        .await
        .unwrap_err();
    assert!(err.to_string().starts_with("no file at"), "{err}");
    assert_eq!(written(&t.db).await, empty);
}

#[test]
fn the_map_is_a_resource_id_email_csv_checked_line_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("map.csv");
    std::fs::write(
        &file,
        "resource_id,email\n8d7e,Alice@Example.com\n\n\"quoted,id\", bob@example.com\n",
    )
    .unwrap();
    let map = mastra::read_map(&file).unwrap();
    assert_eq!(map["8d7e"], "alice@example.com");
    assert_eq!(map["quoted,id"], "bob@example.com");
    std::fs::write(&file, "a,x@y.z\na,other@y.z\n").unwrap();
    let err = mastra::read_map(&file).unwrap_err().to_string();
    assert!(
        err.contains("line 2") && err.contains("mapped twice"),
        "{err}"
    );
    std::fs::write(&file, "a,not-an-email\n").unwrap();
    assert!(mastra::read_map(&file)
        .unwrap_err()
        .to_string()
        .contains("line 1"));
}

/// Runs bench/mastra/read.mjs (Mastra's own code) on a file.
fn mastra_reads(file: &Path, resources: &[&str]) -> serde_json::Value {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/mastra");
    assert!(
        dir.join("node_modules/@mastra/memory").is_dir(),
        "Mastra's packages are missing: run `npm ci` in bench/mastra (scripts/setup.sh does)"
    );
    let out = Command::new("node")
        .current_dir(&dir)
        .arg("read.mjs")
        .arg(file)
        .args(resources)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "read.mjs failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `## ` sections of a markdown document, as (title, body).
fn sections(doc: &str) -> Vec<(String, String)> {
    doc.split("\n## ")
        .skip(1)
        .map(|s| {
            let (title, body) = s.split_once('\n').unwrap_or((s, ""));
            (title.trim().to_string(), body.trim().to_string())
        })
        .collect()
}

#[tokio::test]
async fn an_export_reads_back_in_mastra_with_the_same_threads_messages_and_working_memory() {
    let t = target().await;
    import(&t, alice_map(), false).await;
    // A conversation held in ClimbingPill since: a tool call and its result.
    let mem = memory(&t);
    let native = mem
        .create_thread(&t.alice, "Since the switch")
        .await
        .unwrap();
    mem.append(
        &t.alice,
        &native.id,
        &[
            NewMessage::text(Role::User, "Log my session: 4x4s"),
            NewMessage {
                role: Role::Assistant,
                parts: vec![Part::ToolCall {
                    id: "call-1".into(),
                    name: "log_session".into(),
                    arguments: serde_json::json!({"kind": "4x4"}),
                }],
            },
            NewMessage {
                role: Role::Tool,
                parts: vec![Part::ToolResult {
                    id: "call-1".into(),
                    name: "log_session".into(),
                    result: serde_json::json!({"saved": true}),
                    is_error: false,
                }],
            },
            NewMessage::text(Role::Assistant, "Logged."),
        ],
    )
    .await
    .unwrap();

    let out_dir = tempfile::tempdir().unwrap();
    let exported = out_dir.path().join("back-to-mastra.db");
    let report = mastra::export(&t.db, &exported).await.unwrap();
    assert_eq!((report.threads, report.messages), (30, 1217), "{report}");
    // Never over an existing file.
    let err = mastra::export(&t.db, &exported).await.unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");

    let resources = [R_ALICE, R_BOB, R_CARLA];
    let original = mastra_reads(&fixture(), &resources);
    let back = mastra_reads(&exported, &resources);
    for r in resources {
        let (o, b) = (&original["resources"][r], &back["resources"][r]);
        let o_threads = o["threads"].as_array().unwrap();
        let b_threads: Vec<&serde_json::Value> = b["threads"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["id"] != native.id.as_str())
            .collect();
        assert_eq!(o_threads.len(), b_threads.len(), "threads of {r}");
        for (ot, bt) in o_threads.iter().zip(b_threads) {
            for key in ["id", "title", "createdAt", "workingMemory"] {
                assert_eq!(ot[key], bt[key], "{key} of thread {}", ot["id"]);
            }
            // Every message: id, role, text, tool invocations, in order.
            assert_eq!(
                ot["messages"], bt["messages"],
                "messages of thread {}",
                ot["id"]
            );
        }
        // Resource working memory: every section Mastra had, with the same content.
        let (ow, bw) = (o["workingMemory"].as_str(), b["workingMemory"].as_str());
        match ow {
            None => assert!(bw.is_none(), "{r}: {bw:?}"),
            Some(ow) => {
                let bw = bw.unwrap();
                for (title, body) in sections(&format!("\n{ow}")) {
                    assert_eq!(
                        section_body(bw, &title).as_deref().map(str::trim),
                        Some(body.as_str()),
                        "{r}: section {title} in {bw}"
                    );
                }
            }
        }
    }
    assert!(back["resources"][R_ALICE]["workingMemory"]
        .as_str()
        .unwrap()
        .contains("## Notes from the previous app\n- prefers mornings"));
    // The conversation held here reads in Mastra too: the call, then its result.
    let native_back = back["resources"][R_ALICE]["threads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == native.id.as_str())
        .expect("the ClimbingPill thread is exported");
    let msgs = native_back["messages"].as_array().unwrap();
    let texts: Vec<&str> = msgs.iter().map(|m| m["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["Log my session: 4x4s", "", "", "Logged."]);
    assert_eq!(msgs[1]["tools"][0]["state"], "call");
    assert_eq!(msgs[2]["tools"][0]["state"], "result");
    assert_eq!(msgs[2]["tools"][0]["args"]["kind"], "4x4");
    assert_eq!(msgs[2]["tools"][0]["result"]["saved"], true);
}

#[tokio::test]
async fn the_binary_runs_a_dry_run_then_the_import_and_refuses_to_export_over_a_file() {
    let dir = tempfile::tempdir().unwrap();
    {
        let db = Db::open(&dir.path().join("climbingpill.db")).await.unwrap();
        migrate::run(&db, &migrate::embedded()).await.unwrap();
        AccountStoreImpl::new(db.clone())
            .create(&AccountRecord {
                id: "acc-alice".into(),
                email: "alice@example.com".into(),
                password_hash: "x".into(),
                created_at: 0,
            })
            .await
            .unwrap();
    }
    let map = dir.path().join("map.csv");
    std::fs::write(
        &map,
        format!("resource_id,email\n{R_ALICE},alice@example.com\n"),
    )
    .unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_climbingpill"))
            .args(args)
            .env("CLIMBINGPILL_DATA_DIR", dir.path())
            .env("METRICS_ADDR", "")
            .env("RUST_LOG", "warn")
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let fixture = fixture().display().to_string();
    let map = map.display().to_string();
    let (ok, said) = run(&[
        "memory",
        "import-mastra",
        &fixture,
        "--map",
        &map,
        "--dry-run",
    ]);
    assert!(ok, "{said}");
    assert!(
        said.contains(
            "would import (dry run: nothing written) 14 threads and 1104 messages for 1 climbers"
        ),
        "{said}"
    );
    let (ok, said) = run(&["memory", "import-mastra", &fixture, "--map", &map]);
    assert!(ok, "{said}");
    assert!(
        said.contains("imported 14 threads and 1104 messages for 1 climbers"),
        "{said}"
    );
    assert!(
        said.contains("bob@example.com (9 threads, 65 messages): not in the map"),
        "{said}"
    );
    let (ok, said) = run(&["memory", "import-mastra", &fixture, "--map"]);
    assert!(!ok && said.contains("--map needs a CSV file"), "{said}");
    let (ok, said) = run(&["memory", "export-mastra", &fixture]);
    assert!(!ok && said.contains("already exists"), "{said}");
}

#[tokio::test]
async fn with_embeddings_on_the_imported_messages_get_vectors_for_semantic_recall() {
    use climbingpill::server::memory::embeddings::Embedder;
    use climbingpill::server::memory::vectors::VectorRecall;
    let llm = support::fake_llm::FakeLlm::start(Vec::new()).await;
    let t = target().await;
    let vectors = VectorRecall::new(
        Embedder::new(&llm.base_url, None, "fake-embed".into()).unwrap(),
        t.db.clone(),
    );
    let options = ImportOptions {
        map: HashMap::new(),
        dry_run: false,
        quotas: QuotaLimits::default(),
        vectors: Some(&vectors),
    };
    // Bob's and Carla's resources: 109 messages, one of them a tool result (not embedded).
    let report = mastra::import(&fixture(), &t.db, &LibsqlAccounts(t.db.clone()), &options)
        .await
        .unwrap();
    assert_eq!(report.messages(), 109);
    assert!(matches!(report.embedded, Some(Ok(108))), "{report}");
    assert!(report
        .to_string()
        .contains("semantic recall: 108 messages embedded"));
    let table = format!("message_embeddings_{}", support::fake_llm::EMBEDDING_DIM);
    assert_eq!(count(&t.db, &table).await, 108);
}

/// A copy of the fixture with `sql` run on it.
async fn fixture_with(dir: &Path, sql: &str, params: Vec<libsql::Value>) -> PathBuf {
    let file = dir.join("edited.db");
    std::fs::copy(fixture(), &file).unwrap();
    let db = libsql::Builder::new_local(&file).build().await.unwrap();
    let conn = db.connect().unwrap();
    assert_eq!(conn.execute(sql, params).await.unwrap(), 1, "{sql}");
    file
}

#[tokio::test]
async fn a_working_memory_too_large_once_merged_skips_that_resource_alone_in_dry_and_real_runs() {
    let t = target().await;
    let dir = tempfile::tempdir().unwrap();
    let huge = format!(
        "## Goals\n{}",
        "- send the 7a project before spring\n".repeat(600)
    );
    assert!(huge.len() > 16 * 1024);
    let file = fixture_with(
        dir.path(),
        r#"UPDATE mastra_resources SET "workingMemory" = ?1 WHERE id = ?2"#,
        vec![huge.into(), R_BOB.into()],
    )
    .await;
    let empty = written(&t.db).await;
    for dry_run in [true, false] {
        let report = try_import(&t, &file, alice_map(), dry_run).await.unwrap();
        let text = report.to_string();
        assert!(!report.climbers.contains_key(&t.bob), "{text}");
        assert_eq!(report.climbers[&t.alice].messages, 1104, "{text}");
        assert!(report.climbers[&t.alice].working_memory, "{text}");
        assert_eq!(report.climbers[R_CARLA].messages, 45, "{text}");
        assert_eq!((report.threads(), report.messages()), (20, 1149), "{text}");
        let bob = report
            .skipped_resources
            .iter()
            .find(|s| s.resource_id == R_BOB)
            .unwrap_or_else(|| panic!("{text}"));
        // Mastra's rows: his 64 and the old app's system prompt.
        assert_eq!((bob.threads, bob.messages), (9, 65), "{text}");
        assert!(
            text.contains("working memory merged into bob@example.com's would be")
                && text.contains("over the limit of 16384"),
            "{text}"
        );
        if dry_run {
            assert_eq!(written(&t.db).await, empty);
        }
    }
    // The real run wrote everyone else, and nothing of Bob's.
    assert_eq!(written(&t.db).await[..3], [20, 1149, 1]);
    let mem = memory(&t);
    assert!(mem.list_threads(&t.bob, 0, 100).await.unwrap().is_empty());
    assert_eq!(count(&t.db, "mastra_resource_ids").await, 1);
}

#[tokio::test]
async fn oversized_thread_working_memory_or_metadata_skips_that_thread_as_a_bad_row() {
    let t = target().await;
    let dir = tempfile::tempdir().unwrap();
    let file = fixture_with(
        dir.path(),
        "UPDATE mastra_threads SET metadata = ?1 WHERE id = 'carla-t0'",
        vec![
            serde_json::json!({ "workingMemory": "x".repeat(17 * 1024) })
                .to_string()
                .into(),
        ],
    )
    .await;
    let db = libsql::Builder::new_local(&file).build().await.unwrap();
    let conn = db.connect().unwrap();
    let big = serde_json::json!({ "notes": "y".repeat(17 * 1024) }).to_string();
    conn.execute(
        "UPDATE mastra_threads SET metadata = ?1 WHERE id = 'carla-t2'",
        [big],
    )
    .await
    .unwrap();
    let mut rows = conn
        .query(
            "SELECT count(*) FROM mastra_messages WHERE thread_id IN ('carla-t0', 'carla-t2')",
            (),
        )
        .await
        .unwrap();
    let in_skipped: i64 = rows.next().await.unwrap().unwrap().get(0).unwrap();
    assert!(in_skipped > 0);
    drop((rows, conn, db));

    let report = try_import(&t, &file, alice_map(), false).await.unwrap();
    let text = report.to_string();
    let carla = &report.climbers[R_CARLA];
    assert_eq!(carla.threads, 4, "{text}");
    assert_eq!(carla.messages, 45 - in_skipped as usize, "{text}");
    // carla-t1 still brings its thread working memory.
    assert_eq!(carla.thread_working_memories, 1, "{text}");
    let rows = &report.skipped_rows;
    let wm =
        &rows["thread whose working memory is over 16384 bytes (the limit for a working memory)"];
    assert_eq!((wm.0, wm.1.as_slice()), (1, &["carla-t0".to_string()][..]));
    let meta = &rows["thread whose metadata is over 16384 bytes"];
    assert_eq!(
        (meta.0, meta.1.as_slice()),
        (1, &["carla-t2".to_string()][..])
    );
    assert_eq!(
        rows["message of a thread skipped above"].0,
        in_skipped as usize
    );
    assert!(
        text.contains("thread whose metadata is over 16384 bytes"),
        "{text}"
    );
    // Everyone else is imported as usual.
    assert_eq!(report.climbers[&t.alice].messages, 1104);
    assert_eq!(report.climbers[&t.bob].messages, 64);
    assert_eq!(written(&t.db).await[..2], [27, 1213 - in_skipped]);
    let mem = memory(&t);
    assert!(mem.get_thread(R_CARLA, "carla-t0").await.is_err());
}

#[tokio::test]
async fn an_export_never_writes_over_a_file_or_through_a_symlink_and_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let t = target().await;
    import(&t, alice_map(), false).await;
    let dir = tempfile::tempdir().unwrap();

    let existing = dir.path().join("existing.db");
    std::fs::write(&existing, "the operator's own file").unwrap();
    let err = mastra::export(&t.db, &existing).await.unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&existing).unwrap(),
        "the operator's own file"
    );

    // A symlink to nowhere: the export neither follows it nor removes it.
    let elsewhere = dir.path().join("elsewhere.db");
    let link = dir.path().join("link.db");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    let err = mastra::export(&t.db, &link).await.unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
    assert_eq!(std::fs::read_link(&link).unwrap(), elsewhere);
    assert!(!elsewhere.exists());

    // Every climber's conversations: readable by the operator's account only.
    let out = dir.path().join("out.db");
    let report = mastra::export(&t.db, &out).await.unwrap();
    assert_eq!(report.threads, 29, "{report}");
    let mode = std::fs::metadata(&out).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "{mode:o}");
}
