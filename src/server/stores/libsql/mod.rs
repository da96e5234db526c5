//! The embedded libSQL backend of every store.
mod accounts;
mod profiles;
mod sessions;

pub use accounts::LibsqlAccounts;
pub use profiles::LibsqlProfiles;
pub use sessions::LibsqlSessions;
