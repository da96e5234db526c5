//! One program session: what to do (exercises with sets, reps, rest, intensity and why) and
//! the climber's actions on it: mark done (logged to the journal), skip, move.
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::programs::{complete_session, move_session, skip_session};
use crate::api::ApiError;
use crate::domain::program::tracking::{CompletionInput, ProgramSession, SessionStatus};
use crate::domain::when::WEEKDAY_NAMES;
use crate::ui::components::deferred::{deferred, not_loaded, split_part, unfolded};
use crate::ui::components::form::TextField;

fn day_label(s: &ProgramSession) -> String {
    let day = WEEKDAY_NAMES[s.date.weekday() as usize];
    // ASCII names: no Unicode case tables in the browser's code (issue 16).
    let mut d = day[..3].to_string();
    d[..1].make_ascii_uppercase();
    format!("{d} {}", s.date)
}

#[component]
fn Exercises(session: ProgramSession) -> impl IntoView {
    view! {
        <table class="exercises">
            <thead><tr>
                <th scope="col">"Exercise"</th><th scope="col">"Time"</th><th scope="col">"Sets"</th><th scope="col">"Reps"</th>
                <th scope="col">"Rest"</th><th scope="col">"Intensity"</th><th scope="col">"Why"</th>
            </tr></thead>
            <tbody>
                {session.planned.exercises.into_iter().map(|e| view! {
                    <tr>
                        <td class="exercise-name">{e.name}</td>
                        // Programs saved before exercises were timed have 0 here.
                        <td data-label="Time">{if e.minutes > 0 { format!("{} min", e.minutes) } else { "—".to_string() }}</td>
                        <td data-label="Sets">{e.sets}</td>
                        <td data-label="Reps">{e.reps}</td>
                        <td data-label="Rest">{e.rest}</td>
                        <td data-label="Intensity">{e.intensity}</td>
                        <td data-label="Why">{e.why}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// A planned session's actions, once its card is unfolded (the next session's is at once).
/// Their code comes then, from the assessment's split group (`assessment_pages`, see
/// `lazy_page!` in `src/ui/app.rs`; onboarding, in that group, builds the first program): the
/// group with the most room, so the programs page loads less before it works (issue 16).
fn actions_later(
    session: ProgramSession,
    on_changed: Callback<()>,
    open: RwSignal<bool>,
) -> AnyView {
    deferred(
        move || open.get(),
        |failed: bool| {
            if failed {
                not_loaded().into_any()
            } else {
                view! { <p class="muted" aria-busy="true">"Loading this session's actions…"</p> }
                    .into_any()
            }
        },
        move || session_actions_view(session.clone(), on_changed),
    )
}

split_part!(
    assessment_pages,
    fn session_actions_view(session: ProgramSession, on_changed: Callback<()>)
        => view! { <SessionActions session on_changed/> }
);

/// Mark done / skip / move for a planned session. `on_changed` reloads the program.
#[component]
fn SessionActions(session: ProgramSession, on_changed: Callback<()>) -> impl IntoView {
    let id = StoredValue::new(session.id.clone());
    let rpe = RwSignal::new(String::new());
    let duration = RwSignal::new(session.planned.minutes.to_string());
    let notes = RwSignal::new(String::new());
    let move_to = RwSignal::new(session.date.to_string());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let msg = move |field: &'static str| {
        Signal::derive(move || error.with(|e| e.as_ref().and_then(|e| e.for_field(field))))
    };
    let alert = move || {
        error.with(|e| match e {
            Some(ApiError::Invalid { field, message })
                if field.is_empty() || field == "session" =>
            {
                Some(message.clone())
            }
            Some(ApiError::Invalid { .. }) | None => None,
            Some(e) => Some(e.to_string()),
        })
    };
    let run =
        move |fut: std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), ApiError>>>>| {
            busy.set(true);
            leptos::task::spawn_local(async move {
                match fut.await {
                    Ok(()) => {
                        error.set(None);
                        on_changed.run(());
                    }
                    Err(e) => error.set(Some(e)),
                }
                busy.set(false);
            });
        };
    let on_done = move |ev: SubmitEvent| {
        ev.prevent_default();
        let input = CompletionInput {
            rpe: rpe.get_untracked(),
            duration_min: duration.get_untracked(),
            notes: notes.get_untracked(),
        };
        run(Box::pin(async move {
            complete_session(id.get_value(), input).await.map(|_| ())
        }));
    };
    let on_skip = move |_| {
        run(Box::pin(async move {
            skip_session(id.get_value()).await.map(|_| ())
        }));
    };
    let on_move = move |ev: SubmitEvent| {
        ev.prevent_default();
        let to = move_to.get_untracked();
        run(Box::pin(async move {
            move_session(id.get_value(), to).await.map(|_| ())
        }));
    };
    view! {
        {move || alert().map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
        <form class="complete-form" aria-label="Mark session done" on:submit={on_done}>
            <div class="form-grid">
                <div class="field">
                    <label for={format!("rpe-{}", id.get_value())}>"How hard (RPE 1-10)"</label>
                    // The field is the value: nothing sets `rpe` but the climber's choice.
                    <select id={format!("rpe-{}", id.get_value())} on:change={move |ev| rpe.set(event_target_value(&ev))}>
                        <option value="">"—"</option>
                        {(1..=10).map(|n| view! { <option value={n.to_string()}>{n.to_string()}</option> }).collect_view()}
                    </select>
                    <p class="field-error" aria-live="polite">{move || msg("rpe").get()}</p>
                </div>
                <TextField id={format!("duration-{}", id.get_value())} label="Minutes" value={duration} message={msg("duration_min")}/>
                <TextField id={format!("notes-{}", id.get_value())} label="Notes" value={notes} message={msg("notes")}/>
            </div>
            <div class="form-actions">
                <button type="submit" disabled={move || busy.get()}>"Mark done"</button>
                <button type="button" class="link-button" disabled={move || busy.get()} on:click={on_skip}>"Skip"</button>
            </div>
        </form>
        <form class="move-form" aria-label="Move session" on:submit={on_move}>
            <TextField id={format!("move-{}", id.get_value())} label="Move to" kind="date" value={move_to} message={msg("date")}/>
            <button type="submit" class="link-button" disabled={move || busy.get()}>"Move"</button>
        </form>
    }
}

#[component]
pub fn SessionCard(
    session: ProgramSession,
    is_next: bool,
    on_changed: Callback<()>,
) -> impl IntoView {
    let status = session.status;
    let class = format!(
        "session-card {}{}",
        status.code(),
        if is_next { " next" } else { "" }
    );
    let heading = format!("{} · {}", day_label(&session), session.planned.title);
    let meta = format!(
        "{} · {} min · fingers: {}",
        session.planned.phase.label(),
        session.planned.minutes,
        session.planned.finger_load.label().to_ascii_lowercase()
    );
    let done_line = match (status, session.rpe) {
        (SessionStatus::Done, Some(r)) => Some(format!("Done · RPE {r}")),
        (SessionStatus::Skipped, _) => Some("Skipped".to_string()),
        _ => None,
    };
    let journal = session.journal_entry_id.clone();
    let why = session.planned.why.clone();
    let planned = status == SessionStatus::Planned;
    let held = session.held_for_pain;
    let for_actions = session.clone();
    let label = heading.clone();
    // Whether the card is unfolded: a planned session's actions load when it first is.
    let details = NodeRef::new();
    let (open, on_toggle) = unfolded(details, is_next);
    view! {
        <article class={class} aria-label={label}>
            <details open={is_next} node_ref={details} on:toggle={on_toggle}>
                <summary>
                    <strong>{heading}</strong>
                    {is_next.then(|| view! { " " <span class="badge">"Next"</span> })}
                    {done_line.map(|d| view! { " " <span class="badge">{d}</span> })}
                </summary>
                <p class="hint">{meta}</p>
                {held.then(|| view! { <p class="form-alert" role="note">"Finger-intensive work is on hold because you logged pain recently. Please have a physio or doctor look at it."</p> })}
                <p>{why}</p>
                <Exercises session/>
                {journal.map(|id| view! { <p><a href={format!("/journal/{id}")}>"See it in your journal"</a></p> })}
                {planned.then(|| actions_later(for_actions, on_changed, open))}
            </details>
        </article>
    }
}
