//! Form pieces shared by the pages: field messages and the form-level alert.
use leptos::prelude::*;

use crate::api::ApiError;

/// The message for `field` from the last result of a form's action, if any.
pub fn field_message<T: Send + Sync + 'static>(
    result: Signal<Option<Result<T, ApiError>>>,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        result.with(|r| {
            r.as_ref()
                .and_then(|r| r.as_ref().err())
                .and_then(|e| e.for_field(field))
        })
    })
}

/// Shows a field's message under it; `id` is what the input's `aria-describedby` names.
#[component]
pub fn FieldMessage(id: &'static str, message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="field-error" id=id aria-live="polite">
            {move || message.get()}
        </p>
    }
}

/// An error that belongs to no single field (wrong password, server trouble…).
#[component]
pub fn FormAlert<T: Send + Sync + 'static>(
    result: Signal<Option<Result<T, ApiError>>>,
) -> impl IntoView {
    let message = move || {
        result.with(|r| match r {
            Some(Err(ApiError::Invalid { field, message })) if field.is_empty() => {
                Some(message.clone())
            }
            Some(Err(ApiError::Invalid { .. })) | Some(Ok(_)) | None => None,
            Some(Err(e)) => Some(e.to_string()),
        })
    };
    view! {
        <Show when=move || message().is_some()>
            <p class="form-alert" role="alert">{message}</p>
        </Show>
    }
}
