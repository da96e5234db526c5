//! The climber's own profile.
use crate::api::codec::{Compact, JsonOrForm};
use leptos::prelude::*;

use super::ApiError;
use crate::domain::profile::Profile;

#[server(endpoint = "profile/get", input = JsonOrForm, output = Compact)]
pub async fn get_profile() -> Result<Profile, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .profiles
        .get(&user.user_id)
        .await
        .map_err(map_profile)
}

/// Saves the whole profile form. Fields are strings so that typos come back as messages
/// next to their field rather than as an unreadable request.
#[server(endpoint = "profile/save", input = JsonOrForm, output = Compact)]
pub async fn save_profile(
    display_name: String,
    bodyweight_kg: String,
    boulder_grades: String,
    route_grades: String,
    goals: String,
    // Older forms (and a page not yet hydrated) may leave these out; an unanswered radio
    // group sends nothing.
    #[server(default)] age: String,
    #[server(default)] hangboard_history: String,
) -> Result<Profile, ApiError> {
    use super::context::*;
    let user = require_user()?;
    let input = crate::domain::profile::ProfileInput {
        display_name,
        bodyweight_kg,
        boulder_grades,
        route_grades,
        goals,
        age,
        hangboard_history,
    };
    state()
        .profiles
        .save(&user.user_id, &input)
        .await
        .map_err(map_profile)
}

#[cfg(feature = "ssr")]
fn map_profile(e: crate::server::services::profile::ProfileError) -> ApiError {
    use crate::server::services::profile::ProfileError as P;
    match e {
        P::Invalid(field) => super::context::fail(field.into()),
        P::Store(e) => super::context::store_failed("profile store failed", e),
    }
}
