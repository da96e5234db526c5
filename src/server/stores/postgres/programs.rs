use async_trait::async_trait;
use sqlx::postgres::PgRow;
use sqlx::Row;

use super::{corrupt, from_json, parse_id, small, to_json, user_uuid};
use crate::domain::journal::JournalEntry;
use crate::domain::program::tracking::{Program, ProgramSession, SessionStatus};
use crate::domain::when::Date;
use crate::server::pg::{Actor, Pg};
use crate::server::stores::{ProgramStore, StoreError};

pub struct PgPrograms {
    pg: Pg,
}

impl PgPrograms {
    pub fn new(pg: Pg) -> Self {
        Self { pg }
    }
}

pub(super) const PROGRAM_COLUMNS: &str = "id::text, assessment_id::text, active, plan::text, \
                               ts_to_ms(created_at), ts_to_ms(archived_at)";
pub(super) const SESSION_COLUMNS: &str = "id::text, program_id::text, position::bigint, \
    to_char(date, 'YYYY-MM-DD'), planned::text, status, rpe::bigint, notes, \
    journal_entry_id::text, ts_to_ms(completed_at)";

pub(super) fn row_to_program(r: &PgRow) -> Result<Program, StoreError> {
    let plan: String = r.try_get(3)?;
    Ok(Program {
        id: r.try_get(0)?,
        assessment_id: r.try_get(1)?,
        active: r.try_get(2)?,
        plan: from_json("program", "plan", &plan)?,
        created_at: r.try_get(4)?,
        archived_at: r.try_get(5)?,
    })
}

pub(super) fn row_to_session(r: &PgRow) -> Result<ProgramSession, StoreError> {
    let date: String = r.try_get(3)?;
    let planned: String = r.try_get(4)?;
    let status: String = r.try_get(5)?;
    Ok(ProgramSession {
        id: r.try_get(0)?,
        program_id: r.try_get(1)?,
        position: r.try_get::<i64, _>(2)? as u32,
        date: Date::parse_iso(&date).ok_or_else(|| corrupt("program", "date", &date))?,
        planned: from_json("program", "session", &planned)?,
        status: SessionStatus::from_code(&status)
            .ok_or_else(|| corrupt("program", "status", &status))?,
        rpe: small(r.try_get(6)?),
        notes: r.try_get(7)?,
        journal_entry_id: r.try_get(8)?,
        completed_at: r.try_get(9)?,
        held_for_pain: false,
    })
}

fn required_id(what: &str, id: &str) -> Result<uuid::Uuid, StoreError> {
    parse_id(id).ok_or_else(|| corrupt("program", what, id))
}

fn optional_id(what: &str, id: &Option<String>) -> Result<Option<uuid::Uuid>, StoreError> {
    id.as_deref().map(|s| required_id(what, s)).transpose()
}

/// Saves a program with its sessions inside the caller's transaction (as the climber),
/// archiving the active one first with `replace_active` (also used by accepting a coach's
/// proposal).
pub(super) async fn insert_program(
    tx: &mut crate::server::pg::TimedConn,
    user_id: &str,
    program: &Program,
    sessions: &[ProgramSession],
    replace_active: bool,
    now: i64,
) -> Result<(), StoreError> {
    let user = user_uuid(user_id)?;
    let program_id = required_id("id", &program.id)?;
    if replace_active {
        sqlx::query(
            "UPDATE training_programs SET active = false, archived_at = ms_to_ts($2) \
             WHERE user_id = $1 AND active",
        )
        .bind(user)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "INSERT INTO training_programs \
           (user_id, id, assessment_id, active, plan, created_at, archived_at) \
         VALUES ($1, $2, $3, $4, $5::jsonb, ms_to_ts($6), ms_to_ts($7))",
    )
    .bind(user)
    .bind(program_id)
    .bind(optional_id("assessment id", &program.assessment_id)?)
    .bind(program.active)
    .bind(to_json("program", &program.plan)?)
    .bind(program.created_at)
    .bind(program.archived_at)
    .execute(&mut *tx)
    .await?;
    for s in sessions {
        sqlx::query(
            "INSERT INTO training_sessions (user_id, id, program_id, position, date, \
               planned, status, rpe, notes, journal_entry_id, completed_at) \
             VALUES ($1, $2, $3, $4, $5::date, $6::jsonb, $7, $8, $9, $10, ms_to_ts($11))",
        )
        .bind(user)
        .bind(required_id("session id", &s.id)?)
        .bind(program_id)
        .bind(s.position as i32)
        .bind(s.date.to_string())
        .bind(to_json("program", &s.planned)?)
        .bind(s.status.code())
        .bind(s.rpe.map(i16::from))
        .bind(&s.notes)
        .bind(optional_id("journal entry id", &s.journal_entry_id)?)
        .bind(s.completed_at)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

#[async_trait]
impl ProgramStore for PgPrograms {
    async fn create(
        &self,
        user_id: &str,
        program: &Program,
        sessions: &[ProgramSession],
        replace_active: bool,
        now: i64,
    ) -> Result<(), StoreError> {
        // One transaction: the program and all its sessions, or nothing.
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        // One program change per climber at a time (two tabs pressing "replace"): the second
        // waits, then archives the first's program, as libSQL's writer lock makes it do.
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind(format!("program:{user_id}"))
            .execute(&mut *tx)
            .await?;
        insert_program(&mut tx, user_id, program, sessions, replace_active, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn active(&self, user_id: &str) -> Result<Option<Program>, StoreError> {
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        let row = sqlx::query(&format!(
            "SELECT {PROGRAM_COLUMNS} FROM training_programs WHERE user_id = $1 AND active"
        ))
        .bind(user_uuid(user_id)?)
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        row.as_ref().map(row_to_program).transpose()
    }

    async fn list(&self, user_id: &str) -> Result<Vec<Program>, StoreError> {
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        let rows = sqlx::query(&format!(
            "SELECT {PROGRAM_COLUMNS} FROM training_programs WHERE user_id = $1 \
             ORDER BY active DESC, created_at DESC, id DESC"
        ))
        .bind(user_uuid(user_id)?)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter().map(row_to_program).collect()
    }

    async fn sessions(
        &self,
        user_id: &str,
        program_id: &str,
    ) -> Result<Vec<ProgramSession>, StoreError> {
        let Some(program_id) = parse_id(program_id) else {
            return Ok(Vec::new());
        };
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        let rows = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM training_sessions \
             WHERE user_id = $1 AND program_id = $2 ORDER BY date, position"
        ))
        .bind(user_uuid(user_id)?)
        .bind(program_id)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter().map(row_to_session).collect()
    }

    async fn session(&self, user_id: &str, id: &str) -> Result<Option<ProgramSession>, StoreError> {
        let Some(id) = parse_id(id) else {
            return Ok(None);
        };
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        let row = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM training_sessions WHERE id = $1 AND user_id = $2"
        ))
        .bind(id)
        .bind(user_uuid(user_id)?)
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        row.as_ref().map(row_to_session).transpose()
    }

    async fn reschedule(
        &self,
        user_id: &str,
        id: &str,
        date: Date,
        status: SessionStatus,
    ) -> Result<bool, StoreError> {
        let Some(id) = parse_id(id) else {
            return Ok(false);
        };
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        let n = sqlx::query(
            "UPDATE training_sessions SET date = $3::date, status = $4 \
             WHERE id = $1 AND user_id = $2 AND status = 'planned'",
        )
        .bind(id)
        .bind(user_uuid(user_id)?)
        .bind(date.to_string())
        .bind(status.code())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(n == 1)
    }

    async fn complete_session(
        &self,
        user_id: &str,
        s: &ProgramSession,
        entry: &JournalEntry,
    ) -> Result<bool, StoreError> {
        let Some(id) = parse_id(&s.id) else {
            return Ok(false);
        };
        let user = user_uuid(user_id)?;
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        // Lock the still-planned row: a second click (or another tab) waits here and then
        // finds it done, so the journal entry is never written twice.
        let planned: Option<i32> = sqlx::query_scalar(
            "SELECT 1 FROM training_sessions \
             WHERE id = $1 AND user_id = $2 AND status = 'planned' FOR UPDATE",
        )
        .bind(id)
        .bind(user)
        .fetch_optional(&mut *tx)
        .await?;
        if planned.is_none() {
            return Ok(false);
        }
        // The entry first: the session row references it.
        super::journal::insert_on(&mut tx, user_id, entry).await?;
        sqlx::query(
            "UPDATE training_sessions SET date = $3::date, status = $4, rpe = $5, notes = $6, \
               journal_entry_id = $7, completed_at = ms_to_ts($8) \
             WHERE id = $1 AND user_id = $2 AND status = 'planned'",
        )
        .bind(id)
        .bind(user)
        .bind(s.date.to_string())
        .bind(s.status.code())
        .bind(s.rpe.map(i16::from))
        .bind(&s.notes)
        .bind(optional_id("journal entry id", &s.journal_entry_id)?)
        .bind(s.completed_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}
