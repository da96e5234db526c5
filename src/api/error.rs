//! The one error type every server function returns. Its messages are written for
//! climbers; internal causes are logged on the server and never serialised to the browser.
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ApiError {
    #[error("Please log in to continue.")]
    Unauthorized,
    /// Also used for other climbers' data, so ids cannot be probed.
    #[error("We couldn't find that.")]
    NotFound,
    /// `field` names the form field the message belongs next to ("" for the whole form).
    #[error("{message}")]
    Invalid { field: String, message: String },
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    RateLimited(String),
    /// A request body over the size limit; the message says the limit and what to do.
    #[error("{0}")]
    TooLarge(String),
    /// One message for an unknown email and a wrong password, so accounts cannot be probed.
    #[error("Email or password is incorrect.")]
    BadCredentials,
    #[error("We couldn't reach ClimbingPill. Check your connection and try again.")]
    Network,
    /// The database didn't answer (restarting, overloaded, too slow): worth a retry.
    #[error("ClimbingPill's database isn't answering right now. Please try again in a minute.")]
    Unavailable,
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    /// The server is at capacity for this work right now (503 with `Retry-After`); the
    /// message says when to try again.
    #[error("{0}")]
    Busy(String),
}

impl ApiError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }

    /// The message to show next to `field`, if this error belongs to it.
    pub fn for_field(&self, field: &str) -> Option<String> {
        match self {
            Self::Invalid { field: f, message } if f == field => Some(message.clone()),
            _ => None,
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            Self::Unauthorized => 401,
            Self::NotFound => 404,
            Self::Invalid { .. } => 422,
            Self::Conflict(_) => 409,
            Self::RateLimited(_) => 429,
            Self::TooLarge(_) => 413,
            Self::BadCredentials => 401,
            Self::Network => 503,
            Self::Unavailable => 503,
            Self::Internal => 500,
            Self::Busy(_) => 503,
        }
    }
}

/// Over a quota: 413 for stored bytes, 409 for a count, with the message in words.
impl From<crate::domain::quota::QuotaExceeded> for ApiError {
    fn from(e: crate::domain::quota::QuotaExceeded) -> Self {
        if e.status() == 413 {
            Self::TooLarge(e.message)
        } else {
            Self::Conflict(e.message)
        }
    }
}

impl From<crate::domain::profile::FieldError> for ApiError {
    fn from(e: crate::domain::profile::FieldError) -> Self {
        Self::invalid(e.field, e.message)
    }
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => Self::Network,
            // Arguments that could not be read: a form field missing or of the wrong type.
            // On the server this is the request's own fault: 422, not the 500 of a failure.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => {
                let e = Self::invalid("", "Some of the form's fields were missing or malformed. Reload the page and try again.");
                #[cfg(feature = "ssr")]
                let e = super::context::fail(e);
                e
            }
            _ => Self::Internal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framework_errors_never_carry_their_internal_text() {
        let e =
            ApiError::from_server_fn_error(ServerFnErrorErr::ServerError("db path /var/x".into()));
        assert_eq!(e, ApiError::Internal);
        assert!(!e.to_string().contains("/var/x"));
    }

    #[test]
    fn field_errors_find_their_field() {
        let e = ApiError::invalid("email", "bad");
        assert_eq!(e.for_field("email").as_deref(), Some("bad"));
        assert_eq!(e.for_field("password"), None);
        assert_eq!(e.status(), 422);
    }
}
