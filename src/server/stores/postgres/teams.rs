//! Teams on PostgreSQL. Each call runs as the climber, so the RLS policies of
//! migrations/postgres/0008 decide which of an athlete's rows a coach's query sees: the reads
//! below ask for the athlete's rows and get them only while a membership shares the area.
//! Only the invite page's lookup and the claim run as service_role (the token is the
//! credential, like the session cookie's).
use std::collections::HashMap;

use async_trait::async_trait;
use sqlx::Row;
use uuid::Uuid;

use super::assessments::{row_to_assessment, COLUMNS as ASSESSMENT_COLUMNS};
use super::journal::{row_to_entry, COLUMNS as JOURNAL_COLUMNS};
use super::programs::{row_to_program, row_to_session, PROGRAM_COLUMNS, SESSION_COLUMNS};
use super::{corrupt, parse_id, user_uuid};
use crate::domain::assessment::Assessment;
use crate::domain::journal::JournalEntry;
use crate::domain::program::tracking::{Program, ProgramSession, SessionStatus};
use crate::domain::team::{
    AthleteActivity, DayMark, Membership, SessionMark, Sharing, TeamAthlete, TeamRole,
};
use crate::domain::when::Date;
use crate::server::pg::{Actor, Pg};
use crate::server::stores::teams::{
    figures_only, MAX_ATHLETES, MAX_OPEN_INVITES, MAX_TEAMS_COACHED,
};
use crate::server::stores::teams::{
    AcceptOutcome, CommentRecord, CommentTarget, InviteRecord, JournalUse, TeamRecord, TeamStore,
};
use crate::server::stores::StoreError;

pub struct PgTeams {
    pg: Pg,
}

impl PgTeams {
    pub fn new(pg: Pg) -> Self {
        Self { pg }
    }
}

/// `journal_figures` (migrations/postgres/0010) in the shape of the journal's columns: what
/// the view doesn't have is blank.
const FIGURE_COLUMNS: &str = "id::text, to_char(date, 'YYYY-MM-DD'), kind, ''::text, \
    duration_min::bigint, rpe::bigint, load::bigint, NULL::bigint, NULL::bigint, NULL::bigint, \
    climbs::text, pain::text, ''::text, '[]'::text, ts_to_ms(created_at), ts_to_ms(updated_at)";

const SHARE_COLUMNS: &str =
    "a.share_journal, a.share_assessments, a.share_programs, a.share_progress";

fn sharing_at(r: &sqlx::postgres::PgRow, first: usize) -> Result<Sharing, StoreError> {
    Ok(Sharing {
        journal: r.try_get(first)?,
        assessments: r.try_get(first + 1)?,
        programs: r.try_get(first + 2)?,
        progress: r.try_get(first + 3)?,
    })
}

const INVITE_COLUMNS: &str = "id::text, team_id::text, token_hash, inviter_name, team_name, \
    ts_to_ms(created_at), ts_to_ms(expires_at), ts_to_ms(used_at)";

fn row_to_invite(r: &sqlx::postgres::PgRow) -> Result<InviteRecord, StoreError> {
    Ok(InviteRecord {
        id: r.try_get(0)?,
        team_id: r.try_get(1)?,
        token_hash: r.try_get(2)?,
        inviter_name: r.try_get(3)?,
        team_name: r.try_get(4)?,
        created_at: r.try_get(5)?,
        expires_at: r.try_get(6)?,
        used_at: r.try_get(7)?,
    })
}

const COMMENT_COLUMNS: &str = "id::text, coach_id::text, coach_name, athlete_id::text, \
    target_kind, target_id::text, body, ts_to_ms(created_at), ts_to_ms(read_at)";

fn row_to_comment(r: &sqlx::postgres::PgRow) -> Result<CommentRecord, StoreError> {
    let kind: String = r.try_get(4)?;
    Ok(CommentRecord {
        id: r.try_get(0)?,
        coach_id: r.try_get(1)?,
        coach_name: r.try_get(2)?,
        athlete_id: r.try_get(3)?,
        target: CommentTarget::from_code(&kind)
            .ok_or_else(|| corrupt("team", "comment kind", &kind))?,
        target_id: r.try_get(5)?,
        body: r.try_get(6)?,
        created_at: r.try_get(7)?,
        read_at: r.try_get(8)?,
    })
}

/// A transaction-scoped advisory lock on `what` of `key` (a climber or a team): the bounds'
/// checks and their inserts run one at a time per key, released at commit or rollback.
async fn lock(tx: &mut crate::server::pg::PgTx, what: &str, key: &str) -> Result<(), StoreError> {
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .bind(format!("climbingpill.team.{what}:{key}"))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

fn date_of(s: &str) -> Result<Date, StoreError> {
    Date::parse_iso(s).ok_or_else(|| corrupt("team", "date", s))
}

impl PgTeams {
    /// An invite for `role` ("athlete" or "coach"): a coach of the team only, under the
    /// bound on open links.
    async fn insert_invite(
        &self,
        coach_id: &str,
        i: &InviteRecord,
        role: &str,
    ) -> Result<bool, StoreError> {
        let (Some(id), Some(team)) = (parse_id(&i.id), parse_id(&i.team_id)) else {
            return Ok(false);
        };
        let mut tx = self.pg.begin(Actor::User(coach_id)).await?;
        // The team's invites wait for each other, so the open count holds to the insert.
        lock(&mut tx, "invites", &i.team_id).await?;
        // The policy would refuse a stranger's insert with an error; asking first turns
        // "not your team" into `false` like on libSQL.
        let n = sqlx::query(
            "INSERT INTO team_invites (id, team_id, token_hash, created_by, inviter_name, \
               team_name, created_at, expires_at, role) \
             SELECT $1, $2, $3, $4, $5, $6, ms_to_ts($7), ms_to_ts($8), $10 WHERE EXISTS \
               (SELECT 1 FROM team_coaches WHERE team_id = $2 AND user_id = $4) \
             AND (SELECT count(*) FROM team_invites WHERE team_id = $2 AND used_at IS NULL \
               AND expires_at > ms_to_ts($7)) < $9",
        )
        .bind(id)
        .bind(team)
        .bind(&i.token_hash)
        .bind(user_uuid(coach_id)?)
        .bind(&i.inviter_name)
        .bind(&i.team_name)
        .bind(i.created_at)
        .bind(i.expires_at)
        .bind(MAX_OPEN_INVITES as i64)
        .bind(role)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(n == 1)
    }
}

#[async_trait]
impl TeamStore for PgTeams {
    async fn create_team(
        &self,
        user_id: &str,
        team: &TeamRecord,
        coach_name: &str,
    ) -> Result<bool, StoreError> {
        let user = user_uuid(user_id)?;
        let id = parse_id(&team.id).ok_or_else(|| corrupt("team", "id", &team.id))?;
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        // One climber's team changes wait for each other (held to the commit), so the
        // count below can't change before the insert.
        lock(&mut tx, "coach", user_id).await?;
        let coached: i64 =
            sqlx::query_scalar("SELECT count(*) FROM team_coaches WHERE user_id = $1")
                .bind(user)
                .fetch_one(&mut *tx)
                .await?;
        if coached as u64 >= MAX_TEAMS_COACHED {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO teams (id, name, created_by, created_at) VALUES ($1, $2, $3, ms_to_ts($4))",
        )
        .bind(id)
        .bind(&team.name)
        .bind(user)
        .bind(team.created_at)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO team_coaches (team_id, user_id, team_owner, name, added_at) \
             VALUES ($1, $2, $2, $3, ms_to_ts($4))",
        )
        .bind(id)
        .bind(user)
        .bind(coach_name)
        .bind(team.created_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn teams_created(&self, user_id: &str) -> Result<u64, StoreError> {
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM teams WHERE created_by = $1")
            .bind(user_uuid(user_id)?)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(n as u64)
    }

    async fn memberships(&self, user_id: &str) -> Result<Vec<Membership>, StoreError> {
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        let rows = sqlx::query(&format!(
            "SELECT t.id::text, t.name, 'coach', false, false, false, false, '', \
               ts_to_ms(c.added_at), c.team_owner = c.user_id \
             FROM team_coaches c JOIN teams t ON t.id = c.team_id WHERE c.user_id = $1 \
             UNION ALL \
             SELECT t.id::text, t.name, 'athlete', {SHARE_COLUMNS}, a.invited_by, \
               ts_to_ms(a.joined_at), false \
             FROM team_athletes a JOIN teams t ON t.id = a.team_id WHERE a.user_id = $1 \
             ORDER BY 2, 1, 3"
        ))
        .bind(user_uuid(user_id)?)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter()
            .map(|r| {
                let role: String = r.try_get(2)?;
                Ok(Membership {
                    team_id: r.try_get(0)?,
                    team_name: r.try_get(1)?,
                    role: if role == "coach" {
                        TeamRole::Coach
                    } else {
                        TeamRole::Athlete
                    },
                    sharing: sharing_at(r, 3)?,
                    invited_by: r.try_get(7)?,
                    joined_at: r.try_get(8)?,
                    maker: r.try_get(9)?,
                    coaches: Vec::new(),
                })
            })
            .collect()
    }

    async fn athletes(
        &self,
        coach_id: &str,
        team_id: &str,
    ) -> Result<Vec<TeamAthlete>, StoreError> {
        let Some(team) = parse_id(team_id) else {
            return Ok(Vec::new());
        };
        let mut tx = self.pg.begin(Actor::User(coach_id)).await?;
        let rows = sqlx::query(&format!(
            "SELECT a.user_id::text, a.name, {SHARE_COLUMNS}, ts_to_ms(a.joined_at) \
             FROM team_athletes a WHERE a.team_id = $2 AND EXISTS (SELECT 1 FROM team_coaches c \
               WHERE c.team_id = a.team_id AND c.user_id = $1) \
             ORDER BY a.name, a.user_id"
        ))
        .bind(user_uuid(coach_id)?)
        .bind(team)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter()
            .map(|r| {
                Ok(TeamAthlete {
                    user_id: r.try_get(0)?,
                    name: r.try_get(1)?,
                    sharing: sharing_at(r, 2)?,
                    joined_at: r.try_get(6)?,
                })
            })
            .collect()
    }

    async fn shared_with(
        &self,
        coach_id: &str,
        athlete_id: &str,
    ) -> Result<Option<(String, Sharing)>, StoreError> {
        let Some(athlete) = parse_id(athlete_id) else {
            return Ok(None);
        };
        let mut tx = self.pg.begin(Actor::User(coach_id)).await?;
        let rows = sqlx::query(&format!(
            "SELECT a.name, {SHARE_COLUMNS} FROM team_athletes a \
             JOIN team_coaches c ON c.team_id = a.team_id \
             WHERE c.user_id = $1 AND a.user_id = $2"
        ))
        .bind(user_uuid(coach_id)?)
        .bind(athlete)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let mut out: Option<(String, Sharing)> = None;
        for r in &rows {
            let s = sharing_at(r, 1)?;
            out = Some(match out {
                Some((name, prev)) => (name, prev.union(s)),
                None => (r.try_get(0)?, s),
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
        // As service_role, like the invite page's lookup (the token is the credential).
        let mut tx = self.pg.begin(Actor::Service).await?;
        let role: Option<String> =
            sqlx::query_scalar("SELECT role FROM team_invites WHERE token_hash = $1")
                .bind(token_hash)
                .fetch_optional(&mut *tx)
                .await?;
        tx.commit().await?;
        Ok(role.map(|r| {
            if r == "coach" {
                TeamRole::Coach
            } else {
                TeamRole::Athlete
            }
        }))
    }

    async fn coach_names(&self, user_id: &str, team_id: &str) -> Result<Vec<String>, StoreError> {
        let Some(team) = parse_id(team_id) else {
            return Ok(Vec::new());
        };
        // team_coaches' policies show a climber only their own rows (no policy cycle, see
        // 0008), so the names are read as service_role, for a climber on the team only.
        let mut tx = self.pg.begin(Actor::Service).await?;
        let names = sqlx::query_scalar(
            "SELECT c.name FROM team_coaches c WHERE c.team_id = $2 AND (\
               EXISTS (SELECT 1 FROM team_athletes a WHERE a.team_id = $2 AND a.user_id = $1) \
               OR EXISTS (SELECT 1 FROM team_coaches m WHERE m.team_id = $2 AND m.user_id = $1)) \
             ORDER BY c.added_at, c.name",
        )
        .bind(user_uuid(user_id)?)
        .bind(team)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(names)
    }

    async fn invite_coach_names(&self, token_hash: &str) -> Result<Vec<String>, StoreError> {
        let mut tx = self.pg.begin(Actor::Service).await?;
        let names = sqlx::query_scalar(
            "SELECT c.name FROM team_coaches c JOIN team_invites i ON i.team_id = c.team_id \
             WHERE i.token_hash = $1 ORDER BY c.added_at, c.name",
        )
        .bind(token_hash)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(names)
    }

    async fn find_invite(&self, token_hash: &str) -> Result<Option<InviteRecord>, StoreError> {
        let mut tx = self.pg.begin(Actor::Service).await?;
        let row = sqlx::query(&format!(
            "SELECT {INVITE_COLUMNS} FROM team_invites WHERE token_hash = $1"
        ))
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        row.as_ref().map(row_to_invite).transpose()
    }

    async fn accept_invite(
        &self,
        user_id: &str,
        token_hash: &str,
        name: &str,
        s: Sharing,
        now: i64,
    ) -> Result<AcceptOutcome, StoreError> {
        let user = user_uuid(user_id)?;
        // As service_role (see the top); the user is the session's, never the request's.
        let mut tx = self.pg.begin(Actor::Service).await?;
        let row = sqlx::query(&format!(
            "SELECT {INVITE_COLUMNS} FROM team_invites WHERE token_hash = $1 FOR UPDATE"
        ))
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(invite) = row.as_ref().map(row_to_invite).transpose()? else {
            return Ok(AcceptOutcome::NotFound);
        };
        if invite.used_at.is_some() {
            return Ok(AcceptOutcome::Used);
        }
        if invite.expires_at <= now {
            return Ok(AcceptOutcome::Expired);
        }
        let (invite_id, team) = (
            parse_id(&invite.id).ok_or_else(|| corrupt("team", "invite id", &invite.id))?,
            parse_id(&invite.team_id).ok_or_else(|| corrupt("team", "team id", &invite.team_id))?,
        );
        let role: String = sqlx::query_scalar("SELECT role FROM team_invites WHERE id = $1")
            .bind(invite_id)
            .fetch_one(&mut *tx)
            .await?;
        if role == "coach" {
            // The climber's teams wait for each other (as in create_team).
            lock(&mut tx, "coach", user_id).await?;
            let (coached, member): (i64, bool) = sqlx::query_as(
                "SELECT (SELECT count(*) FROM team_coaches WHERE user_id = $1), \
                   EXISTS (SELECT 1 FROM team_coaches WHERE user_id = $1 AND team_id = $2) \
                   OR EXISTS (SELECT 1 FROM team_athletes WHERE user_id = $1 AND team_id = $2)",
            )
            .bind(user)
            .bind(team)
            .fetch_one(&mut *tx)
            .await?;
            if member {
                return Ok(AcceptOutcome::AlreadyMember);
            }
            if coached as u64 >= MAX_TEAMS_COACHED {
                return Ok(AcceptOutcome::TooManyTeams);
            }
            sqlx::query(
                "UPDATE team_invites SET used_at = ms_to_ts($2), used_by = $3 WHERE id = $1",
            )
            .bind(invite_id)
            .bind(now)
            .bind(user)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO team_coaches (team_id, user_id, team_owner, name, added_at) \
                 SELECT $1, $2, t.created_by, $3, ms_to_ts($4) FROM teams t WHERE t.id = $1",
            )
            .bind(team)
            .bind(user)
            .bind(name)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            return Ok(AcceptOutcome::Joined {
                team_id: invite.team_id,
            });
        }
        // Claims for one team wait for each other, so the count holds to the insert.
        lock(&mut tx, "athletes", &invite.team_id).await?;
        let athletes: i64 =
            sqlx::query_scalar("SELECT count(*) FROM team_athletes WHERE team_id = $1")
                .bind(team)
                .fetch_one(&mut *tx)
                .await?;
        if athletes as u64 >= MAX_ATHLETES {
            return Ok(AcceptOutcome::TeamFull);
        }
        sqlx::query("UPDATE team_invites SET used_at = ms_to_ts($2), used_by = $3 WHERE id = $1")
            .bind(invite_id)
            .bind(now)
            .bind(user)
            .execute(&mut *tx)
            .await?;
        let inserted = sqlx::query(
            "INSERT INTO team_athletes (team_id, user_id, name, invited_by, share_journal, \
               share_assessments, share_programs, share_progress, joined_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, ms_to_ts($9))",
        )
        .bind(team)
        .bind(user)
        .bind(name)
        .bind(&invite.inviter_name)
        .bind(s.journal)
        .bind(s.assessments)
        .bind(s.programs)
        .bind(s.progress)
        .bind(now)
        .execute(&mut *tx)
        .await;
        match inserted.map_err(StoreError::from) {
            Ok(_) => {
                tx.commit().await?;
                Ok(AcceptOutcome::Joined {
                    team_id: invite.team_id,
                })
            }
            // Dropping the transaction rolls the "used" mark back.
            Err(StoreError::Duplicate) => Ok(AcceptOutcome::AlreadyMember),
            Err(e) => Err(e),
        }
    }

    async fn set_sharing(
        &self,
        user_id: &str,
        team_id: &str,
        s: Sharing,
    ) -> Result<bool, StoreError> {
        let Some(team) = parse_id(team_id) else {
            return Ok(false);
        };
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        let n = sqlx::query(
            "UPDATE team_athletes SET share_journal = $3, share_assessments = $4, \
               share_programs = $5, share_progress = $6 WHERE team_id = $1 AND user_id = $2",
        )
        .bind(team)
        .bind(user_uuid(user_id)?)
        .bind(s.journal)
        .bind(s.assessments)
        .bind(s.programs)
        .bind(s.progress)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(n == 1)
    }

    async fn leave(&self, user_id: &str, team_id: &str) -> Result<bool, StoreError> {
        let Some(team) = parse_id(team_id) else {
            return Ok(false);
        };
        let user = user_uuid(user_id)?;
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        let n = sqlx::query("DELETE FROM team_athletes WHERE team_id = $1 AND user_id = $2")
            .bind(team)
            .bind(user)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 1 {
            tx.commit().await?;
            return Ok(true);
        }
        // A co-coach: their unused links first (the policy lets a coach of the team delete
        // them), then their coach row; the maker's row (team_owner) stays.
        sqlx::query(
            "DELETE FROM team_invites WHERE team_id = $1 AND created_by = $2 AND used_at IS NULL \
             AND EXISTS (SELECT 1 FROM team_coaches c \
               WHERE c.team_id = $1 AND c.user_id = $2 AND c.team_owner <> $2)",
        )
        .bind(team)
        .bind(user)
        .execute(&mut *tx)
        .await?;
        let n = sqlx::query(
            "DELETE FROM team_coaches WHERE team_id = $1 AND user_id = $2 AND team_owner <> $2",
        )
        .bind(team)
        .bind(user)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(n == 1)
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
        let mut out: Vec<AthleteActivity> = roster
            .into_iter()
            .map(|athlete| AthleteActivity {
                days: athlete.sharing.activity().then(Vec::new),
                sessions: athlete.sharing.programs.then(Vec::new),
                last_entry: None,
                athlete,
            })
            .collect();
        let index: HashMap<String, usize> = out
            .iter()
            .enumerate()
            .map(|(i, a)| (a.athlete.user_id.clone(), i))
            .collect();
        let ids_for = |f: fn(&Sharing) -> bool| -> Vec<Uuid> {
            out.iter()
                .filter(|a| f(&a.athlete.sharing))
                .filter_map(|a| parse_id(&a.athlete.user_id))
                .collect()
        };
        // The roster above says who shares what with this team; RLS checks it again on
        // every row (a coach's query sees only what some membership shares).
        let journal_ids = ids_for(Sharing::activity);
        let program_ids = ids_for(|s| s.programs);
        let mut tx = self.pg.begin(Actor::User(coach_id)).await?;
        let days = sqlx::query(
            "SELECT user_id::text, to_char(date, 'YYYY-MM-DD'), load::bigint, pain <> '[]'::jsonb \
             FROM journal_figures WHERE user_id = ANY($1) AND date >= $2::date \
             ORDER BY user_id, date",
        )
        .bind(&journal_ids)
        .bind(since.to_string())
        .fetch_all(&mut *tx)
        .await?;
        let last = sqlx::query(
            "SELECT user_id::text, to_char(max(date), 'YYYY-MM-DD') FROM journal_figures \
             WHERE user_id = ANY($1) GROUP BY user_id",
        )
        .bind(&journal_ids)
        .fetch_all(&mut *tx)
        .await?;
        let sessions = sqlx::query(
            "SELECT s.user_id::text, to_char(s.date, 'YYYY-MM-DD'), s.status, \
               s.planned->>'title' \
             FROM training_sessions s JOIN training_programs p \
               ON p.id = s.program_id AND p.user_id = s.user_id \
             WHERE p.active AND s.user_id = ANY($1) ORDER BY s.user_id, s.date, s.position",
        )
        .bind(&program_ids)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        for r in &days {
            let user: String = r.try_get(0)?;
            let Some(&i) = index.get(&user) else { continue };
            let date: String = r.try_get(1)?;
            if let Some(d) = out[i].days.as_mut() {
                d.push(DayMark {
                    date: date_of(&date)?,
                    load: r.try_get::<Option<i64>, _>(2)?.map(|n| n as u32),
                    pain: r.try_get(3)?,
                });
            }
        }
        for r in &last {
            let user: String = r.try_get(0)?;
            if let Some(&i) = index.get(&user) {
                let date: String = r.try_get(1)?;
                out[i].last_entry = Some(date_of(&date)?);
            }
        }
        for r in &sessions {
            let user: String = r.try_get(0)?;
            let Some(&i) = index.get(&user) else { continue };
            let date: String = r.try_get(1)?;
            let status: String = r.try_get(2)?;
            if let Some(s) = out[i].sessions.as_mut() {
                s.push(SessionMark {
                    date: date_of(&date)?,
                    status: SessionStatus::from_code(&status)
                        .ok_or_else(|| corrupt("team", "status", &status))?,
                    title: r.try_get::<Option<String>, _>(3)?.unwrap_or_default(),
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
        let Some(athlete) = parse_id(athlete_id) else {
            return Ok(Vec::new());
        };
        // RLS lets a climber read their own rows; this is only for a coach's view of others.
        if athlete_id == coach_id {
            return Ok(Vec::new());
        }
        // The journal page reads the rows (RLS: only while the journal is shared); progress
        // reads the figures-only view (RLS on its owner: progress or journal shared), which
        // has no notes, location, tags or feelings (migrations/postgres/0010).
        let (source, columns) = match used_for {
            JournalUse::Journal => ("journal_entries", JOURNAL_COLUMNS),
            JournalUse::Progress => ("journal_figures", FIGURE_COLUMNS),
        };
        let mut tx = self.pg.begin(Actor::User(coach_id)).await?;
        let rows = sqlx::query(&format!(
            "SELECT {columns} FROM {source} WHERE user_id = $1 \
             AND date >= $2::date ORDER BY date DESC, created_at DESC LIMIT $3"
        ))
        .bind(athlete)
        .bind(from.to_string())
        .bind(i64::from(limit))
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let entries = rows.iter().map(row_to_entry);
        match used_for {
            JournalUse::Journal => entries.collect(),
            JournalUse::Progress => entries.map(|e| e.map(figures_only)).collect(),
        }
    }

    async fn athlete_assessments(
        &self,
        coach_id: &str,
        athlete_id: &str,
        limit: u32,
    ) -> Result<Vec<Assessment>, StoreError> {
        let Some(athlete) = parse_id(athlete_id) else {
            return Ok(Vec::new());
        };
        // RLS lets a climber read their own rows; this is only for a coach's view of others.
        if athlete_id == coach_id {
            return Ok(Vec::new());
        }
        let mut tx = self.pg.begin(Actor::User(coach_id)).await?;
        let rows = sqlx::query(&format!(
            "SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE user_id = $1 \
             ORDER BY created_at DESC, id DESC LIMIT $2"
        ))
        .bind(athlete)
        .bind(i64::from(limit))
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter().map(row_to_assessment).collect()
    }

    async fn athlete_program(
        &self,
        coach_id: &str,
        athlete_id: &str,
    ) -> Result<Option<(Program, Vec<ProgramSession>)>, StoreError> {
        let Some(athlete) = parse_id(athlete_id) else {
            return Ok(None);
        };
        // RLS lets a climber read their own rows; this is only for a coach's view of others.
        if athlete_id == coach_id {
            return Ok(None);
        }
        let mut tx = self.pg.begin(Actor::User(coach_id)).await?;
        let row = sqlx::query(&format!(
            "SELECT {PROGRAM_COLUMNS} FROM training_programs WHERE user_id = $1 AND active"
        ))
        .bind(athlete)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(program) = row.as_ref().map(row_to_program).transpose()? else {
            return Ok(None);
        };
        let program_id =
            parse_id(&program.id).ok_or_else(|| corrupt("program", "id", &program.id))?;
        let rows = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM training_sessions WHERE program_id = $1 \
             AND user_id = $2 ORDER BY date, position"
        ))
        .bind(program_id)
        .bind(athlete)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let sessions = rows.iter().map(row_to_session).collect::<Result<_, _>>()?;
        Ok(Some((program, sessions)))
    }

    async fn add_comment(&self, x: &CommentRecord) -> Result<bool, StoreError> {
        let (Some(id), Some(athlete), Some(target)) = (
            parse_id(&x.id),
            parse_id(&x.athlete_id),
            parse_id(&x.target_id),
        ) else {
            return Ok(false);
        };
        let area = match x.target {
            CommentTarget::Journal => "a.share_journal",
            CommentTarget::Session => "a.share_programs",
        };
        // The target is the athlete's own entry, or a session of their active program (the
        // one the coach sees); RLS shows the coach these rows only while the area is shared.
        let target_check = match x.target {
            CommentTarget::Journal => {
                "EXISTS (SELECT 1 FROM journal_entries t WHERE t.id = $6 AND t.user_id = $2)"
            }
            CommentTarget::Session => {
                "EXISTS (SELECT 1 FROM training_sessions t JOIN training_programs p \
                 ON p.id = t.program_id WHERE t.id = $6 AND t.user_id = $2 \
                 AND p.user_id = $2 AND p.active)"
            }
        };
        let mut tx = self.pg.begin(Actor::User(&x.coach_id)).await?;
        // The daily bound: counted and inserted one at a time per coach and athlete.
        lock(&mut tx, "comments", &format!("{}:{athlete}", x.coach_id)).await?;
        // The insert policy checks the same; asking here turns a refusal into `false`.
        let n = sqlx::query(&format!(
            "INSERT INTO coach_comments (id, coach_id, coach_name, athlete_id, target_kind, \
               target_id, body, created_at) \
             SELECT $3, $1, $4, $2, $5, $6, $7, ms_to_ts($8) WHERE EXISTS (SELECT 1 \
               FROM team_athletes a JOIN team_coaches c ON c.team_id = a.team_id \
               WHERE c.user_id = $1 AND a.user_id = $2 AND {area}) AND {target_check} \
             AND (SELECT count(*) FROM coach_comments WHERE coach_id = $1 \
               AND athlete_id = $2 AND created_at >= ms_to_ts($9)) < $10"
        ))
        .bind(user_uuid(&x.coach_id)?)
        .bind(athlete)
        .bind(id)
        .bind(&x.coach_name)
        .bind(x.target.code())
        .bind(target)
        .bind(&x.body)
        .bind(x.created_at)
        .bind(x.created_at - crate::server::stores::teams::COMMENT_WINDOW_MS)
        .bind(crate::domain::team::COMMENTS_PER_DAY as i64)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(n == 1)
    }

    async fn comments(
        &self,
        user_id: &str,
        athlete_id: &str,
        target: CommentTarget,
        target_id: &str,
    ) -> Result<Vec<CommentRecord>, StoreError> {
        let (Some(athlete), Some(target_uuid)) = (parse_id(athlete_id), parse_id(target_id)) else {
            return Ok(Vec::new());
        };
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        let rows = sqlx::query(&format!(
            "SELECT {COMMENT_COLUMNS} FROM coach_comments WHERE athlete_id = $1 \
             AND target_kind = $2 AND target_id = $3 \
             ORDER BY created_at DESC, id DESC LIMIT 200"
        ))
        .bind(athlete)
        .bind(target.code())
        .bind(target_uuid)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let mut out = rows
            .iter()
            .map(row_to_comment)
            .collect::<Result<Vec<_>, _>>()?;
        out.reverse();
        Ok(out)
    }

    async fn comments_written_since(
        &self,
        coach_id: &str,
        athlete_id: &str,
        since: i64,
    ) -> Result<u64, StoreError> {
        let Some(athlete) = parse_id(athlete_id) else {
            return Ok(0);
        };
        let mut tx = self.pg.begin(Actor::User(coach_id)).await?;
        let n: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM coach_comments WHERE coach_id = $1 AND athlete_id = $2 \
             AND created_at >= ms_to_ts($3)",
        )
        .bind(user_uuid(coach_id)?)
        .bind(athlete)
        .bind(since)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(n as u64)
    }

    async fn comment_list(
        &self,
        user_id: &str,
        athlete_id: &str,
        target: Option<CommentTarget>,
        limit: u32,
    ) -> Result<Vec<CommentRecord>, StoreError> {
        let Some(athlete) = parse_id(athlete_id) else {
            return Ok(Vec::new());
        };
        let kind = target.map(|t| t.code()).unwrap_or("");
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        // RLS shows a climber only the comments they wrote or that are about them; the
        // filter says the same.
        let rows = sqlx::query(&format!(
            "SELECT {COMMENT_COLUMNS} FROM coach_comments WHERE athlete_id = $2 \
             AND (coach_id = $1 OR athlete_id = $1) AND ($3 = '' OR target_kind = $3) \
             ORDER BY created_at DESC, id DESC LIMIT $4"
        ))
        .bind(user_uuid(user_id)?)
        .bind(athlete)
        .bind(kind)
        .bind(i64::from(limit))
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter().map(row_to_comment).collect()
    }

    async fn delete_comment(&self, coach_id: &str, id: &str) -> Result<bool, StoreError> {
        let Some(id) = parse_id(id) else {
            return Ok(false);
        };
        let mut tx = self.pg.begin(Actor::User(coach_id)).await?;
        let n = sqlx::query("DELETE FROM coach_comments WHERE id = $1 AND coach_id = $2")
            .bind(id)
            .bind(user_uuid(coach_id)?)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(n == 1)
    }

    async fn mark_comments_read(
        &self,
        athlete_id: &str,
        ids: &[String],
        now: i64,
    ) -> Result<u64, StoreError> {
        let ids: Vec<Uuid> = ids.iter().filter_map(|i| parse_id(i)).collect();
        if ids.is_empty() {
            return Ok(0);
        }
        let mut tx = self.pg.begin(Actor::User(athlete_id)).await?;
        let n = sqlx::query(
            "UPDATE coach_comments SET read_at = ms_to_ts($3) WHERE athlete_id = $1 \
             AND read_at IS NULL AND id = ANY($2)",
        )
        .bind(user_uuid(athlete_id)?)
        .bind(&ids)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(n)
    }

    async fn nav_status(&self, user_id: &str, cap: u32) -> Result<(bool, u64), StoreError> {
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        let row = sqlx::query(
            "SELECT EXISTS (SELECT 1 FROM team_coaches WHERE user_id = $1) \
               OR EXISTS (SELECT 1 FROM team_athletes WHERE user_id = $1), \
             (SELECT count(*) FROM (SELECT 1 FROM coach_comments \
               WHERE athlete_id = $1 AND read_at IS NULL LIMIT $2) u)",
        )
        .bind(user_uuid(user_id)?)
        .bind(i64::from(cap))
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        let on_team: bool = row.try_get(0)?;
        let unread: i64 = row.try_get(1)?;
        Ok((on_team, unread as u64))
    }

    async fn unread_comments(&self, athlete_id: &str) -> Result<u64, StoreError> {
        let mut tx = self.pg.begin(Actor::User(athlete_id)).await?;
        let n: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM coach_comments WHERE athlete_id = $1 AND read_at IS NULL",
        )
        .bind(user_uuid(athlete_id)?)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(n as u64)
    }

    async fn mark_read(
        &self,
        athlete_id: &str,
        target: CommentTarget,
        target_id: &str,
        now: i64,
    ) -> Result<u64, StoreError> {
        let Some(target_uuid) = parse_id(target_id) else {
            return Ok(0);
        };
        let mut tx = self.pg.begin(Actor::User(athlete_id)).await?;
        let n = sqlx::query(
            "UPDATE coach_comments SET read_at = ms_to_ts($4) WHERE athlete_id = $1 \
             AND target_kind = $2 AND target_id = $3 AND read_at IS NULL",
        )
        .bind(user_uuid(athlete_id)?)
        .bind(target.code())
        .bind(target_uuid)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(n)
    }
}
