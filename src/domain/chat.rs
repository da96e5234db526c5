//! A coach turn as the climber's browser receives it: a stream of events, one JSON object per
//! line. Shared by the server (which writes them) and the chat page (which reads them).
use serde::{Deserialize, Serialize};

use super::memory::{Message, Part};

/// A compact card for one tool the coach used ("Remembered (Equipment): hangboard at home").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolCard {
    pub name: String,
    pub ok: bool,
    pub summary: String,
    /// An in-app path (always starting with `/`) the card links to.
    pub link: Option<String>,
}

impl ToolCard {
    /// The card stored with a tool result (`Part::ToolResult.result`), for reloaded history.
    pub fn from_part(part: &Part) -> Option<Self> {
        let Part::ToolResult {
            name,
            result,
            is_error,
            ..
        } = part
        else {
            return None;
        };
        let summary = result.get("summary")?.as_str()?.to_string();
        let link = result
            .get("link")
            .and_then(|l| l.as_str())
            .filter(|l| l.starts_with('/') && !l.starts_with("//"))
            .map(str::to_string);
        Some(Self {
            name: name.clone(),
            ok: !is_error,
            summary,
            link,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ChatEvent {
    /// The climber's message as stored (so the page can show it with its id).
    User { message: Message },
    /// The coach is using a tool.
    ToolStarted { label: String },
    /// More of the coach's answer.
    Token { text: String },
    /// A tool the coach used, and how it went.
    Tool { card: ToolCard },
    /// The coach's final answer as stored: the turn is over.
    Done { message: Message },
    /// The turn failed; the climber's message is kept. Written for the climber.
    Error { message: String },
    /// The climber stopped the coach.
    Stopped,
}

impl ChatEvent {
    /// One line of the stream. Non-ASCII is escaped (`\uXXXX`) so a line split anywhere in
    /// transit is still valid UTF-8 on both sides.
    pub fn to_line(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_else(|_| {
            r#"{"type":"error","message":"Something went wrong."}"#.to_string()
        });
        let mut out = String::with_capacity(json.len() + 1);
        for c in json.chars() {
            if c.is_ascii() {
                out.push(c);
            } else {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
        out.push('\n');
        out
    }
}

/// Reassembles events from stream chunks that may split or join lines anywhere.
#[derive(Default)]
pub struct EventLineBuffer {
    buf: String,
}

impl EventLineBuffer {
    pub fn push(&mut self, chunk: &str) -> Vec<Result<ChatEvent, String>> {
        self.buf.push_str(chunk);
        let mut out = Vec::new();
        while let Some(pos) = self.buf.find('\n') {
            let line: String = self.buf.drain(..=pos).collect();
            let line = line.trim();
            if !line.is_empty() {
                out.push(serde_json::from_str(line).map_err(|e| e.to_string()));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_ascii_and_survive_any_split() {
        let events = vec![
            ChatEvent::Token {
                text: "Allez! 💪 Ça va — \"quoted\"\nnew line".into(),
            },
            ChatEvent::Tool {
                card: ToolCard {
                    name: "remember".into(),
                    ok: true,
                    summary: "Remembered (Goals): 7c by June".into(),
                    link: None,
                },
            },
            ChatEvent::Stopped,
        ];
        let wire: String = events.iter().map(ChatEvent::to_line).collect();
        assert!(wire.is_ascii());
        for split in 0..wire.len() {
            let mut b = EventLineBuffer::default();
            let mut got = b.push(&wire[..split]);
            got.extend(b.push(&wire[split..]));
            let got: Vec<ChatEvent> = got.into_iter().map(Result::unwrap).collect();
            assert_eq!(got, events);
        }
    }

    #[test]
    fn cards_come_back_from_stored_tool_results_with_only_in_app_links() {
        let part = |link: &str| Part::ToolResult {
            id: "c1".into(),
            name: "update_profile".into(),
            result: serde_json::json!({"summary": "Updated your profile: goals", "link": link}),
            is_error: false,
        };
        assert_eq!(
            ToolCard::from_part(&part("/profile"))
                .unwrap()
                .link
                .as_deref(),
            Some("/profile")
        );
        assert_eq!(
            ToolCard::from_part(&part("https://evil.example"))
                .unwrap()
                .link,
            None
        );
        assert_eq!(
            ToolCard::from_part(&part("//evil.example")).unwrap().link,
            None
        );
        assert_eq!(ToolCard::from_part(&Part::Text { text: "x".into() }), None);
    }
}
