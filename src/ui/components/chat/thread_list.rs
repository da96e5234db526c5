use leptos::prelude::*;
use leptos_router::components::A;

use super::ChatActions;
use crate::api::chat::list_threads;
use crate::ui::data;

/// How many conversations the list shows at first, and how many more each "Show older" adds.
const PAGE: u32 = 30;

/// The climber's conversations, newest first, with a link to start a new one. The list
/// scrolls on its own; on a phone it folds away behind a button so the message box stays in
/// view.
#[component]
pub fn ThreadList(active: Signal<Option<String>>) -> impl IntoView {
    let actions = expect_context::<ChatActions>();
    let shown = RwSignal::new(PAGE);
    // One more than shown tells whether there are older ones.
    let threads = data::resource(
        move || (actions.changes(), shown.get()),
        |(_, n)| list_threads(Some(n + 1)),
    );
    let open = RwSignal::new(false);
    // Picking a conversation (or starting one) folds the list away again on a phone.
    Effect::new(move |_| {
        active.track();
        open.set(false);
    });
    view! {
        <aside class="thread-list" aria-label="Conversations">
            <div class="thread-list-top">
                <a href="/chat" class="button new-thread">"New conversation"</a>
                <button type="button" class="thread-toggle secondary"
                    aria-expanded={move || open.get().to_string()} aria-controls="thread-items"
                    on:click={move |_| open.update(|o| *o = !*o)}>
                    "Conversations"
                </button>
            </div>
            <div id="thread-items" class="thread-items" class:open={move || open.get()}>
                {data::loaded(|| view! { <p class="hint">"Loading conversations…"</p> }, move || async move {
                        match threads.await {
                            Ok(list) if list.is_empty() => view! { <p class="hint">"No conversations yet."</p> }.into_any(),
                            Ok(mut list) => {
                                let more = list.len() > shown.get_untracked() as usize;
                                list.truncate(shown.get_untracked() as usize);
                                view! {
                                    <ul>
                                        {list.into_iter().map(|t| {
                                            let id = t.id.clone();
                                            let current = move || active.get().as_deref() == Some(id.as_str());
                                            let title = if t.title.is_empty() { "New conversation".to_string() } else { t.title };
                                            view! {
                                                <li class:current={current}>
                                                    <A href={format!("/chat/{}", t.id)}>{title}</A>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                    <Show when={move || more}>
                                        <button type="button" class="link-button show-older"
                                            on:click={move |_| shown.update(|n| *n += PAGE)}>
                                            "Show older conversations"
                                        </button>
                                    </Show>
                                }.into_any()
                            }
                            Err(e) => view! { <p class="form-alert" role="alert">{e.to_string()}</p> }.into_any(),
                        }
                    })}
            </div>
        </aside>
    }
}
