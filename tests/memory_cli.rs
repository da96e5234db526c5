//! The real binary's `memory export` / `memory import` and `migrate` commands, and start-up
//! refusals.
mod support;

use std::process::Command;
use std::sync::Arc;

use climbingpill::domain::memory::Role;
use climbingpill::server::auth::service::AuthLimits;
use climbingpill::server::clock::SystemClock;
use climbingpill::server::config::Config;
use climbingpill::server::memory::NewMessage;
use climbingpill::server::state::{AppState, StartupError};

fn config(dir: &std::path::Path) -> Config {
    let d = dir.display().to_string();
    Config::from_lookup(|k| (k == "CLIMBINGPILL_DATA_DIR").then(|| d.clone())).unwrap()
}

fn options() -> leptos::config::LeptosOptions {
    leptos::config::LeptosOptions::builder()
        .output_name("climbingpill")
        .build()
}

fn cli(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_climbingpill"))
        .args(args)
        .env("CLIMBINGPILL_DATA_DIR", dir)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

#[tokio::test]
async fn export_import_round_trip_through_the_binary() {
    let src = tempfile::tempdir().unwrap();
    {
        let state = AppState::build_with(
            config(src.path()),
            options(),
            Arc::new(SystemClock),
            AuthLimits::default(),
        )
        .await
        .unwrap();
        let signup = state
            .auth
            .signup("ex@example.com", "a long enough pass", "test", None)
            .await
            .unwrap();
        let uid = signup.user.user_id;
        let t = state.memory.create_thread(&uid, "").await.unwrap();
        state
            .memory
            .append(
                &uid,
                &t.id,
                &[NewMessage::text(Role::User, "Hangboard plan?")],
            )
            .await
            .unwrap();
        state
            .memory
            .update_working_memory(&uid, "## Equipment\n- Beastmaker 1000\n")
            .await
            .unwrap();
        let other = state
            .memory
            .create_thread("someone-else", "other")
            .await
            .unwrap();
        state
            .memory
            .append(
                "someone-else",
                &other.id,
                &[NewMessage::text(Role::User, "hi")],
            )
            .await
            .unwrap();
    }
    let file = src.path().join("memory.jsonl");
    let out = cli(
        src.path(),
        &["memory", "export", "--out", file.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("exported 2 threads, 2 messages, 1 working memories"));
    let first = std::fs::read_to_string(&file).unwrap();
    assert!(first
        .starts_with("{\"type\":\"header\",\"format\":\"climbingpill-memory\",\"version\":1}\n"));

    let dst = tempfile::tempdir().unwrap();
    let out = cli(dst.path(), &["memory", "import", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = cli(dst.path(), &["memory", "export"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        first,
        "export -> import -> export is identical"
    );

    // One climber by email: only their thread.
    let out = cli(
        src.path(),
        &["memory", "export", "--user", "EX@example.com"],
    );
    let one = String::from_utf8(out.stdout).unwrap();
    assert!(
        one.contains("Hangboard plan?") && !one.contains("someone-else"),
        "{one}"
    );
    let out = cli(
        src.path(),
        &["memory", "export", "--user", "nobody@example.com"],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("no account with the email nobody@example.com"));

    // A malformed file names its line and imports nothing.
    let bad = src.path().join("bad.jsonl");
    std::fs::write(&bad, format!("{}{{oops\n", first)).unwrap();
    let fresh = tempfile::tempdir().unwrap();
    let out = cli(fresh.path(), &["memory", "import", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let n = first.lines().count() + 1;
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(&format!("line {n}:")),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !fresh.path().join("climbingpill.db").exists(),
        "nothing created for a bad file"
    );
}

#[tokio::test]
async fn the_server_refuses_a_missing_data_folder_and_a_corrupt_database() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("typo");
    let err = AppState::build(config(&missing), options())
        .await
        .err()
        .expect("must refuse");
    assert!(matches!(err, StartupError::DataDirMissing(_)));
    assert!(err.to_string().contains("CLIMBINGPILL_DATA_DIR"), "{err}");
    assert!(!missing.exists(), "no folder created in the wrong place");

    std::fs::write(dir.path().join("climbingpill.db"), vec![7u8; 4096]).unwrap();
    let err = AppState::build(config(dir.path()), options())
        .await
        .err()
        .expect("must refuse");
    assert!(
        err.to_string().contains("climbingpill.db") || err.to_string().contains("not a database"),
        "{err}"
    );

    let out = Command::new(env!("CARGO_BIN_EXE_climbingpill"))
        .env("CLIMBINGPILL_DATA_DIR", &missing)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
}

/// With the application data in PostgreSQL: `migrate` creates the schema once, and a memory
/// export for one climber finds their account there.
#[tokio::test]
async fn migrate_and_a_climbers_export_work_with_postgres() {
    let Some(db) = support::postgres::TestPg::empty().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_climbingpill"))
            .args(args)
            .env("CLIMBINGPILL_DATA_DIR", dir.path())
            .env("SUPABASE_DB_URL", &db.url)
            .env("RUST_LOG", "warn")
            .output()
            .unwrap()
    };
    let first = run(&["migrate"]);
    let said = String::from_utf8_lossy(&first.stderr).into_owned();
    assert!(first.status.success(), "{said}");
    assert!(
        said.contains("postgres/0002_row_level_security.sql"),
        "{said}"
    );
    let again = run(&["migrate"]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("already up to date"));

    let d = dir.path().display().to_string();
    let url = db.url.clone();
    let config = Config::from_lookup(|k| match k {
        "CLIMBINGPILL_DATA_DIR" => Some(d.clone()),
        "SUPABASE_DB_URL" => Some(url.clone()),
        _ => None,
    })
    .unwrap();
    {
        let state = AppState::build_with(
            config,
            options(),
            Arc::new(SystemClock),
            AuthLimits::default(),
        )
        .await
        .unwrap();
        let uid = state
            .auth
            .signup("pg-memory@example.com", "a long enough pass", "test", None)
            .await
            .unwrap()
            .user
            .user_id;
        let t = state.memory.create_thread(&uid, "").await.unwrap();
        state
            .memory
            .append(
                &uid,
                &t.id,
                &[NewMessage::text(Role::User, "Campus board?")],
            )
            .await
            .unwrap();
    }
    let out = run(&["memory", "export", "--user", "pg-memory@example.com"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Campus board?"));
    let unknown = run(&["memory", "export", "--user", "nobody@example.com"]);
    assert!(!unknown.status.success());
}
