use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::auth::SessionUser;
use crate::api::ApiError;
use crate::domain::routes::APP_PAGES;
use crate::ui::app::AuthActions;

/// Brand, navigation for a signed-in climber, and the account controls.
#[component]
pub fn SiteHeader(user: Resource<Result<Option<SessionUser>, ApiError>>) -> impl IntoView {
    let logout = expect_context::<AuthActions>().logout;
    view! {
        <header class="site-header">
            <a class="skip-link" href="#main">"Skip to content"</a>
            <a class="brand" href="/">"ClimbingPill"</a>
            <Transition fallback={|| ()}>
                {move || Suspend::new(async move {
                    match user.await {
                        Ok(Some(u)) => view! {
                            <nav class="app-nav" aria-label="Main">
                                <ul>
                                    {APP_PAGES.iter().map(|p| view! { <li><A href={p.path}>{p.label}</A></li> }).collect_view()}
                                </ul>
                            </nav>
                            <div class="account">
                                <span class="account-email">{u.email}</span>
                                <ActionForm action={logout}>
                                    <button type="submit" class="link-button">"Log out"</button>
                                </ActionForm>
                            </div>
                        }.into_any(),
                        _ => view! {
                            <nav class="public-nav" aria-label="Account">
                                <a href="/login">"Log in"</a>
                                <a href="/signup" class="button">"Sign up"</a>
                            </nav>
                        }.into_any(),
                    }
                })}
            </Transition>
        </header>
    }
}
