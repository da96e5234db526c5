//! Guided onboarding: where the climber is, and saving a step.
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use super::ApiError;
use crate::domain::onboarding::result::FirstResult;
use crate::domain::onboarding::{OnboardingAnswers, Step};

/// Which way the climber moves from a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Next,
    Back,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OnboardingView {
    /// The step to show.
    pub step: Step,
    pub finished: bool,
    pub answers: OnboardingAnswers,
    /// Once finished: the first result and program in a few lines.
    pub result: Option<FirstResult>,
}

#[server(endpoint = "onboarding/get", input = Json)]
pub async fn get_onboarding() -> Result<OnboardingView, ApiError> {
    use super::context::*;
    let user = require_user()?;
    let record = state()
        .onboarding
        .record(&user.user_id)
        .await
        .map_err(map_onboarding)?;
    view_of(&user.user_id, record).await
}

/// Saves the step's answers as typed (always), then moves on (after checking them) or back.
#[server(endpoint = "onboarding/save", input = Json)]
pub async fn save_onboarding(
    step: Step,
    answers: OnboardingAnswers,
    direction: Direction,
) -> Result<OnboardingView, ApiError> {
    use super::context::*;
    use crate::server::services::onboarding::Go;
    let user = require_user()?;
    let go = match direction {
        Direction::Next => Go::Next,
        Direction::Back => Go::Back,
    };
    let record = state()
        .onboarding
        .save(&user.user_id, step, answers, go)
        .await
        .map_err(map_onboarding)?;
    view_of(&user.user_id, record).await
}

#[cfg(feature = "ssr")]
async fn view_of(
    user_id: &str,
    record: crate::server::stores::OnboardingRecord,
) -> Result<OnboardingView, ApiError> {
    use super::context::*;
    use crate::server::services::onboarding::FINISHED;
    let finished = record.step >= FINISHED;
    let result = if finished {
        state()
            .onboarding
            .first_result(user_id)
            .await
            .map_err(map_onboarding)?
    } else {
        None
    };
    Ok(OnboardingView {
        step: Step::from_number(record.step).unwrap_or(Step::Result),
        finished,
        answers: record.answers,
        result,
    })
}

#[cfg(feature = "ssr")]
fn map_onboarding(e: crate::server::services::onboarding::OnboardingError) -> ApiError {
    use super::context::{fail, internal};
    use crate::server::services::onboarding::OnboardingError as O;
    match e {
        O::Invalid { error, .. } => fail(ApiError::invalid(error.field, error.message)),
        O::AlreadyFinished => fail(ApiError::Conflict(
            "You've finished the first steps already: your program is on the Programs page.".into(),
        )),
        O::Store(s) => internal("onboarding store failed", s),
        O::Assessment(a) => internal("onboarding assessment failed", a),
        O::Program(p) => internal("onboarding program failed", p),
    }
}
