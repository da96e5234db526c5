//! OpenTelemetry traces of one chat turn, received by a stand-in collector speaking OTLP over
//! HTTP/protobuf (`POST /v1/traces`, decoded with the protocol's own types): the request span
//! (with its request id) holds the coach's turn, its steps, and under them the model calls,
//! the tool call and the storage calls, all in one trace; spans queued at shutdown are sent.
//! The model is a local fake speaking OpenAI's wire format.
//!
//! Its own test binary: the tracing subscriber is global to the process.
mod support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::routing::post;
use climbingpill::server::auth::service::AuthLimits;
use climbingpill::server::config::LogFormat;
use climbingpill::server::telemetry::{self, OtelSettings};
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::any_value::Value as AnyValue;
use prost::Message;
use support::fake_llm::{text, tool_calls, FakeLlm};
use support::{answer, say, v, TestApp};

#[derive(Clone, Debug)]
struct Span {
    name: String,
    trace_id: Vec<u8>,
    span_id: Vec<u8>,
    parent: Vec<u8>,
    attrs: HashMap<String, String>,
    service: String,
}

#[derive(Clone, Default)]
struct Collector {
    spans: Arc<Mutex<Vec<Span>>>,
    content_types: Arc<Mutex<Vec<String>>>,
}

async fn receive(State(c): State<Collector>, headers: HeaderMap, body: Bytes) -> StatusCode {
    c.content_types.lock().unwrap().push(
        headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string(),
    );
    let Ok(req) = ExportTraceServiceRequest::decode(body) else {
        return StatusCode::BAD_REQUEST;
    };
    let text = |v: &Option<opentelemetry_proto::tonic::common::v1::AnyValue>| match v
        .as_ref()
        .and_then(|v| v.value.as_ref())
    {
        Some(AnyValue::StringValue(s)) => s.clone(),
        Some(AnyValue::IntValue(i)) => i.to_string(),
        Some(AnyValue::BoolValue(b)) => b.to_string(),
        Some(AnyValue::DoubleValue(d)) => d.to_string(),
        _ => String::new(),
    };
    let mut spans = c.spans.lock().unwrap();
    for rs in req.resource_spans {
        let service = rs
            .resource
            .iter()
            .flat_map(|r| &r.attributes)
            .find(|kv| kv.key == "service.name")
            .map(|kv| text(&kv.value))
            .unwrap_or_default();
        for ss in rs.scope_spans {
            for s in ss.spans {
                spans.push(Span {
                    name: s.name,
                    trace_id: s.trace_id,
                    span_id: s.span_id,
                    parent: s.parent_span_id,
                    attrs: s
                        .attributes
                        .iter()
                        .map(|kv| (kv.key.clone(), text(&kv.value)))
                        .collect(),
                    service: service.clone(),
                });
            }
        }
    }
    StatusCode::OK
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chat_turn_is_one_trace_from_request_to_store_call() {
    let collector = Collector::default();
    let app = axum::Router::new()
        .route("/v1/traces", post(receive))
        .with_state(collector.clone());
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", l.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(l, app).await.unwrap() });

    let settings = OtelSettings::from_lookup(|k| match k {
        "OTEL_EXPORTER_OTLP_ENDPOINT" => Some(endpoint.clone()),
        "OTEL_SERVICE_NAME" => Some("climbingpill-test".into()),
        _ => None,
    })
    .unwrap()
    .unwrap();
    let traces = telemetry::init_with(LogFormat::Pretty, Some(settings)).unwrap();
    assert!(traces.traces_on());

    // The model asks for a tool, then answers.
    let llm = FakeLlm::start(vec![
        tool_calls(&[(
            "call_1",
            "remember",
            r#"{"section":"equipment","note":"hangboard at home"}"#,
        )]),
        text(&["Noted: ", "a hangboard."]),
    ])
    .await;
    let app = TestApp::with(
        &[
            ("LLM_MODEL", "fake-model"),
            ("LLM_BASE_URL", llm.base_url.as_str()),
        ],
        AuthLimits::default(),
    )
    .await;
    let cookie = app.signup("traced@example.com").await;
    let r = app.post("/api/chat/new", "", Some(&cookie)).await;
    let thread = v(&r)["id"].as_str().unwrap().to_string();
    let events = say(&app, &cookie, &thread, "I have a hangboard at home").await;
    assert_eq!(answer(&events), "Noted: a hangboard.");

    // The turn's task holds the request span until it has saved the answer and the run log,
    // a moment after the last event reached us; on a loaded machine that moment is longer.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    // Shutdown sends what the batch processor still holds (nothing was flushed before).
    tokio::task::spawn_blocking(move || traces.shutdown(Duration::from_secs(10)))
        .await
        .unwrap();
    let spans = collector.spans.lock().unwrap().clone();
    assert!(
        collector
            .content_types
            .lock()
            .unwrap()
            .iter()
            .all(|t| t == "application/x-protobuf"),
        "{:?}",
        collector.content_types.lock().unwrap()
    );
    let names: Vec<&str> = spans.iter().map(|s| s.name.as_str()).collect();
    let request = spans
        .iter()
        .find(|s| {
            s.name == "request" && s.attrs.get("path").map(String::as_str) == Some("/api/chat/turn")
        })
        .unwrap_or_else(|| panic!("no request span for the turn in {names:?}"));
    assert!(request.parent.is_empty(), "the request span is the root");
    assert_eq!(request.service, "climbingpill-test");
    let request_id = &request.attrs["request_id"];
    assert_eq!(request_id.len(), 36, "a UUID request id: {request_id:?}");
    assert_eq!(request.attrs["method"], "POST");

    let by_id: HashMap<&[u8], &Span> = spans.iter().map(|s| (s.span_id.as_slice(), s)).collect();
    let parent = |s: &Span| by_id.get(s.parent.as_slice()).copied();
    let under = |s: &Span, ancestor: &Span| {
        let mut at = parent(s);
        while let Some(p) = at {
            if p.span_id == ancestor.span_id {
                return true;
            }
            at = parent(p);
        }
        false
    };
    let in_turn: Vec<&Span> = spans
        .iter()
        .filter(|s| s.trace_id == request.trace_id)
        .collect();

    let turn = in_turn
        .iter()
        .find(|s| s.name == "agent.turn")
        .unwrap_or_else(|| panic!("no agent.turn in the request's trace: {names:?}"));
    assert_eq!(turn.parent, request.span_id);
    let steps: Vec<&&Span> = in_turn.iter().filter(|s| s.name == "agent.step").collect();
    assert_eq!(steps.len(), 2, "a tool step and an answer step: {names:?}");
    assert!(steps.iter().all(|s| s.parent == turn.span_id));

    // One model call per step, directly under it.
    let calls: Vec<&&Span> = in_turn
        .iter()
        .filter(|s| s.name == "provider.call")
        .collect();
    assert_eq!(calls.len(), 2, "{names:?}");
    for call in &calls {
        assert!(steps.iter().any(|s| s.span_id == call.parent));
        assert_eq!(call.attrs["provider"], "openai-compatible");
        assert_eq!(call.attrs["model"], "fake-model");
    }

    // The tool call under the first step, and the memory write it made under it.
    let tool = in_turn
        .iter()
        .find(|s| s.name == "tool.call")
        .unwrap_or_else(|| panic!("no tool.call: {names:?}"));
    assert_eq!(tool.attrs["tool"], "remember");
    assert_eq!(tool.attrs["ok"], "true");
    assert!(steps.iter().any(|s| s.span_id == tool.parent));
    let write = in_turn
        .iter()
        .find(|s| s.name == "store.call" && under(s, tool))
        .unwrap_or_else(|| panic!("no store call under the tool call: {names:?}"));
    assert_eq!(write.attrs["aggregate"], "memory");
    assert_eq!(write.attrs["backend"], "libsql");

    // The steps store what was said (memory appends) and the turn reads memory and the log.
    assert!(in_turn.iter().any(|s| s.name == "store.call"
        && s.attrs["op"] == "append"
        && steps.iter().any(|st| st.span_id == s.parent)));
    assert!(in_turn.iter().any(|s| s.name == "store.call"
        && s.attrs["aggregate"] == "runs"
        && s.attrs["op"] == "record"
        && under(s, request)));
    // Every span of the turn hangs under the request: one trace, no orphans.
    for s in &in_turn {
        assert!(
            s.span_id == request.span_id || under(s, request),
            "{} is not under the request",
            s.name
        );
    }
}
