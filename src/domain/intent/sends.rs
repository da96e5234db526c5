//! Sends in a log: which grades were sent, how many times and in what style.
use super::*;

pub(super) fn style_word(w: &str) -> Option<SendStyle> {
    Some(match w {
        "flash" | "flashed" => SendStyle::Flash,
        "onsight" | "onsighted" | "os" | "osd" => SendStyle::Onsight,
        "redpoint" | "redpointed" | "rp" | "rpd" => SendStyle::Redpoint,
        "repeat" | "repeated" | "lapped" => SendStyle::Repeat,
        "sent" | "ticked" | "topped" | "did" | "climbed" | "got" | "completed" | "finished"
        | "bagged" | "crushed" | "done" | "toproped" | "bouldered" | "led" | "send" => {
            SendStyle::Send
        }
        _ => return None,
    })
}

/// Words that stop the search for a send verb: the grade was tried, wished for, or denied.
pub(super) const NOT_SENT: &[&str] = &[
    "tried",
    "try",
    "trying",
    "attempted",
    "attempt",
    "attempts",
    "worked",
    "working",
    "projected",
    "projecting",
    "project",
    "fell",
    "failed",
    "fail",
    "didnt",
    "couldnt",
    "cant",
    "not",
    "no",
    "nearly",
    "almost",
    "want",
    "wanna",
    "goal",
    "aim",
    "hope",
    "will",
    "ill",
    "going",
    "gonna",
    "next",
    "dream",
    "is",
    "are",
    "max",
    "hardest",
    "best",
    "level",
    "usually",
];

pub(super) fn find_sends(m: &Msg, used: &[bool]) -> Vec<Send> {
    let mut out = Vec::new();
    // For each word, the nearest send verb or blocker before it in its sentence, found in
    // one pass (grades skipped), so a message of 10 000 grades is not read 10 000 times.
    #[derive(Clone, Copy)]
    enum Before {
        Nothing,
        Blocked,
        Style(SendStyle),
    }
    let mut before = vec![Before::Nothing; m.toks.len()];
    for k in 1..m.toks.len() {
        tick(1);
        let t = &m.toks[k - 1];
        before[k] = if t.sentence != m.toks[k].sentence {
            // "sent my proj!! 7c+": the grade names the project the sentence before sent.
            if matches!(t.w.as_str(), "proj" | "project") {
                before[k - 1]
            } else {
                Before::Nothing
            }
        } else if t.in_grade {
            before[k - 1]
        } else if NOT_SENT.contains(&t.w.as_str()) {
            Before::Blocked
        } else if let Some(s) =
            style_word(&t.w).filter(|_| !matches!(t.w.as_str(), "send" | "flash"))
        {
            Before::Style(s)
        } else {
            before[k - 1]
        };
    }
    for g in &m.grades {
        let first = m.toks.partition_point(|t| t.start < g.start);
        if first >= m.toks.len() {
            continue;
        }
        let last = m.toks.partition_point(|t| t.start < g.end).max(first + 1) - 1;
        let clause = m.toks[first].clause;
        let same_clause = |k: usize| m.toks.get(k).is_some_and(|t| t.clause == clause);
        let free = |k: usize| same_clause(k) && !used[k] && !m.toks[k].in_grade;

        // After the grade: plural "s", then "x3" / "3x" / "3 times" / "twice", then a style.
        let mut p = last + 1;
        if m.toks
            .get(p)
            .is_some_and(|t| t.w == "s" && t.start == g.end)
        {
            p += 1;
        }
        let mut count = None;
        let mut explicit = false;
        if free(p) && m.w(p) == "x" {
            if let Some((n, k)) = m.integer_at(p + 1).filter(|_| free(p + 1)) {
                count = Some(n);
                explicit = true;
                p += 1 + k;
            }
        } else if let Some((n, k)) = m.integer_at(p).filter(|_| free(p)) {
            if matches!(m.w(p + k), "x" | "times") {
                count = Some(n);
                explicit = true;
                p += k + 1;
            }
        } else if free(p) {
            let n = match m.w(p) {
                "once" => Some(1),
                "twice" => Some(2),
                "thrice" => Some(3),
                _ => None,
            };
            if n.is_some() {
                count = n;
                explicit = true;
                p += 1;
            }
        }
        let mut post_style = None;
        if free(p) {
            post_style = style_word(m.w(p)).filter(|s| *s != SendStyle::Send || m.w(p) == "send");
            if m.phrase_at(p, &["first", "go|try|attempt"]) {
                post_style = Some(SendStyle::Flash);
            }
        }

        // Before the grade: a count, then the nearest send verb in the sentence.
        if count.is_none() && first > 0 && free(first - 1) {
            let b = first - 1;
            count = match m.w(b) {
                "x" => m
                    .toks
                    .get(b.wrapping_sub(1))
                    .filter(|t| t.clause == clause && !t.in_grade && !used[b - 1])
                    .and_then(|t| t.num)
                    .filter(|n| n.fract() == 0.0 && *n >= 1.0 && *n <= 50.0)
                    .map(|n| {
                        explicit = true;
                        n as u32
                    }),
                "a" | "an" => Some(1),
                "couple" => Some(2),
                "of" if m.w(b.wrapping_sub(1)) == "couple" => Some(2),
                "few" | "several" => Some(3),
                _ => m
                    .integer_at(b)
                    .filter(|(n, k)| *k == 1 && (1..=50).contains(n))
                    .map(|(n, _)| n),
            };
        }
        let (pre_style, blocked) = match before[first] {
            Before::Nothing => (None, false),
            Before::Blocked => (None, true),
            Before::Style(s) => (Some(s), false),
        };
        // "fell off V6 twice": a count after a failed attempt is not a send.
        let style = post_style
            .or(pre_style)
            .or((explicit && !blocked).then_some(SendStyle::Send));
        if let Some(style) = style {
            out.push(Send {
                grade: g.grade.clone(),
                count: count.unwrap_or(1),
                style,
            });
        }
    }
    out
}
