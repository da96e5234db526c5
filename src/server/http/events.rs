//! `GET /api/progress/events`: server-sent events telling the climber's open progress page
//! that their journal changed, so it re-reads its charts without a reload. A plain route:
//! an event stream is a long-lived response, not a server function's request/reply.
use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use futures::{Stream, StreamExt};
use tokio::sync::broadcast::error::RecvError;

use crate::server::auth::CurrentUser;
use crate::server::state::AppState;

use crate::api::progress::JOURNAL_CHANGED;

pub async fn progress_events(
    State(state): State<AppState>,
    user: Option<Extension<CurrentUser>>,
    lookup_failed: Option<Extension<crate::api::SessionLookupFailed>>,
) -> Response {
    // The climber comes from the session cookie only; the stream carries only their notices.
    let Some(Extension(user)) = user else {
        return if lookup_failed.is_some() {
            // The database is down: not a reason to log in again.
            (
                StatusCode::SERVICE_UNAVAILABLE,
                crate::api::ApiError::Unavailable.to_string(),
            )
                .into_response()
        } else {
            (StatusCode::UNAUTHORIZED, "Please log in to continue.").into_response()
        };
    };
    let Ok(changes) = state.changes.subscribe(&user.user_id) else {
        use leptos::server_fn::error::FromServerFnError;
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            crate::api::ApiError::RateLimited(format!(
                "You have {} live pages open already. Close some tabs and reload this one.",
                crate::server::realtime::MAX_STREAMS_PER_CLIMBER
            ))
            .ser(),
        )
            .into_response();
    };
    let open = crate::server::ops::metrics::LiveStream::open("progress");
    let stream = for_climber(changes)
        .take_until(state.changes.closed())
        // Counted as an open live stream until the stream is dropped.
        .map(move |event| {
            let _ = &open;
            event
        });
    Sse::new(stream)
        // Proxies drop idle connections; a comment line every 15 s keeps this one open.
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// The notices of one climber (the subscription only hears theirs). Falling behind (a burst
/// of changes) is one notice too: the page re-reads everything anyway.
fn for_climber(
    changes: crate::server::realtime::Subscription,
) -> impl Stream<Item = Result<Event, Infallible>> {
    futures::stream::unfold(changes, |mut changes| async move {
        match changes.notices.recv().await {
            Ok(()) | Err(RecvError::Lagged(_)) => {}
            Err(RecvError::Closed) => return None,
        }
        let event = Event::default().event(JOURNAL_CHANGED).data("changed");
        Some((Ok(event), changes))
    })
}
