//! Which backend holds the application data, chosen once at start: every store of one
//! backend, behind the traits, so nothing above this file knows which it is.
use std::sync::Arc;

use super::libsql::{
    LibsqlAccounts, LibsqlAdmin, LibsqlAssessments, LibsqlJournal, LibsqlOnboarding,
    LibsqlProfiles, LibsqlPrograms, LibsqlRunLog, LibsqlSessions, LibsqlTeams,
};
use super::postgres::{
    PgAccounts, PgAdmin, PgAssessments, PgJournal, PgOnboarding, PgProfiles, PgPrograms, PgRunLog,
    PgSessions, PgTeams,
};
use super::teams::TeamStore;
use super::{
    AccountStore, AdminStore, AssessmentStore, JournalStore, OnboardingStore, ProfileStore,
    ProgramStore, RunLogStore, SessionStore,
};
use crate::server::db::Db;
use crate::server::pg::Pg;

#[derive(Clone)]
pub struct AppStores {
    pub accounts: Arc<dyn AccountStore>,
    pub sessions: Arc<dyn SessionStore>,
    pub profiles: Arc<dyn ProfileStore>,
    pub journal: Arc<dyn JournalStore>,
    pub assessments: Arc<dyn AssessmentStore>,
    pub programs: Arc<dyn ProgramStore>,
    pub onboarding: Arc<dyn OnboardingStore>,
    pub runs: Arc<dyn RunLogStore>,
    /// Admins and the admin dashboard's aggregates.
    pub admin: Arc<dyn AdminStore>,
    pub teams: Arc<dyn TeamStore>,
    /// Coaches' proposed program changes (issue 21).
    pub proposals: Arc<dyn super::proposals::ProposalStore>,
    /// Set when the data is in PostgreSQL (readiness checks, change notifications).
    pub postgres: Option<Pg>,
}

impl AppStores {
    pub fn libsql(db: &Db) -> Self {
        Self {
            accounts: Arc::new(LibsqlAccounts::new(db.clone())),
            sessions: Arc::new(LibsqlSessions::new(db.clone())),
            profiles: Arc::new(LibsqlProfiles::new(db.clone())),
            journal: Arc::new(LibsqlJournal::new(db.clone())),
            assessments: Arc::new(LibsqlAssessments::new(db.clone())),
            programs: Arc::new(LibsqlPrograms::new(db.clone())),
            onboarding: Arc::new(LibsqlOnboarding::new(db.clone())),
            runs: Arc::new(LibsqlRunLog::new(db.clone())),
            admin: Arc::new(LibsqlAdmin::new(db.clone())),
            teams: Arc::new(LibsqlTeams::new(db.clone())),
            proposals: Arc::new(super::libsql::LibsqlProposals::new(db.clone())),
            postgres: None,
        }
    }

    pub fn postgres(pg: &Pg) -> Self {
        Self {
            accounts: Arc::new(PgAccounts::new(pg.clone())),
            sessions: Arc::new(PgSessions::new(pg.clone())),
            profiles: Arc::new(PgProfiles::new(pg.clone())),
            journal: Arc::new(PgJournal::new(pg.clone())),
            assessments: Arc::new(PgAssessments::new(pg.clone())),
            programs: Arc::new(PgPrograms::new(pg.clone())),
            onboarding: Arc::new(PgOnboarding::new(pg.clone())),
            runs: Arc::new(PgRunLog::new(pg.clone())),
            admin: Arc::new(PgAdmin::new(pg.clone())),
            teams: Arc::new(PgTeams::new(pg.clone())),
            proposals: Arc::new(super::postgres::PgProposals::new(pg.clone())),
            postgres: Some(pg.clone()),
        }
    }
}
