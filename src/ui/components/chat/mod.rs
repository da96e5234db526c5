//! The chat page's pieces: thread sidebar, conversation view, composer.
mod conversation;
mod thread_list;

pub use conversation::Conversation;
pub use thread_list::ThreadList;

use leptos::prelude::*;

use crate::api::chat::{CreateThread, DeleteThread, RenameThread, SendMessage};

/// The chat actions, shared so the sidebar refreshes after any of them.
#[derive(Clone, Copy)]
pub struct ChatActions {
    pub create: ServerAction<CreateThread>,
    pub rename: ServerAction<RenameThread>,
    pub delete: ServerAction<DeleteThread>,
    pub send: ServerAction<SendMessage>,
}

impl ChatActions {
    pub fn new() -> Self {
        Self {
            create: ServerAction::new(),
            rename: ServerAction::new(),
            delete: ServerAction::new(),
            send: ServerAction::new(),
        }
    }

    /// Changes whenever any action completes: resources keyed on it refetch.
    pub fn changes(&self) -> (usize, usize, usize, usize) {
        (
            self.create.version().get(),
            self.rename.version().get(),
            self.delete.version().get(),
            self.send.version().get(),
        )
    }
}

impl Default for ChatActions {
    fn default() -> Self {
        Self::new()
    }
}
