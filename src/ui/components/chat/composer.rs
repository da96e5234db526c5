//! Where the climber writes. Enter sends, Shift+Enter adds a line; while the coach answers,
//! a Stop button replaces Send. On the chat's start page (no conversation yet) the first
//! message starts one: it is stored with the coach's greeting, then the conversation opens and
//! the coach answers it there.
use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::html::Textarea;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::live::LiveTurn;
use super::ChatActions;
use crate::api::chat::{start_chat, stop_turn};
use crate::api::ApiError;
use crate::domain::memory::MESSAGE_MAX_BYTES;

#[component]
pub fn Composer(
    /// The open conversation; `None` on the start page.
    id: Signal<Option<String>>,
) -> impl IntoView {
    let live = expect_context::<LiveTurn>();
    let actions = expect_context::<ChatActions>();
    let turns = actions.turns;
    let navigate = use_navigate();
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
        let Some(thread_id) = id.get_untracked() else {
            // The text stays in the box until the conversation exists, so a refusal or a
            // lost connection never loses it.
            live.running.set(true);
            live.refused.set(None);
            let navigate = navigate.clone();
            spawn_local(async move {
                match start_chat(text).await {
                    Ok(thread) => {
                        live.running.set(false);
                        actions.pending.set(Some(thread.id.clone()));
                        navigate(&format!("/chat/{}", thread.id), Default::default());
                    }
                    Err(e) => {
                        live.running.set(false);
                        live.refused.set(Some(e));
                    }
                }
            });
            return;
        };
        spawn_local(async move {
            // Cleared once accepted, so a refused message is never lost.
            if live.run(thread_id, Some(text), turns).await {
                if let Some(area) = input.get_untracked() {
                    area.set_value("");
                }
            }
        });
    };
    let on_submit = {
        let send = send.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            send();
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
            ev.prevent_default();
            send();
        }
    };
    let stop = move |_| {
        let Some(thread_id) = id.get_untracked() else {
            return;
        };
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
                <textarea id="message-text" name="text" rows="3" node_ref={input} placeholder="Ask your coach…"
                    aria-describedby="text-error composer-hint" on:keydown={on_keydown}></textarea>
                <p class="field-error" id="text-error" aria-live="polite">{message}</p>
            </div>
            <div class="form-actions">
                <Show
                    when={move || live.running.get()}
                    fallback={|| view! { <button type="submit">"Send"</button> }}
                >
                    {move || match id.get() {
                        Some(_) => view! {
                            <button type="button" class="danger" on:click={stop}>"Stop"</button>
                        }.into_any(),
                        None => view! { <button type="submit" disabled>"Sending…"</button> }.into_any(),
                    }}
                </Show>
                <p class="hint" id="composer-hint">"Enter sends, Shift+Enter starts a new line."</p>
            </div>
        </form>
    }
}
