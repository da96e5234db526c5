//! The HTML shell, the router, and the session-aware header.
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{lazy_route, path, Lazy, LazyRoute};

use crate::api::auth::{current_user, Login, Logout, Signup};
use crate::ui::components::header::SiteHeader;
use crate::ui::pages;

/// Registers the service worker once the page has loaded (src/ui/sw-register.js).
const SW_REGISTER: &str = include_str!("sw-register.js");

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <meta name="theme-color" media="(prefers-color-scheme: light)" content="#0b5d4b"/>
                <meta name="theme-color" media="(prefers-color-scheme: dark)" content="#1c2127"/>
                <meta name="description" content="ClimbingPill: an AI climbing coach with a training journal, assessment, programs and timers."/>
                // Installable app: manifest, icons, and the service worker that keeps the
                // timer and the last-loaded pages working offline (public/sw.js).
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="icon" type="image/png" sizes="192x192" href="/icons/icon-192.png"/>
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png"/>
                // Inline (this response's CSP nonce), so no visit asks for it again.
                <script nonce={leptos::nonce::use_nonce()} inner_html={SW_REGISTER}></script>
                // The stylesheet by its content-hashed name when the build hashes file names
                // (cargo-leptos `hash-files`, read from hash.txt beside the binary).
                <HashedStylesheet options={options.clone()} id="leptos"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Login, sign-up and logout actions, shared so the header's "who am I" refreshes after
/// any of them.
#[derive(Clone, Copy)]
pub struct AuthActions {
    pub login: ServerAction<Login>,
    pub signup: ServerAction<Signup>,
    pub logout: ServerAction<Logout>,
}

/// Bumped after something changes what the header shows (e.g. coach comments read), so the
/// session user (with its unread count) is fetched again. No request of its own: the header
/// reads everything from the session user.
#[derive(Clone, Copy)]
pub struct NavRefresh(pub RwSignal<u32>);

impl NavRefresh {
    pub fn bump(self) {
        self.0.update(|n| *n += 1);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let actions = AuthActions {
        login: ServerAction::new(),
        signup: ServerAction::new(),
        logout: ServerAction::new(),
    };
    provide_context(actions);
    let nav_refresh = NavRefresh(RwSignal::new(0));
    provide_context(nav_refresh);
    let user = Resource::new(
        move || {
            (
                actions.login.version().get(),
                actions.signup.version().get(),
                actions.logout.version().get(),
                nav_refresh.0.get(),
            )
        },
        |_| current_user(),
    );

    // `<html data-hydrated>` (for end-to-end tests) is set by `crate::hydrate` once the whole
    // page is hydrated: with lazy routes, an Effect here would run while the page's own code
    // is still loading.

    view! {
        <Title text="ClimbingPill"/>
        <Router>
            <SiteHeader user/>
            <main id="main" tabindex="-1">
                // The front door (landing, login, sign-up) is in the first WASM file; every
                // page behind it is a lazy route: built with `cargo leptos build --split`, its
                // code is a file of its own, fetched when the page is first opened (and
                // preloaded by the server's HTML when it is the page being loaded).
                // `/chat/:id?` is one route for both: opening a conversation keeps the page.
                <Routes fallback={|| view! { <pages::not_found::NotFoundPage/> }}>
                    <Route path={path!("/")} view={pages::landing::LandingPage}/>
                    <Route path={path!("/login")} view={pages::login::LoginPage}/>
                    <Route path={path!("/signup")} view={pages::signup::SignupPage}/>
                    <Route path={path!("/chat/:id?")} view={Lazy::<ChatRoute>::new()}/>
                    <Route path={path!("/journal")} view={Lazy::<JournalRoute>::new()}/>
                    <Route path={path!("/journal/:id")} view={Lazy::<JournalEntryRoute>::new()}/>
                    <Route path={path!("/assessment")} view={Lazy::<AssessmentRoute>::new()}/>
                    <Route path={path!("/assessment/result")} view={Lazy::<AssessmentResultRoute>::new()}/>
                    <Route path={path!("/programs")} view={Lazy::<ProgramsRoute>::new()}/>
                    <Route path={path!("/progress")} view={Lazy::<ProgressRoute>::new()}/>
                    <Route path={path!("/timer")} view={Lazy::<TimerRoute>::new()}/>
                    <Route path={path!("/onboarding")} view={Lazy::<OnboardingRoute>::new()}/>
                    <Route path={path!("/profile")} view={Lazy::<ProfileRoute>::new()}/>
                    <Route path={path!("/team")} view={Lazy::<TeamRoute>::new()}/>
                    <Route path={path!("/team/athlete/:id")} view={Lazy::<AthleteRoute>::new()}/>
                    <Route path={path!("/invite/:token")} view={Lazy::<InviteRoute>::new()}/>
                    // Operators only; anyone else gets the 404 page (and status).
                    <Route path={path!("/admin")} view={Lazy::<AdminRoute>::new()}/>
                </Routes>
            </main>
        </Router>
    }
}

// The lazy routes. Each page's data is read by the page itself (inside its Transition), so
// `data()` holds nothing and `view` only names the page: what splits off is the page's code.

pub struct ChatRoute;

#[lazy_route]
impl LazyRoute for ChatRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::chat::ChatPage/> }.into_any()
    }
}

pub struct JournalRoute;

#[lazy_route]
impl LazyRoute for JournalRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::journal::JournalPage/> }.into_any()
    }
}

pub struct JournalEntryRoute;

#[lazy_route]
impl LazyRoute for JournalEntryRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::journal::JournalEntryPage/> }.into_any()
    }
}

pub struct AssessmentRoute;

#[lazy_route]
impl LazyRoute for AssessmentRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::assessment::AssessmentPage/> }.into_any()
    }
}

pub struct AssessmentResultRoute;

#[lazy_route]
impl LazyRoute for AssessmentResultRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::assessment::AssessmentResultPage/> }.into_any()
    }
}

pub struct ProgramsRoute;

#[lazy_route]
impl LazyRoute for ProgramsRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::programs::ProgramsPage/> }.into_any()
    }
}

pub struct ProgressRoute;

#[lazy_route]
impl LazyRoute for ProgressRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::progress::ProgressPage/> }.into_any()
    }
}

pub struct TimerRoute;

#[lazy_route]
impl LazyRoute for TimerRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::timer::TimerPage/> }.into_any()
    }
}

pub struct OnboardingRoute;

#[lazy_route]
impl LazyRoute for OnboardingRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::onboarding::OnboardingPage/> }.into_any()
    }
}

pub struct AdminRoute;

#[lazy_route]
impl LazyRoute for AdminRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::admin::AdminPage/> }.into_any()
    }
}

pub struct ProfileRoute;

#[lazy_route]
impl LazyRoute for ProfileRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::profile::ProfilePage/> }.into_any()
    }
}

// Coaching organisations (issue 21): the Team page, an athlete's shared pages, invites.
pub struct TeamRoute;

#[lazy_route]
impl LazyRoute for TeamRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::team::TeamPage/> }.into_any()
    }
}

pub struct AthleteRoute;

#[lazy_route]
impl LazyRoute for AthleteRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::team::AthletePage/> }.into_any()
    }
}

pub struct InviteRoute;

#[lazy_route]
impl LazyRoute for InviteRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::team::InvitePage/> }.into_any()
    }
}
