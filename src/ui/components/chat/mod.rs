//! The chat page's pieces: thread sidebar, conversation header, messages, composer, and the
//! live coach turn streaming into the page.
mod composer;
mod conversation;
mod header;
mod live;
mod messages;
mod thread_list;

pub use conversation::Conversation;
pub use thread_list::ThreadList;

use leptos::prelude::*;

use crate::api::chat::{CreateThread, DeleteThread, RenameThread};

/// The chat actions, shared so the sidebar refreshes after any of them.
#[derive(Clone, Copy)]
pub struct ChatActions {
    pub create: ServerAction<CreateThread>,
    pub rename: ServerAction<RenameThread>,
    pub delete: ServerAction<DeleteThread>,
    /// Bumped when a coach turn ends (a new title, a new order in the sidebar).
    pub turns: RwSignal<usize>,
}

impl ChatActions {
    pub fn new() -> Self {
        Self {
            create: ServerAction::new(),
            rename: ServerAction::new(),
            delete: ServerAction::new(),
            turns: RwSignal::new(0),
        }
    }

    /// Changes whenever any action completes: resources keyed on it refetch.
    pub fn changes(&self) -> (usize, usize, usize, usize) {
        (
            self.create.version().get(),
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
