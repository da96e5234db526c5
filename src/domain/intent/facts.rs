//! Facts to remember: the explicit "remember ..." and the facts a climber tells in passing
//! (name, goals, injuries, schedule, preferences, equipment, level), each with its section.
use super::*;

pub(super) const NAME: &str = WORKING_MEMORY_SECTIONS[0];
pub(super) const LEVEL: &str = WORKING_MEMORY_SECTIONS[1];
pub(super) const GOALS: &str = WORKING_MEMORY_SECTIONS[2];
pub(super) const SCHEDULE: &str = WORKING_MEMORY_SECTIONS[3];
pub(super) const EQUIPMENT: &str = WORKING_MEMORY_SECTIONS[4];
pub(super) const INJURIES: &str = WORKING_MEMORY_SECTIONS[5];
pub(super) const PREFERENCES: &str = WORKING_MEMORY_SECTIONS[6];

// Facts

pub(super) fn explicit_remember(m: &Msg) -> Option<Fact> {
    let mut i = m.lead();
    if m.phrase_at(i, &["can|could|would|will", "you"]) {
        i += 2;
    }
    if m.w(i) == "please" {
        i += 1;
    }
    let after = if m.w(i) == "remember" || m.w(i) == "note" || m.w(i) == "fyi" {
        i + 1
    } else if m.phrase_at(i, &["make|take", "a", "note"]) {
        i + 3
    } else if m.phrase_at(i, &["dont", "forget"]) {
        i + 2
    } else if m.phrase_at(i, &["keep", "in", "mind"]) || m.phrase_at(i, &["for", "the", "record"]) {
        i + 3
    } else {
        return None;
    };
    let mut j = after;
    while matches!(m.w(j), "that" | "this" | "of" | "please") {
        j += 1;
    }
    if j >= m.toks.len() {
        return None;
    }
    let rest = m.rest_from(j);
    let sub = Msg::new(&rest);
    Some(classify_fact(&sub, true).unwrap_or(Fact {
        section: PREFERENCES,
        text: rest.clone(),
    }))
}

pub(super) fn name_of(m: &Msg) -> Option<String> {
    const STOP: &[&str] = &[
        "and", "please", "thanks", "thank", "from", "but", "i", "im", "by", "now", "instead",
        "coach", "ok", "okay", "btw", "not", "is", "the", "a", "so", "from", "here",
    ];
    let l = m.lead();
    let start = if let Some(k) = m.find(&["my", "name"]) {
        k + 2 + usize::from(m.w(k + 2) == "is")
    } else if let Some(k) = m.find(&["call", "me"]) {
        k + 2
    } else if let Some(k) = m.find(&["i", "go", "by"]) {
        k + 3
    } else if (m.w(l) == "im" || m.phrase_at(l, &["i", "am"]))
        && m.toks.len() - l <= 3
        && m.toks.last().is_some_and(|t| {
            m.raw[t.start..]
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        })
    {
        l + if m.w(l) == "im" { 1 } else { 2 }
    } else {
        return None;
    };
    let clause = m.toks.get(start)?.clause;
    let names: Vec<String> = (start..m.toks.len())
        .take_while(|&k| {
            let t = &m.toks[k];
            t.clause == clause
                && t.num.is_none()
                && !STOP.contains(&t.w.as_str())
                && m.raw[t.start..t.end]
                    .chars()
                    .all(|c| c.is_alphabetic() || is_apostrophe(c))
        })
        .take(3)
        .map(|k| {
            let word = &m.raw[m.toks[k].start..m.toks[k].end];
            let mut c = word.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        })
        .collect();
    (!names.is_empty()).then(|| names.join(" "))
}

pub(super) const EQUIPMENT_WORDS: &[&str] = &[
    "hangboard",
    "fingerboard",
    "beastmaker",
    "lattice",
    "tindeq",
    "rings",
    "weights",
    "dumbbell",
    "dumbbells",
    "kettlebell",
    "kettlebells",
    "barbell",
    "pullup",
    "trx",
    "bands",
    "moonboard",
    "kilter",
    "rope",
    "ropes",
    "rack",
    "crashpad",
    "crashpads",
    "pad",
    "pads",
    "harness",
    "equipment",
    "gear",
    "woody",
];

pub(super) const LEVEL_WORDS: &[&str] = &[
    "climb",
    "climbs",
    "boulder",
    "lead",
    "project",
    "max",
    "hardest",
    "best",
    "usually",
    "level",
    "grade",
    "grades",
    "onsight",
    "flash",
    "comfortable",
    "consistently",
    "solid",
    "currently",
    "around",
    "im",
];

/// The section a statement about the climber belongs to (see the module docs, rule 7).
pub(super) fn classify_fact(m: &Msg, explicit: bool) -> Option<Fact> {
    if let Some(name) = name_of(m) {
        return Some(Fact {
            section: NAME,
            text: name,
        });
    }
    if !explicit && m.is_question() {
        // A question that reports pain in a body part ("my elbow's been aching, golfer's
        // elbow maybe?") is still an injury to note (with the clinician referral).
        return pain_report(m).then(|| Fact {
            section: INJURIES,
            text: clean(m.raw),
        });
    }
    let text = clean(m.raw);
    let fact = |section| {
        Some(Fact {
            section,
            text: text.clone(),
        })
    };
    if m.has_any(&[
        "goal",
        "goals",
        "aim",
        "aiming",
        "target",
        "dream",
        "objective",
        "ambition",
        "project",
        "stronger",
    ]) {
        return fact(GOALS);
    }
    let injury = (0..m.toks.len()).any(|i| {
        (is_pain_at(m, i)
            || matches!(
                m.w(i),
                "injuries"
                    | "pulley"
                    | "tendinopathy"
                    | "surgery"
                    | "rehab"
                    | "physio"
                    | "sprain"
                    | "strain"
                    | "fracture"
                    | "fractured"
                    | "broke"
                    | "broken"
                    | "torn"
                    | "ruptured"
                    | "recovering"
            ))
            && !negated(m, i)
    });
    if injury {
        return fact(INJURIES);
    }
    // Weekday names (and their plurals) from the shared lexicon.
    let weekday = (0..m.toks.len()).any(|i| {
        let w = m.w(i);
        WEEKDAY_NAMES.contains(&w)
            || w.strip_suffix('s')
                .is_some_and(|d| WEEKDAY_NAMES.contains(&d))
    });
    let days = weekday
        || m.has_any(&[
            "weekend",
            "weekends",
            "weekdays",
            "mornings",
            "evenings",
            "nights",
            "lunchtimes",
            "morning",
            "evening",
            "daily",
            "everyday",
            "shifts",
            "shift",
        ]);
    let per_week = m.has_phrase(&["a|per|each|every", "week"])
        || m.has_phrase(&["times|days|sessions", "weekly"]);
    let schedule_verb = m.has_any(&[
        "can",
        "cant",
        "train",
        "training",
        "climb",
        "climbing",
        "available",
        "free",
        "usually",
        "only",
        "work",
        "busy",
        "schedule",
        "time",
        "go",
        "session",
        "sessions",
        "days",
    ]);
    if per_week || (days && schedule_verb) {
        return fact(SCHEDULE);
    }
    let likes = (0..m.toks.len()).any(|i| {
        matches!(
            m.w(i),
            "prefer"
                | "prefers"
                | "preferred"
                | "preference"
                | "enjoy"
                | "enjoys"
                | "hate"
                | "hates"
                | "dislike"
                | "dislikes"
                | "rather"
                | "favorite"
                | "favourite"
                | "avoid"
        ) || (matches!(m.w(i), "like" | "love" | "likes" | "loves")
            && !matches!(m.w(i.wrapping_sub(1)), "id" | "would")
            && m.w(i + 1) != "to")
            || m.phrase_at(i, &["dont", "want|like"])
    });
    if likes {
        return fact(PREFERENCES);
    }
    let wants = m.has_phrase(&[
        "want|wanna|hope|hoping|trying|wish|like|love|plan|planning",
        "to",
    ]) || (m.has("by")
        && (m.has_any(&crate::domain::when::MONTH_NAMES)
            || m.has_any(&["summer", "winter", "spring", "autumn", "fall", "end"])));
    if wants {
        return fact(GOALS);
    }
    let possess = m.has_any(&[
        "have",
        "has",
        "got",
        "own",
        "owns",
        "bought",
        "built",
        "installed",
        "ive",
        "my",
        "access",
        "use",
        "with",
    ]);
    if (m.has_any(EQUIPMENT_WORDS)
        || m.has_phrase(&["pull", "up", "bar"])
        || m.has_phrase(&["home|spray|system", "wall|board"])
        || m.has_phrase(&["campus", "board"]))
        && possess
    {
        return fact(EQUIPMENT);
    }
    let experience = m.has_any(&[
        "beginner",
        "intermediate",
        "advanced",
        "elite",
        "novice",
        "newbie",
    ]) || m.has_phrase(&["been", "climbing|bouldering"])
        || m.has_phrase(&["years|year|months", "climbing|bouldering"]);
    if (!m.grades.is_empty() && m.has_any(LEVEL_WORDS)) || experience {
        return fact(LEVEL);
    }
    None
}
