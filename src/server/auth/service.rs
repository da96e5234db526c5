//! Sign-up, login, logout and session resolution, over the account and session stores.
use std::sync::Arc;

use super::cookie;
use super::password::{PasswordError, PasswordHasher};
use super::rate_limit::{Limit, RateLimiter};
use crate::domain::account::{
    normalize_email, validate_new_password, CredentialError, PASSWORD_MAX_CHARS,
};
use crate::server::clock::Clock;
use crate::server::config::Config;
use crate::server::stores::{AccountRecord, AccountStore, SessionStore, StoreError};

/// The signed-in climber of a request, put in the request extensions by the session loader.
/// The only source of a user id anywhere in the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentUser {
    pub user_id: String,
    pub email: String,
    /// Hash of the session token (the session's primary key).
    pub session_id: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error(transparent)]
    Invalid(#[from] CredentialError),
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error("wrong email or password")]
    BadCredentials,
    #[error("too many attempts; retry in {minutes} min")]
    RateLimited { minutes: i64 },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Password(#[from] PasswordError),
}

/// Attempt limits. Per IP counts every attempt (credential stuffing from one host); per
/// account counts failures only (guessing one climber's password from many hosts).
#[derive(Clone, Copy, Debug)]
pub struct AuthLimits {
    pub login_per_ip: Limit,
    pub login_failures_per_account: Limit,
    pub signup_per_ip: Limit,
}

impl Default for AuthLimits {
    fn default() -> Self {
        Self {
            login_per_ip: Limit {
                max: 30,
                window_secs: 15 * 60,
            },
            login_failures_per_account: Limit {
                max: 10,
                window_secs: 15 * 60,
            },
            signup_per_ip: Limit {
                max: 20,
                window_secs: 60 * 60,
            },
        }
    }
}

pub struct AuthService {
    accounts: Arc<dyn AccountStore>,
    sessions: Arc<dyn SessionStore>,
    hasher: PasswordHasher,
    clock: Arc<dyn Clock>,
    idle_secs: i64,
    absolute_secs: i64,
    login_ip: RateLimiter,
    login_account: RateLimiter,
    signup_ip: RateLimiter,
    /// Verified against when the email is unknown, so both failures take the same time.
    dummy_hash: String,
}

/// A fresh session: the token goes into the cookie, never into the database.
pub struct NewSession {
    pub token: String,
    pub user: CurrentUser,
}

/// Only refresh `last_seen_at` once a minute: a write per request would be waste.
const TOUCH_EVERY_SECS: i64 = 60;

impl AuthService {
    pub async fn new(
        accounts: Arc<dyn AccountStore>,
        sessions: Arc<dyn SessionStore>,
        clock: Arc<dyn Clock>,
        config: &Config,
        limits: AuthLimits,
    ) -> Result<Self, AuthError> {
        let hasher = PasswordHasher::new(config.password_hash_queue);
        let dummy_hash = hasher.hash(&cookie::new_token()).await?;
        Ok(Self {
            accounts,
            sessions,
            hasher,
            clock,
            idle_secs: config.session_idle.as_secs() as i64,
            absolute_secs: config.session_absolute.as_secs() as i64,
            login_ip: RateLimiter::new(limits.login_per_ip),
            login_account: RateLimiter::new(limits.login_failures_per_account),
            signup_ip: RateLimiter::new(limits.signup_per_ip),
            dummy_hash,
        })
    }

    /// How many accounts the failed-login counter tracks now (bounded; see `login`).
    pub fn tracked_login_accounts(&self) -> usize {
        self.login_account.tracked()
    }

    pub fn session_max_age_secs(&self) -> u64 {
        self.absolute_secs as u64
    }

    pub async fn signup(
        &self,
        email: &str,
        password: &str,
        ip: &str,
        previous: Option<&str>,
    ) -> Result<NewSession, AuthError> {
        let now = self.clock.now();
        if self.signup_ip.is_blocked(ip, now) {
            return Err(AuthError::RateLimited {
                minutes: self.signup_ip.window_minutes(),
            });
        }
        let email = normalize_email(email)?;
        validate_new_password(password, &email)?;
        self.signup_ip.record(ip, now);
        let account = AccountRecord {
            id: uuid::Uuid::new_v4().to_string(),
            email,
            password_hash: self.hasher.hash(password).await?,
            created_at: now,
        };
        match self.accounts.create(&account).await {
            Err(StoreError::Duplicate) => return Err(AuthError::EmailTaken),
            other => other?,
        }
        tracing::info!(user_id = %account.id, "account created");
        self.start_session(account.id, account.email, previous)
            .await
    }

    /// Checks the credentials and starts a new session, ending `previous` (the session id
    /// of the cookie the browser sent, if any) so a session id never survives a login.
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        ip: &str,
        previous: Option<&str>,
    ) -> Result<NewSession, AuthError> {
        let now = self.clock.now();
        // The per-account counter is keyed on the normalised email, so its keys are bounded
        // (at most EMAIL_MAX_CHARS); something that isn't an email can't be an account and
        // gets no counter of its own (the per-address limit still counts it).
        let account_key = normalize_email(email).ok();
        if self.login_ip.is_blocked(ip, now) {
            return Err(AuthError::RateLimited {
                minutes: self.login_ip.window_minutes(),
            });
        }
        if let Some(key) = &account_key {
            if self.login_account.is_blocked(key, now) {
                return Err(AuthError::RateLimited {
                    minutes: self.login_account.window_minutes(),
                });
            }
        }
        self.login_ip.record(ip, now);
        // Over-long input is a wrong password: never hash megabytes.
        let plausible = password.chars().count() <= PASSWORD_MAX_CHARS;
        let account = match &account_key {
            Some(e) if plausible => self.accounts.find_by_email(e).await?,
            _ => None,
        };
        let hash = account
            .as_ref()
            .map_or(self.dummy_hash.as_str(), |a| a.password_hash.as_str());
        let ok = self
            .hasher
            .verify(if plausible { password } else { "" }, hash)
            .await?
            && account.is_some();
        let Some(account) = account.filter(|_| ok) else {
            if let Some(key) = &account_key {
                self.login_account.record(key, now);
            }
            return Err(AuthError::BadCredentials);
        };
        if let Some(key) = &account_key {
            self.login_account.clear(key);
        }
        self.start_session(account.id, account.email, previous)
            .await
    }

    async fn start_session(
        &self,
        user_id: String,
        email: String,
        previous: Option<&str>,
    ) -> Result<NewSession, AuthError> {
        if let Some(prev) = previous {
            self.sessions.delete(prev).await?;
        }
        let token = cookie::new_token();
        let session_id = cookie::token_hash(&token);
        self.sessions
            .insert(&session_id, &user_id, self.clock.now())
            .await?;
        Ok(NewSession {
            token,
            user: CurrentUser {
                user_id,
                email,
                session_id,
            },
        })
    }

    pub async fn logout(&self, session_id: &str) -> Result<(), AuthError> {
        self.sessions.delete(session_id).await?;
        Ok(())
    }

    /// The climber a cookie token belongs to, if the session exists and has not expired.
    /// An expired session is deleted on sight.
    pub async fn resolve(&self, token: &str) -> Result<Option<CurrentUser>, AuthError> {
        let id = cookie::token_hash(token);
        let Some(s) = self.sessions.get(&id).await? else {
            return Ok(None);
        };
        let now = self.clock.now();
        if now - s.last_seen_at >= self.idle_secs || now - s.created_at >= self.absolute_secs {
            self.sessions.delete(&id).await?;
            return Ok(None);
        }
        if now - s.last_seen_at >= TOUCH_EVERY_SECS {
            self.sessions.touch(&id, now).await?;
        }
        Ok(Some(CurrentUser {
            user_id: s.user_id,
            email: s.email,
            session_id: s.id,
        }))
    }

    /// Deletes expired sessions; run periodically so abandoned ones do not pile up.
    pub async fn purge_expired(&self) -> Result<u64, AuthError> {
        let now = self.clock.now();
        Ok(self
            .sessions
            .delete_expired(now - self.idle_secs, now - self.absolute_secs)
            .await?)
    }
}
