//! `get_profile` / `update_profile`: the climber's profile page data (name, bodyweight,
//! grade systems, goals), read and changed through the same validation as the page's form.
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use super::{ToolContext, ToolError, ToolOutput, TypedTool};
use crate::domain::profile::{Profile, ProfileInput};
use crate::server::services::profile::ProfileError;

fn profile_json(p: &Profile) -> serde_json::Value {
    json!({
        "display_name": p.display_name,
        "bodyweight_kg": p.bodyweight_kg,
        "boulder_grade_system": p.boulder_grades.label(),
        "route_grade_system": p.route_grades.label(),
        "goals": p.goals,
    })
}

fn internal(e: ProfileError) -> ToolError {
    match e {
        ProfileError::Invalid(f) => ToolError::Refused(f.message),
        other => ToolError::Internal(other.to_string()),
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoArgs {}

pub struct GetProfile;

impl TypedTool for GetProfile {
    type Args = NoArgs;
    const NAME: &'static str = "get_profile";
    const DESCRIPTION: &'static str =
        "Read the climber's profile: name, bodyweight, preferred grade systems and goals.";
    const LABEL: &'static str = "Reading your profile";

    async fn run(&self, ctx: &ToolContext, _: NoArgs) -> Result<ToolOutput, ToolError> {
        let p = ctx.profiles.get(&ctx.user_id).await.map_err(internal)?;
        Ok(ToolOutput {
            data: profile_json(&p),
            summary: "Read your profile".into(),
            link: Some("/profile".into()),
        })
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateProfileArgs {
    /// The name the climber wants to be called.
    pub display_name: Option<String>,
    /// Bodyweight in kilograms (25-250).
    pub bodyweight_kg: Option<f64>,
    /// The climber's goals, in their words (replaces the current goals).
    pub goals: Option<String>,
}

pub struct UpdateProfile;

impl TypedTool for UpdateProfile {
    type Args = UpdateProfileArgs;
    const NAME: &'static str = "update_profile";
    const DESCRIPTION: &'static str = "Change fields of the climber's profile page. Only the \
        fields you pass change. Use when the climber asks to change their name, bodyweight or goals.";
    const LABEL: &'static str = "Updating your profile";

    async fn run(&self, ctx: &ToolContext, a: UpdateProfileArgs) -> Result<ToolOutput, ToolError> {
        if a.display_name.is_none() && a.bodyweight_kg.is_none() && a.goals.is_none() {
            return Err(ToolError::InvalidArguments(
                "pass at least one of display_name, bodyweight_kg, goals".into(),
            ));
        }
        let current = ctx.profiles.get(&ctx.user_id).await.map_err(internal)?;
        let mut changed = Vec::new();
        let input = ProfileInput {
            display_name: match a.display_name {
                Some(n) => {
                    changed.push("name");
                    n
                }
                None => current.display_name.clone(),
            },
            bodyweight_kg: match a.bodyweight_kg {
                Some(w) => {
                    changed.push("bodyweight");
                    w.to_string()
                }
                None => current
                    .bodyweight_kg
                    .map(|w| w.to_string())
                    .unwrap_or_default(),
            },
            boulder_grades: current.boulder_grades.code().to_string(),
            route_grades: current.route_grades.code().to_string(),
            goals: match a.goals {
                Some(g) => {
                    changed.push("goals");
                    g
                }
                None => current.goals.clone(),
            },
            ..current.to_input()
        };
        let saved = ctx
            .profiles
            .save(&ctx.user_id, &input)
            .await
            .map_err(internal)?;
        Ok(ToolOutput {
            data: profile_json(&saved),
            summary: format!("Updated your profile: {}", changed.join(", ")),
            link: Some("/profile".into()),
        })
    }
}
