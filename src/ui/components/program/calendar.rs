//! The whole program at a glance: one row per week (phase, dates) and a cell per weekday.
use leptos::prelude::*;

use crate::domain::program::tracking::{ProgramView, SessionStatus};
use crate::ui::components::deferred::{deferred, not_loaded, split_part, unfolded};

/// The calendar, folded: its code is fetched when the climber first opens it, from the
/// progress page's split group (`progress_pages`, see `lazy_page!` in `src/ui/app.rs`), so the
/// programs page loads less before it works (issue 16). A climber who never opens it never
/// fetches it.
#[component]
pub fn FoldedCalendar(view_data: ProgramView) -> impl IntoView {
    let details = NodeRef::new();
    let (open, on_toggle) = unfolded(details, false);
    view! {
        <details class="calendar" node_ref={details} on:toggle={on_toggle}>
            <summary>"Calendar"</summary>
            {deferred(
                move || open.get(),
                |failed: bool| if failed {
                    not_loaded().into_any()
                } else {
                    view! { <p class="muted" aria-busy="true">"Loading the calendar…"</p> }.into_any()
                },
                move || calendar_view(view_data.clone()),
            )}
        </details>
    }
}

split_part!(
    progress_pages,
    fn calendar_view(view_data: ProgramView) => view! { <ProgramCalendar view_data/> }
);

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
