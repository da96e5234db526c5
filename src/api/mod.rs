//! Server functions: the UI's only way to the server. Each one takes the climber from the
//! session, calls one service, and maps the error. No SQL or HTTP here.
pub mod admin;
pub mod assessment;
pub mod auth;
pub mod chat;
pub mod codec;
#[cfg(feature = "ssr")]
mod context;
pub mod error;
pub mod journal;
pub mod onboarding;
pub mod profile;
pub mod programs;
pub mod progress;
pub mod proposals;
pub mod team;

#[cfg(feature = "ssr")]
pub use context::SessionLookupFailed;
pub use error::ApiError;
