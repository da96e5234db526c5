//! OpenAI-compatible chat completions with streaming (SSE) and tool calls: OpenAI, Ollama,
//! vLLM, llama.cpp server, OpenRouter… all speak this wire format.
//!
//! Some servers can't stream while tools are offered: llama.cpp's server (llama-cpp-python)
//! with the `chatml-function-calling` format refuses `stream: true` with `tool_choice: "auto"`
//! ("Automatic streaming tool choice is not supported"), either as an error status or as a
//! stream that closes without a single chunk. Such a step is asked again once with
//! `stream: false` and its whole answer delivered at once; the endpoint is remembered for the
//! life of the process, so later steps with tools go straight to the non-streaming request.
use std::collections::{BTreeMap, HashSet};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use async_trait::async_trait;
use futures::StreamExt;
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::sync::mpsc;

use super::provider::{
    ChatMessage, ChatRole, Provider, ProviderError, ProviderRequest, StepOutput, ToolCall,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenAiSettings {
    pub base_url: String,
    pub api_key: Option<String>,
    pub model: String,
    pub connect_timeout: Duration,
    /// Longest wait for the next bytes of an answer (also for the first).
    pub read_timeout: Duration,
    /// Extra attempts after a 429, 5xx or network failure, made only before any text streamed.
    pub retries: u32,
    pub backoff: Duration,
}

pub struct OpenAiProvider {
    client: reqwest::Client,
    url: String,
    settings: OpenAiSettings,
}

impl OpenAiProvider {
    pub fn new(settings: OpenAiSettings) -> Result<Self, ProviderError> {
        let client = reqwest::Client::builder()
            .connect_timeout(settings.connect_timeout)
            .build()
            .map_err(|e| ProviderError::Connect(e.to_string()))?;
        Ok(Self {
            client,
            url: format!(
                "{}/chat/completions",
                settings.base_url.trim_end_matches('/')
            ),
            settings,
        })
    }

    fn body(&self, req: &ProviderRequest, stream: bool) -> Value {
        let messages: Vec<Value> = req.messages.iter().map(wire_message).collect();
        let mut body = json!({
            "model": self.settings.model,
            "messages": messages,
            "stream": stream,
        });
        if stream {
            body["stream_options"] = json!({ "include_usage": true });
        }
        if !req.tools.is_empty() {
            body["tools"] = req
                .tools
                .iter()
                .map(|t| {
                    json!({ "type": "function", "function": {
                        "name": t.name, "description": t.description, "parameters": t.parameters,
                    }})
                })
                .collect();
            body["tool_choice"] = json!("auto");
        }
        if let Some(max) = req.max_tokens {
            body["max_tokens"] = json!(max);
        }
        body
    }

    /// Sends the request, retrying transient failures with exponential backoff.
    async fn open(&self, body: &Value) -> Result<reqwest::Response, ProviderError> {
        let mut attempt = 0;
        loop {
            let result = self.open_once(body).await;
            match result {
                Err(e)
                    if e.is_transient()
                        && !refuses_streaming(&e)
                        && attempt < self.settings.retries =>
                {
                    let wait = self.settings.backoff * 2u32.pow(attempt);
                    tracing::warn!(error = %e, attempt, ?wait, "model request failed, retrying");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    async fn open_once(&self, body: &Value) -> Result<reqwest::Response, ProviderError> {
        let mut req = self.client.post(&self.url).json(body);
        if let Some(key) = &self.settings.api_key {
            req = req.bearer_auth(key);
        }
        let res = tokio::time::timeout(self.settings.read_timeout, req.send())
            .await
            .map_err(|_| ProviderError::Timeout)?
            .map_err(|e| {
                if e.is_timeout() {
                    ProviderError::Timeout
                } else {
                    ProviderError::Connect(e.to_string())
                }
            })?;
        let status = res.status().as_u16();
        if status == 429 {
            return Err(ProviderError::RateLimited);
        }
        if !(200..300).contains(&status) {
            let body = res.text().await.unwrap_or_default();
            return Err(ProviderError::Status {
                status,
                body: body.chars().take(300).collect(),
            });
        }
        Ok(res)
    }
}

#[async_trait]
impl Provider for OpenAiProvider {
    fn name(&self) -> &str {
        "openai-compatible"
    }

    fn model(&self) -> &str {
        &self.settings.model
    }

    async fn step(
        &self,
        request: &ProviderRequest,
        deltas: &mpsc::UnboundedSender<String>,
    ) -> Result<StepOutput, ProviderError> {
        let tools = !request.tools.is_empty();
        if tools && streams_refused(&self.url) {
            return self.step_whole(request, deltas).await;
        }
        match self.step_streaming(request, deltas).await? {
            Streamed::Done(out) => Ok(out),
            Streamed::Refused(e) if tools => {
                tracing::warn!(
                    url = %self.url,
                    error = %e,
                    "the model server does not stream when tools are offered: asking again \
                     without streaming, and from now on for this server"
                );
                remember_streams_refused(&self.url);
                self.step_whole(request, deltas).await
            }
            Streamed::Refused(e) => Err(e),
        }
    }
}

/// How a streaming request ended.
enum Streamed {
    Done(StepOutput),
    /// The server refused to stream (an error saying so, or a stream that closed before its
    /// first chunk); nothing reached the climber.
    Refused(ProviderError),
}

/// Chat-completions URLs that refused to stream with tools, for the life of the process.
fn refusing_endpoints() -> &'static Mutex<HashSet<String>> {
    static ENDPOINTS: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
    ENDPOINTS.get_or_init(Default::default)
}

fn streams_refused(url: &str) -> bool {
    refusing_endpoints()
        .lock()
        .is_ok_and(|set| set.contains(url))
}

fn remember_streams_refused(url: &str) {
    if let Ok(mut set) = refusing_endpoints().lock() {
        set.insert(url.to_string());
    }
}

/// An error status whose body says streaming is not supported (llama-cpp-python: 500
/// `{"error": {"message": "Automatic streaming tool choice is not supported", "type":
/// "internal_server_error", ...}}`).
fn refuses_streaming(e: &ProviderError) -> bool {
    let ProviderError::Status { status, body } = e else {
        return false;
    };
    let body = body.to_lowercase();
    (400..600).contains(status)
        && body.contains("stream")
        && [
            "not supported",
            "unsupported",
            "not implemented",
            "does not support",
        ]
        .iter()
        .any(|s| body.contains(s))
}

impl OpenAiProvider {
    async fn step_streaming(
        &self,
        request: &ProviderRequest,
        deltas: &mpsc::UnboundedSender<String>,
    ) -> Result<Streamed, ProviderError> {
        let res = match self.open(&self.body(request, true)).await {
            Ok(res) => res,
            Err(e) if refuses_streaming(&e) => return Ok(Streamed::Refused(e)),
            Err(e) => return Err(e),
        };
        let mut body = res.bytes_stream();
        let mut sse = SseDecoder::default();
        let mut acc = StepAccumulator::default();
        let mut chunks = 0usize;
        let empty = || {
            Ok(Streamed::Refused(ProviderError::Interrupted(
                "the stream ended before its first chunk".into(),
            )))
        };
        loop {
            let chunk = tokio::time::timeout(self.settings.read_timeout, body.next())
                .await
                .map_err(|_| ProviderError::Timeout)?;
            let Some(chunk) = chunk else {
                if chunks == 0 {
                    return empty();
                }
                return acc.finish_without_done().map(Streamed::Done);
            };
            let chunk = chunk.map_err(|e| ProviderError::Interrupted(e.to_string()))?;
            for data in sse.push(&chunk) {
                if data == "[DONE]" {
                    if chunks == 0 {
                        return empty();
                    }
                    return acc.finish().map(Streamed::Done);
                }
                chunks += 1;
                let event: StreamChunk = serde_json::from_str(&data).map_err(|e| {
                    ProviderError::Protocol(format!("bad stream chunk ({e}): {data:.200}"))
                })?;
                if let Some(text) = acc.apply(event)? {
                    let _ = deltas.send(text);
                }
            }
        }
    }

    /// The step asked with `stream: false`; the whole text is delivered as one delta.
    async fn step_whole(
        &self,
        request: &ProviderRequest,
        deltas: &mpsc::UnboundedSender<String>,
    ) -> Result<StepOutput, ProviderError> {
        let res = self.open(&self.body(request, false)).await?;
        let bytes = tokio::time::timeout(self.settings.read_timeout, res.bytes())
            .await
            .map_err(|_| ProviderError::Timeout)?
            .map_err(|e| ProviderError::Interrupted(e.to_string()))?;
        let out = whole_answer(&bytes)?;
        if !out.text.is_empty() {
            let _ = deltas.send(out.text.clone());
        }
        Ok(out)
    }
}

/// A non-streaming `chat.completion` read through the same accumulator as a stream: its
/// message becomes one delta.
fn whole_answer(bytes: &[u8]) -> Result<StepOutput, ProviderError> {
    let c: Completion = serde_json::from_slice(bytes).map_err(|e| {
        ProviderError::Protocol(format!(
            "bad answer ({e}): {:.200}",
            String::from_utf8_lossy(bytes)
        ))
    })?;
    let mut acc = StepAccumulator::default();
    let choices = c
        .choices
        .into_iter()
        .map(|choice| Choice {
            delta: Delta {
                content: choice.message.content,
                tool_calls: choice
                    .message
                    .tool_calls
                    .into_iter()
                    .enumerate()
                    .map(|(i, call)| ToolCallDelta {
                        index: Some(i),
                        id: call.id,
                        function: Some(FunctionDelta {
                            name: Some(call.function.name),
                            arguments: Some(match call.function.arguments {
                                Value::String(s) => s,
                                Value::Null => String::new(),
                                other => other.to_string(),
                            }),
                        }),
                    })
                    .collect(),
            },
            finish_reason: choice.finish_reason,
        })
        .collect();
    acc.apply(StreamChunk {
        choices,
        usage: c.usage,
        error: c.error,
    })?;
    acc.finish()
}

/// `POST /chat/completions` with `stream: false`.
#[derive(Deserialize)]
struct Completion {
    #[serde(default, deserialize_with = "null_as_default")]
    choices: Vec<WholeChoice>,
    #[serde(default)]
    usage: Option<Usage>,
    #[serde(default)]
    error: Option<Value>,
}

#[derive(Deserialize)]
struct WholeChoice {
    #[serde(default, deserialize_with = "null_as_default")]
    message: WholeMessage,
    #[serde(default)]
    finish_reason: Option<String>,
}

#[derive(Default, Deserialize)]
struct WholeMessage {
    #[serde(default)]
    content: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    tool_calls: Vec<WholeToolCall>,
}

#[derive(Deserialize)]
struct WholeToolCall {
    #[serde(default)]
    id: Option<String>,
    function: WholeFunction,
}

#[derive(Deserialize)]
struct WholeFunction {
    name: String,
    /// A JSON string by the spec; some servers send the object itself.
    #[serde(default)]
    arguments: Value,
}

fn wire_message(m: &ChatMessage) -> Value {
    let role = match m.role {
        ChatRole::System => "system",
        ChatRole::User => "user",
        ChatRole::Assistant => "assistant",
        ChatRole::Tool => "tool",
    };
    let mut v = json!({ "role": role, "content": m.content });
    if !m.tool_calls.is_empty() {
        v["tool_calls"] = m
            .tool_calls
            .iter()
            .map(|c| {
                json!({ "id": c.id, "type": "function",
                        "function": { "name": c.name, "arguments": c.arguments } })
            })
            .collect();
    }
    if let Some(id) = &m.tool_call_id {
        v["tool_call_id"] = json!(id);
    }
    v
}

/// Splits a byte stream into SSE `data:` payloads (one per event), across chunk boundaries.
#[derive(Default)]
pub struct SseDecoder {
    buf: Vec<u8>,
    data: Vec<String>,
}

impl SseDecoder {
    pub fn push(&mut self, bytes: &[u8]) -> Vec<String> {
        self.buf.extend_from_slice(bytes);
        let mut events = Vec::new();
        while let Some(pos) = self.buf.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.buf.drain(..=pos).collect();
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches(['\n', '\r']);
            if line.is_empty() {
                if !self.data.is_empty() {
                    events.push(self.data.join("\n"));
                    self.data.clear();
                }
            } else if let Some(rest) = line.strip_prefix("data:") {
                let payload = rest.strip_prefix(' ').unwrap_or(rest).to_string();
                // Some servers omit the blank line after `[DONE]`.
                if payload == "[DONE]" && self.data.is_empty() {
                    events.push(payload);
                } else {
                    self.data.push(payload);
                }
            }
            // Comments (`:`), `event:`, `id:` and `retry:` lines carry nothing we use.
        }
        events
    }
}

/// `null` read as the default: llama.cpp's server (llama-cpp-python) sends
/// `"tool_calls": null` and `"delta": {...}` fields as `null` rather than leaving them out.
fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

#[derive(Deserialize)]
struct StreamChunk {
    #[serde(default, deserialize_with = "null_as_default")]
    choices: Vec<Choice>,
    #[serde(default)]
    usage: Option<Usage>,
    #[serde(default)]
    error: Option<Value>,
}

#[derive(Deserialize)]
struct Choice {
    #[serde(default, deserialize_with = "null_as_default")]
    delta: Delta,
    #[serde(default)]
    finish_reason: Option<String>,
}

#[derive(Default, Deserialize)]
struct Delta {
    #[serde(default)]
    content: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    tool_calls: Vec<ToolCallDelta>,
}

#[derive(Deserialize)]
struct ToolCallDelta {
    /// Missing on some OpenAI-compatible servers: see [`StepAccumulator::slot`].
    #[serde(default)]
    index: Option<usize>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    function: Option<FunctionDelta>,
}

#[derive(Deserialize)]
struct FunctionDelta {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    arguments: Option<String>,
}

#[derive(Deserialize)]
struct Usage {
    #[serde(default)]
    prompt_tokens: Option<u32>,
    #[serde(default)]
    completion_tokens: Option<u32>,
}

/// Builds a step from stream chunks: text, tool calls assembled from their deltas, usage.
#[derive(Default)]
struct StepAccumulator {
    out: StepOutput,
    calls: BTreeMap<usize, ToolCall>,
    finished: bool,
}

impl StepAccumulator {
    /// Applies a chunk; returns new text to stream to the climber.
    fn apply(&mut self, chunk: StreamChunk) -> Result<Option<String>, ProviderError> {
        if let Some(err) = chunk.error {
            return Err(ProviderError::Protocol(format!("error in stream: {err}")));
        }
        if let Some(u) = chunk.usage {
            self.out.tokens_in = u.prompt_tokens.or(self.out.tokens_in);
            self.out.tokens_out = u.completion_tokens.or(self.out.tokens_out);
        }
        let mut text = String::new();
        for choice in chunk.choices {
            if let Some(t) = choice.delta.content {
                text.push_str(&t);
            }
            for d in choice.delta.tool_calls {
                let slot = self.slot(&d);
                let call = self.calls.entry(slot).or_insert_with(|| ToolCall {
                    id: String::new(),
                    name: String::new(),
                    arguments: String::new(),
                });
                if let Some(id) = d.id {
                    call.id = id;
                }
                if let Some(f) = d.function {
                    // OpenAI sends the name once; some servers repeat it in every delta.
                    if let Some(n) = f.name.filter(|n| *n != call.name) {
                        call.name.push_str(&n);
                    }
                    if let Some(a) = f.arguments {
                        call.arguments.push_str(&a);
                    }
                }
            }
            if choice.finish_reason.is_some() {
                self.finished = true;
            }
        }
        self.out.text.push_str(&text);
        Ok((!text.is_empty()).then_some(text))
    }

    /// Which call a delta belongs to: its `index` when the server sends one; otherwise a
    /// delta with a new `id` starts the next call and one without an id continues the last.
    fn slot(&self, d: &ToolCallDelta) -> usize {
        if let Some(i) = d.index {
            return i;
        }
        let last = self.calls.iter().next_back();
        match (last, d.id.as_deref()) {
            (None, _) => 0,
            (Some((&i, call)), Some(id)) if call.id != id => i + 1,
            (Some((&i, _)), _) => i,
        }
    }

    fn finish(mut self) -> Result<StepOutput, ProviderError> {
        for (i, mut call) in std::mem::take(&mut self.calls) {
            if call.id.is_empty() {
                call.id = format!("call_{i}");
            }
            self.out.tool_calls.push(call);
        }
        Ok(self.out)
    }

    /// The body ended without `[DONE]`: fine if the model said it had finished, otherwise the
    /// connection was cut mid-answer.
    fn finish_without_done(self) -> Result<StepOutput, ProviderError> {
        if self.finished {
            self.finish()
        } else {
            Err(ProviderError::Interrupted(
                "the stream ended before the model finished".into(),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sse_events_survive_any_chunking() {
        let stream = b"data: {\"a\":1}\n\n: keep-alive\n\ndata: {\"b\":\"\xc3\xa9\"}\r\n\r\ndata: [DONE]\n\n";
        for split in 1..stream.len() {
            let mut d = SseDecoder::default();
            let mut got = d.push(&stream[..split]);
            got.extend(d.push(&stream[split..]));
            assert_eq!(
                got,
                vec!["{\"a\":1}", "{\"b\":\"é\"}", "[DONE]"],
                "split {split}"
            );
        }
    }

    /// Chunks as llama.cpp's server (llama-cpp-python 0.3.36, chatml-function-calling) streams
    /// a forced tool call: `null` for absent fields, the legacy `function_call` beside
    /// `tool_calls`, and the call's id and name repeated in every delta.
    #[test]
    fn llama_cpp_nulls_and_repeated_deltas_make_one_call() {
        let mut acc = StepAccumulator::default();
        let chunks = [
            r#"{"id":"c","object":"chat.completion.chunk","model":"smollm2","choices":[{"index":0,"finish_reason":null,"logprobs":null,"delta":{"role":"assistant","content":null,"function_call":null,"tool_calls":null}}]}"#,
            r#"{"id":"c","object":"chat.completion.chunk","model":"smollm2","choices":[{"index":0,"finish_reason":null,"logprobs":null,"delta":{"role":null,"content":null,"function_call":{"name":"remember","arguments":"{"},"tool_calls":[{"index":0,"id":"call__0_remember_c","type":"function","function":{"name":"remember","arguments":"{"}}]}}]}"#,
            r#"{"id":"c","object":"chat.completion.chunk","model":"smollm2","choices":[{"index":0,"finish_reason":null,"logprobs":null,"delta":{"role":null,"content":null,"function_call":{"name":"remember","arguments":"\"section\": \"equipment\", \"note\": \"hangboard\"}"},"tool_calls":[{"index":0,"id":"call__0_remember_c","type":"function","function":{"name":"remember","arguments":"\"section\": \"equipment\", \"note\": \"hangboard\"}"}}]}}]}"#,
            r#"{"id":"c","object":"chat.completion.chunk","model":"smollm2","choices":[{"index":0,"finish_reason":"tool_calls","logprobs":null,"delta":{"role":null,"content":null,"function_call":null,"tool_calls":null}}]}"#,
        ];
        for c in chunks {
            acc.apply(serde_json::from_str(c).unwrap()).unwrap();
        }
        let out = acc.finish().unwrap();
        assert_eq!(out.tool_calls.len(), 1);
        assert_eq!(out.tool_calls[0].name, "remember");
        assert_eq!(out.tool_calls[0].id, "call__0_remember_c");
        assert_eq!(
            out.tool_calls[0].arguments,
            r#"{"section": "equipment", "note": "hangboard"}"#
        );
    }

    #[test]
    fn tool_calls_without_index_are_told_apart_by_id() {
        let mut acc = StepAccumulator::default();
        let chunks = [
            r#"{"choices":[{"delta":{"tool_calls":[{"id":"a","function":{"name":"get_profile","arguments":"{"}},{"id":"b","function":{"name":"remember","arguments":"{\"section\""}}]}}]}"#,
            r#"{"choices":[{"delta":{"tool_calls":[{"function":{"name":"remember","arguments":":\"Goals\"}"}}]}}]}"#,
            r#"{"choices":[{"delta":{},"finish_reason":"tool_calls"}]}"#,
        ];
        for c in chunks {
            acc.apply(serde_json::from_str(c).unwrap()).unwrap();
        }
        let out = acc.finish().unwrap();
        let calls: Vec<(&str, &str, &str)> = out
            .tool_calls
            .iter()
            .map(|c| (c.id.as_str(), c.name.as_str(), c.arguments.as_str()))
            .collect();
        assert_eq!(
            calls,
            vec![
                ("a", "get_profile", "{"),
                ("b", "remember", "{\"section\":\"Goals\"}")
            ]
        );
    }

    #[test]
    fn tool_call_deltas_are_assembled_by_index() {
        let mut acc = StepAccumulator::default();
        let chunks = [
            r#"{"choices":[{"delta":{"tool_calls":[{"index":0,"id":"c1","function":{"name":"upd","arguments":"{\"a\""}}]}}]}"#,
            r#"{"choices":[{"delta":{"tool_calls":[{"index":1,"id":"c2","function":{"name":"get","arguments":"{}"}}]}}]}"#,
            r#"{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":":1}"}}]}}]}"#,
            r#"{"choices":[{"delta":{},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":10,"completion_tokens":4}}"#,
        ];
        for c in chunks {
            acc.apply(serde_json::from_str(c).unwrap()).unwrap();
        }
        let out = acc.finish_without_done().unwrap();
        assert_eq!(
            out.tool_calls,
            vec![
                ToolCall {
                    id: "c1".into(),
                    name: "upd".into(),
                    arguments: "{\"a\":1}".into()
                },
                ToolCall {
                    id: "c2".into(),
                    name: "get".into(),
                    arguments: "{}".into()
                },
            ]
        );
        assert_eq!((out.tokens_in, out.tokens_out), (Some(10), Some(4)));
    }

    /// A non-streaming answer as llama.cpp's server sends it (`null` fields, the legacy
    /// `function_call` beside `tool_calls`).
    #[test]
    fn a_whole_answer_reads_like_a_stream() {
        let out = whole_answer(
            br#"{"id":"c","object":"chat.completion","model":"smollm2","choices":[{"index":0,"logprobs":null,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,"function_call":{"name":"remember","arguments":"{}"},"tool_calls":[{"id":"call__0_remember_c","type":"function","function":{"name":"remember","arguments":"{\"section\": \"goals\"}"}}]}}],"usage":{"prompt_tokens":50,"completion_tokens":9,"total_tokens":59}}"#,
        )
        .unwrap();
        assert_eq!(out.text, "");
        assert_eq!(
            out.tool_calls,
            vec![ToolCall {
                id: "call__0_remember_c".into(),
                name: "remember".into(),
                arguments: r#"{"section": "goals"}"#.into(),
            }]
        );
        assert_eq!((out.tokens_in, out.tokens_out), (Some(50), Some(9)));
        let out = whole_answer(
            br#"{"choices":[{"message":{"role":"assistant","content":"Rest today."},"finish_reason":"stop"}]}"#,
        )
        .unwrap();
        assert_eq!(out.text, "Rest today.");
        assert!(whole_answer(b"not json").is_err());
    }

    #[test]
    fn only_a_refusal_to_stream_is_one() {
        let status = |status: u16, body: &str| ProviderError::Status {
            status,
            body: body.into(),
        };
        assert!(refuses_streaming(&status(
            500,
            r#"{"error":{"message":"Automatic streaming tool choice is not supported","type":"internal_server_error","param":null,"code":null}}"#
        )));
        assert!(refuses_streaming(&status(
            400,
            "streaming is unsupported with tools"
        )));
        assert!(!refuses_streaming(&status(500, "out of memory")));
        assert!(!refuses_streaming(&status(503, "tool not supported")));
        assert!(!refuses_streaming(&ProviderError::Timeout));
    }

    #[test]
    fn a_stream_cut_before_finish_is_an_error() {
        let mut acc = StepAccumulator::default();
        acc.apply(serde_json::from_str(r#"{"choices":[{"delta":{"content":"Hal"}}]}"#).unwrap())
            .unwrap();
        assert!(matches!(
            acc.finish_without_done(),
            Err(ProviderError::Interrupted(_))
        ));
    }
}
