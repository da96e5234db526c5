//! Teams on libSQL. There is no RLS here: every read of an athlete's rows carries the same
//! membership-and-area check the PostgreSQL policies apply (migrations/postgres/0008), as
//! an `EXISTS` on the membership tables in the same statement.
use async_trait::async_trait;
use libsql::Value;

use super::assessments::{row_to_assessment, COLUMNS as ASSESSMENT_COLUMNS};
use super::journal::{row_to_entry, COLUMNS as JOURNAL_COLUMNS};
use super::programs::{row_to_program, row_to_session, PROGRAM_COLUMNS, SESSION_COLUMNS};
use crate::domain::assessment::Assessment;
use crate::domain::journal::JournalEntry;
use crate::domain::program::tracking::{Program, ProgramSession, SessionStatus};
use crate::domain::team::{
    AthleteActivity, DayMark, Membership, SessionMark, Sharing, TeamAthlete, TeamRole,
};
use crate::domain::when::Date;
use crate::server::db::Db;
use crate::server::stores::teams::{
    figures_only, MAX_ATHLETES, MAX_OPEN_INVITES, MAX_TEAMS_COACHED,
};
use crate::server::stores::teams::{
    AcceptOutcome, CommentRecord, CommentTarget, InviteRecord, JournalUse, TeamRecord, TeamStore,
};
use crate::server::stores::StoreError;

pub struct LibsqlTeams {
    db: Db,
}

impl LibsqlTeams {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    super::corrupt("team", what, e)
}

/// `?1` coaches `?2` in a team where `condition` (on `a`, the athlete's membership) holds.
fn coaches(condition: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM team_athletes a JOIN team_coaches c ON c.team_id = a.team_id \
         WHERE c.user_id = ?1 AND a.user_id = ?2 AND ({condition}))"
    )
}

const SHARE_COLUMNS: &str =
    "a.share_journal, a.share_assessments, a.share_programs, a.share_progress";

fn sharing_at(row: &libsql::Row, first: i32) -> Result<Sharing, StoreError> {
    let flag = |i: i32| -> Result<bool, StoreError> { Ok(row.get::<i64>(i)? != 0) };
    Ok(Sharing {
        journal: flag(first)?,
        assessments: flag(first + 1)?,
        programs: flag(first + 2)?,
        progress: flag(first + 3)?,
    })
}

fn b(v: bool) -> i64 {
    i64::from(v)
}

fn row_to_invite(row: &libsql::Row) -> Result<InviteRecord, StoreError> {
    Ok(InviteRecord {
        id: row.get(0)?,
        team_id: row.get(1)?,
        token_hash: row.get(2)?,
        inviter_name: row.get(3)?,
        team_name: row.get(4)?,
        created_at: row.get(5)?,
        expires_at: row.get(6)?,
        used_at: row.get(7)?,
    })
}

const INVITE_COLUMNS: &str =
    "id, team_id, token_hash, inviter_name, team_name, created_at, expires_at, used_at";

fn row_to_comment(row: &libsql::Row) -> Result<CommentRecord, StoreError> {
    let kind: String = row.get(4)?;
    Ok(CommentRecord {
        id: row.get(0)?,
        coach_id: row.get(1)?,
        coach_name: row.get(2)?,
        athlete_id: row.get(3)?,
        target: CommentTarget::from_code(&kind).ok_or_else(|| corrupt("comment kind", &kind))?,
        target_id: row.get(5)?,
        body: row.get(6)?,
        created_at: row.get(7)?,
        read_at: row.get(8)?,
    })
}

const COMMENT_COLUMNS: &str =
    "id, coach_id, coach_name, athlete_id, target_kind, target_id, body, created_at, read_at";

/// A claim's refusal: an outcome to report (the transaction rolls back), or a store error.
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

/// A coach's link: `user_id` becomes a coach of the invite's team, unless they're on it
/// already or coach `MAX_TEAMS_COACHED` teams. In the claim's write transaction.
async fn join_as_coach(
    c: &crate::server::db::PooledConn,
    invite: &InviteRecord,
    user_id: &str,
    name: &str,
    now: i64,
) -> Result<String, Refused> {
    let mut rows = c
        .query(
            "SELECT (SELECT count(*) FROM team_coaches WHERE user_id = ?1), \
               EXISTS (SELECT 1 FROM team_coaches WHERE user_id = ?1 AND team_id = ?2) \
               OR EXISTS (SELECT 1 FROM team_athletes WHERE user_id = ?1 AND team_id = ?2)",
            libsql::params![user_id, invite.team_id.as_str()],
        )
        .await?;
    let (coached, member) = match rows.next().await? {
        Some(row) => (row.get::<i64>(0)? as u64, row.get::<i64>(1)? != 0),
        None => (0, false),
    };
    drop(rows);
    if member {
        return Err(Refused::Outcome(AcceptOutcome::AlreadyMember));
    }
    if coached >= MAX_TEAMS_COACHED {
        return Err(Refused::Outcome(AcceptOutcome::TooManyTeams));
    }
    c.execute(
        "UPDATE team_invites SET used_at = ?2, used_by = ?3 WHERE id = ?1",
        libsql::params![invite.id.as_str(), now, user_id],
    )
    .await?;
    c.execute(
        "INSERT INTO team_coaches (team_id, user_id, name, added_at) VALUES (?1, ?2, ?3, ?4)",
        libsql::params![invite.team_id.as_str(), user_id, name, now],
    )
    .await?;
    Ok(invite.team_id.clone())
}

impl LibsqlTeams {
    /// An invite for `role` ("athlete" or "coach"): only a coach of the team makes one, and
    /// only while it has fewer than `MAX_OPEN_INVITES` open ones (one statement, in the
    /// write transaction).
    async fn insert_invite(
        &self,
        coach_id: &str,
        i: &InviteRecord,
        role: &str,
    ) -> Result<bool, StoreError> {
        self.db
            .write(async |c| {
                let n = c
                    .execute(
                        "INSERT INTO team_invites (id, team_id, token_hash, created_by, \
                           inviter_name, team_name, created_at, expires_at, role) \
                         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?10 WHERE EXISTS \
                           (SELECT 1 FROM team_coaches WHERE team_id = ?2 AND user_id = ?4) \
                         AND (SELECT count(*) FROM team_invites WHERE team_id = ?2 \
                           AND used_at IS NULL AND expires_at > ?7) < ?9",
                        libsql::params![
                            i.id.as_str(),
                            i.team_id.as_str(),
                            i.token_hash.as_str(),
                            coach_id,
                            i.inviter_name.as_str(),
                            i.team_name.as_str(),
                            i.created_at,
                            i.expires_at,
                            MAX_OPEN_INVITES as i64,
                            role
                        ],
                    )
                    .await?;
                Ok(n == 1)
            })
            .await
    }

    async fn names(
        &self,
        sql: &str,
        params: Vec<libsql::Value>,
    ) -> Result<Vec<String>, StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn.query(sql, params).await?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().await? {
            out.push(row.get::<String>(0)?);
        }
        Ok(out)
    }
}

#[async_trait]
impl TeamStore for LibsqlTeams {
    async fn create_team(
        &self,
        user_id: &str,
        team: &TeamRecord,
        coach_name: &str,
    ) -> Result<bool, StoreError> {
        self.db
            .write(async |c| {
                // In the write transaction (one writer at a time): the count can't change
                // between this check and the insert.
                let mut rows = c
                    .query(
                        "SELECT count(*) FROM team_coaches WHERE user_id = ?1",
                        libsql::params![user_id],
                    )
                    .await?;
                let coached = match rows.next().await? {
                    Some(row) => row.get::<i64>(0)? as u64,
                    None => 0,
                };
                drop(rows);
                if coached >= MAX_TEAMS_COACHED {
                    return Ok(false);
                }
                c.execute(
                    "INSERT INTO teams (id, name, created_by, created_at) VALUES (?1, ?2, ?3, ?4)",
                    libsql::params![
                        team.id.as_str(),
                        team.name.as_str(),
                        user_id,
                        team.created_at
                    ],
                )
                .await?;
                c.execute(
                    "INSERT INTO team_coaches (team_id, user_id, name, added_at) \
                     VALUES (?1, ?2, ?3, ?4)",
                    libsql::params![team.id.as_str(), user_id, coach_name, team.created_at],
                )
                .await?;
                Ok(true)
            })
            .await
    }

    async fn teams_created(&self, user_id: &str) -> Result<u64, StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                "SELECT count(*) FROM teams WHERE created_by = ?1",
                libsql::params![user_id],
            )
            .await?;
        let row = rows.next().await?.ok_or_else(|| corrupt("count", "none"))?;
        Ok(row.get::<i64>(0)? as u64)
    }

    async fn memberships(&self, user_id: &str) -> Result<Vec<Membership>, StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                &format!(
                    "SELECT t.id, t.name, 'coach', 0, 0, 0, 0, '', c.added_at, \
                       t.created_by = ?1 \
                     FROM team_coaches c JOIN teams t ON t.id = c.team_id WHERE c.user_id = ?1 \
                     UNION ALL \
                     SELECT t.id, t.name, 'athlete', {SHARE_COLUMNS}, a.invited_by, a.joined_at, \
                       0 \
                     FROM team_athletes a JOIN teams t ON t.id = a.team_id WHERE a.user_id = ?1 \
                     ORDER BY 2, 1, 3"
                ),
                libsql::params![user_id],
            )
            .await?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().await? {
            let role: String = row.get(2)?;
            out.push(Membership {
                team_id: row.get(0)?,
                team_name: row.get(1)?,
                role: if role == "coach" {
                    TeamRole::Coach
                } else {
                    TeamRole::Athlete
                },
                sharing: sharing_at(&row, 3)?,
                invited_by: row.get(7)?,
                joined_at: row.get(8)?,
                maker: row.get::<i64>(9)? == 1,
                coaches: Vec::new(),
            });
        }
        Ok(out)
    }

    async fn athletes(
        &self,
        coach_id: &str,
        team_id: &str,
    ) -> Result<Vec<TeamAthlete>, StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                &format!(
                    "SELECT a.user_id, a.name, {SHARE_COLUMNS}, a.joined_at FROM team_athletes a \
                     WHERE a.team_id = ?2 AND EXISTS (SELECT 1 FROM team_coaches c \
                       WHERE c.team_id = a.team_id AND c.user_id = ?1) \
                     ORDER BY a.name, a.user_id"
                ),
                libsql::params![coach_id, team_id],
            )
            .await?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().await? {
            out.push(TeamAthlete {
                user_id: row.get(0)?,
                name: row.get(1)?,
                sharing: sharing_at(&row, 2)?,
                joined_at: row.get(6)?,
            });
        }
        Ok(out)
    }

    async fn shared_with(
        &self,
        coach_id: &str,
        athlete_id: &str,
    ) -> Result<Option<(String, Sharing)>, StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                &format!(
                    "SELECT a.name, {SHARE_COLUMNS} FROM team_athletes a \
                     JOIN team_coaches c ON c.team_id = a.team_id \
                     WHERE c.user_id = ?1 AND a.user_id = ?2"
                ),
                libsql::params![coach_id, athlete_id],
            )
            .await?;
        let mut out: Option<(String, Sharing)> = None;
        while let Some(row) = rows.next().await? {
            let s = sharing_at(&row, 1)?;
            out = Some(match out {
                Some((name, prev)) => (name, prev.union(s)),
                None => (row.get(0)?, s),
            });
        }
        Ok(out)
    }

    async fn create_invite(&self, coach_id: &str, i: &InviteRecord) -> Result<bool, StoreError> {
        self.insert_invite(coach_id, i, "athlete").await
    }

    async fn create_coach_invite(
        &self,
        coach_id: &str,
        i: &InviteRecord,
    ) -> Result<bool, StoreError> {
        self.insert_invite(coach_id, i, "coach").await
    }

    async fn invite_role(&self, token_hash: &str) -> Result<Option<TeamRole>, StoreError> {
        let roles = self
            .names(
                "SELECT role FROM team_invites WHERE token_hash = ?1",
                vec![token_hash.into()],
            )
            .await?;
        Ok(roles.first().map(|r| {
            if r == "coach" {
                TeamRole::Coach
            } else {
                TeamRole::Athlete
            }
        }))
    }

    async fn coach_names(&self, user_id: &str, team_id: &str) -> Result<Vec<String>, StoreError> {
        self.names(
            "SELECT c.name FROM team_coaches c WHERE c.team_id = ?2 AND (\
               EXISTS (SELECT 1 FROM team_athletes a WHERE a.team_id = ?2 AND a.user_id = ?1) \
               OR EXISTS (SELECT 1 FROM team_coaches m WHERE m.team_id = ?2 AND m.user_id = ?1)) \
             ORDER BY c.added_at, c.name",
            vec![user_id.into(), team_id.into()],
        )
        .await
    }

    async fn invite_coach_names(&self, token_hash: &str) -> Result<Vec<String>, StoreError> {
        self.names(
            "SELECT c.name FROM team_coaches c JOIN team_invites i ON i.team_id = c.team_id \
             WHERE i.token_hash = ?1 ORDER BY c.added_at, c.name",
            vec![token_hash.into()],
        )
        .await
    }

    async fn find_invite(&self, token_hash: &str) -> Result<Option<InviteRecord>, StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                &format!("SELECT {INVITE_COLUMNS} FROM team_invites WHERE token_hash = ?1"),
                libsql::params![token_hash],
            )
            .await?;
        match rows.next().await? {
            Some(row) => Ok(Some(row_to_invite(&row)?)),
            None => Ok(None),
        }
    }

    async fn accept_invite(
        &self,
        user_id: &str,
        token_hash: &str,
        name: &str,
        s: Sharing,
        now: i64,
    ) -> Result<AcceptOutcome, StoreError> {
        let result = self
            .db
            .write(async |c| -> Result<String, Refused> {
                let mut rows = c
                    .query(
                        &format!("SELECT {INVITE_COLUMNS} FROM team_invites WHERE token_hash = ?1"),
                        libsql::params![token_hash],
                    )
                    .await?;
                let invite = match rows.next().await? {
                    Some(row) => row_to_invite(&row).map_err(Refused::Store)?,
                    None => return Err(Refused::Outcome(AcceptOutcome::NotFound)),
                };
                drop(rows);
                if invite.used_at.is_some() {
                    return Err(Refused::Outcome(AcceptOutcome::Used));
                }
                if invite.expires_at <= now {
                    return Err(Refused::Outcome(AcceptOutcome::Expired));
                }
                let mut rows = c
                    .query(
                        "SELECT role FROM team_invites WHERE id = ?1",
                        libsql::params![invite.id.as_str()],
                    )
                    .await?;
                let role: String = match rows.next().await? {
                    Some(row) => row.get(0)?,
                    None => return Err(Refused::Outcome(AcceptOutcome::NotFound)),
                };
                drop(rows);
                if role == "coach" {
                    return join_as_coach(c, &invite, user_id, name, now).await;
                }
                // In the write transaction: no other claim can add an athlete meanwhile.
                let mut rows = c
                    .query(
                        "SELECT count(*) FROM team_athletes WHERE team_id = ?1",
                        libsql::params![invite.team_id.as_str()],
                    )
                    .await?;
                let athletes = match rows.next().await? {
                    Some(row) => row.get::<i64>(0)? as u64,
                    None => 0,
                };
                drop(rows);
                if athletes >= MAX_ATHLETES {
                    return Err(Refused::Outcome(AcceptOutcome::TeamFull));
                }
                c.execute(
                    "UPDATE team_invites SET used_at = ?2, used_by = ?3 WHERE id = ?1",
                    libsql::params![invite.id.as_str(), now, user_id],
                )
                .await?;
                let inserted = c
                    .execute(
                        "INSERT INTO team_athletes (team_id, user_id, name, invited_by, \
                           share_journal, share_assessments, share_programs, share_progress, \
                           joined_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        libsql::params![
                            invite.team_id.as_str(),
                            user_id,
                            name,
                            invite.inviter_name.as_str(),
                            b(s.journal),
                            b(s.assessments),
                            b(s.programs),
                            b(s.progress),
                            now
                        ],
                    )
                    .await;
                match inserted {
                    Ok(_) => Ok(invite.team_id),
                    Err(e) => match StoreError::from(e) {
                        StoreError::Duplicate => {
                            Err(Refused::Outcome(AcceptOutcome::AlreadyMember))
                        }
                        other => Err(Refused::Store(other)),
                    },
                }
            })
            .await;
        match result {
            Ok(team_id) => Ok(AcceptOutcome::Joined { team_id }),
            Err(Refused::Outcome(o)) => Ok(o),
            Err(Refused::Store(e)) => Err(e),
        }
    }

    async fn set_sharing(
        &self,
        user_id: &str,
        team_id: &str,
        s: Sharing,
    ) -> Result<bool, StoreError> {
        self.db
            .write(async |c| {
                let n = c
                    .execute(
                        "UPDATE team_athletes SET share_journal = ?3, share_assessments = ?4, \
                           share_programs = ?5, share_progress = ?6 \
                         WHERE team_id = ?1 AND user_id = ?2",
                        libsql::params![
                            team_id,
                            user_id,
                            b(s.journal),
                            b(s.assessments),
                            b(s.programs),
                            b(s.progress)
                        ],
                    )
                    .await?;
                Ok(n == 1)
            })
            .await
    }

    async fn leave(&self, user_id: &str, team_id: &str) -> Result<bool, StoreError> {
        self.db
            .write(async |c| {
                let n = c
                    .execute(
                        "DELETE FROM team_athletes WHERE team_id = ?1 AND user_id = ?2",
                        libsql::params![team_id, user_id],
                    )
                    .await?;
                if n == 1 {
                    return Ok(true);
                }
                let n = c
                    .execute(
                        "DELETE FROM team_coaches WHERE team_id = ?1 AND user_id = ?2 \
                         AND NOT EXISTS (SELECT 1 FROM teams t \
                           WHERE t.id = ?1 AND t.created_by = ?2)",
                        libsql::params![team_id, user_id],
                    )
                    .await?;
                if n == 1 {
                    c.execute(
                        "DELETE FROM team_invites \
                         WHERE team_id = ?1 AND created_by = ?2 AND used_at IS NULL",
                        libsql::params![team_id, user_id],
                    )
                    .await?;
                }
                Ok(n == 1)
            })
            .await
    }

    async fn activity(
        &self,
        coach_id: &str,
        team_id: &str,
        since: Date,
    ) -> Result<Vec<AthleteActivity>, StoreError> {
        let roster = self.athletes(coach_id, team_id).await?;
        if roster.is_empty() {
            return Ok(Vec::new());
        }
        let conn = self.db.conn().await?;
        let mut out: Vec<AthleteActivity> = roster
            .into_iter()
            .map(|athlete| AthleteActivity {
                days: athlete.sharing.activity().then(Vec::new),
                sessions: athlete.sharing.programs.then(Vec::new),
                last_entry: None,
                athlete,
            })
            .collect();
        let index: std::collections::HashMap<String, usize> = out
            .iter()
            .enumerate()
            .map(|(i, a)| (a.athlete.user_id.clone(), i))
            .collect();
        // The athletes of this team who share `condition`, checked for this coach.
        let shared = |condition: &str| {
            format!(
                "SELECT a.user_id FROM team_athletes a WHERE a.team_id = ?2 AND ({condition}) \
                 AND EXISTS (SELECT 1 FROM team_coaches c WHERE c.team_id = a.team_id \
                   AND c.user_id = ?1)"
            )
        };
        let journal_shared = shared("a.share_journal OR a.share_progress");
        let mut rows = conn
            .query(
                &format!(
                    "SELECT user_id, date, load, pain <> '[]' FROM journal_entries \
                     WHERE user_id IN ({journal_shared}) AND date >= ?3 ORDER BY user_id, date"
                ),
                libsql::params![coach_id, team_id, since.to_string()],
            )
            .await?;
        while let Some(row) = rows.next().await? {
            let user: String = row.get(0)?;
            let date: String = row.get(1)?;
            let Some(&i) = index.get(&user) else { continue };
            if let Some(days) = out[i].days.as_mut() {
                days.push(DayMark {
                    date: Date::parse_iso(&date).ok_or_else(|| corrupt("date", &date))?,
                    load: row.get::<Option<i64>>(2)?.map(|n| n as u32),
                    pain: row.get::<i64>(3)? != 0,
                });
            }
        }
        let mut rows = conn
            .query(
                &format!(
                    "SELECT user_id, max(date) FROM journal_entries \
                     WHERE user_id IN ({journal_shared}) GROUP BY user_id"
                ),
                libsql::params![coach_id, team_id],
            )
            .await?;
        while let Some(row) = rows.next().await? {
            let user: String = row.get(0)?;
            let date: String = row.get(1)?;
            if let Some(&i) = index.get(&user) {
                out[i].last_entry = Date::parse_iso(&date);
            }
        }
        let programs_shared = shared("a.share_programs");
        let mut rows = conn
            .query(
                &format!(
                    "SELECT s.user_id, s.date, s.status, json_extract(s.planned, '$.title') \
                     FROM program_sessions s JOIN programs p ON p.id = s.program_id \
                     WHERE p.active = 1 AND s.user_id IN ({programs_shared}) \
                     ORDER BY s.user_id, s.date, s.position"
                ),
                libsql::params![coach_id, team_id],
            )
            .await?;
        while let Some(row) = rows.next().await? {
            let user: String = row.get(0)?;
            let date: String = row.get(1)?;
            let status: String = row.get(2)?;
            let Some(&i) = index.get(&user) else { continue };
            if let Some(sessions) = out[i].sessions.as_mut() {
                sessions.push(SessionMark {
                    date: Date::parse_iso(&date).ok_or_else(|| corrupt("date", &date))?,
                    status: SessionStatus::from_code(&status)
                        .ok_or_else(|| corrupt("status", &status))?,
                    title: row.get::<Option<String>>(3)?.unwrap_or_default(),
                });
            }
        }
        Ok(out)
    }

    async fn athlete_journal(
        &self,
        coach_id: &str,
        athlete_id: &str,
        used_for: JournalUse,
        from: Date,
        limit: u32,
    ) -> Result<Vec<JournalEntry>, StoreError> {
        let check = coaches(match used_for {
            JournalUse::Journal => "a.share_journal",
            JournalUse::Progress => "a.share_journal OR a.share_progress",
        });
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                &format!(
                    "SELECT {JOURNAL_COLUMNS} FROM journal_entries WHERE user_id = ?2 \
                     AND date >= ?3 AND {check} ORDER BY date DESC, created_at DESC LIMIT ?4"
                ),
                libsql::params![coach_id, athlete_id, from.to_string(), limit],
            )
            .await?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().await? {
            let entry = row_to_entry(&row)?;
            out.push(match used_for {
                JournalUse::Journal => entry,
                // Progress-only sharing: the figures, never the notes.
                JournalUse::Progress => figures_only(entry),
            });
        }
        Ok(out)
    }

    async fn athlete_assessments(
        &self,
        coach_id: &str,
        athlete_id: &str,
        limit: u32,
    ) -> Result<Vec<Assessment>, StoreError> {
        let check = coaches("a.share_assessments");
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                &format!(
                    "SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE user_id = ?2 AND {check} \
                     ORDER BY created_at DESC, id DESC LIMIT ?3"
                ),
                libsql::params![coach_id, athlete_id, limit],
            )
            .await?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().await? {
            out.push(row_to_assessment(&row)?);
        }
        Ok(out)
    }

    async fn athlete_program(
        &self,
        coach_id: &str,
        athlete_id: &str,
    ) -> Result<Option<(Program, Vec<ProgramSession>)>, StoreError> {
        let check = coaches("a.share_programs");
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                &format!(
                    "SELECT {PROGRAM_COLUMNS} FROM programs WHERE user_id = ?2 AND active = 1 \
                     AND {check}"
                ),
                libsql::params![coach_id, athlete_id],
            )
            .await?;
        let Some(row) = rows.next().await? else {
            return Ok(None);
        };
        let program = row_to_program(&row)?;
        drop(rows);
        let mut rows = conn
            .query(
                &format!(
                    "SELECT {SESSION_COLUMNS} FROM program_sessions WHERE program_id = ?3 \
                     AND user_id = ?2 AND {check} ORDER BY date, position"
                ),
                libsql::params![coach_id, athlete_id, program.id.as_str()],
            )
            .await?;
        let mut sessions = Vec::new();
        while let Some(row) = rows.next().await? {
            sessions.push(row_to_session(&row)?);
        }
        Ok(Some((program, sessions)))
    }

    async fn add_comment(&self, x: &CommentRecord) -> Result<bool, StoreError> {
        let area = match x.target {
            CommentTarget::Journal => "a.share_journal",
            CommentTarget::Session => "a.share_programs",
        };
        let check = coaches(area);
        // The target is the athlete's own entry, or a session of their active program (the
        // one the coach sees).
        let target = match x.target {
            CommentTarget::Journal => {
                "EXISTS (SELECT 1 FROM journal_entries t WHERE t.id = ?6 AND t.user_id = ?2)"
            }
            CommentTarget::Session => {
                "EXISTS (SELECT 1 FROM program_sessions t JOIN programs p ON p.id = t.program_id \
                 WHERE t.id = ?6 AND t.user_id = ?2 AND p.user_id = ?2 AND p.active = 1)"
            }
        };
        self.db
            .write(async |c| {
                let n = c
                    .execute(
                        &format!(
                            "INSERT INTO coach_comments (id, coach_id, coach_name, athlete_id, \
                               target_kind, target_id, body, created_at) \
                             SELECT ?3, ?1, ?4, ?2, ?5, ?6, ?7, ?8 WHERE {check} AND {target} \
                             AND (SELECT count(*) FROM coach_comments WHERE coach_id = ?1 \
                               AND athlete_id = ?2 AND created_at >= ?9) < ?10"
                        ),
                        vec![
                            Value::Text(x.coach_id.clone()),
                            Value::Text(x.athlete_id.clone()),
                            Value::Text(x.id.clone()),
                            Value::Text(x.coach_name.clone()),
                            Value::Text(x.target.code().into()),
                            Value::Text(x.target_id.clone()),
                            Value::Text(x.body.clone()),
                            Value::Integer(x.created_at),
                            Value::Integer(
                                x.created_at - crate::server::stores::teams::COMMENT_WINDOW_MS,
                            ),
                            Value::Integer(crate::domain::team::COMMENTS_PER_DAY as i64),
                        ],
                    )
                    .await?;
                Ok(n == 1)
            })
            .await
    }

    async fn comments(
        &self,
        user_id: &str,
        athlete_id: &str,
        target: CommentTarget,
        target_id: &str,
    ) -> Result<Vec<CommentRecord>, StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                &format!(
                    "SELECT {COMMENT_COLUMNS} FROM coach_comments WHERE athlete_id = ?2 \
                     AND target_kind = ?3 AND target_id = ?4 \
                     AND (coach_id = ?1 OR athlete_id = ?1) \
                     ORDER BY created_at DESC, id DESC LIMIT 200"
                ),
                libsql::params![user_id, athlete_id, target.code(), target_id],
            )
            .await?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().await? {
            out.push(row_to_comment(&row)?);
        }
        out.reverse();
        Ok(out)
    }

    async fn comments_written_since(
        &self,
        coach_id: &str,
        athlete_id: &str,
        since: i64,
    ) -> Result<u64, StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                "SELECT count(*) FROM coach_comments WHERE coach_id = ?1 AND athlete_id = ?2 \
                 AND created_at >= ?3",
                libsql::params![coach_id, athlete_id, since],
            )
            .await?;
        let row = rows.next().await?.ok_or_else(|| corrupt("count", "none"))?;
        Ok(row.get::<i64>(0)? as u64)
    }

    async fn comment_list(
        &self,
        user_id: &str,
        athlete_id: &str,
        target: Option<CommentTarget>,
        limit: u32,
    ) -> Result<Vec<CommentRecord>, StoreError> {
        let conn = self.db.conn().await?;
        let kind = target.map(|t| t.code()).unwrap_or("");
        let mut rows = conn
            .query(
                &format!(
                    "SELECT {COMMENT_COLUMNS} FROM coach_comments WHERE athlete_id = ?2 \
                     AND (coach_id = ?1 OR athlete_id = ?1) \
                     AND (?3 = '' OR target_kind = ?3) \
                     ORDER BY created_at DESC, id DESC LIMIT ?4"
                ),
                libsql::params![user_id, athlete_id, kind, i64::from(limit)],
            )
            .await?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().await? {
            out.push(row_to_comment(&row)?);
        }
        Ok(out)
    }

    async fn delete_comment(&self, coach_id: &str, id: &str) -> Result<bool, StoreError> {
        self.db
            .write(async |c| {
                let n = c
                    .execute(
                        "DELETE FROM coach_comments WHERE id = ?1 AND coach_id = ?2",
                        libsql::params![id, coach_id],
                    )
                    .await?;
                Ok(n == 1)
            })
            .await
    }

    async fn mark_comments_read(
        &self,
        athlete_id: &str,
        ids: &[String],
        now: i64,
    ) -> Result<u64, StoreError> {
        if ids.is_empty() {
            return Ok(0);
        }
        let list = serde_json::to_string(ids).map_err(|e| corrupt("comment ids", e))?;
        self.db
            .write(async |c| {
                let n = c
                    .execute(
                        "UPDATE coach_comments SET read_at = ?3 WHERE athlete_id = ?1 \
                         AND read_at IS NULL AND id IN (SELECT value FROM json_each(?2))",
                        libsql::params![athlete_id, list.clone(), now],
                    )
                    .await?;
                Ok(n)
            })
            .await
    }

    async fn nav_status(&self, user_id: &str, cap: u32) -> Result<(bool, u64), StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                "SELECT EXISTS (SELECT 1 FROM team_coaches WHERE user_id = ?1) \
                   OR EXISTS (SELECT 1 FROM team_athletes WHERE user_id = ?1), \
                 (SELECT count(*) FROM (SELECT 1 FROM coach_comments \
                   WHERE athlete_id = ?1 AND read_at IS NULL LIMIT ?2))",
                libsql::params![user_id, i64::from(cap)],
            )
            .await?;
        let row = rows.next().await?.ok_or_else(|| corrupt("nav", "none"))?;
        Ok((row.get::<i64>(0)? != 0, row.get::<i64>(1)? as u64))
    }

    async fn unread_comments(&self, athlete_id: &str) -> Result<u64, StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                "SELECT count(*) FROM coach_comments WHERE athlete_id = ?1 AND read_at IS NULL",
                libsql::params![athlete_id],
            )
            .await?;
        let row = rows.next().await?.ok_or_else(|| corrupt("count", "none"))?;
        Ok(row.get::<i64>(0)? as u64)
    }

    async fn mark_read(
        &self,
        athlete_id: &str,
        target: CommentTarget,
        target_id: &str,
        now: i64,
    ) -> Result<u64, StoreError> {
        self.db
            .write(async |c| {
                let n = c
                    .execute(
                        "UPDATE coach_comments SET read_at = ?4 WHERE athlete_id = ?1 \
                         AND target_kind = ?2 AND target_id = ?3 AND read_at IS NULL",
                        libsql::params![athlete_id, target.code(), target_id, now],
                    )
                    .await?;
                Ok(n)
            })
            .await
    }
}
