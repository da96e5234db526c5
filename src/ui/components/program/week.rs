//! One week of the program with its sessions; arrows step through the weeks.
use leptos::prelude::*;

use super::SessionCard;
use crate::domain::program::tracking::ProgramView;

#[component]
pub fn WeekView(view_data: ProgramView, on_changed: Callback<()>) -> impl IntoView {
    let weeks = view_data.program.plan.weeks.clone();
    let last = weeks.len() as u8;
    let start_week = view_data
        .current_week
        .or_else(|| {
            // Before the program starts: week 1; after it ends: the last week.
            weeks
                .first()
                .map(|w| if view_data.today < w.starts { 1 } else { last })
        })
        .unwrap_or(1);
    let week = RwSignal::new(start_week);
    let data = StoredValue::new(view_data);
    view! {
        <nav class="week-nav" aria-label="Program weeks">
            <button type="button" class="link-button" disabled={move || week.get() <= 1} on:click={move |_| week.update(|w| *w -= 1)}>"← Previous week"</button>
            <h2 aria-live="polite">{move || {
                let n = week.get();
                let phase = data.with_value(|d| d.program.plan.weeks.iter().find(|w| w.number == n).map(|w| w.phase.label()).unwrap_or(""));
                format!("Week {n} of {last} · {phase}")
            }}</h2>
            <button type="button" class="link-button" disabled={move || week.get() >= last} on:click={move |_| week.update(|w| *w += 1)}>"Next week →"</button>
        </nav>
        <div class="sessions">
            {move || {
                let n = week.get();
                data.with_value(|d| {
                    // By date, like the calendar: a moved session shows in the week it is now in.
                    let range = d.program.plan.weeks.iter().find(|w| w.number == n)
                        .map(|w| (w.starts, w.starts.add_days(6)));
                    d.sessions.iter()
                        .filter(|s| range.is_some_and(|(from, to)| s.date >= from && s.date <= to))
                        .map(|s| {
                        let is_next = d.next.as_deref() == Some(s.id.as_str());
                        view! { <SessionCard session={s.clone()} is_next on_changed/> }
                    }).collect_view()
                })
            }}
        </div>
    }
}
