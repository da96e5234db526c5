use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::ui::components::chat::{ChatActions, Conversation, StartChat, ThreadList};
use crate::ui::components::program::NextSessionCard;

/// `/chat` and `/chat/:id`: the conversation list beside the open conversation, or beside the
/// coach's greeting and the message box when none is open.
#[component]
pub fn ChatPage() -> impl IntoView {
    provide_context(ChatActions::new());
    let params = use_params_map();
    let active = Signal::derive(move || params.read().get("id"));
    view! {
        <Title text="Chat — ClimbingPill"/>
        <div class="chat-layout">
            <ThreadList active/>
            <section class="conversation page">
                <NextSessionCard/>
                <Show
                    when={move || active.get().is_some()}
                    fallback={|| view! { <StartChat/> }}
                >
                    <Conversation id={Signal::derive(move || active.get().unwrap_or_default())}/>
                </Show>
            </section>
        </div>
    }
}
