//! The offline coach: the provider used when no language model is configured. It recognises
//! the core requests with the domain's deterministic intent parser, calls the same tools a
//! model would (through the same loop, with the same validation), and answers in plain
//! templated sentences. Nobody needs a key to use ClimbingPill.
use async_trait::async_trait;
use serde_json::{json, Value};
use tokio::sync::mpsc;

use super::prompt::ONBOARDING_HEADING;
use super::provider::{
    ChatMessage, ChatRole, Provider, ProviderError, ProviderRequest, StepOutput, ToolCall,
};
use crate::domain::intent::Activity;
use crate::domain::intent::{
    advice_words, conversion_answer, load_answer, recognize, refusal_words, small_talk_words, Fact,
    HangTest, IncompleteLog, Intent, ProgramAsk, PullTest, RestLog, SessionLog, Wellness,
};
use crate::domain::lexicon::tokens::{alnum_words, coach_words};
use crate::domain::lexicon::units::{is_day, is_kg, is_lb, is_month, is_week, is_year, time_unit};
use crate::domain::onboarding::{goal_from_text, Step};
use crate::domain::timer::looks_like_timer_request;
use crate::domain::when::Date;

pub struct OfflineCoach;

pub const NAME: &str = "offline coach";

#[async_trait]
impl Provider for OfflineCoach {
    fn name(&self) -> &str {
        NAME
    }

    fn model(&self) -> &str {
        "offline-coach-1"
    }

    async fn step(
        &self,
        request: &ProviderRequest,
        deltas: &mpsc::UnboundedSender<String>,
    ) -> Result<StepOutput, ProviderError> {
        let plan = plan(request);
        if plan.tool_calls.is_empty() {
            // Streamed a few words at a time, as a model would.
            for chunk in plan.text.split_inclusive(' ').collect::<Vec<_>>().chunks(3) {
                let _ = deltas.send(chunk.concat());
            }
        }
        Ok(StepOutput {
            text: plan.text,
            tool_calls: plan.tool_calls,
            tokens_in: None,
            tokens_out: None,
        })
    }
}

struct Plan {
    text: String,
    tool_calls: Vec<ToolCall>,
}

fn answer(text: impl Into<String>) -> Plan {
    Plan {
        text: text.into(),
        tool_calls: Vec::new(),
    }
}

/// Decides the next step from the conversation: tools for a new message, words after tools.
/// While onboarding is pending, an answer about anything else ends with one line that picks
/// the onboarding question up again.
fn plan(req: &ProviderRequest) -> Plan {
    let mut p = plan_turn(req);
    let pending = onboarding_step(&req.messages)
        .filter(|s| *s != Step::Result)
        .filter(|_| req.tools.iter().any(|t| t.name == "onboarding_answer"));
    if let (Some(step), true) = (pending, p.tool_calls.is_empty()) {
        let last_user = req.messages.iter().rposition(|m| m.role == ChatRole::User);
        let answered = last_user.is_some_and(|u| called(req, u, "onboarding_answer"));
        let question = onboarding_question(&req.messages, step);
        if !answered && !p.text.contains(&question) {
            p.text.push_str(&format!(
                "\n\n{} (step {} of {}): {}",
                ONBOARDING_NUDGE,
                step.number(),
                Step::ALL.len(),
                question
            ));
        }
    }
    p
}

/// The start of the line that picks onboarding up again.
const ONBOARDING_NUDGE: &str = "Back to your first program";

fn plan_turn(req: &ProviderRequest) -> Plan {
    let Some(last_user) = req.messages.iter().rposition(|m| m.role == ChatRole::User) else {
        return answer(help_text());
    };
    let today = today_from_system(&req.messages);
    let merged = answer_to_duration_question(&req.messages, last_user, today)
        .or_else(|| answer_to_missing_question(&req.messages, last_user));
    let text = merged
        .as_deref()
        .unwrap_or(&req.messages[last_user].content);
    let intent = recognize(text, today);
    let results: Vec<Value> = req.messages[last_user + 1..]
        .iter()
        .filter(|m| m.role == ChatRole::Tool)
        .map(|m| serde_json::from_str(&m.content).unwrap_or(Value::Null))
        .collect();
    let has = |tool: &str| req.tools.iter().any(|t| t.name == tool);
    if has("start_timer") && looks_like_timer_request(text) {
        return match results.is_empty() {
            true => Plan {
                text: String::new(),
                tool_calls: vec![ToolCall {
                    id: "offline_0".into(),
                    name: "start_timer".into(),
                    arguments: json!({ "request": text }).to_string(),
                }],
            },
            false => answer(timer_words(&results)),
        };
    }
    if let Some(step) = onboarding_step(&req.messages).filter(|_| has("onboarding_answer")) {
        if called(req, last_user, "onboarding_answer") {
            return answer(onboarding_words(&results));
        }
        if results.is_empty() && answers_onboarding(&intent, text, step, today) {
            return Plan {
                text: String::new(),
                tool_calls: vec![ToolCall {
                    id: "offline_0".into(),
                    name: "onboarding_answer".into(),
                    arguments: json!({ "answer": text }).to_string(),
                }],
            };
        }
        if matches!(intent, Intent::Greeting) && results.is_empty() {
            return answer(format!(
                "Hi! I'm your ClimbingPill coach. Let's get you a first program: six short \
                 questions (step {} of {}). {} You can also answer them on the \
                 [guided page](/onboarding).",
                step.number(),
                Step::ALL.len(),
                onboarding_question(&req.messages, step)
            ));
        }
    }
    // "did my bouldering session, 90 min" is a journal log; "session done, RPE 7" or "did
    // today's session" ticks off the program's session.
    let completion = session_done(text).filter(|_| match &intent {
        Intent::LogSession(log) => mentions_program_session(text) || is_bare_session(log),
        _ => true,
    });
    if let Some(rpe) = completion {
        return match (rpe, results.is_empty()) {
            (None, _) => answer(
                "Well done! How hard did it feel, from 1 (very easy) to 10 (maximal)? Say for \
                 example \"session done, RPE 7\" and I'll tick it off and log it.",
            ),
            (Some(rpe), true) if has("complete_session") => Plan {
                text: String::new(),
                tool_calls: vec![ToolCall {
                    id: "offline_0".into(),
                    name: "complete_session".into(),
                    arguments: json!({ "rpe": rpe }).to_string(),
                }],
            },
            _ => answer(completion_words(&results)),
        };
    }
    // A log with a question after it: the log's tools, then the question's; the log's words,
    // then the answer.
    let follow_up = match &intent {
        Intent::LogSession(log) => {
            log.question
                .as_deref()
                .map(|q| recognize(q, today))
                .filter(|q| {
                    !matches!(
                        q,
                        Intent::LogSession(_) | Intent::Refuse(_) | Intent::Unknown
                    )
                })
        }
        _ => None,
    };
    let replace = wants_replacement(text);
    let own_calls = tools_for(&intent, today, replace, &has);
    if let (Some(follow), false) = (&follow_up, own_calls.is_empty()) {
        if results.is_empty() {
            let mut calls = own_calls;
            calls.extend(tools_for(follow, today, false, &has));
            return tool_plan(calls);
        }
        let (mine, theirs) = results.split_at(own_calls.len().min(results.len()));
        let system = &req.messages[0].content;
        return answer(format!(
            "{}\n\n{}",
            words_for(&intent, mine, system),
            words_for(follow, theirs, system)
        ));
    }
    if results.is_empty() && !own_calls.is_empty() {
        return tool_plan(own_calls);
    }
    answer(words_for(&intent, &results, &req.messages[0].content))
}

/// A step that calls these tools, in order.
fn tool_plan(calls: Vec<(&'static str, Value)>) -> Plan {
    Plan {
        text: String::new(),
        tool_calls: calls
            .into_iter()
            .enumerate()
            .map(|(i, (name, args))| ToolCall {
                id: format!("offline_{i}"),
                name: name.to_string(),
                arguments: args.to_string(),
            })
            .collect(),
    }
}

/// When the coach's last answer asked how long a session was (the journal refused a log
/// without a duration), the climber's reply ("90 min") completes that log: the two messages
/// are read as one, so nothing said the first time is lost.
fn answer_to_duration_question(
    messages: &[ChatMessage],
    last_user: usize,
    today: Date,
) -> Option<String> {
    // A reply that is a whole log by itself is a new session, not the missing minutes.
    if matches!(
        recognize(&messages[last_user].content, today),
        Intent::LogSession(_)
    ) {
        return None;
    }
    let before = &messages[..last_user];
    let asked = before
        .iter()
        .rposition(|m| m.role == ChatRole::Assistant && !m.content.trim().is_empty())?;
    if !before[asked].content.contains(DURATION_QUESTION) {
        return None;
    }
    let log = before[..asked].iter().rfind(|m| m.role == ChatRole::User)?;
    Some(format!(
        "{}, {}",
        log.content.trim().trim_end_matches(['.', '!']),
        messages[last_user].content.trim()
    ))
}

/// The journal's question for a log without a duration (see `domain::journal`).
const DURATION_QUESTION: &str = "How long was the session";

/// How the coach's follow-up for an incomplete log starts.
const MISSING_QUESTION: &str = "To log it I need";

/// After the coach asked for what an incomplete log lacks, the climber's replies complete it:
/// every message since "log a session" is read as one ("log a session" + "bouldering" +
/// "1h"). A question is a question, not an answer.
fn answer_to_missing_question(messages: &[ChatMessage], last_user: usize) -> Option<String> {
    let now = messages[last_user].content.trim();
    if now.ends_with('?') {
        return None;
    }
    let mut parts = vec![now.to_string()];
    let mut at = last_user;
    for _ in 0..4 {
        let asked = messages[..at]
            .iter()
            .rposition(|m| m.role == ChatRole::Assistant && !m.content.trim().is_empty())?;
        if !messages[asked].content.contains(MISSING_QUESTION) {
            break;
        }
        let prev = messages[..asked]
            .iter()
            .rposition(|m| m.role == ChatRole::User)?;
        parts.push(
            messages[prev]
                .content
                .trim()
                .trim_end_matches(['.', '!'])
                .to_string(),
        );
        at = prev;
    }
    if parts.len() < 2 {
        return None;
    }
    parts.reverse();
    Some(parts.join(", "))
}

/// The onboarding step the system message says the climber is on ("step 2 of 6").
fn onboarding_step(messages: &[ChatMessage]) -> Option<Step> {
    let system = messages.iter().find(|m| m.role == ChatRole::System)?;
    let section = system.content.split(ONBOARDING_HEADING).nth(1)?;
    let n = section.split("step ").nth(1)?.split_whitespace().next()?;
    Step::from_number(n.parse().ok()?)
}

/// The question the system message asks for `step`, worded for what the climber already
/// said (the level step asks only for the years once the goal message named a grade); the
/// step's own question when the message has none.
fn onboarding_question(messages: &[ChatMessage], step: Step) -> String {
    messages
        .iter()
        .find(|m| m.role == ChatRole::System)
        .and_then(|m| m.content.split(ONBOARDING_HEADING).nth(1))
        .and_then(|section| section.split("ask: \"").nth(1))
        .and_then(|rest| rest.split("\" Save their answer").next())
        .filter(|q| !q.trim().is_empty())
        .map_or_else(|| step.question().to_string(), str::to_string)
}

/// Whether the assistant already called `tool` for the climber's last message.
fn called(req: &ProviderRequest, last_user: usize, tool: &str) -> bool {
    req.messages[last_user + 1..]
        .iter()
        .any(|m| m.tool_calls.iter().any(|c| c.name == tool))
}

/// Replies that answer the onboarding question: a statement the intent parser doesn't
/// place elsewhere, or a fact about the very topic the question asks. Questions, session
/// logs, program and timer requests keep their own meaning; "remember …" stays a note.
fn answers_onboarding(intent: &Intent, text: &str, step: Step, today: Date) -> bool {
    let lower = text.trim().to_lowercase();
    let is_question = lower.ends_with('?')
        || ["how ", "what ", "why ", "when ", "can ", "should "]
            .iter()
            .any(|w| lower.starts_with(w));
    if is_question || lower.starts_with("remember") || lower.starts_with("note") {
        return false;
    }
    match intent {
        Intent::Unknown => on_topic(step, text),
        Intent::Bodyweight(_) => step == Step::Check,
        Intent::SmallTalk(_) => {
            matches!(step, Step::Check | Step::AboutYou) && lower.trim_matches(['.', '!']) == "ok"
        }
        // "from V4 to V6 this year, been climbing 3 years": a level fact that also sets a
        // goal (a date or goal words) answers the goal question; the level in it is read too.
        Intent::Remember(Fact { section, .. })
            if step == Step::Goal && *section == "Level and grades" =>
        {
            sets_a_goal(text, today)
        }
        Intent::Remember(Fact { section, .. }) => matches!(
            (step, *section),
            (Step::Goal, "Goals")
                | (Step::Level, "Level and grades")
                | (Step::Schedule, "Schedule")
                | (Step::Equipment, "Equipment" | "Injuries")
        ),
        _ => false,
    }
}

/// A target date or words that say what the climber is after ("want", "goal", "aim").
fn sets_a_goal(text: &str, today: Date) -> bool {
    let words = alnum_words(text);
    goal_from_text(text, today).target_date.is_some()
        || words.iter().any(|(w, _)| {
            [
                "goal", "want", "wanna", "aim", "aiming", "hope", "hoping", "dream",
            ]
            .contains(&w.as_str())
        })
}

/// Whether a reply the intent parser doesn't place is about the question asked: a grade or
/// goal words for the goal, grades or years for the level, and so on. Anything else ("secret
/// beta") gets the usual answer rather than becoming the climber's goal.
fn on_topic(step: Step, text: &str) -> bool {
    let words: Vec<String> = alnum_words(text).into_iter().map(|(w, _)| w).collect();
    let any = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let unit = |is: fn(&str) -> bool| words.iter().any(|w| is(w));
    let has_grade = !crate::domain::grade::find_grade_spans(text, None).is_empty();
    match step {
        Step::Goal => {
            has_grade
                || any(&[
                    "goal", "want", "aim", "project", "stronger", "first", "send", "climb",
                    "redpoint", "onsight", "flash", "train", "improve", "compete", "lead",
                ])
        }
        Step::Level => has_grade || unit(is_year) || unit(is_month) || any(&["beginner", "since"]),
        Step::Check => unit(is_kg) || unit(is_lb) || any(&["skip", "weigh", "bodyweight"]),
        Step::Schedule => {
            unit(is_day)
                || unit(is_week)
                || unit(|w| time_unit(w).is_some())
                || any(&[
                    "weekly", "twice", "once", "weekend", "weekends", "evenings", "mornings",
                ])
        }
        Step::Equipment => any(&[
            "hangboard",
            "fingerboard",
            "board",
            "campus",
            "weights",
            "gym",
            "none",
            "nothing",
            "injury",
            "injuries",
            "injured",
            "pain",
            "hurt",
            "no",
            "wall",
            "rings",
        ]),
        Step::AboutYou => {
            let first_is_number = words.first().is_some_and(|w| w.parse::<u32>().is_ok());
            (first_is_number && words.len() <= 8)
                || any(&[
                    "skip",
                    "age",
                    "old",
                    "yo",
                    "years",
                    "year",
                    "hangboard",
                    "fingerboard",
                    "hangboarding",
                    "never",
                    "hung",
                    "hang",
                    "beginner",
                    "months",
                    "no",
                    "nope",
                    "yes",
                    "yeah",
                    "yep",
                    "bit",
                    "little",
                    "pass",
                    "rather",
                ])
        }
        Step::Result => false,
    }
}

fn onboarding_words(results: &[Value]) -> String {
    if let Some(err) = first_error(results) {
        return err;
    }
    let Some(data) = results.iter().find_map(|r| r.get("data")) else {
        return "Saved.".into();
    };
    if data["finished"] == json!(true) {
        let r = &data["result"];
        let focus: Vec<&str> = r["weaknesses"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut s = format!(
            "All done! Your first program is ready: {} weeks, about {} sessions a week.",
            r["program_weeks"].as_u64().unwrap_or(0),
            r["sessions_per_week"].as_u64().unwrap_or(0)
        );
        if !focus.is_empty() {
            s.push_str(&format!(
                " It works first on {}.",
                focus.join(", ").to_lowercase()
            ));
        }
        if let Some(next) = r["next_session"].as_array() {
            if let (Some(day), Some(title)) = (
                next.first().and_then(Value::as_str),
                next.get(1).and_then(Value::as_str),
            ) {
                s.push_str(&format!(" First session: {title} on {day}."));
            }
        }
        s.push_str(" [See your program](/programs).");
        return s;
    }
    format!(
        "Got it. Step {} of {}: {}",
        data["step"].as_u64().unwrap_or(1),
        Step::ALL.len(),
        data["question"].as_str().unwrap_or("")
    )
}

/// "Today is 2026-11-25." from the system message; the system clock otherwise.
fn today_from_system(messages: &[ChatMessage]) -> Date {
    messages
        .iter()
        .find(|m| m.role == ChatRole::System)
        .and_then(|m| m.content.split("Today is ").nth(1))
        .and_then(|rest| Date::parse_iso(rest.get(..10)?))
        .unwrap_or_else(|| {
            use crate::server::clock::Clock;
            crate::server::clock::SystemClock.today()
        })
}

fn section_arg(section: &str) -> &'static str {
    match section {
        "Name" => "name",
        "Level and grades" => "level_and_grades",
        "Goals" => "goals",
        "Schedule" => "schedule",
        "Equipment" => "equipment",
        "Injuries" => "injuries",
        _ => "preferences",
    }
}

fn tools_for(
    intent: &Intent,
    today: Date,
    replace_program: bool,
    has: &dyn Fn(&str) -> bool,
) -> Vec<(&'static str, Value)> {
    let mut calls = Vec::new();
    match intent {
        Intent::Remember(Fact { section, text }) => {
            if has("remember") {
                calls.push((
                    "remember",
                    json!({ "section": section_arg(section), "note": text }),
                ));
            }
            if *section == "Name" && has("update_profile") {
                calls.push(("update_profile", json!({ "display_name": text })));
            }
        }
        // Without a duration the journal can't take it: the coach asks first (see words).
        Intent::LogSession(log) if log.duration_min.is_none() => {}
        Intent::LogSession(log) => {
            if has("log_session") {
                calls.push(("log_session", log_session_args(log)));
            }
            if let (Some(kg), true) = (log.bodyweight_kg, has("update_profile")) {
                calls.push(("update_profile", json!({ "bodyweight_kg": kg })));
            }
            if let (Some(pain), true) = (&log.pain, has("remember")) {
                calls.push((
                    "remember",
                    json!({ "section": "injuries", "note": format!("{pain} (reported {})", log.date) }),
                ));
            }
        }
        Intent::AskHistory(q) if has("query_journal") => {
            let (from, to) = q.period.range(today);
            let from = from.max(today.add_days(-3660));
            let mut args = json!({ "from": from.to_string(), "to": to.min(today).to_string() });
            if let Some(g) = &q.grade {
                args["grade"] = json!(g.label);
            }
            if let Some(kind) = q.kind {
                args["kind"] = json!(journal_kind(kind));
            }
            calls.push(("query_journal", args));
        }
        Intent::Assessment if has("start_assessment") => {
            calls.push(("start_assessment", json!({})));
        }
        Intent::Program(ProgramAsk::Create) if has("generate_program") => {
            calls.push((
                "generate_program",
                json!({ "replace_active": replace_program }),
            ));
        }
        Intent::Program(ProgramAsk::NextSession | ProgramAsk::Show) if has("get_next_session") => {
            calls.push(("get_next_session", json!({})));
        }
        Intent::Load if has("training_load") => calls.push(("training_load", json!({}))),
        Intent::Rest(r) if has("log_session") => calls.push(("log_session", rest_args(r))),
        Intent::Bodyweight(kg) if has("update_profile") => {
            calls.push(("update_profile", json!({ "bodyweight_kg": kg })));
        }
        Intent::TestResult(t) if has("save_assessment_step") => {
            let mut answers = json!({
                "max_hang_added_kg": format_kg(t.added_kg),
                "max_hang_seconds": t.seconds.to_string(),
            });
            if let Some(bw) = t.bodyweight_kg {
                answers["bodyweight_kg"] = json!(format_kg(bw));
            }
            calls.push((
                "save_assessment_step",
                json!({ "step": "tests", "answers": answers, "finish": false }),
            ));
            if let (Some(bw), true) = (t.bodyweight_kg, has("update_profile")) {
                calls.push(("update_profile", json!({ "bodyweight_kg": bw })));
            }
        }
        Intent::PullResult(t) if has("save_assessment_step") => {
            let (kind, value) = match t {
                PullTest::MaxReps(n) => ("max_reps", n.to_string()),
                PullTest::OneRepMax(kg) => ("one_rep_max", format_kg(*kg)),
            };
            calls.push((
                "save_assessment_step",
                json!({ "step": "tests", "answers": { "pull_kind": kind, "pull_value": value },
                        "finish": false }),
            ));
        }
        Intent::Recall(topic) if has("search_conversations") => {
            calls.push(("search_conversations", json!({ "query": topic })));
        }
        _ => {}
    }
    calls
}

fn format_kg(kg: f64) -> String {
    let s = format!("{kg:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

fn wellness_args(args: &mut Value, w: &Wellness) {
    for (key, v) in [("sleep", w.sleep), ("energy", w.energy), ("mood", w.mood)] {
        if let Some(v) = v {
            args[key] = json!(v);
        }
    }
}

fn rest_args(r: &RestLog) -> Value {
    let mut args = json!({
        "date": r.date.to_string(),
        "kind": "rest",
        "notes": r.notes,
    });
    wellness_args(&mut args, &r.wellness);
    args
}

/// The `log_session` arguments for what the climber said.
/// The journal's session kind for an activity the climber named.
fn journal_kind(activity: crate::domain::intent::Activity) -> &'static str {
    match activity {
        Activity::Bouldering => "bouldering",
        Activity::Sport | Activity::TopRope => "sport",
        Activity::Trad => "trad",
        Activity::Board | Activity::Campus => "board",
        Activity::Hangboard => "hangboard",
        Activity::Strength => "strength",
        Activity::Endurance => "endurance",
        Activity::Mobility => "mobility",
        Activity::Other => "other",
    }
}

fn log_session_args(log: &SessionLog) -> Value {
    use crate::domain::intent::{Location, SendStyle};
    let kind = journal_kind(log.activity);
    let mut climbs = Vec::new();
    for s in &log.sends {
        let style = match s.style {
            SendStyle::Flash => "flash",
            SendStyle::Onsight => "onsight",
            SendStyle::Repeat => "repeat",
            SendStyle::Redpoint | SendStyle::Send => "redpoint",
        };
        for _ in 0..s.count.min(50) {
            climbs.push(json!({ "grade": s.grade.label, "style": style }));
        }
    }
    let mut args = json!({
        "date": log.date.to_string(),
        "kind": kind,
        "climbs": climbs,
        "notes": log.notes,
    });
    if let Some(d) = log.duration_min {
        args["duration_min"] = json!(d);
    }
    if let Some(r) = log.rpe {
        args["rpe"] = json!(r);
    }
    if let Some(l) = log.location {
        args["location"] = json!(match l {
            Location::Gym => "gym",
            Location::Outdoor => "outdoors",
            Location::Home => "home",
        });
    }
    if let Some(p) = &log.pain {
        args["pain"] = json!([{ "body_part": p.chars().take(60).collect::<String>() }]);
    }
    wellness_args(&mut args, &log.wellness);
    args
}

fn ok_results(results: &[Value]) -> bool {
    !results.is_empty() && results.iter().all(|r| r["ok"] == json!(true))
}

fn first_error(results: &[Value]) -> Option<String> {
    results
        .iter()
        .find(|r| r["ok"] != json!(true))
        .map(|r| r["error"].as_str().unwrap_or("it didn't work").to_string())
}

const PAIN_ADVICE: &str = "I can't diagnose pain, so please have a physio or doctor look at it. \
Until they clear it, skip max-finger work: no limit bouldering, hangboarding or campusing. \
Easy, pain-free climbing on big holds is usually fine; stop if it hurts.";

/// The advice for pain away from the fingers (a shoulder, a knee, ...).
const BODY_PAIN_ADVICE: &str = "I can't diagnose pain, so please have a physio or doctor look \
at it, especially if it keeps coming back or is getting worse. Until they clear it, avoid the \
moves that bring it on and anything that hurts; easy, pain-free climbing is usually fine.";

/// Finger advice for hands and fingers, the general advice for any other body part.
fn pain_advice(what: &str) -> &'static str {
    let lower = what.to_lowercase();
    let other = [
        "shoulder",
        "elbow",
        "knee",
        "ankle",
        "back",
        "neck",
        "hip",
        "wrist",
        "foot",
        "feet",
        "heel",
        "toe",
        "hamstring",
        "calf",
        "rib",
        "chest",
        "bicep",
        "tricep",
        "lat",
        "groin",
    ];
    let finger = [
        "finger", "pulley", "a2", "a4", "hand", "thumb", "tip", "palm", "forearm",
    ];
    if other.iter().any(|p| lower.contains(p)) && !finger.iter().any(|p| lower.contains(p)) {
        BODY_PAIN_ADVICE
    } else {
        PAIN_ADVICE
    }
}

fn words_for(intent: &Intent, results: &[Value], system: &str) -> String {
    if let (Intent::Program(_), Some(err)) = (intent, first_error(results)) {
        return program_error_words(&err);
    }
    if let Some(err) = first_error(results) {
        let end = if err.ends_with(['.', '?', '!']) {
            ""
        } else {
            "."
        };
        return format!("I couldn't save that: {err}{end}");
    }
    match intent {
        Intent::Remember(Fact { section, text }) if ok_results(results) => {
            let mut s = format!("Got it. I'll remember that ({section}: {text}).");
            if *section == "Injuries" {
                s.push_str("\n\n");
                s.push_str(pain_advice(text));
            }
            s
        }
        Intent::Remember(_) => "I understood that as something to remember, but I can't store notes right now.".into(),
        Intent::LogSession(log) if log.duration_min.is_none() && results.is_empty() => {
            missing_words(&IncompleteLog {
                activity: Some(log.activity).filter(|a| *a != Activity::Other),
                duration_min: None,
            })
        }
        Intent::LogSession(log) => log_words(log, results),
        Intent::AskHistory(q) => history_words(q, results),
        Intent::Assessment => ASSESSMENT_WORDS.into(),
        Intent::Program(ProgramAsk::Create) => generated_words(results),
        Intent::Program(_) => next_session_words(results),
        Intent::Greeting => match known_name(system) {
            Some(name) => format!("Hi {name}! What are we working on today?"),
            None => "Hi! I'm your ClimbingPill coach. What should I call you, and what are you training for?".into(),
        },
        Intent::Help => help_text(),
        Intent::GradeConvert(q) => conversion_answer(q),
        Intent::Load => load_words(results),
        Intent::Rest(r) => rest_words(r, results),
        Intent::LogIncomplete(inc) => missing_words(inc),
        Intent::Refuse(r) => refusal_words(r),
        Intent::TestResult(t) => test_words(t, results),
        Intent::PullResult(t) => match (first_error(results), ok_results(results)) {
            (Some(err), _) => format!("I couldn't save that test result: {err}"),
            (None, true) => format!(
                "Saved to your assessment draft: {}. Finish the other tests on the \
                 [assessment page](/assessment) when you like.",
                match t {
                    PullTest::MaxReps(n) => format!("max pull-ups, {n} reps"),
                    PullTest::OneRepMax(kg) => format!("weighted pull-up one-rep max, +{} kg", format_kg(*kg)),
                }
            ),
            (None, false) => "I can't save test results right now: enter it on the \
                [assessment page](/assessment)."
                .into(),
        },
        Intent::Bodyweight(kg) => match ok_results(results) {
            true => format!(
                "Updated your profile: bodyweight {} kg. Strength tests are scored against it.",
                format_kg(*kg)
            ),
            false => format!(
                "You weigh {} kg: I can't update your profile right now, but you can on the \
                 [profile page](/profile).",
                format_kg(*kg)
            ),
        },
        Intent::Recall(topic) => recall_words(topic, results),
        Intent::SmallTalk(t) => small_talk_words(*t).into(),
        Intent::Advice(t) => advice_words(*t).into(),
        Intent::Unknown => format!("Sorry, I didn't catch that. {}", help_text()),
    }
}

fn load_words(results: &[Value]) -> String {
    let Some(a) = results
        .iter()
        .find(|r| r["ok"] == json!(true))
        .map(|r| &r["data"])
    else {
        return "I can't look at your journal right now, so I can't work out your load. The \
            [Progress page](/progress) shows your ACWR."
            .into();
    };
    load_answer(
        a["ratio"].as_f64(),
        a["established"].as_bool().unwrap_or(false),
        a["acute"].as_u64().unwrap_or(0) as u32,
        a["chronic_weekly"].as_f64().unwrap_or(0.0),
    )
}

fn wellness_words(w: &Wellness) -> String {
    let parts: Vec<String> = [("sleep", w.sleep), ("energy", w.energy), ("mood", w.mood)]
        .iter()
        .filter_map(|(k, v)| v.map(|v| format!("{k} {v}/5")))
        .collect();
    parts.join(", ")
}

fn rest_words(r: &RestLog, results: &[Value]) -> String {
    let saved = results
        .iter()
        .any(|x| x["ok"] == json!(true) && x["data"]["id"].is_string());
    let how = wellness_words(&r.wellness);
    let mut s = if how.is_empty() {
        format!("Rest day logged for {}.", r.date)
    } else {
        format!("Rest day logged for {} ({how}).", r.date)
    };
    if !saved {
        s = if how.is_empty() {
            format!(
                "A rest day on {}: I can't save it to the journal right now.",
                r.date
            )
        } else {
            format!(
                "A rest day on {} ({how}): I can't save it to the journal right now.",
                r.date
            )
        };
    }
    let low = |v: Option<u8>| v.is_some_and(|v| v <= 2);
    if low(r.wellness.sleep) || low(r.wellness.energy) {
        s.push_str(
            " Poor sleep and low energy add up: keep your next session easy, or take another \
             rest day if you still feel flat.",
        );
    } else {
        s.push_str(" Recovery is part of training.");
    }
    s
}

fn missing_words(inc: &IncompleteLog) -> String {
    let ask = match (inc.activity, inc.duration_min) {
        (None, None) => {
            "what kind of session it was (bouldering, sport, hangboard, ...) and how \
            long it lasted"
        }
        (None, Some(_)) => "what kind of session it was (bouldering, sport, hangboard, ...)",
        (Some(_), _) => "how long it lasted",
    };
    format!(
        "Sure! {MISSING_QUESTION} {ask}: for example \"90 min bouldering\". Sends, RPE and \
         how you felt are welcome too. What did you do?"
    )
}

fn test_words(t: &HangTest, results: &[Value]) -> String {
    if let Some(err) = first_error(results) {
        return format!("I couldn't save that test result: {err}");
    }
    let Some(tests) = results
        .iter()
        .find(|r| r["ok"] == json!(true))
        .map(|r| &r["data"]["tests"])
    else {
        return "I can't save test results right now: enter it on the \
            [assessment page](/assessment)."
            .into();
    };
    let bw = t.bodyweight_kg.or_else(|| {
        tests["bodyweight_kg"]
            .as_str()
            .and_then(|s| s.trim().parse::<f64>().ok())
    });
    let added = if t.added_kg >= 0.0 {
        format!("+{} kg", format_kg(t.added_kg))
    } else {
        format!("{} kg (assisted)", format_kg(t.added_kg))
    };
    let edge = t
        .edge_mm
        .map(|mm| format!(" on {mm} mm"))
        .unwrap_or_default();
    let mut s = format!(
        "Saved to your assessment draft: max hang{edge}, {added} for {} s",
        t.seconds
    );
    match bw {
        Some(bw) if bw > 0.0 => s.push_str(&format!(
            " at {} kg bodyweight, a ratio of {:.2}× bodyweight ((bodyweight + added) ÷ \
             bodyweight).",
            format_kg(bw),
            (bw + t.added_kg) / bw
        )),
        _ => s.push_str(
            ". Tell me your bodyweight (\"I weigh 70 kg\") and I'll work out the ratio the \
             assessment scores.",
        ),
    }
    if t.edge_mm.is_some_and(|mm| mm != 20) {
        s.push_str(" The test's protocol uses a 20 mm edge, so the score compares it loosely.");
    }
    s.push_str(" Finish the other tests on the [assessment page](/assessment) when you like.");
    s
}

fn recall_words(topic: &str, results: &[Value]) -> String {
    let Some(data) = results
        .iter()
        .find(|r| r["ok"] == json!(true))
        .map(|r| &r["data"])
    else {
        return "I can't look through our earlier conversations right now.".into();
    };
    let said: Vec<String> = data["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| m["role"] == json!("user"))
        .filter_map(|m| m["text"].as_str())
        .map(|t| {
            let t = t.trim();
            if t.chars().count() > 200 {
                format!("{}…", t.chars().take(200).collect::<String>())
            } else {
                t.to_string()
            }
        })
        .take(3)
        .collect();
    if said.is_empty() {
        return format!(
            "I can't find anything you told me about {topic} in our earlier conversations. \
             Tell me now and I'll remember it."
        );
    }
    let mut s = format!("About {topic}, you told me:");
    for t in said {
        s.push_str(&format!("\n- “{t}”"));
    }
    s
}

fn log_words(log: &SessionLog, results: &[Value]) -> String {
    let saved = results
        .iter()
        .any(|r| r["ok"] == json!(true) && r["data"]["id"].is_string());
    let mut what = format!("{:?}", log.activity).to_lowercase();
    if let Some(min) = log.duration_min {
        what = format!("{min} min of {what}");
    }
    let sends: Vec<String> = log
        .sends
        .iter()
        .map(|s| {
            if s.count > 1 {
                format!("{}× {}", s.count, s.grade.label)
            } else {
                s.grade.label.clone()
            }
        })
        .collect();
    let mut s = format!("Nice session: {what} on {}", log.date);
    if !sends.is_empty() {
        s.push_str(&format!(", with sends of {}", sends.join(", ")));
    }
    if let Some(rpe) = log.rpe {
        s.push_str(&format!(" at RPE {rpe}"));
    }
    s.push('.');
    if saved {
        s.push_str(" It's saved in your journal.");
    } else if results.is_empty() {
        s.push_str(" I can't save it to the journal right now.");
    }
    if let Some(kg) = log.bodyweight_kg {
        s.push_str(&format!(" Bodyweight updated to {} kg.", format_kg(kg)));
    }
    if !log.wellness.is_empty() {
        s.push_str(&format!(" Noted: {}.", wellness_words(&log.wellness)));
    }
    if let Some(pain) = &log.pain {
        s.push_str(" I've noted the pain in your profile.\n\n");
        s.push_str(pain_advice(pain));
    }
    s
}

fn history_words(q: &crate::domain::intent::HistoryQuery, results: &[Value]) -> String {
    let words = history_counts(q, results);
    match q.period.note() {
        Some(note) => {
            let mut c = note.chars();
            let first: String = c
                .next()
                .map(|f| f.to_uppercase().collect())
                .unwrap_or_default();
            format!("{first}{}: {words}", c.as_str())
        }
        None => words,
    }
}

fn history_counts(q: &crate::domain::intent::HistoryQuery, results: &[Value]) -> String {
    let Some(data) = results
        .iter()
        .find(|r| r["ok"] == json!(true))
        .map(|r| &r["data"])
    else {
        return "I can't look at your journal right now.".into();
    };
    let n = data["sessions"].as_u64().unwrap_or(0);
    let range = format!(
        "from {} to {}",
        data["from"].as_str().unwrap_or("?"),
        data["to"].as_str().unwrap_or("?")
    );
    let sends: Vec<(String, u64)> = data["sends_by_grade"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(g, c)| (g.clone(), c.as_u64().unwrap_or(0)))
                .collect()
        })
        .unwrap_or_default();
    if let Some(g) = &q.grade {
        // The tool counted only this grade and its equivalents in other systems.
        let count: u64 = sends.iter().map(|(_, c)| *c).sum();
        return format!("You sent {count} × {} {range}.", g.label);
    }
    if n == 0 {
        return format!("Your journal has no sessions {range}. Tell me about one and I'll log it.");
    }
    let minutes = data["minutes"].as_u64().unwrap_or(0);
    let mut s = format!(
        "{range} you logged {n} session{}: {} h {} min in all, load {}.",
        if n == 1 { "" } else { "s" },
        minutes / 60,
        minutes % 60,
        data["load"].as_u64().unwrap_or(0)
    );
    s = format!("{}{}", s[..1].to_uppercase(), &s[1..]);
    if !sends.is_empty() {
        let list: Vec<String> = sends.iter().map(|(g, c)| format!("{g} ×{c}")).collect();
        s.push_str(&format!(" Sends: {}.", list.join(", ")));
    }
    let hardest: Vec<&str> = ["hardest_boulder", "hardest_route"]
        .iter()
        .filter_map(|k| data[*k]["grade"].as_str())
        .collect();
    if !hardest.is_empty() {
        s.push_str(&format!(" Hardest: {}.", hardest.join(" and ")));
    }
    s
}

/// The climber's name from the working memory in the system message, if known.
fn known_name(system: &str) -> Option<String> {
    let body = crate::domain::memory::section_body(system, "Name")?;
    let first = body.lines().next()?.trim().trim_start_matches("- ").trim();
    (!first.is_empty() && first != "(unknown)").then(|| first.to_string())
}

const ASSESSMENT_WORDS: &str = "Let's find your strengths and weaknesses. The assessment has two \
steps: your climbing (hardest grades, goal, schedule, equipment, injuries), then physical tests \
(max hang, pulling, finger endurance, power, core, flexibility). Every test is optional, and each \
one's protocol is explained on the page. [Open the assessment](/assessment); your answers are \
saved as you go, so you can stop and come back.";

/// "session done, RPE 7" / "I did today's session": `Some(rpe)` when the climber reports a
/// program session as done (the RPE if they said it).
fn session_done(text: &str) -> Option<Option<u8>> {
    let t = text.to_lowercase();
    let read = coach_words(&t);
    let words: Vec<&str> = read.iter().map(|w| w.w.as_str()).collect();
    let has = |w: &str| words.contains(&w);
    let todays = read
        .iter()
        .any(|w| w.w == "today" && t[w.end..].starts_with(['\'', '’']));
    let about_session = has("session") || todays || has("workout");
    let done = ["done", "did", "finished", "completed", "ticked", "complete"]
        .iter()
        .any(|w| has(w));
    // A question, a negation ("haven't done today's session") or pain (which goes to the
    // journal with advice, not a silent tick) is not a completion report.
    let pain = [
        "pain", "hurt", "hurts", "sore", "injured", "injury", "tweaked", "pop", "popped",
    ]
    .iter()
    .any(|w| has(w));
    if !(about_session && done) || t.trim_end().ends_with('?') || has_negation(&t) || pain {
        return None;
    }
    let rpe = words
        .iter()
        .position(|w| *w == "rpe")
        .and_then(|i| {
            // "rpe 8", "rpe: 7", "rpe8"; "rpe 7.5" rounds half up, as the coach's logs do.
            words[i + 1..]
                .iter()
                .take(2)
                .find_map(|w| w.parse::<f64>().ok())
        })
        .map(f64::round)
        .filter(|r| (1.0..=10.0).contains(r))
        .map(|r| r as u8);
    Some(rpe)
}

/// "replace my program" confirms replacing the active one; "don't replace it" does not.
fn wants_replacement(text: &str) -> bool {
    let t = text.to_lowercase();
    t.contains("replace") && !has_negation(&t)
}

/// "not", "didn't", "haven't", "no"…: the climber is saying what did *not* happen.
fn has_negation(lower: &str) -> bool {
    coach_words(lower).iter().any(|w| {
        let typed = &lower[w.start..w.end];
        matches!(
            w.w.as_str(),
            "not" | "no" | "never" | "dont" | "didnt" | "havent" | "cant" | "couldnt" | "wont"
        ) || typed.ends_with("n't")
            || typed.ends_with("n’t")
    })
}

/// A "session" with nothing about what was climbed or for how long.
fn is_bare_session(log: &SessionLog) -> bool {
    log.activity == Activity::Other
        && log.sends.is_empty()
        && log.duration_min.is_none()
        && log.pain.is_none()
}

fn mentions_program_session(text: &str) -> bool {
    let t = text.to_lowercase();
    [
        "today's session",
        "program",
        "planned session",
        "next session",
    ]
    .iter()
    .any(|p| t.contains(p))
}

fn timer_words(results: &[Value]) -> String {
    if let Some(err) = first_error(results) {
        return err.trim_start_matches("invalid arguments: ").to_string();
    }
    let summary = results
        .iter()
        .find_map(|r| r["data"]["summary"].as_str())
        .unwrap_or("your timer");
    format!(
        "Your timer is ready: {summary}. Press Start when you're on the holds; it beeps at every \
         change, and the last three seconds of each phase tick."
    )
}

fn completion_words(results: &[Value]) -> String {
    if let Some(err) = first_error(results) {
        return program_error_words(&err);
    }
    let title = results
        .iter()
        .find_map(|r| r["data"]["session"]["title"].as_str())
        .unwrap_or("your session");
    format!(
        "Ticked off: {title}. It's in your journal too. Rest well; [see what's next](/programs)."
    )
}

fn program_error_words(err: &str) -> String {
    if err.contains("no assessment") {
        "Your program is built from your assessment, and you haven't taken one yet. \
         [Take the assessment](/assessment): every test is optional."
            .into()
    } else if err.contains("already has an active program") {
        "You already have a program. Say \"replace my program\" to build a new one (the current \
         one stays in your history), or [open it](/programs)."
            .into()
    } else if err.contains("no active program") {
        "You don't have a program yet. Say \"build my program\" and I'll make one from your \
         assessment."
            .into()
    } else {
        format!("That didn't work: {err}")
    }
}

fn generated_words(results: &[Value]) -> String {
    let Some(d) = results
        .iter()
        .find(|r| r["ok"] == json!(true))
        .map(|r| &r["data"])
    else {
        return "I can't build programs right now.".into();
    };
    let mut s = format!(
        "Your program is ready: {} weeks ({}), {} to {}.",
        d["weeks"].as_array().map(Vec::len).unwrap_or(0),
        d["model"].as_str().unwrap_or("periodized"),
        d["start"].as_str().unwrap_or("?"),
        d["end"].as_str().unwrap_or("?"),
    );
    if let Some(focus) = d["focus"].as_array().filter(|f| !f.is_empty()) {
        let f: Vec<&str> = focus.iter().filter_map(Value::as_str).collect();
        s.push_str(&format!(" It focuses on {}.", f.join(", ").to_lowercase()));
    }
    if let Some(first) = d["first_session"].as_object() {
        s.push_str(&format!(
            " First up: **{}** on {}.",
            first.get("title").and_then(Value::as_str).unwrap_or("?"),
            first.get("date").and_then(Value::as_str).unwrap_or("?")
        ));
    }
    for note in d["notes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        s.push_str(&format!("\n\n{note}"));
    }
    s.push_str("\n\n[Open your program](/programs)");
    s
}

fn next_session_words(results: &[Value]) -> String {
    let Some(d) = results
        .iter()
        .find(|r| r["ok"] == json!(true))
        .map(|r| &r["data"])
    else {
        return "I can't read your program right now.".into();
    };
    let Some(title) = d["title"].as_str() else {
        return "Your program has no sessions left. Time for a new assessment and program!".into();
    };
    let mut s = format!(
        "Next session: **{title}** on {} ({} min, {}).",
        d["date"].as_str().unwrap_or("?"),
        d["minutes"].as_u64().unwrap_or(0),
        d["phase"].as_str().unwrap_or("").to_lowercase()
    );
    for e in d["exercises"].as_array().into_iter().flatten() {
        s.push_str(&format!(
            "\n- {}: {} × {}, rest {}, {}",
            e["name"].as_str().unwrap_or("?"),
            e["sets"].as_u64().unwrap_or(1),
            e["reps"].as_str().unwrap_or(""),
            e["rest"].as_str().unwrap_or(""),
            e["intensity"].as_str().unwrap_or("")
        ));
    }
    s.push_str("\n\nWhen you're done, tell me \"session done, RPE 7\" (or tick it off on the [programs page](/programs)).");
    s
}

fn help_text() -> String {
    "I'm the offline coach (no language model is configured), so I understand a few kinds of \
     requests:\n\n\
     - **Tell me about you**: \"I have a hangboard at home\", \"my goal is 7c by June\", \"call me Sam\"\n\
     - **Report a session**: \"90 min bouldering, sent two V5, RPE 8\" (saved to your journal)\n\
     - **Ask about your training**: \"what did I do last week?\", \"how many V5s this month?\"\n\
     - **Report pain**: \"my left ring finger hurts\"\n\
     - **Ask for training advice**: \"how do I train for overhangs?\", \"how often should I hangboard?\"\n\
     - **Assessment and program**: \"assess me\", \"build my program\", \"what's my next session?\", \"session done, RPE 7\"\n\
     - **Say hi** or ask for **help**"
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::agent::provider::ToolSpec;

    #[test]
    fn a_completion_report_reads_its_rpe_with_the_shared_words() {
        assert_eq!(
            session_done("done with today's session, rpe 7"),
            Some(Some(7))
        );
        assert_eq!(session_done("finished today’s session rpe8"), Some(Some(8)));
        assert_eq!(session_done("did the session, RPE 7.5"), Some(Some(8)));
        assert_eq!(session_done("did today's workout"), Some(None));
        assert_eq!(session_done("haven't done today's session"), None);
        assert_eq!(session_done("did I do today's session?"), None);
        assert_eq!(session_done("did it today"), None);
    }

    fn request(history: Vec<ChatMessage>, tools: &[&str]) -> ProviderRequest {
        let mut messages = vec![ChatMessage::new(
            ChatRole::System,
            "Coach.\n\nToday is 2026-11-25.\n\n# Climber profile\n\n## Name\n- Sam\n",
        )];
        messages.extend(history);
        ProviderRequest {
            messages,
            tools: tools
                .iter()
                .map(|n| ToolSpec {
                    name: n.to_string(),
                    description: String::new(),
                    parameters: json!({}),
                })
                .collect(),
            max_tokens: None,
        }
    }

    fn user(text: &str) -> ChatMessage {
        ChatMessage::new(ChatRole::User, text)
    }

    #[test]
    fn a_duration_answer_completes_the_log_that_lacked_it() {
        let first = "went bouldering yesterday and sent a V4";
        let asked = ChatMessage::new(
            ChatRole::Assistant,
            "I couldn't save that: How long was the session, in minutes?",
        );
        let p = plan(&request(
            vec![user(first), asked.clone(), user("90 min")],
            &["log_session"],
        ));
        assert_eq!(p.tool_calls.len(), 1, "{}", p.text);
        assert_eq!(p.tool_calls[0].name, "log_session");
        let args: Value = serde_json::from_str(&p.tool_calls[0].arguments).unwrap();
        assert_eq!(args["duration_min"], 90, "{args}");
        assert_eq!(args["climbs"][0]["grade"], "V4", "{args}");
        // Without the question, "90 min" alone is not a log.
        let p = plan(&request(vec![user("90 min")], &["log_session"]));
        assert!(p.tool_calls.is_empty());
    }

    #[test]
    fn onboarding_takes_on_topic_replies_only() {
        let mut req = request(
            vec![user("my goal is 7c by June")],
            &["onboarding_answer", "remember"],
        );
        req.messages[0].content.push_str(&format!(
            "\n{ONBOARDING_HEADING}\nThe climber is new: step 1 of 6 (Your goal)."
        ));
        assert_eq!(plan(&req).tool_calls[0].name, "onboarding_answer");
        for off_topic in [
            "secret beta",
            "how do I train crimps?",
            "remember that I like slab",
        ] {
            let mut r = req.clone();
            r.messages[1] = user(off_topic);
            let calls = plan(&r).tool_calls;
            assert!(
                calls.iter().all(|c| c.name != "onboarding_answer"),
                "{off_topic}: {calls:?}"
            );
        }
    }

    #[test]
    fn a_fact_becomes_a_remember_call_then_a_confirmation() {
        let req = request(vec![user("I have a hangboard at home")], &["remember"]);
        let p = plan(&req);
        assert_eq!(p.tool_calls.len(), 1);
        assert_eq!(p.tool_calls[0].name, "remember");
        let args: Value = serde_json::from_str(&p.tool_calls[0].arguments).unwrap();
        assert_eq!(args["section"], "equipment");
        assert!(args["note"].as_str().unwrap().contains("hangboard"));

        let mut call = ChatMessage::new(ChatRole::Assistant, "");
        call.tool_calls = p.tool_calls.clone();
        let done = request(
            vec![
                user("I have a hangboard at home"),
                call,
                ChatMessage::tool_result("offline_0", r#"{"ok":true,"data":{}}"#),
            ],
            &["remember"],
        );
        let p = plan(&done);
        assert!(
            p.tool_calls.is_empty(),
            "words after tools, never another loop"
        );
        assert!(
            p.text.starts_with("Got it. I'll remember that (Equipment:"),
            "{}",
            p.text
        );
    }

    #[test]
    fn a_failed_tool_is_reported_honestly() {
        let done = request(
            vec![
                user("my goal is 7c by June"),
                ChatMessage::tool_result("offline_0", r#"{"ok":false,"error":"note is empty"}"#),
            ],
            &["remember"],
        );
        assert_eq!(plan(&done).text, "I couldn't save that: note is empty.");
    }

    #[test]
    fn a_name_updates_the_profile_too() {
        let p = plan(&request(
            vec![user("call me Alex")],
            &["remember", "update_profile"],
        ));
        let names: Vec<&str> = p.tool_calls.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, vec!["remember", "update_profile"]);
    }

    #[test]
    fn pain_in_a_logged_session_is_noted_with_safety_advice() {
        let text = "90 min bouldering at the gym, sent two V5 and a V6 flash, RPE 8, left ring finger a bit sore";
        let p = plan(&request(vec![user(text)], &["remember"]));
        let args: Value = serde_json::from_str(&p.tool_calls[0].arguments).unwrap();
        assert_eq!(args["section"], "injuries");
        assert!(args["note"].as_str().unwrap().contains("ring finger"));
        assert!(args["note"].as_str().unwrap().contains("2026-11-25"));
        let done = request(
            vec![
                user(text),
                ChatMessage::tool_result("offline_0", r#"{"ok":true}"#),
            ],
            &["remember"],
        );
        let words = plan(&done).text;
        assert!(words.contains("90 min of bouldering"), "{words}");
        assert!(words.contains("2× V5"), "{words}");
        assert!(words.contains("physio or doctor"), "{words}");
        assert!(
            words.contains("no limit bouldering, hangboarding or campusing"),
            "{words}"
        );
    }

    #[test]
    fn greets_by_name_helps_and_admits_what_it_cannot_do() {
        assert_eq!(
            plan(&request(vec![user("hi")], &[])).text,
            "Hi Sam! What are we working on today?"
        );
        assert!(plan(&request(vec![user("what can you do?")], &[]))
            .text
            .contains("offline coach"));
        assert!(plan(&request(vec![user("asdf qwer")], &[]))
            .text
            .starts_with("Sorry, I didn't catch that."));
        assert!(plan(&request(vec![user("start the assessment")], &[]))
            .text
            .contains("[Open the assessment](/assessment)"));
        // Without tools it says what it understood instead of pretending.
        let p = plan(&request(vec![user("I have a hangboard at home")], &[]));
        assert!(p.tool_calls.is_empty());
    }

    fn calls(text: &str) -> Vec<(String, Value)> {
        const TOOLS: [&str; 5] = [
            "log_session",
            "start_assessment",
            "generate_program",
            "get_next_session",
            "complete_session",
        ];
        plan(&request(vec![user(text)], &TOOLS))
            .tool_calls
            .into_iter()
            .map(|c| (c.name, serde_json::from_str(&c.arguments).unwrap()))
            .collect()
    }

    fn words_after(text: &str, result: &str, tools: &[&str]) -> String {
        plan(&request(
            vec![user(text), ChatMessage::tool_result("offline_0", result)],
            tools,
        ))
        .text
    }

    #[test]
    fn assessment_and_program_requests_call_their_tools() {
        assert_eq!(calls("assess me")[0].0, "start_assessment");
        assert_eq!(
            calls("build my program"),
            [("generate_program".into(), json!({"replace_active": false}))]
        );
        assert_eq!(
            calls("replace my program with a new one")[0].1,
            json!({"replace_active": true})
        );
        assert_eq!(calls("replace my program")[0].0, "generate_program");
        assert_eq!(
            calls("build a new program but don't replace mine")[0].1,
            json!({"replace_active": false})
        );
        assert_eq!(calls("what's my next session?")[0].0, "get_next_session");
    }

    #[test]
    fn a_done_session_is_ticked_off_with_its_rpe_but_a_new_log_is_not() {
        assert_eq!(
            calls("session done, RPE 7"),
            [("complete_session".into(), json!({"rpe": 7}))]
        );
        assert_eq!(calls("did today's session, rpe 8")[0].1, json!({"rpe": 8}));
        // No RPE: ask for it rather than guess.
        let p = plan(&request(
            vec![user("finished the session")],
            &["complete_session"],
        ));
        assert!(p.tool_calls.is_empty());
        assert!(p.text.contains("RPE 7"), "{}", p.text);
        // A session with an activity is a journal log, and a question is not a report.
        assert_eq!(
            calls("did a 90 min bouldering session, RPE 7")[0].0,
            "log_session"
        );
        assert!(calls("is my session done?")
            .iter()
            .all(|c| c.0 != "complete_session"));
        for not_done in [
            "I haven't done today's session",
            "did not finish the session, rpe 9",
            "didn't do today's session",
        ] {
            assert!(
                plan(&request(vec![user(not_done)], &["complete_session"]))
                    .tool_calls
                    .is_empty(),
                "{not_done}"
            );
        }
        // Pain is never ticked off silently.
        assert!(
            calls("did today's session, RPE 7, ring finger is sore")
                .iter()
                .all(|c| c.0 != "complete_session"),
            "a report with pain is never ticked off silently"
        );
        // An out-of-range RPE is not taken.
        assert!(plan(&request(
            vec![user("session done, rpe 15")],
            &["complete_session"]
        ))
        .tool_calls
        .is_empty());
    }

    #[test]
    fn training_questions_get_advice_on_their_topic_not_sorry() {
        use crate::domain::intent::Topic;
        let reply = |text: &str| {
            let p = plan(&request(vec![user(text)], &TOOLS));
            assert!(p.tool_calls.is_empty(), "{text}: {:?}", p.tool_calls);
            p.text
        };
        const TOOLS: [&str; 6] = [
            "log_session",
            "remember",
            "query_journal",
            "start_assessment",
            "generate_program",
            "get_next_session",
        ];
        let steep = reply("how do I train for overhangs?");
        assert_eq!(steep, advice_words(Topic::Steep));
        assert!(steep.starts_with("Steep climbing"), "{steep}");
        assert!(!steep.contains("Sorry"), "{steep}");
        // (message, words its answer must have)
        for (text, says) in [
            ("tips for steep stuff?", "Steep climbing"),
            ("how to train crimps", "20 mm edge for 10 s"),
            (
                "how often shld I hangboard",
                "48 h between max-finger sessions",
            ),
            (
                "should I campus?",
                "Campus board only if you're an advanced climber",
            ),
            ("best way to get pumped less", "ARC: 20-30 min"),
            (
                "cant do slabs lol any tips",
                "Slab is about trusting your feet",
            ),
            ("how do I warm up", "warm-up takes about 15 minutes"),
            ("whats a good deload", "Deload every 4-6 weeks"),
            (
                "how many days a week should i climb",
                "Intermediate: 3-4 sessions",
            ),
            ("how do I break into V5", "To break a plateau"),
            ("redpoint tactics?", "Projecting tactics"),
            ("what antagonist exercises should I do", "5-8 reps"),
            ("how do I take care of my skin", "calluses"),
            ("how do I get over my fear of falling", "Fear of falling"),
            ("how do i improve my footwork", "Quiet feet"),
            // Yes/no questions, typed in a hurry.
            ("is 4x4s good for pump or nah", "4 problems × 4 laps"),
            ("r deloads worth it", "Deload every 4-6 weeks"),
            (
                "cn i train fingers every day",
                "48 h between max-finger sessions",
            ),
            ("do max hangs actually work", "López MaxHangs"),
            (
                "can campusing hurt my fingers",
                "Campus board only if you're an advanced climber",
            ),
            ("hw do i stop gettin pumped on 6c routes", "ARC: 20-30 min"),
            (
                "im stuck at v4 for a year what do i do",
                "To break a plateau",
            ),
            ("ive got a flapper, what do i do", "flapper"),
            // Core, however it's asked.
            ("should i train core", "body tension"),
            (
                "how do i get a stronger core",
                "hanging leg raises and toes-to-bar",
            ),
            (
                "best core exercises for climbing",
                "planks and hollow holds",
            ),
            (
                "is core important for steep climbing",
                "tuck, advanced tuck, one leg, straddle, full",
            ),
            ("r front levers worth it", "core test"),
        ] {
            let words = reply(text);
            assert!(words.contains(says), "{text}: {words}");
        }
        for off_topic in [
            "what's the weather in Paris",
            "is it raining",
            "do i need new shoes",
        ] {
            assert!(
                reply(off_topic).starts_with("Sorry, I didn't catch that."),
                "{off_topic}"
            );
        }
        // Pain still gets the pain path, never training advice.
        let pain = plan(&request(
            vec![user("my finger hurts when I crimp, how do I train crimps?")],
            &TOOLS,
        ));
        assert_eq!(pain.tool_calls[0].name, "remember");
        assert!(pain.tool_calls[0].arguments.contains("injuries"));
        // The help text says the coach takes training questions.
        assert!(help_text().contains("how do I train for overhangs?"));
    }

    #[test]
    fn a_log_with_a_training_question_is_logged_then_answered() {
        let text = "did 4x4s for an hour yesterday, how do I get less pumped?";
        let p = plan(&request(vec![user(text)], &["log_session"]));
        let names: Vec<&str> = p.tool_calls.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["log_session"]);
        let mut call = ChatMessage::new(ChatRole::Assistant, "");
        call.tool_calls = p.tool_calls;
        let words = plan(&request(
            vec![
                user(text),
                call,
                ChatMessage::tool_result("offline_0", r#"{"ok":true,"data":{"id":"s1"}}"#),
            ],
            &["log_session"],
        ))
        .text;
        assert!(
            words.starts_with("Nice session: 60 min of endurance"),
            "{words}"
        );
        assert!(words.contains("It's saved in your journal."), "{words}");
        assert!(words.contains("ARC: 20-30 min"), "{words}");
    }

    #[test]
    fn core_questions_are_advice_and_the_next_session_is_still_the_programs() {
        use crate::domain::intent::Topic;
        let tools = ["get_next_session", "generate_program", "log_session"];
        for text in ["should i train core", "should I train my core?"] {
            let p = plan(&request(vec![user(text)], &tools));
            assert!(p.tool_calls.is_empty(), "{text}: {:?}", p.tool_calls);
            assert_eq!(p.text, advice_words(Topic::Core), "{text}");
        }
        for text in [
            "what's my next session",
            "next session",
            "what should i do today",
        ] {
            let p = plan(&request(vec![user(text)], &tools));
            let names: Vec<&str> = p.tool_calls.iter().map(|c| c.name.as_str()).collect();
            assert_eq!(names, ["get_next_session"], "{text}");
        }
    }

    #[test]
    fn a_log_then_a_next_session_question_is_logged_then_answered() {
        let text = "climbed 2 hrs today, what should i do next session";
        let tools = ["log_session", "get_next_session"];
        let p = plan(&request(vec![user(text)], &tools));
        let names: Vec<&str> = p.tool_calls.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["log_session", "get_next_session"]);
        let mut call = ChatMessage::new(ChatRole::Assistant, "");
        call.tool_calls = p.tool_calls;
        let next = r#"{"ok":true,"data":{"title":"Max hangs + limit bouldering","date":"2027-01-18","minutes":90,"phase":"Strength","exercises":[{"name":"MaxHangs","sets":4,"reps":"1 hang of 10 s","rest":"3 min","intensity":"90 %"}]}}"#;
        let words = plan(&request(
            vec![
                user(text),
                call,
                ChatMessage::tool_result("offline_0", r#"{"ok":true,"data":{"id":"s1"}}"#),
                ChatMessage::tool_result("offline_1", next),
            ],
            &tools,
        ))
        .text;
        assert!(words.starts_with("Nice session: 120 min"), "{words}");
        assert!(words.contains("It's saved in your journal."), "{words}");
        assert!(
            words.contains("Next session: **Max hangs + limit bouldering** on 2027-01-18"),
            "{words}"
        );
    }

    /// No question mark, during onboarding: the log, the answer, then onboarding again.
    #[test]
    fn a_log_then_an_unmarked_question_is_answered_during_onboarding() {
        let text = "bouldered 2h today sent 2 v5s rpe 8, how shld i recover";
        let tools = ["onboarding_answer", "log_session", "remember"];
        let mut req = request(vec![user(text)], &tools);
        req.messages[0].content.push_str(&format!(
            "\n{ONBOARDING_HEADING}\nThe climber is new: step 1 of 7 (Your goal)."
        ));
        let p = plan(&req);
        let names: Vec<&str> = p.tool_calls.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["log_session"]);
        let mut call = ChatMessage::new(ChatRole::Assistant, "");
        call.tool_calls = p.tool_calls;
        req.messages.push(call);
        req.messages.push(ChatMessage::tool_result(
            "offline_0",
            r#"{"ok":true,"data":{"id":"s1"}}"#,
        ));
        let words = plan(&req).text;
        assert!(
            words.starts_with("Nice session: 120 min of bouldering"),
            "{words}"
        );
        assert!(
            words.contains("Recovery is when the training pays off"),
            "{words}"
        );
        assert!(words.contains(ONBOARDING_NUDGE), "{words}");
    }

    #[test]
    fn advice_during_onboarding_answers_then_picks_onboarding_up_again() {
        let mut req = request(
            vec![user("how often shld I hangboard")],
            &["onboarding_answer", "remember"],
        );
        req.messages[0].content.push_str(&format!(
            "\n{ONBOARDING_HEADING}\nThe climber is new: step 1 of 6 (Your goal)."
        ));
        let p = plan(&req);
        assert!(p.tool_calls.is_empty(), "{:?}", p.tool_calls);
        assert!(
            p.text.contains("48 h between max-finger sessions"),
            "{}",
            p.text
        );
        assert!(p.text.contains(ONBOARDING_NUDGE), "{}", p.text);
    }

    #[test]
    fn program_refusals_become_next_steps_for_the_climber() {
        let no_assessment = r#"{"ok":false,"error":"The climber has no assessment yet: a program is built from one."}"#;
        let text = words_after("build my program", no_assessment, &["generate_program"]);
        assert!(
            text.contains("[Take the assessment](/assessment)"),
            "{text}"
        );
        let exists = r#"{"ok":false,"error":"The climber already has an active program. Ask whether to replace it"}"#;
        let text = words_after("build my program", exists, &["generate_program"]);
        assert!(text.contains("replace my program"), "{text}");
        let next = r#"{"ok":true,"data":{"title":"Max hangs + limit bouldering","date":"2027-01-18","minutes":90,"phase":"Strength","exercises":[{"name":"MaxHangs","sets":4,"reps":"1 hang of 10 s","rest":"3 min","intensity":"90 %"}]}}"#;
        let text = words_after("what's my next session?", next, &["get_next_session"]);
        assert!(
            text.starts_with(
                "Next session: **Max hangs + limit bouldering** on 2027-01-18 (90 min, strength)."
            ),
            "{text}"
        );
        assert!(
            text.contains("- MaxHangs: 4 × 1 hang of 10 s, rest 3 min, 90 %"),
            "{text}"
        );
    }
}
