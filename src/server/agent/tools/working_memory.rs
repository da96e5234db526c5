//! `remember`: the coach writes what it learns about the climber into their working memory
//! (the climber profile it reads every turn).
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use super::{ToolContext, ToolError, ToolOutput, TypedTool};
use crate::domain::memory::replace::{check_replace, section_facts};
use crate::domain::memory::{add_to_section, merge_working_memory, section_body};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WorkingMemorySection {
    Name,
    LevelAndGrades,
    Goals,
    Schedule,
    Equipment,
    Injuries,
    Preferences,
}

impl WorkingMemorySection {
    /// The heading in the working-memory document (`domain::memory::WORKING_MEMORY_SECTIONS`).
    pub fn heading(self) -> &'static str {
        match self {
            Self::Name => "Name",
            Self::LevelAndGrades => "Level and grades",
            Self::Goals => "Goals",
            Self::Schedule => "Schedule",
            Self::Equipment => "Equipment",
            Self::Injuries => "Injuries",
            Self::Preferences => "Preferences",
        }
    }

    pub fn from_heading(h: &str) -> Option<Self> {
        [
            Self::Name,
            Self::LevelAndGrades,
            Self::Goals,
            Self::Schedule,
            Self::Equipment,
            Self::Injuries,
            Self::Preferences,
        ]
        .into_iter()
        .find(|s| s.heading().eq_ignore_ascii_case(h))
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RememberMode {
    /// Add the note as a new bullet (the default).
    #[default]
    Add,
    /// Rewrite the whole section with the note (when something changed or was wrong). The
    /// note must restate every fact of the section that still holds: a fact it leaves out
    /// entirely is refused unless `confirm_replace` is true.
    Replace,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RememberArgs {
    /// Which part of the climber profile this belongs to.
    pub section: WorkingMemorySection,
    /// The fact, short and in the climber's terms, e.g. "hangboard at home".
    pub note: String,
    #[serde(default)]
    pub mode: RememberMode,
    /// Only with mode "replace": true when the climber said the section's facts that the
    /// note leaves out no longer hold (an injury healed, a goal dropped).
    #[serde(default)]
    pub confirm_replace: bool,
}

pub struct Remember;

/// Longest note the coach may store in one call.
const NOTE_MAX_CHARS: usize = 500;

impl TypedTool for Remember {
    type Args = RememberArgs;
    const NAME: &'static str = "remember";
    const DESCRIPTION: &'static str = "Save a lasting fact about the climber (name, level, goals, \
        schedule, equipment, injuries, preferences) to their profile notes, which you see at the \
        start of every conversation. Use it whenever the climber tells you something worth keeping. \
        mode \"add\" (the default) adds the note as a new bullet. mode \"replace\" rewrites the \
        whole section: the note must restate every fact of the section that still holds, else the \
        call is refused and names the facts it would drop; set confirm_replace to true only when \
        the climber said those facts no longer hold. The previous section is returned.";
    const LABEL: &'static str = "Remembering";

    async fn run(&self, ctx: &ToolContext, args: RememberArgs) -> Result<ToolOutput, ToolError> {
        let note = args.note.trim();
        if note.is_empty() {
            return Err(ToolError::InvalidArguments("note is empty".into()));
        }
        if note.chars().count() > NOTE_MAX_CHARS {
            return Err(ToolError::InvalidArguments(format!(
                "note is longer than {NOTE_MAX_CHARS} characters; keep it short"
            )));
        }
        let heading = args.section.heading();
        let mut previous = Vec::new();
        let update = match args.mode {
            RememberMode::Add => {
                let current = ctx
                    .memory
                    .working_memory(&ctx.user_id)
                    .await
                    .map_err(|e| ToolError::Internal(e.to_string()))?;
                let merged = add_to_section(&current, heading, note);
                crate::domain::memory::section_body(&merged, heading)
                    .map(|b| format!("## {heading}\n{b}\n"))
                    .unwrap_or_default()
            }
            RememberMode::Replace => {
                let current = ctx
                    .memory
                    .working_memory(&ctx.user_id)
                    .await
                    .map_err(|e| ToolError::Internal(e.to_string()))?;
                let body = section_body(&current, heading).unwrap_or_default();
                check_replace(&body, note, args.confirm_replace).map_err(|r| {
                    ToolError::InvalidArguments(format!(
                        "not replaced: {heading} holds {}, which the note leaves out. Restate \
                         every fact that still holds in the note, use mode \"add\" to add a fact, \
                         or set confirm_replace to true if the climber said these no longer hold.",
                        r.dropped
                            .iter()
                            .map(|f| format!("\"{f}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?;
                previous = section_facts(&body);
                merge_working_memory("", &format!("## {heading}\n- {note}\n"))
            }
        };
        ctx.memory
            .update_working_memory(&ctx.user_id, &update)
            .await
            .map_err(|e| match e {
                crate::server::memory::MemoryError::Invalid(i) => ToolError::Refused(i.to_string()),
                other => ToolError::Internal(other.to_string()),
            })?;
        Ok(ToolOutput {
            data: if args.mode == RememberMode::Replace {
                json!({ "section": heading, "saved": note, "previous": previous })
            } else {
                json!({ "section": heading, "saved": note })
            },
            summary: format!("Remembered ({heading}): {note}"),
            link: None,
        })
    }
}
