//! The Progress page's charts.
use leptos::prelude::*;

use super::ApiError;
use crate::domain::progress::Progress;

#[server(endpoint = "progress/get")]
pub async fn get_progress() -> Result<Progress, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .progress
        .get(&user.user_id)
        .await
        .map_err(|e| internal("progress failed", e))
}
