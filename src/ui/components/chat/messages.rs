//! The conversation's messages: those stored (from the server) and those of this visit.
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::live::{LiveItem, LiveTurn};
use super::ChatActions;
use crate::domain::chat::{ShownMessage, ToolCard};
use crate::domain::memory::Role;
use crate::domain::timer::TimerPlan;
use crate::ui::components::deferred::PartsShown;
use crate::ui::components::markdown::Markdown;
use crate::ui::components::timer::TimerCard;

#[component]
pub fn MessageList(messages: Vec<ShownMessage>, thread_id: String) -> impl IntoView {
    let live = expect_context::<LiveTurn>();
    let actions = expect_context::<ChatActions>();
    // Before the messages are drawn: their timer cards report when they have grown.
    let parts_shown = PartsShown(RwSignal::new(0));
    provide_context(parts_shown);
    let waiting = awaits_answer(&messages);
    let stored = messages.into_iter().map(stored_message).collect_view();
    let thread_id = StoredValue::new(thread_id);
    // A message left without an answer (the page was closed or reloaded before the coach
    // started): the climber can ask for the answer rather than type it again.
    let unanswered = move || {
        waiting
            && !live.running.get()
            && live.items.with(Vec::is_empty)
            && actions.pending.with(|p| p.is_none())
    };
    // The newest message comes into view as it arrives (and when the conversation opens),
    // like any chat; nothing moves when it is already on screen.
    // A timer card grows once its code has come (a deferred part): the same again then.
    let list = NodeRef::<leptos::html::Ol>::new();
    Effect::new(move |_| {
        live.items.track();
        parts_shown.0.track();
        // After the list has drawn the change.
        request_animation_frame(move || {
            if let Some(last) = list.get_untracked().and_then(|ol| ol.last_element_child()) {
                reveal(&last);
            }
        });
    });
    let ask = move |_| {
        let id = thread_id.get_value();
        spawn_local(async move {
            live.run(id, None, actions.turns).await;
        });
    };
    view! {
        <ol class="messages" aria-label="Messages" aria-live="polite" node_ref={list}>
            {stored}
            <For
                each={move || live.items.get().into_iter().enumerate()}
                key={|(i, item)| (*i, format!("{item:?}"))}
                children={move |(_, item)| live_item(item, thread_id.get_value())}
            />
            <Show when={unanswered}>
                <li class="turn-note unanswered">
                    <p>"The coach hasn't answered this message yet."</p>
                    <button type="button" on:click={ask}>"Ask the coach"</button>
                </li>
            </Show>
        </ol>
    }
}

/// Scrolls `el` into view only as far as needed (`block: "nearest"`).
#[cfg(feature = "hydrate")]
fn reveal(el: &leptos::web_sys::Element) {
    use leptos::wasm_bindgen::JsCast;
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"block".into(), &"nearest".into());
    if let Ok(scroll) = js_sys::Reflect::get(el, &"scrollIntoView".into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    {
        let _ = scroll.call1(el, &options);
    }
}

#[cfg(not(feature = "hydrate"))]
fn reveal<T>(_el: &T) {}

/// Whether the last thing said is the climber's, with no answer after it (tool results and
/// an empty assistant step don't count as one). The server's retry answers exactly that.
fn awaits_answer(messages: &[ShownMessage]) -> bool {
    messages
        .iter()
        .rev()
        .find(|m| {
            !(m.role == Role::Tool || (m.role == Role::Assistant && m.text.trim().is_empty()))
        })
        .is_some_and(|m| m.role == Role::User)
}

fn climber(text: String) -> AnyView {
    view! {
        <li class="message from-climber">
            <span class="sender">"You"</span>
            <p class="text">{text}</p>
        </li>
    }
    .into_any()
}

pub(super) fn coach(text: String, done: bool) -> AnyView {
    view! {
        <li class="message from-coach" aria-busy={(!done).to_string()}>
            <span class="sender">"Coach"</span>
            <div class="text"><Markdown text={Signal::stored(text)}/></div>
        </li>
    }
    .into_any()
}

fn card(card: ToolCard) -> AnyView {
    // The coach's timer runs right in the chat; the link is checked like any other input.
    if let Some(link) = card.link.as_deref().filter(|l| l.starts_with("/timer?")) {
        if let Ok(plan) = TimerPlan::from_link(link) {
            return view! { <TimerCard plan link={link.to_string()}/> }.into_any();
        }
    }
    let class = if card.ok {
        "tool-card"
    } else {
        "tool-card failed"
    };
    view! {
        <li class={class}>
            <span class="tool-icon" aria-hidden="true">{if card.ok { "✓" } else { "!" }}</span>
            {match card.link {
                Some(href) => view! { <a href={href}>{card.summary}</a> }.into_any(),
                None => view! { <span>{card.summary}</span> }.into_any(),
            }}
        </li>
    }
    .into_any()
}

fn stored_message(m: ShownMessage) -> AnyView {
    match m.role {
        Role::User => climber(m.text),
        Role::Assistant => {
            if m.text.trim().is_empty() {
                ().into_any()
            } else {
                coach(m.text, true)
            }
        }
        Role::Tool => m.cards.into_iter().map(card).collect_view().into_any(),
    }
}

fn live_item(item: LiveItem, thread_id: String) -> AnyView {
    match item {
        LiveItem::Climber(text) => climber(text),
        LiveItem::Working(label) => view! { <li class="tool-card working">{label}</li> }.into_any(),
        LiveItem::Card(c) => card(c),
        LiveItem::Coach { text, done } => coach(text, done),
        LiveItem::Note(text) => view! { <li class="turn-note">{text}</li> }.into_any(),
        LiveItem::Failed(message) => {
            let live = expect_context::<LiveTurn>();
            let turns = expect_context::<ChatActions>().turns;
            let retry = move |_| {
                let id = thread_id.clone();
                spawn_local(async move {
                    live.run(id, None, turns).await;
                });
            };
            view! {
                <li class="turn-error" role="alert">
                    <p>{message}</p>
                    <button type="button" on:click={retry} disabled={move || live.running.get()}>"Retry"</button>
                </li>
            }
            .into_any()
        }
    }
}
