//! The next program session, as a one-line card above the chat.
use leptos::prelude::*;

use crate::api::programs::next_session;
use crate::ui::data;

#[component]
pub fn NextSessionCard() -> impl IntoView {
    let next = data::resource(|| (), |_| next_session());
    view! {
        {data::loaded(|| (), move || async move {
                next.await.ok().flatten().map(|s| view! {
                    <p class="next-session" aria-label="Next session">
                        "Next session: "<a href="/programs">{format!("{} · {}", s.date, s.title)}</a>
                        {format!(" ({} min)", s.minutes)}
                    </p>
                })
            })}
    }
}
