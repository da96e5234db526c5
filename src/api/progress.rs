//! The Progress page's charts.
use crate::api::codec::{Compact, JsonOrForm};
use leptos::prelude::*;

use super::ApiError;
use crate::domain::progress::Progress;

/// The server-sent events telling an open progress page that the journal changed
/// (`server::http::events`), and the event's name.
pub const EVENTS_PATH: &str = "/api/progress/events";
pub const JOURNAL_CHANGED: &str = "journal-changed";

#[server(endpoint = "progress/get", input = JsonOrForm, output = Compact)]
pub async fn get_progress() -> Result<Progress, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .progress
        .get(&user.user_id)
        .await
        .map_err(|e| service_failed("progress failed", e))
}
