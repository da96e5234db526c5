//! The coach's tools. Each tool is a typed Rust struct of arguments whose JSON Schema is
//! generated from the type, so the schema the model sees and the validation it gets can't
//! drift apart. A tool never takes a user id: `ToolContext` carries the climber from the
//! server-side session, and every store call is scoped to it.
//!
//! Adding a tool is one file: implement `TypedTool` and register it in `ToolRegistry::standard`.
mod assessment;
mod journal;
mod onboarding;
mod profile;
mod program;
mod recall;
mod team;
mod timer;
mod working_memory;

use std::future::Future;
use std::sync::Arc;

use async_trait::async_trait;
use futures::FutureExt;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

use super::provider::{ToolCall, ToolSpec};
use crate::server::memory::MemoryStore;
use crate::server::services::assessment::AssessmentService;
use crate::server::services::journal::JournalService;
use crate::server::services::onboarding::OnboardingService;
use crate::server::services::profile::ProfileService;
use crate::server::services::program::ProgramService;
use crate::server::services::team::TeamService;

pub use assessment::{GetAssessmentResult, SaveAssessmentStep, StartAssessment};
pub use journal::{LogSession, QueryJournal, TrainingLoad};
pub use onboarding::OnboardingAnswer;
pub use profile::{GetProfile, UpdateProfile};
pub use program::{CompleteSession, GenerateProgram, GetNextSession};
pub use recall::SearchConversations;
pub use team::{AthleteSummaryTool, ListAthletes};
pub use timer::StartTimer;
pub use working_memory::{Remember, WorkingMemorySection};

/// What a tool may touch, bound by the server for one turn.
#[derive(Clone)]
pub struct ToolContext {
    /// The signed-in climber (from the session cookie, never from the model).
    pub user_id: String,
    pub thread_id: String,
    pub memory: Arc<dyn MemoryStore>,
    pub profiles: Arc<ProfileService>,
    pub journal: Arc<JournalService>,
    pub assessments: Arc<AssessmentService>,
    pub programs: Arc<ProgramService>,
    pub onboarding: Arc<OnboardingService>,
    /// A coach's reads of their athletes (membership and sharing checked on every call).
    pub teams: Arc<TeamService>,
}

/// A successful tool run: data for the model and a one-line card for the climber.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ToolOutput {
    pub data: Value,
    /// "Saved to journal: 90 min bouldering".
    pub summary: String,
    /// Where the card links to in the app, if anywhere.
    pub link: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ToolError {
    /// The arguments don't fit the schema or the rules; the model is told and may retry.
    #[error("invalid arguments: {0}")]
    InvalidArguments(String),
    /// The request was understood but refused (for the model and the climber alike).
    #[error("{0}")]
    Refused(String),
    /// Something broke on our side; logged, and the model gets a generic message.
    #[error("internal error")]
    Internal(String),
}

/// A tool with typed arguments.
pub trait TypedTool: Send + Sync + 'static {
    /// `deny_unknown_fields` on the type keeps stray arguments (a `user_id`, say) out.
    type Args: DeserializeOwned + JsonSchema + Send;
    const NAME: &'static str;
    const DESCRIPTION: &'static str;
    /// A label for the climber's tool card while it runs ("Updating your profile").
    const LABEL: &'static str;
    /// Whether the result is kept in the conversation (and so read again by the model on
    /// later turns). False for what belongs to someone else (an athlete's shared data): the
    /// thread keeps only the card, so unsharing or leaving holds for what was read before.
    const KEEP_OUTPUT: bool = true;
    fn run(
        &self,
        ctx: &ToolContext,
        args: Self::Args,
    ) -> impl Future<Output = Result<ToolOutput, ToolError>> + Send;
}

#[async_trait]
pub trait Tool: Send + Sync {
    fn name(&self) -> &'static str;
    /// Name, description and generated JSON Schema (built once, by the registry).
    fn spec(&self) -> ToolSpec;
    fn label(&self) -> &'static str;
    /// See [`TypedTool::KEEP_OUTPUT`].
    fn keep_output(&self) -> bool;
    async fn call(&self, ctx: &ToolContext, args: Value) -> Result<ToolOutput, ToolError>;
}

#[async_trait]
impl<T: TypedTool> Tool for T {
    fn name(&self) -> &'static str {
        T::NAME
    }

    fn spec(&self) -> ToolSpec {
        let mut schema = serde_json::to_value(schemars::schema_for!(T::Args))
            .unwrap_or_else(|_| json!({"type": "object"}));
        if let Some(obj) = schema.as_object_mut() {
            obj.remove("$schema");
            obj.remove("title");
        }
        ToolSpec {
            name: T::NAME.to_string(),
            description: T::DESCRIPTION.to_string(),
            parameters: schema,
        }
    }

    fn label(&self) -> &'static str {
        T::LABEL
    }

    fn keep_output(&self) -> bool {
        T::KEEP_OUTPUT
    }

    async fn call(&self, ctx: &ToolContext, args: Value) -> Result<ToolOutput, ToolError> {
        let args: T::Args =
            serde_json::from_value(args).map_err(|e| ToolError::InvalidArguments(e.to_string()))?;
        self.run(ctx, args).await
    }
}

/// The outcome of one call, as the model and the climber see it.
#[derive(Clone, Debug, PartialEq)]
pub struct ToolExecution {
    pub ok: bool,
    /// The tool result message for the model (JSON text).
    pub for_model: Value,
    /// The card for the climber.
    pub summary: String,
    pub link: Option<String>,
}

pub struct ToolRegistry {
    tools: Vec<Arc<dyn Tool>>,
    /// Generated once: every turn offers the same schemas.
    specs: Vec<ToolSpec>,
}

impl ToolRegistry {
    pub fn new(tools: Vec<Arc<dyn Tool>>) -> Self {
        let specs = tools.iter().map(|t| t.spec()).collect();
        Self { tools, specs }
    }

    fn find(&self, name: &str) -> Option<&Arc<dyn Tool>> {
        self.tools.iter().find(|t| t.name() == name)
    }

    /// Every tool the coach has today.
    pub fn standard() -> Self {
        Self::new(vec![
            Arc::new(Remember),
            Arc::new(GetProfile),
            Arc::new(UpdateProfile),
            Arc::new(SearchConversations),
            Arc::new(LogSession),
            Arc::new(QueryJournal),
            Arc::new(TrainingLoad),
            Arc::new(StartAssessment),
            Arc::new(SaveAssessmentStep),
            Arc::new(GetAssessmentResult),
            Arc::new(GenerateProgram),
            Arc::new(GetNextSession),
            Arc::new(CompleteSession),
            Arc::new(StartTimer),
            Arc::new(OnboardingAnswer),
            Arc::new(ListAthletes),
            Arc::new(AthleteSummaryTool),
        ])
    }

    pub fn specs(&self) -> &[ToolSpec] {
        &self.specs
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.tools.iter().map(|t| t.name()).collect()
    }

    /// Runs one call. Every failure becomes a tool result the model can read and act on;
    /// nothing here fails the turn.
    pub async fn execute(&self, ctx: &ToolContext, call: &ToolCall) -> ToolExecution {
        let Some(tool) = self.find(&call.name) else {
            return failure(
                format!(
                    "unknown tool `{}`; available tools: {}",
                    call.name,
                    self.names().join(", ")
                ),
                "The coach tried a tool that doesn't exist".into(),
            );
        };
        let label = tool.label();
        let args: Value = if call.arguments.trim().is_empty() {
            json!({})
        } else {
            match serde_json::from_str(&call.arguments) {
                Ok(v) => v,
                Err(e) => {
                    return failure(
                        format!("arguments are not valid JSON ({e}); send a JSON object matching the schema"),
                        format!("{label}: the coach sent unreadable details"),
                    )
                }
            }
        };
        // A bug in one tool (a panic) is that tool's failure, reported like any other, not the
        // end of the climber's turn.
        let outcome = std::panic::AssertUnwindSafe(tool.call(ctx, args))
            .catch_unwind()
            .await
            .unwrap_or_else(|panic| {
                let detail = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                Err(ToolError::Internal(format!("panicked: {detail}")))
            });
        match outcome {
            Ok(out) => ToolExecution {
                ok: true,
                for_model: json!({ "ok": true, "data": out.data }),
                summary: out.summary,
                link: out.link,
            },
            Err(ToolError::InvalidArguments(msg)) => failure(
                format!("invalid arguments: {msg}"),
                format!("{label}: the coach sent invalid details"),
            ),
            Err(ToolError::Refused(msg)) => failure(msg.clone(), format!("{label}: {msg}")),
            Err(ToolError::Internal(detail)) => {
                tracing::error!(tool = %call.name, error = %detail, "tool failed");
                failure(
                    "the tool failed on the server; tell the climber and don't retry".into(),
                    format!("{label}: something went wrong on our side"),
                )
            }
        }
    }
}

fn failure(for_model: String, summary: String) -> ToolExecution {
    ToolExecution {
        ok: false,
        for_model: json!({ "ok": false, "error": for_model }),
        summary,
        link: None,
    }
}

impl ToolRegistry {
    /// The card label of a tool, when it exists.
    pub fn label_of(&self, name: &str) -> Option<&'static str> {
        self.find(name).map(|t| t.label())
    }

    /// Whether a tool's result may be stored in the thread (unknown tools: their error is).
    pub fn keeps_output(&self, name: &str) -> bool {
        self.find(name).is_none_or(|t| t.keep_output())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every property name anywhere in a schema, and every `$ref`.
    fn walk<'a>(v: &'a Value, props: &mut Vec<&'a str>, refs: &mut Vec<&'a str>) {
        match v {
            Value::Object(map) => {
                if let Some(Value::Object(p)) = map.get("properties") {
                    props.extend(p.keys().map(String::as_str));
                }
                if let Some(Value::String(r)) = map.get("$ref") {
                    refs.push(r);
                }
                map.values().for_each(|v| walk(v, props, refs));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, props, refs)),
            _ => {}
        }
    }

    #[test]
    fn every_schema_is_closed_resolvable_and_has_no_user_field() {
        let registry = ToolRegistry::standard();
        assert!(registry.specs().len() >= 13);
        for spec in registry.specs() {
            let schema = &spec.parameters;
            assert_eq!(schema["type"], "object", "{}", spec.name);
            assert_eq!(
                schema["additionalProperties"], false,
                "{}: stray arguments must be refused",
                spec.name
            );
            let (mut props, mut refs) = (Vec::new(), Vec::new());
            walk(schema, &mut props, &mut refs);
            for p in &props {
                assert!(
                    !p.to_ascii_lowercase().contains("user"),
                    "{}: `{p}` — the climber comes from the session, never from the model",
                    spec.name
                );
            }
            for r in refs {
                let path = r.strip_prefix("#/").expect("local refs only");
                let target = path.split('/').try_fold(schema, |v, key| v.get(key));
                assert!(target.is_some(), "{}: unresolvable {r}", spec.name);
            }
            assert!(!spec.description.is_empty(), "{}", spec.name);
        }
    }
}
