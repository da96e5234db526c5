//! The embedded libSQL backend of every store.
mod accounts;
mod journal;
mod profiles;
mod run_log;
mod sessions;

pub use accounts::LibsqlAccounts;
pub use journal::LibsqlJournal;
pub use profiles::LibsqlProfiles;
pub use run_log::LibsqlRunLog;
pub use sessions::LibsqlSessions;
