//! The HTML shell, the router, and the session-aware header.
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, LazyRoute};

use crate::api::auth::{current_user, Login, Logout, Signup};
use crate::ui::components::header::SiteHeader;
use crate::ui::data;
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
                <link rel="icon" type="image/svg+xml" href="/icons/icon.svg"/>
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
    let user = data::resource(
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
                // code is in its group's file (see `lazy_page!` below), fetched when the page
                // is first opened (on a first load, as soon as the first file has hydrated
                // the router).
                // `/chat/:id?` is one route for both: opening a conversation keeps the page.
                <Routes fallback={|| view! { <pages::not_found::NotFoundPage/> }}>
                    <Route path={path!("/")} view={pages::landing::LandingPage}/>
                    <Route path={path!("/login")} view={pages::login::LoginPage}/>
                    <Route path={path!("/signup")} view={pages::signup::SignupPage}/>
                    <Route path={path!("/chat/:id?")} view={Lazy::<ChatRoute>::new()}/>
                    <Route path={path!("/journal")} view={Lazy::<JournalRoute>::new()}/>
                    // Before `/journal/:id`: the router takes the first route that matches.
                    <Route path={path!("/journal/import")} view={Lazy::<JournalImportRoute>::new()}/>
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
//
// Pages are split in a few groups (the second name): every route of a group is in one WASM
// file, so a page fetches its group's file and the chunks its group shares with other groups.
// wasm-split writes one chunk per set of groups using a function, so each group more
// multiplies the chunks: with a group per route (14) /chat fetched 197 files, and on a phone's
// 150 ms round trip six connections take ~25 ms a file. Six groups: /chat fetches ~25 files.
/// Server side of a lazy page's first load: the split loader (`__wasm_split.<hash>.js`)
/// is preloaded at once, as `leptos::prefetch_lazy_fn_on_server` would, but not the page's
/// group files: fetched alongside the first WASM file they would leave before Chromium holds
/// that file as their dictionary and travel 15 % larger (src/server/http/dictionary.rs).
/// The router asks for them once the first file has arrived. (Preloading them from a
/// script when the first file's download ends was tried: under a phone's throttling the
/// preloads still left before the dictionary was kept, so each file came twice.)
#[cfg(not(feature = "hydrate"))]
fn preload_split_loader() {
    use leptos_meta::Link;
    let Some(loader) = use_context::<leptos::WasmSplitManifest>().and_then(|m| {
        m.0.try_with_value(|(pkg, _, loader)| format!("{pkg}/{loader}"))
    }) else {
        return;
    };
    _ = view! { <Link rel="modulepreload" href={loader} crossorigin=""/> }.to_html();
}

macro_rules! lazy_page {
    ($route:ident, $split_fn:ident, $group:ident, $view:expr) => {
        pub struct $route;

        // The browser's half: `$split_fn` lands in the split module `$group` (one file for
        // every function with that module name); `preload` fetches that file.
        #[cfg(feature = "hydrate")]
        mod $split_fn {
            use super::*;

            #[::leptos::wasm_split::wasm_split($group, wasm_split_path = ::leptos::wasm_split, preload(preload))]
            pub fn $split_fn() -> AnyView {
                $view.into_any()
            }
        }

        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            async fn view(_this: Self) -> AnyView {
                #[cfg(feature = "hydrate")]
                {
                    $split_fn::$split_fn().await
                }
                // On the server: the page (and the split loader preloaded, see
                // `preload_split_loader`).
                #[cfg(not(feature = "hydrate"))]
                {
                    preload_split_loader();
                    $view.into_any()
                }
            }

            async fn preload() {
                #[cfg(feature = "hydrate")]
                $split_fn::preload().await;
            }
        }
    };
}

lazy_page!(
    ChatRoute,
    chat_view,
    chat_pages,
    view! { <pages::chat::ChatPage/> }
);
lazy_page!(
    JournalRoute,
    journal_view,
    journal_pages,
    view! { <pages::journal::JournalPage/> }
);
lazy_page!(
    JournalEntryRoute,
    journal_entry_view,
    journal_pages,
    view! { <pages::journal::JournalEntryPage/> }
);
// Export and import: with the journal (the page links to it). With serde_json's readers
// /journal was 341 KB on the wire and this page a fifth of its code, so it sat with the
// profile; with postcard's, /journal takes it and stays under 350 KB, and the assessment's
// group (380 KB) gets under too (issue 16).
lazy_page!(
    JournalImportRoute,
    journal_import_view,
    journal_pages,
    view! { <pages::journal::JournalImportPage/> }
);
lazy_page!(
    AssessmentRoute,
    assessment_view,
    assessment_pages,
    view! { <pages::assessment::AssessmentPage/> }
);
lazy_page!(
    AssessmentResultRoute,
    assessment_result_view,
    assessment_pages,
    view! { <pages::assessment::AssessmentResultPage/> }
);
lazy_page!(
    ProgramsRoute,
    programs_view,
    training_pages,
    view! { <pages::programs::ProgramsPage/> }
);
lazy_page!(
    ProgressRoute,
    progress_view,
    progress_pages,
    view! { <pages::progress::ProgressPage/> }
);
lazy_page!(
    TimerRoute,
    timer_view,
    training_pages,
    view! { <pages::timer::TimerPage/> }
);
lazy_page!(
    OnboardingRoute,
    onboarding_view,
    assessment_pages,
    view! { <pages::onboarding::OnboardingPage/> }
);
lazy_page!(
    AdminRoute,
    admin_view,
    team_pages,
    view! { <pages::admin::AdminPage/> }
);
// With progress, not the assessment: the assessment's group (assessment, its result,
// onboarding) was over 350 KB with it; /progress is the lightest page (issue 16).
lazy_page!(
    ProfileRoute,
    profile_view,
    progress_pages,
    view! { <pages::profile::ProfilePage/> }
);
// Coaching organisations (issue 21): the Team page, an athlete's shared pages, invites.
lazy_page!(
    TeamRoute,
    team_view,
    team_pages,
    view! { <pages::team::TeamPage/> }
);
lazy_page!(
    AthleteRoute,
    athlete_view,
    team_pages,
    view! { <pages::team::AthletePage/> }
);
lazy_page!(
    InviteRoute,
    invite_view,
    team_pages,
    view! { <pages::team::InvitePage/> }
);
