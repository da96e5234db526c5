//! Teams (issue 21): memberships, invites, coach comments, and a coach's reads of an
//! athlete's rows. Every read of an athlete's rows names the coach and is checked against a
//! membership that shares the area, in the query itself: the libSQL store joins the
//! membership tables; on PostgreSQL the same join runs under the RLS policies of
//! migrations/postgres/0008_teams.sql, which enforce it again.
use async_trait::async_trait;

use super::StoreError;
use crate::domain::assessment::Assessment;
use crate::domain::journal::JournalEntry;
use crate::domain::program::tracking::{Program, ProgramSession};
use crate::domain::team::{AthleteActivity, Membership, Sharing, TeamAthlete, TeamRole};
use crate::domain::when::Date;

/// Teams one climber may coach (made or joined as a co-coach); the stores check it in the
/// transaction that adds them, so two requests at once can't pass it.
pub const MAX_TEAMS_COACHED: u64 = 10;
/// Open (unused, unexpired) invite links per team; checked with the insert.
pub const MAX_OPEN_INVITES: u64 = 20;
/// Athletes per team; checked in the claim's transaction.
pub const MAX_ATHLETES: u64 = 100;
/// The window of the per-coach, per-athlete comment bound
/// (`domain::team::COMMENTS_PER_DAY`), checked in the transaction that adds a comment.
pub const COMMENT_WINDOW_MS: i64 = 86_400_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamRecord {
    pub id: String,
    pub name: String,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InviteRecord {
    pub id: String,
    pub team_id: String,
    /// SHA-256 hex of the token; the token itself is never stored.
    pub token_hash: String,
    pub inviter_name: String,
    pub team_name: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

/// How accepting an invite went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AcceptOutcome {
    Joined {
        team_id: String,
    },
    NotFound,
    Expired,
    Used,
    /// Already on the team: the invite stays unused.
    AlreadyMember,
    /// The team has `MAX_ATHLETES` athletes: the invite stays unused.
    TeamFull,
    /// A coach's link, and the climber already coaches `MAX_TEAMS_COACHED` teams.
    TooManyTeams,
}

/// What a coach comment is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CommentTarget {
    Journal,
    Session,
}

impl CommentTarget {
    pub fn code(self) -> &'static str {
        match self {
            CommentTarget::Journal => "journal",
            CommentTarget::Session => "session",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "journal" => Some(CommentTarget::Journal),
            "session" => Some(CommentTarget::Session),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommentRecord {
    pub id: String,
    pub coach_id: String,
    pub coach_name: String,
    pub athlete_id: String,
    pub target: CommentTarget,
    pub target_id: String,
    pub body: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

/// Which area a journal read is for: the journal page needs the journal shared; the
/// progress figures come from the same rows and need either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JournalUse {
    Journal,
    Progress,
}

/// What progress-only sharing shows of an entry: the figures (date, kind, duration, RPE,
/// load, pain flags by body part, climbs by grade and style). Notes, location, tags,
/// feelings, pain notes and climb names are blanked. Both stores return progress reads
/// through this; on PostgreSQL the `journal_figures` view already leaves them out.
pub fn figures_only(mut e: JournalEntry) -> JournalEntry {
    let d = &mut e.data;
    d.location.clear();
    d.notes.clear();
    d.tags.clear();
    (d.energy, d.sleep, d.mood) = (None, None, None);
    for p in &mut d.pain {
        p.notes.clear();
    }
    for c in &mut d.climbs {
        c.name.clear();
    }
    e
}

#[async_trait]
pub trait TeamStore: Send + Sync {
    /// Creates the team with `user_id` as its coach, in one transaction; false (nothing
    /// saved) when they already coach `MAX_TEAMS_COACHED` teams (checked in that
    /// transaction, race-free).
    async fn create_team(
        &self,
        user_id: &str,
        team: &TeamRecord,
        coach_name: &str,
    ) -> Result<bool, StoreError>;
    /// How many teams the climber created (the per-climber bound).
    async fn teams_created(&self, user_id: &str) -> Result<u64, StoreError>;
    /// The climber's own memberships, coach and athlete, by team name.
    async fn memberships(&self, user_id: &str) -> Result<Vec<Membership>, StoreError>;
    /// The athletes of a team the climber coaches, by name; empty for anyone else.
    async fn athletes(&self, coach_id: &str, team_id: &str)
        -> Result<Vec<TeamAthlete>, StoreError>;
    /// What `athlete_id` shares with `coach_id` (through any team they coach); None when the
    /// coach coaches them in no team.
    async fn shared_with(
        &self,
        coach_id: &str,
        athlete_id: &str,
    ) -> Result<Option<(String, Sharing)>, StoreError>;
    /// False (nothing saved) when the climber doesn't coach the invite's team, or it has
    /// `MAX_OPEN_INVITES` open invites (unused, expiring after `invite.created_at`).
    async fn create_invite(
        &self,
        coach_id: &str,
        invite: &InviteRecord,
    ) -> Result<bool, StoreError>;
    /// Like `create_invite`, for a link that makes whoever accepts it a coach of the team
    /// (a co-coach). The same checks and bound.
    async fn create_coach_invite(
        &self,
        coach_id: &str,
        invite: &InviteRecord,
    ) -> Result<bool, StoreError>;
    /// Whom an invite is for (athlete or coach); None for an unknown token.
    async fn invite_role(&self, token_hash: &str) -> Result<Option<TeamRole>, StoreError>;
    /// The names of every coach of `team_id`, by name, when `user_id` is on that team
    /// (athlete or coach); empty otherwise. What an athlete's team card lists.
    async fn coach_names(&self, user_id: &str, team_id: &str) -> Result<Vec<String>, StoreError>;
    /// The names of the coaches of an invite's team (the invite page: who would see the
    /// athlete's data); empty for an unknown token.
    async fn invite_coach_names(&self, token_hash: &str) -> Result<Vec<String>, StoreError>;
    /// Finds an invite by its token's hash, used or not (the invite page, before sign-in
    /// matters).
    async fn find_invite(&self, token_hash: &str) -> Result<Option<InviteRecord>, StoreError>;
    /// Uses the invite: marks it used and adds `user_id` to its team as an athlete sharing
    /// `sharing` (or, for a coach's link, as a coach: `sharing` is then unused), in one
    /// transaction; nothing changes unless it returns `Joined`.
    async fn accept_invite(
        &self,
        user_id: &str,
        token_hash: &str,
        name: &str,
        sharing: Sharing,
        now: i64,
    ) -> Result<AcceptOutcome, StoreError>;
    /// The athlete's new choice for one team; false when they aren't on it.
    async fn set_sharing(
        &self,
        user_id: &str,
        team_id: &str,
        sharing: Sharing,
    ) -> Result<bool, StoreError>;
    /// The climber leaves the team: an athlete, or a coach who didn't make it (the team's
    /// maker stays its coach), whose unused invite links for it stop working too. False
    /// (nothing changed) when they aren't on it, or made it.
    async fn leave(&self, user_id: &str, team_id: &str) -> Result<bool, StoreError>;
    /// The Team page's rows: every athlete of a team `coach_id` coaches, with what they
    /// share of their journal since `since` and their active program's sessions. Empty when
    /// the climber doesn't coach the team.
    async fn activity(
        &self,
        coach_id: &str,
        team_id: &str,
        since: Date,
    ) -> Result<Vec<AthleteActivity>, StoreError>;
    /// An athlete's journal from `from` on, newest first, at most `limit`; empty unless they
    /// share it (or progress, for `JournalUse::Progress`) with the coach. Progress reads
    /// return figures only (`figures_only`): no notes, whichever areas are shared.
    async fn athlete_journal(
        &self,
        coach_id: &str,
        athlete_id: &str,
        used_for: JournalUse,
        from: Date,
        limit: u32,
    ) -> Result<Vec<JournalEntry>, StoreError>;
    /// Newest first; empty unless they share assessments with the coach.
    async fn athlete_assessments(
        &self,
        coach_id: &str,
        athlete_id: &str,
        limit: u32,
    ) -> Result<Vec<Assessment>, StoreError>;
    /// The active program and its sessions; None unless they share programs with the coach.
    async fn athlete_program(
        &self,
        coach_id: &str,
        athlete_id: &str,
    ) -> Result<Option<(Program, Vec<ProgramSession>)>, StoreError>;
    /// False (nothing saved) unless the coach coaches the athlete, the area the comment is
    /// about (journal or program) is shared, and the target is the athlete's own journal
    /// entry or a session of their active program; also false when the coach already wrote
    /// `COMMENTS_PER_DAY` comments on the athlete's rows in the `COMMENT_WINDOW_MS` before
    /// `comment.created_at` (counted in the inserting transaction, so racing adds can't pass it).
    async fn add_comment(&self, comment: &CommentRecord) -> Result<bool, StoreError>;
    /// How many comments `coach_id` wrote on `athlete_id`'s rows since `since` (ms): the
    /// daily bound.
    async fn comments_written_since(
        &self,
        coach_id: &str,
        athlete_id: &str,
        since: i64,
    ) -> Result<u64, StoreError>;
    /// The newest `limit` comments on `athlete_id`'s rows that `user_id` is a party to (the
    /// coach's own, or every coach's when `user_id` is the athlete), of one kind or both,
    /// newest first.
    async fn comment_list(
        &self,
        user_id: &str,
        athlete_id: &str,
        target: Option<CommentTarget>,
        limit: u32,
    ) -> Result<Vec<CommentRecord>, StoreError>;
    /// Marks those of `ids` that are comments on `athlete_id`'s own rows read; others are
    /// left alone. Returns how many changed.
    async fn mark_comments_read(
        &self,
        athlete_id: &str,
        ids: &[String],
        now: i64,
    ) -> Result<u64, StoreError>;
    /// Deletes comment `id` when `coach_id` wrote it; false (nothing changed) otherwise.
    async fn delete_comment(&self, coach_id: &str, id: &str) -> Result<bool, StoreError>;
    /// The header's figures in one query: whether the climber coaches a team or is on one,
    /// and their unread comments (counted up to `cap`).
    async fn nav_status(&self, user_id: &str, cap: u32) -> Result<(bool, u64), StoreError>;
    /// Comments on one entry or session that `user_id` is a party to (the coach's own, or
    /// every coach's on the athlete's own), oldest first, at most the newest 200.
    async fn comments(
        &self,
        user_id: &str,
        athlete_id: &str,
        target: CommentTarget,
        target_id: &str,
    ) -> Result<Vec<CommentRecord>, StoreError>;
    /// The athlete's unread comments.
    async fn unread_comments(&self, athlete_id: &str) -> Result<u64, StoreError>;
    /// Marks the athlete's comments on one entry or session read.
    async fn mark_read(
        &self,
        athlete_id: &str,
        target: CommentTarget,
        target_id: &str,
        now: i64,
    ) -> Result<u64, StoreError>;
}
