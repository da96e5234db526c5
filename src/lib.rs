//! ClimbingPill: an AI climbing coach. One crate, two builds: the server (`ssr`) and the
//! browser bundle (`hydrate`). See ../shared/DESIGN.md for the layers.
#![recursion_limit = "256"]

pub mod api;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod server;
pub mod ui;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // What `leptos::mount::hydrate_lazy` does: hydrate asynchronously, so the current page's
    // lazy route (a WASM file of its own with `--split`, see ui::app) is loaded and matched to
    // the server's HTML. Then `<html data-hydrated>` tells end-to-end tests (and nothing
    // else) that every control of the page, its lazy route's included, is interactive.
    wasm_bindgen_futures::spawn_local(async {
        let document = leptos::prelude::document();
        let Some(body) = document.body() else { return };
        leptos::mount::hydrate_from_async(body, ui::app::App)
            .await
            .forget();
        if let Some(root) = document.document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
        // The same moment as a user-timing mark, for time-to-interactive measurements
        // (Lighthouse lists it; end2end/hydration-timing.mjs reads it).
        if let Some(performance) = leptos::prelude::window().performance() {
            let _ = performance.mark("hydrated");
        }
    });
}
