//! What a server function reads from its request: app state, the session's climber, the
//! client address; and how it reports an error with the right status code.
use std::net::SocketAddr;

use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use leptos::prelude::{expect_context, use_context};
use leptos_axum::ResponseOptions;

use super::ApiError;
use crate::server::auth::CurrentUser;
use crate::server::state::AppState;

pub fn state() -> AppState {
    expect_context::<AppState>()
}

fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

/// The signed-in climber, or `Unauthorized`. The user id comes from the server-side
/// session only; no server function takes one as an argument.
pub fn require_user() -> Result<CurrentUser, ApiError> {
    optional_user().ok_or_else(|| {
        let lookup_failed =
            parts().is_some_and(|p| p.extensions.get::<SessionLookupFailed>().is_some());
        fail(if lookup_failed {
            ApiError::Unavailable
        } else {
            ApiError::Unauthorized
        })
    })
}

pub fn optional_user() -> Option<CurrentUser> {
    parts().and_then(|p| p.extensions.get::<CurrentUser>().cloned())
}

/// The client's address (the TCP peer, or what a trusted proxy reports: see
/// `middleware::client_address`), used as the per-address rate-limit key.
pub fn client_ip() -> String {
    parts()
        .and_then(|p| {
            let client = p
                .extensions
                .get::<crate::server::http::middleware::ClientIp>();
            client.map(|c| c.0.to_string()).or_else(|| {
                p.extensions
                    .get::<ConnectInfo<SocketAddr>>()
                    .map(|c| c.0.ip().to_string())
            })
        })
        .unwrap_or_else(|| "unknown".to_string())
}

/// Sets the response status for `err` and hands it back, for `map_err(fail)`.
///
/// Except for a form the browser posted itself (before the page's script ran: a POST that
/// accepts HTML): server_fn answers that with a redirect back to the form's page, the error
/// in its URL, where the page shows it; a status set here would replace the redirect's 302
/// and leave the climber looking at raw JSON.
pub fn fail(err: ApiError) -> ApiError {
    if posted_without_script() {
        return err;
    }
    if let Some(res) = use_context::<ResponseOptions>() {
        res.set_status(
            StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    err
}

fn posted_without_script() -> bool {
    parts().is_some_and(|p| {
        p.method == axum::http::Method::POST
            && p.headers
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|a| a.contains("text/html"))
    })
}

/// A store failure: "try again" when the database is down or too slow, else the generic
/// internal error. Either way the cause is logged, never sent.
pub fn store_failed(context: &str, err: crate::server::stores::StoreError) -> ApiError {
    if let crate::server::stores::StoreError::OverQuota(q) = err {
        return fail(q.into());
    }
    if let crate::server::stores::StoreError::Unstorable(cause) = &err {
        tracing::warn!(error = %cause, "{context}: unstorable text");
        return fail(ApiError::invalid(
            "",
            "Some text holds an invisible control character (a NUL byte) that can't be saved. \
             Remove it (retyping the text does) and try again.",
        ));
    }
    if err.is_transient() {
        tracing::warn!(error = %err, "{context}");
        fail(ApiError::Unavailable)
    } else {
        internal(context, err)
    }
}

/// A service failure wrapping another service's (a program needing the journal…): "try
/// again" when a store below it found the database down or too slow, else internal.
pub fn service_failed<E>(context: &str, err: E) -> ApiError
where
    E: crate::server::services::store_cause::StoreCause + std::fmt::Display,
{
    if let Some(crate::server::stores::StoreError::OverQuota(q)) = err.store_cause() {
        return fail(q.clone().into());
    }
    if err.is_transient() {
        tracing::warn!(error = %err, "{context}");
        fail(ApiError::Unavailable)
    } else {
        internal(context, err)
    }
}

/// Set by the session middleware when the session could not be looked up because the
/// database is down: then a climber is told to retry, not asked to log in again.
#[derive(Clone, Copy, Debug)]
pub struct SessionLookupFailed;

/// Logs an internal failure with its cause and returns the generic message.
pub fn internal(context: &str, err: impl std::fmt::Display) -> ApiError {
    tracing::error!(error = %err, "{context}");
    fail(ApiError::Internal)
}

pub fn set_cookie(value: &str) {
    if let (Some(res), Ok(v)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(value),
    ) {
        res.append_header(header::SET_COOKIE, v);
    }
}
