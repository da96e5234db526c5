//! After a timer ends: "Log it to your journal?" with the time it really ran.
use leptos::prelude::*;

use leptos::either::Either;

use crate::api::journal::log_timed_session;
use crate::api::ApiError;
use crate::domain::timer::journal::{minutes_for, TimedSession};
use crate::ui::components::deferred::{deferred, not_loaded, split_part};
use crate::ui::components::form::{field_message, FormAlert};

/// The journal kinds a timed session may be, with their labels.
const KINDS: [(&str, &str); 5] = [
    ("hangboard", "Hangboard"),
    ("endurance", "Endurance"),
    ("bouldering", "Bouldering"),
    ("strength", "Strength"),
    ("other", "Other"),
];

/// The log form while the timer is finished (a reset takes it away; the next finish brings a
/// new one). Its code is fetched the first time, from the journal's split group
/// (`journal_pages`, see `lazy_page!` in `src/ui/app.rs`): saving needs the network anyway,
/// and the timer page loads less before it works (issue 16). Offline, or if the code doesn't
/// come, the timer says so where the form would be. `finished` must change only when the
/// timer finishes or restarts (a memo), as each change draws the part again.
pub fn log_when_finished(
    finished: Signal<bool>,
    label: String,
    summary: String,
    worked_s: Signal<u32>,
) -> impl IntoView {
    move || {
        finished.get().then(|| {
            let (label, summary) = (label.clone(), summary.clone());
            deferred(
                || true,
                |failed: bool| failed.then(not_loaded),
                move || log_form_view(label.clone(), summary.clone(), worked_s),
            )
        })
    }
}

split_part!(
    journal_pages,
    fn log_form_view(label: String, summary: String, worked_s: Signal<u32>)
        => view! { <LogTimedSession label summary worked_s/> }
);

#[component]
fn LogTimedSession(label: String, summary: String, worked_s: Signal<u32>) -> impl IntoView {
    // The last answer: the new entry's id, or why it wasn't saved. A call and two signals
    // rather than a `ServerAction`: the same behaviour in less of the timer's code (issue 16).
    let result = RwSignal::new(None::<Result<String, ApiError>>);
    let busy = RwSignal::new(false);
    let kind = RwSignal::new(default_kind(&label).to_string());
    let rpe = RwSignal::new(String::new());
    let rpe_message = field_message(result.into(), "rpe");
    // Several timers can sit in one chat: ids must be unique on the page.
    let prefix = format!("timer-log-{}", next_id());
    let (kind_id, rpe_id) = (format!("{prefix}-kind"), format!("{prefix}-rpe"));
    let rpe_error = format!("{rpe_id}-error");
    let (label, summary) = (StoredValue::new(label), StoredValue::new(summary));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let session = TimedSession {
            label: label.get_value(),
            summary: summary.get_value(),
            worked_s: worked_s.get_untracked(),
            kind: kind.get_untracked(),
            rpe: rpe.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            result.set(Some(log_timed_session(session).await));
            busy.set(false);
        });
    };
    let saved = Memo::new(move |_| result.with(|r| r.as_ref().and_then(|r| r.clone().ok())));
    let minutes = move || format!("{} min", minutes_for(worked_s.get_untracked()));
    let form = move || {
        view! {
            <form on:submit={submit}>
                <p>{format!("Well done! Log these {} to your journal?", minutes())}</p>
                <div class="field">
                    <label for={kind_id.clone()}>"Kind of session"</label>
                    <select id={kind_id.clone()} on:change={move |ev| kind.set(event_target_value(&ev))}>
                        {KINDS.iter().map(|(code, text)| view! {
                            <option value={*code} selected={kind.get_untracked() == *code}>{*text}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for={rpe_id.clone()}>"How hard was it? RPE 1-10"</label>
                    <input id={rpe_id.clone()} inputmode="numeric" prop:value={rpe.get_untracked()}
                        on:input={move |ev| rpe.set(event_target_value(&ev))}
                        aria-describedby={rpe_error.clone()}/>
                    <p class="field-error" id={rpe_error.clone()} aria-live="polite">{move || rpe_message.get()}</p>
                </div>
                <FormAlert result={Signal::from(result)}/>
                <button type="submit" disabled={move || busy.get()}>"Log to journal"</button>
            </form>
        }
    };
    view! {
        <div class="timer-log">
            {move || match saved.get() {
                Some(id) => Either::Left(view! {
                    <p class="saved" role="status">
                        "Saved to your journal: "
                        <a href={format!("/journal/{id}")}>{minutes()}</a>
                    </p>
                }),
                None => Either::Right(form()),
            }}
        </div>
    }
}

/// Finger protocols are hangboard sessions; ARC and 4x4s are endurance; anything else the
/// climber picks.
fn default_kind(label: &str) -> &'static str {
    let l = label.to_ascii_lowercase();
    if l.contains("arc") || l.contains("4x4") {
        "endurance"
    } else if l.contains("hang") || l.contains("repeater") || l.contains("7-53") {
        "hangboard"
    } else {
        "other"
    }
}

/// A number unique on the page. The form only renders in the browser, after a timer has
/// finished (never during server rendering), so a plain counter can't upset hydration.
fn next_id() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
