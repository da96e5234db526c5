//! Coach-proposed program changes (issue 21): the coach proposes (a new program from the
//! athlete's latest assessment, or moved and skipped sessions), the athlete accepts or
//! declines. The climber is always the session's; the service checks the coaching and the
//! sharing on every call.
use crate::api::codec::Compact;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::ApiError;
use crate::domain::program::proposal::{ProposalView, SessionChange};

#[cfg(feature = "ssr")]
fn proposal_failed(
    context: &str,
    e: crate::server::services::proposals::ProposalError,
) -> ApiError {
    use super::context::*;
    use crate::server::services::proposals::ProposalError as P;
    match e {
        P::Invalid(f) => fail(ApiError::invalid(f.field, f.message)),
        P::NotFound => fail(ApiError::NotFound),
        P::Refused(m) => fail(ApiError::Conflict(m)),
        P::Generate(g) => fail(ApiError::Conflict(g.to_string())),
        P::Broken(rule) => internal("proposed program broke a rule", rule),
        other => service_failed(context, other),
    }
}

/// The coach proposes a new program generated from the athlete's latest assessment.
#[server(endpoint = "team/proposals/generate", input = Json, output = Compact)]
pub async fn propose_generated(athlete_id: String, note: String) -> Result<ProposalView, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .proposals
        .propose_generated(&user.user_id, &athlete_id, &note)
        .await
        .map_err(|e| proposal_failed("proposal failed", e))
}

/// The coach proposes moved and skipped sessions of the athlete's active program.
#[server(endpoint = "team/proposals/edit", input = Json, output = Compact)]
pub async fn propose_changes(
    athlete_id: String,
    changes: Vec<SessionChange>,
    note: String,
) -> Result<ProposalView, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .proposals
        .propose_changes(&user.user_id, &athlete_id, &changes, &note)
        .await
        .map_err(|e| proposal_failed("proposal failed", e))
}

/// The coach's latest proposals for one athlete.
#[server(endpoint = "team/proposals", input = Json, output = Compact)]
pub async fn coach_proposals(athlete_id: String) -> Result<Vec<ProposalView>, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .proposals
        .for_coach(&user.user_id, &athlete_id)
        .await
        .map_err(|e| proposal_failed("proposals failed", e))
}

/// The climber's pending proposals from their coaches.
#[server(endpoint = "programs/proposals", input = Json, output = Compact)]
pub async fn my_proposals() -> Result<Vec<ProposalView>, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .proposals
        .pending(&user.user_id)
        .await
        .map_err(|e| proposal_failed("proposals failed", e))
}

#[server(endpoint = "programs/proposals/accept", input = Json, output = Compact)]
pub async fn accept_proposal(id: String) -> Result<(), ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .proposals
        .accept(&user.user_id, &id)
        .await
        .map_err(|e| proposal_failed("accept failed", e))
}

#[server(endpoint = "programs/proposals/decline", input = Json, output = Compact)]
pub async fn decline_proposal(id: String) -> Result<(), ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .proposals
        .decline(&user.user_id, &id)
        .await
        .map_err(|e| proposal_failed("decline failed", e))
}
