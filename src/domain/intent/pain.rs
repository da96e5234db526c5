//! Pain and injury words: the clause of a message that reports pain, unless negated.
use super::*;

pub(super) const PAIN_WORDS: &[&str] = &[
    "sore",
    "soreness",
    "hurt",
    "hurts",
    "hurting",
    "pain",
    "painful",
    "pains",
    "ache",
    "aches",
    "aching",
    "achy",
    "tweaked",
    "tweak",
    "tweaky",
    "injured",
    "injury",
    "strained",
    "sprained",
    "popped",
    "pop",
    "tender",
    "swollen",
    "niggle",
    "niggly",
    "niggling",
    "tendonitis",
    "tendinitis",
    "inflamed",
    "twinge",
];

/// Symptoms that are pain reports when a body part is named ("my shoulder has been clicking").
pub(super) const SYMPTOM_WORDS: &[&str] = &[
    "clicking",
    "clicky",
    "click",
    "clicks",
    "popping",
    "pops",
    "grinding",
    "crunching",
    "numb",
    "numbness",
    "tingling",
    "tingly",
    "stiff",
    "stiffness",
    "tight",
    "bruised",
    "swelling",
    "throbbing",
    "burning",
    "twinged",
    "twinging",
    "weird",
    "funny",
    "unstable",
    "locking",
    "flaring",
    "flared",
    "flare",
    "flares",
    "pulled",
    "killing",
    "creaky",
    "wonky",
];

/// Body parts climbers hurt.
pub const BODY_PARTS: &[&str] = &[
    "finger",
    "fingers",
    "pulley",
    "pulleys",
    "a2",
    "a4",
    "hand",
    "hands",
    "palm",
    "thumb",
    "wrist",
    "wrists",
    "forearm",
    "forearms",
    "elbow",
    "elbows",
    "bicep",
    "biceps",
    "tricep",
    "triceps",
    "shoulder",
    "shoulders",
    "rotator",
    "neck",
    "back",
    "spine",
    "rib",
    "ribs",
    "hip",
    "hips",
    "groin",
    "knee",
    "knees",
    "ankle",
    "ankles",
    "foot",
    "feet",
    "heel",
    "toe",
    "toes",
    "hamstring",
    "hamstrings",
    "calf",
    "calves",
    "tendon",
    "tendons",
    "lat",
    "lats",
    "chest",
    "pec",
    "pecs",
    "skin",
    "tip",
    "tips",
    "fingertip",
    "fingertips",
    "arm",
    "arms",
    "leg",
    "legs",
];

/// Whether word `i` reports pain: a pain word, or a symptom with a body part in the message.
pub(super) fn is_pain_at(m: &Msg, i: usize) -> bool {
    PAIN_WORDS.contains(&m.w(i))
        || (SYMPTOM_WORDS.contains(&m.w(i)) && m.body_part)
        || (m.w(i) == "off"
            && m.body_part
            && matches!(
                m.w(i.wrapping_sub(1)),
                "feels" | "feel" | "felt" | "bit" | "little" | "slightly" | "feeling"
            ))
}

pub(super) const NEGATIONS: &[&str] = &[
    "no", "not", "without", "zero", "nothing", "never", "didnt", "doesnt", "dont", "isnt", "wasnt",
    "arent", "none",
];

pub(super) fn negated(m: &Msg, i: usize) -> bool {
    (1..=2).any(|k| i >= k && NEGATIONS.contains(&m.w(i - k))) || m.w(i + 1) == "free"
}

/// The clause around the first non-negated pain word, as typed.
pub(super) fn find_pain(m: &Msg) -> Option<String> {
    let i = (0..m.toks.len()).find(|&i| is_pain_at(m, i) && !negated(m, i))?;
    let clause = m.toks[i].clause;
    let hard = |k: usize| {
        matches!(
            m.w(k),
            "but" | "though" | "although" | "however" | "while" | "except"
        )
    };
    // "and" starts a new clause before a subject ("and my elbow hurts") or, looking back,
    // right before the pain word ("... and tweaked my pulley").
    let subject = |k: usize| {
        matches!(
            m.w(k),
            "i" | "im"
                | "my"
                | "the"
                | "it"
                | "its"
                | "then"
                | "now"
                | "also"
                | "felt"
                | "had"
                | "was"
                | "did"
        )
    };
    let same = |k: usize| m.toks[k].clause == clause;
    let mut s = i;
    while s > 0 && same(s - 1) && !(hard(s - 1) || (m.w(s - 1) == "and" && (subject(s) || s == i)))
    {
        s -= 1;
    }
    let mut e = i;
    while e + 1 < m.toks.len()
        && same(e + 1)
        && !(hard(e + 1) || (m.w(e + 1) == "and" && subject(e + 2)))
    {
        e += 1;
    }
    Some(m.raw[m.toks[s].start..m.toks[e].end].trim().to_string())
}

/// Whether the message reports pain in a named body part ("my left elbow's been aching"),
/// question or not.
pub(super) fn pain_report(m: &Msg) -> bool {
    m.body_part && find_pain(m).is_some()
}
