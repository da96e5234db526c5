use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::admin::admin_dashboard;
use crate::api::ApiError;
use crate::domain::admin::Dashboard;
use crate::ui::components::admin::{
    utc_time, ActivitySection, AdminList, AgentSection, FunnelSection, GrowthSection,
    MemorySection, SlowQueries,
};
use crate::ui::data;
use crate::ui::pages::not_found::NotFoundPage;

/// `/admin`: the operators' dashboard. To anyone but an admin it is the usual "no page here"
/// (and a 404: the data is read before the answer starts, so its status is the page's).
#[component]
pub fn AdminPage() -> impl IntoView {
    let data = data::blocking_resource(|| (), |_| admin_dashboard());
    view! {
        {data::loaded(|| view! { <section class="page"><p>"Loading the dashboard…"</p></section> }, move || async move {
                match data.await {
                    Ok(d) => view! { <Board d/> }.into_any(),
                    Err(ApiError::NotFound) => view! { <NotFoundPage/> }.into_any(),
                    Err(e) => view! {
                        <section class="page">
                            <h1>"Admin"</h1>
                            <p class="form-alert" role="alert">{e.to_string()}</p>
                        </section>
                    }.into_any(),
                }
            })}
    }
}

#[component]
fn Board(d: Dashboard) -> impl IntoView {
    view! {
        <Title text="Admin — ClimbingPill"/>
        <section class="page admin">
            <h1>"Admin"</h1>
            <p class="hint">{format!("Numbers as of {}, application data in {}. Aggregates only.", utc_time(d.generated_at), d.backend)}</p>
            <nav class="admin-toc" aria-label="Dashboard sections">
                <a href="#admin-memory">"Memory"</a>
                <a href="#admin-activity">"Activity"</a>
                <a href="#admin-growth">"Data growth"</a>
                <a href="#admin-slow">"Slow queries"</a>
                <a href="#admin-funnel">"Funnel"</a>
                <a href="#admin-agent">"Agent"</a>
            </nav>
            <MemorySection memory={d.memory}/>
            <ActivitySection activity={d.activity}/>
            <GrowthSection growth={d.growth}/>
            <SlowQueries queries={d.slow_queries}/>
            <FunnelSection funnel={d.funnel}/>
            <AgentSection agent={d.agent}/>
            <AdminList admins={d.admins}/>
        </section>
    }
}
