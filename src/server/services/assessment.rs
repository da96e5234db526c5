//! The assessment: drafts (so a climber can stop and resume), validation of each step, and
//! the scored report, scoped to the signed-in climber.
use std::sync::Arc;

use crate::domain::assessment::report::{build_report, AssessmentReport};
use crate::domain::assessment::start::{starting_draft, Known};
use crate::domain::assessment::validate::{check_draft_size, validate_background, validate_tests};
use crate::domain::assessment::{Assessment, AssessmentDraft};
use crate::domain::profile::FieldError;
use crate::domain::when::Date;
use crate::server::clock::Clock;
use crate::server::services::profile::{ProfileError, ProfileService};
use crate::server::stores::{AssessmentStore, OnboardingStore, StoreError};

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
    /// Read only: a climber's onboarding answers start their first assessment.
    onboarding: Arc<dyn OnboardingStore>,
    clock: Arc<dyn Clock>,
}

impl AssessmentService {
    pub fn new(
        store: Arc<dyn AssessmentStore>,
        profiles: Arc<ProfileService>,
        onboarding: Arc<dyn OnboardingStore>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            store,
            profiles,
            onboarding,
            clock,
        }
    }

    pub fn today(&self) -> Date {
        self.clock.today()
    }

    /// The climber's draft in progress; else a new one filled with what they have told the
    /// app already: their last assessment, or their onboarding answers, and their profile
    /// ([`starting_draft`]). Nothing is saved until they submit a step.
    pub async fn draft(&self, user_id: &str) -> Result<AssessmentDraft, AssessmentError> {
        if let Some(d) = self.store.draft(user_id).await? {
            return Ok(d);
        }
        let last = self.store.list(user_id, 1).await?.into_iter().next();
        let onboarding = match last {
            Some(_) => None,
            None => self.onboarding.get(user_id).await?.map(|r| r.answers),
        };
        let profile = self.profiles.get(user_id).await?;
        Ok(starting_draft(
            Known {
                last: last.as_ref(),
                onboarding: onboarding.as_ref(),
                profile: Some(&profile),
            },
            self.today(),
        ))
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

    /// Keeps the draft as it is (a test result told in the chat), checked only for size: the
    /// climber finishes the assessment on its page.
    pub async fn save_draft(
        &self,
        user_id: &str,
        draft: &AssessmentDraft,
    ) -> Result<(), AssessmentError> {
        check_draft_size(draft)?;
        self.store
            .save_draft(user_id, draft, self.clock.now_ms())
            .await?;
        Ok(())
    }

    /// Validates both steps and saves the assessment (removing the draft); the bodyweight
    /// given becomes the profile's (the latest one the climber told). On a bad field the draft
    /// keeps what was typed and nothing else changes.
    pub async fn finish(
        &self,
        user_id: &str,
        draft: &AssessmentDraft,
    ) -> Result<Assessment, AssessmentError> {
        let assessment = self.finish_without_profile(user_id, draft).await?;
        if let Some(kg) = assessment.tests.bodyweight_kg {
            self.remember_bodyweight(user_id, kg).await;
        }
        Ok(assessment)
    }

    /// The profile keeps the bodyweight the climber told last. A failure here is logged, not
    /// returned: the assessment itself is saved.
    async fn remember_bodyweight(&self, user_id: &str, kg: f64) {
        let kg = (kg * 10.0).round() / 10.0;
        let result = match self.profiles.get(user_id).await {
            Ok(p) if p.bodyweight_kg == Some(kg) => Ok(()),
            Ok(mut p) => {
                p.bodyweight_kg = Some(kg);
                self.profiles.put(user_id, &p).await.map(|_| ())
            }
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            tracing::warn!(error = %e, "assessment bodyweight not copied to the profile");
        }
    }

    /// [`Self::finish`] leaving the profile alone: onboarding writes the profile when its
    /// check step is answered, so an answer given then never overwrites a bodyweight saved on
    /// the profile page since.
    pub async fn finish_without_profile(
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
