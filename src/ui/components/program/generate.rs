//! "Build my program": generates from the latest assessment. With an active program it asks
//! first, since the new one replaces it (the old one stays in the history).
use leptos::either::Either;
use leptos::prelude::*;

use crate::api::programs::generate_program;
use crate::api::ApiError;

#[component]
pub fn GenerateButton(has_active: bool, on_generated: Callback<()>) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let generate = move |replace: bool| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match generate_program(replace).await {
                Ok(_) => {
                    error.set(None);
                    confirming.set(false);
                    on_generated.run(());
                }
                // Another tab built one meanwhile: ask before replacing it.
                Err(ApiError::Conflict(m)) if m.contains("Confirm") => confirming.set(true),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    // Plain closures, not `Show`: the same page in less of the programs page's code (issue 16).
    view! {
        {move || error.get().map(|e| {
            let assessment = matches!(&e, ApiError::Conflict(m) if m.contains("assessment"));
            view! {
                <p class="form-alert" role="alert">
                    {e.to_string()}
                    {assessment.then(|| view! { " " <a href="/assessment">"Take the assessment"</a> })}
                </p>
            }
        })}
        {move || if confirming.get() {
            Either::Left(view! {
                <div class="confirm" role="alertdialog" aria-labelledby="confirm-program">
                    <p id="confirm-program">"Replace your current program? It stays in your history, with every session you ticked off."</p>
                    <button type="button" disabled={move || busy.get()} on:click={move |_| generate(true)}>"Yes, build a new one"</button>
                    <button type="button" class="link-button" on:click={move |_| confirming.set(false)}>"Cancel"</button>
                </div>
            })
        } else {
            Either::Right(view! {
                <button type="button" disabled={move || busy.get()}
                    on:click={move |_| if has_active { confirming.set(true) } else { generate(false) }}>
                    {if has_active { "Build a new program" } else { "Build my program" }}
                </button>
            })
        }}
    }
}
