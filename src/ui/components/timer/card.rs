//! The coach's timer in the chat: the plan from the tool card's link, ready to start.
use leptos::prelude::*;

use super::widget::TimerWidget;
use crate::domain::timer::TimerPlan;

/// A tool card whose link is a timer (`/timer?…`) becomes a working timer in the chat.
/// A link that doesn't decode stays an ordinary link: nothing from the model runs unchecked.
#[component]
pub fn TimerCard(plan: TimerPlan, link: String) -> impl IntoView {
    view! {
        <li class="tool-card timer-card">
            <TimerWidget plan/>
            <a href={link}>"Open in the timer page"</a>
        </li>
    }
}
