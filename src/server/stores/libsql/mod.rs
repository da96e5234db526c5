//! The embedded libSQL backend of every store.
mod accounts;
mod admin;
mod assessments;
mod journal;
mod onboarding;
mod profiles;
mod programs;
mod proposals;
mod run_log;
mod sessions;
mod teams;

pub use accounts::LibsqlAccounts;
pub(crate) use admin::merge_days;
pub use admin::{memory_counts, LibsqlAdmin};
pub use assessments::LibsqlAssessments;
pub use journal::LibsqlJournal;
pub use onboarding::LibsqlOnboarding;
pub use profiles::LibsqlProfiles;
pub use programs::LibsqlPrograms;
pub use proposals::LibsqlProposals;
pub use run_log::LibsqlRunLog;
pub use sessions::LibsqlSessions;
pub use teams::LibsqlTeams;

use crate::server::db::DbError;
use crate::server::stores::StoreError;

/// A stored value that doesn't read back (bad JSON, an unknown code): logged as corruption of
/// `table`'s `what`, never shown to the climber.
fn corrupt(table: &str, what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Db(DbError::Corrupt(format!("{table} {what}: {e}")))
}
