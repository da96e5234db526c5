//! `/timer`: the training timer, full screen. The plan is in the address (`/timer?work=7…`),
//! from a preset, a description, or the coach's timer card.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::domain::timer::link::LINK_KEYS;
use crate::domain::timer::TimerPlan;
use crate::ui::components::timer::{TimerPicker, TimerWidget};

#[component]
pub fn TimerPage() -> impl IntoView {
    let query = use_query_map();
    // The whole query string, so any change of plan rebuilds the timer from scratch.
    let plan = Memo::new(move |_| {
        let q = query.read();
        let pairs: Vec<(&str, String)> = LINK_KEYS
            .iter()
            .filter_map(|k| q.get(k).map(|v| (*k, v)))
            .collect();
        (!pairs.is_empty()).then(|| TimerPlan::from_pairs(pairs))
    });
    view! {
        <Title text="Timer — ClimbingPill"/>
        <section class="page timer-page">
            <h1>"Timer"</h1>
            {move || match plan.get() {
                Some(Ok(plan)) => view! { <TimerWidget plan page_shortcuts={true}/> }.into_any(),
                Some(Err(e)) => view! {
                    <p class="form-alert" role="alert">{format!("That timer link doesn't work: {e}")}</p>
                }.into_any(),
                None => view! {
                    <p>"Pick a protocol or describe a timer. It runs in your browser, even offline."</p>
                }.into_any(),
            }}
            <TimerPicker/>
        </section>
    }
}
