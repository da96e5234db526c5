//! The offline coach: the provider used when no language model is configured. It recognises
//! the core requests with the domain's deterministic intent parser, calls the same tools a
//! model would (through the same loop, with the same validation), and answers in plain
//! templated sentences. Nobody needs a key to use ClimbingPill.
use async_trait::async_trait;
use serde_json::{json, Value};
use tokio::sync::mpsc;

use super::provider::{
    ChatMessage, ChatRole, Provider, ProviderError, ProviderRequest, StepOutput, ToolCall,
};
use crate::domain::intent::{recognize, Fact, Intent, ProgramAsk, SessionLog};
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
fn plan(req: &ProviderRequest) -> Plan {
    let Some(last_user) = req.messages.iter().rposition(|m| m.role == ChatRole::User) else {
        return answer(help_text());
    };
    let today = today_from_system(&req.messages);
    let intent = recognize(&req.messages[last_user].content, today);
    let results: Vec<Value> = req.messages[last_user + 1..]
        .iter()
        .filter(|m| m.role == ChatRole::Tool)
        .map(|m| serde_json::from_str(&m.content).unwrap_or(Value::Null))
        .collect();
    let has = |tool: &str| req.tools.iter().any(|t| t.name == tool);
    if results.is_empty() {
        let calls = tools_for(&intent, today, &has);
        if !calls.is_empty() {
            return Plan {
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
            };
        }
    }
    answer(words_for(&intent, &results, &req.messages[0].content))
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
        Intent::LogSession(log) => {
            if has("log_session") {
                calls.push(("log_session", log_session_args(log)));
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
            calls.push(("query_journal", args));
        }
        _ => {}
    }
    calls
}

/// The `log_session` arguments for what the climber said.
fn log_session_args(log: &SessionLog) -> Value {
    use crate::domain::intent::{Activity, Location, SendStyle};
    let kind = match log.activity {
        Activity::Bouldering => "bouldering",
        Activity::Sport | Activity::TopRope => "sport",
        Activity::Trad => "trad",
        Activity::Board | Activity::Campus => "board",
        Activity::Hangboard => "hangboard",
        Activity::Strength => "strength",
        Activity::Endurance => "endurance",
        Activity::Other => "other",
    };
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

fn words_for(intent: &Intent, results: &[Value], system: &str) -> String {
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
                s.push_str(PAIN_ADVICE);
            }
            s
        }
        Intent::Remember(_) => "I understood that as something to remember, but I can't store notes right now.".into(),
        Intent::LogSession(log) => log_words(log, results),
        Intent::AskHistory(q) => history_words(q, results),
        Intent::Assessment => "The ClimbingPill assessment isn't available yet. When it is, I'll walk you \
            through the tests here, step by step."
            .into(),
        Intent::Program(ask) => match ask {
            ProgramAsk::NextSession => "You don't have a training program yet, so there's no next session. \
                Programs are coming soon."
                .into(),
            _ => "Training programs aren't available yet. Meanwhile, tell me your goal and schedule \
                and I'll remember them for when they are."
                .into(),
        },
        Intent::Greeting => match known_name(system) {
            Some(name) => format!("Hi {name}! What are we working on today?"),
            None => "Hi! I'm your ClimbingPill coach. What should I call you, and what are you training for?".into(),
        },
        Intent::Help => help_text(),
        Intent::Unknown => format!("Sorry, I didn't catch that. {}", help_text()),
    }
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
    if log.pain.is_some() {
        s.push_str(" I've noted the pain in your profile.\n\n");
        s.push_str(PAIN_ADVICE);
    }
    s
}

fn history_words(q: &crate::domain::intent::HistoryQuery, results: &[Value]) -> String {
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
        let count = sends
            .iter()
            .find(|(l, _)| *l == g.label)
            .map(|(_, c)| *c)
            .unwrap_or(0);
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

fn help_text() -> String {
    "I'm the offline coach (no language model is configured), so I understand a few kinds of \
     requests:\n\n\
     - **Tell me about you**: \"I have a hangboard at home\", \"my goal is 7c by June\", \"call me Sam\"\n\
     - **Report a session**: \"90 min bouldering, sent two V5, RPE 8\" (saved to your journal)\n\
     - **Ask about your training**: \"what did I do last week?\", \"how many V5s this month?\"\n\
     - **Report pain**: \"my left ring finger hurts\"\n\
     - **Say hi** or ask for **help**"
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::agent::provider::ToolSpec;

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
            .contains("isn't available yet"));
        // Without tools it says what it understood instead of pretending.
        let p = plan(&request(vec![user("I have a hangboard at home")], &[]));
        assert!(p.tool_calls.is_empty());
    }
}
