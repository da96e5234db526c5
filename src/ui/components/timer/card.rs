//! The coach's timer in the chat: the plan from the tool card's link, ready to start.
use leptos::prelude::*;

use super::widget::TimerWidget;
use crate::domain::timer::TimerPlan;
use crate::ui::components::deferred::{deferred, not_loaded, split_part};

/// A tool card whose link is a timer (`/timer?…`) becomes a working timer in the chat.
/// A link that doesn't decode stays an ordinary link: nothing from the model runs unchecked.
///
/// The widget's code (with logging the finished timer to the journal) is only fetched when a
/// conversation shows a timer: with `--split`, [`timer_card_view`] is in the timer page's WASM
/// group, which a conversation without a timer never loads. The server renders the plan and
/// its link; the browser hydrates that, then fetches the widget and puts it in its place, so
/// the page is interactive before the timer's code arrives.
#[component]
pub fn TimerCard(plan: TimerPlan, link: String) -> impl IntoView {
    let placeholder = {
        let (label, summary, link) = (plan.label.clone(), plan.summary(), link.clone());
        move |failed: bool| {
            view! {
                <li class="tool-card timer-card" aria-busy={(!failed).then_some("true")}>
                    <section class="timer" aria-label={format!("Timer: {label}")}>
                        <h2 class="timer-label">{label.clone()}</h2>
                        <p class="timer-summary">{summary.clone()}</p>
                        {failed.then(not_loaded)}
                    </section>
                    <a href={link.clone()}>"Open in the timer page"</a>
                </li>
            }
        }
    };
    let plan = StoredValue::new(plan);
    let link = StoredValue::new(link);
    deferred(
        || true,
        placeholder,
        move || timer_card_view(plan.get_value(), link.get_value()),
    )
}

// In the browser the card's code is in the timer page's split group (`training_pages`, see
// `lazy_page!` in `src/ui/app.rs`): a group of its own would split every chunk it shares
// with the other groups in two (each page then fetches more, smaller files).
split_part!(
    training_pages,
    fn timer_card_view(plan: TimerPlan, link: String) => card_view(plan, link)
);

fn card_view(plan: TimerPlan, link: String) -> AnyView {
    view! {
        <li class="tool-card timer-card">
            <TimerWidget plan/>
            <a href={link}>"Open in the timer page"</a>
        </li>
    }
    .into_any()
}
