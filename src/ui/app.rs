//! The HTML shell, the router, and the session-aware header.
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::api::auth::{current_user, Login, Logout, Signup};
use crate::ui::components::header::SiteHeader;
use crate::ui::pages;

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
                <script src="/sw-register.js" defer></script>
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

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let actions = AuthActions {
        login: ServerAction::new(),
        signup: ServerAction::new(),
        logout: ServerAction::new(),
    };
    provide_context(actions);
    let user = Resource::new(
        move || {
            (
                actions.login.version().get(),
                actions.signup.version().get(),
                actions.logout.version().get(),
            )
        },
        |_| current_user(),
    );

    // Tells end-to-end tests (and nothing else) that the page is interactive.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Stylesheet id="leptos" href="/pkg/climbingpill.css"/>
        <Title text="ClimbingPill"/>
        <Router>
            <SiteHeader user/>
            <main id="main" tabindex="-1">
                <Routes fallback={|| view! { <pages::not_found::NotFoundPage/> }}>
                    <Route path={path!("/")} view={pages::landing::LandingPage}/>
                    <Route path={path!("/login")} view={pages::login::LoginPage}/>
                    <Route path={path!("/signup")} view={pages::signup::SignupPage}/>
                    // One route for both: opening a conversation keeps the page (and its list).
                    <Route path={path!("/chat/:id?")} view={pages::chat::ChatPage}/>
                    <Route path={path!("/journal")} view={pages::journal::JournalPage}/>
                    <Route path={path!("/journal/:id")} view={pages::journal::JournalEntryPage}/>
                    <Route path={path!("/assessment")} view={pages::assessment::AssessmentPage}/>
                    <Route path={path!("/assessment/result")} view={pages::assessment::AssessmentResultPage}/>
                    <Route path={path!("/programs")} view={pages::programs::ProgramsPage}/>
                    <Route path={path!("/progress")} view={pages::progress::ProgressPage}/>
                    <Route path={path!("/timer")} view={pages::timer::TimerPage}/>
                    <Route path={path!("/onboarding")} view={pages::onboarding::OnboardingPage}/>
                    <Route path={path!("/profile")} view={pages::profile::ProfilePage}/>
                </Routes>
            </main>
        </Router>
    }
}
