//! The chat page's pieces: thread sidebar, the start page (greeting and composer), conversation
//! header, messages, composer, and the live coach turn streaming into the page.
mod composer;
mod conversation;
mod header;
mod live;
mod messages;
mod start;
mod thread_list;

pub use conversation::Conversation;
pub use start::StartChat;
pub use thread_list::ThreadList;

use leptos::prelude::*;

use crate::api::chat::{DeleteThread, RenameThread};

/// The chat actions, shared so the sidebar refreshes after any of them.
#[derive(Clone, Copy)]
pub struct ChatActions {
    pub rename: ServerAction<RenameThread>,
    pub delete: ServerAction<DeleteThread>,
    /// Bumped when a coach turn ends (a new title, a new order in the sidebar).
    pub turns: RwSignal<usize>,
    /// A conversation just started from the chat's start page whose first message the coach
    /// still has to answer: the conversation asks for the answer once, when it opens. Held in
    /// the page only, so a reload or going back and forth never asks twice.
    pub pending: RwSignal<Option<String>>,
}

impl ChatActions {
    pub fn new() -> Self {
        Self {
            rename: ServerAction::new(),
            delete: ServerAction::new(),
            turns: RwSignal::new(0),
            pending: RwSignal::new(None),
        }
    }

    /// Changes whenever any action completes: resources keyed on it refetch.
    pub fn changes(&self) -> (usize, usize, usize) {
        (
            self.rename.version().get(),
            self.delete.version().get(),
            self.turns.get(),
        )
    }
}

impl Default for ChatActions {
    fn default() -> Self {
        Self::new()
    }
}
