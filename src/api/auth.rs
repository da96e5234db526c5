//! Sign-up, login, logout and "who am I".
use crate::api::codec::{Compact, JsonOrForm};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::ApiError;

/// What the browser may know about the signed-in climber.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub email: String,
    /// May open the operators' dashboard (`/admin`): the header shows its link.
    #[serde(default)]
    pub admin: bool,
    /// Coaches a team or is on one: the header shows the Team link.
    #[serde(default)]
    pub team: bool,
    /// Coach comments on the climber's rows not read yet (counted up to 100).
    #[serde(default)]
    pub unread_comments: u32,
}

#[server(endpoint = "signup", input = JsonOrForm, output = Compact)]
pub async fn signup(email: String, password: String) -> Result<(), ApiError> {
    use super::context::*;
    let state = state();
    // Signing up while signed in ends the old session, as logging in does.
    let previous = optional_user().map(|u| u.session_id);
    let session = state
        .auth
        .signup(&email, &password, &client_ip(), previous.as_deref())
        .await
        .map_err(map_auth)?;
    set_cookie(&crate::server::auth::cookie::set_cookie(
        &session.token,
        state.config.cookie_secure,
        state.auth.session_max_age_secs(),
    ));
    leptos_axum::redirect(crate::domain::routes::ONBOARDING);
    Ok(())
}

#[server(endpoint = "login", input = JsonOrForm, output = Compact)]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), ApiError> {
    use super::context::*;
    let state = state();
    let previous = optional_user().map(|u| u.session_id);
    let session = state
        .auth
        .login(&email, &password, &client_ip(), previous.as_deref())
        .await
        .map_err(map_auth)?;
    set_cookie(&crate::server::auth::cookie::set_cookie(
        &session.token,
        state.config.cookie_secure,
        state.auth.session_max_age_secs(),
    ));
    leptos_axum::redirect(crate::domain::routes::safe_next(next.as_deref()));
    Ok(())
}

#[server(endpoint = "logout", input = JsonOrForm, output = Compact)]
pub async fn logout() -> Result<(), ApiError> {
    use super::context::*;
    let state = state();
    if let Some(user) = optional_user() {
        state
            .auth
            .logout(&user.session_id)
            .await
            .map_err(map_auth)?;
    }
    set_cookie(&crate::server::auth::cookie::clear_cookie(
        state.config.cookie_secure,
    ));
    leptos_axum::redirect("/login");
    Ok(())
}

/// The signed-in climber, or `None` when logged out (not an error: the landing page asks).
#[server(endpoint = "me", input = JsonOrForm, output = Compact)]
pub async fn current_user() -> Result<Option<SessionUser>, ApiError> {
    let Some(u) = super::context::optional_user() else {
        return Ok(None);
    };
    // A failed lookup only hides the admin link; the page itself checks again.
    let admin = match super::context::state().admin.is_admin(&u.user_id).await {
        Ok(admin) => admin,
        Err(e) => {
            tracing::warn!(error = %e, "admin lookup failed");
            false
        }
    };
    // Likewise: a failed lookup only hides the Team link and the unread count.
    let (team, unread_comments) = match super::context::state().teams.nav(&u.user_id).await {
        Ok((team, unread)) => (team, u32::try_from(unread).unwrap_or(u32::MAX)),
        Err(e) => {
            tracing::warn!(error = %e, "team nav lookup failed");
            (false, 0)
        }
    };
    Ok(Some(SessionUser {
        email: u.email,
        admin,
        team,
        unread_comments,
    }))
}

#[cfg(feature = "ssr")]
fn map_auth(e: crate::server::auth::AuthError) -> ApiError {
    use super::context::{fail, internal};
    use crate::domain::account::CredentialError as C;
    use crate::server::auth::AuthError as A;
    match e {
        A::Invalid(c) => {
            let field = match c {
                C::EmailMissing | C::EmailInvalid | C::EmailTooLong => "email",
                _ => "password",
            };
            fail(ApiError::invalid(field, c.to_string()))
        }
        A::EmailTaken => fail(ApiError::Conflict(
            "An account with this email already exists. Log in instead, or use another email."
                .into(),
        )),
        A::BadCredentials => fail(ApiError::BadCredentials),
        A::RateLimited { minutes } => fail(ApiError::RateLimited(format!(
            "Too many attempts. Wait {minutes} minutes and try again."
        ))),
        A::Password(crate::server::auth::password::PasswordError::Busy) => fail(ApiError::Busy(
            "Too many people are logging in right now. Wait a few seconds and try again.".into(),
        )),
        A::Store(s) => super::context::store_failed("auth store failed", s),
        other => internal("auth failed", other),
    }
}
