use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use crate::server::state::AppState;

/// Alive: the process answers.
pub async fn healthz() -> &'static str {
    "ok"
}

/// Ready: the database answers too.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let pg = match &state.stores.postgres {
        Some(pg) => pg.ping().await.map_err(|e| e.to_string()),
        None => Ok(()),
    };
    let memory = if state.config.memory_remote.is_some() {
        state.memory_db.ping().await.map_err(|e| e.to_string())
    } else {
        Ok(())
    };
    match state
        .db
        .ping()
        .await
        .map_err(|e| e.to_string())
        .and(pg)
        .and(memory)
    {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({ "status": "ready", "database": "ok" })),
        ),
        Err(e) => {
            tracing::error!(error = %e, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "database": "error" })),
            )
        }
    }
}
