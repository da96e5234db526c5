//! "Your journal changed" notices for open pages, so a progress page updates without a
//! reload when an entry is logged or a program session ticked off (here, in another tab,
//! on another device, or by the coach).
//!
//! Within one process a broadcast channel is enough. With PostgreSQL several app instances
//! may serve one climber, so a change is sent through `NOTIFY` and every instance (the sender
//! included) hears it on its own `LISTEN` connection and passes it to its open pages.
//! A notice carries only the climber's id; pages then re-read their data through the usual,
//! session-checked server functions.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sqlx::postgres::PgListener;
use sqlx::PgPool;
use tokio::sync::broadcast;

use crate::server::pg::Pg;

const CHANNEL: &str = "climbingpill_journal_changed";
/// The Redis channel (after the `climbingpill:` prefix) of the same notices.
const REDIS_CHANNEL: &str = "journal_changed";

/// How many notices a slow page may fall behind before it is told to simply reload its data.
const BACKLOG: usize = 16;

/// Most live streams one climber may hold open at once (one per open progress page; ten
/// tabs is more than anyone reads). Past it, a new stream is refused with 429.
pub const MAX_STREAMS_PER_CLIMBER: usize = 10;

/// The open streams, by climber: a notice goes to that climber's streams only.
#[derive(Default)]
struct Streams {
    by_climber: Mutex<HashMap<String, (broadcast::Sender<()>, usize)>>,
}

impl Streams {
    fn notify(&self, user_id: &str) {
        if let Some((tx, _)) = self.by_climber.lock().expect("streams lock").get(user_id) {
            // No open page is not an error.
            let _ = tx.send(());
        }
    }
}

/// One open stream of one climber's notices. Dropping it (the page closed) frees its place.
pub struct Subscription {
    pub notices: broadcast::Receiver<()>,
    streams: Arc<Streams>,
    user_id: String,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut map = self.streams.by_climber.lock().expect("streams lock");
        if let Some((_, open)) = map.get_mut(&self.user_id) {
            *open -= 1;
            if *open == 0 {
                map.remove(&self.user_id);
            }
        }
    }
}

/// A climber already has [`MAX_STREAMS_PER_CLIMBER`] streams open.
#[derive(Debug, PartialEq, Eq)]
pub struct TooManyStreams;

pub struct ChangeFeed {
    streams: Arc<Streams>,
    /// Set at shutdown: open event streams end, so they don't hold the server's grace period.
    closing: tokio::sync::watch::Sender<bool>,
    /// Set with PostgreSQL: notices go through the database to every instance.
    postgres: Option<PgPool>,
    /// Set with Redis (libSQL deployments of several instances): notices go through a Redis
    /// channel to every instance.
    redis: Option<crate::server::shared::Redis>,
}

impl ChangeFeed {
    /// One process: notices go straight to its open pages.
    pub fn in_process() -> Self {
        Self {
            streams: Arc::default(),
            closing: tokio::sync::watch::channel(false).0,
            postgres: None,
            redis: None,
        }
    }

    /// Several instances without PostgreSQL: `PUBLISH` out, a subscription in (every
    /// instance, the sender included, wakes its own open pages). Resubscribes by itself after
    /// Redis restarts (notices sent meanwhile are lost; pages catch up at their next change).
    pub fn redis(redis: &crate::server::shared::Redis) -> Self {
        let streams: Arc<Streams> = Arc::default();
        let to_pages = streams.clone();
        redis.subscribe(REDIS_CHANNEL, move |user_id| to_pages.notify(&user_id));
        Self {
            streams,
            closing: tokio::sync::watch::channel(false).0,
            postgres: None,
            redis: Some(redis.clone()),
        }
    }

    /// Several instances on one PostgreSQL database: `NOTIFY` out, `LISTEN` in (on one pooled
    /// connection kept for it, hence `PG_POOL_MAX` >= 2). The listener
    /// reconnects by itself after a database restart (notices sent meanwhile are lost; pages
    /// catch up at their next change or reload).
    pub fn postgres(pg: &Pg) -> Self {
        let streams: Arc<Streams> = Arc::default();
        let pool = pg.pool().clone();
        let to_pages = streams.clone();
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
            streams,
            closing: tokio::sync::watch::channel(false).0,
            postgres: Some(pool),
            redis: None,
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
            None => match &self.redis {
                Some(redis) => {
                    if let Err(e) = redis.publish(REDIS_CHANNEL, user_id).await {
                        tracing::warn!(error = %e, "change feed: PUBLISH failed");
                        // This instance's pages still hear it.
                        self.streams.notify(user_id);
                    }
                }
                None => self.streams.notify(user_id),
            },
        }
    }

    /// The notices of `user_id` from now on, or `TooManyStreams` when they already have
    /// [`MAX_STREAMS_PER_CLIMBER`] open. Only this climber's changes wake it.
    pub fn subscribe(&self, user_id: &str) -> Result<Subscription, TooManyStreams> {
        let mut map = self.streams.by_climber.lock().expect("streams lock");
        let (tx, open) = map
            .entry(user_id.to_string())
            .or_insert_with(|| (broadcast::channel(BACKLOG).0, 0));
        if *open >= MAX_STREAMS_PER_CLIMBER {
            return Err(TooManyStreams);
        }
        *open += 1;
        Ok(Subscription {
            notices: tx.subscribe(),
            streams: self.streams.clone(),
            user_id: user_id.to_string(),
        })
    }

    /// How many streams `user_id` has open now.
    pub fn open_streams(&self, user_id: &str) -> usize {
        let map = self.streams.by_climber.lock().expect("streams lock");
        map.get(user_id).map_or(0, |(_, open)| *open)
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

async fn listen(pool: &PgPool, to_pages: &Streams) -> Result<(), sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    loop {
        match listener.try_recv().await? {
            Some(n) => {
                to_pages.notify(n.payload());
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
    async fn a_notice_wakes_only_that_climbers_streams() {
        let feed = ChangeFeed::in_process();
        let mut a1 = feed.subscribe("climber-1").unwrap();
        let mut a2 = feed.subscribe("climber-1").unwrap();
        let mut b = feed.subscribe("climber-2").unwrap();
        feed.journal_changed("climber-1").await;
        a1.notices.recv().await.unwrap();
        a2.notices.recv().await.unwrap();
        assert_eq!(
            b.notices.try_recv(),
            Err(broadcast::error::TryRecvError::Empty),
            "another climber's stream is not woken"
        );
    }

    #[test]
    fn streams_are_capped_per_climber_and_freed_when_closed() {
        let feed = ChangeFeed::in_process();
        let mut open: Vec<Subscription> = (0..MAX_STREAMS_PER_CLIMBER)
            .map(|_| feed.subscribe("a").unwrap())
            .collect();
        assert_eq!(feed.subscribe("a").err(), Some(TooManyStreams));
        assert!(
            feed.subscribe("b").is_ok(),
            "another climber is not affected"
        );
        open.pop();
        assert_eq!(feed.open_streams("a"), MAX_STREAMS_PER_CLIMBER - 1);
        assert!(feed.subscribe("a").is_ok());
        drop(open);
        assert_eq!(feed.open_streams("b"), 0);
    }
}
