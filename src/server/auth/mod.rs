//! Accounts and sessions: sign-up, login, logout, and resolving a session cookie.
pub mod cookie;
pub mod password;
pub mod rate_limit;
pub mod service;

pub use service::{AuthError, AuthService, CurrentUser};
