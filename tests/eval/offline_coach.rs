//! # The offline coach's eval: a labelled corpus of how climbers talk (issue 17)
//!
//! **How to run it.** It is the test `offline_coach_corpus_eval` of the `agent_turns` test
//! binary, so `cargo test --features ssr` runs it; alone, with its report:
//! `cargo test --features ssr --test agent_turns offline_coach_corpus_eval -- --nocapture`.
//! `OFFLINE_EVAL_FILTER=grade` runs only the rows whose id or expected intent contains
//! `grade` (no threshold then); `OFFLINE_EVAL_VERBOSE=1` also prints every row's reply.
//! Each row of `tests/data/offline_coach_corpus.jsonl` is sent through the real chat
//! (`/api/chat/turn`, the real agent loop, tools and services on a temporary libSQL file,
//! no model configured, the test clock: today is **2027-01-15**, a Friday) by a climber who
//! just signed up (so onboarding is pending at step 1 unless the row's `before` messages
//! moved it on), in a conversation of its own. The report prints per-intent precision and
//! recall, the overall accuracy and every misread message with what was expected and what
//! happened. The test fails under [`THRESHOLD`].
//!
//! # A row
//! `{"id": "log-012", "text": "...", "intent": "log_session", "expect": {...},
//!   "before": ["..."], "earlier": ["..."]}`: `before` are earlier messages of the same
//! conversation (sent first, through the coach), `earlier` are messages of an older
//! conversation (for recall). Labels say what a good coach does, not what the code does.
//!
//! # What "got" is: the intent is read from what the turn did, in this order
//! 1. a journal entry was saved: `log_rest` if its kind is `rest`, else `log_session`;
//! 2. tools called for the message: `start_timer` → `timer`, `complete_session` →
//!    `session_done`, `onboarding_answer` → `onboarding_answer`;
//! 3. the assessment draft's tests changed (not bodyweight) → `test_result`;
//! 4. the profile's bodyweight changed → `profile`;
//! 5. `remember` in section injuries → `pain`;
//! 6. `remember` → `remember`; `query_journal` → `history`; `start_assessment` →
//!    `assessment`; `generate_program` → `program`; `get_next_session` → `next_session`;
//!    `search_conversations` → `recall`;
//! 7. a reply that starts with one of the offline coach's training-advice answers
//!    (`advice_words`) → `advice`;
//! 8. otherwise the reply's words, with the onboarding reminder (a step's question, any
//!    sentence naming "step N of M" or onboarding) taken out, in this order: "you told me" /
//!    "you said" / "you mentioned" → `recall`; physio / doctor → `pain`; "didn't catch that"
//!    / "can't answer" → `unknown`; the help list → `help`; ACWR / acute / chronic → `load`;
//!    two grade systems named (Font, V scale, YDS, French, UIAA, Ewbank) or "≈" /
//!    "equivalent" / "roughly" → `grade_convert`; a refusal ("isn't a", "not a valid",
//!    "can't be", "in the future", "negative", "impossible", ...) → `refuse`; a question for
//!    what is missing ("how long", "what kind", "which", ... with "?") → `ask_missing`; a
//!    greeting or thanks → `smalltalk`; else `other`.
//!
//! # Facts (`expect`), checked only when the intent matches
//! `minutes`, `kind`, `date` (ISO), `rpe`, `grades` (the sends, as a multiset of labels),
//! `pain` (bool) of the saved entry; `sleep`, `energy` (1-5) of a rest entry; `from`, `to`
//! (ISO, or a list of accepted dates), `kind`, `grade` of the `query_journal` call; `section`
//! of `remember`; `weight_kg` of the profile; `hang_added_kg`, `bodyweight_kg` of the draft;
//! `says`: every item must appear in the reply (case-insensitive; an item that is a list
//! means one of them); `nudge`: the reply also picks onboarding up again.
use std::collections::{BTreeMap, HashMap};

use axum::http::StatusCode;
use climbingpill::domain::chat::ChatEvent;
use climbingpill::domain::intent::{advice_words, Topic};
use climbingpill::domain::memory::{Message, Part, Role};
use climbingpill::domain::onboarding::Step;
use climbingpill::server::auth::rate_limit::Limit;
use climbingpill::server::auth::service::AuthLimits;
use futures::StreamExt;
use serde::Deserialize;
use serde_json::Value;

use crate::support::{form, TestApp};

/// The target: the test fails under 95 % (measured 98.9 % intent and facts after the
/// issue 17 fixes, 47.3 % before).
const THRESHOLD: f64 = 0.95;

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/offline_coach_corpus.jsonl"
);

/// Rows run at once (each its own climber); the libSQL file takes the writes in turn.
const PARALLEL: usize = 4;

#[derive(Debug, Deserialize)]
struct Row {
    id: String,
    text: String,
    intent: String,
    #[serde(default)]
    expect: serde_json::Map<String, Value>,
    #[serde(default)]
    before: Vec<String>,
    #[serde(default)]
    earlier: Vec<String>,
}

/// What one turn did.
#[derive(Debug, Default)]
struct Observed {
    reply: String,
    /// Tool calls of the last turn: (name, arguments, ok).
    calls: Vec<(String, Value, bool)>,
    entries: Vec<Value>,
    tests_changed: bool,
    draft_tests: Value,
    weight_before: Option<f64>,
    weight_after: Option<f64>,
    error: Option<String>,
}

struct Outcome {
    row: Row,
    got: String,
    fact_errors: Vec<String>,
    obs: Observed,
}

impl Outcome {
    fn ok(&self) -> bool {
        self.got == self.row.intent && self.fact_errors.is_empty()
    }
}

fn load_corpus() -> Vec<Row> {
    let text = std::fs::read_to_string(CORPUS).expect("the corpus file");
    let mut ids = std::collections::HashSet::new();
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with("//"))
        .map(|(i, l)| {
            let row: Row = serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("corpus line {}: {e}: {l}", i + 1));
            assert!(ids.insert(row.id.clone()), "duplicate id {}", row.id);
            assert!(
                INTENTS.contains(&row.intent.as_str()),
                "line {}: unknown intent {}",
                i + 1,
                row.intent
            );
            row
        })
        .collect()
}

const INTENTS: &[&str] = &[
    "log_session",
    "log_rest",
    "ask_missing",
    "refuse",
    "history",
    "load",
    "grade_convert",
    "pain",
    "profile",
    "test_result",
    "remember",
    "recall",
    "onboarding_answer",
    "smalltalk",
    "help",
    "assessment",
    "program",
    "next_session",
    "timer",
    "session_done",
    "advice",
    "unknown",
];

async fn user_id(app: &TestApp, email: &str) -> String {
    let conn = app.state.db.conn().await.unwrap();
    let mut rows = conn
        .query("SELECT id FROM accounts WHERE email = ?1", [email])
        .await
        .unwrap();
    rows.next().await.unwrap().unwrap().get(0).unwrap()
}

async fn new_thread(app: &TestApp, cookie: &str) -> String {
    let r = app.post("/api/chat/new", "", Some(cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v: Value = serde_json::from_str(&r.body).unwrap();
    v["id"].as_str().unwrap().to_string()
}

/// One turn; the final answer or the error the climber would see.
async fn say(app: &TestApp, cookie: &str, thread: &str, text: &str) -> Result<String, String> {
    let body = form(&[("thread_id", thread), ("text", text)]);
    let mut r = app.post("/api/chat/turn", &body, Some(cookie)).await;
    // The previous turn's lock is released just after its stream ends.
    for _ in 0..50 {
        if r.status != StatusCode::CONFLICT {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        r = app.post("/api/chat/turn", &body, Some(cookie)).await;
    }
    if r.status != StatusCode::OK {
        return Err(format!("HTTP {}: {}", r.status, r.body));
    }
    let events: Vec<ChatEvent> = r
        .body
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    match events.last() {
        Some(ChatEvent::Done { message }) => Ok(message.text.clone()),
        other => Err(format!("turn ended with {other:?}")),
    }
}

async fn entries(app: &TestApp, user: &str) -> Vec<Value> {
    app.state
        .journal
        .export(user)
        .await
        .unwrap()
        .into_iter()
        .map(|e| {
            // Dates as ISO text and grades as their labels, as the labels are written.
            let mut v = serde_json::to_value(&e).unwrap();
            v["date"] = Value::String(e.data.date.to_string());
            for (i, c) in e.data.climbs.iter().enumerate() {
                v["climbs"][i]["grade"] = Value::String(c.grade.label.clone());
            }
            v
        })
        .collect()
}

async fn draft_tests(app: &TestApp, user: &str) -> Value {
    match app.state.assessments.draft(user).await {
        Ok(d) => {
            let mut t = serde_json::to_value(d.tests).unwrap();
            t.as_object_mut().unwrap().remove("bodyweight_kg");
            t
        }
        Err(_) => Value::Null,
    }
}

async fn run_row(app: &TestApp, n: usize, row: &Row) -> Observed {
    let email = format!("eval{n}@example.com");
    let cookie = app.signup(&email).await;
    let user = user_id(app, &email).await;
    let mut obs = Observed::default();
    if !row.earlier.is_empty() {
        let old = new_thread(app, &cookie).await;
        for m in &row.earlier {
            if let Err(e) = say(app, &cookie, &old, m).await {
                obs.error = Some(format!("earlier message {m:?}: {e}"));
                return obs;
            }
        }
    }
    let thread = new_thread(app, &cookie).await;
    for m in &row.before {
        if let Err(e) = say(app, &cookie, &thread, m).await {
            obs.error = Some(format!("before message {m:?}: {e}"));
            return obs;
        }
    }
    let entries_before: Vec<Value> = entries(app, &user).await;
    let tests_before = draft_tests(app, &user).await;
    obs.weight_before = app.state.profiles.get(&user).await.unwrap().bodyweight_kg;
    match say(app, &cookie, &thread, &row.text).await {
        Ok(reply) => obs.reply = reply,
        Err(e) => obs.error = Some(e),
    }
    let known: Vec<&Value> = entries_before.iter().map(|e| &e["id"]).collect();
    obs.entries = entries(app, &user)
        .await
        .into_iter()
        .filter(|e| !known.contains(&&e["id"]))
        .collect();
    obs.draft_tests = draft_tests(app, &user).await;
    obs.tests_changed = obs.draft_tests != tests_before;
    obs.weight_after = app.state.profiles.get(&user).await.unwrap().bodyweight_kg;
    let messages: Vec<Message> = app
        .state
        .memory
        .last_messages(&user, &thread, 40)
        .await
        .unwrap();
    let last_user = messages
        .iter()
        .rposition(|m| m.role == Role::User)
        .unwrap_or(0);
    let mut results: HashMap<String, bool> = HashMap::new();
    for m in &messages[last_user..] {
        for p in &m.parts {
            if let Part::ToolResult { id, is_error, .. } = p {
                results.insert(id.clone(), !is_error);
            }
        }
    }
    for m in &messages[last_user..] {
        for p in &m.parts {
            if let Part::ToolCall {
                id,
                name,
                arguments,
            } = p
            {
                let ok = results.get(id).copied().unwrap_or(false);
                obs.calls.push((name.clone(), arguments.clone(), ok));
            }
        }
    }
    obs
}

/// The reply without what picks onboarding up again (a step's question, any sentence naming
/// "step N of M" or onboarding), and whether there was such a part.
fn without_onboarding(reply: &str) -> (String, bool) {
    let mut text = reply.to_string();
    let mut nudged = false;
    for s in Step::ALL {
        if text.contains(s.question()) {
            text = text.replace(s.question(), " ");
            nudged = true;
        }
    }
    let mut kept = String::new();
    let mut sentence = String::new();
    let flush = |sentence: &mut String, kept: &mut String, nudged: &mut bool| {
        let l = sentence.to_lowercase();
        let about_onboarding =
            names_a_step(&l) || l.contains("onboarding") || l.contains("six short questions");
        if about_onboarding {
            *nudged = true;
        } else {
            kept.push_str(sentence);
        }
        sentence.clear();
    };
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        sentence.push(*c);
        let end = matches!(c, '.' | '!' | '?' | '\n')
            && chars.get(i + 1).is_none_or(|n| n.is_whitespace());
        if end {
            flush(&mut sentence, &mut kept, &mut nudged);
        }
    }
    flush(&mut sentence, &mut kept, &mut nudged);
    (kept.trim().to_string(), nudged)
}

/// "step 2 of 6", whatever the number of steps.
fn names_a_step(lower: &str) -> bool {
    lower.match_indices("step ").any(|(i, _)| {
        let rest = &lower[i + 5..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && rest[digits..].starts_with(" of ")
    })
}

fn has_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

fn classify(obs: &Observed) -> String {
    if obs.error.is_some() {
        return "error".into();
    }
    if let Some(e) = obs.entries.first() {
        return if e["kind"] == "rest" {
            "log_rest".into()
        } else {
            "log_session".into()
        };
    }
    let called = |n: &str| obs.calls.iter().any(|c| c.0 == n);
    for (tool, intent) in [
        ("start_timer", "timer"),
        ("complete_session", "session_done"),
        ("onboarding_answer", "onboarding_answer"),
    ] {
        if called(tool) {
            return intent.into();
        }
    }
    if obs.tests_changed {
        return "test_result".into();
    }
    if obs.weight_after != obs.weight_before {
        return "profile".into();
    }
    // The offline coach's training advice, word for word (its words would pass for small talk).
    if Topic::ALL
        .iter()
        .any(|t| obs.reply.trim_start().starts_with(advice_words(*t)))
    {
        return "advice".into();
    }
    let (reply, _) = without_onboarding(&obs.reply);
    let lower = reply.to_lowercase();
    let injuries = obs
        .calls
        .iter()
        .any(|c| c.0 == "remember" && c.1["section"] == "injuries");
    if injuries {
        return "pain".into();
    }
    for (tool, intent) in [
        ("remember", "remember"),
        ("query_journal", "history"),
        ("start_assessment", "assessment"),
        ("generate_program", "program"),
        ("get_next_session", "next_session"),
        ("search_conversations", "recall"),
    ] {
        if called(tool) {
            return intent.into();
        }
    }
    if has_any(
        &lower,
        &[
            "you told me",
            "you said",
            "you mentioned",
            "you wrote",
            "earlier you",
        ],
    ) {
        return "recall".into();
    }
    if has_any(&lower, &["physio", "doctor", "clinician"]) {
        return "pain".into();
    }
    if has_any(
        &lower,
        &[
            "didn't catch that",
            "don't have an answer",
            "can't answer",
            "can't help with that",
            "don't understand",
            "not sure what you mean",
        ],
    ) {
        return "unknown".into();
    }
    if lower.contains("i understand a few kinds of") {
        return "help".into();
    }
    if has_any(&lower, &["acwr", "acute", "chronic"]) {
        return "load".into();
    }
    let systems = [
        "font", "v scale", "v grade", "v-scale", "hueco", "yds", "french", "uiaa", "ewbank",
    ]
    .iter()
    .filter(|s| lower.contains(*s))
    .count();
    if systems >= 2 || has_any(&lower, &["≈", "equivalent", "roughly", "corresponds"]) {
        return "grade_convert".into();
    }
    if has_any(
        &lower,
        &[
            "isn't a",
            "is not a",
            "not a valid",
            "not a real",
            "can't be",
            "cannot be",
            "can't log",
            "can't save",
            "won't log",
            "in the future",
            "hasn't happened",
            "negative",
            "impossible",
            "not possible",
            "doesn't exist",
            "out of range",
            "too long",
            "too heavy",
            "too light",
            "isn't possible",
            "isn't valid",
        ],
    ) {
        return "refuse".into();
    }
    if lower.contains('?')
        && has_any(
            &lower,
            &[
                "how long",
                "how many minutes",
                "what kind",
                "what did you",
                "which",
                "what type",
                "what sort",
                "tell me more",
            ],
        )
    {
        return "ask_missing".into();
    }
    if has_any(
        &lower,
        &[
            "hi!",
            "hi ",
            "hello",
            "hey",
            "welcome",
            "no problem",
            "anytime",
            "any time",
            "glad",
            "good to hear",
            "my pleasure",
            "cheers",
            "see you",
            "have fun",
            "enjoy",
            "take care",
            "you're welcome",
            "thank",
            "good",
            "great",
            "nice",
            "bye",
            "night",
            "morning",
        ],
    ) {
        return "smalltalk".into();
    }
    "other".into()
}

/// `value` matches an expected date: one ISO date or a list of accepted ones.
fn date_ok(expected: &Value, got: &Value) -> bool {
    match expected {
        Value::Array(options) => options.iter().any(|o| o == got),
        one => one == got,
    }
}

fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

// One arm per fact, each with its own check: clearer than guards folded into the patterns.
#[allow(clippy::collapsible_match)]
fn check_facts(row: &Row, obs: &Observed) -> Vec<String> {
    let mut errs = Vec::new();
    let reply_lower = obs.reply.to_lowercase();
    let entry = obs.entries.first().cloned().unwrap_or(Value::Null);
    let call = |n: &str| {
        obs.calls
            .iter()
            .find(|c| c.0 == n)
            .map(|c| c.1.clone())
            .unwrap_or(Value::Null)
    };
    let is_log = matches!(row.intent.as_str(), "log_session" | "log_rest");
    for (key, want) in &row.expect {
        let mismatch = |got: &Value| format!("{key}: expected {want}, got {got}");
        match (key.as_str(), row.intent.as_str()) {
            ("minutes", _) if is_log => {
                if num(&entry["duration_min"]) != num(want) {
                    errs.push(mismatch(&entry["duration_min"]));
                }
            }
            ("kind", _) if is_log => {
                if !date_ok(want, &entry["kind"]) {
                    errs.push(mismatch(&entry["kind"]));
                }
            }
            ("date", _) if is_log => {
                if !date_ok(want, &entry["date"]) {
                    errs.push(mismatch(&entry["date"]));
                }
            }
            ("rpe", _) if is_log => {
                if num(&entry["rpe"]) != num(want) {
                    errs.push(mismatch(&entry["rpe"]));
                }
            }
            ("sleep" | "energy", _) if is_log => {
                if num(&entry[key.as_str()]) != num(want) {
                    errs.push(mismatch(&entry[key.as_str()]));
                }
            }
            ("grades", _) if is_log => {
                let mut got: Vec<String> = entry["climbs"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|c| c["style"] != "attempt")
                    .filter_map(|c| c["grade"].as_str().map(str::to_string))
                    .collect();
                let mut exp: Vec<String> = want
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|g| g.as_str().map(str::to_string))
                    .collect();
                got.sort();
                exp.sort();
                if got != exp {
                    errs.push(format!("grades: expected {exp:?}, got {got:?}"));
                }
            }
            ("pain", _) if is_log => {
                let flagged = entry["pain"].as_array().is_some_and(|p| !p.is_empty());
                let noted = obs
                    .calls
                    .iter()
                    .any(|c| c.0 == "remember" && c.1["section"] == "injuries");
                if want.as_bool() != Some(flagged || noted) {
                    errs.push(format!("pain: expected {want}, got {}", flagged || noted));
                }
            }
            ("from" | "to", "history") => {
                let got = &call("query_journal")[key.as_str()];
                if !date_ok(want, got) {
                    errs.push(mismatch(got));
                }
            }
            ("kind", "history") => {
                let got = &call("query_journal")["kind"];
                if !date_ok(want, got) {
                    errs.push(mismatch(got));
                }
            }
            ("grade", "history") => {
                let got = &call("query_journal")["grade"];
                if got.as_str().map(str::to_lowercase) != want.as_str().map(str::to_lowercase) {
                    errs.push(mismatch(got));
                }
            }
            ("section", _) => {
                let got = &call("remember")["section"];
                if got != want {
                    errs.push(mismatch(got));
                }
            }
            ("weight_kg", _) => {
                let got = obs.weight_after.map(|w| (w * 10.0).round() / 10.0);
                if got != num(want) {
                    errs.push(format!("weight_kg: expected {want}, got {got:?}"));
                }
            }
            ("hang_added_kg", _) => {
                // Pounds converted to kilograms land within a few grams of the label.
                let got = &obs.draft_tests["max_hang_added_kg"];
                let close =
                    matches!((num(got), num(want)), (Some(g), Some(w)) if (g - w).abs() <= 0.3);
                if !close {
                    errs.push(mismatch(got));
                }
            }
            ("bodyweight_kg", _) => {
                let got = obs
                    .weight_after
                    .or_else(|| num(&obs.draft_tests["bodyweight_kg"]));
                if got.map(|w| w.round()) != num(want).map(f64::round) {
                    errs.push(format!("bodyweight_kg: expected {want}, got {got:?}"));
                }
            }
            ("says", _) => {
                for item in want.as_array().into_iter().flatten() {
                    let options: Vec<String> = match item {
                        Value::Array(a) => a
                            .iter()
                            .filter_map(|s| s.as_str().map(str::to_lowercase))
                            .collect(),
                        v => v.as_str().map(str::to_lowercase).into_iter().collect(),
                    };
                    if !options.iter().any(|o| reply_lower.contains(o.as_str())) {
                        errs.push(format!("the reply doesn't say {item}"));
                    }
                }
            }
            ("nudge", _) => {
                let (_, nudged) = without_onboarding(&obs.reply);
                if want.as_bool() != Some(nudged) {
                    errs.push(format!("nudge: expected {want}, got {nudged}"));
                }
            }
            // Facts of another intent's slots are not checked when the intent differs.
            _ => {}
        }
    }
    if row.intent == "pain" && !has_any(&reply_lower, &["physio", "doctor", "clinician"]) {
        errs.push("pain without a referral to a physio or doctor".into());
    }
    if row.intent == "refuse" && !obs.entries.is_empty() {
        errs.push("refused, yet an entry was saved".into());
    }
    errs
}

fn short(s: &str, n: usize) -> String {
    let one_line = s.replace('\n', " ⏎ ");
    match one_line.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &one_line[..i]),
        None => one_line,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_coach_corpus_eval() {
    let filter = std::env::var("OFFLINE_EVAL_FILTER").ok();
    let verbose = std::env::var("OFFLINE_EVAL_VERBOSE").is_ok();
    let corpus: Vec<Row> = load_corpus()
        .into_iter()
        .filter(|r| {
            filter
                .as_deref()
                .is_none_or(|f| r.id.contains(f) || r.intent.contains(f))
        })
        .collect();
    if filter.is_none() {
        assert!(corpus.len() >= 400, "the corpus has {} rows", corpus.len());
    }
    let limits = AuthLimits {
        signup_per_ip: Limit {
            max: 100_000,
            window_secs: 3600,
        },
        ..AuthLimits::default()
    };
    let app = TestApp::with(&[], limits).await;
    let started = std::time::Instant::now();
    let app_ref = &app;
    let mut outcomes: Vec<Outcome> = futures::stream::iter(corpus.into_iter().enumerate())
        .map(|(n, row)| async move {
            let obs = run_row(app_ref, n, &row).await;
            let got = classify(&obs);
            let fact_errors = if got == row.intent {
                check_facts(&row, &obs)
            } else {
                Vec::new()
            };
            Outcome {
                row,
                got,
                fact_errors,
                obs,
            }
        })
        .buffer_unordered(PARALLEL)
        .collect()
        .await;
    outcomes.sort_by(|a, b| a.row.id.cmp(&b.row.id));

    // Per intent: (expected, got, correct). A row counts as correct for its intent only when
    // the facts match too; a right intent with wrong facts counts against precision and recall.
    let mut table: BTreeMap<String, (u32, u32, u32)> = BTreeMap::new();
    for o in &outcomes {
        table.entry(o.row.intent.clone()).or_default().0 += 1;
        table.entry(o.got.clone()).or_default().1 += 1;
        if o.ok() {
            table.entry(o.row.intent.clone()).or_default().2 += 1;
        }
    }
    let total = outcomes.len();
    let correct = outcomes.iter().filter(|o| o.ok()).count();
    let intent_right = outcomes.iter().filter(|o| o.got == o.row.intent).count();
    let accuracy = correct as f64 / total.max(1) as f64;

    eprintln!(
        "\n== Offline coach eval: {total} messages in {:.1} s ==",
        started.elapsed().as_secs_f64()
    );
    eprintln!(
        "{:<18} {:>8} {:>6} {:>8} {:>10} {:>7}",
        "intent", "expected", "got", "correct", "precision", "recall"
    );
    for (intent, (exp, got, ok)) in &table {
        let p = if *got > 0 {
            format!("{:.0} %", 100.0 * *ok as f64 / *got as f64)
        } else {
            "-".into()
        };
        let r = if *exp > 0 {
            format!("{:.0} %", 100.0 * *ok as f64 / *exp as f64)
        } else {
            "-".into()
        };
        eprintln!("{intent:<18} {exp:>8} {got:>6} {ok:>8} {p:>10} {r:>7}");
    }
    eprintln!(
        "\nintent right: {intent_right}/{total} ({:.1} %); intent and facts right: {correct}/{total} ({:.1} %)",
        100.0 * intent_right as f64 / total.max(1) as f64,
        100.0 * accuracy
    );
    // The main misread groups: expected → got (or "facts" when only the facts were wrong).
    let mut groups: BTreeMap<String, u32> = BTreeMap::new();
    for o in outcomes.iter().filter(|o| !o.ok()) {
        let key = if o.got == o.row.intent {
            format!("{} (wrong facts)", o.got)
        } else {
            format!("{} → {}", o.row.intent, o.got)
        };
        *groups.entry(key).or_default() += 1;
    }
    let mut groups: Vec<(String, u32)> = groups.into_iter().collect();
    groups.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    eprintln!("\n== Misread groups ==");
    for (g, n) in &groups {
        eprintln!("{n:>4}  {g}");
    }
    eprintln!("\n== Misread ({}) ==", total - correct);
    for o in outcomes.iter().filter(|o| !o.ok()) {
        eprintln!("[{}] {:?}", o.row.id, o.row.text);
        if o.got != o.row.intent {
            eprintln!("    expected {}, got {}", o.row.intent, o.got);
        } else {
            eprintln!("    {}: wrong facts: {}", o.got, o.fact_errors.join("; "));
        }
        if let Some(e) = &o.obs.error {
            eprintln!("    error: {e}");
        }
        let calls: Vec<String> = o
            .obs
            .calls
            .iter()
            .map(|(n, a, ok)| {
                format!(
                    "{n}{}{}",
                    if *ok { "" } else { "(failed)" },
                    short(&a.to_string(), 120)
                )
            })
            .collect();
        if !calls.is_empty() {
            eprintln!("    tools: {}", calls.join(" | "));
        }
        eprintln!("    reply: {}", short(&o.obs.reply, 220));
    }
    if verbose {
        eprintln!("\n== Every reply ==");
        for o in &outcomes {
            eprintln!(
                "[{}] {} -> {}: {}",
                o.row.id,
                o.row.text,
                o.got,
                short(&o.obs.reply, 300)
            );
        }
    }
    if filter.is_none() {
        assert!(
            accuracy >= THRESHOLD,
            "the offline coach read {correct} of {total} messages right ({:.1} %), under the floor of {:.0} % (issue 17's target is 95 %)",
            100.0 * accuracy,
            100.0 * THRESHOLD
        );
    }
}
