//! Coach proposals on PostgreSQL. Every call runs as the climber: the coach's insert,
//! withdrawal, pruning and reads pass the policies of migrations/postgres/0009 only while the
//! athlete shares programs with the team; the athlete reads theirs, sets the status and
//! writes their own program rows (owner policies), in one transaction.
use async_trait::async_trait;
use sqlx::Row;

use super::programs::{insert_program, row_to_session, SESSION_COLUMNS};
use super::{corrupt, from_json, parse_id, to_json, user_uuid};
use crate::domain::program::proposal::{fingerprint, ProposalKind, ProposalStatus};
use crate::domain::program::tracking::SessionStatus;
use crate::server::pg::{Actor, Pg};
use crate::server::stores::proposals::{AcceptOutcome, Applying, ProposalRecord, ProposalStore};
use crate::server::stores::StoreError;

pub struct PgProposals {
    pg: Pg,
}

impl PgProposals {
    pub fn new(pg: Pg) -> Self {
        Self { pg }
    }
}

const COLUMNS: &str = "id::text, team_id::text, coach_id::text, coach_name, athlete_id::text, \
    kind, program::text, base_program_id::text, base_version, note, status, \
    ts_to_ms(created_at), ts_to_ms(decided_at)";

fn row_to_proposal(r: &sqlx::postgres::PgRow) -> Result<ProposalRecord, StoreError> {
    let kind: String = r.try_get(5)?;
    let program: String = r.try_get(6)?;
    let status: String = r.try_get(10)?;
    Ok(ProposalRecord {
        id: r.try_get(0)?,
        team_id: r.try_get(1)?,
        coach_id: r.try_get(2)?,
        coach_name: r.try_get(3)?,
        athlete_id: r.try_get(4)?,
        kind: ProposalKind::from_code(&kind)
            .ok_or_else(|| corrupt("program proposal", "kind", &kind))?,
        program: from_json("program proposal", "program", &program)?,
        base_program_id: r.try_get(7)?,
        base_version: r.try_get(8)?,
        note: r.try_get(9)?,
        status: ProposalStatus::from_code(&status)
            .ok_or_else(|| corrupt("program proposal", "status", &status))?,
        created_at: r.try_get(11)?,
        decided_at: r.try_get(12)?,
    })
}

#[async_trait]
impl ProposalStore for PgProposals {
    async fn propose(&self, r: &ProposalRecord, keep: u32, now: i64) -> Result<bool, StoreError> {
        let coach = user_uuid(&r.coach_id)?;
        let Some(athlete) = parse_id(&r.athlete_id) else {
            return Ok(false);
        };
        let id = parse_id(&r.id).ok_or_else(|| corrupt("program proposal", "id", &r.id))?;
        let base = r.base_program_id.as_deref().and_then(parse_id);
        let mut tx = self.pg.begin(Actor::User(&r.coach_id)).await?;
        // The team: one the climber coaches the athlete in, sharing programs (the policies
        // check it again on the insert).
        let team: Option<uuid::Uuid> = sqlx::query_scalar(
            "SELECT a.team_id FROM team_athletes a JOIN team_coaches c ON c.team_id = a.team_id \
             WHERE c.user_id = $1 AND a.user_id = $2 AND a.share_programs \
             ORDER BY a.team_id LIMIT 1",
        )
        .bind(coach)
        .bind(athlete)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(team) = team else {
            return Ok(false);
        };
        sqlx::query(
            "UPDATE program_proposals SET status = 'withdrawn', decided_at = ms_to_ts($3) \
             WHERE coach_id = $1 AND athlete_id = $2 AND status = 'pending'",
        )
        .bind(coach)
        .bind(athlete)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO program_proposals (id, team_id, coach_id, coach_name, athlete_id, kind, \
               program, base_program_id, base_version, note, status, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, 'pending', ms_to_ts($11))",
        )
        .bind(id)
        .bind(team)
        .bind(coach)
        .bind(&r.coach_name)
        .bind(athlete)
        .bind(r.kind.code())
        .bind(to_json("program proposal", &r.program)?)
        .bind(base)
        .bind(&r.base_version)
        .bind(&r.note)
        .bind(r.created_at)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM program_proposals WHERE coach_id = $1 AND athlete_id = $2 \
               AND status <> 'pending' AND id NOT IN (SELECT id FROM program_proposals \
                 WHERE coach_id = $1 AND athlete_id = $2 AND status <> 'pending' \
                 ORDER BY created_at DESC, id DESC LIMIT $3)",
        )
        .bind(coach)
        .bind(athlete)
        .bind(i64::from(keep))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn coach_proposals(
        &self,
        coach_id: &str,
        athlete_id: &str,
        limit: u32,
    ) -> Result<Vec<ProposalRecord>, StoreError> {
        let Some(athlete) = parse_id(athlete_id) else {
            return Ok(Vec::new());
        };
        let mut tx = self.pg.begin(Actor::User(coach_id)).await?;
        // The select policy adds: only while the athlete shares programs with the team.
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM program_proposals p WHERE coach_id = $1 AND athlete_id = $2 \
             AND EXISTS (SELECT 1 FROM team_athletes a JOIN team_coaches c \
               ON c.team_id = a.team_id WHERE a.team_id = p.team_id AND a.user_id = $2 \
               AND c.user_id = $1 AND a.share_programs) \
             ORDER BY created_at DESC, id DESC LIMIT $3"
        ))
        .bind(user_uuid(coach_id)?)
        .bind(athlete)
        .bind(i64::from(limit))
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter().map(row_to_proposal).collect()
    }

    async fn pending(&self, athlete_id: &str) -> Result<Vec<ProposalRecord>, StoreError> {
        let mut tx = self.pg.begin(Actor::User(athlete_id)).await?;
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM program_proposals WHERE athlete_id = $1 \
             AND status = 'pending' ORDER BY created_at DESC, id DESC"
        ))
        .bind(user_uuid(athlete_id)?)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter().map(row_to_proposal).collect()
    }

    async fn get(&self, athlete_id: &str, id: &str) -> Result<Option<ProposalRecord>, StoreError> {
        let Some(id) = parse_id(id) else {
            return Ok(None);
        };
        let mut tx = self.pg.begin(Actor::User(athlete_id)).await?;
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM program_proposals WHERE id = $1 AND athlete_id = $2"
        ))
        .bind(id)
        .bind(user_uuid(athlete_id)?)
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        row.as_ref().map(row_to_proposal).transpose()
    }

    async fn accept(
        &self,
        athlete_id: &str,
        id: &str,
        applying: Applying<'_>,
        now: i64,
    ) -> Result<AcceptOutcome, StoreError> {
        let Some(id) = parse_id(id) else {
            return Ok(AcceptOutcome::NotFound);
        };
        let user = user_uuid(athlete_id)?;
        // Dropped without commit on every refusal: nothing is written.
        let mut tx = self.pg.begin(Actor::User(athlete_id)).await?;
        // One program change per climber at a time, as `PgPrograms::create`.
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind(format!("program:{athlete_id}"))
            .execute(&mut *tx)
            .await?;
        let n = sqlx::query(
            "UPDATE program_proposals SET status = 'accepted', decided_at = ms_to_ts($3) \
             WHERE id = $1 AND athlete_id = $2 AND status = 'pending'",
        )
        .bind(id)
        .bind(user)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            return Ok(AcceptOutcome::NotFound);
        }
        match applying {
            Applying::NewProgram { program, sessions } => {
                insert_program(&mut tx, athlete_id, program, sessions, true, now).await?;
            }
            Applying::Edit {
                base_program_id,
                base_version,
                sessions,
            } => {
                let Some(base) = parse_id(base_program_id) else {
                    return Ok(AcceptOutcome::Stale);
                };
                let rows = sqlx::query(&format!(
                    "SELECT {SESSION_COLUMNS} FROM training_sessions WHERE user_id = $1 \
                     AND program_id = $2 AND EXISTS (SELECT 1 FROM training_programs \
                       WHERE id = $2 AND user_id = $1 AND active) \
                     ORDER BY date, position FOR UPDATE"
                ))
                .bind(user)
                .bind(base)
                .fetch_all(&mut *tx)
                .await?;
                let current = rows
                    .iter()
                    .map(row_to_session)
                    .collect::<Result<Vec<_>, _>>()?;
                if current.is_empty() || fingerprint(&current) != base_version {
                    return Ok(AcceptOutcome::Stale);
                }
                for s in sessions {
                    let Some(old) = current.iter().find(|o| o.id == s.id) else {
                        return Ok(AcceptOutcome::Stale);
                    };
                    if old.date == s.date && old.status == s.status {
                        continue;
                    }
                    if old.status != SessionStatus::Planned {
                        return Ok(AcceptOutcome::Stale);
                    }
                    let n = sqlx::query(
                        "UPDATE training_sessions SET date = $3::date, status = $4 \
                         WHERE id = $1 AND user_id = $2 AND status = 'planned'",
                    )
                    .bind(parse_id(&s.id).ok_or_else(|| corrupt("program", "session id", &s.id))?)
                    .bind(user)
                    .bind(s.date.to_string())
                    .bind(s.status.code())
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if n != 1 {
                        return Ok(AcceptOutcome::Stale);
                    }
                }
            }
        }
        tx.commit().await?;
        Ok(AcceptOutcome::Accepted)
    }

    async fn decline(&self, athlete_id: &str, id: &str, now: i64) -> Result<bool, StoreError> {
        let Some(id) = parse_id(id) else {
            return Ok(false);
        };
        let mut tx = self.pg.begin(Actor::User(athlete_id)).await?;
        let n = sqlx::query(
            "UPDATE program_proposals SET status = 'declined', decided_at = ms_to_ts($3) \
             WHERE id = $1 AND athlete_id = $2 AND status = 'pending'",
        )
        .bind(id)
        .bind(user_uuid(athlete_id)?)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(n == 1)
    }
}
