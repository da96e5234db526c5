//! Where the climber writes. Enter sends, Shift+Enter adds a line; while the coach answers,
//! a Stop button replaces Send.
use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::html::Textarea;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::live::LiveTurn;
use super::ChatActions;
use crate::api::chat::stop_turn;
use crate::api::ApiError;
use crate::domain::memory::MESSAGE_MAX_BYTES;

#[component]
pub fn Composer(id: Signal<String>) -> impl IntoView {
    let live = expect_context::<LiveTurn>();
    let turns = expect_context::<ChatActions>().turns;
    let input = NodeRef::<Textarea>::new();
    let local_error = RwSignal::new(None::<String>);

    let send = move || {
        let Some(area) = input.get() else { return };
        let text = area.value();
        if text.trim().is_empty() {
            local_error.set(Some("Write a message first.".into()));
            return;
        }
        if text.len() > MESSAGE_MAX_BYTES {
            local_error.set(Some(
                "That message is too long (over 32 KB). Split it into smaller messages.".into(),
            ));
            return;
        }
        if live.running.get_untracked() {
            return;
        }
        local_error.set(None);
        let thread_id = id.get_untracked();
        spawn_local(async move {
            // Cleared once accepted, so a refused message is never lost.
            if live.run(thread_id, Some(text), turns).await {
                if let Some(area) = input.get_untracked() {
                    area.set_value("");
                }
            }
        });
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        send();
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
            ev.prevent_default();
            send();
        }
    };
    let stop = move |_| {
        let thread_id = id.get_untracked();
        spawn_local(async move {
            let _ = stop_turn(thread_id).await;
        });
    };
    let message = move || {
        local_error.get().or_else(|| {
            live.refused.with(|r| match r {
                Some(ApiError::Invalid { message, .. }) => Some(message.clone()),
                Some(e) => Some(e.to_string()),
                None => None,
            })
        })
    };
    view! {
        <form class="composer-form" on:submit={on_submit}>
            <div class="field composer">
                <label for="message-text">"Message"</label>
                <textarea id="message-text" name="text" rows="3" node_ref={input}
                    aria-describedby="text-error composer-hint" on:keydown={on_keydown}></textarea>
                <p class="field-error" id="text-error" aria-live="polite">{message}</p>
            </div>
            <div class="form-actions">
                <Show
                    when={move || live.running.get()}
                    fallback={|| view! { <button type="submit">"Send"</button> }}
                >
                    <button type="button" class="danger" on:click={stop}>"Stop"</button>
                </Show>
                <p class="hint" id="composer-hint">"Enter sends, Shift+Enter starts a new line."</p>
            </div>
        </form>
    }
}
