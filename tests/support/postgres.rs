//! A fresh PostgreSQL database per test, on the server named by `TEST_DATABASE_URL`
//! (`scripts/test.sh` starts a throwaway cluster and sets it). A template database is migrated
//! once per schema version; every test gets its own copy of it, dropped when the test ends.
use std::sync::OnceLock;

use climbingpill::server::pg::{migrate, Pg, PgSettings};
use sqlx::{Connection, Executor, PgConnection};

pub struct TestPg {
    pub pg: Pg,
    /// The URL of this test's own database.
    pub url: String,
    admin_url: String,
    name: String,
}

static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
static ADMIN_URL: OnceLock<Option<String>> = OnceLock::new();

/// The server to test against, or `None` (with a note) when none is configured. With
/// `REQUIRE_POSTGRES` set (the test command sets it) a missing server is a failure.
pub fn admin_url() -> Option<String> {
    ADMIN_URL
        .get_or_init(|| {
            let url = std::env::var("TEST_DATABASE_URL")
                .ok()
                .filter(|u| !u.trim().is_empty());
            if url.is_none() {
                assert!(
                    std::env::var_os("REQUIRE_POSTGRES").is_none(),
                    "REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not"
                );
                eprintln!("postgres tests skipped: TEST_DATABASE_URL is not set (scripts/test.sh sets it)");
            }
            url
        })
        .clone()
}

/// `base` with its database name replaced by `name`.
pub fn with_database(base: &str, name: &str) -> String {
    let (head, query) = match base.split_once('?') {
        Some((h, q)) => (h, format!("?{q}")),
        None => (base, String::new()),
    };
    let host_start = head.find("://").map_or(0, |i| i + 3);
    let root = match head[host_start..].find('/') {
        Some(i) => &head[..host_start + i],
        None => head,
    };
    format!("{root}/{name}{query}")
}

async fn create_database(admin_url: &str, name: &str, template: Option<&str>) {
    let mut admin = PgConnection::connect(admin_url)
        .await
        .expect("connect to TEST_DATABASE_URL");
    let sql = match template {
        Some(t) => format!("CREATE DATABASE \"{name}\" TEMPLATE \"{t}\""),
        None => format!("CREATE DATABASE \"{name}\""),
    };
    admin
        .execute(sql.as_str())
        .await
        .expect("create a test database");
    admin.close().await.ok();
}

impl TestPg {
    /// A migrated, empty database of its own, or `None` when no server is configured.
    pub async fn fresh() -> Option<Self> {
        Self::fresh_with(|_| {}).await
    }

    /// A database with nothing in it, not even the migrations (for `climbingpill migrate`).
    pub async fn empty() -> Option<Self> {
        let admin_url = admin_url()?;
        let name = format!("cp_t_{}", uuid::Uuid::new_v4().simple());
        create_database(&admin_url, &name, None).await;
        let url = with_database(&admin_url, &name);
        let pg = Pg::connect(&PgSettings::new(url.clone()))
            .await
            .expect("connect");
        Some(Self {
            pg,
            url,
            admin_url,
            name,
        })
    }

    /// As `fresh`, with pool settings adjusted by `tune` (timeouts in fault tests).
    pub async fn fresh_with(tune: impl FnOnce(&mut PgSettings)) -> Option<Self> {
        let admin_url = admin_url()?;
        let template = TEMPLATE
            .get_or_init(|| async {
                // Named after the migrations' text: test binaries of one run share it, and a
                // changed migration makes a new one instead of reusing a stale schema.
                let migrations = migrate::embedded();
                let hash = migrations
                    .iter()
                    .flat_map(|m| m.sql.bytes())
                    .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
                    });
                let name = format!("cp_tpl_{hash:016x}");
                let mut admin = PgConnection::connect(&admin_url)
                    .await
                    .expect("connect to TEST_DATABASE_URL");
                let exists: bool = sqlx::query_scalar(
                    "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)",
                )
                .bind(&name)
                .fetch_one(&mut admin)
                .await
                .unwrap();
                admin.close().await.ok();
                if exists {
                    return name;
                }
                // Built under a name of its own and renamed once migrated, so a run killed
                // half-way never leaves a half-migrated template for the next one.
                let building = format!("cp_build_{}", uuid::Uuid::new_v4().simple());
                create_database(&admin_url, &building, None).await;
                let pg = Pg::connect(&PgSettings::new(with_database(&admin_url, &building)))
                    .await
                    .expect("connect to the template database");
                migrate::run(&pg, &migrations)
                    .await
                    .expect("migrate the template database");
                pg.close().await;
                let mut admin = PgConnection::connect(&admin_url).await.expect("connect");
                let renamed = admin
                    .execute(format!("ALTER DATABASE \"{building}\" RENAME TO \"{name}\"").as_str())
                    .await;
                if renamed.is_err() {
                    // Another test binary finished the same template first: use theirs.
                    let _ = admin
                        .execute(format!("DROP DATABASE IF EXISTS \"{building}\"").as_str())
                        .await;
                }
                admin.close().await.ok();
                name
            })
            .await;
        let name = format!("cp_t_{}", uuid::Uuid::new_v4().simple());
        create_database(&admin_url, &name, Some(template)).await;
        let url = with_database(&admin_url, &name);
        let mut settings = PgSettings::new(url.clone());
        tune(&mut settings);
        let pg = Pg::connect(&settings)
            .await
            .expect("connect to the test database");
        Some(Self {
            pg,
            url,
            admin_url,
            name,
        })
    }
}

impl Drop for TestPg {
    fn drop(&mut self) {
        // Async work can't run in Drop: a short-lived runtime on its own thread does it.
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                if let Ok(mut admin) = PgConnection::connect(&admin_url).await {
                    let _ = admin
                        .execute(
                            format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").as_str(),
                        )
                        .await;
                }
            });
        })
        .join();
    }
}
