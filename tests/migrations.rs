//! Migrations on a real libSQL file: fresh, re-run, and a broken one.
use climbingpill::server::db::migrate::{self, Migration, MigrationError};
use climbingpill::server::db::Db;

async fn tables(db: &Db) -> Vec<String> {
    let conn = db.conn().await.unwrap();
    let mut rows = conn
        .query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", ())
        .await
        .unwrap();
    let mut out = Vec::new();
    while let Some(row) = rows.next().await.unwrap() {
        out.push(row.get::<String>(0).unwrap());
    }
    out
}

#[tokio::test]
async fn fresh_database_gets_every_migration_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("t.db")).await.unwrap();
    let applied = migrate::run(&db, &migrate::embedded()).await.unwrap();
    assert_eq!(
        applied,
        vec![
            "0001_accounts_sessions_profiles.sql".to_string(),
            "0002_agent_memory.sql".to_string(),
            "0003_conversation_history.sql".to_string(),
            "0004_journal.sql".to_string(),
            "0005_assessments_programs.sql".to_string(),
            "0006_onboarding.sql".to_string(),
            "0007_scoped_recall.sql".to_string(),
            "0008_covering_thread_list.sql".to_string(),
            "0009_climber_usage.sql".to_string(),
            "0010_run_log_prompt_size.sql".to_string(),
            "0011_profile_age_hangboard.sql".to_string(),
            "0012_admins.sql".to_string(),
            "0013_mastra_import.sql".to_string(),
            "0014_teams.sql".to_string(),
            "0015_program_proposals.sql".to_string(),
            "0016_team_coach_invites.sql".to_string(),
            "0017_coach_comment_bounds.sql".to_string()
        ]
    );
    let t = tables(&db).await;
    for expected in [
        "accounts",
        "conversation_history",
        "journal_entries",
        "messages",
        "schema_migrations",
        "sessions",
        "threads",
        "user_profiles",
        "working_memory",
    ] {
        assert!(
            t.contains(&expected.to_string()),
            "{expected} missing from {t:?}"
        );
    }
    // Re-running is a no-op, also after reopening the file.
    assert!(migrate::run(&db, &migrate::embedded())
        .await
        .unwrap()
        .is_empty());
    drop(db);
    let db = Db::open(&dir.path().join("t.db")).await.unwrap();
    assert!(migrate::run(&db, &migrate::embedded())
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn a_broken_migration_stops_with_its_name_and_leaves_no_trace() {
    let dir = tempfile::tempdir().unwrap();
    let mdir = dir.path().join("migrations");
    std::fs::create_dir(&mdir).unwrap();
    std::fs::write(
        mdir.join("0001_good.sql"),
        "CREATE TABLE good (id INTEGER PRIMARY KEY);",
    )
    .unwrap();
    std::fs::write(
        mdir.join("0002_broken.sql"),
        "CREATE TABLE half_done (id INTEGER);\nINSERT INTO no_such_table VALUES (1);",
    )
    .unwrap();
    std::fs::write(
        mdir.join("0003_later.sql"),
        "CREATE TABLE later (id INTEGER);",
    )
    .unwrap();
    std::fs::write(mdir.join("README.txt"), "not a migration").unwrap();

    let db = Db::open(&dir.path().join("t.db")).await.unwrap();
    let migrations: Vec<Migration> = migrate::from_dir(&mdir).unwrap();
    assert_eq!(migrations.len(), 3);
    let err = migrate::run(&db, &migrations).await.unwrap_err();
    assert!(
        matches!(err, MigrationError::Failed { ref file, .. } if file == "0002_broken.sql"),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("0002_broken.sql") && msg.contains("no_such_table"),
        "{msg}"
    );

    let t = tables(&db).await;
    assert!(t.contains(&"good".to_string()));
    assert!(
        !t.contains(&"half_done".to_string()),
        "the broken file's transaction rolled back"
    );
    assert!(
        !t.contains(&"later".to_string()),
        "nothing after the failure runs"
    );

    // Fixing the file lets the next start finish the job.
    std::fs::write(
        mdir.join("0002_broken.sql"),
        "CREATE TABLE half_done (id INTEGER);",
    )
    .unwrap();
    let applied = migrate::run(&db, &migrate::from_dir(&mdir).unwrap())
        .await
        .unwrap();
    assert_eq!(
        applied,
        vec!["0002_broken.sql".to_string(), "0003_later.sql".to_string()]
    );
}

#[tokio::test]
async fn a_corrupt_database_file_refuses_to_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("climbingpill.db");
    std::fs::write(&path, vec![0x42u8; 8192]).unwrap();
    let err = match Db::open(&path).await {
        Ok(db) => migrate::run(&db, &migrate::embedded())
            .await
            .unwrap_err()
            .to_string(),
        Err(e) => e.to_string(),
    };
    assert!(
        err.contains("not a database") || err.contains("climbingpill.db"),
        "{err}"
    );
}
