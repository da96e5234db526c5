//! Versioned SQL migrations: applied in file-name order, each inside its own transaction,
//! and recorded in `schema_migrations` so that a second run is a no-op.
use std::path::Path;

use super::{Db, DbError, PooledConn};
use futures::future::BoxFuture;

/// One migration: a file name such as `0001_accounts.sql` and its SQL.
#[derive(Clone, Debug)]
pub struct Migration {
    pub name: String,
    pub sql: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    #[error("migration {file} failed: {source}")]
    Failed { file: String, source: DbError },
    #[error("could not read migrations from {dir}: {source}")]
    Read { dir: String, source: std::io::Error },
    #[error("could not record migrations: {0}")]
    Bookkeeping(#[from] DbError),
}

/// The migrations compiled into the binary, so a deployed server needs no source tree.
/// `embedded_list_matches_the_folder` below fails if a file is added without listing it.
pub fn embedded() -> Vec<Migration> {
    macro_rules! m {
        ($name:literal) => {
            Migration {
                name: $name.to_string(),
                sql: include_str!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/migrations/libsql/",
                    $name
                ))
                .to_string(),
            }
        };
    }
    vec![
        m!("0001_accounts_sessions_profiles.sql"),
        m!("0002_agent_memory.sql"),
        m!("0003_conversation_history.sql"),
        m!("0004_journal.sql"),
        m!("0005_assessments_programs.sql"),
        m!("0006_onboarding.sql"),
        m!("0007_scoped_recall.sql"),
        m!("0008_covering_thread_list.sql"),
        m!("0009_climber_usage.sql"),
        m!("0010_run_log_prompt_size.sql"),
        m!("0011_profile_age_hangboard.sql"),
        m!("0012_admins.sql"),
        m!("0013_mastra_import.sql"),
        m!("0014_teams.sql"),
        m!("0015_program_proposals.sql"),
        m!("0016_team_coach_invites.sql"),
        m!("0017_coach_comment_bounds.sql"),
    ]
}

/// Rust that a migration needs right after its SQL, in the same transaction: data SQL alone
/// cannot compute. Found by file name, so `embedded()` and `from_dir` behave the same.
type Backfill = for<'c> fn(&'c PooledConn) -> BoxFuture<'c, Result<(), DbError>>;

fn backfill(name: &str) -> Option<Backfill> {
    match name {
        // Every saved message's recall terms carry its climber's scope.
        "0007_scoped_recall.sql" => {
            Some(|c| Box::pin(crate::server::memory::fts::index_all_messages(c)))
        }
        _ => None,
    }
}

/// Reads every `*.sql` file of `dir`, sorted by name.
pub fn from_dir(dir: &Path) -> Result<Vec<Migration>, MigrationError> {
    let read_err = |source| MigrationError::Read {
        dir: dir.display().to_string(),
        source,
    };
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read_err)? {
        let path = entry.map_err(read_err)?.path();
        if path.extension().is_some_and(|e| e == "sql") {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let sql = std::fs::read_to_string(&path).map_err(read_err)?;
            out.push(Migration { name, sql });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Applies the migrations not yet recorded. Returns the names applied by this call.
pub async fn run(db: &Db, migrations: &[Migration]) -> Result<Vec<String>, MigrationError> {
    db.write(async |c| {
        c.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)",
            (),
        )
        .await
        .map_err(DbError::from)
    })
    .await?;

    let mut applied = Vec::new();
    for m in migrations {
        let name = m.name.clone();
        let sql = m.sql.clone();
        let done = db
            .write(async |c| -> Result<bool, MigrationError> {
                let fail = |e: libsql::Error| MigrationError::Failed {
                    file: name.clone(),
                    source: e.into(),
                };
                let mut rows = c
                    .query(
                        "SELECT 1 FROM schema_migrations WHERE name = ?1",
                        [name.as_str()],
                    )
                    .await
                    .map_err(DbError::from)?;
                if rows.next().await.map_err(DbError::from)?.is_some() {
                    return Ok(false);
                }
                c.execute_batch(&sql).await.map_err(fail)?;
                if let Some(fill) = backfill(&name) {
                    fill(c).await.map_err(|source| MigrationError::Failed {
                        file: name.clone(),
                        source,
                    })?;
                }
                c.execute(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (?1, unixepoch())",
                    [name.as_str()],
                )
                .await
                .map_err(DbError::from)?;
                Ok(true)
            })
            .await?;
        if done {
            tracing::info!(migration = %m.name, "applied migration");
            applied.push(m.name.clone());
        }
    }
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_list_matches_the_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/libsql");
        let on_disk: Vec<String> = from_dir(&dir)
            .unwrap()
            .into_iter()
            .map(|m| m.name)
            .collect();
        let embedded: Vec<String> = embedded().into_iter().map(|m| m.name).collect();
        assert_eq!(on_disk, embedded);
    }
}
