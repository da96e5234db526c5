//! Starts the ClimbingPill server: configuration, database, routes, graceful shutdown.
use std::net::SocketAddr;
use std::process::ExitCode;

use climbingpill::server::{cli, config::Config, http, state::AppState, telemetry};

#[tokio::main]
async fn main() -> ExitCode {
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("climbingpill: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Logs, and OpenTelemetry traces with OTEL_EXPORTER_OTLP_ENDPOINT (flushed at the end).
    let telemetry = match telemetry::init(config.log_format) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("climbingpill: {e}");
            return ExitCode::FAILURE;
        }
    };

    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None => {}
        Some("memory") => {
            return match cli::run(&args[1..], &config).await {
                Ok(done) => {
                    eprintln!("climbingpill: {done}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("climbingpill: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        Some("funnel") => {
            return match cli::funnel(&config).await {
                Ok(table) => {
                    print!("{table}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("climbingpill: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        Some("migrate") => {
            return match cli::migrate(&config).await {
                Ok(done) => {
                    eprintln!("climbingpill: {done}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("climbingpill: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        Some("backup") => {
            return done(cli::backup(&args[1..], &config).await);
        }
        Some("restore") => {
            return done(cli::restore(&args[1..], &config).await);
        }
        Some("admin") => {
            return done(cli::admin(&args[1..], &config).await);
        }
        Some("doctor") => {
            let report = climbingpill::server::ops::doctor::run(&config).await;
            println!("{report}");
            return if report.failed() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            };
        }
        Some("help" | "--help" | "-h") => {
            println!("{}", cli::USAGE);
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            eprintln!("climbingpill: unknown command {other:?}\n\n{}", cli::USAGE);
            return ExitCode::FAILURE;
        }
    }

    let leptos = match leptos::config::get_configuration(None) {
        Ok(c) => c.leptos_options,
        Err(e) => {
            eprintln!("climbingpill: configuration error (LEPTOS_SITE_ADDR or Cargo.toml [package.metadata.leptos]): {e}");
            return ExitCode::FAILURE;
        }
    };
    // Hashed file names (hash.txt beside the binary) even when started by hand; a site from
    // another build than the binary stops the server here, not in the browser.
    let leptos = http::assets::detect_hash_files(leptos);
    let addr = leptos.site_addr;
    let metrics_addr =
        match climbingpill::server::ops::metrics::addr_from_lookup(|k| std::env::var(k).ok()) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("climbingpill: {e}");
                return ExitCode::FAILURE;
            }
        };
    let mut state = match AppState::build(config, leptos).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("climbingpill: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    // After the data folder and database checks, so a missing folder is named first.
    match http::assets::SiteAssets::load(&state.leptos_options) {
        Ok(assets) => {
            http::assets::warn_if_not_precompressed(&state.leptos_options, &assets);
            // A split release site: its route files, compressed against the first WASM file.
            state.site_dictionary =
                http::dictionary::load(&state.leptos_options, &assets, &state.config).await;
        }
        Err(e) => {
            eprintln!("climbingpill: {e}");
            return ExitCode::FAILURE;
        }
    }
    spawn_session_purge(state.clone());
    if let Some(metrics_addr) = metrics_addr {
        use climbingpill::server::ops::metrics::{install, MetricsError};
        let db = state.config.db_path();
        match install(metrics_addr, addr, Some(db)) {
            Ok(()) => climbingpill::server::ops::metrics::watch_data(&state),
            Err(e @ MetricsError::PublicPort(_)) => {
                eprintln!("climbingpill: {e}");
                return ExitCode::FAILURE;
            }
            // A busy metrics port must not keep the app itself down: said loudly, served on.
            Err(e) => tracing::error!(error = %e, "serving without metrics"),
        }
    }

    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("climbingpill: cannot listen on {addr} (LEPTOS_SITE_ADDR): {e}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(%addr, data = %state.config.db_path().display(), "ClimbingPill listening on http://{addr}");
    let changes = state.changes.clone();
    let app = http::router(state).into_make_service_with_connect_info::<SocketAddr>();
    // Open requests get a grace period after SIGTERM; a coach answer still streaming after it
    // is cut (its run is logged as cancelled) so a deploy never hangs on a slow model.
    let (signalled_tx, signalled) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(http::no_delay(listener), app).with_graceful_shutdown(async move {
        shutdown_signal().await;
        // Live-progress streams never end by themselves: end them so shutdown isn't held.
        changes.close();
        let _ = signalled_tx.send(());
    });
    let deadline = async {
        if signalled.await.is_ok() {
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        result = server => {
            if let Err(e) = result {
                eprintln!("climbingpill: server error: {e}");
                return ExitCode::FAILURE;
            }
            tracing::info!("shut down cleanly");
        }
        _ = deadline => {
            tracing::warn!(grace_secs = SHUTDOWN_GRACE.as_secs(), "requests still open after the grace period; stopping anyway");
        }
    }
    // The spans of the last requests are still queued: send them before exiting.
    telemetry.shutdown(std::time::Duration::from_secs(5));
    ExitCode::SUCCESS
}

/// Prints an operator command's outcome; failure exits non-zero.
fn done(result: Result<String, cli::CliError>) -> ExitCode {
    match result {
        Ok(done) => {
            eprintln!("climbingpill: {done}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("climbingpill: {e}");
            ExitCode::FAILURE
        }
    }
}

/// How long open requests may run on after a shutdown signal.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// Expired sessions are refused on sight; this hourly sweep just keeps the table small.
fn spawn_session_purge(state: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            match state.auth.purge_expired().await {
                Ok(n) if n > 0 => tracing::info!(removed = n, "purged expired sessions"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "session purge failed"),
            }
        }
    });
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutdown signal received; finishing open requests");
}
