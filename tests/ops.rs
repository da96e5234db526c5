//! Operations: `climbingpill backup` / `restore` (online copy under a write load, restore
//! refused while a server holds the database) and `climbingpill doctor`.
mod support;

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use climbingpill::domain::journal::EntryInput;
use climbingpill::server::auth::service::AuthLimits;
use climbingpill::server::clock::SystemClock;
use climbingpill::server::config::Config;
use climbingpill::server::ops::backup::{self, BackupError};
use climbingpill::server::ops::lock::LockError;
use climbingpill::server::state::AppState;

fn config(dir: &Path, extra: &[(&str, String)]) -> Config {
    let mut vars: Vec<(String, String)> = extra
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    vars.push(("CLIMBINGPILL_DATA_DIR".into(), dir.display().to_string()));
    Config::from_lookup(|k| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())).unwrap()
}

async fn server(dir: &Path) -> AppState {
    let options = leptos::config::LeptosOptions::builder()
        .output_name("climbingpill")
        .build();
    AppState::build_with(
        config(dir, &[]),
        options,
        Arc::new(SystemClock),
        AuthLimits::default(),
    )
    .await
    .unwrap()
}

/// The real binary, with only the variables given (none of the caller's database URLs).
fn cli(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_climbingpill"));
    cmd.args(args)
        .env("CLIMBINGPILL_DATA_DIR", dir)
        .env("RUST_LOG", "warn");
    for var in [
        "SUPABASE_DB_URL",
        "MEMORY_DB_URL",
        "LLM_MODEL",
        "LLM_BASE_URL",
        "EMBEDDINGS_MODEL",
        "METRICS_ADDR",
    ] {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn note(i: usize) -> String {
    format!("write number {i}")
}

fn entry(date: &str, i: usize) -> EntryInput {
    EntryInput {
        date: date.to_string(),
        kind: "bouldering".into(),
        duration_min: "30".into(),
        rpe: "6".into(),
        notes: note(i),
        ..EntryInput::default()
    }
}

/// Journal notes the climber sees, through the real store.
async fn notes(state: &AppState, user_id: &str) -> Vec<String> {
    state
        .journal
        .export(user_id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.data.notes)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_under_write_load_restores_every_acknowledged_write() {
    let data = tempfile::tempdir().unwrap();
    let backups = tempfile::tempdir().unwrap();
    let db_path = data.path().join("climbingpill.db");
    let file = backups.path().join("cp.db");

    let state = server(data.path()).await;
    let user_id = state
        .auth
        .signup("backup@example.com", "a long enough pass", "test", None)
        .await
        .unwrap()
        .user
        .user_id;
    let date = state.journal.today().to_string();

    // Three climbers' worth of writers, each recording a write once it is acknowledged.
    let acked = Arc::new(Mutex::new(Vec::<usize>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut writers = Vec::new();
    for _ in 0..3 {
        let (state, user_id, date) = (state.clone(), user_id.clone(), date.clone());
        let (acked, stop, next) = (acked.clone(), stop.clone(), next.clone());
        writers.push(tokio::spawn(async move {
            while !stop.load(Ordering::SeqCst) {
                let i = next.fetch_add(1, Ordering::SeqCst);
                state
                    .journal
                    .create(&user_id, &entry(&date, i))
                    .await
                    .unwrap();
                acked.lock().unwrap().push(i);
            }
        }));
    }
    while acked.lock().unwrap().len() < 200 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }

    // The backup starts while the writers keep going.
    let before: Vec<usize> = acked.lock().unwrap().clone();
    let report = backup::backup(&db_path, &file, false).await.unwrap();
    let during = acked.lock().unwrap().len() - before.len();
    assert!(report.bytes > 0 && report.migrations > 0, "{report}");
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    stop.store(true, Ordering::SeqCst);
    for w in writers {
        w.await.unwrap();
    }
    let all: Vec<usize> = acked.lock().unwrap().clone();
    assert!(
        during > 0 || all.len() > before.len(),
        "the writers kept writing while the backup ran"
    );

    // A second backup to the same name is refused; --force replaces it.
    assert!(matches!(
        backup::backup(&db_path, &file, false).await,
        Err(BackupError::Exists(_))
    ));

    // Restore is refused while the server holds the database (in this process, and from the
    // real binary in another one).
    match backup::restore(&db_path, &file).await {
        Err(BackupError::Lock(LockError::InUse { .. })) => {}
        other => panic!("restore ran under a live server: {other:?}"),
    }
    let out = cli(data.path(), &["restore", file.to_str().unwrap()], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("stop it first"), "{stderr}");
    assert_eq!(
        notes(&state, &user_id).await.len(),
        all.len(),
        "nothing was touched"
    );
    drop(state);

    // Server stopped: the restore goes through and keeps the old file aside.
    let restored = backup::restore(&db_path, &file).await.unwrap();
    let aside = restored
        .kept_aside
        .clone()
        .expect("the old database is kept");
    assert!(aside.exists(), "{restored}");

    let state = server(data.path()).await;
    let seen = notes(&state, &user_id).await;
    for i in &before {
        assert!(
            seen.contains(&note(*i)),
            "write {i} was acknowledged before the backup started but is missing"
        );
    }
    assert!(seen.len() <= all.len());
    eprintln!(
        "writes acknowledged before the backup: {}, during it: {during}, in all: {}, restored: {} ({report})",
        before.len(),
        all.len(),
        seen.len()
    );
    // The account came back too: the climber can log in.
    state
        .auth
        .login("backup@example.com", "a long enough pass", "test", None)
        .await
        .unwrap();
    drop(state);

    // The file kept aside still has every write, the ones after the backup included.
    let old = tempfile::tempdir().unwrap();
    std::fs::copy(&aside, old.path().join("climbingpill.db")).unwrap();
    for suffix in ["-wal", "-shm"] {
        let mut from = aside.clone().into_os_string();
        from.push(suffix);
        if Path::new(&from).exists() {
            std::fs::copy(&from, old.path().join(format!("climbingpill.db{suffix}"))).unwrap();
        }
    }
    let state = server(old.path()).await;
    assert_eq!(notes(&state, &user_id).await.len(), all.len());
}

#[tokio::test]
async fn backup_and_restore_through_the_binary() {
    let data = tempfile::tempdir().unwrap();
    let backups = tempfile::tempdir().unwrap();
    let file = backups.path().join("nightly.db");
    let user_id = {
        let state = server(data.path()).await;
        let id = state
            .auth
            .signup("cli@example.com", "a long enough pass", "test", None)
            .await
            .unwrap()
            .user
            .user_id;
        let date = state.journal.today().to_string();
        state.journal.create(&id, &entry(&date, 1)).await.unwrap();
        id
    };

    let out = cli(data.path(), &["backup", file.to_str().unwrap()], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("integrity ok"), "{stderr}");

    // Never over an existing file, unless asked.
    let out = cli(data.path(), &["backup", file.to_str().unwrap()], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("already exists"), "{stderr}");
    let out = cli(
        data.path(),
        &["backup", file.to_str().unwrap(), "--force"],
        &[],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A change after the backup is undone by the restore.
    {
        let state = server(data.path()).await;
        let date = state.journal.today().to_string();
        state
            .journal
            .create(&user_id, &entry(&date, 2))
            .await
            .unwrap();
    }
    let out = cli(data.path(), &["restore", file.to_str().unwrap()], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("previous database is kept"), "{stderr}");
    let state = server(data.path()).await;
    assert_eq!(notes(&state, &user_id).await, vec![note(1)]);
    drop(state);

    // Not a database, or a damaged one: refused, and the database is untouched.
    let junk = backups.path().join("junk.db");
    std::fs::write(
        &junk,
        b"this is not a database at all, just text ".repeat(200),
    )
    .unwrap();
    let out = cli(data.path(), &["restore", junk.to_str().unwrap()], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("junk.db"), "{stderr}");
    let mut bytes = std::fs::read(&file).unwrap();
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 4096] {
        *b = 0x5a;
    }
    let damaged = backups.path().join("damaged.db");
    std::fs::write(&damaged, &bytes).unwrap();
    let out = cli(data.path(), &["restore", damaged.to_str().unwrap()], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    eprintln!("damaged backup refused: {stderr}");
    let state = server(data.path()).await;
    assert_eq!(notes(&state, &user_id).await, vec![note(1)]);
}

fn check<'a>(
    report: &'a climbingpill::server::ops::doctor::Report,
    name: &str,
) -> &'a climbingpill::server::ops::doctor::Check {
    report
        .get(name)
        .unwrap_or_else(|| panic!("no {name:?} check in\n{report}"))
}

use climbingpill::server::ops::doctor::{self, Status};

#[tokio::test]
async fn doctor_checks_the_file_the_model_the_embeddings_and_the_disk() {
    let data = tempfile::tempdir().unwrap();
    {
        let state = server(data.path()).await;
        let id = state
            .auth
            .signup("doc@example.com", "a long enough pass", "test", None)
            .await
            .unwrap()
            .user
            .user_id;
        let date = state.journal.today().to_string();
        state.journal.create(&id, &entry(&date, 1)).await.unwrap();
    }
    let llm = support::fake_llm::FakeLlm::start(vec![support::fake_llm::text(&["ok"])]).await;
    let cfg = config(
        data.path(),
        &[
            ("LLM_MODEL", "tiny-model".into()),
            ("LLM_BASE_URL", llm.base_url.clone()),
            ("EMBEDDINGS_MODEL", "tiny-embed".into()),
        ],
    );
    let report = doctor::run(&cfg).await;
    assert!(!report.failed(), "{report}");
    for name in [
        "configuration",
        "libSQL file",
        "libSQL migrations",
        "libSQL rows",
        "LLM endpoint",
        "embeddings",
    ] {
        assert_eq!(check(&report, name).status, Status::Ok, "{report}");
    }
    assert!(
        check(&report, "configuration")
            .detail
            .contains("coach model tiny-model"),
        "{report}"
    );
    assert!(
        check(&report, "libSQL migrations")
            .detail
            .starts_with("all "),
        "{report}"
    );
    let rows = &check(&report, "libSQL rows").detail;
    assert!(
        rows.contains("accounts 1") && rows.contains("journal_entries 1"),
        "{report}"
    );
    let model = &check(&report, "LLM endpoint").detail;
    assert!(
        model.contains("tiny-model") && model.contains("120 tokens in"),
        "{report}"
    );
    // One tiny request: a single short message, one output token, no tools.
    let sent = llm.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["max_tokens"], 1);
    assert_eq!(sent[0]["messages"].as_array().unwrap().len(), 1);
    assert!(
        check(&report, "embeddings")
            .detail
            .contains(&format!("{} dimensions", support::fake_llm::EMBEDDING_DIM)),
        "{report}"
    );
    assert!(
        check(&report, "disk").detail.contains(" free of "),
        "{report}"
    );
    let text = report.to_string();
    assert!(text.lines().next().unwrap().starts_with("check "), "{text}");

    // The model answers 401: that check fails, the others still run, and the binary exits 1.
    llm.push(support::fake_llm::Script::Status(401));
    let report = doctor::run(&cfg).await;
    assert!(report.failed());
    let model = check(&report, "LLM endpoint");
    assert_eq!(model.status, Status::Fail);
    assert!(model.detail.contains("401"), "{report}");
    assert_eq!(check(&report, "libSQL file").status, Status::Ok);

    let out = cli(
        data.path(),
        &["doctor"],
        &[
            ("LLM_MODEL", "tiny-model"),
            ("LLM_BASE_URL", "http://127.0.0.1:9/v1"),
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("LLM endpoint") && l.contains("FAIL")),
        "{stdout}"
    );
    let out = cli(data.path(), &["doctor"], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[tokio::test]
async fn doctor_fails_on_a_missing_database_or_a_pending_migration() {
    let empty = tempfile::tempdir().unwrap();
    let report = doctor::run(&config(empty.path(), &[])).await;
    assert!(report.failed());
    let file = check(&report, "libSQL file");
    assert_eq!(file.status, Status::Fail);
    assert!(file.detail.contains("no database"), "{report}");
    assert!(
        !empty.path().join("climbingpill.db").exists(),
        "doctor never creates a database"
    );

    let data = tempfile::tempdir().unwrap();
    drop(server(data.path()).await);
    let conn = libsql::Builder::new_local(data.path().join("climbingpill.db"))
        .build()
        .await
        .unwrap()
        .connect()
        .unwrap();
    let last = climbingpill::server::db::migrate::embedded()
        .pop()
        .unwrap()
        .name;
    conn.execute(
        "DELETE FROM schema_migrations WHERE name = ?1",
        [last.as_str()],
    )
    .await
    .unwrap();
    drop(conn);
    let report = doctor::run(&config(data.path(), &[])).await;
    let m = check(&report, "libSQL migrations");
    assert_eq!(m.status, Status::Fail, "{report}");
    assert!(
        m.detail.contains(&last) && m.detail.contains("climbingpill migrate"),
        "{report}"
    );
}

#[tokio::test]
async fn doctor_checks_postgres_migrations_rls_and_rows() {
    let Some(pg) = support::postgres::TestPg::fresh().await else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    drop(server(data.path()).await);
    let cfg = config(data.path(), &[("SUPABASE_DB_URL", pg.url.clone())]);
    let report = doctor::run(&cfg).await;
    assert!(!report.failed(), "{report}");
    for name in [
        "PostgreSQL",
        "PostgreSQL migrations",
        "PostgreSQL RLS",
        "PostgreSQL rows",
    ] {
        assert_eq!(check(&report, name).status, Status::Ok, "{report}");
    }
    assert!(
        check(&report, "PostgreSQL RLS")
            .detail
            .starts_with("enabled and forced on all"),
        "{report}"
    );
    assert!(
        check(&report, "PostgreSQL rows")
            .detail
            .contains("accounts 0"),
        "{report}"
    );

    // A table whose RLS is no longer forced is named, and the run fails.
    sqlx::query("ALTER TABLE journal_entries NO FORCE ROW LEVEL SECURITY")
        .execute(pg.pg.pool())
        .await
        .unwrap();
    let report = doctor::run(&cfg).await;
    let rls = check(&report, "PostgreSQL RLS");
    assert_eq!(rls.status, Status::Fail, "{report}");
    assert!(
        rls.detail.contains("journal_entries (not forced)"),
        "{report}"
    );
    assert!(report.failed());

    // A database nobody migrated: both checks fail and say what to run.
    let Some(empty) = support::postgres::TestPg::empty().await else {
        return;
    };
    let report = doctor::run(&config(
        data.path(),
        &[("SUPABASE_DB_URL", empty.url.clone())],
    ))
    .await;
    let m = check(&report, "PostgreSQL migrations");
    assert_eq!(m.status, Status::Fail, "{report}");
    assert!(m.detail.starts_with("0 of "), "{report}");
    assert!(
        check(&report, "PostgreSQL RLS")
            .detail
            .contains("climbingpill migrate"),
        "{report}"
    );
    assert!(report.get("PostgreSQL rows").is_none(), "{report}");
}

/// The value of the first series of `name` whose labels include every one of `labels`.
fn series(scrape: &str, name: &str, labels: &[&str]) -> Option<f64> {
    scrape
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter(|l| l.starts_with(&format!("{name}{{")) || l.starts_with(&format!("{name} ")))
        .find(|l| labels.iter().all(|x| l.contains(x)))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_scraped_from_their_own_listener() {
    use climbingpill::server::auth::rate_limit::Limit;
    use climbingpill::server::ops::metrics;
    use support::{form, say, v, TestApp, PASSWORD};

    let public: std::net::SocketAddr = "127.0.0.1:3000".parse().unwrap();
    assert!(matches!(
        metrics::install(public, public, None),
        Err(metrics::MetricsError::PublicPort(_))
    ));
    let addr = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let app = TestApp::with(
        &[],
        AuthLimits {
            signup_per_ip: Limit {
                max: 1,
                window_secs: 3600,
            },
            ..AuthLimits::default()
        },
    )
    .await;
    metrics::install(addr, public, Some(app.dir.path().join("climbingpill.db"))).unwrap();

    assert_eq!(app.get("/healthz", None).await.status, 200);
    assert_eq!(app.get("/healthz", None).await.status, 200);
    let cookie = app.signup("metrics@example.com").await;
    let r = app
        .post(
            "/api/signup",
            &form(&[("email", "second@example.com"), ("password", PASSWORD)]),
            None,
        )
        .await;
    assert_eq!(r.status, 429, "{}", r.body);
    let r = app.post("/api/chat/new", "", Some(&cookie)).await;
    let thread = v(&r)["id"].as_str().unwrap().to_string();
    say(&app, &cookie, &thread, "hello coach").await;
    assert_eq!(app.get("/no/such/page", None).await.status, 404);

    let scrape = reqwest::get(format!("http://{addr}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let has = |name: &str, labels: &[&str]| {
        series(&scrape, name, labels).unwrap_or_else(|| panic!("no {name} {labels:?} in\n{scrape}"))
    };
    // Requests by route template and status, with latency histograms.
    let healthz = [r#"method="GET""#, r#"route="/healthz""#, r#"status="200""#];
    assert!(has("climbingpill_http_requests_total", &healthz) >= 2.0);
    assert!(has("climbingpill_http_request_duration_seconds_count", &healthz) >= 2.0);
    assert!(
        has(
            "climbingpill_http_request_duration_seconds_bucket",
            &[r#"route="/healthz""#, r#"le="+Inf""#]
        ) >= 2.0
    );
    assert!(
        has(
            "climbingpill_http_requests_total",
            &[r#"route="/api/signup""#, r#"status="429""#]
        ) >= 1.0
    );
    // Unmatched paths share one label: a scanner cannot create series.
    assert!(
        has(
            "climbingpill_http_requests_total",
            &[r#"route="fallback""#, r#"status="404""#]
        ) >= 1.0
    );
    assert!(!scrape.contains("/no/such/page"), "{scrape}");
    // Rate-limit refusals.
    assert!(
        has(
            "climbingpill_rate_limited_total",
            &[r#"route="/api/signup""#]
        ) >= 1.0
    );
    // Coach turns: count, duration, steps, tokens.
    assert!(has("climbingpill_agent_turns_total", &[r#"outcome="ok""#]) >= 1.0);
    assert!(
        has(
            "climbingpill_agent_turn_duration_seconds_count",
            &[r#"outcome="ok""#]
        ) >= 1.0
    );
    assert!(has("climbingpill_agent_steps_total", &[]) >= 1.0);
    has("climbingpill_agent_tokens_total", &[r#"direction="out""#]);
    // The libSQL file's size, refreshed every minute (the first time at start).
    assert!(has("climbingpill_libsql_file_bytes", &[]) > 0.0);
    has("climbingpill_libsql_wal_bytes", &[]);
}
