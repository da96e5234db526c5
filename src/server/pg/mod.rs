//! The PostgreSQL (Supabase) database: a connection pool, and transactions that run as the
//! climber so that Row Level Security applies to the server's own queries.
//!
//! Why a role per transaction: Supabase isolates users in the database (RLS policies
//! `user_id = auth.uid()`), and its API runs each request as role `authenticated` with
//! `request.jwt.claims` holding the user. The server does the same with `SET LOCAL`, so a
//! query that forgot its `user_id` filter still sees only that climber's rows.
pub mod migrate;
pub mod timed;

use std::future::Future;
use std::panic::Location;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};

pub use timed::{PgTx, TimedConn};

/// Pool limits and timeouts (from the `PG_*` variables, see `Config`).
#[derive(Clone, PartialEq, Eq)]
pub struct PgSettings {
    pub url: String,
    pub max_connections: u32,
    /// Longest wait for a free connection (or a new one) before a request fails.
    pub acquire_timeout: Duration,
    /// Longest a single statement may run; longer ones are cancelled by the server.
    pub statement_timeout: Duration,
}

impl std::fmt::Debug for PgSettings {
    // The URL usually holds the database password: never in logs or panics.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgSettings")
            .field("url", &"(hidden)")
            .field("max_connections", &self.max_connections)
            .field("acquire_timeout", &self.acquire_timeout)
            .field("statement_timeout", &self.statement_timeout)
            .finish()
    }
}

impl PgSettings {
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            max_connections: 10,
            acquire_timeout: Duration::from_secs(5),
            statement_timeout: Duration::from_secs(10),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PgError {
    #[error("SUPABASE_DB_URL is not a valid PostgreSQL URL: {0}")]
    BadUrl(String),
    #[error("could not connect to PostgreSQL at {target}: {source}")]
    Connect { target: String, source: sqlx::Error },
    #[error("postgres: {0}")]
    Sql(#[from] sqlx::Error),
}

/// Who a transaction runs as.
#[derive(Clone, Copy, Debug)]
pub enum Actor<'a> {
    /// A signed-in climber: role `authenticated`, RLS applies.
    User(&'a str),
    /// No climber yet (log-in, session lookup, sweeps, operator reports): role
    /// `service_role`, granted only what those need (see migrations/postgres/0002).
    Service,
    /// The operators' dashboard and `climbingpill admin`: role `climbingpill_admin`, which
    /// reads only the aggregate `admin_*` views (see migrations/postgres/0006).
    Admin,
}

#[derive(Clone)]
pub struct Pg {
    pool: PgPool,
    statement_timeout_ms: String,
}

impl Pg {
    /// Connects (checking the server answers now, not at the first request).
    pub async fn connect(settings: &PgSettings) -> Result<Self, PgError> {
        let options = PgConnectOptions::from_str(&settings.url)
            .map_err(|e| PgError::BadUrl(e.to_string()))?
            .application_name("climbingpill");
        // Where we connect, without the password, for error messages and logs.
        let target = format!(
            "{}:{}/{}",
            options.get_host(),
            options.get_port(),
            options.get_database().unwrap_or("postgres")
        );
        let pool = PgPoolOptions::new()
            .max_connections(settings.max_connections)
            .min_connections(0)
            .acquire_timeout(settings.acquire_timeout)
            .idle_timeout(Duration::from_secs(300))
            // A connection broken by a database restart is noticed and replaced here,
            // instead of failing the request that happens to pick it up.
            .test_before_acquire(true)
            .connect_with(options)
            .await
            .map_err(|source| PgError::Connect { target, source })?;
        Ok(Self {
            pool,
            statement_timeout_ms: settings.statement_timeout.as_millis().to_string(),
        })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Begins a transaction as `actor`, with the statement timeout. Dropping it without
    /// `commit` rolls back, so an error half-way writes nothing. Its statements are timed for
    /// the slow-query log, under the caller's file and line.
    #[track_caller]
    pub fn begin<'a>(
        &'a self,
        actor: Actor<'_>,
    ) -> impl Future<Output = Result<PgTx, sqlx::Error>> + Send + 'a {
        let site = Location::caller();
        let (role, claims) = match actor {
            Actor::User(id) => (
                "authenticated",
                serde_json::json!({ "sub": id, "role": "authenticated" }).to_string(),
            ),
            Actor::Service => ("service_role", r#"{"role":"service_role"}"#.to_string()),
            Actor::Admin => (
                "climbingpill_admin",
                r#"{"role":"climbingpill_admin"}"#.to_string(),
            ),
        };
        async move {
            let mut tx = PgTx::new(self.pool.begin().await?, site);
            sqlx::query(
                "SELECT set_config('role', $1, true), set_config('request.jwt.claims', $2, true), \
                        set_config('statement_timeout', $3, true)",
            )
            .bind(role)
            .bind(claims)
            .bind(&self.statement_timeout_ms)
            .execute(&mut *tx)
            .await?;
            Ok(tx)
        }
    }

    /// Cheap liveness probe for `/readyz`.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    /// Closes every connection (tests that drop their database; shutdown).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}
