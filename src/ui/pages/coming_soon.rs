//! App pages whose features land in later issues. The routes exist (and require a
//! session) so navigation and bookmarks work today.
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
fn ComingSoon(title: &'static str, blurb: &'static str) -> impl IntoView {
    view! {
        <Title text=format!("{title} — ClimbingPill")/>
        <section class="page">
            <h1>{title}</h1>
            <p>{blurb}</p>
            <p class="badge">"Coming soon"</p>
        </section>
    }
}

#[component]
pub fn AssessmentPage() -> impl IntoView {
    view! { <ComingSoon title="Assessment" blurb="Test your fingers, pulling and endurance and see them against your grade."/> }
}

#[component]
pub fn ProgramsPage() -> impl IntoView {
    view! { <ComingSoon title="Programs" blurb="A periodized multi-week plan built around your weaknesses."/> }
}
