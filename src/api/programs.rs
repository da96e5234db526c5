//! Training programs: the active one, generating (with confirmation before replacing), and
//! following it session by session.
use crate::api::codec::Compact;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::ApiError;
use crate::domain::program::tracking::{
    CompletionInput, Program, ProgramSession, ProgramView, UpcomingSession,
};

#[server(endpoint = "programs/current", input = Json, output = Compact)]
pub async fn current_program() -> Result<Option<ProgramView>, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .programs
        .current(&user.user_id)
        .await
        .map_err(map_program)
}

#[server(endpoint = "programs/history", input = Json, output = Compact)]
pub async fn program_history() -> Result<Vec<Program>, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .programs
        .history(&user.user_id)
        .await
        .map_err(map_program)
}

/// Generates a program from the latest assessment. With an active program this fails with a
/// conflict unless `replace` confirms replacing it (the old one stays in the history).
#[server(endpoint = "programs/generate", input = Json, output = Compact)]
pub async fn generate_program(replace: bool) -> Result<ProgramView, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .programs
        .generate(&user.user_id, replace)
        .await
        .map_err(map_program)
}

/// Marks a session done with its RPE and notes; it is also logged to the journal. Returns the
/// journal entry's id.
#[server(endpoint = "programs/complete", input = Json, output = Compact)]
pub async fn complete_session(id: String, input: CompletionInput) -> Result<String, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .programs
        .complete(&user.user_id, &id, &input)
        .await
        .map(|(_, entry)| entry.id)
        .map_err(map_program)
}

#[server(endpoint = "programs/skip", input = Json, output = Compact)]
pub async fn skip_session(id: String) -> Result<ProgramSession, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .programs
        .skip(&user.user_id, &id)
        .await
        .map_err(map_program)
}

#[server(endpoint = "programs/move", input = Json, output = Compact)]
pub async fn move_session(id: String, date: String) -> Result<ProgramSession, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .programs
        .move_session(&user.user_id, &id, &date)
        .await
        .map_err(map_program)
}

/// The next planned session, for the chat page: its day, title and length only.
#[server(endpoint = "programs/next", input = Json, output = Compact)]
pub async fn next_session() -> Result<Option<UpcomingSession>, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .programs
        .next_session(&user.user_id)
        .await
        .map(|s| s.as_ref().map(UpcomingSession::from))
        .map_err(map_program)
}

#[cfg(feature = "ssr")]
fn map_program(e: crate::server::services::program::ProgramError) -> ApiError {
    use super::context::{fail, internal};
    use crate::server::services::program::ProgramError as P;
    match e {
        P::Invalid(f) => fail(ApiError::invalid(f.field, f.message)),
        P::NoAssessment => fail(ApiError::Conflict(
            "Take the assessment first: your program is built from it.".into(),
        )),
        P::NeedsConfirmation => fail(ApiError::Conflict(
            "You already have an active program. Confirm to replace it; it stays in your history."
                .into(),
        )),
        P::NoProgram => fail(ApiError::Conflict(
            "You don't have an active program yet.".into(),
        )),
        P::NotFound => fail(ApiError::NotFound),
        P::Generate(g) => fail(ApiError::invalid("", g.to_string())),
        P::Broken(rule) => internal("generated program broke a rule", rule),
        P::Assessment(a) => super::assessment::map_assessment(a),
        P::Journal(j) => super::context::service_failed("journal write failed", j),
        P::Store(s) => super::context::store_failed("program store failed", s),
    }
}
