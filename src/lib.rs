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
    leptos::mount::hydrate_body(ui::app::App);
}
