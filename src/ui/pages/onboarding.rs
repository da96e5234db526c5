//! `/onboarding`: from sign-up to a first program in six short steps.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::onboarding::get_onboarding;
use crate::ui::components::onboarding::OnboardingWizard;
use crate::ui::data;

#[component]
pub fn OnboardingPage() -> impl IntoView {
    let data = data::resource(|| (), |_| get_onboarding());
    view! {
        <Title text="Get started — ClimbingPill"/>
        <section class="page onboarding-page">
            <h1>"Let's get you a program"</h1>
            {data::loaded(|| view! { <p>"Loading…"</p> }, move || async move {
                    match data.await {
                        Ok(view) => view! { <OnboardingWizard view/> }.into_any(),
                        Err(e) => view! { <p class="form-alert" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
        </section>
    }
}
