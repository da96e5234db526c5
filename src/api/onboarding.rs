//! Guided onboarding: where the climber is, and saving a step.
use crate::api::codec::Compact;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::ApiError;
pub use crate::domain::onboarding::result::OnboardingView;
use crate::domain::onboarding::{Go, OnboardingAnswers, Step};

#[server(endpoint = "onboarding/get", input = Json, output = Compact)]
pub async fn get_onboarding() -> Result<OnboardingView, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .onboarding
        .view(&user.user_id)
        .await
        .map_err(map_onboarding)
}

/// Saves the step's answers as typed (always), then moves on (after checking them) or back.
#[server(endpoint = "onboarding/save", input = Json, output = Compact)]
pub async fn save_onboarding(
    step: Step,
    answers: OnboardingAnswers,
    direction: Go,
) -> Result<OnboardingView, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .onboarding
        .submit(&user.user_id, step, answers, direction)
        .await
        .map_err(map_onboarding)
}

#[cfg(feature = "ssr")]
fn map_onboarding(e: crate::server::services::onboarding::OnboardingError) -> ApiError {
    use super::context::fail;
    use crate::server::services::onboarding::OnboardingError as O;
    match e {
        O::Invalid { error, .. } => fail(ApiError::invalid(error.field, error.message)),
        O::AlreadyFinished => fail(ApiError::Conflict(
            "You've finished the first steps already: your program is on the Programs page.".into(),
        )),
        O::Store(s) => super::context::store_failed("onboarding store failed", s),
        O::Assessment(a) => super::context::service_failed("onboarding assessment failed", a),
        O::Program(p) => super::context::service_failed("onboarding program failed", p),
    }
}
