use leptos::html::Form;
use leptos::prelude::*;

use super::ChatActions;
use crate::api::chat::{get_thread, ThreadView};
use crate::api::ApiError;
use crate::domain::memory::{Role, TITLE_MAX_CHARS};
use crate::ui::components::form::{field_message, FieldMessage, FormAlert};

/// One conversation: its title (rename, delete), its messages, and the composer.
#[component]
pub fn Conversation(id: Signal<String>) -> impl IntoView {
    let actions = expect_context::<ChatActions>();
    let view_data = Resource::new(
        move || {
            (
                id.get(),
                actions.send.version().get(),
                actions.rename.version().get(),
            )
        },
        |(id, _, _)| get_thread(id),
    );
    view! {
        <Transition fallback=|| view! { <p>"Loading the conversation…"</p> }>
            {move || Suspend::new(async move {
                match view_data.await {
                    Ok(data) => view! { <ThreadHeader data=data.clone()/> <MessageList data/> }.into_any(),
                    Err(ApiError::NotFound) => view! {
                        <h1>"Conversation not found"</h1>
                        <p>"It may have been deleted. Pick another one or start a new conversation."</p>
                    }.into_any(),
                    Err(e) => view! { <p class="form-alert" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
        <Composer id/>
    }
}

#[component]
fn ThreadHeader(data: ThreadView) -> impl IntoView {
    let actions = expect_context::<ChatActions>();
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let rename_result = Signal::derive(move || actions.rename.value().get());
    // Close the rename form once a rename succeeds.
    Effect::new(move |_| {
        if matches!(rename_result.get(), Some(Ok(_))) {
            editing.set(false);
        }
    });
    let title = if data.thread.title.is_empty() {
        "New conversation".to_string()
    } else {
        data.thread.title.clone()
    };
    // Copyable handles: the Show children below are re-run, so they cannot move Strings out.
    let id = StoredValue::new(data.thread.id.clone());
    let current_title = StoredValue::new(data.thread.title.clone());
    view! {
        <header class="thread-header">
            <Show
                when=move || editing.get()
                fallback={
                    let title = title.clone();
                    move || view! {
                        <h1>{title.clone()}</h1>
                        <div class="thread-tools">
                            <button type="button" class="link-button" on:click=move |_| editing.set(true)>"Rename"</button>
                            <button type="button" class="link-button danger" on:click=move |_| confirming.set(true)>"Delete"</button>
                        </div>
                    }
                }
            >
                <ActionForm action=actions.rename>
                    <input type="hidden" name="id" value=id.get_value()/>
                    <div class="field">
                        <label for="thread-title">"Conversation title"</label>
                        <input id="thread-title" name="title" type="text" required
                            maxlength=TITLE_MAX_CHARS.to_string() value=current_title.get_value()
                            aria-describedby="title-error"/>
                        <FieldMessage id="title-error" message=field_message(rename_result, "title")/>
                    </div>
                    <div class="form-actions">
                        <button type="submit">"Save title"</button>
                        <button type="button" class="link-button" on:click=move |_| editing.set(false)>"Cancel"</button>
                    </div>
                </ActionForm>
            </Show>
            <Show when=move || confirming.get()>
                <div class="confirm" role="alertdialog" aria-labelledby="confirm-delete-text">
                    <p id="confirm-delete-text">"Delete this conversation and all its messages? This can't be undone."</p>
                    <ActionForm action=actions.delete>
                        <input type="hidden" name="id" value=id.get_value()/>
                        <div class="form-actions">
                            <button type="submit" class="danger">"Delete conversation"</button>
                            <button type="button" class="link-button" on:click=move |_| confirming.set(false)>"Cancel"</button>
                        </div>
                    </ActionForm>
                </div>
            </Show>
        </header>
    }
}

#[component]
fn MessageList(data: ThreadView) -> impl IntoView {
    view! {
        <ol class="messages" aria-label="Messages">
            {data.messages.into_iter().map(|m| {
                let (class, who) = match m.role {
                    Role::User => ("message from-climber", "You"),
                    Role::Assistant => ("message from-coach", "Coach"),
                    Role::Tool => ("message from-tool", "Tool"),
                };
                view! {
                    <li class=class>
                        <span class="sender">{who}</span>
                        <p class="text">{m.text()}</p>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// Writes a message into the conversation. Clears itself after a successful send.
#[component]
fn Composer(id: Signal<String>) -> impl IntoView {
    let send = expect_context::<ChatActions>().send;
    let result = Signal::derive(move || send.value().get());
    let form = NodeRef::<Form>::new();
    Effect::new(move |_| {
        if matches!(result.get(), Some(Ok(_))) {
            if let Some(f) = form.get() {
                f.reset();
            }
        }
    });
    view! {
        <ActionForm action=send node_ref=form>
            <input type="hidden" name="thread_id" prop:value=move || id.get()/>
            <div class="field composer">
                <label for="message-text">"Message"</label>
                <textarea id="message-text" name="text" rows="3" required aria-describedby="text-error"></textarea>
                <FieldMessage id="text-error" message=field_message(result, "text")/>
            </div>
            <FormAlert result/>
            <div class="form-actions">
                <button type="submit" disabled=move || send.pending().get()>"Send"</button>
                <p class="hint">"Your coach will answer here once the coach agent is switched on; your messages are kept."</p>
            </div>
        </ActionForm>
    }
}
