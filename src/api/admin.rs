//! The operators' dashboard (`/admin`). For admins only: to anyone else, signed in or not,
//! it answers 404 like a page that doesn't exist.
use crate::api::codec::{Compact, JsonOrForm};
use leptos::prelude::*;

use super::ApiError;
use crate::domain::admin::Dashboard;

#[server(endpoint = "admin/dashboard", input = JsonOrForm, output = Compact)]
pub async fn admin_dashboard() -> Result<Dashboard, ApiError> {
    use super::context::*;
    use crate::server::services::admin::AdminError;
    let user = require_user().map_err(|e| match e {
        ApiError::Unauthorized => fail(ApiError::NotFound),
        other => other,
    })?;
    state()
        .admin
        .dashboard(&user.user_id)
        .await
        .map_err(|e| match e {
            AdminError::NotAdmin => fail(ApiError::NotFound),
            other => service_failed("admin dashboard failed", other),
        })
}

/// The dashboard drawn as HTML (its sections, tiles, tables and SVG bars), for the `/admin`
/// page. It is all read-only, so the server draws it and the browser shows the markup: the
/// operators' page costs the team pages' WASM group nothing (issue 16). The HTML comes from
/// Leptos' renderer, which escapes every text and attribute (slow queries' SQL, emails).
#[server(endpoint = "admin/board", input = JsonOrForm, output = Compact)]
pub async fn admin_board() -> Result<String, ApiError> {
    let dashboard = admin_dashboard().await?;
    Ok(crate::ui::components::admin::board_html(dashboard))
}
