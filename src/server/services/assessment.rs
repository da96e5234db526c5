//! The assessment: drafts (so a climber can stop and resume), validation of each step, and
//! the scored report, scoped to the signed-in climber.
use std::sync::Arc;

use crate::domain::assessment::report::{build_report, AssessmentReport};
use crate::domain::assessment::validate::{check_draft_size, validate_background, validate_tests};
use crate::domain::assessment::{Assessment, AssessmentDraft};
use crate::domain::profile::FieldError;
use crate::domain::when::Date;
use crate::server::clock::Clock;
use crate::server::services::profile::{ProfileError, ProfileService};
use crate::server::stores::{AssessmentStore, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum AssessmentError {
    #[error(transparent)]
    Invalid(#[from] FieldError),
    #[error("no assessment yet")]
    NoAssessment,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Profile(#[from] ProfileError),
}

/// How many past assessments the report scores and lists.
pub const HISTORY_MAX: u32 = 20;

pub struct AssessmentService {
    store: Arc<dyn AssessmentStore>,
    profiles: Arc<ProfileService>,
    clock: Arc<dyn Clock>,
}

impl AssessmentService {
    pub fn new(
        store: Arc<dyn AssessmentStore>,
        profiles: Arc<ProfileService>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            store,
            profiles,
            clock,
        }
    }

    pub fn today(&self) -> Date {
        self.clock.today()
    }

    /// The climber's draft, or a fresh one with their profile's bodyweight filled in.
    pub async fn draft(&self, user_id: &str) -> Result<AssessmentDraft, AssessmentError> {
        if let Some(d) = self.store.draft(user_id).await? {
            return Ok(d);
        }
        let mut draft = AssessmentDraft::default();
        if let Some(kg) = self.profiles.get(user_id).await?.bodyweight_kg {
            draft.tests.bodyweight_kg = format!("{kg}");
        }
        Ok(draft)
    }

    /// Saves the background step as typed, after checking it: the climber moves on to the
    /// tests only with a valid background, and nothing they typed is lost either way.
    pub async fn save_background(
        &self,
        user_id: &str,
        draft: &AssessmentDraft,
    ) -> Result<(), AssessmentError> {
        check_draft_size(draft)?;
        self.store
            .save_draft(user_id, draft, self.clock.now_ms())
            .await?;
        validate_background(&draft.background, self.today())?;
        Ok(())
    }

    /// Validates both steps and saves the assessment (removing the draft). On a bad field the
    /// draft keeps what was typed and nothing else changes.
    pub async fn finish(
        &self,
        user_id: &str,
        draft: &AssessmentDraft,
    ) -> Result<Assessment, AssessmentError> {
        let today = self.today();
        check_draft_size(draft)?;
        self.store
            .save_draft(user_id, draft, self.clock.now_ms())
            .await?;
        let background = validate_background(&draft.background, today)?;
        let tests = validate_tests(&draft.tests, today)?;
        let assessment = Assessment {
            id: uuid::Uuid::new_v4().to_string(),
            taken_on: today,
            background,
            tests,
            created_at: self.clock.now_ms(),
        };
        self.store.finish(user_id, &assessment).await?;
        Ok(assessment)
    }

    pub async fn latest(&self, user_id: &str) -> Result<Assessment, AssessmentError> {
        self.store
            .list(user_id, 1)
            .await?
            .into_iter()
            .next()
            .ok_or(AssessmentError::NoAssessment)
    }

    pub async fn report(&self, user_id: &str) -> Result<AssessmentReport, AssessmentError> {
        let all = self.store.list(user_id, HISTORY_MAX).await?;
        Ok(build_report(&all, self.today()))
    }
}
