//! Choosing a timer: a protocol preset, or one described in words ("7 on 3 off, 6 reps,
//! 3 sets", "2 min"). Either way the choice becomes a `/timer?…` link, so the timer can be
//! bookmarked, shared with the chat, and reopened offline.
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::domain::timer::parse_timer_request;
use crate::domain::timer::presets::Preset;

#[component]
pub fn TimerPicker() -> impl IntoView {
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match parse_timer_request(&text.get_untracked()) {
            Ok(plan) => {
                error.set(None);
                navigate(&plan.to_link(), Default::default());
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
        <section class="timer-picker" aria-labelledby="timer-presets-title">
            <h2 id="timer-presets-title">"Protocols"</h2>
            <ul class="preset-list">
                {Preset::ALL.iter().map(|p| {
                    let plan = p.plan();
                    view! {
                        <li>
                            <a href={plan.to_link()}>{p.label()}</a>
                            <span class="hint">{format!(" — {}", plan.summary())}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="timer-describe" on:submit={submit}>
                <div class="field">
                    <label for="timer-request">"Or describe your timer"</label>
                    <input id="timer-request" name="timer-request" placeholder="7 on 3 off, 6 reps, 3 sets"
                        prop:value={move || text.get()} on:input={move |ev| text.set(event_target_value(&ev))}
                        aria-describedby="timer-request-error"/>
                    <p class="hint">"Examples: \"2 min\", \"10 s on 20 s off x5, 4 sets\", \"ARC 25 min\"."</p>
                    <p class="field-error" id="timer-request-error" aria-live="polite">{move || error.get()}</p>
                </div>
                <button type="submit">"Set timer"</button>
            </form>
        </section>
    }
}
