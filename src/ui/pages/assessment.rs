use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use crate::api::assessment::{get_draft, get_report};
use crate::domain::assessment::AssessmentDraft;
use crate::ui::components::assessment::{AssessmentForm, AssessmentResultView};
use crate::ui::data;

/// `/assessment`: the two-step form, resumed from the draft.
#[component]
pub fn AssessmentPage() -> impl IntoView {
    let draft = data::resource(|| (), |_| get_draft());
    let navigate = use_navigate();
    let on_finished = Callback::new(move |_id: String| {
        navigate("/assessment/result", Default::default());
    });
    view! {
        <Title text="Assessment — ClimbingPill"/>
        <section class="page">
            <h1>"ClimbingPill assessment"</h1>
            <p>"Your background, then physical tests compared with climbers at your current grade. "
               <a href="/assessment/result">"See your latest results"</a></p>
            {data::loaded(|| view! { <p>"Loading…"</p> }, move || async move {
                    match draft.await {
                        Ok(d) => {
                            // Ask once: say where the filled-in answers came from.
                            let known = d != AssessmentDraft::default();
                            view! {
                                <Show when={move || known}>
                                    <p class="hint">"Filled in from what you've told us already (onboarding, your profile, your last assessment). Change anything that's different."</p>
                                </Show>
                                <AssessmentForm draft={d} on_finished/>
                            }
                            .into_any()
                        }
                        Err(e) => view! { <p class="form-alert" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
        </section>
    }
}

/// `/assessment/result`: the latest result and the history.
#[component]
pub fn AssessmentResultPage() -> impl IntoView {
    let report = data::resource(|| (), |_| get_report());
    view! {
        <Title text="Assessment results — ClimbingPill"/>
        <section class="page">
            <h1>"Your assessment"</h1>
            {data::loaded(|| view! { <p>"Loading your results…"</p> }, move || async move {
                    match report.await {
                        Ok(r) => view! { <AssessmentResultView report={r}/> }.into_any(),
                        Err(e) => view! { <p class="form-alert" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            <p><a href="/assessment">"Retake the assessment"</a></p>
        </section>
    }
}
