use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <Title text="Not found — ClimbingPill"/>
        <section class="page">
            <h1>"Off route"</h1>
            <p>"There is no page here. " <a href="/">"Back to the start"</a></p>
        </section>
    }
}
