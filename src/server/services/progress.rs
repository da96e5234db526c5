//! The Progress page's data: the climber's last year of journal, with grades in their
//! preferred systems.
use std::sync::Arc;

use crate::domain::journal::JournalFilter;
use crate::domain::progress::{build, Progress};
use crate::server::services::journal::{JournalError, JournalService};
use crate::server::services::profile::{ProfileError, ProfileService};

/// How far back the page looks: 12 months of hardest sends and pyramids, and the 12 weeks of
/// load with the 4 weeks before them that their ACWR needs.
pub const LOOKBACK_DAYS: i64 = 366;

#[derive(Debug, thiserror::Error)]
pub enum ProgressError {
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error(transparent)]
    Profile(#[from] ProfileError),
}

pub struct ProgressService {
    journal: Arc<JournalService>,
    profiles: Arc<ProfileService>,
}

impl ProgressService {
    pub fn new(journal: Arc<JournalService>, profiles: Arc<ProfileService>) -> Self {
        Self { journal, profiles }
    }

    pub async fn get(&self, user_id: &str) -> Result<Progress, ProgressError> {
        let today = self.journal.today();
        let filter = JournalFilter {
            from: Some(today.add_days(-LOOKBACK_DAYS)),
            to: Some(today),
            ..JournalFilter::default()
        };
        let entries: Vec<_> = self
            .journal
            .all_matching(user_id, &filter)
            .await?
            .into_iter()
            .map(|e| e.data)
            .collect();
        let profile = self.profiles.get(user_id).await?;
        Ok(build(
            &entries,
            today,
            profile.boulder_grades.into(),
            profile.route_grades.into(),
        ))
    }
}
