//! Form pieces shared by the pages: forms posted to a server function, field messages and
//! the form-level alert.
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{FormData, HtmlFormElement};

use crate::api::ApiError;

/// The fields of a submitted form, by name.
pub struct Fields(FormData);

impl Fields {
    /// A field's text; empty when the form doesn't send it (an unchecked radio group).
    pub fn text(&self, name: &str) -> String {
        self.0.get(name).as_string().unwrap_or_default()
    }

    /// A field's text, or `None` when it is empty or not sent.
    pub fn optional(&self, name: &str) -> Option<String> {
        Some(self.text(name)).filter(|t| !t.is_empty())
    }
}

/// A form posted to a server function (`input = JsonOrForm`), which works before the page's
/// script has run: the browser posts the fields and follows the function's redirect. Once
/// hydrated, a submit dispatches `action` with the arguments `read` takes from the fields,
/// so the page stays and shows the result. A refusal of a form the browser posted comes back
/// to its page (server_fn's form redirects), but without its message: reading the error from
/// the URL (as `ServerAction` does inside the router) moved 140 KB of the route files' static
/// data into the first WASM file when tried (6 December 2026, bundle_report's data-section
/// line), so the page shows the form again, ready for another try.
///
/// Why not Leptos' `ActionForm`: it reads the fields with serde_qs, which put that crate's
/// code in every page's first WASM file (issue 16); each form here names its fields.
#[component]
pub fn PostForm<S, R>(action: ServerAction<S>, read: R, children: Children) -> impl IntoView
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
    R: Fn(&Fields) -> S + 'static,
{
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlFormElement>().ok());
        if let Some(data) = form.and_then(|f| FormData::new_with_form(&f).ok()) {
            action.dispatch(read(&Fields(data)));
        }
    };
    view! {
        <form method="post" action={S::url()} on:submit={submit}>
            {children()}
        </form>
    }
}

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
        <p class="field-error" id={id} aria-live="polite">
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
        <Show when={move || message().is_some()}>
            <p class="form-alert" role="alert">{message}</p>
        </Show>
    }
}

/// A labelled text input bound to `value`, with an optional hint and its field message.
/// `id` doubles as the field name the server's messages use.
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] placeholder: Option<&'static str>,
    /// The phone keyboard to show ("numeric", "decimal").
    #[prop(optional)]
    inputmode: Option<&'static str>,
    message: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let (for_id, name) = (id.clone(), id.clone());
    view! {
        <div class="field">
            <label for={for_id}>{label}</label>
            <input id={id} name={name} type={kind} placeholder={placeholder} inputmode={inputmode} value={value.get_untracked()} prop:value={move || value.get()}
                on:input={move |ev| value.set(event_target_value(&ev))} aria-describedby={error_id.clone()}/>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            <p class="field-error" id={error_id} aria-live="polite">{move || message.get()}</p>
        </div>
    }
}

/// A labelled select bound to `value`; `options` are (code, label) pairs.
#[component]
pub fn SelectField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    options: Vec<(&'static str, &'static str)>,
    message: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for={id}>{label}</label>
            <select id={id} name={id} on:change={move |ev| value.set(event_target_value(&ev))} aria-describedby={error_id.clone()}>
                {options.into_iter().map(|(code, text)| view! {
                    <option value={code} selected={move || value.get() == code}>{text}</option>
                }).collect_view()}
            </select>
            <p class="field-error" id={error_id} aria-live="polite">{move || message.get()}</p>
        </div>
    }
}

/// One checkbox per piece of [`Equipment`], bound to the list of chosen codes. `id_prefix`
/// keeps ids unique when two forms could share a page.
#[component]
pub fn EquipmentChecks(selected: RwSignal<Vec<String>>, id_prefix: &'static str) -> impl IntoView {
    use crate::domain::training::Equipment;
    Equipment::ALL
        .iter()
        .map(|e| {
            let code = e.code();
            let id = format!("{id_prefix}-{code}");
            let for_id = id.clone();
            view! {
                <label class="check" for={for_id}>
                    <input type="checkbox" id={id} name="equipment" value={code}
                        prop:checked={move || selected.with(|v| v.iter().any(|c| c == code))}
                        on:change={move |ev| {
                            let on = event_target_checked(&ev);
                            selected.update(|v| {
                                v.retain(|c| c != code);
                                if on { v.push(code.to_string()); }
                            });
                        }}/>
                    {e.label()}
                </label>
            }
        })
        .collect_view()
}

/// "Have you trained on a hangboard before?": three labelled radio buttons (yes, never, not
/// saying) bound to the code ("yes", "no", ""), each a 44 px target. `id_prefix` keeps ids
/// unique; the radios are named `hangboard_history`.
#[component]
pub fn HangboardRadios(
    value: RwSignal<String>,
    id_prefix: &'static str,
    message: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id_prefix}-error");
    let hint_id = format!("{id_prefix}-hint");
    let described = format!("{hint_id} {error_id}");
    view! {
        <fieldset class="choices" aria-describedby={described}>
            <legend>"Have you trained on a hangboard before?"</legend>
            {HANGBOARD_CHOICES.into_iter().map(|(code, text)| {
                let id = format!("{id_prefix}-{}", if code.is_empty() { "unsaid" } else { code });
                let for_id = id.clone();
                view! {
                    <label class="check" for={for_id}>
                        <input type="radio" id={id} name="hangboard_history" value={code}
                            checked={value.get_untracked() == code}
                            prop:checked={move || value.get() == code}
                            on:change={move |_| value.set(code.to_string())}/>
                        {text}
                    </label>
                }
            }).collect_view()}
            <p class="hint" id={hint_id}>"A climber new to the hangboard starts with gentler hangs."</p>
            <p class="field-error" id={error_id} aria-live="polite">{move || message.get()}</p>
        </fieldset>
    }
}

/// The hangboard answers: code and label.
pub const HANGBOARD_CHOICES: [(&str, &str); 3] =
    [("yes", "Yes"), ("no", "No, never"), ("", "Rather not say")];
