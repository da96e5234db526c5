//! Argon2id password hashing with OWASP's recommended parameters (m = 19 MiB, t = 2, p = 1,
//! OWASP Password Storage Cheat Sheet). Hashing takes tens of milliseconds of CPU, so it runs
//! on the blocking pool, and a semaphore caps how many run at once so a burst of logins
//! cannot starve everything else. The queue in front of it is bounded too: past it, a login
//! or sign-up is refused at once (`Busy`: 503 with `Retry-After`) instead of waiting behind
//! thousands of others while holding memory.
use std::sync::Arc;

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("password hashing task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    #[error("too many password checks waiting")]
    Busy,
}

/// Password checks that may wait for a free core by default (`PASSWORD_HASH_QUEUE`).
pub const DEFAULT_QUEUE: usize = 64;

#[derive(Clone)]
pub struct PasswordHasher {
    /// One per core: how many hashes run at once.
    permits: Arc<Semaphore>,
    /// Running plus waiting: a check that finds none free is refused.
    admitted: Arc<Semaphore>,
}

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid OWASP argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

impl Default for PasswordHasher {
    fn default() -> Self {
        Self::new(DEFAULT_QUEUE)
    }
}

impl PasswordHasher {
    /// Runs one hash per core at once, with at most `queue` more waiting.
    pub fn new(queue: usize) -> Self {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        Self {
            permits: Arc::new(Semaphore::new(cores)),
            admitted: Arc::new(Semaphore::new(cores + queue)),
        }
    }

    /// Runs `work` on the blocking pool once a core is free, or fails with `Busy` at once
    /// when the queue is full.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, PasswordError> {
        let _admitted = self
            .admitted
            .try_acquire()
            .map_err(|_| PasswordError::Busy)?;
        let _permit = self
            .permits
            .acquire()
            .await
            .expect("semaphore never closed");
        Ok(tokio::task::spawn_blocking(work).await?)
    }

    pub async fn hash(&self, password: &str) -> Result<String, PasswordError> {
        let password = password.to_owned();
        self.run(move || {
            let salt = SaltString::generate(&mut rand::rngs::OsRng);
            argon2()
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| PasswordError::Hash(e.to_string()))
        })
        .await?
    }

    /// False for a wrong password and for a hash that cannot be parsed.
    pub async fn verify(&self, password: &str, hash: &str) -> Result<bool, PasswordError> {
        let password = password.to_owned();
        let hash = hash.to_owned();
        self.run(move || {
            PasswordHash::new(&hash).is_ok_and(|parsed| {
                argon2()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_only_the_right_password() {
        let h = PasswordHasher::default();
        let hash = h.hash("crimps and slopers").await.unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(h.verify("crimps and slopers", &hash).await.unwrap());
        assert!(!h.verify("crimps and slopers!", &hash).await.unwrap());
        assert!(!h.verify("anything", "not a hash").await.unwrap());
        assert_ne!(hash, h.hash("crimps and slopers").await.unwrap(), "salted");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn past_the_queue_checks_are_refused_at_once() {
        let h = PasswordHasher::new(1);
        let hash = h.hash("crimps and slopers").await.unwrap();
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let checks = (0..cores + 8).map(|_| h.verify("crimps and slopers", &hash));
        let results = futures::future::join_all(checks).await;
        let busy = results
            .iter()
            .filter(|r| matches!(r, Err(PasswordError::Busy)))
            .count();
        assert!(busy >= 7, "{busy} of {} refused", results.len());
        assert!(results
            .iter()
            .all(|r| matches!(r, Ok(true) | Err(PasswordError::Busy))));
        // Once the queue drains, checks run again.
        assert!(h.verify("crimps and slopers", &hash).await.unwrap());
    }
}
