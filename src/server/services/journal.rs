//! The training journal: validated entries, scoped to the signed-in climber.
use std::sync::Arc;

use crate::domain::grade::GradeSystem;
use crate::domain::journal::{
    field_label, validate_entry, EntryData, EntryError, EntryInput, JournalEntry,
};
use crate::domain::journal_csv::{
    parse_csv, too_large_to_import, ImportMode, ImportReport, ImportRow, MAX_IMPORT_BYTES,
};
use crate::domain::when::Date;
use crate::server::clock::Clock;
use crate::server::realtime::ChangeFeed;
use crate::server::services::profile::{ProfileError, ProfileService};
use crate::server::stores::{JournalFilter, JournalStore, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error(transparent)]
    Invalid(#[from] EntryError),
    /// Unknown entry, or another climber's (the same answer).
    #[error("entry not found")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Profile(#[from] ProfileError),
}

/// An import row that will be saved, as its preview shows it.
fn describe_row(data: &EntryData) -> String {
    format!(
        "{} · {} · {} min · {} climbs",
        data.date,
        data.kind.label(),
        data.duration_min,
        data.climbs.len()
    )
}

/// An import row that fails validation: the field in words, then what to fix.
fn describe_error(e: &EntryError) -> String {
    format!("{}: {}", field_label(&e.field), e.message)
}

/// A page of the journal list.
#[derive(Clone, Debug, PartialEq)]
pub struct JournalPage {
    pub entries: Vec<JournalEntry>,
    pub total: u64,
    /// The climber's preferred systems, to show every grade in.
    pub boulder_system: GradeSystem,
    pub route_system: GradeSystem,
}

pub struct JournalService {
    store: Arc<dyn JournalStore>,
    clock: Arc<dyn Clock>,
    profiles: Arc<ProfileService>,
    /// Tells the climber's open progress pages after every change.
    feed: Arc<ChangeFeed>,
}

/// Entries per list page, at most.
pub const PAGE_MAX: u32 = 100;

impl JournalService {
    pub fn new(
        store: Arc<dyn JournalStore>,
        clock: Arc<dyn Clock>,
        profiles: Arc<ProfileService>,
        feed: Arc<ChangeFeed>,
    ) -> Self {
        Self {
            store,
            clock,
            profiles,
            feed,
        }
    }

    /// Notifies the climber's open pages that the journal changed (also used by programs:
    /// ticking a session off writes its entry).
    pub async fn changed(&self, user_id: &str) {
        self.feed.journal_changed(user_id).await;
    }

    /// The climber's calendar day.
    pub fn today(&self) -> Date {
        self.clock.today()
    }

    /// A new entry with a fresh id and timestamps (not yet saved).
    pub fn new_entry(&self, data: EntryData) -> JournalEntry {
        let now = self.clock.now_ms();
        JournalEntry {
            id: uuid::Uuid::new_v4().to_string(),
            load: data.load(),
            data,
            created_at: now,
            updated_at: now,
        }
    }

    pub async fn create(
        &self,
        user_id: &str,
        input: &EntryInput,
    ) -> Result<JournalEntry, JournalError> {
        let entry = self.new_entry(validate_entry(input, self.today())?);
        self.store.insert(user_id, &entry).await?;
        self.changed(user_id).await;
        Ok(entry)
    }

    /// A finished timer as an entry dated today, through the same rules as the form.
    pub async fn log_timed(
        &self,
        user_id: &str,
        session: &crate::domain::timer::journal::TimedSession,
    ) -> Result<JournalEntry, JournalError> {
        let input = crate::domain::timer::journal::entry_input(session, self.today());
        self.create(user_id, &input).await
    }

    /// Checks every row of a CSV file by the form's rules and, depending on `mode`, saves
    /// them in one transaction. A row that can't be read is reported like an invalid one; a
    /// file that can't be read at all fails with its line number.
    pub async fn import_csv(
        &self,
        user_id: &str,
        csv: &str,
        mode: ImportMode,
    ) -> Result<ImportReport, JournalError> {
        if csv.len() > MAX_IMPORT_BYTES {
            return Err(EntryError {
                field: "csv".into(),
                message: too_large_to_import(),
            }
            .into());
        }
        let rows = parse_csv(csv).map_err(|e| EntryError {
            field: "csv".into(),
            message: format!("Line {}: {}", e.line, e.message),
        })?;
        let today = self.today();
        let mut report = ImportReport::default();
        let mut valid = Vec::new();
        for row in rows {
            let checked = row
                .input
                .and_then(|input| validate_entry(&input, today).map_err(|e| describe_error(&e)));
            match checked {
                Ok(data) => {
                    report.rows.push(ImportRow {
                        line: row.line,
                        ok: true,
                        message: describe_row(&data),
                    });
                    valid.push(self.new_entry(data));
                }
                Err(message) => report.rows.push(ImportRow {
                    line: row.line,
                    ok: false,
                    message,
                }),
            }
        }
        let save = match mode {
            ImportMode::Preview => false,
            ImportMode::All => report.invalid() == 0,
            ImportMode::ValidOnly => true,
        };
        if save && !valid.is_empty() {
            self.store.insert_many(user_id, &valid).await?;
            report.saved = valid.len();
            self.changed(user_id).await;
        }
        Ok(report)
    }

    /// The climber's whole journal, oldest first (export).
    pub async fn export(&self, user_id: &str) -> Result<Vec<JournalEntry>, JournalError> {
        self.all_matching(user_id, &JournalFilter::default()).await
    }

    /// Replaces an entry with the validated input; nothing changes when the input is invalid.
    pub async fn update(
        &self,
        user_id: &str,
        id: &str,
        input: &EntryInput,
    ) -> Result<JournalEntry, JournalError> {
        let data = validate_entry(input, self.today())?;
        let current = self
            .store
            .get(user_id, id)
            .await?
            .ok_or(JournalError::NotFound)?;
        let entry = JournalEntry {
            id: current.id,
            load: data.load(),
            data,
            created_at: current.created_at,
            updated_at: self.clock.now_ms(),
        };
        if !self.store.update(user_id, &entry).await? {
            return Err(JournalError::NotFound);
        }
        self.changed(user_id).await;
        Ok(entry)
    }

    pub async fn delete(&self, user_id: &str, id: &str) -> Result<(), JournalError> {
        if self.store.delete(user_id, id).await? {
            self.changed(user_id).await;
            Ok(())
        } else {
            Err(JournalError::NotFound)
        }
    }

    pub async fn get(&self, user_id: &str, id: &str) -> Result<JournalEntry, JournalError> {
        self.store
            .get(user_id, id)
            .await?
            .ok_or(JournalError::NotFound)
    }

    pub async fn list(
        &self,
        user_id: &str,
        filter: &JournalFilter,
        offset: u32,
        limit: u32,
    ) -> Result<JournalPage, JournalError> {
        let (entries, total) = self
            .store
            .list(user_id, filter, offset, limit.clamp(1, PAGE_MAX))
            .await?;
        let profile = self.profiles.get(user_id).await?;
        Ok(JournalPage {
            entries,
            total,
            boulder_system: profile.boulder_grades.into(),
            route_system: profile.route_grades.into(),
        })
    }

    /// Every entry matching `filter`, oldest first (for summaries and charts).
    pub async fn all_matching(
        &self,
        user_id: &str,
        filter: &JournalFilter,
    ) -> Result<Vec<JournalEntry>, JournalError> {
        let mut all = Vec::new();
        loop {
            let (page, total) = self
                .store
                .list(user_id, filter, all.len() as u32, 1000)
                .await?;
            let done = page.is_empty() || all.len() as u64 + page.len() as u64 >= total;
            all.extend(page);
            if done {
                break;
            }
        }
        all.reverse();
        Ok(all)
    }
}
