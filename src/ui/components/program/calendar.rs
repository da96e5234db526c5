//! The whole program at a glance: one row per week (phase, dates) and a cell per weekday.
use leptos::prelude::*;

use crate::domain::program::tracking::{ProgramView, SessionStatus};

#[component]
pub fn ProgramCalendar(view_data: ProgramView) -> impl IntoView {
    let weeks = view_data.program.plan.weeks.clone();
    let sessions = view_data.sessions.clone();
    let today = view_data.today;
    view! {
        // It scrolls sideways on a phone: tabindex lets a keyboard user focus and scroll it.
        <table class="program-calendar" aria-label="Program calendar" tabindex="0">
            <thead><tr>
                <th scope="col">"Week"</th>
                {["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].into_iter().map(|d| view! { <th scope="col">{d}</th> }).collect_view()}
            </tr></thead>
            <tbody>
                {weeks.into_iter().map(|w| {
                    let cells = (0..7).map(|d| {
                        let day = w.starts.add_days(d);
                        let here: Vec<_> = sessions.iter().filter(|s| s.date == day).collect();
                        let class = if day == today { "today" } else { "" };
                        let text = here.iter().map(|s| {
                            let mark = match s.status {
                                SessionStatus::Done => "✓ ",
                                SessionStatus::Skipped => "✗ ",
                                SessionStatus::Planned => "",
                            };
                            format!("{mark}{}", s.planned.title)
                        }).collect::<Vec<_>>().join(" / ");
                        view! { <td class={class} title={day.to_string()}>{text}</td> }
                    }).collect_view();
                    view! {
                        <tr>
                            <th scope="row">{format!("{} · {}", w.number, w.phase.label())}</th>
                            {cells}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
