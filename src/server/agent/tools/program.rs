//! `generate_program`, `get_next_session` and `complete_session`: the coach builds and follows
//! the climber's program through the same service as the programs page.
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use super::{ToolContext, ToolError, ToolOutput, TypedTool};
use crate::domain::program::tracking::{CompletionInput, ProgramSession};
use crate::server::services::program::ProgramError;

fn map_err(e: ProgramError) -> ToolError {
    match e {
        ProgramError::Invalid(f) => ToolError::Refused(f.message),
        ProgramError::NoAssessment => ToolError::Refused(
            "The climber has no assessment yet: a program is built from one. Offer start_assessment.".into(),
        ),
        ProgramError::NeedsConfirmation => ToolError::Refused(
            "The climber already has an active program. Ask whether to replace it (the old one is kept as history); if they say yes, call generate_program with replace_active = true.".into(),
        ),
        ProgramError::NoProgram => ToolError::Refused(
            "The climber has no active program. Offer generate_program.".into(),
        ),
        ProgramError::NotFound => ToolError::Refused("No such session in the climber's program.".into()),
        ProgramError::Generate(g) => ToolError::Refused(g.to_string()),
        other => ToolError::Internal(other.to_string()),
    }
}

fn session_json(s: &ProgramSession) -> serde_json::Value {
    let p = &s.planned;
    json!({
        "session_id": s.id,
        "date": s.date.to_string(),
        "week": p.week,
        "phase": p.phase.label(),
        "title": p.title,
        "minutes": p.minutes,
        "why": p.why,
        "status": s.status.code(),
        "exercises": p.exercises.iter().map(|e| json!({
            "name": e.name, "sets": e.sets, "reps": e.reps, "rest": e.rest,
            "intensity": e.intensity, "why": e.why,
        })).collect::<Vec<_>>(),
    })
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GenerateArgs {
    /// true only after the climber confirmed replacing their active program.
    #[serde(default)]
    pub replace_active: bool,
}

pub struct GenerateProgram;

impl TypedTool for GenerateProgram {
    type Args = GenerateArgs;
    const NAME: &'static str = "generate_program";
    const DESCRIPTION: &'static str = "Build a periodized 4-12 week program from the climber's \
        latest assessment and schedule (deterministic, rule-checked: rest days, 48 h between \
        max-finger sessions, deloads, no finger-intensive work while injured). Refused when an \
        active program exists unless replace_active is true.";
    const LABEL: &'static str = "Building your program";

    async fn run(&self, ctx: &ToolContext, args: GenerateArgs) -> Result<ToolOutput, ToolError> {
        let view = ctx
            .programs
            .generate(&ctx.user_id, args.replace_active)
            .await
            .map_err(map_err)?;
        let plan = &view.program.plan;
        let next = view
            .next
            .as_ref()
            .and_then(|id| view.sessions.iter().find(|s| &s.id == id));
        Ok(ToolOutput {
            summary: format!(
                "Program ready: {} weeks, {} sessions ({})",
                plan.weeks.len(),
                view.sessions.len(),
                plan.model.label()
            ),
            data: json!({
                "model": plan.model.label(),
                "level": plan.level.label(),
                "start": plan.start.to_string(),
                "end": plan.end.to_string(),
                "weeks": plan.weeks.iter().map(|w| json!({"week": w.number, "phase": w.phase.label()})).collect::<Vec<_>>(),
                "focus": plan.focus.iter().map(|a| a.label()).collect::<Vec<_>>(),
                "notes": plan.notes,
                "sessions": view.sessions.len(),
                "first_session": next.map(session_json),
            }),
            link: Some("/programs".into()),
        })
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NextArgs {}

pub struct GetNextSession;

impl TypedTool for GetNextSession {
    type Args = NextArgs;
    const NAME: &'static str = "get_next_session";
    const DESCRIPTION: &'static str = "The climber's next planned program session (today or \
        later) with its exercises, sets, reps, rest, intensity and why.";
    const LABEL: &'static str = "Finding your next session";

    async fn run(&self, ctx: &ToolContext, _args: NextArgs) -> Result<ToolOutput, ToolError> {
        if ctx
            .programs
            .current(&ctx.user_id)
            .await
            .map_err(map_err)?
            .is_none()
        {
            return Err(map_err(ProgramError::NoProgram));
        }
        let next = ctx
            .programs
            .next_session(&ctx.user_id)
            .await
            .map_err(map_err)?;
        Ok(match next {
            Some(s) => ToolOutput {
                summary: format!("Next session: {} on {}", s.planned.title, s.date),
                data: session_json(&s),
                link: Some("/programs".into()),
            },
            None => ToolOutput {
                summary: "No sessions left in your program".into(),
                data: json!({ "next": null, "hint": "The program is finished: offer a new assessment and program." }),
                link: Some("/programs".into()),
            },
        })
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteArgs {
    /// From get_next_session; left out = the latest planned session up to today (a future
    /// session must be named).
    pub session_id: Option<String>,
    /// Session RPE 1-10 (how hard it felt).
    pub rpe: u8,
    /// Minutes it took; left out = the planned minutes.
    pub duration_min: Option<u32>,
    pub notes: Option<String>,
}

pub struct CompleteSession;

impl TypedTool for CompleteSession {
    type Args = CompleteArgs;
    const NAME: &'static str = "complete_session";
    const DESCRIPTION: &'static str = "Mark a program session done with its RPE (and optional \
        minutes and notes). It is also logged to the journal. Ask for the RPE if the climber \
        didn't say it.";
    const LABEL: &'static str = "Ticking off your session";

    async fn run(&self, ctx: &ToolContext, args: CompleteArgs) -> Result<ToolOutput, ToolError> {
        let id = match args.session_id {
            Some(id) => id,
            None => {
                ctx.programs
                    .session_to_complete(&ctx.user_id)
                    .await
                    .map_err(map_err)?
                    .id
            }
        };
        let input = CompletionInput {
            rpe: args.rpe.to_string(),
            duration_min: args.duration_min.map(|m| m.to_string()).unwrap_or_default(),
            notes: args.notes.unwrap_or_default(),
        };
        let (session, entry) = ctx
            .programs
            .complete(&ctx.user_id, &id, &input)
            .await
            .map_err(map_err)?;
        Ok(ToolOutput {
            summary: format!(
                "Done: {} (RPE {}), logged to your journal",
                session.planned.title,
                entry.data.rpe.unwrap_or_default()
            ),
            data: json!({ "session": session_json(&session), "journal_entry_id": entry.id }),
            link: Some(format!("/journal/{}", entry.id)),
        })
    }
}
