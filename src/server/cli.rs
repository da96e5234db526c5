//! Operator commands run by the same binary: `climbingpill memory export|import`, `migrate`,
//! `funnel`, `backup`, `restore`, `doctor`, `admin`.
use std::io::{BufReader, BufWriter};
use std::path::PathBuf;

use crate::server::config::Config;
use crate::server::db::{migrate, Db};
use crate::server::memory::export;

pub const USAGE: &str = "usage:
  climbingpill                                          run the server
  climbingpill memory export [--user EMAIL] [--out FILE]  write memory as JSON Lines (stdout by default)
  climbingpill memory import FILE                        restore memory from an export
  climbingpill memory import-mastra PATH [--map FILE.csv] [--dry-run]
                                                        bring conversations and working memory over from a Mastra libSQL file
                                                        (--map: resource_id,email lines; --dry-run: report only, write nothing)
  climbingpill memory export-mastra PATH                 write memory to a new file in Mastra's format (mastra_threads/messages/resources)
  climbingpill funnel                                   how many climbers reached each onboarding step
  climbingpill migrate                                  apply database migrations (libSQL, and PostgreSQL when SUPABASE_DB_URL is set) and exit
  climbingpill backup FILE [--force]                    online copy of the libSQL database, checked (--force replaces FILE)
  climbingpill restore FILE                             replace the libSQL database with a backup (server stopped; the old file is kept)
  climbingpill doctor                                   check the configuration, databases, migrations, RLS, model endpoints and disk; exit 1 on a failure
  climbingpill admin grant EMAIL                        let the climber with EMAIL open the operators' dashboard (/admin)
  climbingpill admin revoke EMAIL                       take the dashboard away from them again";

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}\n\n{USAGE}")]
    Usage(String),
    #[error("no database at {0}: check CLIMBINGPILL_DATA_DIR")]
    NoDatabase(String),
    #[error(transparent)]
    Export(#[from] export::ExportError),
    #[error(transparent)]
    Mastra(#[from] crate::server::memory::mastra::MastraError),
    #[error(transparent)]
    Startup(#[from] crate::server::state::StartupError),
    #[error(transparent)]
    Backup(#[from] crate::server::ops::backup::BackupError),
    #[error("no account has the email {0}: the climber signs up first, then you grant")]
    UnknownAccount(String),
    #[error("could not change the admins: {0}")]
    Admin(String),
    #[error("cannot use {path}: {source}")]
    File {
        path: String,
        source: std::io::Error,
    },
}

/// Runs a `memory …` command; returns the line to print on success.
pub async fn run(args: &[String], config: &Config) -> Result<String, CliError> {
    match args {
        [cmd, rest @ ..] if cmd == "export" => {
            let (mut user, mut out) = (None, None);
            let mut it = rest.iter();
            while let Some(a) = it.next() {
                match a.as_str() {
                    "--user" => {
                        user = Some(
                            it.next()
                                .ok_or_else(|| CliError::Usage("--user needs an email".into()))?,
                        )
                    }
                    "--out" => {
                        out =
                            Some(PathBuf::from(it.next().ok_or_else(|| {
                                CliError::Usage("--out needs a file".into())
                            })?))
                    }
                    other => return Err(CliError::Usage(format!("unknown option {other}"))),
                }
            }
            let db = memory_db(config).await?;
            let user_id = match user {
                Some(email) => Some(account_id(config, email).await?),
                None => None,
            };
            let counts = match out {
                Some(file) => {
                    let f = std::fs::File::create(&file).map_err(|source| CliError::File {
                        path: file.display().to_string(),
                        source,
                    })?;
                    export::export(&db, user_id.as_deref(), &mut BufWriter::new(f)).await?
                }
                None => {
                    export::export(&db, user_id.as_deref(), &mut std::io::stdout().lock()).await?
                }
            };
            Ok(format!("exported {counts}"))
        }
        [cmd, file] if cmd == "import" => {
            let f = std::fs::File::open(file).map_err(|source| CliError::File {
                path: file.clone(),
                source,
            })?;
            let lines = export::parse(BufReader::new(f))?;
            let db = match &config.memory_remote {
                Some(remote) => Db::open_remote(&remote.url, &remote.token)
                    .await
                    .map_err(crate::server::state::StartupError::from)?,
                None => {
                    std::fs::create_dir_all(&config.data_dir).map_err(|source| CliError::File {
                        path: config.data_dir.display().to_string(),
                        source,
                    })?;
                    Db::open(&config.db_path())
                        .await
                        .map_err(crate::server::state::StartupError::from)?
                }
            };
            migrate::run(&db, &migrate::embedded())
                .await
                .map_err(crate::server::state::StartupError::from)?;
            let counts = export::import(&db, &lines).await?;
            Ok(format!("imported {counts}"))
        }
        [cmd, rest @ ..] if cmd == "import-mastra" => import_mastra(rest, config).await,
        [cmd, path] if cmd == "export-mastra" => {
            let db = memory_db(config).await?;
            let report =
                crate::server::memory::mastra::export(&db, std::path::Path::new(path)).await?;
            Ok(report.to_string())
        }
        [cmd, ..] if cmd == "export-mastra" => Err(CliError::Usage(
            "export-mastra takes the PATH of the new Mastra file".into(),
        )),
        _ => Err(CliError::Usage("unknown memory command".into())),
    }
}

/// `memory import-mastra PATH [--map FILE.csv] [--dry-run]`.
async fn import_mastra(args: &[String], config: &Config) -> Result<String, CliError> {
    use crate::server::memory::mastra;
    let (mut path, mut map, mut dry_run) = (None, None, false);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--dry-run" => dry_run = true,
            "--map" => {
                map = Some(PathBuf::from(it.next().ok_or_else(|| {
                    CliError::Usage("--map needs a CSV file of resource_id,email lines".into())
                })?))
            }
            other if other.starts_with('-') => {
                return Err(CliError::Usage(format!("unknown option {other}")))
            }
            other if path.is_none() => path = Some(PathBuf::from(other)),
            _ => return Err(CliError::Usage("import-mastra takes one PATH".into())),
        }
    }
    let path =
        path.ok_or_else(|| CliError::Usage("import-mastra needs the Mastra database PATH".into()))?;
    let map = match map {
        Some(file) => mastra::read_map(&file)?,
        None => Default::default(),
    };
    let db = memory_db(config).await?;
    // Accounts live in PostgreSQL when configured, else in the local file.
    let accounts: Box<dyn mastra::AccountDirectory> = match &config.postgres {
        Some(settings) => Box::new(PgAccounts(
            crate::server::pg::Pg::connect(settings)
                .await
                .map_err(crate::server::state::StartupError::from)?,
        )),
        None => Box::new(mastra::LibsqlAccounts(open_existing(config).await?)),
    };
    let vectors = match (&config.embeddings, dry_run) {
        (Some(e), false) => {
            let embedder = crate::server::memory::embeddings::Embedder::new(
                &e.base_url,
                e.api_key.clone(),
                e.model.clone(),
            )
            .map_err(|e| crate::server::state::StartupError::Embeddings(e.to_string()))?;
            Some(crate::server::memory::vectors::VectorRecall::new(
                embedder,
                db.clone(),
            ))
        }
        _ => None,
    };
    let options = mastra::ImportOptions {
        map,
        dry_run,
        quotas: config.quotas,
        vectors: vectors.as_ref(),
    };
    let report = mastra::import(&path, &db, accounts.as_ref(), &options).await?;
    Ok(report.to_string().trim_end().to_string())
}

/// Accounts in PostgreSQL, looked up as the service (no climber is signed in).
struct PgAccounts(crate::server::pg::Pg);

#[async_trait::async_trait]
impl crate::server::memory::mastra::AccountDirectory for PgAccounts {
    async fn by_email(
        &self,
        email: &str,
    ) -> Result<Option<crate::server::memory::mastra::Account>, String> {
        self.find(
            "SELECT id::text, email FROM accounts WHERE email = $1",
            email,
        )
        .await
    }
    async fn by_id(
        &self,
        id: &str,
    ) -> Result<Option<crate::server::memory::mastra::Account>, String> {
        self.find(
            "SELECT id::text, email FROM accounts WHERE id::text = $1",
            id,
        )
        .await
    }
}

impl PgAccounts {
    async fn find(
        &self,
        sql: &'static str,
        key: &str,
    ) -> Result<Option<crate::server::memory::mastra::Account>, String> {
        use sqlx::Row;
        let mut tx = self
            .0
            .begin(crate::server::pg::Actor::Service)
            .await
            .map_err(|e| e.to_string())?;
        let row = sqlx::query(sql)
            .bind(key)
            .fetch_optional(&mut *tx)
            .await
            .map_err(|e| e.to_string())?;
        tx.commit().await.map_err(|e| e.to_string())?;
        match row {
            Some(r) => Ok(Some(crate::server::memory::mastra::Account {
                id: r.try_get(0).map_err(|e| e.to_string())?,
                email: r.try_get(1).map_err(|e| e.to_string())?,
            })),
            None => Ok(None),
        }
    }
}

/// Where agent memory lives: the remote libSQL database when `MEMORY_DB_URL` is set, else
/// the existing local file.
async fn memory_db(config: &Config) -> Result<Db, CliError> {
    match &config.memory_remote {
        Some(remote) => Ok(Db::open_remote(&remote.url, &remote.token)
            .await
            .map_err(crate::server::state::StartupError::from)?),
        None => open_existing(config).await,
    }
}

/// The id of the account with `email`, from wherever accounts live (PostgreSQL when
/// configured, else the local libSQL file).
async fn account_id(config: &Config, email: &str) -> Result<String, CliError> {
    let Some(settings) = &config.postgres else {
        let db = open_existing(config).await?;
        return Ok(export::user_id_for_email(&db, email).await?);
    };
    let pg = crate::server::pg::Pg::connect(settings)
        .await
        .map_err(crate::server::state::StartupError::from)?;
    let accounts = crate::server::stores::backend::AppStores::postgres(&pg).accounts;
    match accounts.find_by_email(&email.trim().to_lowercase()).await {
        Ok(Some(account)) => Ok(account.id),
        Ok(None) => Err(export::ExportError::UnknownUser(email.to_string()).into()),
        Err(e) => Err(CliError::Usage(format!("could not look up {email}: {e}"))),
    }
}

/// The configured database, migrated; never a new empty one (a typo in the data folder would
/// otherwise export nothing, or count nobody, without a word).
async fn open_existing(config: &Config) -> Result<Db, CliError> {
    let path = config.db_path();
    if !path.exists() {
        return Err(CliError::NoDatabase(path.display().to_string()));
    }
    let db = Db::open(&path)
        .await
        .map_err(crate::server::state::StartupError::from)?;
    migrate::run(&db, &migrate::embedded())
        .await
        .map_err(crate::server::state::StartupError::from)?;
    Ok(db)
}

/// `climbingpill migrate`: brings the databases (the libSQL file, remote memory, PostgreSQL)
/// up to date without starting the server, for
/// deploys that migrate as a separate step. Returns what was applied.
pub async fn migrate(config: &Config) -> Result<String, CliError> {
    use crate::server::state::StartupError;
    std::fs::create_dir_all(&config.data_dir).map_err(|source| CliError::File {
        path: config.data_dir.display().to_string(),
        source,
    })?;
    let db = Db::open(&config.db_path())
        .await
        .map_err(StartupError::from)?;
    let mut applied = migrate::run(&db, &migrate::embedded())
        .await
        .map_err(StartupError::from)?;
    if let Some(remote) = &config.memory_remote {
        let memory = Db::open_remote(&remote.url, &remote.token)
            .await
            .map_err(StartupError::from)?;
        let memory_applied = migrate::run(&memory, &migrate::embedded())
            .await
            .map_err(StartupError::from)?;
        applied.extend(memory_applied.into_iter().map(|m| format!("memory/{m}")));
    }
    if let Some(settings) = &config.postgres {
        let pg = crate::server::pg::Pg::connect(settings)
            .await
            .map_err(StartupError::from)?;
        let pg_applied =
            crate::server::pg::migrate::run(&pg, &crate::server::pg::migrate::embedded())
                .await
                .map_err(StartupError::from)?;
        applied.extend(pg_applied.into_iter().map(|m| format!("postgres/{m}")));
    }
    Ok(if applied.is_empty() {
        "migrations: already up to date".to_string()
    } else {
        format!("migrations applied: {}", applied.join(", "))
    })
}

/// `climbingpill backup FILE [--force]`: an online copy of the libSQL file, checked.
pub async fn backup(args: &[String], config: &Config) -> Result<String, CliError> {
    let (mut file, mut force) = (None, false);
    for a in args {
        match a.as_str() {
            "--force" => force = true,
            other if other.starts_with('-') => {
                return Err(CliError::Usage(format!("unknown option {other}")))
            }
            other if file.is_none() => file = Some(PathBuf::from(other)),
            _ => return Err(CliError::Usage("backup takes one FILE".into())),
        }
    }
    let file = file.ok_or_else(|| CliError::Usage("backup needs a FILE to write".into()))?;
    let report = crate::server::ops::backup::backup(&config.db_path(), &file, force).await?;
    Ok(format!("{report}{}", backup_scope(config)))
}

/// `climbingpill restore FILE`: puts a backup in place of the libSQL file.
pub async fn restore(args: &[String], config: &Config) -> Result<String, CliError> {
    let [file] = args else {
        return Err(CliError::Usage("restore needs the backup FILE".into()));
    };
    let report =
        crate::server::ops::backup::restore(&config.db_path(), std::path::Path::new(file)).await?;
    Ok(format!("{report}{}", backup_scope(config)))
}

/// What a libSQL backup does not hold, in this configuration.
fn backup_scope(config: &Config) -> String {
    let mut out = String::new();
    if config.postgres.is_some() {
        out.push_str("\nnote: the application data is in PostgreSQL (SUPABASE_DB_URL): back it up with pg_dump or Supabase's backups; this file holds agent memory");
    }
    if config.memory_remote.is_some() {
        out.push_str("\nnote: agent memory is in the remote libSQL database (MEMORY_DB_URL): it is not in this file");
    }
    out
}

/// `climbingpill admin grant|revoke EMAIL`: who may open the operators' dashboard.
pub async fn admin(args: &[String], config: &Config) -> Result<String, CliError> {
    use crate::server::clock::{Clock, SystemClock};
    use crate::server::services::admin::{self, AdminChange, AdminError};
    let (grant, email) = match args {
        [cmd, email] if cmd == "grant" => (true, email),
        [cmd, email] if cmd == "revoke" => (false, email),
        _ => {
            return Err(CliError::Usage(
                "admin takes grant EMAIL or revoke EMAIL".into(),
            ))
        }
    };
    let stores = app_stores(config).await?;
    let result = if grant {
        admin::grant(
            stores.accounts.as_ref(),
            stores.admin.as_ref(),
            email,
            SystemClock.now_ms(),
        )
        .await
    } else {
        admin::revoke(stores.accounts.as_ref(), stores.admin.as_ref(), email).await
    };
    match result {
        Ok(AdminChange::Granted) => Ok(format!(
            "{email} is an admin now: /admin shows them the dashboard"
        )),
        Ok(AdminChange::AlreadyAdmin) => Ok(format!("{email} already is an admin")),
        Ok(AdminChange::Revoked) => Ok(format!("{email} is no longer an admin")),
        Ok(AdminChange::WasNotAdmin) => Ok(format!("{email} was not an admin: nothing to do")),
        Err(AdminError::UnknownEmail(e)) => Err(CliError::UnknownAccount(e)),
        Err(e) => Err(CliError::Admin(e.to_string())),
    }
}

/// The application data's stores: PostgreSQL when configured, else the existing libSQL file.
async fn app_stores(
    config: &Config,
) -> Result<crate::server::stores::backend::AppStores, CliError> {
    use crate::server::stores::backend::AppStores;
    Ok(match &config.postgres {
        Some(settings) => {
            let pg = crate::server::pg::Pg::connect(settings)
                .await
                .map_err(crate::server::state::StartupError::from)?;
            crate::server::pg::migrate::run(&pg, &crate::server::pg::migrate::embedded())
                .await
                .map_err(crate::server::state::StartupError::from)?;
            AppStores::postgres(&pg)
        }
        None => AppStores::libsql(&open_existing(config).await?),
    })
}

/// `climbingpill funnel`: the onboarding funnel, one line per step, for operators.
pub async fn funnel(config: &Config) -> Result<String, CliError> {
    use crate::domain::onboarding::Step;
    use crate::server::stores::backend::AppStores;
    let stores = match &config.postgres {
        Some(settings) => {
            let pg = crate::server::pg::Pg::connect(settings)
                .await
                .map_err(crate::server::state::StartupError::from)?;
            AppStores::postgres(&pg)
        }
        None => AppStores::libsql(&open_existing(config).await?),
    };
    let rows = stores
        .onboarding
        .funnel()
        .await
        .map_err(|e| CliError::Usage(format!("could not read the funnel: {e}")))?;
    Ok(format_funnel(&rows, |n| {
        // The result step's number is "finished" (it is only saved on finishing).
        Step::from_number(n)
            .filter(|s| *s != Step::Result)
            .map_or("finished", |s| s.title())
    }))
}

/// "step  reached  of started" lines; the first step's count is everyone who started.
fn format_funnel(rows: &[(u8, u64)], title: impl Fn(u8) -> &'static str) -> String {
    let started = rows.first().map_or(0, |r| r.1);
    let mut out = String::from("onboarding funnel (climbers who reached each step)\n");
    for (step, n) in rows {
        let share = if started == 0 {
            0.0
        } else {
            *n as f64 * 100.0 / started as f64
        };
        out.push_str(&format!(
            "  {step}. {:<24} {n:>6}  {share:5.1} %\n",
            title(*step)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::format_funnel;

    #[test]
    fn funnel_shows_each_step_with_its_share_of_starters() {
        let out = format_funnel(&[(1, 4), (2, 2), (7, 1)], |n| {
            if n == 7 {
                "finished"
            } else {
                "step"
            }
        });
        assert!(out.contains("1. step"), "{out}");
        assert!(out.contains("100.0 %"), "{out}");
        assert!(out.contains(" 50.0 %"), "{out}");
        assert!(out.contains("7. finished"), "{out}");
        assert!(out.contains(" 25.0 %"), "{out}");
        assert_eq!(format_funnel(&[], |_| "x").lines().count(), 1);
    }
}
