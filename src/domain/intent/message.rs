//! How the coach reads a message: its tokens (the shared lexicon's
//! [`coach_words`](crate::domain::lexicon::tokens::coach_words), typo-corrected against the
//! coach's keywords) and [`Msg`], the message with its grades, activity and body part found.
use super::*;

#[derive(Debug, Clone)]
pub(super) struct Tok {
    /// Lower-case, typo-corrected.
    pub(super) w: String,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) clause: usize,
    pub(super) sentence: usize,
    /// The value of a digit token ("90", "1.5").
    pub(super) num: Option<f64>,
    pub(super) in_grade: bool,
}

/// The coach's tokens: the shared lexicon's [`coach_words`], with their numbers read.
pub(super) fn tokenize(text: &str) -> Vec<Tok> {
    coach_words(text)
        .into_iter()
        .map(|c| {
            let num = if c.w.as_bytes()[0].is_ascii_digit() {
                c.w.parse().ok()
            } else {
                None
            };
            Tok {
                w: c.w,
                start: c.start,
                end: c.end,
                clause: c.clause,
                sentence: c.sentence,
                num,
                in_grade: false,
            }
        })
        .collect()
}

/// Keywords typos are corrected to (6+ letters, so "short" never becomes "sport").
pub(super) const VOCAB: &[&str] = &[
    "bouldering",
    "bouldered",
    "boulder",
    "boulders",
    "hangboard",
    "hangboarding",
    "hangboarded",
    "fingerboard",
    "campus",
    "campusing",
    "campused",
    "assessment",
    "assess",
    "program",
    "programs",
    "flashed",
    "onsight",
    "onsighted",
    "redpoint",
    "redpointed",
    "climbed",
    "climbing",
    "climber",
    "climbers",
    "session",
    "sessions",
    "training",
    "trained",
    "trainer",
    "workout",
    "minute",
    "minutes",
    "yesterday",
    "remember",
    "remembered",
    "outside",
    "outdoor",
    "outdoors",
    "indoor",
    "indoors",
    "mondays",
    "tuesdays",
    "wednesdays",
    "thursdays",
    "fridays",
    "saturdays",
    "sundays",
    "weekend",
    "weekends",
    "morning",
    "mornings",
    "evening",
    "evenings",
    "injury",
    "injured",
    "finger",
    "fingers",
    "shoulder",
    "pulley",
    "tendonitis",
    "tweaked",
    "hurting",
    "prefer",
    "prefers",
    "preferred",
    "equipment",
    "schedule",
    "repeated",
    "repeaters",
    "toprope",
    "endurance",
    "strength",
    "weight",
    "weights",
    "benchmark",
    "evaluate",
    "evaluation",
];

/// Whether `a` and `b` are at most one edit apart (optimal string alignment distance:
/// insertion, deletion, substitution, or a swap of two neighbours).
pub(super) fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    match long.len() - short.len() {
        0 => {
            let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            match diff.as_slice() {
                [] | [_] => true,
                [i, j] => *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i],
                _ => false,
            }
        }
        1 => {
            let p = (0..short.len())
                .find(|&i| short[i] != long[i])
                .unwrap_or(short.len());
            short[p..] == long[p + 1..]
        }
        _ => false,
    }
}

pub(super) fn correct(word: &str) -> Option<&'static str> {
    match word {
        "programme" | "programmes" | "programm" => return Some("program"),
        // Real words one edit away from a keyword ("training").
        "raining" => return None,
        _ => {}
    }
    if word.chars().count() < 5
        || !word.chars().all(|c| c.is_ascii_alphabetic())
        || VOCAB.contains(&word)
        || WEEKDAY_NAMES.contains(&word)
    {
        return None;
    }
    // The weekday names come from the shared lexicon.
    VOCAB
        .iter()
        .chain(WEEKDAY_NAMES.iter())
        .find(|v| within_one_edit(word, v))
        .copied()
}

// The message

pub(super) struct Msg<'a> {
    pub(super) raw: &'a str,
    pub(super) toks: Vec<Tok>,
    /// The raw text with typo-corrected words, for date and period phrases.
    pub(super) corrected: String,
    pub(super) grades: Vec<GradeMatch>,
    /// First activity word: (token index, activity).
    pub(super) activity: Option<(usize, Activity)>,
    /// Whether a body part is named ("shoulder", "A2").
    pub(super) body_part: bool,
}

impl<'a> Msg<'a> {
    pub(super) fn new(raw: &'a str) -> Self {
        let mut toks = tokenize(raw);
        let mut corrected = String::with_capacity(raw.len());
        let mut last = 0;
        for t in &mut toks {
            if let Some(fixed) = correct(&t.w) {
                t.w = fixed.to_string();
                corrected.push_str(&raw[last..t.start]);
                corrected.push_str(fixed);
                last = t.end;
            }
        }
        corrected.push_str(&raw[last..]);
        let mut m = Msg {
            raw,
            toks,
            corrected,
            grades: Vec::new(),
            activity: None,
            body_part: false,
        };
        m.activity = find_activity(&m);
        let discipline = match m.activity.map(|a| a.1) {
            Some(Activity::Bouldering | Activity::Board) => Some(Discipline::Boulder),
            Some(Activity::Sport | Activity::Trad | Activity::TopRope) => Some(Discipline::Route),
            _ => Discipline::infer(&m.corrected),
        };
        m.grades = find_grade_spans(raw, discipline);
        // Grades and tokens both run left to right: one sweep marks the tokens in a grade.
        let mut g = 0;
        for t in &mut m.toks {
            while g < m.grades.len() && m.grades[g].end <= t.start {
                g += 1;
            }
            tick(1);
            t.in_grade = m
                .grades
                .get(g)
                .is_some_and(|g| t.start < g.end && t.end > g.start);
        }
        m.body_part = m.has_any(BODY_PARTS);
        m
    }

    /// The word at `i` ("" outside the message or inside a grade).
    pub(super) fn w(&self, i: usize) -> &str {
        tick(1);
        match self.toks.get(i) {
            Some(t) if !t.in_grade => &t.w,
            _ => "",
        }
    }

    pub(super) fn has(&self, word: &str) -> bool {
        tick(self.toks.len());
        self.toks.iter().any(|t| !t.in_grade && t.w == word)
    }

    pub(super) fn has_any(&self, words: &[&str]) -> bool {
        tick(self.toks.len());
        self.toks
            .iter()
            .any(|t| !t.in_grade && words.contains(&t.w.as_str()))
    }

    /// Whether the words match at `i`; each pattern word may list alternatives "a|b".
    pub(super) fn phrase_at(&self, i: usize, pattern: &[&str]) -> bool {
        pattern
            .iter()
            .enumerate()
            .all(|(k, p)| p.split('|').any(|alt| alt == self.w(i + k)))
    }

    /// The first index where `pattern` matches.
    pub(super) fn find(&self, pattern: &[&str]) -> Option<usize> {
        (0..self.toks.len()).find(|&i| self.phrase_at(i, pattern))
    }

    pub(super) fn has_phrase(&self, pattern: &[&str]) -> bool {
        self.find(pattern).is_some()
    }

    /// Index of the first word after leading fillers ("so", "ok", "hey coach", "please").
    pub(super) fn lead(&self) -> usize {
        const FILLERS: &[&str] = &[
            "so", "ok", "okay", "hey", "hi", "hello", "coach", "please", "um", "uh", "well", "and",
            "also", "alright", "right", "btw", "oh", "quick", "question", "yo",
        ];
        (0..self.toks.len())
            .find(|&i| !FILLERS.contains(&self.w(i)))
            .unwrap_or(self.toks.len())
    }

    pub(super) fn is_question(&self) -> bool {
        const WH: &[&str] = &[
            "what", "whats", "when", "where", "which", "how", "hows", "why", "who",
        ];
        const AUX: &[&str] = &[
            "did", "do", "does", "have", "has", "was", "were", "is", "are", "am", "can", "could",
            "should", "will", "would",
        ];
        const SUBJ: &[&str] = &["i", "you", "we", "my", "me", "it", "there", "the"];
        let l = self.lead();
        self.raw.trim_end().ends_with('?')
            || WH.contains(&self.w(l))
            || (AUX.contains(&self.w(l)) && SUBJ.contains(&self.w(l + 1)))
    }

    pub(super) fn is_request(&self) -> bool {
        const REQ: &[&str] = &[
            "show",
            "list",
            "display",
            "give",
            "tell",
            "summarize",
            "summarise",
            "recap",
            "pull",
        ];
        let l = self.lead();
        REQ.contains(&self.w(l))
            || (matches!(self.w(l), "can" | "could" | "would") && self.w(l + 1) == "you")
    }

    /// A whole number at `i`: digits or a number word, "forty five" = 45.
    pub(super) fn integer_at(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.toks.get(i).filter(|t| !t.in_grade)?;
        if let Some(n) = t.num {
            return (n.fract() == 0.0 && (0.0..10_000.0).contains(&n)).then_some((n as u32, 1));
        }
        let n = number_word(&t.w)?;
        match tens_and_unit(n, self.w(i + 1)) {
            Some(both) => Some((both, 2)),
            None => Some((n, 1)),
        }
    }

    /// The raw text from token `from` to the end, trimmed, without final punctuation.
    pub(super) fn rest_from(&self, from: usize) -> String {
        clean(&self.raw[self.toks[from].start..])
    }
}

/// The coach's tokens for the shared readers: words inside a grade are not words.
impl Words for Msg<'_> {
    fn word(&self, i: usize) -> &str {
        self.w(i)
    }

    fn number(&self, i: usize) -> Option<f64> {
        self.toks.get(i).filter(|t| !t.in_grade).and_then(|t| t.num)
    }
}

pub(super) fn clean(s: &str) -> String {
    s.trim()
        .trim_end_matches(['.', '!', ';', ',', ' '])
        .trim()
        .to_string()
}
