//! The HTTP surface: Leptos pages and server functions, health probes, and the middleware
//! every request passes through.
pub mod assets;
pub mod dictionary;
mod events;
mod export;
mod health;
pub mod middleware;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::routing::get;
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::domain::journal_csv::MAX_IMPORT_BYTES;
use crate::server::state::AppState;
use crate::ui::app::{shell, App};

/// Largest request body accepted (forms and chat messages are far smaller), except on
/// the routes [`middleware::limit_body`] lets carry more.
pub const BODY_LIMIT_BYTES: usize = 256 * 1024;

/// Largest body of a CSV import: the file limit, doubled because the file travels as a JSON
/// string, where every quote and line break is escaped with a backslash. So a file within
/// [`MAX_IMPORT_BYTES`] always gets through, and the service then checks the file itself.
pub const IMPORT_BODY_LIMIT_BYTES: usize = 2 * MAX_IMPORT_BYTES;

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let fallback_state = state.clone();
    let not_found = leptos_axum::file_and_error_handler_with_context::<AppState, _>(
        move || {
            provide_context(fallback_state.clone());
            middleware::set_page_csp();
        },
        shell,
    );
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/api/journal/{format}", get(export::journal_export))
        .route(
            crate::api::progress::EVENTS_PATH,
            get(events::progress_events),
        )
        .route(middleware::SERVICE_WORKER_PATH, get(assets::service_worker))
        .leptos_routes_with_context(&state, routes, middleware::set_page_csp, move || {
            shell(options.clone())
        })
        // A file of the site folder (precompressed copy, cache headers), else the 404 page.
        .fallback(move |State(state): State<AppState>, req: Request| {
            let not_found = not_found.clone();
            async move {
                let (parts, body) = req.into_parts();
                if let Some(res) = assets::serve_static(
                    &state.leptos_options,
                    state.site_dictionary.as_deref(),
                    &parts,
                )
                .await
                {
                    return res;
                }
                let req = Request::from_parts(parts, body);
                let uri = req.uri().clone();
                not_found(uri, State(state), req).await
            }
        })
        // Layers run bottom-up on the way in: the last one added sees the request first.
        .layer(axum::middleware::from_fn_with_state(
            std::sync::Arc::new(middleware::ClimberRates::new(
                state.config.climber_limits,
                state.redis.clone(),
            )),
            middleware::climber_limits,
        ))
        .layer(axum::middleware::from_fn(
            middleware::require_session_for_pages,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::load_session,
        ))
        // After the size check: an oversized body is refused (413) before its type is read.
        .layer(axum::middleware::from_fn(middleware::only_declared_input))
        .layer(axum::middleware::from_fn(middleware::limit_body))
        // Server functions read their body through axum's own cap (2 MB by default), which
        // would cut an import off mid-file; limit_body above enforces each route's limit.
        .layer(DefaultBodyLimit::max(IMPORT_BODY_LIMIT_BYTES))
        .layer(axum::middleware::from_fn(middleware::same_origin_writes))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::security_headers,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::client_address,
        ))
        // Pages and server functions: no-cache and compressed; streams pass uncompressed.
        .layer(axum::middleware::from_fn(assets::no_cache_by_default))
        .layer(assets::compression())
        .layer(axum::middleware::from_fn(assets::streams_uncompressed))
        // Prometheus: count and latency by route template and status (ops::metrics).
        .layer(axum::middleware::from_fn(
            crate::server::ops::metrics::track,
        ))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(middleware::request_span))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        // Last on the way out: hashed build files lose the page-only headers.
        .layer(axum::middleware::from_fn(assets::lean_static_headers))
        .with_state(state)
}

/// The listener with TCP_NODELAY on every connection. A coach answer streams as many small
/// writes; with Nagle's algorithm each one waits for the client's delayed ACK (~40 ms).
/// (A concrete type, so axum's `ConnectInfo<SocketAddr>` still works through it.)
pub fn no_delay(listener: tokio::net::TcpListener) -> NoDelayListener {
    use axum::serve::ListenerExt;
    listener.tap_io(set_nodelay)
}

pub type NoDelayListener =
    axum::serve::TapIo<tokio::net::TcpListener, fn(&mut tokio::net::TcpStream)>;

fn set_nodelay(tcp: &mut tokio::net::TcpStream) {
    if let Err(e) = tcp.set_nodelay(true) {
        tracing::warn!(error = %e, "could not set TCP_NODELAY");
    }
}
