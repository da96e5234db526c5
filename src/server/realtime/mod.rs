//! "Your journal changed" notices for open pages, so a progress page updates without a
//! reload when an entry is logged or a program session ticked off (here, in another tab,
//! on another device, or by the coach).
//!
//! Within one process a broadcast channel is enough. With PostgreSQL several app instances
//! may serve one climber, so a change is sent through `NOTIFY` and every instance (the sender
//! included) hears it on its own `LISTEN` connection and passes it to its open pages.
//! A notice carries only the climber's id; pages then re-read their data through the usual,
//! session-checked server functions.
use std::time::Duration;

use sqlx::postgres::PgListener;
use sqlx::PgPool;
use tokio::sync::broadcast;

use crate::server::pg::Pg;

const CHANNEL: &str = "climbingpill_journal_changed";

/// How many notices a slow page may fall behind before it is told to simply reload its data.
const BACKLOG: usize = 256;

pub struct ChangeFeed {
    local: broadcast::Sender<String>,
    /// Set at shutdown: open event streams end, so they don't hold the server's grace period.
    closing: tokio::sync::watch::Sender<bool>,
    /// Set with PostgreSQL: notices go through the database to every instance.
    postgres: Option<PgPool>,
}

impl ChangeFeed {
    /// One process: notices go straight to its open pages.
    pub fn in_process() -> Self {
        Self {
            local: broadcast::channel(BACKLOG).0,
            closing: tokio::sync::watch::channel(false).0,
            postgres: None,
        }
    }

    /// Several instances on one PostgreSQL database: `NOTIFY` out, `LISTEN` in (on one pooled
    /// connection kept for it, hence `PG_POOL_MAX` >= 2). The listener
    /// reconnects by itself after a database restart (notices sent meanwhile are lost; pages
    /// catch up at their next change or reload).
    pub fn postgres(pg: &Pg) -> Self {
        let local = broadcast::channel(BACKLOG).0;
        let pool = pg.pool().clone();
        let to_pages = local.clone();
        let listen_pool = pool.clone();
        tokio::spawn(async move {
            loop {
                match listen(&listen_pool, &to_pages).await {
                    Ok(()) => break,
                    // The pool was closed: shutting down (or a test's database is gone).
                    Err(_) if listen_pool.is_closed() => break,
                    Err(e) => {
                        tracing::warn!(error = %e, "change feed: LISTEN failed; retrying");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
        });
        Self {
            local,
            closing: tokio::sync::watch::channel(false).0,
            postgres: Some(pool),
        }
    }

    /// Tells open pages of `user_id` that their journal changed. Never fails the write that
    /// caused it: a lost notice costs a stale chart until the next reload, nothing more.
    pub async fn journal_changed(&self, user_id: &str) {
        match &self.postgres {
            Some(pool) => {
                if let Err(e) = sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(CHANNEL)
                    .bind(user_id)
                    .execute(pool)
                    .await
                {
                    tracing::warn!(error = %e, "change feed: NOTIFY failed");
                }
            }
            None => {
                // No open page is not an error.
                let _ = self.local.send(user_id.to_string());
            }
        }
    }

    /// Every notice from now on (all climbers: the subscriber filters by its own session).
    pub fn subscribe(&self) -> broadcast::Receiver<String> {
        self.local.subscribe()
    }

    /// Ends every open event stream (the server is shutting down).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Resolves once `close` has been called.
    pub fn closed(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut closing = self.closing.subscribe();
        async move {
            let _ = closing.wait_for(|c| *c).await;
        }
    }
}

async fn listen(pool: &PgPool, to_pages: &broadcast::Sender<String>) -> Result<(), sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    loop {
        match listener.try_recv().await? {
            Some(n) => {
                let _ = to_pages.send(n.payload().to_string());
            }
            // The connection dropped; `try_recv` reconnects on the next call.
            None if pool.is_closed() => return Ok(()),
            None => tracing::info!("change feed: LISTEN connection lost; reconnecting"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn in_process_notices_reach_every_subscriber() {
        let feed = ChangeFeed::in_process();
        let (mut a, mut b) = (feed.subscribe(), feed.subscribe());
        feed.journal_changed("climber-1").await;
        assert_eq!(a.recv().await.unwrap(), "climber-1");
        assert_eq!(b.recv().await.unwrap(), "climber-1");
    }
}
