use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::programs::{current_program, program_history};
use crate::domain::program::tracking::ProgramView;
use crate::ui::components::program::{GenerateButton, ProgramCalendar, WeekView};

#[component]
fn ProgramOverview(view_data: ProgramView) -> impl IntoView {
    let plan = &view_data.program.plan;
    let focus = if plan.focus.is_empty() {
        "balanced".to_string()
    } else {
        plan.focus
            .iter()
            .map(|a| a.label().to_lowercase())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let summary = format!(
        "{} · {} to {} · {} of {} sessions done · focus: {focus}",
        plan.model.label(),
        plan.start,
        plan.end,
        view_data.done,
        view_data.sessions.len()
    );
    let notes = plan.notes.clone();
    view! {
        <p class="program-summary">{summary}</p>
        {(!notes.is_empty()).then(|| view! {
            <ul class="program-notes">{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
        })}
    }
}

/// `/programs`: the active program's week view and calendar, generation, and the history.
#[component]
pub fn ProgramsPage() -> impl IntoView {
    let changed = RwSignal::new(0usize);
    let program = Resource::new(move || changed.get(), |_| current_program());
    let history = Resource::new(move || changed.get(), |_| program_history());
    let on_changed = Callback::new(move |_| changed.update(|n| *n += 1));
    view! {
        <Title text="Programs — ClimbingPill"/>
        <section class="page">
            <h1>"Your program"</h1>
            <Transition fallback={|| view! { <p>"Loading your program…"</p> }}>
                {move || Suspend::new(async move {
                    match program.await {
                        Ok(Some(p)) => view! {
                            <ProgramOverview view_data={p.clone()}/>
                            <WeekView view_data={p.clone()} on_changed/>
                            <details class="calendar">
                                <summary>"Calendar"</summary>
                                <ProgramCalendar view_data={p}/>
                            </details>
                            <GenerateButton has_active={true} on_generated={on_changed}/>
                        }.into_any(),
                        Ok(None) => view! {
                            <p>"No program yet. It is built from your latest assessment: your weakest areas get the most attention, and the rules keep it safe (rest days, 48 hours between max-finger sessions, deloads)."</p>
                            <GenerateButton has_active={false} on_generated={on_changed}/>
                        }.into_any(),
                        Err(e) => view! { <p class="form-alert" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
            <Transition fallback={|| ()}>
                {move || Suspend::new(async move {
                    let past: Vec<_> = history.await.unwrap_or_default().into_iter().filter(|p| !p.active).collect();
                    (!past.is_empty()).then(|| view! {
                        <section aria-labelledby="past-title">
                            <h2 id="past-title">"Earlier programs"</h2>
                            <ul>{past.into_iter().map(|p| view! {
                                <li>{format!("{} · {} to {} · {} weeks", p.plan.model.label(), p.plan.start, p.plan.end, p.plan.weeks.len())}</li>
                            }).collect_view()}</ul>
                        </section>
                    })
                })}
            </Transition>
        </section>
    }
}
