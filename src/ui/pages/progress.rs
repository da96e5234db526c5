use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::progress::get_progress;
use crate::domain::progress::Progress;
use crate::ui::components::charts::{BarList, HardestChart, LoadChart};
use crate::ui::components::live::on_journal_change;
use crate::ui::data;

/// `/progress`: charts of the climber's journal. They follow the journal live: an entry
/// saved elsewhere (another tab, a phone, the coach) redraws them without a reload.
#[component]
pub fn ProgressPage() -> impl IntoView {
    let changes = RwSignal::new(0u32);
    let data = data::resource(move || changes.get(), |_| get_progress());
    on_journal_change(move || changes.update(|n| *n += 1));
    view! {
        <Title text="Progress — ClimbingPill"/>
        <section class="page">
            <h1>"Progress"</h1>
            {data::loaded(|| view! { <p>"Loading your charts…"</p> }, move || async move {
                    match data.await {
                        Ok(p) => view! { <Charts p/> }.into_any(),
                        Err(e) => view! { <p class="form-alert" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
        </section>
    }
}

#[component]
fn Charts(p: Progress) -> impl IntoView {
    let rows = |v: &[crate::domain::progress::PyramidRow]| {
        v.iter()
            .map(|r| (r.label.clone(), r.sends))
            .collect::<Vec<_>>()
    };
    let kinds = p
        .time_by_kind
        .iter()
        .map(|k| (k.kind.clone(), k.minutes))
        .collect::<Vec<_>>();
    view! {
        {(!p.warnings.is_empty()).then(|| view! {
            <div class="banner" role="status">
                {p.warnings.iter().map(|w| view! { <p>{w.clone()}</p> }).collect_view()}
            </div>
        })}
        <div class="charts">
            <LoadChart weeks={p.weeks.clone()}/>
            <BarList id="boulder-pyramid" title="Boulder pyramid (sends, last 12 months)" row_label="Grade" value_label="Sends"
                rows={rows(&p.boulder_pyramid)} empty="No boulder sends logged yet."/>
            <BarList id="route-pyramid" title="Route pyramid (sends, last 12 months)" row_label="Grade" value_label="Sends"
                rows={rows(&p.route_pyramid)} empty="No route sends logged yet."/>
            <HardestChart id="hardest-boulder" title="Hardest boulder send by month" points={p.hardest_boulder.clone()}
                empty="Log a boulder send to see it here."/>
            <HardestChart id="hardest-route" title="Hardest route send by month" points={p.hardest_route.clone()}
                empty="Log a route send to see it here."/>
            <BarList id="time-by-kind" title="Time by kind of session (last 12 weeks)" row_label="Kind" value_label="Minutes"
                rows={kinds} empty="No sessions in the last 12 weeks."/>
        </div>
    }
}
