//! What several app instances share through Redis (`REDIS_URL`): the per-climber rate limits,
//! the one-turn-per-conversation lock and the live progress notices of libSQL deployments.
//! Without `REDIS_URL` each process keeps its own (governor's in-memory limiters, a map of
//! running turns, a broadcast channel), as a single instance needs.
//!
//! - **Rate limits**: GCRA, the algorithm governor runs in process, as one Lua script
//!   ([`GCRA`]): Redis runs a script atomically, so two instances counting the same climber at
//!   the same instant can't both take the last cell. Each key holds one number, the
//!   "theoretical arrival time" of the next request, and expires when it is in the past, so
//!   idle climbers cost nothing. Time is Redis' own (`TIME`), so instances with skewed clocks
//!   agree.
//! - **Turn lock**: `SET key token NX PX 30000`, renewed every 10 s while the turn runs and
//!   deleted only by its owner (compare-and-delete script). A crashed instance's lock lapses
//!   within 30 s.
//! - **Progress notices**: `PUBLISH` of the climber's id; every instance subscribes and wakes
//!   that climber's open pages.
//!
//! When Redis doesn't answer, the limits and the lock fall back to the process's own (logged),
//! so a Redis outage never takes the coach or the journal down.
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::Script;

/// Every key and channel starts with this.
const PREFIX: &str = "climbingpill:";

/// How long a turn lock lives without renewal, and how often it is renewed.
const LOCK_TTL: Duration = Duration::from_secs(30);
const LOCK_RENEW: Duration = Duration::from_secs(10);

/// GCRA in one step. KEYS[1]: the climber's key. ARGV[1]: emission interval (ms, may be
/// fractional); ARGV[2]: burst (requests allowed at once). Returns 0 when the request is
/// allowed (and counted), else how many ms until it would be.
pub const GCRA: &str = r#"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]))
if tat == nil or tat < now then tat = now end
local new_tat = tat + interval
local wait = new_tat - now - interval * burst
if wait > 0 then return math.ceil(wait) end
redis.call('SET', KEYS[1], string.format('%.3f', new_tat), 'PX', math.ceil(new_tat - now) + 1)
return 0
"#;

/// Deletes KEYS[1] if it still holds ARGV[1] (the owner's token).
const UNLOCK: &str = r#"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"#;

/// Renews KEYS[1] for ARGV[2] ms if it still holds ARGV[1].
const RENEW: &str = r#"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"#;

#[derive(Debug, thiserror::Error)]
#[error("Redis (REDIS_URL): {0}")]
pub struct SharedError(#[from] redis::RedisError);

/// A connection to the shared Redis; cheap to clone (one multiplexed connection, reconnected
/// by itself).
#[derive(Clone)]
pub struct Redis {
    client: redis::Client,
    conn: ConnectionManager,
    gcra: Script,
    unlock: Script,
    renew: Script,
}

impl Redis {
    /// Connects and checks the server answers (`PING`): a wrong URL stops the server at start.
    pub async fn connect(url: &str) -> Result<Self, SharedError> {
        let client = redis::Client::open(url)?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Duration::from_secs(3))
            .set_response_timeout(Duration::from_secs(2))
            .set_number_of_retries(2);
        // The manager retries a refused connection with backoff; at start, fail fast instead.
        let mut conn = tokio::time::timeout(
            Duration::from_secs(5),
            ConnectionManager::new_with_config(client.clone(), config),
        )
        .await
        .map_err(|_| {
            redis::RedisError::from(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "no answer within 5 s",
            ))
        })??;
        redis::cmd("PING").query_async::<String>(&mut conn).await?;
        Ok(Self {
            client,
            conn,
            gcra: Script::new(GCRA),
            unlock: Script::new(UNLOCK),
            renew: Script::new(RENEW),
        })
    }

    /// Counts one request against a GCRA limit of `burst` requests, refilled one every
    /// `interval`. `Ok(None)`: allowed. `Ok(Some(wait))`: refused, allowed again after `wait`.
    pub async fn gcra(
        &self,
        name: &str,
        key: &str,
        interval: Duration,
        burst: u32,
    ) -> Result<Option<Duration>, SharedError> {
        let wait: i64 = self
            .gcra
            .key(format!("{PREFIX}rate:{name}:{key}"))
            .arg(interval.as_secs_f64() * 1000.0)
            .arg(burst)
            .invoke_async(&mut self.conn.clone())
            .await?;
        Ok((wait > 0).then(|| Duration::from_millis(wait as u64)))
    }

    /// Takes the lock `name`, or `Ok(None)` when another holder has it. Held (renewed in the
    /// background) until the returned guard is dropped.
    pub async fn lock(&self, name: &str) -> Result<Option<SharedLock>, SharedError> {
        let key = format!("{PREFIX}lock:{name}");
        let token = uuid::Uuid::new_v4().to_string();
        let taken: Option<String> = redis::cmd("SET")
            .arg(&key)
            .arg(&token)
            .arg("NX")
            .arg("PX")
            .arg(LOCK_TTL.as_millis() as u64)
            .query_async(&mut self.conn.clone())
            .await?;
        if taken.is_none() {
            return Ok(None);
        }
        let (redis, k, t) = (self.clone(), key.clone(), token.clone());
        let renewer = tokio::spawn(async move {
            loop {
                tokio::time::sleep(LOCK_RENEW).await;
                let renewed: Result<i64, _> = redis
                    .renew
                    .key(&k)
                    .arg(&t)
                    .arg(LOCK_TTL.as_millis() as u64)
                    .invoke_async(&mut redis.conn.clone())
                    .await;
                if let Err(e) = renewed {
                    tracing::warn!(error = %e, "could not renew a turn lock in Redis");
                }
            }
        });
        Ok(Some(SharedLock {
            held: Some((self.clone(), key, token)),
            renewer,
        }))
    }

    pub async fn publish(&self, channel: &str, payload: &str) -> Result<(), SharedError> {
        redis::cmd("PUBLISH")
            .arg(format!("{PREFIX}{channel}"))
            .arg(payload)
            .query_async::<i64>(&mut self.conn.clone())
            .await?;
        Ok(())
    }

    /// Calls `on_message` with each payload published on `channel`, for as long as the
    /// process runs; resubscribes after a lost connection (notices sent meanwhile are lost).
    pub fn subscribe(
        &self,
        channel: &str,
        on_message: impl Fn(String) + Send + Sync + 'static,
    ) -> tokio::task::JoinHandle<()> {
        use futures::StreamExt;
        let client = self.client.clone();
        let channel = format!("{PREFIX}{channel}");
        tokio::spawn(async move {
            loop {
                let result: Result<(), redis::RedisError> = async {
                    let mut pubsub = client.get_async_pubsub().await?;
                    pubsub.subscribe(&channel).await?;
                    let mut messages = pubsub.on_message();
                    while let Some(msg) = messages.next().await {
                        if let Ok(payload) = msg.get_payload::<String>() {
                            on_message(payload);
                        }
                    }
                    Ok(())
                }
                .await;
                match result {
                    Ok(()) => tracing::info!("Redis subscription ended; resubscribing"),
                    Err(e) => tracing::warn!(error = %e, "Redis subscription failed; retrying"),
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        })
    }
}

/// A held lock; [`SharedLock::release`] (or dropping it) stops the renewal and deletes the
/// key if it is still ours.
pub struct SharedLock {
    held: Option<(Redis, String, String)>,
    renewer: tokio::task::JoinHandle<()>,
}

async fn unlock(redis: &Redis, key: &str, token: &str) {
    let released: Result<i64, _> = redis
        .unlock
        .key(key)
        .arg(token)
        .invoke_async(&mut redis.conn.clone())
        .await;
    if let Err(e) = released {
        // It lapses by itself within LOCK_TTL.
        tracing::warn!(error = %e, "could not release a turn lock in Redis");
    }
}

impl SharedLock {
    /// Releases now, so the next request that wants the lock finds it free.
    pub async fn release(mut self) {
        self.renewer.abort();
        if let Some((redis, key, token)) = self.held.take() {
            unlock(&redis, &key, &token).await;
        }
    }
}

impl Drop for SharedLock {
    fn drop(&mut self) {
        self.renewer.abort();
        if let Some((redis, key, token)) = self.held.take() {
            if let Ok(handle) = tokio::runtime::Handle::try_current() {
                handle.spawn(async move { unlock(&redis, &key, &token).await });
            }
        }
    }
}
