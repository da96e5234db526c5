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

/// Room for `--split` to lay out the browser's read-only data again. The splitter
/// (wasm_split_cli_support 0.2.3, in cargo-leptos 0.3.10) moves each split group's constants
/// out of the first file by re-packing `.rodata` group by group; each group's block starts
/// aligned, and when the re-packed data comes out longer than the linker's (by 171 bytes on
/// 6 December 2026, after two components moved groups) it gives up and leaves every group's
/// constants in the first file: 51 KB more (brotli) for every page. Bytes that nothing
/// references are never re-packed, so this block is the slack the padding can use. It costs
/// the first file 2 KiB raw and a few bytes compressed (it is one repeated byte).
/// `scripts/bundle-report.sh --check` (the `initial` budget) catches a build where it
/// happened anyway.
#[cfg(feature = "hydrate")]
#[used]
static SPLIT_DATA_SLACK: [u8; 2048] = [0x5a; 2048];
