//! Help requests and greetings.
use super::*;

pub(super) fn is_help(m: &Msg) -> bool {
    let l = m.lead();
    // "help with slab", "how do I start hangboarding", "how to use a hangboard": advice on a
    // training topic, not on the app.
    let app = m.has_any(&[
        "app",
        "this",
        "climbingpill",
        "coach",
        "you",
        "chat",
        "journal",
        "timer",
        "log",
        "program",
        "assessment",
        "site",
        "page",
    ]);
    let advice = !app && super::advice::topic(m).is_some();
    (m.toks.len() - l <= 3 && m.has("help") && !advice)
        || m.has_phrase(&["what", "can|do", "you", "do"])
        || m.has_phrase(&["how", "does|do", "this|it|you|climbingpill", "work"])
        || m.has_phrase(&["how", "do|can", "i", "log|record|add|track|save|talk"])
        || (m.has_phrase(&["how", "do|can", "i", "use|start"]) && !advice)
        || m.has_phrase(&["what", "can", "i", "ask|say"])
        || m.has_phrase(&["who|what", "are", "you"])
        || m.has_phrase(&["how", "can", "you", "help"])
        || (m.has_phrase(&["how", "to", "use"]) && !advice)
        || m.has_any(&["commands", "instructions"])
}

pub(super) fn is_greeting(m: &Msg) -> bool {
    const FIRST: &[&str] = &[
        "hi",
        "hello",
        "hey",
        "heya",
        "hiya",
        "howdy",
        "yo",
        "sup",
        "greetings",
        "morning",
        "evening",
        "afternoon",
        "good",
        "gday",
        "hallo",
        "hola",
        "bonjour",
        "hei",
    ];
    const REST: &[&str] = &[
        "coach",
        "there",
        "climbingpill",
        "pill",
        "buddy",
        "mate",
        "friend",
        "all",
        "everyone",
        "how",
        "are",
        "you",
        "doing",
        "today",
        "whats",
        "what",
        "up",
        "again",
        "its",
        "me",
        "good",
        "morning",
        "afternoon",
        "evening",
        "hows",
        "it",
        "going",
        "ya",
        "folks",
        "team",
        "hi",
        "hello",
        "hey",
    ];
    FIRST.contains(&m.w(0))
        && (m.w(0) != "good" || matches!(m.w(1), "morning" | "afternoon" | "evening"))
        && m.toks.iter().skip(1).all(|t| REST.contains(&t.w.as_str()))
}
