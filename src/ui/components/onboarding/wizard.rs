//! The seven steps, one form at a time, with "Step N of 7" and a progress bar. Every Next and
//! Back saves the answers on the server, so the climber can leave and resume anywhere.
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::fields::Fields;
use crate::api::onboarding::{save_onboarding, OnboardingView};
use crate::api::ApiError;
use crate::domain::onboarding::result::FirstResult;
use crate::domain::onboarding::{step_of_field, Go, Step};
use crate::ui::components::form::{EquipmentChecks, HangboardRadios, SelectField, TextField};

#[component]
pub fn OnboardingWizard(view: OnboardingView) -> impl IntoView {
    let f = Fields::new(&view.answers);
    let step = RwSignal::new(view.step);
    let result = RwSignal::new(view.result);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let msg = move |field: &'static str| {
        Signal::derive(move || error.with(|e| e.as_ref().and_then(|e| e.for_field(field))))
    };
    let alert = move || {
        error.with(|e| match e {
            Some(ApiError::Invalid { field, message }) if field.is_empty() => Some(message.clone()),
            Some(ApiError::Invalid { .. }) => Some("Please fix the answer marked below.".into()),
            Some(e) => Some(e.to_string()),
            None => None,
        })
    };
    let go = move |direction: Go| {
        busy.set(true);
        let at = step.get_untracked();
        let answers = f.answers();
        leptos::task::spawn_local(async move {
            match save_onboarding(at, answers, direction).await {
                Ok(v) => {
                    error.set(None);
                    result.set(v.result);
                    step.set(v.step);
                }
                Err(e) => {
                    // A problem found at the end belongs to an earlier step: show it there.
                    if let ApiError::Invalid { field, .. } = &e {
                        if !field.is_empty() {
                            step.set(step_of_field(field));
                        }
                    }
                    error.set(Some(e));
                }
            }
            busy.set(false);
        });
    };
    let next = move |ev: SubmitEvent| {
        ev.prevent_default();
        go(Go::Next);
    };
    let back = move |_| go(Go::Back);
    let is = move |s: Step| move || step.get() == s;
    view! {
        <Progress step/>
        <Show when={move || alert().is_some()}>
            <p class="form-alert" role="alert">{alert}</p>
        </Show>
        <Show when={is(Step::Goal)}>
            <form class="onboarding-form" aria-label="Your goal" on:submit={next}>
                <TextField id="goal" label="What's your climbing goal?" value={f.goal}
                    placeholder="7c by June" hint="In your words: a grade, a route, a date — any grade system." message={msg("goal")}/>
                <div class="form-grid">
                    <TextField id="goal_grade" label="Goal grade (optional)" value={f.goal_grade} placeholder="V6, 7A, 7c or 5.12a" message={msg("goal_grade")}/>
                    <TextField id="target_date" label="By when (optional)" value={f.target_date} placeholder="June, in 3 months" message={msg("target_date")}/>
                </div>
                <Actions busy back={None}/>
            </form>
        </Show>
        <Show when={is(Step::Level)}>
            <form class="onboarding-form" aria-label="Your level" on:submit={next}>
                <div class="form-grid">
                    <TextField id="hardest_boulder" label="Hardest boulder" value={f.hardest_boulder} placeholder="V5 or 6C+" message={msg("hardest_boulder")}/>
                    <TextField id="hardest_route" label="Hardest route" value={f.hardest_route} placeholder="7a or 5.11d" message={msg("hardest_route")}/>
                    <TextField id="years_climbing" label="Years climbing" value={f.years_climbing} placeholder="3 years, six months" message={msg("years_climbing")}/>
                    <SelectField id="confidence" label="How sure are you of those grades?" value={f.confidence}
                        options={vec![("sure", "Sure"), ("roughly", "Roughly"), ("guess", "A guess")]} message={msg("confidence")}/>
                </div>
                <p class="hint">"One grade is enough. Any system works: V, Font, French, YDS, UIAA, Ewbank."</p>
                <Actions busy back={Some(Callback::new(back))}/>
            </form>
        </Show>
        <Show when={is(Step::Check)}>
            <form class="onboarding-form" aria-label="A quick physical check" on:submit={next}>
                <p class="hint">"Each test is optional: skip any you can't do today. You can take the full assessment later."</p>
                <div class="form-grid">
                    <TextField id="bodyweight_kg" label="Bodyweight" value={f.bodyweight} placeholder="70 kg or 154 lb" message={msg("tests.bodyweight_kg")}/>
                    <TextField id="max_hang_added_kg" label="Max hang, 10 s on 20 mm: added kg" value={f.hang_kg}
                        hint="Negative if you took weight off. Warm up well first." message={msg("tests.max_hang_added_kg")}/>
                    <TextField id="pull_value" label="Max pull-ups" value={f.pull_ups} message={msg("tests.pull_value")}/>
                    <TextField id="endurance_value" label="7:3 repeaters on 20 mm (hangs)" value={f.repeaters} message={msg("tests.endurance_value")}/>
                </div>
                <div class="form-actions">
                    <button type="button" class="link-button" on:click={move |_| go(Go::Back)} disabled={move || busy.get()}>"Back"</button>
                    <button type="button" on:click={move |_| { f.skip_check(); go(Go::Next); }} disabled={move || busy.get()}>"Skip the check"</button>
                    <button type="submit" disabled={move || busy.get()}>"Next"</button>
                </div>
            </form>
        </Show>
        <Show when={is(Step::Schedule)}>
            <form class="onboarding-form" aria-label="Your schedule" on:submit={next}>
                <div class="form-grid">
                    <TextField id="days_per_week" label="How often can you train?" value={f.days_per_week} placeholder="3 days, twice a week" message={msg("days_per_week")}/>
                    <TextField id="session_length" label="How long is a session?" value={f.session_length} placeholder="90 min, 1.5 h" message={msg("session_length")}/>
                </div>
                <Actions busy back={Some(Callback::new(back))}/>
            </form>
        </Show>
        <Show when={is(Step::Equipment)}>
            <form class="onboarding-form" aria-label="Your equipment" on:submit={next}>
                <fieldset>
                    <legend>"Equipment you can use"</legend>
                    <EquipmentChecks selected={f.equipment} id_prefix="onboarding-equipment"/>
                    <p class="field-error" aria-live="polite">{move || msg("equipment").get()}</p>
                </fieldset>
                <TextField id="injuries" label="Any injuries?" value={f.injuries}
                    hint="Leave blank if none. Any injury keeps finger-intensive work out of your program." message={msg("injuries")}/>
                <Actions busy back={Some(Callback::new(back))}/>
            </form>
        </Show>
        <Show when={is(Step::AboutYou)}>
            <form class="onboarding-form" aria-label="About you" on:submit={next}>
                <p class="hint">"Both are optional. They set your warm-ups, your recovery and how your hangboard work starts."</p>
                <TextField id="age" label="Age (optional)" value={f.age} placeholder="34" inputmode="numeric"
                    hint="From 50, warm-ups are longer and hard finger days further apart." message={msg("age")}/>
                <HangboardRadios value={f.hangboard_history} id_prefix="onboarding-hangboard" message={msg("hangboard_history")}/>
                <div class="form-actions">
                    <button type="button" class="link-button" on:click={back} disabled={move || busy.get()}>"Back"</button>
                    <button type="submit" disabled={move || busy.get()}>"Build my program"</button>
                </div>
            </form>
        </Show>
        <Show when={is(Step::Result)}>
            {move || result.get().map(|r| view! { <ResultSummary r/> })}
        </Show>
    }
}

#[component]
fn Progress(step: RwSignal<Step>) -> impl IntoView {
    let total = Step::ALL.len();
    view! {
        <p class="steps" aria-live="polite">
            {move || format!("Step {} of {}: {}", step.get().number(), total, step.get().title())}
        </p>
        <progress class="onboarding-progress" max={total} value={move || step.get().number()}
            aria-label="Onboarding progress"></progress>
    }
}

#[component]
fn Actions(busy: RwSignal<bool>, back: Option<Callback<leptos::ev::MouseEvent>>) -> impl IntoView {
    view! {
        <div class="form-actions">
            {back.map(|b| view! {
                <button type="button" class="link-button" on:click={move |ev| b.run(ev)} disabled={move || busy.get()}>"Back"</button>
            })}
            <button type="submit" disabled={move || busy.get()}>"Next"</button>
        </div>
    }
}

#[component]
fn ResultSummary(r: FirstResult) -> impl IntoView {
    let weak = if r.weaknesses.is_empty() {
        "Nothing stands out as behind your grade: the program keeps everything balanced."
            .to_string()
    } else {
        format!(
            "Your program focuses first on: {}.",
            r.weaknesses.join(", ")
        )
    };
    view! {
        <section class="onboarding-result" aria-labelledby="first-program-title">
            <h2 id="first-program-title">"Your first program is ready"</h2>
            <ul>{r.summary.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
            <p>{weak}</p>
            <p>{format!("{} weeks, about {} sessions a week.", r.program_weeks, r.sessions_per_week)}</p>
            {r.next_session.map(|(day, title)| view! {
                <p class="next-session">"First session: " <strong>{title}</strong> {format!(" on {day}.")}</p>
            })}
            <p><a class="button" href="/programs">"See my program"</a></p>
        </section>
    }
}
