//! `search_conversations`: the coach looks through the climber's earlier conversations.
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use super::{ToolContext, ToolError, ToolOutput, TypedTool};

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchArgs {
    /// Words to look for, e.g. "finger injury" or "hangboard protocol".
    pub query: String,
}

pub struct SearchConversations;

impl TypedTool for SearchConversations {
    type Args = SearchArgs;
    const NAME: &'static str = "search_conversations";
    const DESCRIPTION: &'static str =
        "Search the climber's earlier conversations with you for messages about a topic.";
    const LABEL: &'static str = "Searching past conversations";

    async fn run(&self, ctx: &ToolContext, args: SearchArgs) -> Result<ToolOutput, ToolError> {
        let query = args.query.trim();
        if query.is_empty() || query.chars().count() > 200 {
            return Err(ToolError::InvalidArguments(
                "query must be 1 to 200 characters".into(),
            ));
        }
        let hits = ctx
            .memory
            .recall(&ctx.user_id, query, 5, Some(&ctx.thread_id))
            .await
            .map_err(|e| ToolError::Internal(e.to_string()))?;
        let found: Vec<_> = hits
            .iter()
            .map(|h| json!({ "role": h.hit.role.as_str(), "text": h.hit.text() }))
            .collect();
        Ok(ToolOutput {
            summary: match found.len() {
                0 => format!("Searched past conversations for “{query}”: nothing found"),
                1 => format!("Found 1 earlier message about “{query}”"),
                n => format!("Found {n} earlier messages about “{query}”"),
            },
            data: json!({ "messages": found }),
            link: None,
        })
    }
}
