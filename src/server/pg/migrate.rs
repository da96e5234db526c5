//! Versioned SQL migrations for PostgreSQL: `migrations/postgres/*.sql`, applied in name
//! order, each in its own transaction, recorded in `climbingpill.schema_migrations` (outside
//! `public`, so every table there is application data under RLS). An advisory lock makes two
//! instances starting at once take turns instead of racing.
use super::{Pg, PgError};
use crate::server::db::migrate::Migration;

/// The migrations compiled into the binary.
pub fn embedded() -> Vec<Migration> {
    macro_rules! m {
        ($name:literal) => {
            Migration {
                name: $name.to_string(),
                sql: include_str!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/migrations/postgres/",
                    $name
                ))
                .to_string(),
            }
        };
    }
    vec![
        m!("0000_supabase_shim.sql"),
        m!("0001_app_schema.sql"),
        m!("0002_row_level_security.sql"),
        m!("0003_climber_usage.sql"),
        m!("0004_run_log_prompt_size.sql"),
        m!("0005_profile_age_hangboard.sql"),
        m!("0006_admins.sql"),
        m!("0008_teams.sql"),
        m!("0009_program_proposals.sql"),
        m!("0010_team_privacy.sql"),
        m!("0011_coach_comment_bounds.sql"),
    ]
}

#[derive(Debug, thiserror::Error)]
pub enum PgMigrationError {
    #[error("migration {file} failed: {source}")]
    Failed { file: String, source: sqlx::Error },
    #[error("could not record migrations: {0}")]
    Bookkeeping(#[from] sqlx::Error),
    #[error(transparent)]
    Pg(#[from] PgError),
}

/// Arbitrary, fixed: the key of the advisory lock held while migrating.
const LOCK_KEY: i64 = 0x636c_696d_6270;

/// Applies the migrations not yet recorded; returns the names applied now.
pub async fn run(pg: &Pg, migrations: &[Migration]) -> Result<Vec<String>, PgMigrationError> {
    let pool = pg.pool();
    let mut conn = pool.acquire().await?;
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(LOCK_KEY)
        .execute(&mut *conn)
        .await?;
    let result = apply(&mut conn, migrations).await;
    // Released whatever happened; a dropped connection would release it too.
    let _ = sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(LOCK_KEY)
        .execute(&mut *conn)
        .await;
    result
}

async fn apply(
    conn: &mut sqlx::PgConnection,
    migrations: &[Migration],
) -> Result<Vec<String>, PgMigrationError> {
    sqlx::raw_sql(
        "CREATE SCHEMA IF NOT EXISTS climbingpill; \
         CREATE TABLE IF NOT EXISTS climbingpill.schema_migrations ( \
             name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
    )
    .execute(&mut *conn)
    .await?;
    let done: Vec<String> = sqlx::query_scalar("SELECT name FROM climbingpill.schema_migrations")
        .fetch_all(&mut *conn)
        .await?;
    let mut applied = Vec::new();
    for m in migrations {
        if done.contains(&m.name) {
            continue;
        }
        let failed = |source| PgMigrationError::Failed {
            file: m.name.clone(),
            source,
        };
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        sqlx::raw_sql(&m.sql)
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
        sqlx::query("INSERT INTO climbingpill.schema_migrations (name) VALUES ($1)")
            .bind(&m.name)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(migration = %m.name, "postgres migration applied");
        applied.push(m.name.clone());
    }
    Ok(applied)
}

#[cfg(test)]
mod tests {
    #[test]
    fn embedded_list_matches_the_folder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/postgres");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        on_disk.sort();
        let listed: Vec<String> = super::embedded().into_iter().map(|m| m.name).collect();
        assert_eq!(listed, on_disk);
    }
}
