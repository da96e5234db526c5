//! The embedded libSQL backend of every store.
mod accounts;
mod assessments;
mod journal;
mod profiles;
mod programs;
mod run_log;
mod sessions;

pub use accounts::LibsqlAccounts;
pub use assessments::LibsqlAssessments;
pub use journal::LibsqlJournal;
pub use profiles::LibsqlProfiles;
pub use programs::LibsqlPrograms;
pub use run_log::LibsqlRunLog;
pub use sessions::LibsqlSessions;
