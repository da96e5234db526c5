//! The PostgreSQL (Supabase) database: a connection pool, and transactions that run as the
//! climber so that Row Level Security applies to the server's own queries.
//!
//! Why a role per transaction: Supabase isolates users in the database (RLS policies
//! `user_id = auth.uid()`), and its API runs each request as role `authenticated` with
//! `request.jwt.claims` holding the user. The server does the same with `SET LOCAL`, so a
//! query that forgot its `user_id` filter still sees only that climber's rows.
pub mod migrate;

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{Postgres, Transaction};

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
    /// `commit` rolls back, so an error half-way writes nothing.
    pub async fn begin(
        &self,
        actor: Actor<'_>,
    ) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
        let (role, claims) = match actor {
            Actor::User(id) => (
                "authenticated",
                serde_json::json!({ "sub": id, "role": "authenticated" }).to_string(),
            ),
            Actor::Service => ("service_role", r#"{"role":"service_role"}"#.to_string()),
        };
        let mut tx = self.pool.begin().await?;
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
