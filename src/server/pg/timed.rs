//! A PostgreSQL transaction whose every statement is timed for the slow-query log
//! (`db::timings`). `Pg::begin` hands one out; the stores use it exactly as they used sqlx's
//! `Transaction` (`.execute(&mut *tx)`, `tx.commit()`), because `&mut *tx` is a
//! [`TimedConn`], an sqlx `Executor` that passes each statement to the transaction's
//! connection and notes how long it took, with the store call site that began the
//! transaction.
use std::ops::{Deref, DerefMut};
use std::panic::Location;
use std::time::Instant;

use futures::future::BoxFuture;
use futures::stream::BoxStream;
use futures::{FutureExt, StreamExt};
use sqlx::postgres::{PgQueryResult, PgRow, PgStatement, PgTypeInfo};
use sqlx::{Describe, Either, Execute, Executor, Postgres, Transaction};

use crate::server::db::timings;

const BACKEND: &str = "PostgreSQL";

/// A transaction begun by `Pg::begin`: dropped without `commit`, it rolls back.
pub struct PgTx {
    conn: TimedConn,
}

/// The transaction's connection, as an executor that times each statement.
pub struct TimedConn {
    tx: Transaction<'static, Postgres>,
    site: &'static Location<'static>,
}

impl std::fmt::Debug for TimedConn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TimedConn")
            .field("site", &self.site)
            .finish()
    }
}

impl PgTx {
    pub(super) fn new(
        tx: Transaction<'static, Postgres>,
        site: &'static Location<'static>,
    ) -> Self {
        Self {
            conn: TimedConn { tx, site },
        }
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        let TimedConn { tx, site } = self.conn;
        let started = Instant::now();
        let result = tx.commit().await;
        timings::record_statement(BACKEND, "COMMIT", site, started.elapsed());
        result
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        self.conn.tx.rollback().await
    }
}

impl Deref for PgTx {
    type Target = TimedConn;
    fn deref(&self) -> &TimedConn {
        &self.conn
    }
}

impl DerefMut for PgTx {
    fn deref_mut(&mut self) -> &mut TimedConn {
        &mut self.conn
    }
}

impl<'c> Executor<'c> for &'c mut TimedConn {
    type Database = Postgres;

    fn fetch_many<'e, 'q: 'e, E>(
        self,
        query: E,
    ) -> BoxStream<'e, Result<Either<PgQueryResult, PgRow>, sqlx::Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, Postgres>,
    {
        let sql = query.sql();
        let site = self.site;
        let started = Instant::now();
        let inner = (&mut *self.tx).fetch_many(query);
        // Timed until the last row is read (the stream ends), or it is dropped unfinished.
        let mut done = Some(Timer { sql, site, started });
        inner
            .chain(futures::stream::poll_fn(move |_| {
                if let Some(t) = done.take() {
                    t.finish();
                }
                std::task::Poll::Ready(None)
            }))
            .boxed()
    }

    fn fetch_optional<'e, 'q: 'e, E>(
        self,
        query: E,
    ) -> BoxFuture<'e, Result<Option<PgRow>, sqlx::Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, Postgres>,
    {
        let sql = query.sql();
        let site = self.site;
        let started = Instant::now();
        let inner = (&mut *self.tx).fetch_optional(query);
        async move {
            let result = inner.await;
            Timer { sql, site, started }.finish();
            result
        }
        .boxed()
    }

    fn prepare_with<'e, 'q: 'e>(
        self,
        sql: &'q str,
        parameters: &'e [PgTypeInfo],
    ) -> BoxFuture<'e, Result<PgStatement<'q>, sqlx::Error>>
    where
        'c: 'e,
    {
        (&mut *self.tx).prepare_with(sql, parameters)
    }

    fn describe<'e, 'q: 'e>(
        self,
        sql: &'q str,
    ) -> BoxFuture<'e, Result<Describe<Postgres>, sqlx::Error>>
    where
        'c: 'e,
    {
        (&mut *self.tx).describe(sql)
    }
}

struct Timer<'q> {
    sql: &'q str,
    site: &'static Location<'static>,
    started: Instant,
}

impl Timer<'_> {
    fn finish(self) {
        timings::record_statement(BACKEND, self.sql, self.site, self.started.elapsed());
    }
}
