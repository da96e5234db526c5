//! Everything a request handler or server function may need, built once at start-up.
use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::server::agent::offline::OfflineCoach;
use crate::server::agent::openai::{OpenAiProvider, OpenAiSettings};
use crate::server::agent::provider::Provider;
use crate::server::agent::tools::ToolRegistry;
use crate::server::agent::{Agent, AgentServices, AgentSettings};
use crate::server::auth::service::AuthLimits;
use crate::server::auth::AuthService;
use crate::server::clock::{Clock, SystemClock};
use crate::server::config::Config;
use crate::server::db::timings::LatencySummary;
use crate::server::db::{migrate, Db};
use crate::server::http::dictionary::SharedDictionary;
use crate::server::memory::embeddings::Embedder;
use crate::server::memory::libsql::LibsqlMemory;
use crate::server::memory::vectors::VectorRecall;
use crate::server::memory::MemoryStore;
use crate::server::pg::{self, Pg};
use crate::server::realtime::ChangeFeed;
use crate::server::services::admin::{AdminService, TimedMemory};
use crate::server::services::assessment::AssessmentService;
use crate::server::services::journal::JournalService;
use crate::server::services::onboarding::OnboardingService;
use crate::server::services::profile::ProfileService;
use crate::server::services::program::ProgramService;
use crate::server::services::progress::ProgressService;
use crate::server::services::quota::{QuotaJournal, QuotaMemory, QuotaPrograms, QuotaService};
use crate::server::shared::Redis;
use crate::server::stores::backend::AppStores;
use crate::server::stores::libsql::LibsqlAdmin;
use crate::server::stores::{AdminStore, RunLogStore};

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub config: Arc<Config>,
    pub db: Db,
    /// Where agent memory lives: `db` itself, or a remote libSQL database (`MEMORY_DB_URL`).
    pub memory_db: Db,
    /// The application data's stores (libSQL, or PostgreSQL with `SUPABASE_DB_URL`).
    pub stores: AppStores,
    pub auth: Arc<AuthService>,
    pub profiles: Arc<ProfileService>,
    pub memory: Arc<dyn MemoryStore>,
    pub agent: Arc<Agent>,
    pub journal: Arc<JournalService>,
    pub assessments: Arc<AssessmentService>,
    pub programs: Arc<ProgramService>,
    pub onboarding: Arc<OnboardingService>,
    pub progress: Arc<ProgressService>,
    /// Coaching organisations (issue 21).
    pub teams: Arc<crate::server::services::team::TeamService>,
    /// Coaches' proposed program changes, accepted or declined by the athlete (issue 21).
    pub proposals: Arc<crate::server::services::proposals::ProposalService>,
    pub runs: Arc<dyn RunLogStore>,
    /// "Journal changed" notices for open progress pages (server-sent events).
    pub changes: Arc<ChangeFeed>,
    /// What each climber keeps, against the quotas (`CLIMBER_MAX_*`).
    pub quotas: Arc<QuotaService>,
    /// `REDIS_URL`: the state shared with other instances (limits, turn lock, notices).
    pub redis: Option<Redis>,
    /// Admins and the operators' dashboard (`/admin`).
    pub admin: Arc<AdminService>,
    /// The route files compressed against the first WASM file (`dcb`), for browsers that
    /// keep it as a dictionary; `None` without a split release site, and until main loads it.
    pub site_dictionary: Option<Arc<SharedDictionary>>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(
        "CLIMBINGPILL_DATA_DIR={0} does not exist. Create the folder (for a new install) or fix the path; \
         the server will not start a new, empty database in a folder it was not given."
    )]
    DataDirMissing(String),
    #[error("could not create the data folder {dir}: {source}")]
    DataDir { dir: String, source: std::io::Error },
    #[error(transparent)]
    Db(#[from] crate::server::db::DbError),
    #[error(transparent)]
    Migration(#[from] migrate::MigrationError),
    #[error("{0} (SUPABASE_DB_URL)")]
    Postgres(#[from] pg::PgError),
    #[error("PostgreSQL {0}")]
    PgMigration(#[from] pg::migrate::PgMigrationError),
    #[error("could not set up the embeddings client (EMBEDDINGS_MODEL, LLM_BASE_URL): {0}")]
    Embeddings(String),
    #[error("could not set up the language model client (LLM_BASE_URL, LLM_MODEL): {0}")]
    Llm(String),
    #[error("could not start the account service: {0}")]
    Auth(#[from] crate::server::auth::AuthError),
    #[error("{0}. Check that Redis runs and the URL, password and database number are right.")]
    Redis(#[from] crate::server::shared::SharedError),
}

impl AppState {
    /// Opens the database named by `config`, applies migrations, and wires the services.
    pub async fn build(
        config: Config,
        leptos_options: LeptosOptions,
    ) -> Result<Self, StartupError> {
        let mut limits = AuthLimits::default();
        limits.signup_per_ip.max = config.signups_per_hour;
        Self::build_with(config, leptos_options, Arc::new(SystemClock), limits).await
    }

    /// As `build`, with the clock and rate limits chosen by the caller (tests).
    pub async fn build_with(
        config: Config,
        leptos_options: LeptosOptions,
        clock: Arc<dyn Clock>,
        limits: AuthLimits,
    ) -> Result<Self, StartupError> {
        if config.data_dir_explicit && !config.data_dir.is_dir() {
            return Err(StartupError::DataDirMissing(
                config.data_dir.display().to_string(),
            ));
        }
        std::fs::create_dir_all(&config.data_dir).map_err(|source| StartupError::DataDir {
            dir: config.data_dir.display().to_string(),
            source,
        })?;
        let redis = match &config.redis_url {
            None => None,
            Some(url) => {
                let redis = Redis::connect(&url.0).await?;
                tracing::info!(url = %crate::server::config::redact_url(&url.0), "limits, turn locks and progress notices shared through Redis");
                Some(redis)
            }
        };
        let db = Db::open(&config.db_path()).await?;
        migrate::run(&db, &migrate::embedded()).await?;
        let stores = match &config.postgres {
            None => AppStores::libsql(&db),
            Some(settings) => {
                let pg = Pg::connect(settings).await?;
                pg::migrate::run(&pg, &pg::migrate::embedded()).await?;
                tracing::info!("application data in PostgreSQL; agent memory in libSQL");
                AppStores::postgres(&pg)
            }
        };
        // Every store call counted and timed (metrics, and spans with OpenTelemetry).
        let mut stores = crate::server::ops::instrument::stores(stores);
        let auth = AuthService::new(
            stores.accounts.clone(),
            stores.sessions.clone(),
            clock.clone(),
            &config,
            limits,
        )
        .await?;
        let profiles = ProfileService::new(stores.profiles.clone(), clock.clone());
        // Agent memory: the same file, or a libSQL server / Turso of its own.
        let memory_db = match &config.memory_remote {
            None => db.clone(),
            Some(remote) => {
                let memory_db = Db::open_remote(&remote.url, &remote.token).await?;
                migrate::run(&memory_db, &migrate::embedded()).await?;
                tracing::info!(url = %crate::server::config::redact_url(&remote.url), "agent memory in a remote libSQL database");
                memory_db
            }
        };
        let mut memory = LibsqlMemory::new(memory_db.clone(), clock.clone());
        if let Some(e) = &config.embeddings {
            let embedder = Embedder::new(&e.base_url, e.api_key.clone(), e.model.clone())
                .map_err(|e| StartupError::Embeddings(e.to_string()))?;
            memory = memory.with_vectors(VectorRecall::new(embedder, memory_db.clone()));
            tracing::info!(model = %e.model, "semantic recall on");
        }
        let memory: Arc<dyn MemoryStore> = crate::server::ops::instrument::memory(
            Arc::new(memory),
            config.memory_remote.is_some(),
        );
        // Every store that creates what a quota counts is wrapped once, here.
        let quotas = Arc::new(QuotaService::new(
            config.quotas,
            memory.clone(),
            stores.journal.clone(),
        ));
        let memory: Arc<dyn MemoryStore> = Arc::new(QuotaMemory::new(memory, quotas.clone()));
        // Each memory operation's latency, for the admin dashboard's p50/p95/p99.
        let memory_latencies = Arc::new(LatencySummary::default());
        let memory = TimedMemory::wrap(memory, memory_latencies.clone());
        stores.journal = Arc::new(QuotaJournal::new(stores.journal.clone(), quotas.clone()));
        stores.programs = Arc::new(QuotaPrograms::new(stores.programs.clone(), quotas.clone()));
        let profiles = Arc::new(profiles);
        let provider: Arc<dyn Provider> = match &config.llm {
            Some(llm) => {
                tracing::info!(model = %llm.model, base_url = %crate::server::config::redact_url(&llm.base_url), "coach uses a language model");
                Arc::new(
                    OpenAiProvider::new(OpenAiSettings {
                        base_url: llm.base_url.clone(),
                        api_key: llm.api_key.clone(),
                        model: llm.model.clone(),
                        connect_timeout: std::time::Duration::from_secs(5),
                        read_timeout: llm.timeout,
                        retries: llm.retries,
                        backoff: std::time::Duration::from_millis(500),
                    })
                    .map_err(|e| StartupError::Llm(e.to_string()))?,
                )
            }
            None => {
                tracing::info!("no LLM_MODEL set: the offline coach answers");
                Arc::new(OfflineCoach)
            }
        };
        let changes = Arc::new(match (&stores.postgres, &redis) {
            (Some(pg), _) => ChangeFeed::postgres(pg),
            (None, Some(redis)) => ChangeFeed::redis(redis),
            (None, None) => ChangeFeed::in_process(),
        });
        let journal = Arc::new(JournalService::new(
            stores.journal.clone(),
            clock.clone(),
            profiles.clone(),
            changes.clone(),
        ));
        let assessments = Arc::new(AssessmentService::new(
            stores.assessments.clone(),
            profiles.clone(),
            stores.onboarding.clone(),
            clock.clone(),
        ));
        let programs = Arc::new(ProgramService::new(
            stores.programs.clone(),
            assessments.clone(),
            journal.clone(),
            clock.clone(),
        ));
        let onboarding = Arc::new(OnboardingService::new(
            stores.onboarding.clone(),
            assessments.clone(),
            profiles.clone(),
            programs.clone(),
            clock.clone(),
        ));
        let runs: Arc<dyn RunLogStore> = stores.runs.clone();
        // The memory database's own table sizes when it isn't the application data's.
        let memory_sizes = (stores.postgres.is_some() || config.memory_remote.is_some())
            .then(|| Arc::new(LibsqlAdmin::new(memory_db.clone())) as Arc<dyn AdminStore>);
        let admin = Arc::new(AdminService::new(
            stores.admin.clone(),
            memory_db.clone(),
            memory_sizes,
            stores.onboarding.clone(),
            memory_latencies,
            clock.clone(),
            stores.postgres.is_some(),
        ));
        admin.spawn_daily_snapshot();
        let teams = Arc::new(crate::server::services::team::TeamService::new(
            stores.teams.clone(),
            profiles.clone(),
            clock.clone(),
        ));
        let proposals = Arc::new(crate::server::services::proposals::ProposalService::new(
            stores.proposals.clone(),
            stores.teams.clone(),
            stores.programs.clone(),
            profiles.clone(),
            clock.clone(),
        ));
        let agent = Agent::new(
            provider,
            ToolRegistry::standard(),
            AgentServices {
                memory: memory.clone(),
                profiles: profiles.clone(),
                journal: journal.clone(),
                assessments: assessments.clone(),
                programs: programs.clone(),
                onboarding: onboarding.clone(),
                teams: teams.clone(),
                runs: runs.clone(),
                clock,
            },
            AgentSettings {
                max_steps: config.agent_max_steps,
                token_budget: config.agent_token_budget,
                input_token_budget: config.agent_input_token_budget,
                ..AgentSettings::default()
            },
        );
        let agent = match &redis {
            Some(redis) => agent.with_shared_locks(redis.clone()),
            None => agent,
        };
        Ok(Self {
            admin,
            // Made by main from a release site (http::dictionary::load); tests set their own.
            site_dictionary: None,
            quotas,
            redis,
            agent: Arc::new(agent),
            progress: Arc::new(ProgressService::new(journal.clone(), profiles.clone())),
            teams,
            proposals,
            journal,
            assessments,
            programs,
            onboarding,
            runs,
            changes,
            leptos_options,
            config: Arc::new(config),
            db,
            memory_db,
            stores,
            auth: Arc::new(auth),
            profiles,
            memory,
        })
    }
}
