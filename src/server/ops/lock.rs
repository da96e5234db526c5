//! Who holds the libSQL file: an advisory lock on `climbingpill.db.lock` beside it.
//!
//! Every process that opens the file through [`Db::open`](crate::server::db::Db::open) (the
//! server, and the commands that read it: backup, doctor, funnel, memory export) holds a
//! *shared* lock for as long as it has the database open. `climbingpill restore` needs the
//! *exclusive* lock, which the kernel grants only while nobody holds a shared one, and keeps
//! it while it swaps the files, so a server started meanwhile refuses to start instead of
//! opening a half-replaced database.
//!
//! Why a lock file and not a look at SQLite's own `-wal`/`-shm` locks: SQLite takes those
//! byte-range locks only while a transaction runs, so an idle server holds none of them and a
//! check would wrongly find the file free. A `flock` is held from open to exit and is dropped
//! by the kernel when the process dies, even on `kill -9`, so it never goes stale. It is a
//! separate file because SQLite's POSIX locks on the database itself must not be mixed with
//! ours, and because restore renames the database file.
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "{db} is open in a running ClimbingPill server (or another climbingpill command): \
         stop it first, then run restore again"
    )]
    InUse { db: String },
    #[error("a restore is replacing {db} right now: start the server again when it has finished")]
    Restoring { db: String },
    #[error("could not lock {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// Held for as long as the value lives; the kernel releases it when dropped or at exit.
#[derive(Debug)]
pub struct DataLock {
    _file: File,
}

/// `climbingpill.db` -> `climbingpill.db.lock`.
pub fn lock_path(db_path: &Path) -> PathBuf {
    let mut name = db_path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    db_path.with_file_name(name)
}

fn open(db_path: &Path) -> Result<File, LockError> {
    let path = lock_path(db_path);
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|source| LockError::Io {
            path: path.display().to_string(),
            source,
        })
}

/// The lock of a process that uses the database. Fails at once while a restore holds it.
pub fn shared(db_path: &Path) -> Result<DataLock, LockError> {
    let file = open(db_path)?;
    match file.try_lock_shared() {
        Ok(()) => Ok(DataLock { _file: file }),
        Err(TryLockError::WouldBlock) => Err(LockError::Restoring {
            db: db_path.display().to_string(),
        }),
        Err(TryLockError::Error(source)) => Err(LockError::Io {
            path: lock_path(db_path).display().to_string(),
            source,
        }),
    }
}

/// The lock of `restore`: only when no process has the database open.
pub fn exclusive(db_path: &Path) -> Result<DataLock, LockError> {
    let file = open(db_path)?;
    match file.try_lock() {
        Ok(()) => Ok(DataLock { _file: file }),
        Err(TryLockError::WouldBlock) => Err(LockError::InUse {
            db: db_path.display().to_string(),
        }),
        Err(TryLockError::Error(source)) => Err(LockError::Io {
            path: lock_path(db_path).display().to_string(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_share_and_restore_waits_for_all_of_them() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("climbingpill.db");
        let a = shared(&db).unwrap();
        let b = shared(&db).unwrap();
        assert!(matches!(exclusive(&db), Err(LockError::InUse { .. })));
        drop(a);
        assert!(matches!(exclusive(&db), Err(LockError::InUse { .. })));
        drop(b);
        let x = exclusive(&db).unwrap();
        assert!(matches!(shared(&db), Err(LockError::Restoring { .. })));
        drop(x);
        shared(&db).unwrap();
    }
}
