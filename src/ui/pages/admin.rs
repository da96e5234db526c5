use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::admin::admin_board;
use crate::api::ApiError;
use crate::ui::data;
use crate::ui::pages::not_found::NotFoundPage;

/// `/admin`: the operators' dashboard. To anyone but an admin it is the usual "no page here"
/// (and a 404: the data is read before the answer starts, so its status is the page's).
/// The server draws the board (`api::admin::admin_board`); this page only shows its markup.
#[component]
pub fn AdminPage() -> impl IntoView {
    let data = data::blocking_resource(|| (), |_| admin_board());
    view! {
        {data::loaded(|| view! { <section class="page"><p>"Loading the dashboard…"</p></section> }, move || async move {
                match data.await {
                    Ok(board) => view! {
                        <Title text="Admin — ClimbingPill"/>
                        <section class="page admin" inner_html={board}></section>
                    }.into_any(),
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
