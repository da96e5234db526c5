//! Journal downloads (`GET /api/journal/export.csv` and `.json`): plain routes, because a
//! browser download wants a URL and a `Content-Disposition`, not a server function.
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

use crate::domain::journal::EntryData;
use crate::domain::journal_csv::to_csv;
use crate::server::auth::CurrentUser;
use crate::server::state::AppState;

pub async fn journal_export(
    State(state): State<AppState>,
    user: Option<Extension<CurrentUser>>,
    Path(format): Path<String>,
) -> Response {
    // The climber comes from the session cookie only.
    let Some(Extension(user)) = user else {
        return (StatusCode::UNAUTHORIZED, "Please log in to continue.").into_response();
    };
    let (content_type, extension) = match format.as_str() {
        "export.csv" => ("text/csv; charset=utf-8", "csv"),
        "export.json" => ("application/json", "json"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let entries = match state.journal.export(&user.user_id).await {
        Ok(e) => e,
        Err(e) => {
            tracing::error!(error = %e, "journal export failed");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong on our side.",
            )
                .into_response();
        }
    };
    let body = if extension == "csv" {
        let data: Vec<EntryData> = entries.into_iter().map(|e| e.data).collect();
        to_csv(&data)
    } else {
        serde_json::to_string_pretty(&entries).unwrap_or_else(|_| "[]".into())
    };
    let filename = format!("climbingpill-journal-{}.{extension}", state.journal.today());
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}
