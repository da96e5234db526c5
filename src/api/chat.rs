//! Conversations with the coach: the thread sidebar, the messages of a thread, and coach
//! turns streamed to the page as they happen.
use crate::api::codec::{Compact, JsonOrForm};
use leptos::prelude::*;
use leptos::server_fn::codec::{StreamingText, TextStream};
use serde::{Deserialize, Serialize};

use super::ApiError;
use crate::domain::chat::ShownMessage;
use crate::domain::memory::Thread;

/// A thread and its most recent messages, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThreadView {
    pub thread: Thread,
    /// As the page shows them: text and tool cards, not the stored tool traffic.
    pub messages: Vec<ShownMessage>,
    /// Who answers: "offline coach" or the configured model's name.
    pub coach: String,
}

/// How many threads the sidebar shows, and how many messages a thread page loads.
pub const SIDEBAR_THREADS: u32 = 100;
pub const THREAD_MESSAGES: u32 = 100;

/// The most threads one request lists ("Show older conversations" asks for more, up to this).
pub const THREADS_MAX: u32 = 1000;

/// The climber's conversations, newest first: the first `limit` (default
/// [`SIDEBAR_THREADS`], at most [`THREADS_MAX`]).
#[server(endpoint = "chat/threads", input = JsonOrForm, output = Compact)]
pub async fn list_threads(limit: Option<u32>) -> Result<Vec<Thread>, ApiError> {
    use super::context::*;
    let user = require_user()?;
    let limit = limit.unwrap_or(SIDEBAR_THREADS).clamp(1, THREADS_MAX);
    state()
        .memory
        .list_threads(&user.user_id, 0, limit)
        .await
        .map_err(map_memory)
}

/// What the coach says on the chat's start page (Markdown): onboarding offered to a climber
/// who hasn't finished it, a question about today's training otherwise.
#[server(endpoint = "chat/greeting", input = JsonOrForm, output = Compact)]
pub async fn chat_greeting() -> Result<String, ApiError> {
    use super::context::*;
    let user = require_user()?;
    greeting_for(&user.user_id).await
}

/// Starts a conversation from the chat's start page: the coach's greeting the climber saw,
/// then their first message, stored together. The page then opens the conversation and asks
/// the coach to answer (a `chat/turn` without text). Nothing is created when the message is
/// refused (empty, too long).
#[server(endpoint = "chat/start", input = JsonOrForm, output = Compact)]
pub async fn start_chat(text: String) -> Result<Thread, ApiError> {
    use super::context::*;
    use crate::domain::memory::{validate_parts, Part, Role};
    use crate::server::memory::{MemoryError, NewMessage};
    let user = require_user()?;
    let first = NewMessage::text(Role::User, text);
    validate_parts(&first.parts).map_err(|e| map_memory(MemoryError::Invalid(e)))?;
    let greeting = greeting_for(&user.user_id).await?;
    let memory = state().memory;
    let thread = memory
        .create_thread(&user.user_id, "")
        .await
        .map_err(map_memory)?;
    let said = [
        NewMessage {
            role: Role::Assistant,
            parts: vec![Part::Text { text: greeting }],
        },
        first,
    ];
    if let Err(e) = memory.append(&user.user_id, &thread.id, &said).await {
        // No empty conversation left behind; the page keeps the climber's text.
        let _ = memory.delete_thread(&user.user_id, &thread.id).await;
        return Err(map_memory(e));
    }
    memory
        .get_thread(&user.user_id, &thread.id)
        .await
        .map_err(map_memory)
}

#[cfg(feature = "ssr")]
async fn greeting_for(user_id: &str) -> Result<String, ApiError> {
    let state = super::context::state();
    // Onboarding is an offer, never a reason to fail the page.
    let step = state
        .onboarding
        .current_step(user_id)
        .await
        .unwrap_or_else(|e| {
            tracing::warn!(error = %e, "onboarding state unavailable for the greeting");
            None
        });
    let returning = !state
        .memory
        .list_threads(user_id, 0, 1)
        .await
        .map_err(map_memory)?
        .is_empty();
    Ok(crate::domain::chat::greeting(step, returning))
}

/// Starts an empty conversation and opens it.
#[server(endpoint = "chat/new", input = JsonOrForm, output = Compact)]
pub async fn create_thread() -> Result<Thread, ApiError> {
    use super::context::*;
    let user = require_user()?;
    let thread = state()
        .memory
        .create_thread(&user.user_id, "")
        .await
        .map_err(map_memory)?;
    leptos_axum::redirect(&format!("/chat/{}", thread.id));
    Ok(thread)
}

#[server(endpoint = "chat/thread", input = JsonOrForm, output = Compact)]
pub async fn get_thread(id: String) -> Result<ThreadView, ApiError> {
    use super::context::*;
    let user = require_user()?;
    let state = state();
    let memory = state.memory;
    let thread = memory
        .get_thread(&user.user_id, &id)
        .await
        .map_err(map_memory)?;
    let messages = memory
        .last_messages(&user.user_id, &id, THREAD_MESSAGES)
        .await
        .map_err(map_memory)?;
    Ok(ThreadView {
        thread,
        messages: messages.iter().map(ShownMessage::from).collect(),
        coach: state.agent.describe(),
    })
}

#[server(endpoint = "chat/rename", input = JsonOrForm, output = Compact)]
pub async fn rename_thread(id: String, title: String) -> Result<Thread, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .memory
        .rename_thread(&user.user_id, &id, &title)
        .await
        .map_err(map_memory)
}

/// Deletes a conversation and its messages, then goes back to the chat start page.
#[server(endpoint = "chat/delete", input = JsonOrForm, output = Compact)]
pub async fn delete_thread(id: String) -> Result<(), ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .memory
        .delete_thread(&user.user_id, &id)
        .await
        .map_err(map_memory)?;
    leptos_axum::redirect("/chat");
    Ok(())
}

/// A coach turn: stores the climber's `text` (or, without text, answers their last message
/// again after an error) and streams `ChatEvent`s, one JSON line each, as the coach works.
/// Leaving the page (dropping the stream) cancels the turn and the model request.
#[server(endpoint = "chat/turn", input = JsonOrForm, output = StreamingText)]
pub async fn chat_turn(
    thread_id: String,
    text: Option<String>,
) -> Result<TextStream<ApiError>, ApiError> {
    use super::context::*;
    use crate::server::agent::TurnInput;
    use futures::StreamExt;
    let user = require_user()?;
    let agent = state().agent;
    let input = match text {
        Some(text) => TurnInput::Message(text),
        None => TurnInput::Retry,
    };
    let turn = agent
        .begin(&user.user_id, &thread_id, input)
        .await
        .map_err(map_agent)?;
    Ok(TextStream::new(agent.event_lines(turn).map(Ok)))
}

/// Stops the coach's running turn in this conversation. False when none was running.
#[server(endpoint = "chat/stop", input = JsonOrForm, output = Compact)]
pub async fn stop_turn(thread_id: String) -> Result<bool, ApiError> {
    use super::context::*;
    let user = require_user()?;
    Ok(state().agent.stop(&user.user_id, &thread_id))
}

#[cfg(feature = "ssr")]
fn map_agent(e: crate::server::agent::AgentError) -> ApiError {
    use super::context::fail;
    use crate::server::agent::AgentError as A;
    match e {
        A::Memory(m) => map_memory(m),
        A::Busy => fail(ApiError::Conflict(e.to_string())),
        A::NothingToRetry => fail(ApiError::invalid("text", e.to_string())),
    }
}

#[cfg(feature = "ssr")]
fn map_memory(e: crate::server::memory::MemoryError) -> ApiError {
    use super::context::{fail, internal};
    use crate::domain::memory::MemoryInputError as I;
    use crate::server::memory::MemoryError as M;
    match e {
        M::NotFound => fail(ApiError::NotFound),
        M::OverQuota(q) => fail(q.into()),
        M::Invalid(i) => {
            let field = match i {
                I::EmptyTitle => "title",
                I::EmptyMessage | I::MessageTooLong => "text",
                I::WorkingMemoryTooLong => "",
            };
            fail(ApiError::invalid(field, i.to_string()))
        }
        other => internal("memory store failed", other),
    }
}
