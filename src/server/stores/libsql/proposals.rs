//! Coach proposals on libSQL. No RLS here: the coach's writes and reads carry the
//! membership-and-programs-shared check of the PostgreSQL policies
//! (migrations/postgres/0009) as an `EXISTS` in the same statement; the athlete's are scoped
//! by `athlete_id`. Accepting runs in one write transaction (the writer lock), so the check
//! that the program is unchanged and the writes can't interleave with another change.
use async_trait::async_trait;
use libsql::Value;

use super::programs::{insert_program, row_to_session, SESSION_COLUMNS};
use crate::domain::program::proposal::{fingerprint, ProposalKind, ProposalStatus};
use crate::domain::program::tracking::SessionStatus;
use crate::server::db::Db;
use crate::server::stores::proposals::{AcceptOutcome, Applying, ProposalRecord, ProposalStore};
use crate::server::stores::StoreError;

pub struct LibsqlProposals {
    db: Db,
}

impl LibsqlProposals {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    super::corrupt("program proposal", what, e)
}

const COLUMNS: &str = "id, team_id, coach_id, coach_name, athlete_id, kind, program, \
    base_program_id, base_version, note, status, created_at, decided_at";

/// The coach `?1` coaches the athlete `?2` in the proposal's team, which shares programs.
const SHARED: &str = "EXISTS (SELECT 1 FROM team_athletes a JOIN team_coaches c \
    ON c.team_id = a.team_id WHERE a.team_id = program_proposals.team_id \
    AND a.user_id = ?2 AND c.user_id = ?1 AND a.share_programs = 1)";

fn row_to_proposal(row: &libsql::Row) -> Result<ProposalRecord, StoreError> {
    let kind: String = row.get(5)?;
    let program: String = row.get(6)?;
    let status: String = row.get(10)?;
    Ok(ProposalRecord {
        id: row.get(0)?,
        team_id: row.get(1)?,
        coach_id: row.get(2)?,
        coach_name: row.get(3)?,
        athlete_id: row.get(4)?,
        kind: ProposalKind::from_code(&kind).ok_or_else(|| corrupt("kind", &kind))?,
        program: serde_json::from_str(&program).map_err(|e| corrupt("program", e))?,
        base_program_id: row.get(7)?,
        base_version: row.get(8)?,
        note: row.get(9)?,
        status: ProposalStatus::from_code(&status).ok_or_else(|| corrupt("status", &status))?,
        created_at: row.get(11)?,
        decided_at: row.get(12)?,
    })
}

async fn collect(mut rows: libsql::Rows) -> Result<Vec<ProposalRecord>, StoreError> {
    let mut out = Vec::new();
    while let Some(row) = rows.next().await? {
        out.push(row_to_proposal(&row)?);
    }
    Ok(out)
}

#[async_trait]
impl ProposalStore for LibsqlProposals {
    async fn propose(&self, r: &ProposalRecord, keep: u32, now: i64) -> Result<bool, StoreError> {
        let program = serde_json::to_string(&r.program).map_err(|e| corrupt("program", e))?;
        self.db
            .write(async |c| {
                c.execute(
                    &format!(
                        "UPDATE program_proposals SET status = 'withdrawn', decided_at = ?3 \
                         WHERE coach_id = ?1 AND athlete_id = ?2 AND status = 'pending' \
                         AND {SHARED}"
                    ),
                    libsql::params![r.coach_id.as_str(), r.athlete_id.as_str(), now],
                )
                .await?;
                let n = c
                    .execute(
                        "INSERT INTO program_proposals (id, team_id, coach_id, coach_name, \
                           athlete_id, kind, program, base_program_id, base_version, note, \
                           status, created_at) \
                         SELECT ?3, a.team_id, ?1, ?4, ?2, ?5, ?6, ?7, ?8, ?9, 'pending', ?10 \
                         FROM team_athletes a JOIN team_coaches c ON c.team_id = a.team_id \
                         WHERE c.user_id = ?1 AND a.user_id = ?2 AND a.share_programs = 1 \
                         ORDER BY a.team_id LIMIT 1",
                        vec![
                            Value::Text(r.coach_id.clone()),
                            Value::Text(r.athlete_id.clone()),
                            Value::Text(r.id.clone()),
                            Value::Text(r.coach_name.clone()),
                            Value::Text(r.kind.code().into()),
                            Value::Text(program),
                            r.base_program_id
                                .clone()
                                .map(Value::Text)
                                .unwrap_or(Value::Null),
                            Value::Text(r.base_version.clone()),
                            Value::Text(r.note.clone()),
                            Value::Integer(r.created_at),
                        ],
                    )
                    .await?;
                if n != 1 {
                    // Nothing shared: the withdrawal above matched nothing either.
                    return Ok(false);
                }
                c.execute(
                    "DELETE FROM program_proposals WHERE coach_id = ?1 AND athlete_id = ?2 \
                       AND status <> 'pending' AND id NOT IN (SELECT id FROM program_proposals \
                         WHERE coach_id = ?1 AND athlete_id = ?2 AND status <> 'pending' \
                         ORDER BY created_at DESC, id DESC LIMIT ?3)",
                    libsql::params![r.coach_id.as_str(), r.athlete_id.as_str(), keep],
                )
                .await?;
                Ok(true)
            })
            .await
    }

    async fn coach_proposals(
        &self,
        coach_id: &str,
        athlete_id: &str,
        limit: u32,
    ) -> Result<Vec<ProposalRecord>, StoreError> {
        let conn = self.db.conn().await?;
        let rows = conn
            .query(
                &format!(
                    "SELECT {COLUMNS} FROM program_proposals WHERE coach_id = ?1 \
                     AND athlete_id = ?2 AND {SHARED} ORDER BY created_at DESC, id DESC LIMIT ?3"
                ),
                libsql::params![coach_id, athlete_id, limit],
            )
            .await?;
        collect(rows).await
    }

    async fn pending(&self, athlete_id: &str) -> Result<Vec<ProposalRecord>, StoreError> {
        let conn = self.db.conn().await?;
        let rows = conn
            .query(
                &format!(
                    "SELECT {COLUMNS} FROM program_proposals WHERE athlete_id = ?1 \
                     AND status = 'pending' ORDER BY created_at DESC, id DESC"
                ),
                libsql::params![athlete_id],
            )
            .await?;
        collect(rows).await
    }

    async fn get(&self, athlete_id: &str, id: &str) -> Result<Option<ProposalRecord>, StoreError> {
        let conn = self.db.conn().await?;
        let rows = conn
            .query(
                &format!(
                    "SELECT {COLUMNS} FROM program_proposals WHERE id = ?1 AND athlete_id = ?2"
                ),
                libsql::params![id, athlete_id],
            )
            .await?;
        Ok(collect(rows).await?.pop())
    }

    async fn accept(
        &self,
        athlete_id: &str,
        id: &str,
        applying: Applying<'_>,
        now: i64,
    ) -> Result<AcceptOutcome, StoreError> {
        // A refusal rolls the transaction back (the status update with it).
        enum Refused {
            Outcome(AcceptOutcome),
            Store(StoreError),
        }
        impl From<crate::server::db::DbError> for Refused {
            fn from(e: crate::server::db::DbError) -> Self {
                Refused::Store(e.into())
            }
        }
        impl From<libsql::Error> for Refused {
            fn from(e: libsql::Error) -> Self {
                Refused::Store(e.into())
            }
        }
        impl From<StoreError> for Refused {
            fn from(e: StoreError) -> Self {
                Refused::Store(e)
            }
        }
        let result = self
            .db
            .write(async |c| -> Result<(), Refused> {
                let n = c
                    .execute(
                        "UPDATE program_proposals SET status = 'accepted', decided_at = ?3 \
                         WHERE id = ?1 AND athlete_id = ?2 AND status = 'pending'",
                        libsql::params![id, athlete_id, now],
                    )
                    .await?;
                if n != 1 {
                    return Err(Refused::Outcome(AcceptOutcome::NotFound));
                }
                match applying {
                    Applying::NewProgram { program, sessions } => {
                        insert_program(c, athlete_id, program, sessions, true, now).await?;
                    }
                    Applying::Edit {
                        base_program_id,
                        base_version,
                        sessions,
                    } => {
                        let mut rows = c
                            .query(
                                &format!(
                                    "SELECT {SESSION_COLUMNS} FROM program_sessions \
                                     WHERE user_id = ?1 AND program_id = ?2 AND EXISTS \
                                       (SELECT 1 FROM programs WHERE id = ?2 AND user_id = ?1 \
                                        AND active = 1) ORDER BY date, position"
                                ),
                                libsql::params![athlete_id, base_program_id],
                            )
                            .await?;
                        let mut current = Vec::new();
                        while let Some(row) = rows.next().await? {
                            current.push(row_to_session(&row)?);
                        }
                        drop(rows);
                        if current.is_empty() || fingerprint(&current) != base_version {
                            return Err(Refused::Outcome(AcceptOutcome::Stale));
                        }
                        for s in sessions {
                            let Some(old) = current.iter().find(|o| o.id == s.id) else {
                                return Err(Refused::Outcome(AcceptOutcome::Stale));
                            };
                            if old.date == s.date && old.status == s.status {
                                continue;
                            }
                            // Only planned sessions change (as the athlete's own moves).
                            let n = c
                                .execute(
                                    "UPDATE program_sessions SET date = ?3, status = ?4 \
                                     WHERE id = ?1 AND user_id = ?2 AND status = 'planned'",
                                    libsql::params![
                                        s.id.as_str(),
                                        athlete_id,
                                        s.date.to_string(),
                                        s.status.code()
                                    ],
                                )
                                .await?;
                            if n != 1 || old.status != SessionStatus::Planned {
                                return Err(Refused::Outcome(AcceptOutcome::Stale));
                            }
                        }
                    }
                }
                Ok(())
            })
            .await;
        match result {
            Ok(()) => Ok(AcceptOutcome::Accepted),
            Err(Refused::Outcome(o)) => Ok(o),
            Err(Refused::Store(e)) => Err(e),
        }
    }

    async fn decline(&self, athlete_id: &str, id: &str, now: i64) -> Result<bool, StoreError> {
        self.db
            .write(async |c| {
                let n = c
                    .execute(
                        "UPDATE program_proposals SET status = 'declined', decided_at = ?3 \
                         WHERE id = ?1 AND athlete_id = ?2 AND status = 'pending'",
                        libsql::params![id, athlete_id, now],
                    )
                    .await?;
                Ok(n == 1)
            })
            .await
    }
}
