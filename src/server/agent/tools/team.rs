//! `list_athletes` / `athlete_summary`: a coach asking their own coach agent about their
//! athletes (issue 21). The coach is the signed-in climber (`ToolContext`, never the model);
//! every call goes through `TeamService`, which checks the membership and each area's
//! sharing on that call, so unsharing or leaving holds on the next question. Never read here:
//! the athlete's conversations, working memory, profile or e-mail.
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{ToolContext, ToolError, ToolOutput, TypedTool};
use crate::domain::team::{AthleteSummary, CoachedTeam};
use crate::server::services::team::TeamError;

/// Journal lines and note length an athlete summary gives the model.
const JOURNAL_LINES: usize = 10;
const NOTE_CHARS: usize = 160;
const NOT_SHARED: &str = "not shared with you";

fn internal(e: TeamError) -> ToolError {
    match e {
        TeamError::NotFound => ToolError::Refused(
            "that athlete isn't on a team you coach (or no longer shares anything with you)".into(),
        ),
        TeamError::Invalid { message, .. } | TeamError::Refused(message) => {
            ToolError::Refused(message)
        }
        other => ToolError::Internal(other.to_string()),
    }
}

fn figures(a: &AthleteSummary) -> Value {
    let s = a.sharing;
    let or_not = |shared: bool, v: Value| if shared { v } else { json!(NOT_SHARED) };
    json!({
        "athlete_id": a.user_id,
        "name": a.name,
        "last_activity": or_not(s.activity(), json!(a.last_activity.map(|d| d.to_string()))),
        "week_load": or_not(s.activity(), json!(a.week_load)),
        "acwr": or_not(s.activity(), json!(a.acwr.map(|r| (r * 100.0).round() / 100.0))),
        "acwr_band": or_not(s.activity(), json!(a.acwr_band.map(|b| b.label()))),
        "acwr_established": a.acwr_established,
        "pain_days_last_14": or_not(s.activity(), json!(a.pain_days)),
        "sessions_done_of_due": or_not(
            s.programs,
            json!(a.adherence.map(|(done, due)| format!("{done}/{due}")))
        ),
        "next_session": or_not(
            s.programs,
            json!(a.next_session.as_ref().map(|(d, t)| format!("{d} {t}")))
        ),
        "shares": s.describe(),
    })
}

/// The coach's teams, or a refusal for a climber who coaches none.
async fn coached(ctx: &ToolContext) -> Result<Vec<CoachedTeam>, ToolError> {
    let teams = ctx
        .teams
        .overview(&ctx.user_id)
        .await
        .map_err(internal)?
        .coached;
    if teams.is_empty() {
        return Err(ToolError::Refused(
            "you don't coach a team, so there are no athletes to look at".into(),
        ));
    }
    Ok(teams)
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoArgs {}

pub struct ListAthletes;

impl TypedTool for ListAthletes {
    type Args = NoArgs;
    const NAME: &'static str = "list_athletes";
    const DESCRIPTION: &'static str = "For a coach: the athletes of the teams they coach, each \
        with last activity, this week's load and ACWR band, pain days in the last 14 days, \
        program adherence and next session, as far as each athlete shares them.";
    const LABEL: &'static str = "Looking at your athletes";
    const KEEP_OUTPUT: bool = false;

    async fn run(&self, ctx: &ToolContext, _: NoArgs) -> Result<ToolOutput, ToolError> {
        let teams = coached(ctx).await?;
        let count: usize = teams.iter().map(|t| t.athletes.len()).sum();
        let data = json!({
            "teams": teams.iter().map(|t| json!({
                "team": t.name,
                "athletes": t.athletes.iter().map(figures).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        });
        Ok(ToolOutput {
            data,
            summary: format!(
                "Looked at your {count} athlete{}",
                if count == 1 { "" } else { "s" }
            ),
            link: Some("/team".into()),
        })
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AthleteSummaryArgs {
    /// The athlete's name as your team sees it, or the athlete_id from list_athletes.
    pub athlete: String,
}

pub struct AthleteSummaryTool;

impl TypedTool for AthleteSummaryTool {
    type Args = AthleteSummaryArgs;
    const NAME: &'static str = "athlete_summary";
    const DESCRIPTION: &'static str = "For a coach: how one of their athletes is doing — the \
        Team page figures, recent journal lines (only if the athlete shares the journal) and \
        the latest assessment (only if shared). Areas the athlete doesn't share say so.";
    const LABEL: &'static str = "Looking at an athlete";
    const KEEP_OUTPUT: bool = false;

    async fn run(&self, ctx: &ToolContext, a: AthleteSummaryArgs) -> Result<ToolOutput, ToolError> {
        let wanted = a.athlete.trim().to_lowercase();
        if wanted.is_empty() {
            return Err(ToolError::InvalidArguments("name the athlete".into()));
        }
        let teams = coached(ctx).await?;
        let all: Vec<&AthleteSummary> = teams.iter().flat_map(|t| &t.athletes).collect();
        let mut found: Vec<&AthleteSummary> = all
            .iter()
            .copied()
            .filter(|s| s.user_id == a.athlete.trim() || s.name.to_lowercase() == wanted)
            .collect();
        if found.is_empty() {
            found = all
                .iter()
                .copied()
                .filter(|s| s.name.to_lowercase().contains(&wanted))
                .collect();
        }
        found.dedup_by(|x, y| x.user_id == y.user_id);
        let summary = match found.as_slice() {
            [one] => *one,
            [] => {
                return Err(ToolError::Refused(format!(
                    "no athlete called \"{}\" on your teams; call list_athletes for their names",
                    a.athlete.trim()
                )))
            }
            many => {
                let names: Vec<&str> = many.iter().map(|s| s.name.as_str()).collect();
                return Err(ToolError::Refused(format!(
                    "more than one athlete matches: {}; ask which one",
                    names.join(", ")
                )));
            }
        };
        // Read now, through the membership and sharing checks.
        let view = ctx
            .teams
            .athlete(&ctx.user_id, &summary.user_id)
            .await
            .map_err(internal)?;
        let journal = match &view.journal {
            Some(entries) => json!(entries
                .iter()
                .take(JOURNAL_LINES)
                .map(|e| json!({
                    "date": e.data.date.to_string(),
                    "kind": e.data.kind,
                    "duration_min": e.data.duration_min,
                    "rpe": e.data.rpe,
                    "load": e.load,
                    "pain": e.data.pain.iter().map(|p| p.body_part.as_str()).collect::<Vec<_>>(),
                    "notes": e.data.notes.chars().take(NOTE_CHARS).collect::<String>(),
                }))
                .collect::<Vec<_>>()),
            None => json!(NOT_SHARED),
        };
        let assessment = match &view.assessments {
            Some(list) => match list.first() {
                Some(x) => json!({ "taken_on": x.taken_on.to_string(), "results": x.tests }),
                None => json!("none yet"),
            },
            None => json!(NOT_SHARED),
        };
        let mut data = figures(summary);
        data["recent_journal"] = journal;
        data["latest_assessment"] = assessment;
        Ok(ToolOutput {
            data,
            summary: format!("Looked at {}", view.name),
            link: Some(format!("/team/athlete/{}", view.user_id)),
        })
    }
}
