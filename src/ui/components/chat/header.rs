use leptos::prelude::*;

use super::ChatActions;
use crate::api::chat::{DeleteThread, RenameThread, ThreadView};
use crate::domain::memory::TITLE_MAX_CHARS;
use crate::ui::components::form::{field_message, FieldMessage, Fields, PostForm};

/// The conversation's title, with rename and delete (after a confirmation).
#[component]
pub fn ThreadHeader(data: ThreadView) -> impl IntoView {
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
                when={move || editing.get()}
                fallback={
                    let title = title.clone();
                    move || view! {
                        <h1>{title.clone()}</h1>
                        <div class="thread-tools">
                            <button type="button" class="link-button" on:click={move |_| editing.set(true)}>"Rename"</button>
                            <button type="button" class="link-button danger" on:click={move |_| confirming.set(true)}>"Delete"</button>
                        </div>
                    }
                }
            >
                <PostForm action={actions.rename} read={|f: &Fields| RenameThread { id: f.text("id"), title: f.text("title") }}>
                    <input type="hidden" name="id" value={id.get_value()}/>
                    <div class="field">
                        <label for="thread-title">"Conversation title"</label>
                        <input id="thread-title" name="title" type="text" required
                            maxlength={TITLE_MAX_CHARS.to_string()} value={current_title.get_value()}
                            aria-describedby="title-error"/>
                        <FieldMessage id="title-error" message={field_message(rename_result, "title")}/>
                    </div>
                    <div class="form-actions">
                        <button type="submit">"Save title"</button>
                        <button type="button" class="link-button" on:click={move |_| editing.set(false)}>"Cancel"</button>
                    </div>
                </PostForm>
            </Show>
            <Show when={move || confirming.get()}>
                <div class="confirm" role="alertdialog" aria-labelledby="confirm-delete-text">
                    <p id="confirm-delete-text">"Delete this conversation and all its messages? This can't be undone."</p>
                    <PostForm action={actions.delete} read={|f: &Fields| DeleteThread { id: f.text("id") }}>
                        <input type="hidden" name="id" value={id.get_value()}/>
                        <div class="form-actions">
                            <button type="submit" class="danger">"Delete conversation"</button>
                            <button type="button" class="link-button" on:click={move |_| confirming.set(false)}>"Cancel"</button>
                        </div>
                    </PostForm>
                </div>
            </Show>
        </header>
    }
}
