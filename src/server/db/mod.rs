//! The embedded libSQL database: a small connection pool and a single-writer lock.
//!
//! Why a writer lock: SQLite allows one writer at a time. Letting concurrent requests race
//! for it means `SQLITE_BUSY` ("database is locked") under load; queueing writers inside
//! the process on an async mutex means they wait their turn without blocking a runtime
//! thread and never see that error. Reads run in parallel on pooled connections (WAL).
pub mod migrate;
pub mod timings;

use std::collections::HashMap;
use std::future::Future;
use std::panic::Location;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use std::time::Instant;

use libsql::params::IntoParams;
use libsql::{Connection, Row, Statement};
use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("could not open the database at {path}: {source}")]
    Open { path: String, source: libsql::Error },
    #[error("database error: {0}")]
    Sql(#[from] libsql::Error),
    #[error("unexpected data in the database: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Locked(#[from] crate::server::ops::lock::LockError),
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
    idle: Mutex<Vec<Idle>>,
    writer: Arc<AsyncMutex<()>>,
    /// A libSQL server or Turso over HTTP: no file, so no PRAGMAs, busy timeout or WAL
    /// checkpoints (the server owns those).
    remote: bool,
    /// A local file's shared lock, held while this database is open, so that
    /// `climbingpill restore` never swaps the file under a running server (see `ops::lock`).
    _lock: Option<crate::server::ops::lock::DataLock>,
}

/// Statements prepared on one connection, by their SQL text (see `PooledConn::query_cached`).
type Statements = HashMap<&'static str, Arc<Statement>>;

/// A pooled connection at rest, with the statements prepared on it. Statements come first so
/// they are finalized before their connection closes.
struct Idle {
    statements: Statements,
    conn: Connection,
}

/// Pool size is small on purpose: connections are cheap to keep, and with one writer at a
/// time more than a handful of readers buys nothing on a 2-core machine.
const MAX_IDLE: usize = 16;

impl Db {
    /// Opens (creating if needed) the database file at `path`, in WAL mode.
    pub async fn open(path: &Path) -> Result<Self, DbError> {
        let lock = crate::server::ops::lock::shared(path)?;
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
                _lock: Some(lock),
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
                _lock: None,
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
        let (conn, statements) = match reused {
            Some(idle) => (idle.conn, idle.statements),
            None if self.inner.remote => (self.new_connection()?, Statements::new()),
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
                (c, Statements::new())
            }
        };
        Ok(PooledConn {
            conn: Some(conn),
            statements: Mutex::new(statements),
            pool: self.inner.clone(),
        })
    }

    /// Runs `body` in an IMMEDIATE transaction while holding the process-wide writer lock.
    /// Commits when `body` returns `Ok`, rolls back otherwise.
    pub async fn write<T, E>(
        &self,
        body: impl AsyncFnOnce(&PooledConn) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<DbError>,
    {
        let _turn: OwnedMutexGuard<()> = self.inner.writer.clone().lock_owned().await;
        let conn = self.conn().await?;
        conn.execute_cached("BEGIN IMMEDIATE", ()).await?;
        match body(&conn).await {
            Ok(value) => {
                if let Err(e) = conn.execute_cached("COMMIT", ()).await {
                    let _ = conn.execute("ROLLBACK", ()).await;
                    return Err(e.into());
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
    /// A mutex, not a `RefCell`, so that a `&PooledConn` held across an await stays `Send`.
    statements: Mutex<Statements>,
    pool: Arc<Inner>,
}

/// Backend label of the libSQL statements in the slow-query log.
const BACKEND: &str = "libSQL";

impl PooledConn {
    fn raw(&self) -> &Connection {
        self.conn.as_ref().expect("connection present until drop")
    }

    /// `Connection::query`, timed for the slow-query log (`timings`) with the caller's file
    /// and line. These inherent methods shadow the `Deref` to `Connection`, so every store
    /// statement on a pooled connection passes through here without changing a call site.
    /// A query is timed until its first row is ready (the rest is read lazily).
    #[track_caller]
    pub fn query<'a>(
        &'a self,
        sql: &'a str,
        params: impl IntoParams,
    ) -> impl Future<Output = Result<libsql::Rows, libsql::Error>> + Send + 'a {
        let site = Location::caller();
        let params = params.into_params();
        async move {
            let started = Instant::now();
            let result = self.raw().query(sql, params?).await;
            timings::record_statement(BACKEND, sql, site, started.elapsed());
            result
        }
    }

    /// `Connection::execute`, timed (see `query`).
    #[track_caller]
    pub fn execute<'a>(
        &'a self,
        sql: &'a str,
        params: impl IntoParams,
    ) -> impl Future<Output = Result<u64, libsql::Error>> + Send + 'a {
        let site = Location::caller();
        let params = params.into_params();
        async move {
            let started = Instant::now();
            let result = self.raw().execute(sql, params?).await;
            timings::record_statement(BACKEND, sql, site, started.elapsed());
            result
        }
    }

    /// `Connection::execute_batch`, not timed: only migrations run batches, once at start,
    /// and their whole files would fill the slow-query log with what no request waits for.
    pub async fn execute_batch(&self, sql: &str) -> Result<libsql::BatchRows, libsql::Error> {
        self.raw().execute_batch(sql).await
    }

    /// Runs a fixed query on a statement prepared once per pooled connection, and maps every
    /// row. Why: on the memory store's hot reads SQLite spent about as long preparing the
    /// short query as running it. Only `'static` SQL is cached, so no request text ever
    /// becomes a key, and the rows are all read before this returns, so a statement is never
    /// shared by two readers (and never holds a read snapshot open in the pool). Timed, rows
    /// included, for the slow-query log.
    #[track_caller]
    pub fn query_cached<'a, T, E>(
        &'a self,
        sql: &'static str,
        params: impl IntoParams + 'a,
        map: impl FnMut(&Row) -> Result<T, E> + 'a,
    ) -> impl Future<Output = Result<Vec<T>, E>> + 'a
    where
        E: From<DbError> + 'a,
        T: 'a,
    {
        let site = Location::caller();
        async move {
            let started = Instant::now();
            let result = if self.pool.remote {
                // Over HTTP a statement is sent whole every time anyway.
                collect_rows(self.raw().query(sql, params).await, map).await
            } else {
                match self.statement(sql).await {
                    Ok(statement) => {
                        let result = collect_rows(statement.query(params).await, map).await;
                        statement.reset();
                        result
                    }
                    Err(e) => Err(e.into()),
                }
            };
            timings::record_statement(BACKEND, sql, site, started.elapsed());
            result
        }
    }

    /// Runs a fixed write statement (`INSERT`, `UPDATE`…) prepared once per pooled
    /// connection; returns the number of rows changed. See `query_cached`.
    #[track_caller]
    pub fn execute_cached<'a>(
        &'a self,
        sql: &'static str,
        params: impl IntoParams + 'a,
    ) -> impl Future<Output = Result<u64, DbError>> + 'a {
        let site = Location::caller();
        async move {
            let started = Instant::now();
            let result = if self.pool.remote {
                self.raw().execute(sql, params).await.map_err(DbError::from)
            } else {
                match self.statement(sql).await {
                    Ok(statement) => {
                        let result = statement.execute(params).await;
                        statement.reset();
                        result.map(|n| n as u64).map_err(DbError::from)
                    }
                    Err(e) => Err(e),
                }
            };
            timings::record_statement(BACKEND, sql, site, started.elapsed());
            result
        }
    }

    async fn statement(&self, sql: &'static str) -> Result<Arc<Statement>, DbError> {
        let cached = self
            .statements
            .lock()
            .expect("statement cache lock")
            .get(sql)
            .cloned();
        if let Some(s) = cached {
            return Ok(s);
        }
        let s = Arc::new(self.raw().prepare(sql).await?);
        self.statements
            .lock()
            .expect("statement cache lock")
            .insert(sql, s.clone());
        Ok(s)
    }
}

/// Maps every row of a query's answer.
async fn collect_rows<T, E>(
    rows: Result<libsql::Rows, libsql::Error>,
    mut map: impl FnMut(&Row) -> Result<T, E>,
) -> Result<Vec<T>, E>
where
    E: From<DbError>,
{
    let mut rows = rows.map_err(DbError::from)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().await.map_err(DbError::from)? {
        out.push(map(&row)?);
    }
    Ok(out)
}

impl std::ops::Deref for PooledConn {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn.as_ref().expect("connection present until drop")
    }
}

impl Drop for PooledConn {
    fn drop(&mut self) {
        let statements = std::mem::take(
            self.statements
                .get_mut()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
        let Some(conn) = self.conn.take() else { return };
        // A connection left inside a transaction (a panic mid-write) must not be reused.
        if conn.is_autocommit() {
            // A statement a panic left mid-read would hold its snapshot open in the pool.
            for s in statements.values() {
                s.reset();
            }
            let mut idle = self.pool.idle.lock().expect("pool lock");
            if idle.len() < MAX_IDLE {
                idle.push(Idle { statements, conn });
                return;
            }
        }
        // Finalize the statements before their connection closes.
        drop(statements);
        drop(conn);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn db_with_rows(n: i64) -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.db")).await.unwrap();
        db.write(async |c| {
            c.execute("CREATE TABLE t (v INTEGER)", ()).await?;
            for v in 0..n {
                c.execute("INSERT INTO t (v) VALUES (?1)", [v]).await?;
            }
            Ok::<_, DbError>(())
        })
        .await
        .unwrap();
        (dir, db)
    }

    async fn values(db: &Db) -> Vec<i64> {
        db.conn()
            .await
            .unwrap()
            .query_cached("SELECT v FROM t ORDER BY v", (), |r| {
                r.get::<i64>(0).map_err(DbError::from)
            })
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_reused_statement_sees_every_later_write() {
        let (_d, db) = db_with_rows(3).await;
        assert_eq!(values(&db).await, vec![0, 1, 2]);
        db.write(async |c| {
            c.execute("INSERT INTO t (v) VALUES (3)", ())
                .await
                .map_err(DbError::from)
        })
        .await
        .unwrap();
        // Same pooled connection, same cached statement: no stale snapshot.
        assert_eq!(values(&db).await, vec![0, 1, 2, 3]);
    }

    #[tokio::test]
    async fn a_read_stopped_half_way_leaves_nothing_open() {
        let (_d, db) = db_with_rows(5).await;
        let conn = db.conn().await.unwrap();
        let stopped: Result<Vec<i64>, DbError> = conn
            .query_cached("SELECT v FROM t ORDER BY v", (), |r| {
                let v = r.get::<i64>(0)?;
                if v == 1 {
                    return Err(DbError::Corrupt("stop".into()));
                }
                Ok(v)
            })
            .await;
        assert!(matches!(stopped, Err(DbError::Corrupt(_))));
        drop(conn);
        db.write(async |c| {
            c.execute("DELETE FROM t WHERE v < 4", ())
                .await
                .map_err(DbError::from)
        })
        .await
        .unwrap();
        assert_eq!(values(&db).await, vec![4]);
        // A checkpoint can copy the whole log back: no reader holds an old snapshot.
        let conn = db.conn().await.unwrap();
        let mut rows = conn
            .query("PRAGMA wal_checkpoint(TRUNCATE)", ())
            .await
            .unwrap();
        let row = rows.next().await.unwrap().unwrap();
        assert_eq!(row.get::<i64>(0).unwrap(), 0, "checkpoint was blocked");
    }
}
