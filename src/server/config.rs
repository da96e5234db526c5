//! Configuration from the environment (and `.env` when present). Every value is checked
//! at start-up; a bad one stops the server with a message naming the variable.
use std::path::PathBuf;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Config {
    /// Folder that holds the libSQL database file (`climbingpill.db`).
    pub data_dir: PathBuf,
    /// True when `CLIMBINGPILL_DATA_DIR` was set: then the folder must already exist, so a
    /// typo cannot silently start the app on a new, empty database somewhere else.
    pub data_dir_explicit: bool,
    /// Serve the session cookie with `Secure` and the `__Host-` prefix (set behind HTTPS).
    pub cookie_secure: bool,
    /// `COMPRESSION_DICTIONARY`: route files sent compressed against the first WASM file
    /// (`dcb`) to browsers that keep it (src/server/http/dictionary.rs). Off for a cache in
    /// front that ignores `Vary: available-dictionary`.
    pub compression_dictionary: bool,
    /// A session ends after this long without a request…
    pub session_idle: Duration,
    /// …and after this long in any case.
    pub session_absolute: Duration,
    pub log_format: LogFormat,
    /// Semantic recall: an OpenAI-compatible embeddings endpoint, when `EMBEDDINGS_MODEL` is set.
    pub embeddings: Option<EmbeddingsConfig>,
    /// The coach's language model, when `LLM_MODEL` is set; the offline coach otherwise.
    pub llm: Option<LlmConfig>,
    /// Provider calls per coach turn (`AGENT_MAX_STEPS`, default 6).
    pub agent_max_steps: u32,
    /// Output tokens per coach turn (`AGENT_TOKEN_BUDGET`, default 4000).
    pub agent_token_budget: u32,
    /// `AGENT_INPUT_TOKEN_BUDGET`: estimated input tokens per model call (default 16000).
    pub agent_input_token_budget: u32,
    /// Application data in PostgreSQL / Supabase (`SUPABASE_DB_URL`); libSQL when unset.
    pub postgres: Option<crate::server::pg::PgSettings>,
    /// Agent memory in a libSQL server or Turso (`MEMORY_DB_URL`); the local file when unset.
    pub memory_remote: Option<RemoteLibsql>,
    /// `PASSWORD_HASH_QUEUE`: password checks that may wait for a free core (default 64);
    /// past it, logins and sign-ups get 503 with `Retry-After`.
    pub password_hash_queue: usize,
    /// `SIGNUPS_PER_HOUR`: accounts one address may create per hour (default 20).
    pub signups_per_hour: u32,
    /// `TRUSTED_PROXIES`: the reverse proxies (CIDRs or addresses) whose `Forwarded` /
    /// `X-Forwarded-For` headers are believed. Empty by default: the TCP peer is the client.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Per-climber rate limits (`CLIMBER_*`); defaults a real climber never reaches.
    pub climber_limits: ClimberLimits,
    /// Per-climber quotas on what is kept (`CLIMBER_MAX_*`); defaults a real climber never
    /// reaches.
    pub quotas: QuotaLimits,
    /// `REDIS_URL`: shares the per-climber limits, the one-turn-per-conversation lock and the
    /// live progress notices between instances. Unset: each process keeps its own.
    pub redis_url: Option<RedisUrl>,
}

/// A Redis URL; its password never appears in `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct RedisUrl(pub String);

impl std::fmt::Debug for RedisUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("RedisUrl")
            .field(&redact_url(&self.0))
            .finish()
    }
}

/// How much one climber may keep (see README, Configuration).
pub use crate::domain::quota::QuotaLimits;

/// How often one climber may ask the coach and change things (see README, Configuration).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClimberLimits {
    /// `CLIMBER_TURNS_PER_MINUTE` (default 20).
    pub turns_per_minute: u32,
    /// `CLIMBER_TURNS_PER_DAY` (default 500).
    pub turns_per_day: u32,
    /// `CLIMBER_WRITES_PER_MINUTE`: saves, deletes, imports, new conversations... (default 120).
    pub writes_per_minute: u32,
}

/// A libSQL server reached over HTTP(S).
#[derive(Clone, PartialEq, Eq)]
pub struct RemoteLibsql {
    pub url: String,
    /// `MEMORY_DB_AUTH_TOKEN`; empty for a server without authentication.
    pub token: String,
}

impl std::fmt::Debug for RemoteLibsql {
    // The token is a credential: never in logs or panics.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteLibsql")
            .field("url", &redact_url(&self.url))
            .field("token", &"(hidden)")
            .finish()
    }
}

/// A URL as it may be logged or shown: without a user name, password or query (either may
/// hold a credential). Something that doesn't parse as a URL is hidden whole.
pub fn redact_url(raw: &str) -> String {
    match url::Url::parse(raw.trim()) {
        Ok(u) if u.has_host() => {
            let who = if u.username().is_empty() && u.password().is_none() {
                ""
            } else {
                "(hidden)@"
            };
            let host = u.host_str().unwrap_or_default();
            let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
            let query = if u.query().is_some() { "?(hidden)" } else { "" };
            format!("{}://{who}{host}{port}{}{query}", u.scheme(), u.path())
        }
        _ => "(hidden)".into(),
    }
}

/// How an API key appears in `Debug`: whether there is one, never what it is.
fn hidden_key(key: &Option<String>) -> Option<&'static str> {
    key.as_ref().map(|_| "(hidden)")
}

impl std::fmt::Debug for LlmConfig {
    // `LLM_API_KEY` is a credential: never in logs or panics.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LlmConfig")
            .field("base_url", &redact_url(&self.base_url))
            .field("api_key", &hidden_key(&self.api_key))
            .field("model", &self.model)
            .field("timeout", &self.timeout)
            .field("retries", &self.retries)
            .finish()
    }
}

impl std::fmt::Debug for EmbeddingsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmbeddingsConfig")
            .field("base_url", &redact_url(&self.base_url))
            .field("api_key", &hidden_key(&self.api_key))
            .field("model", &self.model)
            .finish()
    }
}

#[derive(Clone, PartialEq, Eq)]
pub struct LlmConfig {
    /// `LLM_BASE_URL`, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`.
    pub base_url: String,
    pub api_key: Option<String>,
    pub model: String,
    /// `LLM_TIMEOUT_SECS`: longest wait for the model's next bytes (default 60).
    pub timeout: Duration,
    /// `LLM_RETRIES`: extra attempts on 429/5xx/network errors before any text (default 2).
    pub retries: u32,
}

#[derive(Clone, PartialEq, Eq)]
pub struct EmbeddingsConfig {
    /// Base URL of the OpenAI-compatible API, e.g. `https://api.openai.com/v1` or
    /// `http://127.0.0.1:11434/v1` (Ollama). From `LLM_BASE_URL`.
    pub base_url: String,
    /// `LLM_API_KEY`, sent as a bearer token when set.
    pub api_key: Option<String>,
    pub model: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("configuration error: {var}={value:?} is not valid: expected {expected}")]
pub struct ConfigError {
    pub var: &'static str,
    pub value: String,
    pub expected: &'static str,
}

impl Config {
    pub fn db_path(&self) -> PathBuf {
        self.data_dir.join("climbingpill.db")
    }

    /// Reads the process environment, after loading `.env` if one exists.
    pub fn from_env() -> Result<Self, ConfigError> {
        // No `.env` is fine; one that can't be read must not be half-applied in silence.
        match dotenvy::dotenv() {
            Ok(_) => {}
            Err(e) if e.not_found() => {}
            Err(e) => {
                return Err(ConfigError {
                    var: ".env",
                    value: e.to_string(),
                    expected: "KEY=value lines (see .env.example)",
                })
            }
        }
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Builds the configuration from any key lookup, so tests need not touch the process env.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |k: &str| get(k).filter(|v| !v.trim().is_empty());
        let data_dir_explicit = var("CLIMBINGPILL_DATA_DIR").is_some();
        let data_dir = var("CLIMBINGPILL_DATA_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("data"));
        let cookie_secure = flag(var("COOKIE_SECURE"), "COOKIE_SECURE", false)?;
        let compression_dictionary = flag(
            var("COMPRESSION_DICTIONARY"),
            "COMPRESSION_DICTIONARY",
            true,
        )?;
        let session_idle = hours(var("SESSION_IDLE_HOURS"), "SESSION_IDLE_HOURS", 24 * 7)?;
        let session_absolute = hours(var("SESSION_MAX_HOURS"), "SESSION_MAX_HOURS", 24 * 30)?;
        if session_absolute < session_idle {
            return Err(ConfigError {
                var: "SESSION_MAX_HOURS",
                value: (session_absolute.as_secs() / 3600).to_string(),
                expected: "a number of hours at least SESSION_IDLE_HOURS",
            });
        }
        if let Some(filter) = var("RUST_LOG") {
            if tracing_subscriber::EnvFilter::try_new(&filter).is_err() {
                return Err(ConfigError {
                    var: "RUST_LOG",
                    value: filter,
                    expected: "a log filter such as info, debug or climbingpill=debug,info",
                });
            }
        }
        let log_format = match var("LOG_FORMAT")
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None | Some("pretty") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some(_) => {
                return Err(ConfigError {
                    var: "LOG_FORMAT",
                    value: var("LOG_FORMAT").unwrap_or_default(),
                    expected: "pretty or json",
                })
            }
        };
        let embeddings = match var("EMBEDDINGS_MODEL") {
            None => None,
            Some(model) => {
                let base_url = base_url_for(var("LLM_BASE_URL"))?;
                Some(EmbeddingsConfig {
                    base_url,
                    api_key: var("LLM_API_KEY"),
                    model: model.trim().to_string(),
                })
            }
        };
        let llm = match var("LLM_MODEL") {
            None => None,
            Some(model) => Some(LlmConfig {
                base_url: base_url_for(var("LLM_BASE_URL"))?,
                api_key: var("LLM_API_KEY"),
                model: model.trim().to_string(),
                timeout: Duration::from_secs(
                    number(var("LLM_TIMEOUT_SECS"), "LLM_TIMEOUT_SECS", 60, 1..=600)?.into(),
                ),
                retries: number(var("LLM_RETRIES"), "LLM_RETRIES", 2, 0..=5)?,
            }),
        };
        let agent_max_steps = number(var("AGENT_MAX_STEPS"), "AGENT_MAX_STEPS", 6, 1..=20)?;
        let agent_token_budget = number(
            var("AGENT_TOKEN_BUDGET"),
            "AGENT_TOKEN_BUDGET",
            4000,
            100..=200_000,
        )?;
        let agent_input_token_budget = number(
            var("AGENT_INPUT_TOKEN_BUDGET"),
            "AGENT_INPUT_TOKEN_BUDGET",
            16_000,
            2_000..=1_000_000,
        )?;
        let postgres = match var("SUPABASE_DB_URL") {
            None => None,
            Some(url) => {
                let url = url.trim().to_string();
                if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
                    return Err(ConfigError {
                        var: "SUPABASE_DB_URL",
                        // The URL may hold a password: never echo it.
                        value: "(hidden)".into(),
                        expected: "a postgres:// or postgresql:// connection string",
                    });
                }
                let mut pg = crate::server::pg::PgSettings::new(url);
                // At least 2: the change feed keeps one connection for LISTEN.
                pg.max_connections = number(var("PG_POOL_MAX"), "PG_POOL_MAX", 10, 2..=200)?;
                pg.acquire_timeout = Duration::from_secs(
                    number(
                        var("PG_CONNECT_TIMEOUT_SECS"),
                        "PG_CONNECT_TIMEOUT_SECS",
                        5,
                        1..=120,
                    )?
                    .into(),
                );
                pg.statement_timeout = Duration::from_millis(
                    number(
                        var("PG_STATEMENT_TIMEOUT_MS"),
                        "PG_STATEMENT_TIMEOUT_MS",
                        10_000,
                        100..=600_000,
                    )?
                    .into(),
                );
                Some(pg)
            }
        };
        let memory_remote = match var("MEMORY_DB_URL") {
            None => None,
            Some(url) => {
                let url = url.trim().to_string();
                let known = ["libsql://", "https://", "http://"];
                if !known.iter().any(|p| url.starts_with(p)) || url.contains(char::is_whitespace) {
                    return Err(ConfigError {
                        var: "MEMORY_DB_URL",
                        value: redact_url(&url),
                        expected: "a libsql://, https:// or http:// URL of a libSQL server or Turso database",
                    });
                }
                Some(RemoteLibsql {
                    url,
                    token: var("MEMORY_DB_AUTH_TOKEN")
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                })
            }
        };
        let password_hash_queue = number(
            var("PASSWORD_HASH_QUEUE"),
            "PASSWORD_HASH_QUEUE",
            crate::server::auth::password::DEFAULT_QUEUE as u32,
            1..=100_000,
        )? as usize;
        let signups_per_hour =
            number(var("SIGNUPS_PER_HOUR"), "SIGNUPS_PER_HOUR", 20, 1..=100_000)?;
        let trusted_proxies = trusted_proxies(var("TRUSTED_PROXIES"))?;
        let climber_limits = ClimberLimits {
            turns_per_minute: number(
                var("CLIMBER_TURNS_PER_MINUTE"),
                "CLIMBER_TURNS_PER_MINUTE",
                20,
                1..=10_000,
            )?,
            turns_per_day: number(
                var("CLIMBER_TURNS_PER_DAY"),
                "CLIMBER_TURNS_PER_DAY",
                500,
                1..=1_000_000,
            )?,
            writes_per_minute: number(
                var("CLIMBER_WRITES_PER_MINUTE"),
                "CLIMBER_WRITES_PER_MINUTE",
                120,
                1..=100_000,
            )?,
        };
        let defaults = QuotaLimits::default();
        let quotas = QuotaLimits {
            threads: number(
                var("CLIMBER_MAX_THREADS"),
                "CLIMBER_MAX_THREADS",
                defaults.threads as u32,
                1..=10_000_000,
            )? as u64,
            messages: number(
                var("CLIMBER_MAX_MESSAGES"),
                "CLIMBER_MAX_MESSAGES",
                defaults.messages as u32,
                1..=100_000_000,
            )? as u64,
            journal_entries: number(
                var("CLIMBER_MAX_JOURNAL_ENTRIES"),
                "CLIMBER_MAX_JOURNAL_ENTRIES",
                defaults.journal_entries as u32,
                1..=10_000_000,
            )? as u64,
            stored_bytes: number(
                var("CLIMBER_MAX_STORED_MB"),
                "CLIMBER_MAX_STORED_MB",
                (defaults.stored_bytes / 1_000_000) as u32,
                1..=1_000_000,
            )? as u64
                * 1_000_000,
        };
        let redis_url = match var("REDIS_URL").map(|u| u.trim().to_string()) {
            None => None,
            Some(u) if u.is_empty() => None,
            Some(u) => {
                let known = ["redis://", "rediss://", "redis+unix://", "unix://"];
                if !known.iter().any(|p| u.starts_with(p)) || url::Url::parse(&u).is_err() {
                    return Err(ConfigError {
                        var: "REDIS_URL",
                        value: redact_url(&u),
                        expected:
                            "a redis:// or rediss:// URL (redis://[:password@]host:port[/db])",
                    });
                }
                Some(RedisUrl(u))
            }
        };
        Ok(Self {
            climber_limits,
            quotas,
            redis_url,
            trusted_proxies,
            password_hash_queue,
            signups_per_hour,
            memory_remote,
            postgres,
            llm,
            agent_max_steps,
            agent_token_budget,
            agent_input_token_budget,
            embeddings,
            data_dir,
            data_dir_explicit,
            cookie_secure,
            compression_dictionary,
            session_idle,
            session_absolute,
            log_format,
        })
    }
}

/// `LLM_BASE_URL`, required (and checked) when a model is configured.
fn base_url_for(raw: Option<String>) -> Result<String, ConfigError> {
    let base_url = raw.ok_or(ConfigError {
        var: "LLM_BASE_URL",
        value: String::new(),
        expected:
            "the base URL of an OpenAI-compatible API when LLM_MODEL or EMBEDDINGS_MODEL is set",
    })?;
    if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
        return Err(ConfigError {
            var: "LLM_BASE_URL",
            value: redact_url(&base_url),
            expected: "an http:// or https:// URL",
        });
    }
    Ok(base_url)
}

/// `TRUSTED_PROXIES`: CIDRs (`10.0.0.0/8`, `fd00::/8`) or single addresses, separated by
/// commas or spaces.
fn trusted_proxies(raw: Option<String>) -> Result<Vec<ipnet::IpNet>, ConfigError> {
    let Some(raw) = raw else {
        return Ok(Vec::new());
    };
    raw.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|item| {
            item.parse::<ipnet::IpNet>()
                .or_else(|_| item.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| ConfigError {
                    var: "TRUSTED_PROXIES",
                    value: item.to_string(),
                    expected: "CIDRs or addresses of your reverse proxies, comma-separated \
                               (e.g. 10.0.0.0/8,127.0.0.1)",
                })
        })
        .collect()
}

fn number(
    raw: Option<String>,
    var: &'static str,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
) -> Result<u32, ConfigError> {
    let Some(raw) = raw else { return Ok(default) };
    match raw.trim().parse::<u32>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(ConfigError {
            var,
            value: raw,
            expected: "a whole number in the documented range (see README)",
        }),
    }
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// A true/false variable (`parse_bool`'s spellings), `default` when unset.
fn flag(raw: Option<String>, var: &'static str, default: bool) -> Result<bool, ConfigError> {
    match raw {
        None => Ok(default),
        Some(v) => parse_bool(&v).ok_or(ConfigError {
            var,
            value: v,
            expected: "true or false",
        }),
    }
}

fn hours(raw: Option<String>, var: &'static str, default: u64) -> Result<Duration, ConfigError> {
    let Some(raw) = raw else {
        return Ok(Duration::from_secs(default * 3600));
    };
    match raw.trim().parse::<u64>() {
        Ok(h) if (1..=24 * 365).contains(&h) => Ok(Duration::from_secs(h * 3600)),
        _ => Err(ConfigError {
            var,
            value: raw,
            expected: "a whole number of hours from 1 to 8760",
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn cfg(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_need_no_environment() {
        let c = cfg(&[]).unwrap();
        assert!(c.compression_dictionary);
        assert_eq!(c.db_path(), PathBuf::from("data/climbingpill.db"));
        assert!(!c.cookie_secure);
        assert_eq!(c.session_idle, Duration::from_secs(7 * 24 * 3600));
        assert_eq!(c.log_format, LogFormat::Pretty);
        assert_eq!(c.signups_per_hour, 20);
    }

    #[test]
    fn the_signup_limit_is_configurable_and_checked() {
        assert_eq!(
            cfg(&[("SIGNUPS_PER_HOUR", "500")])
                .unwrap()
                .signups_per_hour,
            500
        );
        for bad in ["0", "-3", "lots", "100001"] {
            assert_eq!(
                cfg(&[("SIGNUPS_PER_HOUR", bad)]).unwrap_err().var,
                "SIGNUPS_PER_HOUR",
                "{bad}"
            );
        }
    }

    #[test]
    fn invalid_values_name_their_variable() {
        assert_eq!(
            cfg(&[("COOKIE_SECURE", "maybe")]).unwrap_err().var,
            "COOKIE_SECURE"
        );
        assert_eq!(
            cfg(&[("SESSION_IDLE_HOURS", "-1")]).unwrap_err().var,
            "SESSION_IDLE_HOURS"
        );
        assert_eq!(cfg(&[("LOG_FORMAT", "xml")]).unwrap_err().var, "LOG_FORMAT");
        assert_eq!(
            cfg(&[("SESSION_IDLE_HOURS", "48"), ("SESSION_MAX_HOURS", "24")])
                .unwrap_err()
                .var,
            "SESSION_MAX_HOURS"
        );
        let msg = cfg(&[("COOKIE_SECURE", "maybe")]).unwrap_err().to_string();
        assert!(
            msg.contains("COOKIE_SECURE") && msg.contains("true or false"),
            "{msg}"
        );
    }

    #[test]
    fn embeddings_need_a_base_url() {
        assert!(cfg(&[]).unwrap().embeddings.is_none());
        assert_eq!(
            cfg(&[("EMBEDDINGS_MODEL", "nomic-embed-text")])
                .unwrap_err()
                .var,
            "LLM_BASE_URL"
        );
        assert_eq!(
            cfg(&[("EMBEDDINGS_MODEL", "m"), ("LLM_BASE_URL", "ftp://x")])
                .unwrap_err()
                .var,
            "LLM_BASE_URL"
        );
        let c = cfg(&[
            ("EMBEDDINGS_MODEL", "m"),
            ("LLM_BASE_URL", "http://127.0.0.1:11434/v1"),
            ("LLM_API_KEY", "k"),
        ])
        .unwrap()
        .embeddings
        .unwrap();
        assert_eq!(
            (c.base_url.as_str(), c.api_key.as_deref(), c.model.as_str()),
            ("http://127.0.0.1:11434/v1", Some("k"), "m")
        );
    }

    #[test]
    fn the_coach_model_is_optional_and_checked() {
        let c = cfg(&[]).unwrap();
        assert!(c.llm.is_none());
        assert_eq!((c.agent_max_steps, c.agent_token_budget), (6, 4000));
        assert_eq!(
            cfg(&[("LLM_MODEL", "llama3")]).unwrap_err().var,
            "LLM_BASE_URL"
        );
        assert_eq!(
            cfg(&[("AGENT_MAX_STEPS", "0")]).unwrap_err().var,
            "AGENT_MAX_STEPS"
        );
        assert_eq!(
            cfg(&[
                ("LLM_MODEL", "m"),
                ("LLM_BASE_URL", "http://x/v1"),
                ("LLM_RETRIES", "9")
            ])
            .unwrap_err()
            .var,
            "LLM_RETRIES"
        );
        let llm = cfg(&[
            ("LLM_MODEL", " gpt-4o-mini "),
            ("LLM_BASE_URL", "https://api.openai.com/v1"),
            ("LLM_TIMEOUT_SECS", "30"),
        ])
        .unwrap()
        .llm
        .unwrap();
        assert_eq!(llm.model, "gpt-4o-mini");
        assert_eq!((llm.timeout, llm.retries), (Duration::from_secs(30), 2));
    }

    #[test]
    fn remote_memory_takes_a_libsql_url_and_hides_its_token() {
        assert!(cfg(&[]).unwrap().memory_remote.is_none());
        let c = cfg(&[
            ("MEMORY_DB_URL", "libsql://coach-memory.turso.io"),
            ("MEMORY_DB_AUTH_TOKEN", "s3cret"),
        ])
        .unwrap();
        let remote = c.memory_remote.unwrap();
        assert_eq!(remote.url, "libsql://coach-memory.turso.io");
        assert_eq!(remote.token, "s3cret");
        assert!(!format!("{remote:?}").contains("s3cret"));
        let e = cfg(&[("MEMORY_DB_URL", "/var/lib/memory.db")]).unwrap_err();
        assert_eq!(e.var, "MEMORY_DB_URL");
    }

    #[test]
    fn postgres_is_chosen_by_its_url_and_never_echoes_it() {
        assert!(cfg(&[]).unwrap().postgres.is_none());
        let c = cfg(&[
            (
                "SUPABASE_DB_URL",
                "postgres://u:pw@db.example.com:5432/postgres?sslmode=require",
            ),
            ("PG_POOL_MAX", "4"),
            ("PG_STATEMENT_TIMEOUT_MS", "250"),
        ])
        .unwrap();
        assert!(
            !format!("{c:?}").contains("pw@"),
            "the password stays out of Debug"
        );
        let pg = c.postgres.unwrap();
        assert_eq!(pg.max_connections, 4);
        assert_eq!(pg.statement_timeout, Duration::from_millis(250));
        assert_eq!(pg.acquire_timeout, Duration::from_secs(5));
        let e = cfg(&[("SUPABASE_DB_URL", "mysql://u:secret@h/db")]).unwrap_err();
        assert_eq!(e.var, "SUPABASE_DB_URL");
        assert!(!e.to_string().contains("secret"), "{e}");
        let e = cfg(&[("SUPABASE_DB_URL", "postgres://h/db"), ("PG_POOL_MAX", "0")]).unwrap_err();
        assert_eq!(e.var, "PG_POOL_MAX");
    }

    #[test]
    fn secrets_never_reach_debug_or_errors() {
        let c = cfg(&[
            (
                "LLM_BASE_URL",
                "https://user:pw-in-url@llm.example/v1?key=q-secret",
            ),
            ("LLM_API_KEY", "sk-very-secret"),
            ("LLM_MODEL", "m"),
            ("EMBEDDINGS_MODEL", "e"),
            (
                "MEMORY_DB_URL",
                "libsql://me:db-pass@mem.example?authToken=t-secret",
            ),
            ("MEMORY_DB_AUTH_TOKEN", "tok-secret"),
            (
                "SUPABASE_DB_URL",
                "postgres://u:pg-pass@db.example/postgres",
            ),
        ])
        .unwrap();
        let shown = format!("{c:?} {c:#?}");
        for secret in [
            "pw-in-url",
            "q-secret",
            "sk-very-secret",
            "db-pass",
            "t-secret",
            "tok-secret",
            "pg-pass",
        ] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(shown.contains("llm.example/v1"), "{shown}");
        assert!(shown.contains("api_key: Some(\"(hidden)\")"), "{shown}");
        assert_eq!(
            redact_url("libsql://me:db-pass@mem.example:8080/x?authToken=t"),
            "libsql://(hidden)@mem.example:8080/x?(hidden)"
        );
        assert_eq!(
            redact_url("http://127.0.0.1:11434/v1"),
            "http://127.0.0.1:11434/v1"
        );
        assert_eq!(redact_url("not a url with a s3cret"), "(hidden)");
        let e = cfg(&[("MEMORY_DB_URL", "ftp://u:ftp-pass@h/db")]).unwrap_err();
        assert!(!e.to_string().contains("ftp-pass"), "{e}");
        let e = cfg(&[("LLM_BASE_URL", "ws://u:ws-pass@h/v1"), ("LLM_MODEL", "m")]).unwrap_err();
        assert!(!e.to_string().contains("ws-pass"), "{e}");
    }

    #[test]
    fn trusted_proxies_are_cidrs_or_addresses() {
        assert!(cfg(&[]).unwrap().trusted_proxies.is_empty());
        let c = cfg(&[("TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1 fd00::/8")]).unwrap();
        let shown: Vec<String> = c.trusted_proxies.iter().map(|n| n.to_string()).collect();
        assert_eq!(shown, ["10.0.0.0/8", "127.0.0.1/32", "fd00::/8"]);
        let e = cfg(&[("TRUSTED_PROXIES", "10.0.0.0/8,proxy.local")]).unwrap_err();
        assert_eq!(
            (e.var, e.value.as_str()),
            ("TRUSTED_PROXIES", "proxy.local")
        );
    }

    #[test]
    fn values_are_read() {
        let c = cfg(&[
            ("COOKIE_SECURE", "TRUE"),
            ("CLIMBINGPILL_DATA_DIR", "/srv/cp"),
            ("LOG_FORMAT", "json"),
            ("COMPRESSION_DICTIONARY", "off"),
        ])
        .unwrap();
        assert!(c.cookie_secure);
        assert!(!c.compression_dictionary);
        let e = cfg(&[("COMPRESSION_DICTIONARY", "maybe")]).unwrap_err();
        assert_eq!(e.var, "COMPRESSION_DICTIONARY");
        assert_eq!(c.db_path(), PathBuf::from("/srv/cp/climbingpill.db"));
        assert_eq!(c.log_format, LogFormat::Json);
    }

    #[test]
    fn an_invalid_log_filter_names_rust_log() {
        let e = cfg(&[("RUST_LOG", "climbingpill=loud")]).unwrap_err();
        assert_eq!(e.var, "RUST_LOG");
        assert!(cfg(&[("RUST_LOG", "climbingpill=debug,info")]).is_ok());
    }
}
