//! `climbingpill backup FILE` and `climbingpill restore FILE` for the libSQL file.
//!
//! Backup runs `VACUUM INTO` on a connection of its own: one read transaction, so the copy is
//! the database exactly as it was when the backup started (WAL mode lets the server keep
//! writing meanwhile; nothing waits). The copy is written next to `FILE` under a temporary
//! name, checked with `PRAGMA integrity_check`, synced, then renamed into place, so `FILE` is
//! either a whole, checked backup or absent.
//!
//! Restore takes the data folder's exclusive lock (see [`super::lock`]: refused while a server
//! or another command has the database open), copies the backup into the data folder, checks
//! its integrity and migrations (a backup made by a newer ClimbingPill is refused; older ones
//! are migrated on the copy), moves the current database and its WAL aside as
//! `climbingpill.db.before-restore-<unix time>`, and renames the copy into place.
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::server::db::{migrate, Db, DbError};

use super::lock::{self, LockError};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("no database at {0}: check CLIMBINGPILL_DATA_DIR")]
    NoDatabase(String),
    #[error("{0} already exists: choose another name, or add --force to replace it")]
    Exists(String),
    #[error("{0} does not exist")]
    NoBackup(String),
    #[error("{path} failed its integrity check: {detail}")]
    Damaged { path: String, detail: String },
    #[error("{0} is not a ClimbingPill database (it has no schema_migrations table)")]
    NotOurs(String),
    #[error(
        "{path} was made by a newer ClimbingPill (it has migration {migration}, unknown to this \
         version): restore it with that version"
    )]
    Newer { path: String, migration: String },
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Sql { path: String, source: libsql::Error },
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error(transparent)]
    Migration(#[from] migrate::MigrationError),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.display().to_string(),
        source,
    }
}

fn sql(path: &Path) -> impl FnOnce(libsql::Error) -> BackupError + '_ {
    move |source| BackupError::Sql {
        path: path.display().to_string(),
        source,
    }
}

/// What a backup wrote.
#[derive(Debug)]
pub struct BackupReport {
    pub path: PathBuf,
    pub bytes: u64,
    pub migrations: usize,
    pub took: Duration,
}

impl std::fmt::Display for BackupReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "backup written to {} ({} bytes, {} migrations, integrity ok) in {} ms",
            self.path.display(),
            self.bytes,
            self.migrations,
            self.took.as_millis()
        )
    }
}

/// What a restore did.
#[derive(Debug)]
pub struct RestoreReport {
    pub restored: PathBuf,
    /// Where the replaced database went (none when there was no database).
    pub kept_aside: Option<PathBuf>,
    /// Migrations the backup lacked, applied before it went into place.
    pub migrated: Vec<String>,
}

impl std::fmt::Display for RestoreReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "restored {}", self.restored.display())?;
        if !self.migrated.is_empty() {
            write!(f, " (migrated: {})", self.migrated.join(", "))?;
        }
        match &self.kept_aside {
            Some(old) => write!(f, "; the previous database is kept at {}", old.display()),
            None => write!(f, "; there was no previous database"),
        }
    }
}

/// `path` with `suffix` appended to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// Removes a file if it is there.
fn remove_if_present(path: &Path) -> Result<(), BackupError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io(path)(e)),
    }
}

/// Makes a rename durable: fsync of the folder that holds the entry.
fn sync_dir(path: &Path) -> Result<(), BackupError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io(dir))
}

/// Copies the database at `db_path` to `out`, online. Refuses an existing `out` unless
/// `overwrite`.
pub async fn backup(
    db_path: &Path,
    out: &Path,
    overwrite: bool,
) -> Result<BackupReport, BackupError> {
    let started = Instant::now();
    if !db_path.exists() {
        return Err(BackupError::NoDatabase(db_path.display().to_string()));
    }
    if out.exists() && !overwrite {
        return Err(BackupError::Exists(out.display().to_string()));
    }
    let partial = with_suffix(out, &format!(".partial-{}", std::process::id()));
    remove_if_present(&partial)?;
    let result = async {
        let db = Db::open(db_path).await?;
        let target = partial
            .to_str()
            .ok_or_else(|| BackupError::Io {
                path: partial.display().to_string(),
                source: std::io::Error::other("the file name is not UTF-8"),
            })?
            .to_string();
        db.conn()
            .await?
            .execute("VACUUM INTO ?1", [target])
            .await
            .map_err(sql(db_path))?;
        drop(db);
        let migrations = verify(&partial).await?.len();
        std::fs::File::open(&partial)
            .and_then(|f| f.sync_all())
            .map_err(io(&partial))?;
        std::fs::rename(&partial, out).map_err(io(out))?;
        sync_dir(out)?;
        let bytes = std::fs::metadata(out).map_err(io(out))?.len();
        Ok(BackupReport {
            path: out.to_path_buf(),
            bytes,
            migrations,
            took: started.elapsed(),
        })
    }
    .await;
    if result.is_err() {
        let _ = remove_if_present(&partial);
    }
    result
}

/// `PRAGMA integrity_check` on the file at `path`, and the migrations it records, on a plain
/// connection (no WAL switch, no lock file: the file may be a backup anywhere).
pub async fn verify(path: &Path) -> Result<Vec<String>, BackupError> {
    verify_as(path, path).await
}

/// As [`verify`], naming the file `shown` in errors (restore checks a copy of the backup).
async fn verify_as(path: &Path, shown: &Path) -> Result<Vec<String>, BackupError> {
    let database = libsql::Builder::new_local(path)
        .build()
        .await
        .map_err(sql(shown))?;
    let conn = database.connect().map_err(sql(shown))?;
    let mut problems = Vec::new();
    let mut rows = conn
        .query("PRAGMA integrity_check", ())
        .await
        .map_err(|e| BackupError::Damaged {
            path: shown.display().to_string(),
            detail: e.to_string(),
        })?;
    while let Some(row) = rows.next().await.map_err(sql(shown))? {
        let line: String = row.get(0).map_err(sql(shown))?;
        if line != "ok" {
            problems.push(line);
        }
    }
    drop(rows);
    if !problems.is_empty() {
        problems.truncate(5);
        return Err(BackupError::Damaged {
            path: shown.display().to_string(),
            detail: problems.join("; "),
        });
    }
    let mut rows = conn
        .query(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
            (),
        )
        .await
        .map_err(sql(shown))?;
    let has_table = match rows.next().await.map_err(sql(shown))? {
        Some(row) => row.get::<i64>(0).map_err(sql(shown))? > 0,
        None => false,
    };
    drop(rows);
    if !has_table {
        return Err(BackupError::NotOurs(shown.display().to_string()));
    }
    let mut names = Vec::new();
    let mut rows = conn
        .query("SELECT name FROM schema_migrations ORDER BY name", ())
        .await
        .map_err(sql(shown))?;
    while let Some(row) = rows.next().await.map_err(sql(shown))? {
        names.push(row.get::<String>(0).map_err(sql(shown))?);
    }
    Ok(names)
}

/// Replaces the database at `db_path` with the backup at `from`. See the module comment.
pub async fn restore(db_path: &Path, from: &Path) -> Result<RestoreReport, BackupError> {
    if !from.is_file() {
        return Err(BackupError::NoBackup(from.display().to_string()));
    }
    if let Some(dir) = db_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    // Held until the new file is in place: no server can open the database meanwhile.
    let _exclusive = lock::exclusive(db_path)?;
    let copy = with_suffix(db_path, ".restoring");
    let clean_copy = || {
        for suffix in ["", "-wal", "-shm", ".lock"] {
            let _ = remove_if_present(&with_suffix(&copy, suffix));
        }
    };
    clean_copy();
    let result = async {
        std::fs::copy(from, &copy).map_err(io(&copy))?;
        let recorded = verify_as(&copy, from).await?;
        let known: Vec<String> = migrate::embedded().into_iter().map(|m| m.name).collect();
        if let Some(unknown) = recorded.iter().find(|n| !known.contains(n)) {
            return Err(BackupError::Newer {
                path: from.display().to_string(),
                migration: unknown.clone(),
            });
        }
        let migrated = {
            let db = Db::open(&copy).await?;
            let applied = migrate::run(&db, &migrate::embedded()).await?;
            // Fold the WAL back in so the copy is one self-contained file.
            let conn = db.conn().await?;
            let mut rows = conn
                .query("PRAGMA wal_checkpoint(TRUNCATE)", ())
                .await
                .map_err(sql(&copy))?;
            while rows.next().await.map_err(sql(&copy))?.is_some() {}
            applied
        };
        verify_as(&copy, from).await?;
        std::fs::File::open(&copy)
            .and_then(|f| f.sync_all())
            .map_err(io(&copy))?;
        let kept_aside = if db_path.exists() {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default()
                .as_secs();
            let aside = with_suffix(db_path, &format!(".before-restore-{secs}"));
            // The WAL moves with its database: it may hold committed writes not yet
            // checkpointed (a server that was killed), which SQLite finds by the new name.
            for suffix in ["-wal", "-shm", ""] {
                let from = with_suffix(db_path, suffix);
                if from.exists() {
                    let to = with_suffix(&aside, suffix);
                    std::fs::rename(&from, &to).map_err(io(&to))?;
                }
            }
            Some(aside)
        } else {
            None
        };
        std::fs::rename(&copy, db_path).map_err(io(db_path))?;
        sync_dir(db_path)?;
        Ok(RestoreReport {
            restored: db_path.to_path_buf(),
            kept_aside,
            migrated,
        })
    }
    .await;
    clean_copy();
    result
}
