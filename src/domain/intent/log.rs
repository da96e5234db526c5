//! Session logs: the activity, place, day, duration and RPE of a logged session.
use super::*;

pub(super) const ACTIVITY_PHRASES: &[(&[&str], Activity)] = &[
    (&["hang|finger", "board|boarding"], Activity::Hangboard),
    (&["campus", "board|boarding"], Activity::Campus),
    (&["top", "rope|roped|roping|ropes"], Activity::TopRope),
    (&["tension|system|spray", "board|wall"], Activity::Board),
    (&["max", "hangs"], Activity::Hangboard),
    (&["pull", "ups|up"], Activity::Strength),
    (&["multi", "pitch"], Activity::Trad),
    (&["power", "endurance"], Activity::Endurance),
    (&["4", "x", "4|4s"], Activity::Endurance),
];

pub(super) const ACTIVITY_WORDS: &[(&str, Activity)] = &[
    ("bouldering", Activity::Bouldering),
    ("bouldered", Activity::Bouldering),
    ("boulder", Activity::Bouldering),
    ("boulders", Activity::Bouldering),
    ("problems", Activity::Bouldering),
    ("hangboard", Activity::Hangboard),
    ("hangboarding", Activity::Hangboard),
    ("hangboarded", Activity::Hangboard),
    ("fingerboard", Activity::Hangboard),
    ("fingerboarding", Activity::Hangboard),
    ("hangs", Activity::Hangboard),
    ("repeaters", Activity::Hangboard),
    ("campus", Activity::Campus),
    ("campusing", Activity::Campus),
    ("campused", Activity::Campus),
    ("moonboard", Activity::Board),
    ("woody", Activity::Board),
    ("tension", Activity::Board),
    ("yoga", Activity::Mobility),
    ("mobility", Activity::Mobility),
    ("stretching", Activity::Mobility),
    ("stretches", Activity::Mobility),
    ("flexibility", Activity::Mobility),
    ("kilter", Activity::Board),
    ("board", Activity::Board),
    ("toprope", Activity::TopRope),
    ("toproped", Activity::TopRope),
    ("toproping", Activity::TopRope),
    ("trad", Activity::Trad),
    ("multipitch", Activity::Trad),
    ("sport", Activity::Sport),
    ("lead", Activity::Sport),
    ("leading", Activity::Sport),
    ("led", Activity::Sport),
    ("route", Activity::Sport),
    ("routes", Activity::Sport),
    ("pitches", Activity::Sport),
    ("strength", Activity::Strength),
    ("weights", Activity::Strength),
    ("lifting", Activity::Strength),
    ("deadlifts", Activity::Strength),
    ("pullups", Activity::Strength),
    ("antagonists", Activity::Strength),
    ("endurance", Activity::Endurance),
    ("arc", Activity::Endurance),
    ("arcing", Activity::Endurance),
    ("circuits", Activity::Endurance),
    ("laps", Activity::Endurance),
];

pub(super) fn find_activity(m: &Msg) -> Option<(usize, Activity)> {
    for i in 0..m.toks.len() {
        if let Some((_, a)) = ACTIVITY_PHRASES.iter().find(|(p, _)| m.phrase_at(i, p)) {
            return Some((i, *a));
        }
        if let Some((_, a)) = ACTIVITY_WORDS.iter().find(|(w, _)| *w == m.w(i)) {
            return Some((i, *a));
        }
    }
    None
}

pub(super) fn find_location(m: &Msg) -> Option<Location> {
    (0..m.toks.len()).find_map(|i| match m.w(i) {
        "gym" | "gyms" | "indoor" | "indoors" | "inside" => Some(Location::Gym),
        "wall" if m.w(i.wrapping_sub(1)) == "climbing" => Some(Location::Gym),
        "outside" | "outdoor" | "outdoors" | "crag" | "crags" | "rock" | "bleau"
        | "fontainebleau" | "cliff" => Some(Location::Outdoor),
        "home" | "garage" | "basement" => Some(Location::Home),
        _ => None,
    })
}

/// Past-tense verbs of climbing and training.
pub(super) const CLIMBING_PAST: &[&str] = &[
    "climbed",
    "bouldered",
    "hangboarded",
    "fingerboarded",
    "campused",
    "trained",
    "hung",
    "toproped",
    "led",
    "lapped",
    "sent",
    "flashed",
    "onsighted",
    "redpointed",
    "repeated",
    "ticked",
    "topped",
    "projected",
    "tried",
    "attempted",
    "warmed",
];

pub(super) const GENERAL_PAST: &[&str] = &[
    "did",
    "went",
    "had",
    "spent",
    "finished",
    "completed",
    "managed",
    "worked",
];

pub(super) const MODAL: &[&str] = &[
    "will", "ill", "gonna", "wanna", "want", "wants", "plan", "planning", "should", "shall", "can",
    "could", "would", "might", "tomorrow", "next", "hope", "hoping", "going",
];

pub(super) fn session_log(m: &Msg, today: Date) -> Option<SessionLog> {
    if m.is_question() || m.is_request() {
        return None;
    }
    let mut used = vec![false; m.toks.len()];
    let rpe = find_rpe(m, &mut used);
    let duration_min = find_duration(m, &mut used);
    let sends = find_sends(m, &used);
    let pain = find_pain(m);
    let location = find_location(m);
    let day = parse_relative_day(&m.corrected, today);

    let climbing_past = m.has_any(CLIMBING_PAST);
    let past = climbing_past || m.has_any(GENERAL_PAST) || refusal::log_command(m);
    let has_activity = m.activity.is_some();
    let session_word = m.has_any(&["session", "sesh", "workout", "climbing"]);
    let strong = !sends.is_empty()
        || (duration_min.is_some()
            && (has_activity || past || session_word || location.is_some() || rpe.is_some()))
        || (climbing_past && (has_activity || location.is_some() || day.is_some()));
    let past_day = m.has_any(&["yesterday", "ago", "today", "earlier", "tonight"])
        || m.has_phrase(&["last", "night"])
        || m.has_phrase(&["this", "morning|afternoon|evening"]);
    let weak = (m.has_any(GENERAL_PAST) && (has_activity || session_word))
        || (m.has_any(&["sesh", "session", "workout"])
            && (location.is_some() || past_day)
            && !m.has_any(&["next", "tomorrow", "plan", "planned"]))
        || (m.has_any(&["went", "spent"]) && location.is_some())
        || (has_activity && past_day);
    if !(strong || (weak && pain.is_none())) || (m.has_any(MODAL) && !past) {
        return None;
    }
    // "goal: 7b+ redpoint by september" is a wish, not a report.
    let goal = m.has_any(&[
        "goal", "goals", "aim", "aiming", "dream", "target", "ambition", "stronger", "improve",
    ]);
    if goal && duration_min.is_none() && !climbing_past {
        return None;
    }
    let activity = match m.activity {
        Some((_, a)) => a,
        None => match sends.first() {
            Some(s) if s.grade.system.is_boulder() => Activity::Bouldering,
            Some(_) => Activity::Sport,
            None if m.has_any(&["redpointed", "onsighted"]) => Activity::Sport,
            None => Activity::Other,
        },
    };
    Some(SessionLog {
        date: day.unwrap_or(today),
        activity,
        location,
        duration_min,
        sends,
        rpe,
        pain,
        wellness: wellness::find_wellness(m),
        bodyweight_kg: body::stated_bodyweight(m),
        question: None,
        notes: m.raw.trim().to_string(),
    })
}

/// A log, then a question in a later clause of the same message ("had an hour on the board
/// last night, rpe 8, how many board sessions have I done this month?"): the log as if said
/// alone, with the question kept to answer after it. The log must have a duration or sends;
/// without a question mark or a question word first, the question must ask training advice or
/// for the next session.
pub(super) fn log_then_question(m: &Msg, today: Date) -> Option<SessionLog> {
    const WH: &[&str] = &[
        "what", "whats", "when", "where", "which", "how", "hows", "why", "who", "any", "hw",
    ];
    const AUX: &[&str] = &[
        "did", "do", "does", "have", "has", "was", "were", "is", "are", "am", "can", "could",
        "should", "will", "would",
    ];
    const SUBJ: &[&str] = &[
        "i", "you", "we", "my", "me", "it", "there", "the", "that", "this",
    ];
    let starts_question =
        |k: usize| WH.contains(&m.w(k)) || (AUX.contains(&m.w(k)) && SUBJ.contains(&m.w(k + 1)));
    let q = (1..m.toks.len()).find(|&k| {
        let t = &m.toks[k];
        let prev = &m.toks[k - 1];
        // A new clause: after punctuation, a dash between spaces, "and" or "but".
        let dash = m.raw[prev.end..t.start].contains(" - ");
        (t.clause != prev.clause || dash || m.w(k - 1) == "and" || m.w(k - 1) == "but")
            && starts_question(k)
    })?;
    let first = if matches!(m.w(q - 1), "and" | "but") {
        q - 1
    } else {
        q
    };
    // "bouldered 2h today sent 2 v5s rpe 8, how shld i recover": a message that doesn't end
    // with "?" has a question after its log only when that question asks training advice or
    // for the next session ("climbed 2 hrs today, what should i do next session").
    let (mut q, mut first) = (q, first);
    let tail = Msg::new(&m.raw[m.toks[q].start..]);
    if !m.is_question()
        && super::advice::advice(&tail).is_none()
        && program_ask(&tail) != Some(ProgramAsk::NextSession)
    {
        // "1h30 lead yday, got pumped af, any tips": the topic is in the clause before.
        let clause = m.toks[q - 1].clause;
        let start = (0..q).find(|&k| m.toks[k].clause == clause)?;
        if start == 0 || super::advice::advice(&Msg::new(&m.raw[m.toks[start].start..])).is_none() {
            return None;
        }
        (q, first) = (start, start);
    }
    let question = &m.raw[m.toks[q].start..];
    let before = &m.raw[..m.toks[first].start];
    let log = session_log(&Msg::new(before), today)?;
    if log.duration_min.is_none() && log.sends.is_empty() {
        return None;
    }
    Some(SessionLog {
        question: Some(clean(question)),
        notes: m.raw.trim().to_string(),
        ..log
    })
}

/// Minutes in a log: "m" alone is a route's length ("15 m"), not minutes.
pub(super) fn is_minute_unit(w: &str) -> bool {
    is_minute(w) && w != "m"
}

/// The first duration; marks the words it used.
pub(super) fn find_duration(m: &Msg, used: &mut [bool]) -> Option<u32> {
    for i in 0..m.toks.len() {
        if used[i] || m.toks[i].in_grade {
            continue;
        }
        if let Some((minutes, mut last)) = duration_at(m, i) {
            let mut first = i;
            let mut times = 1.0;
            // "2 x 20 min", "2×20min", "3 sets of 10 min": the parts add up.
            if let Some((n, k)) = repeats_before(m, i) {
                times = f64::from(n);
                first = k;
            } else if matches!(m.w(last + 1), "x" | "times") {
                // "20 min x 2"
                if let Some(n) = m.toks.get(last + 2).and_then(|t| t.num) {
                    if n.fract() == 0.0 && (2.0..=20.0).contains(&n) {
                        times = n;
                        last += 2;
                    }
                }
            }
            used[first..=last].iter_mut().for_each(|u| *u = true);
            let mut minutes = minutes * times;
            // "20 min hangboard then 40 min on the spray wall", "1h bouldering + 1h lead":
            // the parts of one session add up.
            let mut k = last + 1;
            while k < m.toks.len() && k <= last + 8 {
                tick(1);
                let Some((more, end)) = duration_at(m, k).filter(|_| !m.toks[k].in_grade) else {
                    k += 1;
                    continue;
                };
                let between = &m.raw[m.toks[last].end..m.toks[k].start];
                let joined = between.contains(['+', '&'])
                    || (last + 1..k)
                        .any(|j| matches!(m.w(j), "then" | "and" | "plus" | "followed"));
                let sleep = (k.saturating_sub(2)..k).any(|j| matches!(m.w(j), "slept" | "sleep"));
                if !joined || sleep {
                    break;
                }
                used[k..=end].iter_mut().for_each(|u| *u = true);
                minutes += more;
                last = end;
                k = end + 1;
            }
            let minutes = minutes.round();
            return (1.0..=1440.0).contains(&minutes).then_some(minutes as u32);
        }
    }
    None
}

/// A repeat count right before the duration at `i` ("2 x", "2×", "3 sets of", "two rounds
/// of"): the count and the index of its first word.
pub(super) fn repeats_before(m: &Msg, i: usize) -> Option<(u32, usize)> {
    let count = |k: usize| {
        m.integer_at(k)
            .filter(|(n, used)| (2..=20).contains(n) && k + used <= i)
            .map(|(n, _)| n)
    };
    if i >= 2 && m.w(i - 1) == "x" {
        return count(i - 2).map(|n| (n, i - 2));
    }
    if i >= 1 {
        // "2×20", "2 * 20": a sign the tokenizer skipped.
        let between = &m.raw[m.toks[i - 1].end..m.toks[i].start];
        if between.trim() == "×" || between.trim() == "*" {
            return count(i - 1).map(|n| (n, i - 1));
        }
    }
    if i >= 3
        && m.w(i - 1) == "of"
        && matches!(
            m.w(i - 2),
            "sets" | "rounds" | "blocks" | "bouts" | "reps" | "laps"
        )
    {
        return count(i - 3).map(|n| (n, i - 3));
    }
    None
}

/// Minutes and the index of the last word of a duration starting at `i` (the shared reader
/// with a session's rules).
pub(super) fn duration_at(m: &Msg, i: usize) -> Option<(f64, usize)> {
    read_duration(m, i, &SESSION).map(|d| (d.minutes(), i + d.len - 1))
}

/// The first RPE mention; marks the words it used. Outside 1..=10 it is ignored.
pub(super) fn find_rpe(m: &Msg, used: &mut [bool]) -> Option<u8> {
    let valid = |v: f64| (1.0..=10.0).contains(&v).then(|| (v + 0.5).floor() as u8);
    let number = |k: usize| {
        m.toks
            .get(k)
            .filter(|t| !t.in_grade)
            .and_then(|t| t.num.or_else(|| number_word(&t.w).map(f64::from)))
    };
    for i in 0..m.toks.len() {
        if matches!(m.w(i), "rpe" | "effort" | "intensity" | "exertion") {
            let mut j = i + 1;
            while j < i + 4
                && matches!(
                    m.w(j),
                    "of" | "at"
                        | "was"
                        | "is"
                        | "about"
                        | "around"
                        | "level"
                        | "like"
                        | "a"
                        | "maybe"
                        | "roughly"
                )
            {
                j += 1;
            }
            if let Some(v) = number(j) {
                let mut last = j;
                if m.w(j + 1) == "/" && m.toks.get(j + 2).and_then(|t| t.num) == Some(10.0) {
                    last = j + 2;
                }
                used[i..=last].iter_mut().for_each(|u| *u = true);
                return valid(v);
            }
        }
        if let (Some(v), "/") = (m.toks[i].num.filter(|_| !m.toks[i].in_grade), m.w(i + 1)) {
            if m.toks.get(i + 2).and_then(|t| t.num) == Some(10.0) {
                used[i..=i + 2].iter_mut().for_each(|u| *u = true);
                return valid(v);
            }
        }
    }
    None
}
