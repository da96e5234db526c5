//! One coach turn, from the climber's message to the stored answer.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde_json::json;
use tokio::sync::{mpsc, Notify};
use tracing::Instrument;

use super::prompt;
use super::provider::{ChatMessage, ChatRole, Provider, ProviderError, ProviderRequest};
use super::tools::{ToolContext, ToolRegistry};
use crate::domain::chat::{ChatEvent, ToolCard};
use crate::domain::memory::{Message, Part, Role};
use crate::server::clock::Clock;
use crate::server::memory::{MemoryError, MemoryStore, NewMessage};
use crate::server::services::assessment::AssessmentService;
use crate::server::services::journal::JournalService;
use crate::server::services::onboarding::OnboardingService;
use crate::server::services::profile::ProfileService;
use crate::server::services::program::ProgramService;
use crate::server::stores::{RunLogStore, RunRecord, RunStatus, ToolOutcome};

/// What the thread keeps of a tool result that isn't the climber's own data.
const NOT_KEPT: &str = "This result was shown for that turn only and is not kept: \
    call the tool again to see what the athlete shares now.";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentSettings {
    /// Provider calls per turn (`AGENT_MAX_STEPS`).
    pub max_steps: u32,
    /// Output tokens per turn across all steps (`AGENT_TOKEN_BUDGET`).
    pub token_budget: u32,
    /// Recent messages of the thread the model sees.
    pub history: u32,
    /// Older messages recalled from other threads.
    pub recall: u32,
    /// Estimated input tokens per model call (`AGENT_INPUT_TOKEN_BUDGET`): working memory,
    /// recalled messages and history are trimmed to fit, newest history kept.
    pub input_token_budget: u32,
}

impl Default for AgentSettings {
    fn default() -> Self {
        Self {
            max_steps: 6,
            token_budget: 4000,
            history: 30,
            recall: 3,
            input_token_budget: 16_000,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    #[error(transparent)]
    Memory(#[from] MemoryError),
    /// Another turn of this thread is still running.
    #[error("The coach is still answering in this conversation. Wait for it or press stop.")]
    Busy,
    /// Retry asked for, but the last message is not the climber's.
    #[error("There is no unanswered message to retry.")]
    NothingToRetry,
}

pub enum TurnInput {
    /// A new message from the climber.
    Message(String),
    /// Answer the climber's last message again (after an error).
    Retry,
}

/// A turn that has been accepted: the thread is locked and the climber's message is stored.
pub struct Turn {
    user_id: String,
    thread_id: String,
    user_message: Option<Message>,
    query: String,
    stop: Arc<Notify>,
    _active: ActiveGuard,
}

impl Turn {
    pub fn thread_id(&self) -> &str {
        &self.thread_id
    }

    /// Frees the conversation: this process's lock first, then the shared one (awaited, so
    /// the climber's next message, on any instance, finds it free).
    async fn release(mut self) {
        let shared = self._active.shared.take();
        drop(self);
        if let Some(lock) = shared {
            lock.release().await;
        }
    }
}

/// Running turns by thread, so a thread runs one turn at a time and stop can find it.
type ActiveTurns = Arc<Mutex<HashMap<String, (String, Arc<Notify>)>>>;

struct ActiveGuard {
    active: ActiveTurns,
    thread_id: String,
    /// With `REDIS_URL`: the lock that keeps other instances from running a turn here too.
    shared: Option<crate::server::shared::SharedLock>,
}

impl Drop for ActiveGuard {
    fn drop(&mut self) {
        self.active
            .lock()
            .expect("active turns")
            .remove(&self.thread_id);
    }
}

pub struct Agent {
    provider: Arc<dyn Provider>,
    tools: Arc<ToolRegistry>,
    memory: Arc<dyn MemoryStore>,
    profiles: Arc<ProfileService>,
    journal: Arc<JournalService>,
    assessments: Arc<AssessmentService>,
    programs: Arc<ProgramService>,
    onboarding: Arc<OnboardingService>,
    teams: Arc<crate::server::services::team::TeamService>,
    runs: Arc<dyn RunLogStore>,
    clock: Arc<dyn Clock>,
    settings: AgentSettings,
    active: ActiveTurns,
    /// With `REDIS_URL`: one turn per conversation across every instance.
    shared_locks: Option<crate::server::shared::Redis>,
}

/// The services a turn reads and its tools act on.
pub struct AgentServices {
    pub memory: Arc<dyn MemoryStore>,
    pub profiles: Arc<ProfileService>,
    pub journal: Arc<JournalService>,
    pub assessments: Arc<AssessmentService>,
    pub programs: Arc<ProgramService>,
    pub onboarding: Arc<OnboardingService>,
    pub teams: Arc<crate::server::services::team::TeamService>,
    pub runs: Arc<dyn RunLogStore>,
    pub clock: Arc<dyn Clock>,
}

impl Agent {
    pub fn new(
        provider: Arc<dyn Provider>,
        tools: ToolRegistry,
        services: AgentServices,
        settings: AgentSettings,
    ) -> Self {
        let AgentServices {
            memory,
            profiles,
            journal,
            assessments,
            programs,
            onboarding,
            teams,
            runs,
            clock,
        } = services;
        Self {
            provider,
            tools: Arc::new(tools),
            memory,
            profiles,
            journal,
            assessments,
            programs,
            onboarding,
            teams,
            runs,
            clock,
            settings,
            active: Arc::default(),
            shared_locks: None,
        }
    }

    /// One turn per conversation across every instance sharing this Redis (on top of this
    /// process's own lock). If Redis doesn't answer, the process's lock alone holds.
    pub fn with_shared_locks(mut self, redis: crate::server::shared::Redis) -> Self {
        self.shared_locks = Some(redis);
        self
    }

    /// "offline coach" or the configured model, for the chat page.
    pub fn describe(&self) -> String {
        match self.provider.name() {
            super::offline::NAME => super::offline::NAME.to_string(),
            _ => self.provider.model().to_string(),
        }
    }

    /// Accepts a turn: locks the thread and stores the climber's message. Fails before
    /// anything streams (unknown thread, bad message, a turn already running).
    pub async fn begin(
        &self,
        user_id: &str,
        thread_id: &str,
        input: TurnInput,
    ) -> Result<Turn, AgentError> {
        // Foreign and unknown threads fail here, before the lock can be probed.
        self.memory.get_thread(user_id, thread_id).await?;
        let stop = Arc::new(Notify::new());
        {
            let mut active = self.active.lock().expect("active turns");
            if active.contains_key(thread_id) {
                return Err(AgentError::Busy);
            }
            active.insert(thread_id.to_string(), (user_id.to_string(), stop.clone()));
        }
        let mut guard = ActiveGuard {
            active: self.active.clone(),
            thread_id: thread_id.to_string(),
            shared: None,
        };
        if let Some(redis) = &self.shared_locks {
            match redis.lock(&format!("turn:{thread_id}")).await {
                Ok(Some(lock)) => guard.shared = Some(lock),
                // Another instance runs a turn here (dropping the guard frees ours).
                Ok(None) => return Err(AgentError::Busy),
                Err(e) => {
                    tracing::warn!(error = %e, "turn lock: Redis unavailable; this instance's lock only")
                }
            }
        }
        let (user_message, query) = match input {
            TurnInput::Message(text) => {
                let mut stored = self
                    .memory
                    .append(user_id, thread_id, &[NewMessage::text(Role::User, text)])
                    .await?;
                let m = stored
                    .pop()
                    .ok_or_else(|| MemoryError::Corrupt("append returned no message".into()))?;
                let q = m.text();
                (Some(m), q)
            }
            TurnInput::Retry => {
                // A turn that failed after some tools ran has left their calls and results
                // behind the climber's message; the retry carries on from them.
                let recent = self.memory.last_messages(user_id, thread_id, 40).await?;
                match unanswered(&recent) {
                    Some(m) => (None, m.text()),
                    None => return Err(AgentError::NothingToRetry),
                }
            }
        };
        Ok(Turn {
            user_id: user_id.to_string(),
            thread_id: thread_id.to_string(),
            user_message,
            query,
            stop,
            _active: guard,
        })
    }

    /// Asks the running turn of this climber's thread to stop. False when none runs.
    pub fn stop(&self, user_id: &str, thread_id: &str) -> bool {
        let active = self.active.lock().expect("active turns");
        match active.get(thread_id) {
            Some((owner, stop)) if owner == user_id => {
                stop.notify_one();
                true
            }
            _ => false,
        }
    }

    /// Runs the turn, sending events as they happen. Ends with `Done`, `Error` or `Stopped`.
    /// If this future is dropped (the climber left), the run is logged as cancelled.
    pub async fn run(&self, turn: Turn, events: mpsc::UnboundedSender<ChatEvent>) {
        if let Some(m) = &turn.user_message {
            let _ = events.send(ChatEvent::User { message: m.into() });
        }
        let mut log = RunLog::new(self, &turn);
        let stop = turn.stop.clone();
        let outcome = tokio::select! {
            outcome = self.steps(&turn, &events, &mut log.record) => Some(outcome),
            _ = stop.notified() => None,
        };
        let (status, error) = outcome.unwrap_or_else(|| {
            let _ = events.send(ChatEvent::Stopped);
            (RunStatus::Cancelled, Some("stopped by the climber".into()))
        });
        log.finish(status, error).await;
        turn.release().await;
    }

    /// Runs the turn on its own task and returns its events as stream lines
    /// (`ChatEvent::to_line`). Dropping the stream (the climber left) aborts the task, which
    /// drops the upstream model request.
    pub fn event_lines(
        self: Arc<Self>,
        turn: Turn,
    ) -> impl futures::Stream<Item = String> + Send + 'static {
        let (tx, rx) = mpsc::unbounded_channel();
        // The turn's spans hang under the request's (OpenTelemetry), though it runs apart.
        let span = tracing::debug_span!("agent.turn", thread = %turn.thread_id);
        let task = AbortOnDrop(tokio::spawn(
            async move { self.run(turn, tx).await }.instrument(span),
        ));
        let open = crate::server::ops::metrics::LiveStream::open("chat");
        futures::stream::unfold((rx, task, open), |(mut rx, task, open)| async move {
            let event = rx.recv().await?;
            Some((event.to_line(), (rx, task, open)))
        })
    }

    async fn steps(
        &self,
        turn: &Turn,
        events: &mpsc::UnboundedSender<ChatEvent>,
        record: &mut RunRecord,
    ) -> (RunStatus, Option<String>) {
        match self.steps_inner(turn, events, record).await {
            Ok(status) => (status, None),
            Err(TurnFailure {
                user_message,
                detail,
            }) => {
                tracing::warn!(thread = %turn.thread_id, error = %detail, "coach turn failed");
                let _ = events.send(ChatEvent::Error {
                    message: user_message,
                });
                (RunStatus::Error, Some(detail))
            }
        }
    }

    async fn steps_inner(
        &self,
        turn: &Turn,
        events: &mpsc::UnboundedSender<ChatEvent>,
        record: &mut RunRecord,
    ) -> Result<RunStatus, TurnFailure> {
        let (user, thread) = (turn.user_id.as_str(), turn.thread_id.as_str());
        let working_memory = self
            .memory
            .working_memory(user)
            .await
            .map_err(TurnFailure::internal)?;
        let recalled = match self
            .memory
            .recall(user, &turn.query, self.settings.recall, Some(thread))
            .await
        {
            Ok(hits) => hits,
            Err(e) => {
                tracing::warn!(error = %e, "recall failed; answering without it");
                Vec::new()
            }
        };
        let history = self
            .memory
            .last_messages(user, thread, self.settings.history)
            .await
            .map_err(TurnFailure::internal)?;
        // Onboarding is a nudge, never a reason to fail the turn.
        let onboarding = self
            .onboarding
            .pending_question(user)
            .await
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e, "onboarding state unavailable");
                None
            });
        let fitted = prompt::fit_to_budget(
            self.settings.input_token_budget as usize,
            &working_memory,
            recalled,
            history,
        );
        let mut messages = vec![prompt::system_message(
            &self.clock.today().to_string(),
            &fitted.working_memory,
            &fitted.recalled,
            onboarding.as_ref().map(|(step, q)| (*step, q.as_str())),
        )];
        messages.extend(prompt::history_messages(&fitted.history));
        let prompt_tokens: usize = messages.iter().map(prompt::estimate_message).sum();
        tracing::info!(
            run = %record.id,
            prompt_tokens_estimate = prompt_tokens,
            history_dropped = fitted.history_dropped,
            recall_dropped = fitted.recall_dropped,
            working_memory_trimmed = fitted.working_memory_trimmed,
            "prompt assembled"
        );
        record.prompt = Some(crate::server::stores::PromptSize {
            tokens: prompt_tokens.min(u32::MAX as usize) as u32,
            history_kept: fitted.history.len() as u32,
            history_dropped: fitted.history_dropped as u32,
        });
        // One request, grown step by step with the assistant's calls and the tool results.
        let mut request = ProviderRequest {
            messages,
            tools: self.tools.specs().to_vec(),
            max_tokens: None,
        };
        let ctx = ToolContext {
            user_id: user.to_string(),
            thread_id: thread.to_string(),
            memory: self.memory.clone(),
            profiles: self.profiles.clone(),
            journal: self.journal.clone(),
            assessments: self.assessments.clone(),
            programs: self.programs.clone(),
            onboarding: self.onboarding.clone(),
            teams: self.teams.clone(),
        };
        let mut tokens_out_used = 0u32;
        for step in 1..=self.settings.max_steps {
            record.steps = step;
            let budget_left = self.settings.token_budget.saturating_sub(tokens_out_used);
            if budget_left == 0 {
                break;
            }
            request.max_tokens = Some(budget_left);
            let span = tracing::debug_span!("agent.step", step);
            let out = self
                .stream_step(&request, events)
                .instrument(span.clone())
                .await
                .map_err(TurnFailure::provider)?;
            if let Some(t) = out.tokens_in {
                record.tokens_in = Some(record.tokens_in.unwrap_or(0) + t);
            }
            if let Some(t) = out.tokens_out {
                record.tokens_out = Some(record.tokens_out.unwrap_or(0) + t);
                tokens_out_used += t;
            }
            if out.tool_calls.is_empty() {
                let text = if out.text.trim().is_empty() {
                    "Sorry, I don't have an answer to that. Could you put it another way?"
                        .to_string()
                } else {
                    out.text
                };
                let stored = self
                    .append(user, thread, NewMessage::text(Role::Assistant, text))
                    .instrument(span)
                    .await?;
                let _ = events.send(ChatEvent::Done {
                    message: (&stored).into(),
                });
                return Ok(RunStatus::Ok);
            }
            // The assistant's request for tools, then the results, both kept in the thread.
            let mut call_parts = Vec::new();
            if !out.text.trim().is_empty() {
                call_parts.push(Part::Text {
                    text: out.text.clone(),
                });
            }
            for c in &out.tool_calls {
                call_parts.push(Part::ToolCall {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    // Kept as sent; malformed JSON is stored as a string so nothing is lost.
                    arguments: serde_json::from_str(&c.arguments)
                        .unwrap_or_else(|_| serde_json::Value::String(c.arguments.clone())),
                });
            }
            self.append(
                user,
                thread,
                NewMessage {
                    role: Role::Assistant,
                    parts: call_parts,
                },
            )
            .instrument(span.clone())
            .await?;
            let mut assistant = ChatMessage::new(ChatRole::Assistant, out.text.clone());
            assistant.tool_calls = out.tool_calls.clone();
            request.messages.push(assistant);
            let mut result_parts = Vec::new();
            for call in &out.tool_calls {
                let label = self
                    .tools
                    .label_of(&call.name)
                    .unwrap_or("Using a tool")
                    .to_string();
                let _ = events.send(ChatEvent::ToolStarted { label });
                let tool_span = tracing::debug_span!(
                    parent: &span,
                    "tool.call",
                    tool = %call.name,
                    ok = tracing::field::Empty,
                    otel.status_code = tracing::field::Empty,
                );
                let exec = self
                    .tools
                    .execute(&ctx, call)
                    .instrument(tool_span.clone())
                    .await;
                tool_span.record("ok", exec.ok);
                if !exec.ok {
                    tool_span.record("otel.status_code", "ERROR");
                }
                record.tools.push(ToolOutcome {
                    name: call.name.clone(),
                    ok: exec.ok,
                });
                let _ = events.send(ChatEvent::Tool {
                    card: ToolCard {
                        name: call.name.clone(),
                        ok: exec.ok,
                        summary: exec.summary.clone(),
                        link: exec.link.clone(),
                    },
                });
                request.messages.push(ChatMessage::tool_result(
                    &call.id,
                    exec.for_model.to_string(),
                ));
                // An athlete's shared data is read for this turn only: the thread keeps the
                // card, so a later turn asks again and sees the sharing as it is then.
                let kept = if self.tools.keeps_output(&call.name) {
                    exec.for_model
                } else {
                    json!({ "ok": exec.ok, "note": NOT_KEPT })
                };
                result_parts.push(Part::ToolResult {
                    id: call.id.clone(),
                    name: call.name.clone(),
                    result: json!({ "summary": exec.summary, "link": exec.link, "output": kept }),
                    is_error: !exec.ok,
                });
            }
            self.append(
                user,
                thread,
                NewMessage {
                    role: Role::Tool,
                    parts: result_parts,
                },
            )
            .instrument(span)
            .await?;
        }
        let text = format!(
            "I couldn't finish that within {} steps, so I stopped here. The cards above show what I did. \
             Try asking again, perhaps one thing at a time.",
            self.settings.max_steps
        );
        let stored = self
            .append(user, thread, NewMessage::text(Role::Assistant, text))
            .await?;
        let _ = events.send(ChatEvent::Done {
            message: (&stored).into(),
        });
        Ok(RunStatus::MaxSteps)
    }

    /// Calls the provider and forwards its text to the climber as it arrives.
    async fn stream_step(
        &self,
        request: &ProviderRequest,
        events: &mpsc::UnboundedSender<ChatEvent>,
    ) -> Result<super::provider::StepOutput, ProviderError> {
        let (tx, mut rx) = mpsc::unbounded_channel::<String>();
        let span = tracing::debug_span!(
            "provider.call",
            provider = self.provider.name(),
            model = self.provider.model(),
            tokens_in = tracing::field::Empty,
            tokens_out = tracing::field::Empty,
            error = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
        );
        let step = self.provider.step(request, &tx).instrument(span.clone());
        tokio::pin!(step);
        let result = loop {
            tokio::select! {
                biased;
                Some(text) = rx.recv() => { let _ = events.send(ChatEvent::Token { text }); }
                result = &mut step => break result,
            }
        };
        while let Ok(text) = rx.try_recv() {
            let _ = events.send(ChatEvent::Token { text });
        }
        match &result {
            Ok(out) => {
                if let Some(t) = out.tokens_in {
                    span.record("tokens_in", t);
                }
                if let Some(t) = out.tokens_out {
                    span.record("tokens_out", t);
                }
            }
            Err(e) => {
                crate::server::ops::metrics::provider_error(self.provider.name(), e);
                span.record("error", tracing::field::display(e));
                span.record("otel.status_code", "ERROR");
            }
        }
        result
    }

    async fn append(
        &self,
        user: &str,
        thread: &str,
        m: NewMessage,
    ) -> Result<Message, TurnFailure> {
        self.memory
            .append(user, thread, &[m])
            .await
            .map_err(TurnFailure::internal)?
            .pop()
            .ok_or_else(|| TurnFailure::internal("append returned nothing"))
    }
}

/// Aborts a task when dropped.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

struct TurnFailure {
    user_message: String,
    detail: String,
}

impl TurnFailure {
    fn internal(e: impl std::fmt::Display) -> Self {
        Self {
            user_message: "Something went wrong on our side. Your message is saved; try again."
                .into(),
            detail: e.to_string(),
        }
    }

    fn provider(e: ProviderError) -> Self {
        let what = match &e {
            ProviderError::Connect(_) => "The coach can't reach its language model right now.",
            ProviderError::Timeout => "The coach's language model took too long to answer.",
            ProviderError::RateLimited => "The coach's language model is busy (too many requests).",
            ProviderError::Status { status, .. } if *status >= 500 => {
                "The coach's language model had an error."
            }
            ProviderError::Status { .. } => "The coach's language model refused the request.",
            ProviderError::Interrupted(_) => "The coach's answer was cut off.",
            ProviderError::Protocol(_) => {
                "The coach's language model sent an answer we couldn't read."
            }
        };
        Self {
            user_message: format!("{what} Your message is saved; press Retry to try again."),
            detail: e.to_string(),
        }
    }
}

/// Writes the run-log row when the turn ends, or as "cancelled" if the turn is dropped.
struct RunLog {
    runs: Arc<dyn RunLogStore>,
    started: Instant,
    record: RunRecord,
    written: bool,
}

impl RunLog {
    fn new(agent: &Agent, turn: &Turn) -> Self {
        Self {
            runs: agent.runs.clone(),
            started: Instant::now(),
            record: RunRecord {
                id: uuid::Uuid::new_v4().to_string(),
                user_id: turn.user_id.clone(),
                thread_id: turn.thread_id.clone(),
                provider: agent.provider.name().to_string(),
                model: agent.provider.model().to_string(),
                tools: Vec::new(),
                steps: 0,
                tokens_in: None,
                tokens_out: None,
                latency_ms: 0,
                status: RunStatus::Cancelled,
                error: None,
                created_at: agent.clock.now_ms(),
                prompt: None,
            },
            written: false,
        }
    }

    async fn finish(&mut self, status: RunStatus, error: Option<String>) {
        self.written = true;
        self.record.status = status;
        self.record.error = error;
        self.record.latency_ms = self.started.elapsed().as_millis() as u64;
        crate::server::ops::metrics::agent_turn(&self.record);
        if let Err(e) = self.runs.record(&self.record).await {
            tracing::error!(error = %e, "could not write the run log");
        }
    }
}

impl Drop for RunLog {
    /// The turn was dropped (the climber left): log it as cancelled, off this task.
    fn drop(&mut self) {
        if self.written {
            return;
        }
        let mut record = self.record.clone();
        record.status = RunStatus::Cancelled;
        record.error = Some("the climber left before the turn ended".into());
        record.latency_ms = self.started.elapsed().as_millis() as u64;
        crate::server::ops::metrics::agent_turn(&record);
        let runs = self.runs.clone();
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            handle.spawn(async move {
                if let Err(e) = runs.record(&record).await {
                    tracing::error!(error = %e, "could not write the run log");
                }
            });
        }
    }
}

/// The climber's last message when nothing answered it yet: only tool calls (an assistant
/// message without text) and tool results may follow it.
fn unanswered(recent: &[Message]) -> Option<&Message> {
    recent
        .iter()
        .rev()
        .find(|m| {
            !(m.role == Role::Tool || (m.role == Role::Assistant && m.text().trim().is_empty()))
        })
        .filter(|m| m.role == Role::User)
}
