use std::sync::Arc;

use crate::domain::profile::{validate_profile, FieldError, Profile, ProfileInput};
use crate::server::clock::Clock;
use crate::server::stores::{ProfileStore, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error(transparent)]
    Invalid(#[from] FieldError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub struct ProfileService {
    store: Arc<dyn ProfileStore>,
    clock: Arc<dyn Clock>,
}

impl ProfileService {
    pub fn new(store: Arc<dyn ProfileStore>, clock: Arc<dyn Clock>) -> Self {
        Self { store, clock }
    }

    /// The climber's profile; defaults until they save one.
    pub async fn get(&self, user_id: &str) -> Result<Profile, ProfileError> {
        Ok(self.store.get(user_id).await?.unwrap_or_default())
    }

    /// Validates the form and saves it whole; nothing is written when a field is invalid.
    pub async fn save(&self, user_id: &str, input: &ProfileInput) -> Result<Profile, ProfileError> {
        let profile = validate_profile(input)?;
        self.store
            .upsert(user_id, &profile, self.clock.now())
            .await?;
        Ok(profile)
    }

    /// Saves a profile built from what the climber told elsewhere (onboarding, an assessment),
    /// checked by the same rules as the form.
    pub async fn put(&self, user_id: &str, profile: &Profile) -> Result<Profile, ProfileError> {
        self.save(user_id, &profile.to_input()).await
    }
}
