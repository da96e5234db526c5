//! Coaching organisations (issue 21): creating a team, invite links, accepting with a
//! sharing choice, changing it or leaving, and the coach's read-only views of an athlete.
//! Every call takes the climber from the session (the API layer); every read of an athlete's
//! rows goes through `TeamStore`, which checks the membership and the area on each call, so
//! unsharing or leaving takes effect on the coach's next request. Never shared: the coach
//! agent's conversations, working memory, profile and account details.
use std::sync::Arc;

use crate::domain::program::tracking::ProgramView;
use crate::domain::progress::build as build_progress;
use crate::domain::team::{
    summarize, validate_comment, validate_member_name, validate_team_name, AthleteView,
    CoachedTeam, CommentView, InviteLink, InvitePreview, Sharing, TeamOverview, TeamRole,
    ACTIVITY_DAYS, COMMENTS_PER_DAY, COMMENTS_SHOWN, UNREAD_CAP,
};
use crate::server::auth::cookie::{new_token, token_hash};
use crate::server::clock::Clock;
use crate::server::services::profile::{ProfileError, ProfileService};
use crate::server::services::progress::LOOKBACK_DAYS;
use crate::server::stores::teams::{
    AcceptOutcome, CommentRecord, CommentTarget, InviteRecord, JournalUse, TeamRecord, TeamStore,
    MAX_OPEN_INVITES, MAX_TEAMS_COACHED,
};
use crate::server::stores::StoreError;

/// How long an invite link works.
pub const INVITE_DAYS: i64 = 7;
/// Journal entries an athlete page shows (newest first).
pub const JOURNAL_SHOWN: u32 = 50;
/// Assessments an athlete page shows (newest first).
pub const ASSESSMENTS_SHOWN: u32 = 20;

#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    #[error("{message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    /// Not a team the climber coaches, or not an athlete who shares with them: one answer
    /// for both, so ids can't be probed.
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Profile(#[from] ProfileError),
}

impl crate::server::services::store_cause::StoreCause for TeamError {
    fn store_cause(&self) -> Option<&StoreError> {
        match self {
            Self::Store(s) => Some(s),
            Self::Profile(p) => p.store_cause(),
            _ => None,
        }
    }
}

pub const INVITE_UNKNOWN: &str =
    "This invite link isn't valid. Check you copied all of it, or ask your coach for a new one.";
pub const INVITE_USED: &str =
    "This invite link has already been used. Invite links work once: ask your coach for a new one.";
pub const INVITE_EXPIRED: &str =
    "This invite link has expired (links work for 7 days). Ask your coach for a new one.";
pub const ALREADY_MEMBER: &str =
    "You're already on this team. You can change what you share on the Team page.";
pub const TEAM_FULL: &str = "This team is full (100 athletes, the most a team can have). \
    Ask your coach to make room or to start another team.";
// The message names the bound: a new bound must change both.
const _: () = assert!(crate::server::stores::teams::MAX_ATHLETES == 100);
pub const OWN_TEAM: &str = "You coach this team, so you can't join it as an athlete.";
pub const COMMENT_TARGET_GONE: &str = "You can't comment on this: the athlete no longer shares \
    it with you, or it was deleted. Reload the page to see what they share now.";

pub struct TeamService {
    store: Arc<dyn TeamStore>,
    profiles: Arc<ProfileService>,
    clock: Arc<dyn Clock>,
}

impl TeamService {
    pub fn new(
        store: Arc<dyn TeamStore>,
        profiles: Arc<ProfileService>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            store,
            profiles,
            clock,
        }
    }

    /// The name a team sees: the profile's display name, else a neutral word (never the
    /// account's e-mail).
    async fn display_name(&self, user_id: &str, fallback: &str) -> Result<String, TeamError> {
        let name = self.profiles.get(user_id).await?.display_name;
        let name = name.trim();
        Ok(if name.is_empty() {
            fallback.to_string()
        } else {
            name.chars().take(60).collect()
        })
    }

    pub async fn create_team(&self, user_id: &str, name: &str) -> Result<String, TeamError> {
        let name = validate_team_name(name).map_err(|message| TeamError::Invalid {
            field: "name",
            message,
        })?;
        let team = TeamRecord {
            id: uuid::Uuid::new_v4().to_string(),
            name,
            created_at: self.clock.now_ms(),
        };
        let coach_name = self.display_name(user_id, "Your coach").await?;
        if !self.store.create_team(user_id, &team, &coach_name).await? {
            return Err(TeamError::Refused(format!(
                "You already coach {MAX_TEAMS_COACHED} teams, the most one climber can. \
                 Leave or delete one first."
            )));
        }
        Ok(team.id)
    }

    /// The Team page: the climber's memberships, and for each team they coach its athletes'
    /// figures.
    pub async fn overview(&self, user_id: &str) -> Result<TeamOverview, TeamError> {
        let mut memberships = self.store.memberships(user_id).await?;
        // An athlete's card lists every coach who sees what they share.
        for m in memberships
            .iter_mut()
            .filter(|m| m.role == TeamRole::Athlete)
        {
            m.coaches = self.store.coach_names(user_id, &m.team_id).await?;
        }
        let today = self.clock.today();
        let since = today.add_days(1 - ACTIVITY_DAYS);
        let mut coached = Vec::new();
        for m in memberships.iter().filter(|m| m.role == TeamRole::Coach) {
            let athletes = self
                .store
                .activity(user_id, &m.team_id, since)
                .await?
                .iter()
                .map(|a| summarize(a, today))
                .collect();
            coached.push(CoachedTeam {
                team_id: m.team_id.clone(),
                name: m.team_name.clone(),
                maker: m.maker,
                athletes,
            });
        }
        let unread_comments = self.store.unread_comments(user_id).await?;
        Ok(TeamOverview {
            memberships,
            coached,
            today,
            unread_comments,
        })
    }

    /// A new single-use link for a team the climber coaches. The token is returned once and
    /// only its hash is stored.
    pub async fn create_invite(
        &self,
        user_id: &str,
        team_id: &str,
    ) -> Result<InviteLink, TeamError> {
        self.new_link(user_id, team_id, TeamRole::Athlete).await
    }

    /// A single-use link that makes whoever accepts it a coach of the team (a co-coach),
    /// who then sees the athletes' shared areas as the team's other coaches do.
    pub async fn create_coach_invite(
        &self,
        user_id: &str,
        team_id: &str,
    ) -> Result<InviteLink, TeamError> {
        self.new_link(user_id, team_id, TeamRole::Coach).await
    }

    async fn new_link(
        &self,
        user_id: &str,
        team_id: &str,
        role: TeamRole,
    ) -> Result<InviteLink, TeamError> {
        let team = self
            .store
            .memberships(user_id)
            .await?
            .into_iter()
            .find(|m| m.team_id == team_id && m.role == TeamRole::Coach)
            .ok_or(TeamError::NotFound)?;
        let token = new_token();
        let now = self.clock.now_ms();
        let invite = InviteRecord {
            id: uuid::Uuid::new_v4().to_string(),
            team_id: team.team_id.clone(),
            token_hash: token_hash(&token),
            inviter_name: self.display_name(user_id, "A coach").await?,
            team_name: team.team_name,
            created_at: now,
            expires_at: now + INVITE_DAYS * 86_400_000,
            used_at: None,
        };
        let made = match role {
            TeamRole::Athlete => self.store.create_invite(user_id, &invite).await?,
            TeamRole::Coach => self.store.create_coach_invite(user_id, &invite).await?,
        };
        if !made {
            // They coach the team (checked above), so it's the bound on open links.
            return Err(TeamError::Refused(format!(
                "This team already has {MAX_OPEN_INVITES} unused invite links. Links work for \
                 {INVITE_DAYS} days: wait for some to be used or to expire."
            )));
        }
        Ok(InviteLink {
            path: format!("/invite/{token}"),
            expires_at: invite.expires_at,
        })
    }

    /// What the invite page shows: who asks, for which team; or why the link doesn't work.
    pub async fn preview(&self, user_id: &str, token: &str) -> Result<InvitePreview, TeamError> {
        let refused = |m: &str| TeamError::Refused(m.to_string());
        let invite = self
            .store
            .find_invite(&token_hash(token.trim()))
            .await?
            .ok_or_else(|| refused(INVITE_UNKNOWN))?;
        if invite.used_at.is_some() {
            return Err(refused(INVITE_USED));
        }
        if invite.expires_at <= self.clock.now_ms() {
            return Err(refused(INVITE_EXPIRED));
        }
        if let Some(m) = self
            .store
            .memberships(user_id)
            .await?
            .into_iter()
            .find(|m| m.team_id == invite.team_id)
        {
            return Err(refused(match m.role {
                TeamRole::Coach => OWN_TEAM,
                TeamRole::Athlete => ALREADY_MEMBER,
            }));
        }
        let hash = token_hash(token.trim());
        Ok(InvitePreview {
            team_name: invite.team_name,
            inviter_name: invite.inviter_name,
            expires_at: invite.expires_at,
            suggested_name: self.display_name(user_id, "").await?,
            for_coach: self.store.invite_role(&hash).await? == Some(TeamRole::Coach),
            coaches: self.store.invite_coach_names(&hash).await?,
        })
    }

    /// Joins the invite's team sharing `sharing`; returns the team's id.
    pub async fn accept(
        &self,
        user_id: &str,
        token: &str,
        name: &str,
        sharing: Sharing,
    ) -> Result<String, TeamError> {
        let name = validate_member_name(name).map_err(|message| TeamError::Invalid {
            field: "name",
            message,
        })?;
        // The same checks as the page (own team, already a member), then the claim, which
        // checks expiry and use again in its transaction.
        self.preview(user_id, token).await?;
        let refused = |m: &str| Err(TeamError::Refused(m.to_string()));
        match self
            .store
            .accept_invite(
                user_id,
                &token_hash(token.trim()),
                &name,
                sharing,
                self.clock.now_ms(),
            )
            .await?
        {
            AcceptOutcome::Joined { team_id } => Ok(team_id),
            AcceptOutcome::NotFound => refused(INVITE_UNKNOWN),
            AcceptOutcome::Expired => refused(INVITE_EXPIRED),
            AcceptOutcome::Used => refused(INVITE_USED),
            AcceptOutcome::AlreadyMember => refused(ALREADY_MEMBER),
            AcceptOutcome::TeamFull => refused(TEAM_FULL),
            AcceptOutcome::TooManyTeams => Err(TeamError::Refused(format!(
                "You already coach {MAX_TEAMS_COACHED} teams, the most one climber can. \
                 Leave one before you join another as a coach."
            ))),
        }
    }

    pub async fn set_sharing(
        &self,
        user_id: &str,
        team_id: &str,
        sharing: Sharing,
    ) -> Result<(), TeamError> {
        if self.store.set_sharing(user_id, team_id, sharing).await? {
            Ok(())
        } else {
            Err(TeamError::NotFound)
        }
    }

    pub async fn leave(&self, user_id: &str, team_id: &str) -> Result<(), TeamError> {
        if self.store.leave(user_id, team_id).await? {
            Ok(())
        } else {
            Err(TeamError::NotFound)
        }
    }

    /// An athlete's pages as their coach sees them: only the areas they share, read now.
    pub async fn athlete(
        &self,
        coach_id: &str,
        athlete_id: &str,
    ) -> Result<AthleteView, TeamError> {
        let (name, sharing) = self
            .store
            .shared_with(coach_id, athlete_id)
            .await?
            .ok_or(TeamError::NotFound)?;
        let today = self.clock.today();
        let from = today.add_days(-LOOKBACK_DAYS);
        let journal = if sharing.journal {
            Some(
                self.store
                    .athlete_journal(
                        coach_id,
                        athlete_id,
                        JournalUse::Journal,
                        from,
                        JOURNAL_SHOWN,
                    )
                    .await?,
            )
        } else {
            None
        };
        let progress = if sharing.progress {
            let entries: Vec<_> = self
                .store
                .athlete_journal(coach_id, athlete_id, JournalUse::Progress, from, 5_000)
                .await?
                .into_iter()
                .map(|e| e.data)
                .collect();
            // Grades in the coach's own systems: the athlete's profile isn't shared.
            let me = self.profiles.get(coach_id).await?;
            Some(build_progress(
                &entries,
                today,
                me.boulder_grades.into(),
                me.route_grades.into(),
            ))
        } else {
            None
        };
        let assessments = if sharing.assessments {
            Some(
                self.store
                    .athlete_assessments(coach_id, athlete_id, ASSESSMENTS_SHOWN)
                    .await?,
            )
        } else {
            None
        };
        let program = if sharing.programs {
            Some(
                self.store
                    .athlete_program(coach_id, athlete_id)
                    .await?
                    .map(|(p, s)| ProgramView::new(p, s, today)),
            )
        } else {
            None
        };
        Ok(AthleteView {
            user_id: athlete_id.to_string(),
            name,
            sharing,
            journal,
            progress,
            assessments,
            program,
        })
    }

    /// A coach's comment on an athlete's journal entry or program session.
    pub async fn comment(
        &self,
        coach_id: &str,
        athlete_id: &str,
        target: CommentTarget,
        target_id: &str,
        body: &str,
    ) -> Result<(), TeamError> {
        let body = validate_comment(body).map_err(|message| TeamError::Invalid {
            field: "body",
            message,
        })?;
        let now = self.clock.now_ms();
        if self
            .store
            .comments_written_since(coach_id, athlete_id, now - 86_400_000)
            .await?
            >= COMMENTS_PER_DAY
        {
            return Err(TeamError::Refused(format!(
                "You've written {COMMENTS_PER_DAY} comments for this athlete in the last 24 \
                 hours, the most there can be. Try again tomorrow."
            )));
        }
        let record = CommentRecord {
            id: uuid::Uuid::new_v4().to_string(),
            coach_id: coach_id.to_string(),
            coach_name: self.display_name(coach_id, "Your coach").await?,
            athlete_id: athlete_id.to_string(),
            target,
            target_id: target_id.to_string(),
            body,
            created_at: now,
            read_at: None,
        };
        if self.store.add_comment(&record).await? {
            Ok(())
        } else if self
            .store
            .comments_written_since(coach_id, athlete_id, now - 86_400_000)
            .await?
            >= COMMENTS_PER_DAY
        {
            // Racing comments passed the check above; the store's own count refused this one.
            Err(TeamError::Refused(format!(
                "You've written {COMMENTS_PER_DAY} comments for this athlete in the last 24 \
                 hours, the most there can be. Try again tomorrow."
            )))
        } else {
            // One answer for an unshared area, a foreign target and a wrong id.
            Err(TeamError::Refused(COMMENT_TARGET_GONE.to_string()))
        }
    }

    /// The newest comments on `athlete_id`'s rows that `user_id` may read: the coach's own,
    /// or, for the athlete, every coach's (of one kind). Reading doesn't mark them read.
    pub async fn comment_list(
        &self,
        user_id: &str,
        athlete_id: &str,
        target: Option<CommentTarget>,
    ) -> Result<Vec<CommentView>, TeamError> {
        let list = self
            .store
            .comment_list(user_id, athlete_id, target, COMMENTS_SHOWN)
            .await?;
        Ok(list
            .into_iter()
            .map(|c| view_of(c, user_id, athlete_id))
            .collect())
    }

    /// Marks the climber's own comments among `ids` read (at most `COMMENTS_SHOWN`).
    pub async fn mark_read(&self, user_id: &str, ids: &[String]) -> Result<u64, TeamError> {
        if ids.len() > COMMENTS_SHOWN as usize {
            return Err(TeamError::Invalid {
                field: "ids",
                message: format!("At most {COMMENTS_SHOWN} comments at a time."),
            });
        }
        Ok(self
            .store
            .mark_comments_read(user_id, ids, self.clock.now_ms())
            .await?)
    }

    /// The header's figures: on a team (coach or athlete), and unread comments (capped).
    pub async fn nav(&self, user_id: &str) -> Result<(bool, u64), TeamError> {
        Ok(self.store.nav_status(user_id, UNREAD_CAP).await?)
    }

    /// Comments on one of `athlete_id`'s entries or sessions that `user_id` may read; the
    /// athlete's own reading marks them read.
    pub async fn comments(
        &self,
        user_id: &str,
        athlete_id: &str,
        target: CommentTarget,
        target_id: &str,
    ) -> Result<Vec<CommentView>, TeamError> {
        let list = self
            .store
            .comments(user_id, athlete_id, target, target_id)
            .await?;
        if user_id == athlete_id && list.iter().any(|c| c.read_at.is_none()) {
            self.store
                .mark_read(user_id, target, target_id, self.clock.now_ms())
                .await?;
        }
        Ok(list
            .into_iter()
            .map(|c| view_of(c, user_id, athlete_id))
            .collect())
    }

    /// The coach deletes a comment they wrote (a typo, the wrong entry): gone for the
    /// athlete too, and off their unread count.
    pub async fn delete_comment(&self, coach_id: &str, id: &str) -> Result<(), TeamError> {
        if self.store.delete_comment(coach_id, id).await? {
            Ok(())
        } else {
            Err(TeamError::NotFound)
        }
    }

    /// True when the climber coaches a team or is on one (the header's Team link).
    pub async fn on_a_team(&self, user_id: &str) -> Result<bool, TeamError> {
        Ok(!self.store.memberships(user_id).await?.is_empty())
    }

    pub async fn unread(&self, user_id: &str) -> Result<u64, TeamError> {
        Ok(self.store.unread_comments(user_id).await?)
    }
}

/// A comment as `user_id` sees it on `athlete_id`'s rows: `unread` only for the athlete,
/// `yours` for the coach who wrote it.
fn view_of(c: CommentRecord, user_id: &str, athlete_id: &str) -> CommentView {
    CommentView {
        unread: c.read_at.is_none() && user_id == athlete_id,
        yours: c.coach_id == user_id,
        id: c.id,
        target: c.target.code().to_string(),
        target_id: c.target_id,
        coach_name: c.coach_name,
        body: c.body,
        created_at: c.created_at,
    }
}
