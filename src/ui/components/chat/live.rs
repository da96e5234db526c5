//! The coach turn in progress: what the page shows while events stream in, and the task that
//! reads the stream.
use futures::StreamExt;
use leptos::prelude::*;

use crate::api::chat::chat_turn;
use crate::api::ApiError;
use crate::domain::chat::{ChatEvent, EventLineBuffer, ToolCard};

/// Something shown below the stored messages during this visit.
#[derive(Clone, Debug, PartialEq)]
pub enum LiveItem {
    Climber(String),
    Working(String),
    Card(ToolCard),
    /// The coach's answer; `done` once it is stored.
    Coach {
        text: String,
        done: bool,
    },
    /// The turn failed: the message, and a Retry button.
    Failed(String),
    Note(String),
}

/// The live part of a conversation, shared by the message list and the composer.
#[derive(Clone, Copy)]
pub struct LiveTurn {
    pub items: RwSignal<Vec<LiveItem>>,
    pub running: RwSignal<bool>,
    /// The last refusal of a message (too long, empty…), shown under the composer.
    pub refused: RwSignal<Option<ApiError>>,
}

impl LiveTurn {
    pub fn new() -> Self {
        Self {
            items: RwSignal::new(Vec::new()),
            running: RwSignal::new(false),
            refused: RwSignal::new(None),
        }
    }

    pub fn clear(&self) {
        self.items.set(Vec::new());
        self.refused.set(None);
    }

    fn apply(&self, event: ChatEvent) {
        self.items.update(|items| {
            // A "working on it" line only lasts until the next event.
            if matches!(items.last(), Some(LiveItem::Working(_))) {
                items.pop();
            }
            // An unfinished answer ends where the stream turns to something else: text before a
            // tool call is complete (later tokens start a new bubble), and a failed answer was
            // never stored, so it goes (a retry then streams into a fresh bubble, not onto it).
            match &event {
                ChatEvent::Error { .. } => settle_partial(items, true),
                ChatEvent::ToolStarted { .. } | ChatEvent::Tool { .. } | ChatEvent::Stopped => {
                    settle_partial(items, false)
                }
                _ => {}
            }
            match event {
                ChatEvent::User { message } => items.push(LiveItem::Climber(message.text)),
                ChatEvent::ToolStarted { label } => {
                    items.push(LiveItem::Working(format!("{label}…")))
                }
                ChatEvent::Token { text } => match items.last_mut() {
                    Some(LiveItem::Coach {
                        text: t,
                        done: false,
                    }) => t.push_str(&text),
                    _ => items.push(LiveItem::Coach { text, done: false }),
                },
                ChatEvent::Tool { card } => items.push(LiveItem::Card(card)),
                ChatEvent::Done { message } => {
                    let text = message.text;
                    match items.last_mut() {
                        Some(LiveItem::Coach { text: t, done }) if !*done => {
                            *t = text;
                            *done = true;
                        }
                        _ => items.push(LiveItem::Coach { text, done: true }),
                    }
                }
                ChatEvent::Error { message } => items.push(LiveItem::Failed(message)),
                ChatEvent::Stopped => items.push(LiveItem::Note(
                    "Stopped. Ask again when you're ready.".into(),
                )),
            }
        });
    }

    /// Sends `text` (or retries the last message when `None`) and streams the coach's turn.
    /// Resolves to true when the climber's message was accepted.
    pub async fn run(
        &self,
        thread_id: String,
        text: Option<String>,
        turns: RwSignal<usize>,
    ) -> bool {
        self.running.set(true);
        self.refused.set(None);
        let is_retry = text.is_none();
        if is_retry {
            self.items.update(|items| {
                if matches!(items.last(), Some(LiveItem::Failed(_))) {
                    items.pop();
                }
            });
        }
        let accepted = match chat_turn(thread_id, text).await {
            Err(e) => {
                self.refused.set(Some(e));
                false
            }
            Ok(stream) => {
                let mut lines = EventLineBuffer::default();
                let mut stream = stream.into_inner();
                let mut ended = false;
                while let Some(chunk) = stream.next().await {
                    let Ok(chunk) = chunk else { break };
                    for event in lines.push(&chunk).into_iter().flatten() {
                        ended |= matches!(
                            event,
                            ChatEvent::Done { .. } | ChatEvent::Error { .. } | ChatEvent::Stopped
                        );
                        self.apply(event);
                    }
                }
                if !ended {
                    self.apply(ChatEvent::Error {
                        message: "The connection to the coach dropped. Your message is saved; press Retry.".into(),
                    });
                }
                true
            }
        };
        self.running.set(false);
        turns.update(|n| *n += 1);
        accepted
    }
}

/// Marks the last answer done if it is still streaming, or removes it when `drop`.
fn settle_partial(items: &mut Vec<LiveItem>, drop: bool) {
    if let Some(LiveItem::Coach { done: false, .. }) = items.last() {
        if drop {
            items.pop();
        } else if let Some(LiveItem::Coach { done, .. }) = items.last_mut() {
            *done = true;
        }
    }
}

impl Default for LiveTurn {
    fn default() -> Self {
        Self::new()
    }
}
