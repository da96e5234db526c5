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
    onboarding: Option<(Step, &str)>,
) -> ChatMessage {
    let mut s = format!(
        "{COACH}\n\nToday is {today}.\n\n# What you know about this climber\n{working_memory}\n"
    );
    if let Some((step, question)) = onboarding {
        s.push_str(&format!(
            "\n{ONBOARDING_HEADING}\nThe climber is new: step {} of {} ({}). When it fits, ask: \
             \"{}\" Save their answer with `onboarding_answer`; the last answer builds their \
             first assessment and program. They can also use the page /onboarding.\n",
            step.number(),
            Step::ALL.len(),
            step.title(),
            question
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

/// Tokens estimated from text: about four characters a token for English, rounded up, plus
/// a little per message for the role and framing. Deliberately simple: it only has to keep a
/// prompt from growing without bound.
pub fn estimate_tokens(text: &str) -> usize {
    text.chars().count().div_ceil(4)
}

/// A stored message's estimated tokens (its text, tool calls and results).
fn estimate_stored(m: &Message) -> usize {
    let raw = serde_json::to_string(&m.parts).map_or(0, |j| j.chars().count());
    raw.div_ceil(4) + 4
}

/// A provider message's estimated tokens.
pub fn estimate_message(m: &ChatMessage) -> usize {
    let calls: usize = m
        .tool_calls
        .iter()
        .map(|c| estimate_tokens(&c.name) + estimate_tokens(&c.arguments))
        .sum();
    estimate_tokens(&m.content) + calls + 4
}

/// What fits the input budget.
pub struct Fitted {
    pub working_memory: String,
    pub recalled: Vec<RecallHit>,
    pub history: Vec<Message>,
    pub working_memory_trimmed: bool,
    pub recall_dropped: usize,
    pub history_dropped: usize,
}

/// Trims the turn's context to about `budget` estimated tokens: working memory to a quarter of
/// it (its start kept), recalled messages to an eighth (best hits kept), and the thread's
/// history to what is left, newest kept. The newest message always stays, so the model
/// always sees what it is answering.
pub fn fit_to_budget(
    budget: usize,
    working_memory: &str,
    recalled: Vec<RecallHit>,
    history: Vec<Message>,
) -> Fitted {
    // The coach's instructions and the tools' schemas come first.
    let fixed = estimate_tokens(COACH) + 600;
    let mut left = budget.saturating_sub(fixed);

    let wm_cap = left / 4;
    let working_memory_trimmed = estimate_tokens(working_memory) > wm_cap;
    let working_memory = if working_memory_trimmed {
        let kept: String = working_memory.chars().take(wm_cap * 4).collect();
        format!("{kept}\n(…the rest of the notes is left out to keep this short)")
    } else {
        working_memory.to_string()
    };
    left = left.saturating_sub(estimate_tokens(&working_memory));

    let recall_cap = left / 8;
    let total_hits = recalled.len();
    let mut recall_used = 0;
    let mut kept_hits = Vec::new();
    for hit in recalled {
        // Each recalled message is shown as at most 400 characters.
        let cost: usize = [&hit.before, &Some(hit.hit.clone()), &hit.after]
            .into_iter()
            .flatten()
            .map(|m| estimate_tokens(&m.text()).min(100) + 4)
            .sum();
        if recall_used + cost > recall_cap {
            break;
        }
        recall_used += cost;
        kept_hits.push(hit);
    }
    let recalled = kept_hits;
    let recall_dropped = total_hits - recalled.len();
    left = left.saturating_sub(recall_used);

    let total = history.len();
    let mut keep = 0;
    let mut used = 0;
    for m in history.iter().rev() {
        let cost = estimate_stored(m);
        if keep > 0 && used + cost > left {
            break;
        }
        used += cost;
        keep += 1;
    }
    let history: Vec<Message> = history.into_iter().skip(total - keep).collect();
    Fitted {
        working_memory,
        recalled,
        history,
        working_memory_trimmed,
        recall_dropped,
        history_dropped: total - keep,
    }
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

    #[test]
    fn the_prompt_fits_the_input_budget_newest_history_kept() {
        let long = "a".repeat(32 * 1024);
        let history: Vec<Message> = (0..30)
            .map(|i| {
                msg(
                    i,
                    if i % 2 == 0 {
                        Role::User
                    } else {
                        Role::Assistant
                    },
                    vec![Part::Text {
                        text: format!("{i} {long}"),
                    }],
                )
            })
            .collect();
        let wm = "w".repeat(200_000);
        let budget = 16_000;
        let fitted = fit_to_budget(budget, &wm, Vec::new(), history);
        assert!(fitted.working_memory_trimmed);
        assert!(!fitted.history.is_empty());
        assert_eq!(
            fitted.history.last().unwrap().seq,
            29,
            "the newest message is kept"
        );
        assert!(fitted.history_dropped > 0);
        let seqs: Vec<i64> = fitted.history.iter().map(|m| m.seq).collect();
        assert!(
            seqs.windows(2).all(|w| w[1] == w[0] + 1),
            "a contiguous newest tail: {seqs:?}"
        );
        let mut messages = vec![system_message(
            "2027-01-01",
            &fitted.working_memory,
            &fitted.recalled,
            None,
        )];
        messages.extend(history_messages(&fitted.history));
        let total: usize = messages.iter().map(estimate_message).sum();
        assert!(
            total <= budget,
            "{total} estimated tokens for a budget of {budget}"
        );
        // A single message over the budget is still sent: the model must see the question.
        let one = vec![msg(
            1,
            Role::User,
            vec![Part::Text {
                text: "q".repeat(100_000),
            }],
        )];
        assert_eq!(fit_to_budget(1000, "", Vec::new(), one).history.len(), 1);
        // Small prompts are untouched.
        let small = vec![msg(1, Role::User, vec![Part::Text { text: "hi".into() }])];
        let f = fit_to_budget(budget, "notes", Vec::new(), small);
        assert_eq!(
            (
                f.history.len(),
                f.working_memory.as_str(),
                f.history_dropped
            ),
            (1, "notes", 0)
        );
    }
}
