//! Structured logs. `RUST_LOG` picks levels (default `info`), `LOG_FORMAT=json` for log shippers.
use tracing_subscriber::EnvFilter;

use crate::server::config::LogFormat;

pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Pretty => builder.init(),
    }
}
