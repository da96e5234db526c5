//! Mastra's memory format, the pure parts: a stored message's `content` to our parts and
//! back, Mastra's ISO timestamps, and a Mastra working memory made ready to merge into a
//! climber profile. The database side is `server::memory::mastra`.
//!
//! Mastra (`@mastra/libsql`) stores a message's `content` as text in one of three shapes:
//! - v2 (`type` = `v2`, everything Mastra 1.x writes): `{"format":2,"parts":[…]}` with AI SDK
//!   UI parts: `text`, `tool-invocation` (`toolInvocation: {state, toolCallId, toolName, args,
//!   result}`), `reasoning`, `step-start`, `file`, `source`; newer AI SDK parts name a tool
//!   `tool-<name>` with `input`/`output`.
//! - v1 (older Mastra, AI SDK core messages): a JSON array of `text`, `tool-call`,
//!   `tool-result`, `image`, `file` parts.
//! - a plain string.
use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::{merge_working_memory, Part, Role};
use crate::domain::when::Date;

/// What became of one Mastra message.
#[derive(Debug, Clone, PartialEq)]
pub enum Converted {
    Message {
        role: Role,
        parts: Vec<Part>,
    },
    /// Left out, with the reason the import reports.
    Skipped(String),
}

/// Maps a Mastra role and stored content to our role and parts.
pub fn message_from_mastra(role: &str, content: &str) -> Converted {
    let role = match role {
        "user" => Role::User,
        "assistant" => Role::Assistant,
        "tool" => Role::Tool,
        "system" => {
            return Converted::Skipped(
                "system message (the old app's instructions, not the conversation)".into(),
            )
        }
        other => return Converted::Skipped(format!("unknown role {other:?}")),
    };
    let parts = parts_from_content(content);
    let has_content = parts.iter().any(|p| match p {
        Part::Text { text } => !text.trim().is_empty(),
        _ => true,
    });
    if !has_content {
        return Converted::Skipped("no text or tool call in it".into());
    }
    Converted::Message { role, parts }
}

/// Our parts of a stored Mastra `content`, in order. Never fails: what is not JSON is text.
pub fn parts_from_content(content: &str) -> Vec<Part> {
    let value: Value = match serde_json::from_str(content) {
        Ok(v @ (Value::Object(_) | Value::Array(_))) => v,
        Ok(Value::String(s)) => return text_part(s),
        // "42", "true", not JSON at all: the string is the message.
        _ => return text_part(content.to_string()),
    };
    let mut out = Vec::new();
    match &value {
        Value::Array(items) => items.iter().for_each(|p| add_part(p, &mut out)),
        Value::Object(obj) => {
            if let Some(parts) = obj.get("parts").and_then(Value::as_array) {
                parts.iter().for_each(|p| add_part(p, &mut out));
            }
            // v2 messages may carry the text only in `content` (and v1-style objects
            // `{"content": […]}`); use it when the parts said nothing.
            if !out.iter().any(|p| matches!(p, Part::Text { .. })) {
                match obj.get("content") {
                    Some(Value::String(s)) if !s.trim().is_empty() => {
                        out.insert(0, Part::Text { text: s.clone() })
                    }
                    Some(Value::Array(items)) if out.is_empty() => {
                        items.iter().for_each(|p| add_part(p, &mut out))
                    }
                    _ => {}
                }
            }
            if out.is_empty() {
                if let Some(Value::String(s)) = obj.get("text") {
                    out.push(Part::Text { text: s.clone() });
                }
            }
        }
        _ => unreachable!("matched above"),
    }
    out
}

fn text_part(text: String) -> Vec<Part> {
    vec![Part::Text { text }]
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// One Mastra part to ours (none for reasoning, step markers and data parts).
fn add_part(p: &Value, out: &mut Vec<Part>) {
    let kind = str_of(p, "type");
    match kind {
        "text" => out.push(Part::Text {
            text: str_of(p, "text").to_string(),
        }),
        // v2: AI SDK 4 UI part.
        "tool-invocation" => {
            let inv = p.get("toolInvocation").unwrap_or(&Value::Null);
            let id = str_of(inv, "toolCallId").to_string();
            let name = str_of(inv, "toolName").to_string();
            out.push(Part::ToolCall {
                id: id.clone(),
                name: name.clone(),
                arguments: inv.get("args").cloned().unwrap_or(json!({})),
            });
            if str_of(inv, "state") == "result" {
                out.push(Part::ToolResult {
                    id,
                    name,
                    result: inv.get("result").cloned().unwrap_or(Value::Null),
                    is_error: false,
                });
            }
        }
        // v1: AI SDK core parts.
        "tool-call" => out.push(Part::ToolCall {
            id: str_of(p, "toolCallId").to_string(),
            name: str_of(p, "toolName").to_string(),
            arguments: p
                .get("args")
                .or(p.get("input"))
                .cloned()
                .unwrap_or(json!({})),
        }),
        "tool-result" => out.push(Part::ToolResult {
            id: str_of(p, "toolCallId").to_string(),
            name: str_of(p, "toolName").to_string(),
            result: p
                .get("result")
                .or(p.get("output"))
                .cloned()
                .unwrap_or(Value::Null),
            is_error: p.get("isError").and_then(Value::as_bool).unwrap_or(false),
        }),
        "file" | "image" => {
            let what = p
                .get("mimeType")
                .or(p.get("mediaType"))
                .and_then(Value::as_str)
                .unwrap_or(kind);
            out.push(Part::Text {
                text: format!("[{kind} attached: {what}]"),
            })
        }
        "source" => {
            let src = p.get("source").unwrap_or(p);
            let url = str_of(src, "url");
            let title = str_of(src, "title");
            out.push(Part::Text {
                text: format!("[source: {}]", if title.is_empty() { url } else { title }),
            })
        }
        // AI SDK 5 tool parts: `tool-<name>` (or `dynamic-tool` with `toolName`).
        k if (k.starts_with("tool-") || k == "dynamic-tool") && p.get("toolCallId").is_some() => {
            let id = str_of(p, "toolCallId").to_string();
            let name = match k.strip_prefix("tool-") {
                Some(n) if k != "dynamic-tool" => n.to_string(),
                _ => str_of(p, "toolName").to_string(),
            };
            out.push(Part::ToolCall {
                id: id.clone(),
                name: name.clone(),
                arguments: p.get("input").cloned().unwrap_or(json!({})),
            });
            if let Some(output) = p.get("output") {
                out.push(Part::ToolResult {
                    id,
                    name,
                    result: output.clone(),
                    is_error: false,
                });
            } else if let Some(err) = p.get("errorText") {
                out.push(Part::ToolResult {
                    id,
                    name,
                    result: err.clone(),
                    is_error: true,
                });
            }
        }
        // reasoning, step-start, data-*: not what was said.
        _ => {}
    }
}

/// A Mastra v2 `content` for one of our messages: its text parts and, per tool call, one
/// `tool-invocation` (state `result` when the message holds its result, else `call`). A
/// result whose call is in an earlier message (our tool messages) becomes an invocation in
/// state `result` with that call's arguments from `earlier_calls`: what Mastra itself makes of
/// a tool message when it reads one.
pub fn content_to_mastra(parts: &[Part], earlier_calls: &HashMap<String, Value>) -> String {
    let mut out: Vec<Value> = Vec::new();
    for p in parts {
        match p {
            Part::Text { text } => out.push(json!({"type": "text", "text": text})),
            Part::ToolCall {
                id,
                name,
                arguments,
            } => {
                let result = parts.iter().find_map(|q| match q {
                    Part::ToolResult {
                        id: rid, result, ..
                    } if rid == id => Some(result),
                    _ => None,
                });
                let mut inv = Map::new();
                inv.insert(
                    "state".into(),
                    json!(if result.is_some() { "result" } else { "call" }),
                );
                inv.insert("toolCallId".into(), json!(id));
                inv.insert("toolName".into(), json!(name));
                inv.insert("args".into(), arguments.clone());
                if let Some(r) = result {
                    inv.insert("result".into(), r.clone());
                }
                out.push(json!({"type": "tool-invocation", "toolInvocation": inv}));
            }
            // A result whose call is in this message went into its invocation above.
            Part::ToolResult {
                id, name, result, ..
            } => {
                let has_call = parts
                    .iter()
                    .any(|q| matches!(q, Part::ToolCall { id: cid, .. } if cid == id));
                if !has_call {
                    out.push(json!({"type": "tool-invocation", "toolInvocation": {
                        "state": "result", "toolCallId": id, "toolName": name,
                        "args": earlier_calls.get(id).cloned().unwrap_or(json!({})), "result": result
                    }}));
                }
            }
        }
    }
    json!({"format": 2, "parts": out}).to_string()
}

/// Unix milliseconds of a Mastra timestamp: ISO 8601 as JavaScript's `toISOString()` writes it
/// (`2026-12-05T00:11:14.929Z`), also with a space, without fraction or with an offset; or a
/// number of milliseconds. `None` when it is none of those.
pub fn parse_timestamp(s: &str) -> Option<i64> {
    let s = s.trim();
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    let date = Date::parse_iso(s.get(..10)?)?;
    let mut ms = date.days_since_epoch() * 86_400_000;
    let rest = s.get(10..)?;
    if rest.is_empty() {
        return Some(ms);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let num = |r: &str| -> Option<i64> {
        (r.len() == 2 && r.bytes().all(|b| b.is_ascii_digit())).then(|| r.parse().ok())?
    };
    let (h, m) = (num(rest.get(0..2)?)?, num(rest.get(3..5)?)?);
    if rest.get(2..3)? != ":" || h > 23 || m > 59 {
        return None;
    }
    let mut tail = &rest[5..];
    let mut sec = 0;
    if let Some(t) = tail.strip_prefix(':') {
        sec = num(t.get(0..2)?)?;
        tail = &t[2..];
    }
    let mut frac_ms = 0;
    if let Some(t) = tail.strip_prefix('.') {
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let f = &t[..digits];
        frac_ms = format!("{:0<3}", &f[..digits.min(3)]).parse::<i64>().ok()?;
        tail = &t[digits..];
    }
    ms += ((h * 60 + m) * 60 + sec) * 1000 + frac_ms;
    let offset = match tail {
        "" | "Z" | "z" => 0,
        // ASCII first: the slices below are by byte and must not split a character.
        t if t.len() == 6
            && t.is_ascii()
            && (t.starts_with('+') || t.starts_with('-'))
            && t.get(3..4) == Some(":") =>
        {
            let mins = num(&t[1..3])? * 60 + num(&t[4..6])?;
            if t.starts_with('-') {
                -mins
            } else {
                mins
            }
        }
        _ => return None,
    };
    Some(ms - offset * 60_000)
}

/// A timestamp as JavaScript's `toISOString()` writes it, the form Mastra stores.
pub fn format_timestamp(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let d = Date::from_days_since_epoch(days);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        d.year,
        d.month,
        d.day,
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000
    )
}

/// Heading of the section that takes what a Mastra working memory says outside any
/// `## ` section.
pub const IMPORTED_NOTES: &str = "Notes from the previous app";

/// A Mastra working memory as an update for `merge_working_memory`: its `## ` sections
/// as they are (empty ones dropped, so they never blank a known section), and what it says
/// before its first section under [`IMPORTED_NOTES`]. A top `# ` title is left out: the
/// climber profile keeps its own. Empty when there is nothing to merge.
pub fn working_memory_update(mastra: &str) -> String {
    let mut head = Vec::new();
    let mut sections: Vec<(String, Vec<&str>)> = Vec::new();
    for line in mastra.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            sections.push((title.trim().to_string(), Vec::new()));
        } else if let Some((_, body)) = sections.last_mut() {
            body.push(line);
        } else if !(line.starts_with("# ") && head.iter().all(|l: &&str| l.trim().is_empty())) {
            head.push(line);
        }
    }
    let mut out = String::new();
    let head = head.join("\n");
    if !head.trim().is_empty() {
        out.push_str(&format!(
            "## {IMPORTED_NOTES}\n{}\n",
            head.trim_matches('\n')
        ));
    }
    for (title, body) in sections {
        let body = body.join("\n");
        if !body.trim().is_empty() && !title.is_empty() {
            out.push_str(&format!("## {title}\n{}\n", body.trim_matches('\n')));
        }
    }
    out
}

/// Merges a Mastra working memory into the climber's profile section by section. When the
/// climber's profile is newer than Mastra's (`ours_is_newer`), a section the climber already
/// filled in keeps its content; sections still at the template's "(unknown)" and sections
/// the profile lacks take Mastra's.
pub fn merge_mastra_working_memory(current: &str, mastra: &str, ours_is_newer: bool) -> String {
    let update = working_memory_update(mastra);
    if update.is_empty() {
        return current.to_string();
    }
    if !ours_is_newer {
        return merge_working_memory(current, &update);
    }
    let mut kept = String::new();
    for section in update.split("\n## ").map(|s| s.trim_start_matches("## ")) {
        let title = section.lines().next().unwrap_or("").trim();
        let filled = super::section_body(current, title)
            .is_some_and(|b| !b.trim().is_empty() && b.trim() != "- (unknown)");
        if !filled {
            kept.push_str(&format!("## {}\n", section.trim_end()));
        }
    }
    if kept.is_empty() {
        current.to_string()
    } else {
        merge_working_memory(current, &kept)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::memory::{section_body, working_memory_template};

    fn text(t: &str) -> Part {
        Part::Text { text: t.into() }
    }

    #[test]
    fn v2_text_and_tool_invocations_become_parts_in_order() {
        let content = r#"{"format":2,"parts":[{"type":"step-start"},{"type":"text","text":"let me check"},
            {"type":"tool-invocation","toolInvocation":{"state":"result","toolCallId":"c1","toolName":"getWeather","args":{"city":"Font"},"result":{"temp":12}}},
            {"type":"reasoning","reasoning":"hmm"},{"type":"text","text":"12 degrees 🧗"}]}"#;
        let Converted::Message { role, parts } = message_from_mastra("assistant", content) else {
            panic!()
        };
        assert_eq!(role, Role::Assistant);
        assert_eq!(
            parts,
            vec![
                text("let me check"),
                Part::ToolCall {
                    id: "c1".into(),
                    name: "getWeather".into(),
                    arguments: json!({"city": "Font"})
                },
                Part::ToolResult {
                    id: "c1".into(),
                    name: "getWeather".into(),
                    result: json!({"temp": 12}),
                    is_error: false
                },
                text("12 degrees 🧗"),
            ]
        );
        // Back to Mastra: one invocation with its result, texts kept.
        let back: Value =
            serde_json::from_str(&content_to_mastra(&parts, &HashMap::new())).unwrap();
        assert_eq!(back["format"], 2);
        assert_eq!(back["parts"].as_array().unwrap().len(), 3);
        assert_eq!(back["parts"][1]["toolInvocation"]["state"], "result");
        assert_eq!(back["parts"][1]["toolInvocation"]["result"]["temp"], 12);
        assert_eq!(back["parts"][2]["text"], "12 degrees 🧗");
    }

    #[test]
    fn plain_strings_and_v1_arrays_are_read() {
        assert_eq!(
            message_from_mastra("user", "just text, not JSON"),
            Converted::Message {
                role: Role::User,
                parts: vec![text("just text, not JSON")]
            }
        );
        // A plain string that happens to parse as JSON stays the string.
        assert_eq!(parts_from_content("42"), vec![text("42")]);
        assert_eq!(parts_from_content("\"quoted\""), vec![text("quoted")]);
        let v1 = r#"[{"type":"text","text":"calling"},{"type":"tool-call","toolCallId":"t","toolName":"log","args":{"a":1}}]"#;
        assert_eq!(parts_from_content(v1).len(), 2);
        let Converted::Message { role, parts } = message_from_mastra(
            "tool",
            r#"[{"type":"tool-result","toolCallId":"t","toolName":"log","result":"ok","isError":true}]"#,
        ) else {
            panic!()
        };
        assert_eq!(role, Role::Tool);
        assert!(matches!(&parts[0], Part::ToolResult { is_error: true, .. }));
        // v2 whose text sits in `content` only.
        assert_eq!(
            parts_from_content(r#"{"format":2,"parts":[],"content":"hello"}"#),
            vec![text("hello")]
        );
        // AI SDK 5 tool part.
        let p = parts_from_content(
            r#"{"format":2,"parts":[{"type":"tool-logSession","toolCallId":"x","input":{"g":"7a"},"output":"saved","state":"output-available"}]}"#,
        );
        assert!(matches!(&p[0], Part::ToolCall { name, .. } if name == "logSession"));
        assert!(matches!(&p[1], Part::ToolResult { .. }));
    }

    #[test]
    fn system_unknown_and_empty_messages_are_skipped_with_a_reason() {
        assert!(
            matches!(message_from_mastra("system", "be nice"), Converted::Skipped(r) if r.contains("system"))
        );
        assert!(
            matches!(message_from_mastra("data", "x"), Converted::Skipped(r) if r.contains("data"))
        );
        assert!(matches!(
            message_from_mastra("assistant", r#"{"format":2,"parts":[{"type":"step-start"},{"type":"reasoning","reasoning":"x"}]}"#),
            Converted::Skipped(r) if r.contains("no text")
        ));
    }

    #[test]
    fn a_tool_message_becomes_a_result_invocation_with_its_calls_arguments() {
        let call = vec![Part::ToolCall {
            id: "c".into(),
            name: "remember".into(),
            arguments: json!({"note": "x"}),
        }];
        let v: Value = serde_json::from_str(&content_to_mastra(&call, &HashMap::new())).unwrap();
        assert_eq!(v["parts"][0]["toolInvocation"]["state"], "call");
        let result = vec![Part::ToolResult {
            id: "c".into(),
            name: "remember".into(),
            result: json!("done"),
            is_error: false,
        }];
        let earlier = HashMap::from([("c".to_string(), json!({"note": "x"}))]);
        let v: Value = serde_json::from_str(&content_to_mastra(&result, &earlier)).unwrap();
        let inv = &v["parts"][0]["toolInvocation"];
        assert_eq!(inv["state"], "result");
        assert_eq!(inv["result"], "done");
        assert_eq!(inv["args"]["note"], "x");
    }

    #[test]
    fn timestamps_round_trip_as_javascript_writes_them() {
        let ms = parse_timestamp("2026-12-05T00:11:14.929Z").unwrap();
        assert_eq!(ms, 1_796_429_474_929);
        assert_eq!(format_timestamp(ms), "2026-12-05T00:11:14.929Z");
        assert_eq!(parse_timestamp("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_timestamp("1970-01-01 00:00:01.5"), Some(1500));
        assert_eq!(parse_timestamp("1970-01-01T01:00:00+01:00"), Some(0));
        assert_eq!(parse_timestamp("2024-02-29"), Some(1_709_164_800_000));
        assert_eq!(parse_timestamp("1709164800000"), Some(1_709_164_800_000));
        assert_eq!(parse_timestamp("yesterday"), None);
        assert_eq!(parse_timestamp("2024-02-30T00:00:00Z"), None);
        assert_eq!(format_timestamp(-1), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn timestamps_with_non_ascii_characters_are_unreadable_not_a_panic() {
        // Six bytes after the minutes, but "é" sits across bytes 3 and 4 of the offset.
        assert_eq!(parse_timestamp("2026-01-01T00:00+1é00"), None);
        // A two-byte and a four-byte character in every position of a valid timestamp.
        let valid = "2026-01-01T00:00:00.000+01:00";
        for ch in ['é', '🧗'] {
            for i in 0..=valid.len() {
                let s = format!("{}{ch}{}", &valid[..i], &valid[i..]);
                assert_eq!(parse_timestamp(&s), None, "{s}");
                let replaced = format!("{}{ch}{}", &valid[..i], valid.get(i + 1..).unwrap_or(""));
                assert_eq!(parse_timestamp(&replaced), None, "{replaced}");
            }
        }
    }

    #[test]
    fn mastra_working_memory_merges_section_by_section() {
        let mastra = "# User Information\n- likes slab\n\n## Goals\n- 7a by June\n\n## Empty\n\n## Injuries\n- left A2 pulley (2024)\n";
        let merged = merge_mastra_working_memory(&working_memory_template(), mastra, false);
        assert_eq!(section_body(&merged, "Goals").unwrap(), "- 7a by June");
        assert_eq!(
            section_body(&merged, "Injuries").unwrap(),
            "- left A2 pulley (2024)"
        );
        assert_eq!(
            section_body(&merged, IMPORTED_NOTES).unwrap(),
            "- likes slab"
        );
        assert_eq!(section_body(&merged, "Empty"), None);
        assert!(merged.starts_with("# Climber profile"), "{merged}");
        // The profile's other sections are kept.
        assert_eq!(section_body(&merged, "Equipment").unwrap(), "- (unknown)");

        // A newer profile keeps what the climber already said; gaps take Mastra's.
        let ours = merge_working_memory(&working_memory_template(), "## Goals\n- 7b\n");
        let merged = merge_mastra_working_memory(&ours, mastra, true);
        assert_eq!(section_body(&merged, "Goals").unwrap(), "- 7b");
        assert_eq!(
            section_body(&merged, "Injuries").unwrap(),
            "- left A2 pulley (2024)"
        );
        assert_eq!(merge_mastra_working_memory(&ours, "\n\n", false), ours);
    }
}
