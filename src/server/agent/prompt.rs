//! What the model reads each turn: the coach's instructions, the climber's working memory,
//! relevant older messages, and the recent conversation.
use std::collections::HashSet;

use crate::domain::memory::{Message, Part, Role};
use crate::domain::onboarding::Step;
use crate::server::memory::RecallHit;

use super::provider::{ChatMessage, ChatRole, ToolCall};

const COACH: &str = "You are ClimbingPill, a climbing coach. Be concrete (sets, reps, rest, \
grades, durations), encouraging and brief. Safety first: never diagnose an injury; when the \
climber reports pain, say a clinician (physio or doctor) should look at it, remove max-finger \
work (limit bouldering, hangboarding, campusing) from what you suggest until it is cleared, and \
record the injury with the `remember` tool. Use your tools to read and change the climber's \
data; never claim you saved something unless a tool said it succeeded. Keep the climber's \
profile notes current with `remember` whenever they tell you a lasting fact. Answer in \
markdown without raw HTML or images.";

/// Heads the onboarding section of the system message (the offline coach looks for it).
pub const ONBOARDING_HEADING: &str = "# Onboarding in progress";

/// The system message: instructions, today's date, working memory, recalled messages, and
/// the onboarding question when the climber is part-way through it.
pub fn system_message(
    today: &str,
    working_memory: &str,
    recalled: &[RecallHit],
    onboarding: Option<Step>,
) -> ChatMessage {
    let mut s = format!(
        "{COACH}\n\nToday is {today}.\n\n# What you know about this climber\n{working_memory}\n"
    );
    if let Some(step) = onboarding {
        s.push_str(&format!(
            "\n{ONBOARDING_HEADING}\nThe climber is new: step {} of {} ({}). When it fits, ask: \
             \"{}\" Save their answer with `onboarding_answer`; the last answer builds their \
             first assessment and program. They can also use the page /onboarding.\n",
            step.number(),
            Step::ALL.len(),
            step.title(),
            step.question()
        ));
    }
    if !recalled.is_empty() {
        s.push_str("\n# Possibly relevant messages from earlier conversations\n");
        for hit in recalled {
            for m in [&hit.before, &Some(hit.hit.clone()), &hit.after]
                .into_iter()
                .flatten()
            {
                let text = m.text();
                if !text.trim().is_empty() {
                    let snippet: String = text.chars().take(400).collect();
                    s.push_str(&format!("- {}: {}\n", m.role.as_str(), snippet));
                }
            }
        }
    }
    ChatMessage::new(ChatRole::System, s)
}

/// Stored messages as provider messages. Tool results whose call fell outside the window are
/// dropped (providers reject a tool result without its call).
pub fn history_messages(history: &[Message]) -> Vec<ChatMessage> {
    let mut out = Vec::new();
    let mut open_calls: HashSet<String> = HashSet::new();
    for m in history {
        match m.role {
            Role::User => out.push(ChatMessage::new(ChatRole::User, m.text())),
            Role::Assistant => {
                let calls: Vec<ToolCall> = m
                    .parts
                    .iter()
                    .filter_map(|p| match p {
                        Part::ToolCall {
                            id,
                            name,
                            arguments,
                        } => Some(ToolCall {
                            id: id.clone(),
                            name: name.clone(),
                            arguments: match arguments {
                                serde_json::Value::String(raw) => raw.clone(),
                                other => other.to_string(),
                            },
                        }),
                        _ => None,
                    })
                    .collect();
                open_calls.extend(calls.iter().map(|c| c.id.clone()));
                let mut msg = ChatMessage::new(ChatRole::Assistant, m.text());
                msg.tool_calls = calls;
                out.push(msg);
            }
            Role::Tool => {
                for p in &m.parts {
                    if let Part::ToolResult { id, result, .. } = p {
                        if open_calls.remove(id) {
                            let for_model = result.get("output").unwrap_or(result);
                            out.push(ChatMessage::tool_result(id, for_model.to_string()));
                        }
                    }
                }
            }
        }
    }
    // An assistant call left without results (a crash mid-turn) would also be rejected.
    if !open_calls.is_empty() {
        for m in out.iter_mut() {
            m.tool_calls.retain(|c| !open_calls.contains(&c.id));
        }
        out.retain(|m| {
            !(m.role == ChatRole::Assistant && m.content.is_empty() && m.tool_calls.is_empty())
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn msg(seq: i64, role: Role, parts: Vec<Part>) -> Message {
        Message {
            id: format!("m{seq}"),
            thread_id: "t".into(),
            seq,
            role,
            parts,
            created_at: 0,
        }
    }

    #[test]
    fn tool_traffic_round_trips_and_orphans_are_dropped() {
        let history = vec![
            // Result of a call that fell outside the window: dropped.
            msg(
                1,
                Role::Tool,
                vec![Part::ToolResult {
                    id: "old".into(),
                    name: "remember".into(),
                    result: json!({}),
                    is_error: false,
                }],
            ),
            msg(
                2,
                Role::User,
                vec![Part::Text {
                    text: "I have a hangboard".into(),
                }],
            ),
            msg(
                3,
                Role::Assistant,
                vec![Part::ToolCall {
                    id: "c1".into(),
                    name: "remember".into(),
                    arguments: json!({"section": "equipment", "note": "hangboard"}),
                }],
            ),
            msg(
                4,
                Role::Tool,
                vec![Part::ToolResult {
                    id: "c1".into(),
                    name: "remember".into(),
                    result: json!({"summary": "s", "output": {"ok": true}}),
                    is_error: false,
                }],
            ),
            msg(
                5,
                Role::Assistant,
                vec![Part::Text {
                    text: "Noted.".into(),
                }],
            ),
            // A call whose result never arrived: removed.
            msg(
                6,
                Role::Assistant,
                vec![Part::ToolCall {
                    id: "c2".into(),
                    name: "remember".into(),
                    arguments: json!("{bad"),
                }],
            ),
        ];
        let out = history_messages(&history);
        let roles: Vec<ChatRole> = out.iter().map(|m| m.role).collect();
        assert_eq!(
            roles,
            vec![
                ChatRole::User,
                ChatRole::Assistant,
                ChatRole::Tool,
                ChatRole::Assistant
            ]
        );
        assert_eq!(
            out[1].tool_calls[0].arguments,
            r#"{"note":"hangboard","section":"equipment"}"#
        );
        assert_eq!(out[2].content, r#"{"ok":true}"#);
        assert_eq!(out[2].tool_call_id.as_deref(), Some("c1"));
    }
}
