//! The chat's start page (`/chat`): the coach's greeting and the message box. The first
//! message starts a conversation (see the composer).
use leptos::prelude::*;

use super::composer::Composer;
use super::live::LiveTurn;
use super::messages::coach;
use crate::api::chat::chat_greeting;
use crate::ui::data;

#[component]
pub fn StartChat() -> impl IntoView {
    provide_context(LiveTurn::new());
    // Rendered on the server with the page, so the greeting is there from the first paint.
    let greeting = data::resource(|| (), |_| chat_greeting());
    view! {
        <h1 class="chat-title">"Chat with your coach"</h1>
        {data::loaded(|| view! { <p class="hint">"Loading…"</p> }, move || async move {
                match greeting.await {
                    Ok(text) => view! {
                        <ol class="messages" aria-label="Messages">{coach(text, true)}</ol>
                    }.into_any(),
                    Err(e) => view! { <p class="form-alert" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        <Composer id={Signal::stored(None)}/>
    }
}
