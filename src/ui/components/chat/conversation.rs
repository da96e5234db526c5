use leptos::prelude::*;

use super::composer::Composer;
use super::header::ThreadHeader;
use super::live::{LiveItem, LiveTurn};
use super::messages::MessageList;
use super::ChatActions;
use crate::api::chat::get_thread;
use crate::api::ApiError;
use crate::ui::data;

/// One conversation: its title (rename, delete), its messages, the live turn, the composer.
#[component]
pub fn Conversation(id: Signal<String>) -> impl IntoView {
    let actions = expect_context::<ChatActions>();
    let live = LiveTurn::new();
    provide_context(live);
    // What happened during a visit belongs to that conversation only.
    Effect::new(move |_| {
        id.track();
        live.clear();
    });
    let view_data = data::resource(
        move || (id.get(), actions.rename.version().get()),
        |(id, _)| get_thread(id),
    );
    // A refetch (after a rename) brings every stored message, this visit's included: the
    // live copies of them go, or they would show twice.
    Effect::new(move |_| {
        if matches!(view_data.get(), Some(Ok(_))) && !live.running.get_untracked() {
            live.items
                .update(|items| items.retain(|i| matches!(i, LiveItem::Failed(_))));
        }
    });
    // A conversation just started from the chat's start page: once its stored messages (the
    // greeting and the climber's first message) are on screen, the coach answers, once.
    Effect::new(move |_| {
        let Some(Ok(data)) = view_data.get() else {
            return;
        };
        if actions.pending.get_untracked().as_deref() != Some(data.thread.id.as_str()) {
            return;
        }
        actions.pending.set(None);
        // Running from now on, so nothing offers to ask before the turn has started.
        live.running.set(true);
        let id = data.thread.id;
        leptos::task::spawn_local(async move {
            live.run(id, None, actions.turns).await;
        });
    });
    view! {
        {data::loaded(|| view! { <p>"Loading the conversation…"</p> }, move || async move {
                match view_data.await {
                    Ok(data) => {
                        let coach = data.coach.clone();
                        let thread_id = data.thread.id.clone();
                        view! {
                            <ThreadHeader data={data.clone()}/>
                            <p class="coach-badge">"Answering: " <strong>{coach}</strong></p>
                            <MessageList messages={data.messages} thread_id/>
                        }
                        .into_any()
                    }
                    Err(ApiError::NotFound) => view! {
                        <h1>"Conversation not found"</h1>
                        <p>"It may have been deleted. Pick another one or start a new conversation."</p>
                    }.into_any(),
                    Err(e) => view! { <p class="form-alert" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        <Composer id={Signal::derive(move || Some(id.get()))}/>
    }
}
