//! A coach's proposed program changes (issue 21). The coach writes and reads their own
//! proposals only while the athlete shares programs with a team they coach (the libSQL store
//! joins the membership tables in each statement; PostgreSQL's policies in
//! migrations/postgres/0009 enforce it again); the athlete reads theirs and decides. Accepting
//! applies the change to the athlete's active program in the same transaction that marks the
//! proposal accepted, so the program never changes without an accepted proposal, nor the
//! proposal reads accepted without the change.
use async_trait::async_trait;

use super::StoreError;
use crate::domain::program::proposal::{ProposalKind, ProposalStatus, ProposedProgram};
use crate::domain::program::tracking::{Program, ProgramSession};

#[derive(Clone, Debug, PartialEq)]
pub struct ProposalRecord {
    pub id: String,
    /// Filled in by the store: a team the coach coaches the athlete in, sharing programs.
    pub team_id: String,
    pub coach_id: String,
    pub coach_name: String,
    pub athlete_id: String,
    pub kind: ProposalKind,
    pub program: ProposedProgram,
    /// The athlete's active program when proposed, and `proposal::fingerprint` of its
    /// sessions then.
    pub base_program_id: Option<String>,
    pub base_version: String,
    pub note: String,
    pub status: ProposalStatus,
    pub created_at: i64,
    pub decided_at: Option<i64>,
}

/// What accepting writes.
#[derive(Clone, Copy, Debug)]
pub enum Applying<'a> {
    /// A new active program; the current one (if any) is archived, as the program store
    /// keeps past programs.
    NewProgram {
        program: &'a Program,
        sessions: &'a [ProgramSession],
    },
    /// The active program's sessions with the coach's days and statuses, applied only if the
    /// active program is still `base_program_id` with sessions matching `base_version`.
    Edit {
        base_program_id: &'a str,
        base_version: &'a str,
        sessions: &'a [ProgramSession],
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AcceptOutcome {
    Accepted,
    /// Not the athlete's, or no longer pending.
    NotFound,
    /// The program changed since the proposal was made: nothing was written.
    Stale,
}

#[async_trait]
pub trait ProposalStore: Send + Sync {
    /// Saves a pending proposal from `record.coach_id` to `record.athlete_id`, withdrawing
    /// the coach's older pending one for that athlete and keeping at most `keep` of the
    /// coach's decided ones for them, in one transaction. False (nothing saved) unless the
    /// coach coaches the athlete in a team the athlete shares programs with.
    async fn propose(
        &self,
        record: &ProposalRecord,
        keep: u32,
        now: i64,
    ) -> Result<bool, StoreError>;
    /// The coach's own proposals for the athlete, newest first; empty unless programs are
    /// shared with them.
    async fn coach_proposals(
        &self,
        coach_id: &str,
        athlete_id: &str,
        limit: u32,
    ) -> Result<Vec<ProposalRecord>, StoreError>;
    /// The athlete's pending proposals, newest first.
    async fn pending(&self, athlete_id: &str) -> Result<Vec<ProposalRecord>, StoreError>;
    /// One of the athlete's proposals, any status.
    async fn get(&self, athlete_id: &str, id: &str) -> Result<Option<ProposalRecord>, StoreError>;
    /// Marks the athlete's pending proposal accepted and writes `applying`, in one
    /// transaction.
    async fn accept(
        &self,
        athlete_id: &str,
        id: &str,
        applying: Applying<'_>,
        now: i64,
    ) -> Result<AcceptOutcome, StoreError>;
    /// False unless it was the athlete's and pending.
    async fn decline(&self, athlete_id: &str, id: &str, now: i64) -> Result<bool, StoreError>;
}
