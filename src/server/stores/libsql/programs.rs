use async_trait::async_trait;
use libsql::Value;

use super::journal;
use crate::domain::journal::JournalEntry;
use crate::domain::program::tracking::{Program, ProgramSession, SessionStatus};
use crate::domain::when::Date;
use crate::server::db::Db;
use crate::server::stores::{ProgramStore, StoreError};

pub struct LibsqlPrograms {
    db: Db,
}

impl LibsqlPrograms {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

pub(super) const PROGRAM_COLUMNS: &str = "id, assessment_id, active, plan, created_at, archived_at";
pub(super) const SESSION_COLUMNS: &str =
    "id, program_id, position, date, planned, status, rpe, notes, journal_entry_id, completed_at";

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    super::corrupt("program", what, e)
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| corrupt("json", e))
}

pub(super) fn row_to_program(row: &libsql::Row) -> Result<Program, StoreError> {
    let plan: String = row.get(3)?;
    Ok(Program {
        id: row.get(0)?,
        assessment_id: row.get(1)?,
        active: row.get::<i64>(2)? == 1,
        plan: serde_json::from_str(&plan).map_err(|e| corrupt("plan", e))?,
        created_at: row.get(4)?,
        archived_at: row.get(5)?,
    })
}

pub(super) fn row_to_session(row: &libsql::Row) -> Result<ProgramSession, StoreError> {
    let date: String = row.get(3)?;
    let planned: String = row.get(4)?;
    let status: String = row.get(5)?;
    Ok(ProgramSession {
        id: row.get(0)?,
        program_id: row.get(1)?,
        position: row.get::<i64>(2)? as u32,
        date: Date::parse_iso(&date).ok_or_else(|| corrupt("date", &date))?,
        planned: serde_json::from_str(&planned).map_err(|e| corrupt("session", e))?,
        status: SessionStatus::from_code(&status).ok_or_else(|| corrupt("status", &status))?,
        rpe: row.get::<Option<i64>>(6)?.map(|n| n as u8),
        notes: row.get(7)?,
        journal_entry_id: row.get(8)?,
        completed_at: row.get(9)?,
        held_for_pain: false,
    })
}

fn opt_text(v: &Option<String>) -> Value {
    v.clone().map(Value::Text).unwrap_or(Value::Null)
}

async fn finish_session_on(
    c: &libsql::Connection,
    user_id: &str,
    s: &ProgramSession,
) -> Result<bool, StoreError> {
    let n = c
        .execute(
            "UPDATE program_sessions SET date = ?3, status = ?4, rpe = ?5, notes = ?6, \
               journal_entry_id = ?7, completed_at = ?8 \
             WHERE id = ?1 AND user_id = ?2 AND status = 'planned'",
            vec![
                Value::Text(s.id.clone()),
                Value::Text(user_id.to_string()),
                Value::Text(s.date.to_string()),
                Value::Text(s.status.code().to_string()),
                s.rpe
                    .map(|r| Value::Integer(r.into()))
                    .unwrap_or(Value::Null),
                Value::Text(s.notes.clone()),
                opt_text(&s.journal_entry_id),
                s.completed_at.map(Value::Integer).unwrap_or(Value::Null),
            ],
        )
        .await?;
    Ok(n == 1)
}

/// Saves a program with its sessions on `c` (inside the caller's transaction), archiving the
/// active one first with `replace_active` (also used by accepting a coach's proposal).
pub(super) async fn insert_program(
    c: &libsql::Connection,
    user_id: &str,
    program: &Program,
    sessions: &[ProgramSession],
    replace_active: bool,
    now: i64,
) -> Result<(), StoreError> {
    let plan = to_json(&program.plan)?;
    let planned = sessions
        .iter()
        .map(|s| to_json(&s.planned))
        .collect::<Result<Vec<_>, _>>()?;
    if replace_active {
        c.execute(
            "UPDATE programs SET active = 0, archived_at = ?2 \
                 WHERE user_id = ?1 AND active = 1",
            libsql::params![user_id, now],
        )
        .await?;
    }
    c.execute(
        &format!(
            "INSERT INTO programs (user_id, {PROGRAM_COLUMNS}) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
        ),
        vec![
            Value::Text(user_id.to_string()),
            Value::Text(program.id.clone()),
            opt_text(&program.assessment_id),
            Value::Integer(program.active.into()),
            Value::Text(plan),
            Value::Integer(program.created_at),
            program
                .archived_at
                .map(Value::Integer)
                .unwrap_or(Value::Null),
        ],
    )
    .await?;
    for (s, planned) in sessions.iter().zip(planned) {
        c.execute(
            &format!(
                "INSERT INTO program_sessions (user_id, {SESSION_COLUMNS}) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
            ),
            vec![
                Value::Text(user_id.to_string()),
                Value::Text(s.id.clone()),
                Value::Text(program.id.clone()),
                Value::Integer(s.position.into()),
                Value::Text(s.date.to_string()),
                Value::Text(planned),
                Value::Text(s.status.code().to_string()),
                s.rpe
                    .map(|r| Value::Integer(r.into()))
                    .unwrap_or(Value::Null),
                Value::Text(s.notes.clone()),
                opt_text(&s.journal_entry_id),
                s.completed_at.map(Value::Integer).unwrap_or(Value::Null),
            ],
        )
        .await?;
    }
    Ok(())
}

#[async_trait]
impl ProgramStore for LibsqlPrograms {
    async fn create(
        &self,
        user_id: &str,
        program: &Program,
        sessions: &[ProgramSession],
        replace_active: bool,
        now: i64,
    ) -> Result<(), StoreError> {
        self.db
            .write(async |c| {
                insert_program(c, user_id, program, sessions, replace_active, now).await
            })
            .await
    }

    async fn active(&self, user_id: &str) -> Result<Option<Program>, StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                &format!(
                    "SELECT {PROGRAM_COLUMNS} FROM programs WHERE user_id = ?1 AND active = 1"
                ),
                libsql::params![user_id],
            )
            .await?;
        match rows.next().await? {
            Some(row) => Ok(Some(row_to_program(&row)?)),
            None => Ok(None),
        }
    }

    async fn list(&self, user_id: &str) -> Result<Vec<Program>, StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                &format!(
                    "SELECT {PROGRAM_COLUMNS} FROM programs WHERE user_id = ?1 \
                     ORDER BY active DESC, created_at DESC, id DESC"
                ),
                libsql::params![user_id],
            )
            .await?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().await? {
            out.push(row_to_program(&row)?);
        }
        Ok(out)
    }

    async fn sessions(
        &self,
        user_id: &str,
        program_id: &str,
    ) -> Result<Vec<ProgramSession>, StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                &format!(
                    "SELECT {SESSION_COLUMNS} FROM program_sessions \
                     WHERE user_id = ?1 AND program_id = ?2 ORDER BY date, position"
                ),
                libsql::params![user_id, program_id],
            )
            .await?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().await? {
            out.push(row_to_session(&row)?);
        }
        Ok(out)
    }

    async fn session(&self, user_id: &str, id: &str) -> Result<Option<ProgramSession>, StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                &format!(
                    "SELECT {SESSION_COLUMNS} FROM program_sessions WHERE id = ?1 AND user_id = ?2"
                ),
                libsql::params![id, user_id],
            )
            .await?;
        match rows.next().await? {
            Some(row) => Ok(Some(row_to_session(&row)?)),
            None => Ok(None),
        }
    }

    async fn reschedule(
        &self,
        user_id: &str,
        id: &str,
        date: Date,
        status: SessionStatus,
    ) -> Result<bool, StoreError> {
        let (id, date, status) = (id.to_string(), date.to_string(), status.code());
        self.db
            .write(async |c| {
                let n = c
                    .execute(
                        "UPDATE program_sessions SET date = ?3, status = ?4 \
                         WHERE id = ?1 AND user_id = ?2 AND status = 'planned'",
                        libsql::params![id.as_str(), user_id, date.as_str(), status],
                    )
                    .await?;
                Ok(n == 1)
            })
            .await
    }

    async fn complete_session(
        &self,
        user_id: &str,
        session: &ProgramSession,
        entry: &JournalEntry,
    ) -> Result<bool, StoreError> {
        self.db
            .write(async |c| {
                // Only a still-planned session of this user may be completed: a second click
                // (or a race with another tab) must not write a second journal entry. The
                // writer lock and IMMEDIATE transaction keep this check and the writes atomic.
                let mut rows = c
                    .query(
                        "SELECT 1 FROM program_sessions \
                         WHERE id = ?1 AND user_id = ?2 AND status = 'planned'",
                        libsql::params![session.id.as_str(), user_id],
                    )
                    .await?;
                if rows.next().await?.is_none() {
                    return Ok(false);
                }
                // The entry first: the session row references it.
                c.execute(journal::INSERT, journal::params(user_id, entry))
                    .await?;
                finish_session_on(c, user_id, session).await?;
                Ok(true)
            })
            .await
    }
}
