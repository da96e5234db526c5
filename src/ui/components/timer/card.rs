//! The coach's timer in the chat: the plan from the tool card's link, ready to start.
use leptos::prelude::*;

use super::widget::TimerWidget;
use crate::domain::timer::TimerPlan;

/// A tool card whose link is a timer (`/timer?…`) becomes a working timer in the chat.
/// A link that doesn't decode stays an ordinary link: nothing from the model runs unchecked.
///
/// The widget's code (with logging the finished timer to the journal) is only fetched when a
/// conversation shows a timer: with `--split`, [`timer_card_view`] and what it calls are WASM
/// files of their own (shared with the timer page), so most conversations don't load them.
/// The server's HTML names those files when the page it renders has a timer card.
#[component]
pub fn TimerCard(plan: TimerPlan, link: String) -> impl IntoView {
    view! {
        <Suspense fallback={|| view! { <li class="tool-card timer-card" aria-busy="true">"Loading the timer…"</li> }}>
            {Suspend::new(async move { timer_card_view(plan, link).await })}
        </Suspense>
    }
}

/// In the browser the card's code is in the timer page's split group (`training_pages`, see
/// `lazy_page!` in `src/ui/app.rs`): a group of its own would split every chunk it shares
/// with the other groups in two (each page then fetches more, smaller files).
#[cfg(feature = "hydrate")]
#[::leptos::wasm_split::wasm_split(training_pages, wasm_split_path = ::leptos::wasm_split)]
fn timer_card_view(plan: TimerPlan, link: String) -> AnyView {
    card_view(plan, link)
}

/// On the server: the HTML preloads the group's files when the page has a timer card.
#[cfg(not(feature = "hydrate"))]
async fn timer_card_view(plan: TimerPlan, link: String) -> AnyView {
    ::leptos::prefetch_lazy_fn_on_server("training_pages");
    card_view(plan, link)
}

fn card_view(plan: TimerPlan, link: String) -> AnyView {
    view! {
        <li class="tool-card timer-card">
            <TimerWidget plan/>
            <a href={link}>"Open in the timer page"</a>
        </li>
    }
    .into_any()
}
