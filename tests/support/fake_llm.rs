//! A local HTTP server speaking OpenAI's chat-completions wire format (SSE chunks,
//! `tool_calls` deltas), scripted per request: the stand-in for an LLM provider, which
//! cannot run here.
#![allow(dead_code)]
use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use serde_json::{json, Value};

/// What the fake model does for one request.
pub enum Script {
    /// SSE `data:` payloads, sent in order, each after `delay`.
    Stream {
        events: Vec<String>,
        delay: Duration,
    },
    /// Some payloads, then the connection breaks mid-answer.
    Cut(Vec<String>),
    /// An HTTP error status with a body.
    Status(u16),
    /// Says nothing for this long before answering with the inner script.
    Wait(Duration, Box<Script>),
    /// llama.cpp's server (llama-cpp-python) with the `chatml-function-calling` format: a
    /// request with `stream: true` that offers tools with `tool_choice: "auto"` is refused as
    /// `refusal` says and the script stays for the next request; a `stream: false` request
    /// gets `message` as one whole `chat.completion`.
    LlamaCpp { refusal: Refusal, message: Value },
}

/// How llama.cpp's server refuses to stream when tools are offered.
#[derive(Clone, Copy, Debug)]
pub enum Refusal {
    /// 500 with llama-cpp-python's OpenAI-style error body (its `RouteErrorHandler`).
    Status,
    /// 200 `text/event-stream` carrying only sse-starlette's ping comments, then the stream
    /// closes without a chunk (the error was raised in the stream's sender task).
    EmptyStream,
}

#[derive(Clone, Default)]
struct Shared {
    scripts: Arc<Mutex<VecDeque<Script>>>,
    requests: Arc<Mutex<Vec<Value>>>,
    /// Answers whose client went away before the answer was fully sent.
    abandoned: Arc<std::sync::atomic::AtomicUsize>,
}

/// Counts an answer as abandoned if its body is dropped before the last event was sent.
struct Abandon(Arc<std::sync::atomic::AtomicUsize>, bool);

impl Drop for Abandon {
    fn drop(&mut self) {
        if !self.1 {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    }
}

pub struct FakeLlm {
    pub base_url: String,
    shared: Shared,
}

impl FakeLlm {
    pub async fn start(scripts: Vec<Script>) -> Self {
        let shared = Shared::default();
        shared.scripts.lock().unwrap().extend(scripts);
        let app = Router::new()
            .route("/v1/chat/completions", post(handle))
            .route("/v1/embeddings", post(embeddings))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self {
            base_url: format!("http://{addr}/v1"),
            shared,
        }
    }

    /// The JSON bodies the app sent, in order.
    pub fn requests(&self) -> Vec<Value> {
        self.shared.requests.lock().unwrap().clone()
    }

    /// How many streamed answers the app hung up on midway.
    pub fn abandoned(&self) -> usize {
        self.shared
            .abandoned
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    pub fn push(&self, script: Script) {
        self.shared.scripts.lock().unwrap().push_back(script);
    }
}

async fn handle(State(s): State<Shared>, body: Bytes) -> Response {
    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let streams_with_auto_tools = v["stream"] == true
        && v["tools"].as_array().is_some_and(|t| !t.is_empty())
        && v["tool_choice"] == "auto";
    s.requests.lock().unwrap().push(v);
    let refusal = match s.scripts.lock().unwrap().front() {
        Some(Script::LlamaCpp { refusal, .. }) if streams_with_auto_tools => Some(*refusal),
        _ => None,
    };
    if let Some(r) = refusal {
        return refuse_to_stream(r);
    }
    let script = s.scripts.lock().unwrap().pop_front();
    respond(script.unwrap_or(Script::Status(599)), s.abandoned.clone()).await
}

/// The size of the vectors the fake embeddings endpoint returns.
pub const EMBEDDING_DIM: usize = 8;

/// `POST /v1/embeddings`: one fixed-size vector per input, derived from its bytes.
async fn embeddings(body: Bytes) -> Response {
    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let inputs: Vec<String> = match &v["input"] {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a
            .iter()
            .filter_map(|x| x.as_str().map(String::from))
            .collect(),
        _ => Vec::new(),
    };
    let data: Vec<Value> = inputs
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let mut e = vec![0.0f32; EMBEDDING_DIM];
            for (j, b) in text.bytes().enumerate() {
                e[j % EMBEDDING_DIM] += f32::from(b) / 255.0;
            }
            json!({ "object": "embedding", "index": i, "embedding": e })
        })
        .collect();
    Response::builder()
        .header("content-type", "application/json")
        .body(Body::from(
            json!({ "object": "list", "data": data }).to_string(),
        ))
        .unwrap()
}

/// What llama-cpp-python 0.3's server sends for `stream: true` + tools + `tool_choice: "auto"`
/// with `chatml-function-calling`, whose handler raises
/// `ValueError("Automatic streaming tool choice is not supported")`.
fn refuse_to_stream(refusal: Refusal) -> Response {
    match refusal {
        Refusal::Status => Response::builder()
            .status(StatusCode::INTERNAL_SERVER_ERROR)
            .header("content-type", "application/json")
            .body(Body::from(
                json!({"error": {
                    "message": "Automatic streaming tool choice is not supported",
                    "type": "internal_server_error", "param": null, "code": null,
                }})
                .to_string(),
            ))
            .unwrap(),
        Refusal::EmptyStream => {
            let pings = futures::stream::iter((0..2).map(|_| {
                Ok::<_, Infallible>(Bytes::from(
                    ": ping - 2026-12-05 00:00:00.000000+00:00\r\n\r\n",
                ))
            }));
            sse(Body::from_stream(pings))
        }
    }
}

async fn respond(script: Script, abandoned: Arc<std::sync::atomic::AtomicUsize>) -> Response {
    match script {
        Script::LlamaCpp { message, .. } => {
            let finish = if message["tool_calls"].is_array() {
                "tool_calls"
            } else {
                "stop"
            };
            let body = json!({
                "id": "chatcmpl-1", "object": "chat.completion", "created": 1_764_892_800,
                "model": "fake",
                "choices": [{ "index": 0, "message": message, "logprobs": null,
                              "finish_reason": finish }],
                "usage": { "prompt_tokens": 90, "completion_tokens": 12, "total_tokens": 102 },
            });
            Response::builder()
                .header("content-type", "application/json")
                .body(Body::from(body.to_string()))
                .unwrap()
        }
        Script::Wait(d, inner) => {
            tokio::time::sleep(d).await;
            Box::pin(respond(*inner, abandoned)).await
        }
        Script::Status(code) => Response::builder()
            .status(StatusCode::from_u16(code).unwrap())
            .body(Body::from(r#"{"error":{"message":"scripted failure"}}"#))
            .unwrap(),
        Script::Stream { events, delay } => {
            let total = events.len();
            let guard = Arc::new(Mutex::new(Abandon(abandoned, false)));
            let stream =
                futures::stream::iter(events.into_iter().enumerate()).then(move |(i, e)| {
                    let guard = guard.clone();
                    async move {
                        tokio::time::sleep(delay).await;
                        if i + 1 == total {
                            guard.lock().unwrap().1 = true;
                        }
                        Ok::<_, Infallible>(Bytes::from(format!("data: {e}\n\n")))
                    }
                });
            sse(Body::from_stream(stream))
        }
        Script::Cut(events) => {
            let sent = futures::stream::iter(
                events
                    .into_iter()
                    .map(|e| Ok::<_, std::io::Error>(Bytes::from(format!("data: {e}\n\n")))),
            );
            // The pieces reach the client, then the connection breaks.
            let broken = futures::stream::once(async {
                tokio::time::sleep(Duration::from_millis(150)).await;
                Err(std::io::Error::other("connection cut"))
            });
            sse(Body::from_stream(sent.chain(broken)))
        }
    }
}

use futures::StreamExt;

fn sse(body: Body) -> Response {
    Response::builder()
        .header("content-type", "text/event-stream")
        .body(body)
        .unwrap()
}

fn chunk(delta: Value, finish: Option<&str>) -> String {
    json!({
        "id": "chatcmpl-1", "object": "chat.completion.chunk", "model": "fake",
        "choices": [{ "index": 0, "delta": delta, "finish_reason": finish }]
    })
    .to_string()
}

/// A plain answer streamed in the given pieces, with usage, then `[DONE]`.
pub fn text(pieces: &[&str]) -> Script {
    let mut events = vec![chunk(json!({"role": "assistant", "content": ""}), None)];
    events.extend(pieces.iter().map(|p| chunk(json!({ "content": p }), None)));
    events.push(chunk(json!({}), Some("stop")));
    events.push(
        json!({"choices": [], "usage": {"prompt_tokens": 120, "completion_tokens": 7}}).to_string(),
    );
    events.push("[DONE]".into());
    Script::Stream {
        events,
        delay: Duration::ZERO,
    }
}

/// Tool calls in one step; each call's arguments arrive in two fragments.
pub fn tool_calls(calls: &[(&str, &str, &str)]) -> Script {
    let mut events = Vec::new();
    for (i, (id, name, args)) in calls.iter().enumerate() {
        let cut = args.len() / 2;
        let cut = (0..=cut)
            .rev()
            .find(|c| args.is_char_boundary(*c))
            .unwrap_or(0);
        events.push(chunk(
            json!({ "tool_calls": [{ "index": i, "id": id, "type": "function",
            "function": { "name": name, "arguments": &args[..cut] } }] }),
            None,
        ));
        events.push(chunk(
            json!({ "tool_calls": [{ "index": i,
            "function": { "arguments": &args[cut..] } }] }),
            None,
        ));
    }
    events.push(chunk(json!({}), Some("tool_calls")));
    events.push(
        json!({"choices": [], "usage": {"prompt_tokens": 200, "completion_tokens": 50}})
            .to_string(),
    );
    events.push("[DONE]".into());
    Script::Stream {
        events,
        delay: Duration::ZERO,
    }
}

/// The first pieces of an answer, then the connection breaks.
pub fn cut(pieces: &[&str]) -> Script {
    Script::Cut(
        pieces
            .iter()
            .map(|p| chunk(json!({ "content": p }), None))
            .collect(),
    )
}

/// A slow answer: one piece per `delay`.
pub fn slow_text(pieces: &[&str], delay: Duration) -> Script {
    let Script::Stream { events, .. } = text(pieces) else {
        unreachable!()
    };
    Script::Stream { events, delay }
}

/// llama.cpp's server answering `text` as a whole (`content`, with llama.cpp's `null`s),
/// after refusing to stream with tools.
pub fn llama_cpp_text(text: &str, refusal: Refusal) -> Script {
    Script::LlamaCpp {
        refusal,
        message: json!({ "role": "assistant", "content": text, "function_call": null,
                         "tool_calls": null }),
    }
}

/// llama.cpp's server answering one tool call as a whole, after refusing to stream.
pub fn llama_cpp_tool_call(id: &str, name: &str, args: &str, refusal: Refusal) -> Script {
    Script::LlamaCpp {
        refusal,
        message: json!({ "role": "assistant", "content": null,
            "function_call": { "name": name, "arguments": args },
            "tool_calls": [{ "id": id, "type": "function",
                             "function": { "name": name, "arguments": args } }] }),
    }
}
