//! Conversation itself: small talk ("thanks!", "ok cool", "bye") gets a short human answer;
//! recall questions ("what did I tell you about my finger?") are answered from the climber's
//! earlier messages, not the journal; "log a session" with nothing in it starts a follow-up.
use serde::Serialize;

use super::{Activity, Msg};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SmallTalk {
    Thanks,
    Ok,
    Bye,
    HowAreYou,
    Laugh,
}

const THANKS: &[&str] = &[
    "thanks", "thank", "thx", "ty", "cheers", "thankyou", "thanx", "tnx", "tysm", "merci", "ta",
];
const OK: &[&str] = &[
    "ok", "okay", "k", "kk", "cool", "great", "nice", "awesome", "perfect", "sweet", "got",
    "noted", "sure", "alright", "yep", "yes", "yeah", "fine", "good", "dope", "sick", "rad",
    "nice1",
];
const BYE: &[&str] = &[
    "bye",
    "goodbye",
    "later",
    "cya",
    "night",
    "goodnight",
    "ciao",
    "see",
];
const FILL: &[&str] = &[
    "you", "u", "so", "much", "a", "lot", "coach", "very", "for", "that", "the", "help", "it",
    "man", "mate", "dude", "again", "buddy", "then", "all", "really", "ya", "yall", "soon", "now",
    "good", "great", "thanks", "cool", "ok", "and", "lots", "tons", "heaps", "bro", "x", "one",
    "tomorrow", "later", "soon", "coach",
];

pub(super) fn small_talk(m: &Msg) -> Option<SmallTalk> {
    let words: Vec<&str> = m.toks.iter().map(|t| t.w.as_str()).collect();
    if words.is_empty() || words.len() > 8 || !m.grades.is_empty() {
        return None;
    }
    let only = |head: &[&str]| {
        words.iter().any(|w| head.contains(w))
            && words
                .iter()
                .all(|w| head.contains(w) || FILL.contains(w) || OK.contains(w))
    };
    if words.iter().all(|w| {
        w.chars().all(|c| matches!(c, 'h' | 'a' | 'l' | 'o'))
            && (w.contains("ha") || *w == "lol" || *w == "lmao")
    }) || words
        .iter()
        .all(|w| matches!(*w, "lol" | "lmao" | "haha" | "hehe" | "rofl"))
    {
        return Some(SmallTalk::Laugh);
    }
    if only(THANKS)
        || m.has_phrase(&[
            "youre|ur|you",
            "the|are",
            "best|awesome|great|amazing|legend",
        ])
        || m.has_phrase(&["love", "you|u|this"])
        || words.iter().all(|w| {
            matches!(
                *w,
                "legend" | "hero" | "champ" | "you" | "rock" | "what" | "a"
            )
        })
    {
        return Some(SmallTalk::Thanks);
    }
    if only(BYE) && !words.contains(&"see")
        || m.has_phrase(&["see", "you|ya|u"]) && words.len() <= 4
    {
        return Some(SmallTalk::Bye);
    }
    if words.len() <= 6
        && (m.has_phrase(&["how", "are", "you|u"])
            || m.has_phrase(&["how", "r", "u"])
            || m.has_phrase(&["hows", "it", "going"])
            || m.has_phrase(&["how", "you", "doing"]))
    {
        return Some(SmallTalk::HowAreYou);
    }
    if words.iter().all(|w| OK.contains(w) || FILL.contains(w))
        && words.iter().any(|w| OK.contains(w))
    {
        return Some(SmallTalk::Ok);
    }
    None
}

pub fn small_talk_words(t: SmallTalk) -> &'static str {
    match t {
        SmallTalk::Thanks => "You're welcome! Climb well.",
        SmallTalk::Ok => "Great! I'm here whenever you need me.",
        SmallTalk::Bye => "See you! Rest up and climb well.",
        SmallTalk::HowAreYou => "All good here, thanks! How's your climbing going?",
        SmallTalk::Laugh => "😄",
    }
}

/// "what did I tell you about my finger?", "did I mention my shoulder before", "remind me
/// what I said about the hangboard": the topic to look up in earlier conversations.
pub(super) fn recall_topic(m: &Msg) -> Option<String> {
    let told = m.has_phrase(&["i", "tell|told|say|said|mention|mentioned|write|wrote"])
        || m.has_phrase(&["did", "i", "ever"])
        || m.has_phrase(&["we", "talk|talked|discuss|discussed|chat|chatted"])
        || m.has_phrase(&["you", "remember"])
        || m.has_phrase(&["remind", "me"]);
    let asking = m.is_question()
        || m.is_request()
        || m.has_phrase(&["remind", "me"])
        || m.raw.trim_end().ends_with('?');
    if !(told && asking) || m.has_any(&["log", "sent", "climbed", "trained", "sessions", "session"])
    {
        return None;
    }
    const SKIP: &[&str] = &[
        "what",
        "whats",
        "did",
        "do",
        "i",
        "you",
        "tell",
        "told",
        "say",
        "said",
        "mention",
        "mentioned",
        "about",
        "my",
        "the",
        "a",
        "an",
        "me",
        "remind",
        "remember",
        "ever",
        "before",
        "earlier",
        "we",
        "talk",
        "talked",
        "discuss",
        "discussed",
        "chat",
        "chatted",
        "to",
        "of",
        "can",
        "could",
        "please",
        "again",
        "last",
        "time",
        "that",
        "write",
        "wrote",
        "anything",
        "something",
        "when",
        "how",
        "is",
        "was",
        "were",
        "it",
        "in",
        "our",
        "conversation",
        "conversations",
        "previous",
        "past",
        "recall",
        "yo",
        "hey",
        "coach",
        "so",
        "ok",
        "anything",
        "any",
        "ago",
        "where",
        "which",
        "called",
        "again",
        "is",
        "name",
        "told",
        "say",
        "does",
        "are",
    ];
    let from = m.find(&["about"]).map_or(m.lead(), |k| k + 1);
    let words: Vec<&str> = m.toks[from.min(m.toks.len())..]
        .iter()
        .map(|t| t.w.as_str())
        .filter(|w| !SKIP.contains(w) && w.len() > 1)
        .take(4)
        .collect();
    if words.is_empty() {
        return None;
    }
    Some(words.join(" "))
}

/// What a log request still lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IncompleteLog {
    pub activity: Option<Activity>,
    pub duration_min: Option<u32>,
}

/// "log a session", "I want to add a workout", "log my bouldering": a log with no duration
/// or no kind of session.
pub(super) fn incomplete_log(m: &Msg) -> Option<IncompleteLog> {
    if !super::refusal::log_command(m) && !m.has_phrase(&["new", "journal|session|entry|log"]) {
        return None;
    }
    let about_session = m.has_any(&[
        "session",
        "sesh",
        "workout",
        "training",
        "climbing",
        "climb",
        "something",
        "it",
        "entry",
        "today",
        "yesterday",
        "day",
    ]) || m.activity.is_some();
    if !about_session || m.toks.len() > 14 {
        return None;
    }
    let mut used = vec![false; m.toks.len()];
    Some(IncompleteLog {
        activity: m.activity.map(|(_, a)| a).filter(|a| *a != Activity::Other),
        duration_min: super::find_duration(m, &mut used),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intent::{recognize, Intent};
    use crate::domain::when::Date;

    fn read(text: &str) -> Intent {
        recognize(text, Date::new(2026, 11, 25).unwrap())
    }

    #[test]
    fn small_talk_gets_small_talk() {
        assert_eq!(read("thanks!"), Intent::SmallTalk(SmallTalk::Thanks));
        assert_eq!(read("thx coach"), Intent::SmallTalk(SmallTalk::Thanks));
        assert_eq!(read("ok cool"), Intent::SmallTalk(SmallTalk::Ok));
        assert_eq!(read("bye!"), Intent::SmallTalk(SmallTalk::Bye));
        assert_eq!(read("haha"), Intent::SmallTalk(SmallTalk::Laugh));
        assert_eq!(
            read("how are you?"),
            Intent::SmallTalk(SmallTalk::HowAreYou)
        );
        assert_eq!(read("hi"), Intent::Greeting);
    }

    #[test]
    fn recall_questions_name_their_topic() {
        assert_eq!(
            read("what did I tell you about my finger?"),
            Intent::Recall("finger".into())
        );
        assert_eq!(
            read("did i mention my shoulder before?"),
            Intent::Recall("shoulder".into())
        );
        assert_eq!(
            read("remind me what I said about the hangboard protocol"),
            Intent::Recall("hangboard protocol".into())
        );
        assert!(!matches!(
            read("what did I do last week?"),
            Intent::Recall(_)
        ));
    }

    #[test]
    fn a_log_request_without_details_asks_for_them() {
        assert_eq!(
            read("log a session"),
            Intent::LogIncomplete(IncompleteLog {
                activity: None,
                duration_min: None
            })
        );
        assert_eq!(
            read("can you log my bouldering"),
            Intent::LogIncomplete(IncompleteLog {
                activity: Some(Activity::Bouldering),
                duration_min: None
            })
        );
        assert_eq!(
            read("I want to log a workout, 1h"),
            Intent::LogIncomplete(IncompleteLog {
                activity: None,
                duration_min: Some(60)
            })
        );
        assert!(matches!(
            read("log 90 min bouldering"),
            Intent::LogSession(_)
        ));
    }
}
