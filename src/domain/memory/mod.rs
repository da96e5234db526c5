//! The coach's memory of a climber, the pure parts: message shapes, their limits, thread
//! titles, and the working-memory document (a markdown climber profile) merged by section.
pub mod mastra;
mod recall;
pub mod replace;

use serde::{Deserialize, Serialize};

pub use recall::{match_terms, rank_matches, recall_scope, scoped_terms};

/// Largest message accepted, in bytes of UTF-8 text (all parts together).
pub const MESSAGE_MAX_BYTES: usize = 32 * 1024;
pub const TITLE_MAX_CHARS: usize = 80;
/// Working memory is read every turn: keep it small enough to always fit a prompt.
pub const WORKING_MEMORY_MAX_BYTES: usize = 16 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    User,
    Assistant,
    Tool,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Assistant => "assistant",
            Role::Tool => "tool",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Role::User, Role::Assistant, Role::Tool]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// One part of a message: what was said, a tool the model asked for, or what it returned.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Part {
    Text {
        text: String,
    },
    ToolCall {
        id: String,
        name: String,
        arguments: serde_json::Value,
    },
    ToolResult {
        id: String,
        name: String,
        result: serde_json::Value,
        is_error: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MemoryInputError {
    #[error("A message can't be empty.")]
    EmptyMessage,
    #[error("That message is too long (over 32 KB). Split it into smaller messages.")]
    MessageTooLong,
    #[error("The coach's notes are too long (over 16 KB).")]
    WorkingMemoryTooLong,
    #[error("Give the conversation a title.")]
    EmptyTitle,
}

/// The searchable text of a message: its text parts, and tool names for tool traffic.
pub fn searchable_text(parts: &[Part]) -> String {
    let mut out = Vec::new();
    for p in parts {
        match p {
            Part::Text { text } => out.push(text.as_str()),
            Part::ToolCall { name, .. } | Part::ToolResult { name, .. } => out.push(name.as_str()),
        }
    }
    out.join("\n")
}

/// Checks a message before it is stored: not empty, not over the size limit.
pub fn validate_parts(parts: &[Part]) -> Result<(), MemoryInputError> {
    let has_content = parts.iter().any(|p| match p {
        Part::Text { text } => !text.trim().is_empty(),
        _ => true,
    });
    if !has_content {
        return Err(MemoryInputError::EmptyMessage);
    }
    let size = serde_json::to_string(parts)
        .map(|s| s.len())
        .unwrap_or(usize::MAX);
    if size > MESSAGE_MAX_BYTES + 256 {
        return Err(MemoryInputError::MessageTooLong);
    }
    Ok(())
}

/// A thread title: one line, trimmed, at most `TITLE_MAX_CHARS` (cut at a word when it can).
pub fn clean_title(raw: &str) -> String {
    let one_line: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let one_line: String = one_line.chars().filter(|c| !c.is_control()).collect();
    if one_line.chars().count() <= TITLE_MAX_CHARS {
        return one_line;
    }
    let cut: String = one_line.chars().take(TITLE_MAX_CHARS - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > TITLE_MAX_CHARS / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
}

/// The sections of the climber profile the coach keeps, in order.
pub const WORKING_MEMORY_SECTIONS: [&str; 7] = [
    "Name",
    "Level and grades",
    "Goals",
    "Schedule",
    "Equipment",
    "Injuries",
    "Preferences",
];

/// The empty climber profile a new climber starts with.
pub fn working_memory_template() -> String {
    let mut out = String::from("# Climber profile\n");
    for s in WORKING_MEMORY_SECTIONS {
        out.push_str(&format!("\n## {s}\n- (unknown)\n"));
    }
    out
}

/// Merges an update into the current document section by section: a section present in
/// `update` replaces that section; sections it leaves out are kept. (Mastra replaces the
/// whole document, so a model that resends only "Goals" wipes the injuries list.)
/// Unknown `##` sections in the update are appended, so the coach can add its own.
pub fn merge_working_memory(current: &str, update: &str) -> String {
    let (cur_head, mut cur) = split_sections(current);
    let (upd_head, upd) = split_sections(update);
    for (title, body) in upd {
        match cur.iter_mut().find(|(t, _)| t.eq_ignore_ascii_case(&title)) {
            Some(slot) => slot.1 = body,
            None => cur.push((title, body)),
        }
    }
    let head = if upd_head.trim().is_empty() {
        cur_head
    } else {
        upd_head
    };
    let mut out = head.trim_end().to_string();
    for (title, body) in cur {
        out.push_str(&format!("\n\n## {title}\n{}", body.trim_matches('\n')));
    }
    out.push('\n');
    out.trim_start().to_string()
}

/// Splits markdown into the text before the first `## ` heading and (heading, body) pairs.
fn split_sections(doc: &str) -> (String, Vec<(String, String)>) {
    let mut head = String::new();
    let mut sections: Vec<(String, String)> = Vec::new();
    for line in doc.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            sections.push((title.trim().to_string(), String::new()));
        } else if let Some((_, body)) = sections.last_mut() {
            body.push_str(line);
            body.push('\n');
        } else {
            head.push_str(line);
            head.push('\n');
        }
    }
    (head, sections)
}

/// The body of one section (heading matched case-insensitively), without its heading.
pub fn section_body(doc: &str, section: &str) -> Option<String> {
    split_sections(doc)
        .1
        .into_iter()
        .find(|(t, _)| t.eq_ignore_ascii_case(section))
        .map(|(_, body)| body.trim_matches('\n').to_string())
}

/// Adds one note as a bullet to a section, dropping the template's "(unknown)" placeholder
/// and skipping a note the section already holds (case-insensitive).
pub fn add_to_section(doc: &str, section: &str, note: &str) -> String {
    let note = note.trim().trim_start_matches("- ").trim();
    let body = section_body(doc, section).unwrap_or_default();
    let mut lines: Vec<&str> = body
        .lines()
        .filter(|l| !l.trim().is_empty() && l.trim() != "- (unknown)")
        .collect();
    let bullet = format!("- {note}");
    if !lines.iter().any(|l| l.trim().eq_ignore_ascii_case(&bullet)) {
        lines.push(&bullet);
    }
    merge_working_memory(doc, &format!("## {section}\n{}\n", lines.join("\n")))
}

pub fn validate_working_memory(doc: &str) -> Result<(), MemoryInputError> {
    if doc.len() > WORKING_MEMORY_MAX_BYTES {
        return Err(MemoryInputError::WorkingMemoryTooLong);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Vec<Part> {
        vec![Part::Text { text: t.into() }]
    }

    #[test]
    fn notes_are_added_to_a_section_once() {
        let base = working_memory_template();
        let one = add_to_section(&base, "Equipment", "hangboard at home");
        assert_eq!(
            section_body(&one, "equipment").unwrap(),
            "- hangboard at home"
        );
        let two = add_to_section(&one, "Equipment", "- Campus board");
        assert_eq!(
            section_body(&two, "Equipment").unwrap(),
            "- hangboard at home\n- Campus board"
        );
        assert_eq!(add_to_section(&two, "Equipment", "HANGBOARD AT HOME"), two);
        // Other sections are untouched.
        assert_eq!(section_body(&two, "Goals").unwrap(), "- (unknown)");
        assert_eq!(section_body(&two, "Nope"), None);
    }

    #[test]
    fn empty_and_oversized_messages_are_refused() {
        assert_eq!(validate_parts(&[]), Err(MemoryInputError::EmptyMessage));
        assert_eq!(
            validate_parts(&text("  \n ")),
            Err(MemoryInputError::EmptyMessage)
        );
        assert!(validate_parts(&text(&"a".repeat(MESSAGE_MAX_BYTES))).is_ok());
        assert_eq!(
            validate_parts(&text(&"a".repeat(MESSAGE_MAX_BYTES + 300))),
            Err(MemoryInputError::MessageTooLong)
        );
        let call = vec![Part::ToolCall {
            id: "1".into(),
            name: "log_session".into(),
            arguments: serde_json::json!({}),
        }];
        assert!(validate_parts(&call).is_ok());
    }

    #[test]
    fn parts_serialise_with_a_type_tag() {
        let p = Part::ToolResult {
            id: "c1".into(),
            name: "x".into(),
            result: serde_json::json!(1),
            is_error: false,
        };
        let s = serde_json::to_string(&p).unwrap();
        assert!(s.contains("\"type\":\"tool_result\""), "{s}");
        assert_eq!(serde_json::from_str::<Part>(&s).unwrap(), p);
    }

    #[test]
    fn titles_are_one_trimmed_line_of_limited_length() {
        assert_eq!(
            clean_title("  How do I\n train   crimps? "),
            "How do I train crimps?"
        );
        let long = "word ".repeat(40);
        let t = clean_title(&long);
        assert!(
            t.chars().count() <= TITLE_MAX_CHARS && t.ends_with('…'),
            "{t}"
        );
        assert_eq!(clean_title(""), "");
    }

    #[test]
    fn merge_replaces_only_the_sections_sent() {
        let base = working_memory_template();
        let with_injury =
            merge_working_memory(&base, "## Injuries\n- left ring finger A2, 2026-10\n");
        let with_goal = merge_working_memory(&with_injury, "## Goals\n- 7c by June\n");
        assert!(with_goal.contains("- left ring finger A2"), "{with_goal}");
        assert!(with_goal.contains("- 7c by June"));
        assert!(with_goal.starts_with("# Climber profile"));
        // Order of the template is kept; unknown sections are appended.
        let extra = merge_working_memory(&with_goal, "## Favourite crags\n- Ceüse\n");
        let goals = extra.find("## Goals").unwrap();
        let injuries = extra.find("## Injuries").unwrap();
        let crags = extra.find("## Favourite crags").unwrap();
        assert!(goals < injuries && injuries < crags);
        // Case-insensitive section match, no duplicate heading.
        let again = merge_working_memory(&extra, "## goals\n- 8a\n");
        assert_eq!(again.matches("oals\n").count(), 1, "{again}");
        assert!(again.contains("- 8a") && !again.contains("7c by June"));
    }

    #[test]
    fn merging_is_idempotent() {
        let base = working_memory_template();
        let once = merge_working_memory(&base, "## Schedule\n- Mon, Wed, Sat\n");
        assert_eq!(
            merge_working_memory(&once, "## Schedule\n- Mon, Wed, Sat\n"),
            once
        );
        assert_eq!(merge_working_memory(&once, ""), once);
    }

    #[test]
    fn roles_round_trip() {
        for r in [Role::User, Role::Assistant, Role::Tool] {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("system"), None);
    }

    #[test]
    fn searchable_text_includes_tool_names() {
        let parts = vec![
            Part::Text {
                text: "logged".into(),
            },
            Part::ToolCall {
                id: "1".into(),
                name: "log_session".into(),
                arguments: serde_json::json!({}),
            },
        ];
        assert_eq!(searchable_text(&parts), "logged\nlog_session");
    }
}

/// A conversation with the coach, as the climber's sidebar shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thread {
    pub id: String,
    pub title: String,
    /// Unix milliseconds.
    pub created_at: i64,
    pub updated_at: i64,
}

/// A stored message. `seq` orders a thread and pages its history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub id: String,
    pub thread_id: String,
    pub seq: i64,
    pub role: Role,
    pub parts: Vec<Part>,
    pub created_at: i64,
}

impl Message {
    /// The text parts joined, for display and search.
    pub fn text(&self) -> String {
        self.parts
            .iter()
            .filter_map(|p| match p {
                Part::Text { text } => Some(text.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[cfg(test)]
mod message_tests {
    use super::*;

    #[test]
    fn message_text_joins_text_parts_only() {
        let m = Message {
            id: "m".into(),
            thread_id: "t".into(),
            seq: 1,
            role: Role::Assistant,
            parts: vec![
                Part::Text { text: "one".into() },
                Part::ToolCall {
                    id: "c".into(),
                    name: "x".into(),
                    arguments: serde_json::json!({}),
                },
                Part::Text { text: "two".into() },
            ],
            created_at: 0,
        };
        assert_eq!(m.text(), "one\ntwo");
    }
}
