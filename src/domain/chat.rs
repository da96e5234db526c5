//! A coach turn as the climber's browser receives it: a stream of events, one JSON object per
//! line. Shared by the server (which writes them) and the chat page (which reads them).
use serde::{Deserialize, Serialize};

use super::memory::{Message, Part, Role};
use super::onboarding::Step;

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

/// A stored message as the chat page shows it: who said it, its text, and the cards of the
/// tools it reports. The server turns stored messages into these, so the browser gets neither
/// the tools' arguments and results nor the code that reads the stored format.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShownMessage {
    pub id: String,
    pub role: Role,
    /// The text parts joined ([`Message::text`]); empty for a tool message.
    pub text: String,
    /// The cards of the tool results it holds ([`ToolCard::from_part`]).
    pub cards: Vec<ToolCard>,
}

impl From<&Message> for ShownMessage {
    fn from(m: &Message) -> Self {
        Self {
            id: m.id.clone(),
            role: m.role,
            text: m.text(),
            cards: m.parts.iter().filter_map(ToolCard::from_part).collect(),
        }
    }
}

/// Written as an internally tagged object (`{"type":"token","text":"Hi"}`). Read through
/// [`EventLine`], a plain struct: serde's reader for internally tagged enums buffers every
/// object into an intermediate tree first, and that reader alone was about 28 KB of the chat
/// page's WASM (before wasm-opt and compression; 5.5 KB of brotli).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", try_from = "EventLine")]
pub enum ChatEvent {
    /// The climber's message as stored (so the page can show it with its id).
    User { message: ShownMessage },
    /// The coach is using a tool.
    ToolStarted { label: String },
    /// More of the coach's answer.
    Token { text: String },
    /// A tool the coach used, and how it went.
    Tool { card: ToolCard },
    /// The coach's final answer as stored: the turn is over.
    Done { message: ShownMessage },
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

/// A stream line as read: its `type` and whichever fields that type carries.
#[derive(Deserialize)]
struct EventLine {
    #[serde(rename = "type")]
    kind: EventKind,
    message: Option<MessageField>,
    label: Option<String>,
    text: Option<String>,
    card: Option<ToolCard>,
}

/// `ChatEvent`'s variants, as their `type` names (see `kind_of` in the tests, which fails to
/// compile when a variant is added to one and not the other).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum EventKind {
    User,
    ToolStarted,
    Token,
    Tool,
    Done,
    Error,
    Stopped,
}

/// `message`: the stored message of a `user` or `done` event, the text of an `error`.
enum MessageField {
    Shown(ShownMessage),
    Text(String),
}

impl<'de> Deserialize<'de> for MessageField {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{self, MapAccess, Visitor};
        struct Field;
        impl<'de> Visitor<'de> for Field {
            type Value = MessageField;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a message or its text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<MessageField, E> {
                Ok(MessageField::Text(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<MessageField, A::Error> {
                ShownMessage::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(MessageField::Shown)
            }
        }
        d.deserialize_any(Field)
    }
}

impl TryFrom<EventLine> for ChatEvent {
    type Error = String;

    fn try_from(line: EventLine) -> Result<Self, String> {
        let missing = |field: &str| format!("an event of type {:?} without its {field}", line.kind);
        let shown = |m: Option<MessageField>| match m {
            Some(MessageField::Shown(m)) => Ok(m),
            _ => Err(missing("message")),
        };
        Ok(match line.kind {
            EventKind::User => ChatEvent::User {
                message: shown(line.message)?,
            },
            EventKind::Done => ChatEvent::Done {
                message: shown(line.message)?,
            },
            EventKind::Error => match line.message {
                Some(MessageField::Text(message)) => ChatEvent::Error { message },
                _ => return Err(missing("message")),
            },
            EventKind::ToolStarted => ChatEvent::ToolStarted {
                label: line.label.ok_or_else(|| missing("label"))?,
            },
            EventKind::Token => ChatEvent::Token {
                text: line.text.ok_or_else(|| missing("text"))?,
            },
            EventKind::Tool => ChatEvent::Tool {
                card: line.card.ok_or_else(|| missing("card"))?,
            },
            EventKind::Stopped => ChatEvent::Stopped,
        })
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

/// The offer of onboarding to a climber who hasn't answered anything yet.
const FIRST_QUESTIONS: &str = "{hi} To build your first training program I need to know a \
     little about you: a few short questions. You can answer them right here in the chat, or \
     fill them in on the [onboarding page](/onboarding) if you prefer a form.";

/// What the coach says on the chat's start page, before the climber has written anything:
/// a climber still in onboarding is offered it (answer here, or use the page); one who is
/// done is asked about today's training instead. `returning` once they have conversations.
/// Markdown, shown as a coach message and stored as one when the climber answers.
pub fn greeting(onboarding: Option<Step>, returning: bool) -> String {
    match onboarding.filter(|s| *s != Step::Result) {
        Some(step) => {
            let opening = match (step, returning) {
                (Step::Goal, false) => {
                    FIRST_QUESTIONS.replace("{hi}", "Hi, I'm your ClimbingPill coach!")
                }
                (Step::Goal, true) => FIRST_QUESTIONS.replace("{hi}", "Welcome back!"),
                _ => "Welcome back! We're part-way through your first questions. Answer the next \
                      one right here, or carry on with the [onboarding page](/onboarding)."
                    .to_string(),
            };
            format!(
                "{opening}\n\n**Step {} of {}: {}.** {}",
                step.number(),
                Step::ALL.len(),
                step.title(),
                step.question()
            )
        }
        None => {
            let opening = if returning {
                "Welcome back!"
            } else {
                "Hi, I'm your ClimbingPill coach!"
            };
            format!(
                "{opening} How did today's session go? Tell me what you climbed, for example \
                 \"bouldered 90 min, sent two V5, RPE 7\", and I'll log it in your journal. \
                 You can also ask \"what's my next session?\" or for a hangboard timer."
            )
        }
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

    /// Every variant, by an exhaustive match: a new `ChatEvent` doesn't compile until its
    /// `EventKind` (and its reading in `TryFrom<EventLine>`) exists.
    fn kind_of(e: &ChatEvent) -> EventKind {
        match e {
            ChatEvent::User { .. } => EventKind::User,
            ChatEvent::ToolStarted { .. } => EventKind::ToolStarted,
            ChatEvent::Token { .. } => EventKind::Token,
            ChatEvent::Tool { .. } => EventKind::Tool,
            ChatEvent::Done { .. } => EventKind::Done,
            ChatEvent::Error { .. } => EventKind::Error,
            ChatEvent::Stopped => EventKind::Stopped,
        }
    }

    #[test]
    fn every_kind_of_event_reads_back_and_a_line_missing_its_field_is_refused() {
        let message = ShownMessage {
            id: "m1".into(),
            role: Role::Assistant,
            text: "Sent it!".into(),
            cards: vec![],
        };
        let events = vec![
            ChatEvent::User {
                message: ShownMessage {
                    role: Role::User,
                    ..message.clone()
                },
            },
            ChatEvent::ToolStarted {
                label: "Logging your session".into(),
            },
            ChatEvent::Token { text: "Hi".into() },
            ChatEvent::Tool {
                card: ToolCard {
                    name: "log_session".into(),
                    ok: false,
                    summary: "Couldn't log it".into(),
                    link: Some("/journal".into()),
                },
            },
            ChatEvent::Done { message },
            ChatEvent::Error {
                message: "The coach is busy.".into(),
            },
            ChatEvent::Stopped,
        ];
        let mut kinds: Vec<EventKind> = events.iter().map(kind_of).collect();
        kinds.dedup();
        assert_eq!(kinds.len(), 7, "one event of each kind");
        for event in events {
            let line = event.to_line();
            // The `type` written is the one read back.
            let written = serde_json::from_str::<serde_json::Value>(&line).unwrap();
            let kind: EventKind = serde_json::from_value(written["type"].clone()).unwrap();
            assert_eq!(kind, kind_of(&event), "{line}");
            assert_eq!(
                serde_json::from_str::<ChatEvent>(&line).unwrap(),
                event,
                "{line}"
            );
        }
        // Fields in any order; unknown ones ignored.
        let e: ChatEvent =
            serde_json::from_str(r#"{"text":"Hi","extra":1,"type":"token"}"#).unwrap();
        assert_eq!(e, ChatEvent::Token { text: "Hi".into() });
        for bad in [
            r#"{"type":"token"}"#,
            r#"{"type":"done","message":"text where a message belongs"}"#,
            r#"{"type":"error","message":{"id":"m","role":"user","text":"","cards":[]}}"#,
            r#"{"type":"shout","text":"Hi"}"#,
            r#"{"text":"Hi"}"#,
        ] {
            assert!(serde_json::from_str::<ChatEvent>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn each_event_is_one_line_of_json_named_by_its_type() {
        let token = ChatEvent::Token { text: "Hi".into() };
        assert_eq!(token.to_line(), "{\"type\":\"token\",\"text\":\"Hi\"}\n");
        assert_eq!(ChatEvent::Stopped.to_line(), "{\"type\":\"stopped\"}\n");
        // The fallback line (if an event could not be written) reads back as an error.
        let fallback: ChatEvent =
            serde_json::from_str(r#"{"type":"error","message":"Something went wrong."}"#).unwrap();
        assert_eq!(
            fallback,
            ChatEvent::Error {
                message: "Something went wrong.".into()
            }
        );
    }

    #[test]
    fn the_page_gets_the_text_and_cards_of_a_stored_message() {
        let tool = Message {
            id: "m2".into(),
            thread_id: "t".into(),
            seq: 2,
            role: Role::Tool,
            parts: vec![Part::ToolResult {
                id: "c1".into(),
                name: "log_session".into(),
                result: serde_json::json!({"summary": "Logged: rest day", "link": "/journal/e1", "entry": {"notes": "private"}}),
                is_error: false,
            }],
            created_at: 0,
        };
        let shown = ShownMessage::from(&tool);
        assert_eq!(
            shown,
            ShownMessage {
                id: "m2".into(),
                role: Role::Tool,
                text: String::new(),
                cards: vec![ToolCard {
                    name: "log_session".into(),
                    ok: true,
                    summary: "Logged: rest day".into(),
                    link: Some("/journal/e1".into()),
                }],
            }
        );
        let said = Message {
            role: Role::Assistant,
            parts: vec![
                Part::Text {
                    text: "Logged.".into(),
                },
                Part::ToolCall {
                    id: "c1".into(),
                    name: "log_session".into(),
                    arguments: serde_json::json!({"notes": "private"}),
                },
                Part::Text {
                    text: "Rest well.".into(),
                },
            ],
            ..tool
        };
        let shown = ShownMessage::from(&said);
        assert_eq!(
            (shown.text.as_str(), shown.cards.len()),
            ("Logged.\nRest well.", 0)
        );
        assert!(!serde_json::to_string(&shown).unwrap().contains("private"));
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

    #[test]
    fn a_new_climber_is_offered_onboarding_here_or_on_the_page() {
        let g = greeting(Some(Step::Goal), false);
        assert!(g.starts_with("Hi, I'm your ClimbingPill coach!"), "{g}");
        assert!(g.contains("right here"), "{g}");
        assert!(g.contains("[onboarding page](/onboarding)"), "{g}");
        assert!(
            g.contains("**Step 1 of 7: Your goal.** What's your climbing goal?"),
            "{g}"
        );
    }

    #[test]
    fn a_climber_back_before_answering_is_offered_the_same() {
        let g = greeting(Some(Step::Goal), true);
        assert!(
            g.starts_with("Welcome back! To build your first training program"),
            "{g}"
        );
        assert!(g.contains("right here"), "{g}");
        assert!(g.contains("**Step 1 of 7: Your goal.**"), "{g}");
    }

    #[test]
    fn a_climber_part_way_is_asked_the_step_they_are_on() {
        let g = greeting(Some(Step::Schedule), true);
        assert!(g.starts_with("Welcome back!"), "{g}");
        assert!(
            g.contains("**Step 4 of 7: Your schedule.** How many days a week"),
            "{g}"
        );
        assert!(g.contains("(/onboarding)"), "{g}");
    }

    #[test]
    fn a_climber_done_with_onboarding_is_not_offered_it_again() {
        for (step, returning) in [(None, false), (None, true), (Some(Step::Result), false)] {
            let g = greeting(step, returning);
            assert!(!g.to_lowercase().contains("onboarding"), "{g}");
            assert!(g.contains("How did today's session go?"), "{g}");
        }
        assert!(greeting(None, true).starts_with("Welcome back!"));
        assert!(greeting(None, false).starts_with("Hi, I'm your ClimbingPill coach!"));
    }
}
