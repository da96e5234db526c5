use leptos::prelude::*;
use leptos_router::components::A;

use super::ChatActions;
use crate::api::chat::list_threads;

/// The climber's conversations, newest first, with a button to start a new one.
#[component]
pub fn ThreadList(active: Signal<Option<String>>) -> impl IntoView {
    let actions = expect_context::<ChatActions>();
    let threads = Resource::new(move || actions.changes(), |_| list_threads());
    view! {
        <aside class="thread-list" aria-label="Conversations">
            <ActionForm action={actions.create}>
                <button type="submit" class="new-thread">"New conversation"</button>
            </ActionForm>
            <Transition fallback={|| view! { <p class="hint">"Loading conversations…"</p> }}>
                {move || Suspend::new(async move {
                    match threads.await {
                        Ok(list) if list.is_empty() => view! { <p class="hint">"No conversations yet."</p> }.into_any(),
                        Ok(list) => view! {
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
                        }.into_any(),
                        Err(e) => view! { <p class="form-alert" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </aside>
    }
}
