//! What the benches share: the app as `main.rs` builds it, on a fresh libSQL file, with one
//! signed-up climber.
use std::sync::Arc;

use climbingpill::server::auth::service::{AuthLimits, NewSession};
use climbingpill::server::clock::SystemClock;
use climbingpill::server::config::Config;
use climbingpill::server::state::AppState;

/// Keep the `TempDir` alive for as long as the app is used: dropping it deletes the database.
pub async fn app_with_climber() -> (tempfile::TempDir, AppState, NewSession) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().display().to_string();
    let config =
        Config::from_lookup(|k| (k == "CLIMBINGPILL_DATA_DIR").then(|| data.clone())).unwrap();
    let options = leptos::config::LeptosOptions::builder()
        .output_name("climbingpill")
        .build();
    let state = AppState::build_with(
        config,
        options,
        Arc::new(SystemClock),
        AuthLimits::default(),
    )
    .await
    .unwrap();
    let session = state
        .auth
        .signup(
            "bench@example.com",
            "slopers in the rain",
            "127.0.0.1",
            None,
        )
        .await
        .unwrap();
    (dir, state, session)
}
