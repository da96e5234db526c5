use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::auth::{Logout, SessionUser};
use crate::api::ApiError;
use crate::domain::routes::APP_PAGES;
use crate::ui::app::AuthActions;
use crate::ui::components::form::{Fields, PostForm};
use crate::ui::data;

/// The five pages a climber opens most: the phone's bottom tab bar. The other app pages
/// (and logging out) sit under "More". Desktop shows every page in the top nav.
const TAB_PAGES: [&str; 5] = ["/chat", "/journal", "/programs", "/timer", "/progress"];

/// A small line icon for a tab (decorative: the tab's text names it).
fn tab_icon(path: &str) -> impl IntoView {
    // 24x24 outline paths, drawn in the tab's text colour.
    let d = match path {
        "/chat" => "M4 5h16v11H9l-5 4z",
        "/journal" => "M6 3h11a1 1 0 0 1 1 1v17H7a2 2 0 0 1-2-2V4a1 1 0 0 1 1-1zM5 18a2 2 0 0 1 2-2h11M9 7h6M9 11h6",
        "/programs" => "M4 6h16v14H4zM4 10h16M8 3v5M16 3v5",
        "/timer" => "M12 21a8 8 0 1 0 0-16 8 8 0 0 0 0 16zM12 9v4l3 2M9 2h6",
        "/progress" => "M4 20V4M4 20h16M8 16l4-5 3 3 5-7",
        _ => "M4 7h16M4 12h16M4 17h16",
    };
    view! {
        <svg class="tab-icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true"
            fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
            <path d={d}/>
        </svg>
    }
}

/// The small count of unread coach comments beside a link; nothing when there are none.
fn unread_badge(n: u32) -> Option<impl IntoView> {
    (n > 0).then(|| {
        let shown = if n >= crate::domain::team::UNREAD_CAP {
            format!("{}+", crate::domain::team::UNREAD_CAP - 1)
        } else {
            n.to_string()
        };
        let label = format!(
            "{n}{} unread coach comment{}",
            if n >= crate::domain::team::UNREAD_CAP {
                " or more"
            } else {
                ""
            },
            if n == 1 { "" } else { "s" }
        );
        view! { <span class="nav-count" aria-label={label}>{shown}</span> }
    })
}

/// Brand, navigation for a signed-in climber, and the account controls.
#[component]
pub fn SiteHeader(user: data::Data<Result<Option<SessionUser>, ApiError>>) -> impl IntoView {
    let logout = expect_context::<AuthActions>().logout;
    let more = NodeRef::<leptos::html::Details>::new();
    // Picking a page (or logging out) from "More" closes the menu.
    let close_more = move |_| {
        if let Some(d) = more.get() {
            let _ = d.remove_attribute("open");
        }
    };
    view! {
        <header class="site-header">
            // rel="external": the router leaves it to the browser, which moves focus to
            // <main> (the router's own handling only scrolled, so Tab stayed in the header).
            <a class="skip-link" href="#main" rel="external">"Skip to content"</a>
            <a class="brand" href="/">"ClimbingPill"</a>
            {data::loaded(|| (), move || async move {
                    match user.await {
                        Ok(Some(u)) => {
                            let email = u.email.clone();
                            // Operators see their dashboard's link; nobody else learns of it.
                            let admin = u.admin;
                            // Coaches and athletes (and anyone with unread coach comments)
                            // see the Team link, with the unread count.
                            let unread = u.unread_comments;
                            let team = u.team || unread > 0;
                            view! {
                                <nav class="app-nav" aria-label="Main">
                                    <ul>
                                        {APP_PAGES.iter().map(|p| view! { <li><A href={p.path}>{p.label}</A></li> }).collect_view()}
                                        {team.then(|| view! { <li><A href="/team">"Team"{unread_badge(unread)}</A></li> })}
                                        {admin.then(|| view! { <li><A href="/admin">"Admin"</A></li> })}
                                    </ul>
                                </nav>
                                <div class="account">
                                    <span class="account-email">{u.email}</span>
                                    <PostForm action={logout} read={|_: &Fields| Logout {}}>
                                        <button type="submit" class="link-button">"Log out"</button>
                                    </PostForm>
                                </div>
                                // Phones: shown instead of the two above (style/main.css).
                                <nav class="tab-bar" aria-label="Main">
                                    <ul>
                                        {APP_PAGES.iter().filter(|p| TAB_PAGES.contains(&p.path)).map(|p| view! {
                                            <li><A href={p.path}>{tab_icon(p.path)}<span>{p.label}</span></A></li>
                                        }).collect_view()}
                                        <li>
                                            <details node_ref={more}>
                                                <summary>{tab_icon("")}<span>"More"</span>{unread_badge(unread)}</summary>
                                                <ul class="more-menu" on:click={close_more}>
                                                    {APP_PAGES.iter().filter(|p| !TAB_PAGES.contains(&p.path)).map(|p| view! {
                                                        <li><A href={p.path}>{p.label}</A></li>
                                                    }).collect_view()}
                                                    {team.then(|| view! { <li><A href="/team">"Team"{unread_badge(unread)}</A></li> })}
                                                    {admin.then(|| view! { <li><A href="/admin">"Admin"</A></li> })}
                                                    <li class="more-email">{email}</li>
                                                    <li>
                                                        <PostForm action={logout} read={|_: &Fields| Logout {}}>
                                                            <button type="submit" class="link-button">"Log out"</button>
                                                        </PostForm>
                                                    </li>
                                                </ul>
                                            </details>
                                        </li>
                                    </ul>
                                </nav>
                            }.into_any()
                        }
                        _ => view! {
                            <nav class="public-nav" aria-label="Account">
                                <a href="/login">"Log in"</a>
                                <a href="/signup" class="button">"Sign up"</a>
                            </nav>
                        }.into_any(),
                    }
                })}
        </header>
    }
}
