//! Conversations with the coach: the thread sidebar and the messages of a thread.
//! (The agent that replies is a separate feature; until then messages are stored unanswered.)
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::ApiError;
use crate::domain::memory::{Message, Thread};

/// A thread and its most recent messages, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThreadView {
    pub thread: Thread,
    pub messages: Vec<Message>,
}

/// How many threads the sidebar shows, and how many messages a thread page loads.
pub const SIDEBAR_THREADS: u32 = 100;
pub const THREAD_MESSAGES: u32 = 100;

#[server(endpoint = "chat/threads")]
pub async fn list_threads() -> Result<Vec<Thread>, ApiError> {
    use super::context::*;
    let user = require_user()?;
    state()
        .memory
        .list_threads(&user.user_id, 0, SIDEBAR_THREADS)
        .await
        .map_err(map_memory)
}

/// Starts an empty conversation and opens it.
#[server(endpoint = "chat/new")]
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

#[server(endpoint = "chat/thread")]
pub async fn get_thread(id: String) -> Result<ThreadView, ApiError> {
    use super::context::*;
    let user = require_user()?;
    let memory = state().memory;
    let thread = memory
        .get_thread(&user.user_id, &id)
        .await
        .map_err(map_memory)?;
    let messages = memory
        .last_messages(&user.user_id, &id, THREAD_MESSAGES)
        .await
        .map_err(map_memory)?;
    Ok(ThreadView { thread, messages })
}

#[server(endpoint = "chat/rename")]
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
#[server(endpoint = "chat/delete")]
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

/// Stores the climber's message in the thread.
#[server(endpoint = "chat/send")]
pub async fn send_message(thread_id: String, text: String) -> Result<Message, ApiError> {
    use super::context::*;
    use crate::domain::memory::Role;
    use crate::server::memory::NewMessage;
    let user = require_user()?;
    let mut stored = state()
        .memory
        .append(
            &user.user_id,
            &thread_id,
            &[NewMessage::text(Role::User, text)],
        )
        .await
        .map_err(map_memory)?;
    stored
        .pop()
        .ok_or_else(|| internal("append returned nothing", "empty"))
}

#[cfg(feature = "ssr")]
fn map_memory(e: crate::server::memory::MemoryError) -> ApiError {
    use super::context::{fail, internal};
    use crate::domain::memory::MemoryInputError as I;
    use crate::server::memory::MemoryError as M;
    match e {
        M::NotFound => fail(ApiError::NotFound),
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
