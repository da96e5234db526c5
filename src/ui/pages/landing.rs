use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn LandingPage() -> impl IntoView {
    view! {
        <Title text="ClimbingPill — your climbing coach"/>
        <section class="hero">
            <h1>"Train smarter on the wall."</h1>
            <p class="lead">
                "ClimbingPill is a climbing coach that remembers you: log your sessions, test your "
                "fingers and pulling strength against your grade, and follow a periodized plan that "
                "targets what holds you back."
            </p>
            <p class="cta">
                <a class="button" href="/signup">"Create your free account"</a>
                <a href="/login">"I already have an account"</a>
            </p>
        </section>
    }
}
