//! The embedded libSQL database: a small connection pool and a single-writer lock.
//!
//! Why a writer lock: SQLite allows one writer at a time. Letting concurrent requests race
//! for it means `SQLITE_BUSY` ("database is locked") under load; queueing writers inside
//! the process on an async mutex means they wait their turn without blocking a runtime
//! thread and never see that error. Reads run in parallel on pooled connections (WAL).
pub mod migrate;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use libsql::Connection;
use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("could not open the database at {path}: {source}")]
    Open { path: String, source: libsql::Error },
    #[error("database error: {0}")]
    Sql(#[from] libsql::Error),
    #[error("unexpected data in the database: {0}")]
    Corrupt(String),
}

impl DbError {
    /// True when a UNIQUE constraint refused the write (e.g. an email already registered).
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, DbError::Sql(e) if e.to_string().contains("UNIQUE constraint failed"))
    }
}

#[derive(Clone)]
pub struct Db {
    inner: Arc<Inner>,
}

struct Inner {
    database: libsql::Database,
    idle: Mutex<Vec<Connection>>,
    writer: Arc<AsyncMutex<()>>,
    /// A libSQL server or Turso over HTTP: no file, so no PRAGMAs, busy timeout or WAL
    /// checkpoints (the server owns those).
    remote: bool,
}

/// Pool size is small on purpose: connections are cheap to keep, and with one writer at a
/// time more than a handful of readers buys nothing on a 2-core machine.
const MAX_IDLE: usize = 16;

impl Db {
    /// Opens (creating if needed) the database file at `path`, in WAL mode.
    pub async fn open(path: &Path) -> Result<Self, DbError> {
        let database = libsql::Builder::new_local(path)
            .build()
            .await
            .map_err(|source| DbError::Open {
                path: path.display().to_string(),
                source,
            })?;
        let db = Self {
            inner: Arc::new(Inner {
                database,
                idle: Mutex::new(Vec::new()),
                writer: Arc::new(AsyncMutex::new(())),
                remote: false,
            }),
        };
        // Check the file really is a database now, not at the first request.
        let conn = db.conn().await.map_err(|e| match e {
            DbError::Sql(source) => DbError::Open {
                path: path.display().to_string(),
                source,
            },
            other => other,
        })?;
        drop(conn);
        db.spawn_checkpointer();
        Ok(db)
    }

    /// Connects to a libSQL server or Turso (`libsql://`, `https://` or `http://` URL) with its
    /// auth token, and checks now that it answers. Writes from this process still queue on
    /// the writer lock, so a thread's messages keep their order.
    pub async fn open_remote(url: &str, token: &str) -> Result<Self, DbError> {
        let database = libsql::Builder::new_remote(url.to_string(), token.to_string())
            .build()
            .await
            .map_err(|source| DbError::Open {
                path: url.to_string(),
                source,
            })?;
        let db = Self {
            inner: Arc::new(Inner {
                database,
                idle: Mutex::new(Vec::new()),
                writer: Arc::new(AsyncMutex::new(())),
                remote: true,
            }),
        };
        db.ping().await.map_err(|e| match e {
            DbError::Sql(source) => DbError::Open {
                path: url.to_string(),
                source,
            },
            other => other,
        })?;
        Ok(db)
    }

    /// Copies the WAL back into the database file every second on a connection of its own.
    /// A checkpoint fsyncs; done inline (SQLite's default every 1000 pages) it lands on
    /// whichever request happens to commit then, as a latency spike. PASSIVE never blocks
    /// readers or the writer. The task ends when the last `Db` handle is dropped.
    fn spawn_checkpointer(&self) {
        let Ok(handle) = tokio::runtime::Handle::try_current() else {
            return; // No runtime (a synchronous tool): SQLite's own cap still applies.
        };
        let inner = Arc::downgrade(&self.inner);
        handle.spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            tick.tick().await;
            loop {
                tick.tick().await;
                let Some(inner) = inner.upgrade() else { break };
                let db = Db { inner };
                if let Ok(conn) = db.conn().await {
                    if let Ok(mut rows) = conn.query("PRAGMA wal_checkpoint(PASSIVE)", ()).await {
                        while let Ok(Some(_)) = rows.next().await {}
                    }
                }
            }
        });
    }

    fn new_connection(&self) -> Result<Connection, DbError> {
        let conn = self.inner.database.connect()?;
        if !self.inner.remote {
            conn.busy_timeout(Duration::from_secs(5))?;
        }
        Ok(conn)
    }

    /// A pooled connection for reads (and single statements that need no ordering).
    pub async fn conn(&self) -> Result<PooledConn, DbError> {
        let reused = self.inner.idle.lock().expect("pool lock").pop();
        let conn = match reused {
            Some(c) => c,
            None if self.inner.remote => self.new_connection()?,
            None => {
                let c = self.new_connection()?;
                // Same settings as Mastra's store so benchmarks compare like with like.
                for pragma in [
                    "PRAGMA journal_mode = WAL",
                    "PRAGMA synchronous = NORMAL",
                    "PRAGMA foreign_keys = ON",
                    "PRAGMA cache_size = -16000",
                    "PRAGMA mmap_size = 134217728",
                    // Checkpoints run in the background (see `spawn_checkpointer`); this
                    // only caps the WAL if that task ever falls behind.
                    "PRAGMA wal_autocheckpoint = 20000",
                ] {
                    let mut rows = c.query(pragma, ()).await?;
                    while rows.next().await?.is_some() {}
                }
                c
            }
        };
        Ok(PooledConn {
            conn: Some(conn),
            pool: self.inner.clone(),
        })
    }

    /// Runs `body` in an IMMEDIATE transaction while holding the process-wide writer lock.
    /// Commits when `body` returns `Ok`, rolls back otherwise.
    pub async fn write<T, E>(
        &self,
        body: impl AsyncFnOnce(&Connection) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<DbError>,
    {
        let _turn: OwnedMutexGuard<()> = self.inner.writer.clone().lock_owned().await;
        let conn = self.conn().await?;
        conn.execute("BEGIN IMMEDIATE", ())
            .await
            .map_err(DbError::from)?;
        match body(&conn).await {
            Ok(value) => {
                if let Err(e) = conn.execute("COMMIT", ()).await {
                    let _ = conn.execute("ROLLBACK", ()).await;
                    return Err(DbError::from(e).into());
                }
                Ok(value)
            }
            Err(e) => {
                if let Err(rb) = conn.execute("ROLLBACK", ()).await {
                    tracing::error!(error = %rb, "rollback failed");
                }
                Err(e)
            }
        }
    }

    /// Cheap liveness probe for `/readyz`.
    pub async fn ping(&self) -> Result<(), DbError> {
        let conn = self.conn().await?;
        let mut rows = conn.query("SELECT 1", ()).await?;
        rows.next().await?;
        Ok(())
    }
}

/// A connection that goes back to the pool when dropped.
pub struct PooledConn {
    conn: Option<Connection>,
    pool: Arc<Inner>,
}

impl std::ops::Deref for PooledConn {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn.as_ref().expect("connection present until drop")
    }
}

impl Drop for PooledConn {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            // A connection left inside a transaction (a panic mid-write) must not be reused.
            if conn.is_autocommit() {
                let mut idle = self.pool.idle.lock().expect("pool lock");
                if idle.len() < MAX_IDLE {
                    idle.push(conn);
                }
            }
        }
    }
}
