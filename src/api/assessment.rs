//! The assessment: the draft (resume where you stopped), saving each step, and the report.
use crate::api::codec::Compact;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::ApiError;
use crate::domain::assessment::report::AssessmentReport;
use crate::domain::assessment::AssessmentDraft;

/// What the climber typed so far; else a new assessment filled in from what they told the app
/// already (their last assessment, or onboarding, and their profile).
#[server(endpoint = "assessment/draft", input = Json, output = Compact)]
pub async fn get_draft() -> Result<AssessmentDraft, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .assessments
        .draft(&user.user_id)
        .await
        .map_err(map_assessment)
}

/// Step 1: saves the draft and checks the background. The draft is kept even when a field
/// is wrong, so nothing typed is lost.
#[server(endpoint = "assessment/background", input = Json, output = Compact)]
pub async fn save_background(draft: AssessmentDraft) -> Result<(), ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .assessments
        .save_background(&user.user_id, &draft)
        .await
        .map_err(map_assessment)
}

/// Step 2: validates everything and saves the assessment. Returns its id.
#[server(endpoint = "assessment/finish", input = Json, output = Compact)]
pub async fn finish_assessment(draft: AssessmentDraft) -> Result<String, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .assessments
        .finish(&user.user_id, &draft)
        .await
        .map(|a| a.id)
        .map_err(map_assessment)
}

#[server(endpoint = "assessment/report", input = Json, output = Compact)]
pub async fn get_report() -> Result<AssessmentReport, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .assessments
        .report(&user.user_id)
        .await
        .map_err(map_assessment)
}

#[cfg(feature = "ssr")]
pub(crate) fn map_assessment(e: crate::server::services::assessment::AssessmentError) -> ApiError {
    use super::context::fail;
    use crate::server::services::assessment::AssessmentError as A;
    match e {
        A::Invalid(f) => fail(ApiError::invalid(f.field, f.message)),
        A::NoAssessment => fail(ApiError::Conflict(
            "Take the assessment first: your program is built from it.".into(),
        )),
        A::Store(s) => super::context::store_failed("assessment store failed", s),
        A::Profile(p) => super::context::service_failed("profile read failed", p),
    }
}
