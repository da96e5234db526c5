//! Structured logs, and OpenTelemetry traces when `OTEL_EXPORTER_OTLP_ENDPOINT` is set.
//!
//! Logs: `RUST_LOG` picks levels (default `info`), `LOG_FORMAT=json` for log shippers.
//!
//! Traces: spans per request (`request`, with its `request_id`), coach turn (`agent.turn`),
//! agent step (`agent.step`), tool call (`tool.call`), model call (`provider.call`) and
//! storage call (`store.call`), sent as OTLP over HTTP/protobuf to
//! `$OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` as is)
//! by a batch processor on a thread of its own, with `service.name` from `OTEL_SERVICE_NAME`
//! (default `climbingpill`). The spans below `request` are `debug` spans: the log filter never
//! shows them at the default level, and without an endpoint no layer wants them, so they are
//! never even built (no cost with traces off). [`Telemetry::shutdown`] flushes what is queued.
use std::time::Duration;

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::{Protocol, WithExportConfig, WithHttpConfig};
use opentelemetry_sdk::trace::SdkTracerProvider;
use opentelemetry_sdk::Resource;
use tracing_subscriber::filter::{EnvFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{Layer, Registry};

use crate::server::config::LogFormat;

/// Where traces go (`OTEL_*`), when anywhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OtelSettings {
    /// The full URL spans are POSTed to (`…/v1/traces`).
    pub traces_endpoint: String,
    pub service_name: String,
}

#[derive(Debug, thiserror::Error)]
pub enum TelemetryError {
    #[error(
        "{var}={value} is not an http(s) URL (the OTLP/HTTP collector, e.g. http://127.0.0.1:4318)"
    )]
    Endpoint { var: &'static str, value: String },
    #[error("could not set up the OpenTelemetry exporter ({var}): {reason}")]
    Exporter { var: &'static str, reason: String },
}

impl OtelSettings {
    /// `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (used as is) or `OTEL_EXPORTER_OTLP_ENDPOINT`
    /// (`/v1/traces` appended, as the OTLP spec says); neither or empty = no traces.
    /// `OTEL_SERVICE_NAME` names the service (default `climbingpill`).
    pub fn from_lookup(
        get: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Self>, TelemetryError> {
        let set = |k: &'static str| {
            get(k)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .map(|v| (k, v))
        };
        let (var, traces_endpoint) = match (
            set("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
            set("OTEL_EXPORTER_OTLP_ENDPOINT"),
        ) {
            (Some((var, url)), _) => (var, url),
            (None, Some((var, base))) => (var, format!("{}/v1/traces", base.trim_end_matches('/'))),
            (None, None) => return Ok(None),
        };
        let parsed = url::Url::parse(&traces_endpoint);
        if !matches!(parsed.as_ref().map(|u| u.scheme()), Ok("http" | "https")) {
            return Err(TelemetryError::Endpoint {
                var,
                value: get(var).unwrap_or_default(),
            });
        }
        let service_name =
            set("OTEL_SERVICE_NAME").map_or_else(|| "climbingpill".into(), |(_, v)| v);
        Ok(Some(Self {
            traces_endpoint,
            service_name,
        }))
    }
}

/// Keeps the trace pipeline alive; [`Telemetry::shutdown`] flushes it.
#[must_use = "dropping it stops the trace exporter; call shutdown() at exit"]
pub struct Telemetry {
    provider: Option<SdkTracerProvider>,
}

impl Telemetry {
    /// True when spans are exported.
    pub fn traces_on(&self) -> bool {
        self.provider.is_some()
    }

    /// Sends the spans still queued and stops the exporter (blocks up to `timeout`).
    pub fn shutdown(mut self, timeout: Duration) {
        if let Some(provider) = self.provider.take() {
            if let Err(e) = provider.shutdown_with_timeout(timeout) {
                eprintln!("climbingpill: traces not all sent at shutdown: {e}");
            }
        }
    }
}

/// Logs, and traces when the environment asks for them (see [`OtelSettings::from_lookup`]).
pub fn init(format: LogFormat) -> Result<Telemetry, TelemetryError> {
    init_with(
        format,
        OtelSettings::from_lookup(|k| std::env::var(k).ok())?,
    )
}

/// Installs the process's subscriber: the log layer, plus the OpenTelemetry layer with `otel`.
pub fn init_with(
    format: LogFormat,
    otel: Option<OtelSettings>,
) -> Result<Telemetry, TelemetryError> {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let logs: Box<dyn Layer<Registry> + Send + Sync> = match format {
        LogFormat::Json => tracing_subscriber::fmt::layer()
            .json()
            .with_target(false)
            .with_filter(filter)
            .boxed(),
        LogFormat::Pretty => tracing_subscriber::fmt::layer()
            .with_target(false)
            .with_filter(filter)
            .boxed(),
    };
    let (traces, provider) = match otel {
        None => (None, None),
        Some(settings) => {
            let provider = tracer_provider(&settings)?;
            let tracer = provider.tracer("climbingpill");
            // Our own spans (request, agent, tools, provider, stores), not the libraries'.
            let ours = Targets::new().with_target("climbingpill", tracing::Level::DEBUG);
            let layer = tracing_opentelemetry::layer()
                .with_tracer(tracer)
                .with_filter(ours)
                .boxed();
            (Some(layer), Some(provider))
        }
    };
    let _ = tracing_subscriber::registry()
        .with(logs)
        .with(traces)
        .try_init();
    if provider.is_some() {
        tracing::info!("OpenTelemetry traces on");
    }
    Ok(Telemetry { provider })
}

fn tracer_provider(settings: &OtelSettings) -> Result<SdkTracerProvider, TelemetryError> {
    let fail = |reason: String| TelemetryError::Exporter {
        var: "OTEL_EXPORTER_OTLP_ENDPOINT",
        reason,
    };
    // The blocking client runs on the batch processor's own thread; built off the async
    // runtime's threads (it starts a runtime of its own, which may not live inside ours).
    let client = std::thread::spawn(|| {
        reqwest::blocking::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(10))
            .build()
    })
    .join()
    .map_err(|_| fail("the HTTP client could not be built".into()))?
    .map_err(|e| fail(e.to_string()))?;
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_protocol(Protocol::HttpBinary)
        .with_endpoint(settings.traces_endpoint.clone())
        .with_http_client(BlockingHttp(client))
        .build()
        .map_err(|e| fail(e.to_string()))?;
    Ok(SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(
            Resource::builder()
                .with_service_name(settings.service_name.clone())
                .build(),
        )
        .build())
}

/// `opentelemetry_http::HttpClient` over the reqwest we already build (blocking flavour):
/// the adapter `opentelemetry-http` ships is for reqwest 0.13, a second HTTP stack here.
#[derive(Debug)]
struct BlockingHttp(reqwest::blocking::Client);

#[async_trait::async_trait]
impl opentelemetry_http::HttpClient for BlockingHttp {
    async fn send_bytes(
        &self,
        request: opentelemetry_http::Request<opentelemetry_http::Bytes>,
    ) -> Result<
        opentelemetry_http::Response<opentelemetry_http::Bytes>,
        opentelemetry_http::HttpError,
    > {
        let request: reqwest::blocking::Request = request.try_into()?;
        let response = self.0.execute(request)?;
        let status = response.status();
        let headers = response.headers().clone();
        // A collector answers with a small protobuf; cap what we read.
        let body = response.bytes()?;
        if body.len() > 4 * 1024 * 1024 {
            return Err("the collector's answer is larger than 4 MiB".into());
        }
        let mut out = opentelemetry_http::Response::builder()
            .status(status)
            .body(body)?;
        *out.headers_mut() = headers;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traces_are_off_unless_an_endpoint_is_set() {
        let settings = |vars: &[(&str, &str)]| {
            let vars: Vec<(String, String)> = vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            OtelSettings::from_lookup(move |k| {
                vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
            })
        };
        assert_eq!(settings(&[]).unwrap(), None);
        assert_eq!(
            settings(&[("OTEL_EXPORTER_OTLP_ENDPOINT", " ")]).unwrap(),
            None
        );
        assert_eq!(
            settings(&[("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318/")]).unwrap(),
            Some(OtelSettings {
                traces_endpoint: "http://127.0.0.1:4318/v1/traces".into(),
                service_name: "climbingpill".into(),
            })
        );
        assert_eq!(
            settings(&[
                ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://a:4318"),
                ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "https://b/traces"),
                ("OTEL_SERVICE_NAME", "climbingpill-eu"),
            ])
            .unwrap(),
            Some(OtelSettings {
                traces_endpoint: "https://b/traces".into(),
                service_name: "climbingpill-eu".into(),
            })
        );
        let e = settings(&[("OTEL_EXPORTER_OTLP_ENDPOINT", "127.0.0.1:4318")]).unwrap_err();
        assert!(e.to_string().contains("OTEL_EXPORTER_OTLP_ENDPOINT"), "{e}");
    }
}
