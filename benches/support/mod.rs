//! What the benches share: the app as `main.rs` builds it, with one signed-up climber, on
//! either backend (a fresh libSQL file, or a fresh PostgreSQL database on the server named by
//! `TEST_DATABASE_URL`), and a table printing both backends' percentiles side by side.
use std::sync::Arc;

use climbingpill::server::auth::service::{AuthLimits, NewSession};
use climbingpill::server::clock::SystemClock;
use climbingpill::server::config::Config;
use climbingpill::server::state::AppState;
use sqlx::{Connection, Executor, PgConnection};

/// Where the app keeps its application data (agent memory stays in libSQL on both).
pub enum Backend {
    Libsql,
    /// A PostgreSQL server's superuser URL: the bench creates its own database there.
    Postgres(String),
}

impl Backend {
    pub fn name(&self) -> &'static str {
        match self {
            Backend::Libsql => "libSQL",
            Backend::Postgres(_) => "PostgreSQL",
        }
    }
}

/// libSQL, then PostgreSQL when `TEST_DATABASE_URL` is set.
pub fn backends() -> Vec<Backend> {
    let mut out = vec![Backend::Libsql];
    if let Some(url) = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
    {
        out.push(Backend::Postgres(url));
    }
    out
}

/// The app and its climber. Dropping it deletes the database (libSQL folder or PostgreSQL
/// database), so keep it alive for as long as the app is used.
pub struct BenchApp {
    pub state: AppState,
    pub session: NewSession,
    _dir: tempfile::TempDir,
    _pg: Option<PgDatabase>,
}

pub async fn app_with_climber(backend: &Backend) -> BenchApp {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().display().to_string();
    let pg = match backend {
        Backend::Libsql => None,
        Backend::Postgres(admin_url) => Some(PgDatabase::create(admin_url).await),
    };
    let pg_url = pg.as_ref().map(|d| d.url.clone());
    let config = Config::from_lookup(|k| match k {
        "CLIMBINGPILL_DATA_DIR" => Some(data.clone()),
        "SUPABASE_DB_URL" => pg_url.clone(),
        _ => None,
    })
    .unwrap();
    let options = leptos::config::LeptosOptions::builder()
        .output_name("climbingpill")
        .build();
    // Migrates the new database (either backend) as the server does at start-up.
    let state = AppState::build_with(
        config,
        options,
        Arc::new(SystemClock),
        AuthLimits::default(),
    )
    .await
    .unwrap();
    let session = state
        .auth
        .signup(
            "bench@example.com",
            "slopers in the rain",
            "127.0.0.1",
            None,
        )
        .await
        .unwrap();
    BenchApp {
        state,
        session,
        _dir: dir,
        _pg: pg,
    }
}

/// An empty database of the bench's own on a PostgreSQL server, dropped with this guard.
struct PgDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl PgDatabase {
    async fn create(admin_url: &str) -> Self {
        let name = format!("cp_bench_{}", uuid::Uuid::new_v4().simple());
        let mut admin = PgConnection::connect(admin_url)
            .await
            .expect("connect to TEST_DATABASE_URL");
        admin
            .execute(format!("CREATE DATABASE \"{name}\"").as_str())
            .await
            .expect("create the bench database");
        admin.close().await.ok();
        Self {
            url: with_database(admin_url, &name),
            admin_url: admin_url.to_string(),
            name,
        }
    }
}

impl Drop for PgDatabase {
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
                    let sql = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                    let _ = admin.execute(sql.as_str()).await;
                }
            });
        })
        .join();
    }
}

/// `base` with its database name replaced by `name`.
fn with_database(base: &str, name: &str) -> String {
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

#[derive(Clone, Copy)]
pub struct Stats {
    pub n: usize,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
}

impl Stats {
    pub fn of(mut samples: Vec<f64>) -> Self {
        samples.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let pct = |p: f64| samples[((samples.len() - 1) as f64 * p).round() as usize];
        Self {
            n: samples.len(),
            p50: pct(0.5),
            p95: pct(0.95),
            p99: pct(0.99),
        }
    }
}

/// Timings per operation, one column group per backend.
pub struct Table {
    unit: &'static str,
    /// Operation, then its stats on libSQL and on PostgreSQL.
    rows: Vec<(String, [Option<Stats>; 2])>,
}

impl Table {
    pub fn new(unit: &'static str) -> Self {
        Self {
            unit,
            rows: Vec::new(),
        }
    }

    pub fn record(&mut self, label: &str, backend: &Backend, samples: Vec<f64>) -> Stats {
        let stats = Stats::of(samples);
        let column = usize::from(matches!(backend, Backend::Postgres(_)));
        match self.rows.iter_mut().find(|(l, _)| l == label) {
            Some((_, row)) => row[column] = Some(stats),
            None => {
                let mut row = [None; 2];
                row[column] = Some(stats);
                self.rows.push((label.to_string(), row));
            }
        }
        stats
    }

    /// Prints the table, with PostgreSQL p50 / libSQL p50 as the last column.
    pub fn print(&self) {
        let unit = self.unit;
        let w = self
            .rows
            .iter()
            .map(|(l, _)| l.chars().count())
            .fold(9, usize::max);
        println!();
        println!(
            "{:<w$} {:>5}  {:^30}  {:^30}  {:>9}",
            "",
            "",
            format!("libSQL ({unit})"),
            format!("PostgreSQL ({unit})"),
            "PG/libSQL"
        );
        println!(
            "{:<w$} {:>5}  {:>10}{:>10}{:>10}  {:>10}{:>10}{:>10}  {:>9}",
            "operation", "n", "p50", "p95", "p99", "p50", "p95", "p99", "p50"
        );
        let cells = |s: Option<Stats>| match s {
            Some(s) => format!("{:>10.3}{:>10.3}{:>10.3}", s.p50, s.p95, s.p99),
            None => format!("{:>10}{:>10}{:>10}", "-", "-", "-"),
        };
        for (label, [lib, pg]) in &self.rows {
            let ratio = match (lib, pg) {
                (Some(l), Some(p)) => format!("{:.2}x", p.p50 / l.p50),
                _ => "-".into(),
            };
            let n = lib.or(*pg).map_or(0, |s| s.n);
            println!(
                "{label:<w$} {n:>5}  {}  {}  {ratio:>9}",
                cells(*lib),
                cells(*pg)
            );
        }
        if self.rows.iter().all(|(_, [_, pg])| pg.is_none()) {
            println!(
                "PostgreSQL column skipped: TEST_DATABASE_URL is not set \
                 (scripts/bench-backends.sh starts a throwaway cluster and sets it)"
            );
        }
    }
}
