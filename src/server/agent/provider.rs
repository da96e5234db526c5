//! The one interface every language-model backend implements: given the conversation and the
//! tools, produce one step (text and/or tool calls), streaming text as it comes.
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChatRole {
    System,
    User,
    Assistant,
    Tool,
}

/// A message of the conversation as a provider sees it (OpenAI's chat shape).
#[derive(Clone, Debug, PartialEq)]
pub struct ChatMessage {
    pub role: ChatRole,
    pub content: String,
    /// Calls the assistant made in this message.
    pub tool_calls: Vec<ToolCall>,
    /// For `Tool` messages: the call this answers.
    pub tool_call_id: Option<String>,
}

impl ChatMessage {
    pub fn new(role: ChatRole, content: impl Into<String>) -> Self {
        Self {
            role,
            content: content.into(),
            tool_calls: Vec::new(),
            tool_call_id: None,
        }
    }
    pub fn tool_result(call_id: &str, content: impl Into<String>) -> Self {
        Self {
            role: ChatRole::Tool,
            content: content.into(),
            tool_calls: Vec::new(),
            tool_call_id: Some(call_id.to_string()),
        }
    }
}

/// A tool call as the model sent it. `arguments` is the raw JSON text: it may be malformed,
/// and then the loop tells the model so instead of failing the turn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToolCall {
    pub id: String,
    pub name: String,
    pub arguments: String,
}

/// A tool offered to the model: name, description, JSON Schema of its arguments.
#[derive(Clone, Debug, PartialEq)]
pub struct ToolSpec {
    pub name: String,
    pub description: String,
    pub parameters: serde_json::Value,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProviderRequest {
    pub messages: Vec<ChatMessage>,
    pub tools: Vec<ToolSpec>,
    /// Output tokens left in this turn's budget.
    pub max_tokens: Option<u32>,
}

/// What one provider step produced.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StepOutput {
    pub text: String,
    pub tool_calls: Vec<ToolCall>,
    pub tokens_in: Option<u32>,
    pub tokens_out: Option<u32>,
}

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    #[error("could not reach the model service: {0}")]
    Connect(String),
    #[error("the model service did not answer in time")]
    Timeout,
    #[error("the model service is rate limiting us (429)")]
    RateLimited,
    #[error("the model service answered {status}: {body}")]
    Status { status: u16, body: String },
    #[error("the model's answer was cut off: {0}")]
    Interrupted(String),
    #[error("the model service sent something we could not read: {0}")]
    Protocol(String),
}

impl ProviderError {
    /// Worth another try (before any token reached the climber): overload and network trouble.
    pub fn is_transient(&self) -> bool {
        match self {
            ProviderError::Connect(_) | ProviderError::Timeout | ProviderError::RateLimited => true,
            ProviderError::Status { status, .. } => *status >= 500,
            ProviderError::Interrupted(_) | ProviderError::Protocol(_) => false,
        }
    }
}

/// A language-model backend. `deltas` receives text as it is generated; the returned
/// `StepOutput` holds the whole step.
#[async_trait]
pub trait Provider: Send + Sync {
    /// Shown in the run log and the UI ("openai-compatible", "offline coach").
    fn name(&self) -> &str;
    fn model(&self) -> &str;
    async fn step(
        &self,
        request: &ProviderRequest,
        deltas: &mpsc::UnboundedSender<String>,
    ) -> Result<StepOutput, ProviderError>;
}
