//! The training journal: list with filters, one entry, save (create or edit), delete.
use crate::api::codec::Compact;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use super::ApiError;
use crate::domain::journal::{EntryInput, JournalEntry};
use crate::domain::journal_csv::{ImportMode, ImportReport};

/// Entries per page of the journal list.
pub const PAGE_SIZE: u32 = 20;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalQuery {
    /// YYYY-MM-DD, inclusive; empty for no limit.
    pub from: String,
    pub to: String,
    /// A session kind code; empty for all.
    pub kind: String,
    pub text: String,
    /// From 1.
    pub page: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JournalList {
    pub entries: Vec<JournalEntry>,
    pub total: u64,
    pub page: u32,
    pub pages: u32,
    /// The climber's today (the form's default date).
    pub today: String,
    /// Each entry's line in the list, one per entry, in the same order
    /// ([`JournalEntry::summary`], grades in the climber's own systems).
    pub lines: Vec<String>,
}

#[server(endpoint = "journal/list", input = Json, output = Compact)]
pub async fn list_entries(query: JournalQuery) -> Result<JournalList, ApiError> {
    use super::context::*;
    use crate::domain::journal::JournalFilter;
    let user = require_user()?;
    let filter = JournalFilter::parse(&query.from, &query.to, &query.kind, &query.text)
        .map_err(|e| fail(ApiError::invalid(&e.field, e.message)))?;
    let page = query.page.max(1);
    let journal = state().journal;
    let result = journal
        .list(
            &user.user_id,
            &filter,
            (page - 1).saturating_mul(PAGE_SIZE),
            PAGE_SIZE,
        )
        .await
        .map_err(map_journal)?;
    let lines = result
        .entries
        .iter()
        .map(|e| e.summary(result.boulder_system, result.route_system))
        .collect();
    Ok(JournalList {
        lines,
        pages: (result.total as u32).div_ceil(PAGE_SIZE).max(1),
        entries: result.entries,
        total: result.total,
        page,
        today: journal.today().to_string(),
    })
}

#[server(endpoint = "journal/get", input = Json, output = Compact)]
pub async fn get_entry(id: String) -> Result<JournalEntry, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .journal
        .get(&user.user_id, &id)
        .await
        .map_err(map_journal)
}

/// Creates an entry (`id` None) or replaces one. Invalid input changes nothing.
#[server(endpoint = "journal/save", input = Json, output = Compact)]
pub async fn save_entry(id: Option<String>, entry: EntryInput) -> Result<JournalEntry, ApiError> {
    use super::context::*;
    let user = require_user()?;
    let journal = state().journal;
    match id {
        None => journal.create(&user.user_id, &entry).await,
        Some(id) => journal.update(&user.user_id, &id, &entry).await,
    }
    .map_err(map_journal)
}

/// Logs a finished timer (its real running time) as a journal entry dated today, and answers
/// the new entry's id (all the timer links to; the timer's code needn't read whole entries).
#[server(endpoint = "journal/log_timer", input = Json, output = Compact)]
pub async fn log_timed_session(
    session: crate::domain::timer::journal::TimedSession,
) -> Result<String, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .journal
        .log_timed(&user.user_id, &session)
        .await
        .map(|entry| entry.id)
        .map_err(map_journal)
}

#[server(endpoint = "journal/delete", input = Json, output = Compact)]
pub async fn delete_entry(id: String) -> Result<(), ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .journal
        .delete(&user.user_id, &id)
        .await
        .map_err(map_journal)
}

/// Checks a pasted CSV file row by row; `mode` says whether to save (see `ImportMode`).
#[server(endpoint = "journal/import", input = Json, output = Compact)]
pub async fn import_journal(csv: String, mode: ImportMode) -> Result<ImportReport, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .journal
        .import_csv(&user.user_id, &csv, mode)
        .await
        .map_err(map_journal)
}

#[cfg(feature = "ssr")]
fn map_journal(e: crate::server::services::journal::JournalError) -> ApiError {
    use super::context::fail;
    use crate::server::services::journal::JournalError as J;
    match e {
        J::Invalid(i) => fail(ApiError::invalid(&i.field, i.message)),
        J::NotFound => fail(ApiError::NotFound),
        J::Store(s) => super::context::store_failed("journal store failed", s),
        J::Profile(p) => super::context::service_failed("profile read failed", p),
    }
}
