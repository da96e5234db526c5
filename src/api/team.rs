//! Coaching organisations (issue 21): the Team page, invite links, sharing, and a coach's
//! read-only view of an athlete. The climber is always the session's; ids in arguments name
//! teams and athletes, and the service checks the climber's membership for each.
use crate::api::codec::Compact;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::ApiError;
use crate::domain::team::{
    AthleteView, CommentView, InviteLink, InvitePreview, Sharing, TeamOverview,
};

#[cfg(feature = "ssr")]
fn team_failed(context: &str, e: crate::server::services::team::TeamError) -> ApiError {
    use super::context::*;
    use crate::server::services::team::TeamError;
    match e {
        TeamError::Invalid { field, message } => fail(ApiError::invalid(field, message)),
        TeamError::NotFound => fail(ApiError::NotFound),
        TeamError::Refused(m) => fail(ApiError::Conflict(m)),
        other => service_failed(context, other),
    }
}

#[server(endpoint = "team/overview", input = Json, output = Compact)]
pub async fn get_team_overview() -> Result<TeamOverview, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .teams
        .overview(&user.user_id)
        .await
        .map_err(|e| team_failed("team overview failed", e))
}

#[server(endpoint = "team/create", input = Json, output = Compact)]
pub async fn create_team(name: String) -> Result<String, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .teams
        .create_team(&user.user_id, &name)
        .await
        .map_err(|e| team_failed("team create failed", e))
}

#[server(endpoint = "team/invite", input = Json, output = Compact)]
pub async fn create_invite(team_id: String) -> Result<InviteLink, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .teams
        .create_invite(&user.user_id, &team_id)
        .await
        .map_err(|e| team_failed("invite failed", e))
}

/// A link that makes whoever accepts it a coach of the team (a co-coach).
#[server(endpoint = "team/invite-coach", input = Json, output = Compact)]
pub async fn create_coach_invite(team_id: String) -> Result<InviteLink, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .teams
        .create_coach_invite(&user.user_id, &team_id)
        .await
        .map_err(|e| team_failed("coach invite failed", e))
}

#[server(endpoint = "team/invite/preview", input = Json, output = Compact)]
pub async fn preview_invite(token: String) -> Result<InvitePreview, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .teams
        .preview(&user.user_id, &token)
        .await
        .map_err(|e| team_failed("invite preview failed", e))
}

#[server(endpoint = "team/invite/accept", input = Json, output = Compact)]
pub async fn accept_invite(
    token: String,
    name: String,
    sharing: Sharing,
) -> Result<String, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .teams
        .accept(&user.user_id, &token, &name, sharing)
        .await
        .map_err(|e| team_failed("invite accept failed", e))
}

#[server(endpoint = "team/sharing", input = Json, output = Compact)]
pub async fn set_sharing(team_id: String, sharing: Sharing) -> Result<(), ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .teams
        .set_sharing(&user.user_id, &team_id, sharing)
        .await
        .map_err(|e| team_failed("sharing failed", e))
}

#[server(endpoint = "team/leave", input = Json, output = Compact)]
pub async fn leave_team(team_id: String) -> Result<(), ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .teams
        .leave(&user.user_id, &team_id)
        .await
        .map_err(|e| team_failed("leave failed", e))
}

#[server(endpoint = "team/athlete", input = Json, output = Compact)]
pub async fn get_athlete(athlete_id: String) -> Result<AthleteView, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .teams
        .athlete(&user.user_id, &athlete_id)
        .await
        .map_err(|e| team_failed("athlete view failed", e))
}

/// `target` is "journal" or "session".
#[server(endpoint = "team/comment", input = Json, output = Compact)]
pub async fn add_comment(
    athlete_id: String,
    target: String,
    target_id: String,
    body: String,
) -> Result<(), ApiError> {
    use super::context::*;
    use crate::server::stores::teams::CommentTarget;
    let user = require_user()?;
    let target = CommentTarget::from_code(&target).ok_or_else(|| fail(ApiError::NotFound))?;
    state()
        .teams
        .comment(&user.user_id, &athlete_id, target, &target_id, &body)
        .await
        .map_err(|e| team_failed("comment failed", e))
}

/// Deletes a comment the climber wrote as a coach; anyone else's is "not found".
#[server(endpoint = "team/comment/delete", input = Json, output = Compact)]
pub async fn delete_comment(comment_id: String) -> Result<(), ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .teams
        .delete_comment(&user.user_id, &comment_id)
        .await
        .map_err(|e| team_failed("comment delete failed", e))
}

/// Comments on an entry or session: the coach's own on an athlete's, or every coach's on
/// the climber's own (`athlete_id` empty), which marks them read.
#[server(endpoint = "team/comments", input = Json, output = Compact)]
pub async fn get_comments(
    athlete_id: String,
    target: String,
    target_id: String,
) -> Result<Vec<CommentView>, ApiError> {
    use super::context::*;
    use crate::server::stores::teams::CommentTarget;
    let user = require_user()?;
    let target = CommentTarget::from_code(&target).ok_or_else(|| fail(ApiError::NotFound))?;
    let athlete = if athlete_id.is_empty() {
        user.user_id.clone()
    } else {
        athlete_id
    };
    state()
        .teams
        .comments(&user.user_id, &athlete, target, &target_id)
        .await
        .map_err(|e| team_failed("comments failed", e))
}

/// The coach's own comments on an athlete's rows (newest first), for the athlete page.
#[server(endpoint = "team/athlete/comments", input = Json, output = Compact)]
pub async fn get_athlete_comments(athlete_id: String) -> Result<Vec<CommentView>, ApiError> {
    use super::context::*;
    let user = require_user()?;
    if athlete_id == user.user_id {
        return Err(fail(ApiError::NotFound));
    }
    state()
        .teams
        .comment_list(&user.user_id, &athlete_id, None)
        .await
        .map_err(|e| team_failed("athlete comments failed", e))
}

/// Coaches' comments on the climber's own journal entries or program sessions (`target`
/// "journal" or "session"), newest first. Reading them doesn't mark them read.
#[server(endpoint = "team/my-comments", input = Json, output = Compact)]
pub async fn get_my_comments(target: String) -> Result<Vec<CommentView>, ApiError> {
    use super::context::*;
    use crate::server::stores::teams::CommentTarget;
    let user = require_user()?;
    let target = CommentTarget::from_code(&target).ok_or_else(|| fail(ApiError::NotFound))?;
    state()
        .teams
        .comment_list(&user.user_id, &user.user_id, Some(target))
        .await
        .map_err(|e| team_failed("my comments failed", e))
}

/// Marks those of `ids` that are comments on the climber's own rows read (others are
/// ignored); returns how many changed.
#[server(endpoint = "team/comments/read", input = Json, output = Compact)]
pub async fn mark_comments_read(ids: Vec<String>) -> Result<u64, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .teams
        .mark_read(&user.user_id, &ids)
        .await
        .map_err(|e| team_failed("mark read failed", e))
}

/// Whether the header shows the Team link: the climber coaches a team or is on one.
#[server(endpoint = "team/nav", input = Json, output = Compact)]
pub async fn team_nav() -> Result<bool, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .teams
        .on_a_team(&user.user_id)
        .await
        .map_err(|e| team_failed("team nav failed", e))
}
