//! Deterministic intent recognition and slot extraction for the offline coach (the coach that
//! runs when no language model is configured). [`recognize`] turns one chat message into an
//! [`Intent`] with its slots filled: a session log's date, activity, place, duration, sends,
//! RPE and pain; a history question's period and grade; a fact to remember and its section.
//!
//! # How a message is read
//! The message is split into lower-case words (letters and digits apart: "1h30" is "1 h 30",
//! "rpe8" is "rpe 8"; "what's" is "what"). Words of 5+ letters that are one edit (insertion,
//! deletion, substitution or swap of neighbours) away from a known keyword of 6+ letters are
//! read as that keyword ("boudlering", "bouldred", "hangbaord", "asessment"; "programme" is a
//! synonym of "program"). Grades are found in the original text by
//! [`find_grade_spans`](super::grade::find_grade_spans), the discipline (boulder/route)
//! taken from the activity named in the message, so "6c" in a bouldering log is Font 6C.
//!
//! # Priority rules (the first that matches wins)
//! 1. **Explicit remember**: the message starts with "remember (that)", "note (that)",
//!    "make a note", "don't forget", "keep in mind" or "for the record" (after fillers such as
//!    "please", "coach", "can you"). Its section is chosen from the rest of the message by
//!    rule 7, defaulting to "Preferences"; even "remember I sent V7 yesterday" is a fact.
//! 2. **Session log**, unless the message is a question or a request ("show ..."). It is a log
//!    when it has
//!    - sends (a grade governed by a send word: "sent two V5", "V6 flash", "3x V4"), or
//!    - a duration and an activity or a past-tense verb ("90 min bouldering",
//!      "did 45 minutes"), or
//!    - a past-tense climbing verb and an activity, a place or a day ("climbed outside on
//!      saturday", "trained yesterday"),
//!
//!    and then it is a log even if it mentions pain (the pain goes in the `pain` slot).
//!    Weaker evidence, a past verb with an activity or "session" ("went bouldering", "had a
//!    good session"), or an activity and a past day ("bouldering yesterday"), makes a log only
//!    when no pain is mentioned: "my finger hurts after bouldering yesterday" is an injury
//!    report (rule 7). Future or wishes ("tomorrow", "want to", "can", "will", "next") block
//!    a log unless the message also has a past-tense verb.
//! 3. **Assessment**: "assessment", "assess", "test me", "test", "benchmark", "evaluate",
//!    "baseline".
//! 4. **Program**: "program", "plan" (not "plan to"), "training block|schedule", or a next
//!    session phrase ("next session", "what should I do today", "what's next"). A creating
//!    verb (make, create, build, new, update, "give me", "help me plan", need, want, ...)
//!    gives [`ProgramAsk::Create`], else a next-session phrase [`ProgramAsk::NextSession`],
//!    else [`ProgramAsk::Show`].
//! 5. **Help** phrases: "help" in a message of at most three words, "what can you do",
//!    "how does this work", "how do I log ...", "who are you".
//! 6. **History**: a question or request ("show my sessions ...") that names a period, asks
//!    "how many", or names past training ("did", "sent", "sessions", "log", ...). The period
//!    defaults to [`Period::All`]; the grade is the first one named.
//! 7. **Implicit remember** (not for questions, except a name): in this order, Name ("my name
//!    is", "call me", "I go by", "I'm Sam" alone), Goals (goal, aim, target, dream, project),
//!    Injuries (pain or injury words, not negated), Schedule (weekdays, weekends, mornings,
//!    "N days a week"), Preferences (prefer, like, love, enjoy, hate, "rather", "don't want"),
//!    Goals again (want/hope/trying to ..., "by June"), Equipment (hangboard, rings, weights,
//!    ... with have/got/own/my), Level and grades (a grade with climb/max/hardest/usually...,
//!    or beginner/intermediate/advanced, "been climbing").
//! 8. **Help** again: any message with "help".
//! 9. **Greeting**: only greeting words ("hi", "hello coach", "good morning").
//! 10. Otherwise [`Intent::Unknown`].
//!
//! # Slots
//! - Date: [`parse_relative_day`] on the (typo-corrected) text, default today.
//! - Duration: "90 min", "90mins", "45'", "1h", "1h30", "1 h 30", "1.5h", "1.5 hours",
//!   "2 hrs", "an hour", "one hour", "an hour and a half", "half an hour",
//!   "1 hour and 20 minutes"; kept when 1..=1440 minutes.
//! - RPE: "RPE 8", "rpe8", "rpe: 7", "effort 7/10", "7/10"; decimals round half up
//!   (7.5 → 8); the first mention outside 1..=10 is ignored (no RPE).
//! - Sends: a grade counts as a send when a send word governs it: the style word right after
//!   it ("V6 flash", "7a onsight") or else the nearest send verb before it in the same
//!   sentence ("flashed V3, V4 and V5" flashes all three), stopped by an attempt or wish word
//!   ("tried", "projected", "want", "goal", "not" ...); or an explicit count ("3x V4",
//!   "V4 x3", "V4 three times"). Count: the number word or digits before ("two V5", "3 V4s",
//!   "a couple of V5s" = 2, "a few V4s" = 3, "a V6" = 1) or the "x N"/"N times"/"twice" after;
//!   default 1. Styles: flash, onsight, redpoint, repeat/lapped, else send.
//! - Activity: the first activity word in the message (phrases like "campus board", "top
//!   rope" first). Without one, the sends' grades decide (V/Font → bouldering, route grades →
//!   sport), then "redpointed"/"onsighted" → sport, else [`Activity::Other`].
//! - Location: the first place word (gym/indoors; outside/crag/rock; home/garage).
//! - Pain: the clause around the first non-negated pain word ("sore", "hurts", "tweaked",
//!   "pain", ...), cut at commas and at "but"/"and my|I|it ...", as typed.
mod body;
mod convert;
#[cfg(test)]
mod linear;
mod load;
mod refusal;
mod talk;
mod wellness;

use serde::{Deserialize, Serialize};

pub use body::{HangTest, PullTest, KG_PER_LB};
pub use convert::{conversion_answer, GradeQuestion};
pub use load::load_answer;
pub use refusal::{refusal_words, Refusal};
pub use talk::{small_talk_words, IncompleteLog, SmallTalk};
pub use wellness::{RestLog, Wellness};

use super::grade::{find_grade_spans, Discipline, Grade, GradeMatch};
use super::lexicon::calendar::WEEKDAY_NAMES;
use super::lexicon::duration::{duration_at as read_duration, SESSION};
use super::lexicon::numbers::{number_word, tens_and_unit};
use super::lexicon::units::is_minute;
use super::lexicon::Words;
use super::memory::WORKING_MEMORY_SECTIONS;
use super::when::{parse_relative_day, Date, Period};
use super::work::tick;

const NAME: &str = WORKING_MEMORY_SECTIONS[0];
const LEVEL: &str = WORKING_MEMORY_SECTIONS[1];
const GOALS: &str = WORKING_MEMORY_SECTIONS[2];
const SCHEDULE: &str = WORKING_MEMORY_SECTIONS[3];
const EQUIPMENT: &str = WORKING_MEMORY_SECTIONS[4];
const INJURIES: &str = WORKING_MEMORY_SECTIONS[5];
const PREFERENCES: &str = WORKING_MEMORY_SECTIONS[6];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Intent {
    LogSession(SessionLog),
    AskHistory(HistoryQuery),
    /// Start or continue the assessment.
    Assessment,
    Program(ProgramAsk),
    Remember(Fact),
    Help,
    Greeting,
    /// "what's 5.12a in french".
    GradeConvert(GradeQuestion),
    /// "am I overtraining?", "what's my ACWR".
    Load,
    /// "rest day, slept badly, energy 2/5".
    Rest(RestLog),
    /// "log a session": asks for what is missing.
    LogIncomplete(IncompleteLog),
    /// A value nobody can have done, refused in words.
    Refuse(Refusal),
    /// "hung 20mm +20kg for 10s, I weigh 70kg".
    TestResult(HangTest),
    /// "max pullups: 12 reps", "weighted pull up 1RM is +30kg".
    PullResult(PullTest),
    /// "I weigh 72 kg now", in kg.
    Bodyweight(f64),
    /// "what did I tell you about my finger?": the topic.
    Recall(String),
    /// "thanks!", "ok cool".
    SmallTalk(SmallTalk),
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Activity {
    Bouldering,
    Sport,
    Trad,
    TopRope,
    Board,
    Hangboard,
    Campus,
    Strength,
    Endurance,
    /// Yoga, stretching, mobility work.
    Mobility,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Location {
    Gym,
    Outdoor,
    Home,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SendStyle {
    Flash,
    Onsight,
    Redpoint,
    Repeat,
    /// A send with no particular style ("sent", "did", "ticked").
    Send,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Send {
    pub grade: Grade,
    pub count: u32,
    pub style: SendStyle,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionLog {
    pub date: Date,
    pub activity: Activity,
    pub location: Option<Location>,
    pub duration_min: Option<u32>,
    pub sends: Vec<Send>,
    /// Session RPE on the CR-10 scale, 1..=10.
    pub rpe: Option<u8>,
    /// What the climber said about pain, as typed ("left ring finger a bit sore").
    pub pain: Option<String>,
    /// Sleep, energy and mood if the climber said ("slept badly, energy 2/5").
    pub wellness: Wellness,
    /// A bodyweight said along the way ("... and weigh 71kg now btw"), kg.
    pub bodyweight_kg: Option<f64>,
    /// A question asked after the log in the same message ("1h on the board last night, how
    /// many board sessions this month?"): the coach logs, then answers it.
    #[serde(default)]
    pub question: Option<String>,
    /// The whole message, trimmed.
    pub notes: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProgramAsk {
    Show,
    NextSession,
    Create,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryQuery {
    pub period: Period,
    pub grade: Option<Grade>,
    /// "how many ...": the answer is a number.
    pub wants_count: bool,
    /// "my hangboard sessions": only this kind of session. A discipline named only through
    /// its grades ("6C+ boulders") is not a filter: board sessions have boulder sends too.
    pub kind: Option<Activity>,
}

/// Something to keep in the climber's working memory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    /// One of [`WORKING_MEMORY_SECTIONS`].
    pub section: &'static str,
    /// The fact as typed (for "Name", just the name, capitalised).
    pub text: String,
}

/// Reads one chat message. `today` resolves "yesterday", "on tuesday", ...
pub fn recognize(text: &str, today: Date) -> Intent {
    let m = Msg::new(text);
    if m.toks.is_empty() {
        return Intent::Unknown;
    }
    if let Some(topic) = talk::recall_topic(&m) {
        return Intent::Recall(topic);
    }
    if let Some(r) = refusal::refusal(&m, today) {
        return Intent::Refuse(r);
    }
    if let Some(t) = body::hang_test(&m) {
        return Intent::TestResult(t);
    }
    if let Some(t) = body::pull_test(&m) {
        return Intent::PullResult(t);
    }
    if !m.is_question() && m.activity.is_none() && m.grades.is_empty() {
        if let Some(kg) = body::bodyweight(&m) {
            return Intent::Bodyweight(kg);
        }
    }
    if let Some(f) = explicit_remember(&m) {
        return Intent::Remember(f);
    }
    if let Some(r) = wellness::rest_log(&m, today) {
        return Intent::Rest(r);
    }
    if let Some(log) = log_then_question(&m, today) {
        return Intent::LogSession(log);
    }
    if let Some(log) = session_log(&m, today) {
        // "log a session, 1h": a log still needs its kind.
        if refusal::log_command(&m)
            && log.activity == Activity::Other
            && log.sends.is_empty()
            && log.pain.is_none()
        {
            return Intent::LogIncomplete(IncompleteLog {
                activity: None,
                duration_min: log.duration_min,
            });
        }
        return Intent::LogSession(log);
    }
    if let Some(q) = convert::grade_question(&m) {
        return Intent::GradeConvert(q);
    }
    if load::is_load_question(&m) {
        return Intent::Load;
    }
    if let Some(inc) = talk::incomplete_log(&m) {
        return Intent::LogIncomplete(inc);
    }
    if is_assessment(&m) {
        return Intent::Assessment;
    }
    if let Some(p) = program_ask(&m) {
        return Intent::Program(p);
    }
    if is_help(&m) {
        return Intent::Help;
    }
    if let Some(q) = history_query(&m, today) {
        return Intent::AskHistory(q);
    }
    if let Some(f) = classify_fact(&m, false) {
        return Intent::Remember(f);
    }
    if is_greeting(&m) {
        return Intent::Greeting;
    }
    if let Some(t) = talk::small_talk(&m) {
        return Intent::SmallTalk(t);
    }
    if m.has("help") {
        return Intent::Help;
    }
    Intent::Unknown
}

// ---------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone)]
struct Tok {
    /// Lower-case, typo-corrected.
    w: String,
    start: usize,
    end: usize,
    clause: usize,
    sentence: usize,
    /// The value of a digit token ("90", "1.5").
    num: Option<f64>,
    in_grade: bool,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '′')
}

fn tokenize(text: &str) -> Vec<Tok> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |k: usize| chars.get(k).map_or(text.len(), |c| c.0);
    let ch = |k: usize| chars.get(k).map_or('\0', |c| c.1);
    let mut toks = Vec::new();
    let (mut clause, mut sentence) = (0, 0);
    let push = |toks: &mut Vec<Tok>, w: String, start: usize, end: usize, c: usize, s: usize| {
        let num = if w.as_bytes()[0].is_ascii_digit() {
            w.parse().ok()
        } else {
            None
        };
        toks.push(Tok {
            w,
            start,
            end,
            clause: c,
            sentence: s,
            num,
            in_grade: false,
        });
    };
    let mut i = 0;
    while i < chars.len() {
        tick(1);
        let c = ch(i);
        if c.is_ascii_digit() {
            let mut j = i;
            let mut dot = false;
            while ch(j).is_ascii_digit()
                || (ch(j) == '.' && !dot && ch(j + 1).is_ascii_digit() && {
                    dot = true;
                    true
                })
            {
                j += 1;
            }
            let (s, e) = (byte_at(i), byte_at(j));
            push(&mut toks, text[s..e].to_string(), s, e, clause, sentence);
            i = j;
            continue;
        }
        if matches!(c, 'x' | 'X') && i > 0 && ch(i - 1).is_ascii_digit() {
            // "3x", "3xV4": the count marker is a word of its own.
            let (s, e) = (byte_at(i), byte_at(i + 1));
            push(&mut toks, "x".to_string(), s, e, clause, sentence);
            i += 1;
            continue;
        }
        if c.is_alphabetic() {
            let mut w = String::new();
            let mut j = i;
            let mut end;
            loop {
                while ch(j).is_alphabetic() {
                    w.extend(ch(j).to_lowercase());
                    j += 1;
                }
                end = byte_at(j);
                if is_apostrophe(ch(j)) && ch(j + 1).is_alphabetic() {
                    if matches!(ch(j + 1), 's' | 'S') && !ch(j + 2).is_alphabetic() {
                        // "yesterday's" -> "yesterday"; "what's" -> "what".
                        j += 2;
                        break;
                    }
                    // "don't" -> "dont", "i'm" -> "im".
                    j += 1;
                    continue;
                }
                break;
            }
            push(&mut toks, w, byte_at(i), end, clause, sentence);
            i = j;
            continue;
        }
        let prev_digit = i > 0 && ch(i - 1).is_ascii_digit();
        if (is_apostrophe(c) && prev_digit) || c == '/' {
            let (s, e) = (byte_at(i), byte_at(i + 1));
            push(&mut toks, text[s..e].to_string(), s, e, clause, sentence);
        } else if matches!(c, ',' | ';' | ':' | '(' | ')' | '–' | '—') {
            clause += 1;
        } else if matches!(c, '.' | '!' | '?' | '\n') {
            clause += 1;
            sentence += 1;
        }
        i += 1;
    }
    toks
}

/// Keywords typos are corrected to (6+ letters, so "short" never becomes "sport").
const VOCAB: &[&str] = &[
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
fn within_one_edit(a: &str, b: &str) -> bool {
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

fn correct(word: &str) -> Option<&'static str> {
    match word {
        "programme" | "programmes" | "programm" => return Some("program"),
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

// ---------------------------------------------------------------------------------------
// The message

struct Msg<'a> {
    raw: &'a str,
    toks: Vec<Tok>,
    /// The raw text with typo-corrected words, for date and period phrases.
    corrected: String,
    grades: Vec<GradeMatch>,
    /// First activity word: (token index, activity).
    activity: Option<(usize, Activity)>,
    /// Whether a body part is named ("shoulder", "A2").
    body_part: bool,
}

impl<'a> Msg<'a> {
    fn new(raw: &'a str) -> Self {
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
    fn w(&self, i: usize) -> &str {
        tick(1);
        match self.toks.get(i) {
            Some(t) if !t.in_grade => &t.w,
            _ => "",
        }
    }

    fn has(&self, word: &str) -> bool {
        tick(self.toks.len());
        self.toks.iter().any(|t| !t.in_grade && t.w == word)
    }

    fn has_any(&self, words: &[&str]) -> bool {
        tick(self.toks.len());
        self.toks
            .iter()
            .any(|t| !t.in_grade && words.contains(&t.w.as_str()))
    }

    /// Whether the words match at `i`; each pattern word may list alternatives "a|b".
    fn phrase_at(&self, i: usize, pattern: &[&str]) -> bool {
        pattern
            .iter()
            .enumerate()
            .all(|(k, p)| p.split('|').any(|alt| alt == self.w(i + k)))
    }

    /// The first index where `pattern` matches.
    fn find(&self, pattern: &[&str]) -> Option<usize> {
        (0..self.toks.len()).find(|&i| self.phrase_at(i, pattern))
    }

    fn has_phrase(&self, pattern: &[&str]) -> bool {
        self.find(pattern).is_some()
    }

    /// Index of the first word after leading fillers ("so", "ok", "hey coach", "please").
    fn lead(&self) -> usize {
        const FILLERS: &[&str] = &[
            "so", "ok", "okay", "hey", "hi", "hello", "coach", "please", "um", "uh", "well", "and",
            "also", "alright", "right", "btw", "oh", "quick", "question", "yo",
        ];
        (0..self.toks.len())
            .find(|&i| !FILLERS.contains(&self.w(i)))
            .unwrap_or(self.toks.len())
    }

    fn is_question(&self) -> bool {
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

    fn is_request(&self) -> bool {
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
    fn integer_at(&self, i: usize) -> Option<(u32, usize)> {
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
    fn rest_from(&self, from: usize) -> String {
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

fn clean(s: &str) -> String {
    s.trim()
        .trim_end_matches(['.', '!', ';', ',', ' '])
        .trim()
        .to_string()
}

// ---------------------------------------------------------------------------------------
// Session logs

const ACTIVITY_PHRASES: &[(&[&str], Activity)] = &[
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

const ACTIVITY_WORDS: &[(&str, Activity)] = &[
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

fn find_activity(m: &Msg) -> Option<(usize, Activity)> {
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

fn find_location(m: &Msg) -> Option<Location> {
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
const CLIMBING_PAST: &[&str] = &[
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

const GENERAL_PAST: &[&str] = &[
    "did",
    "went",
    "had",
    "spent",
    "finished",
    "completed",
    "managed",
    "worked",
];

const MODAL: &[&str] = &[
    "will", "ill", "gonna", "wanna", "want", "wants", "plan", "planning", "should", "shall", "can",
    "could", "would", "might", "tomorrow", "next", "hope", "hoping", "going",
];

fn session_log(m: &Msg, today: Date) -> Option<SessionLog> {
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
/// alone, with the question kept to answer after it. The log must have a duration or sends.
fn log_then_question(m: &Msg, today: Date) -> Option<SessionLog> {
    if !m.is_question() {
        return None;
    }
    const WH: &[&str] = &[
        "what", "whats", "when", "where", "which", "how", "hows", "why", "who", "any",
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
    let before = &m.raw[..m.toks[first].start];
    let log = session_log(&Msg::new(before), today)?;
    if log.duration_min.is_none() && log.sends.is_empty() {
        return None;
    }
    Some(SessionLog {
        question: Some(clean(&m.raw[m.toks[q].start..])),
        notes: m.raw.trim().to_string(),
        ..log
    })
}

/// Minutes in a log: "m" alone is a route's length ("15 m"), not minutes.
fn is_minute_unit(w: &str) -> bool {
    is_minute(w) && w != "m"
}

/// The first duration; marks the words it used.
fn find_duration(m: &Msg, used: &mut [bool]) -> Option<u32> {
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
fn repeats_before(m: &Msg, i: usize) -> Option<(u32, usize)> {
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
fn duration_at(m: &Msg, i: usize) -> Option<(f64, usize)> {
    read_duration(m, i, &SESSION).map(|d| (d.minutes(), i + d.len - 1))
}

/// The first RPE mention; marks the words it used. Outside 1..=10 it is ignored.
fn find_rpe(m: &Msg, used: &mut [bool]) -> Option<u8> {
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

fn style_word(w: &str) -> Option<SendStyle> {
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
const NOT_SENT: &[&str] = &[
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

fn find_sends(m: &Msg, used: &[bool]) -> Vec<Send> {
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

const PAIN_WORDS: &[&str] = &[
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
const SYMPTOM_WORDS: &[&str] = &[
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
fn is_pain_at(m: &Msg, i: usize) -> bool {
    PAIN_WORDS.contains(&m.w(i))
        || (SYMPTOM_WORDS.contains(&m.w(i)) && m.body_part)
        || (m.w(i) == "off"
            && m.body_part
            && matches!(
                m.w(i.wrapping_sub(1)),
                "feels" | "feel" | "felt" | "bit" | "little" | "slightly" | "feeling"
            ))
}

const NEGATIONS: &[&str] = &[
    "no", "not", "without", "zero", "nothing", "never", "didnt", "doesnt", "dont", "isnt", "wasnt",
    "arent", "none",
];

fn negated(m: &Msg, i: usize) -> bool {
    (1..=2).any(|k| i >= k && NEGATIONS.contains(&m.w(i - k))) || m.w(i + 1) == "free"
}

/// The clause around the first non-negated pain word, as typed.
fn find_pain(m: &Msg) -> Option<String> {
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

// ---------------------------------------------------------------------------------------
// Other intents

fn is_assessment(m: &Msg) -> bool {
    m.has_any(&[
        "assessment",
        "assessments",
        "assess",
        "reassess",
        "reassessment",
        "benchmark",
        "benchmarks",
        "evaluate",
        "evaluation",
        "baseline",
        "test",
        "tests",
        "testing",
    ])
}

fn program_ask(m: &Msg) -> Option<ProgramAsk> {
    let next = m.has_phrase(&["next", "session|workout|training|day|sessions"])
        || m.has_phrase(&["what|whats", "next"])
        || m.has_phrase(&["up", "next"])
        || m.has_phrase(&["should", "i", "do|train|climb|work"])
        || m.has_phrase(&["today", "session|workout|training|plan"])
        || m.has_phrase(&["session|workout", "today|tomorrow"])
        || m.has_phrase(&["on", "today|tomorrow"]);
    let plan_noun = (0..m.toks.len()).any(|i| {
        matches!(m.w(i), "plan" | "plans")
            && m.w(i + 1) != "to"
            && !m.phrase_at(i + 1, &["is|was", "to"])
    });
    let program = plan_noun
        || m.has_any(&[
            "program",
            "programs",
            "periodization",
            "periodisation",
            "mesocycle",
            "microcycle",
        ])
        || m.has_phrase(&["training", "block|schedule|cycle"]);
    if !(next || program) {
        return None;
    }
    let create = m.has_any(&[
        "make",
        "create",
        "build",
        "generate",
        "new",
        "write",
        "design",
        "draft",
        "update",
        "adjust",
        "change",
        "redo",
        "regenerate",
        "rebuild",
        "replace",
        "setup",
        "need",
        "want",
    ]) || m.has_phrase(&["set", "up"])
        || m.has_phrase(&["put", "together"])
        || m.has_phrase(&["come", "up", "with"])
        || m.has_phrase(&["give", "me", "a|an|some"])
        || m.has_phrase(&["me|to|lets|you", "plan"])
        || m.has_phrase(&["plan", "my|out|a"]);
    Some(if create && program {
        ProgramAsk::Create
    } else if next {
        ProgramAsk::NextSession
    } else {
        ProgramAsk::Show
    })
}

fn is_help(m: &Msg) -> bool {
    let l = m.lead();
    (m.toks.len() - l <= 3 && m.has("help"))
        || m.has_phrase(&["what", "can|do", "you", "do"])
        || m.has_phrase(&["how", "does|do", "this|it|you|climbingpill", "work"])
        || m.has_phrase(&[
            "how",
            "do|can",
            "i",
            "use|log|record|start|add|track|save|talk",
        ])
        || m.has_phrase(&["what", "can", "i", "ask|say"])
        || m.has_phrase(&["who|what", "are", "you"])
        || m.has_phrase(&["how", "can", "you", "help"])
        || m.has_phrase(&["how", "to", "use"])
        || m.has_any(&["commands", "instructions"])
}

fn history_query(m: &Msg, today: Date) -> Option<HistoryQuery> {
    if !(m.is_question() || m.is_request()) {
        return None;
    }
    // "since saturday": from that day; "on tuesday": that day.
    let since = m
        .find(&["since"])
        .filter(|&k| k + 1 < m.toks.len())
        .and_then(|k| parse_relative_day(&m.raw[m.toks[k + 1].start..], today));
    let period = Period::find(&m.corrected)
        .or_else(|| since.map(Period::Since))
        .or_else(|| parse_relative_day(&m.corrected, today).map(Period::On));
    let wants_count = m.has_phrase(&["how", "many|much"])
        || m.has_phrase(&["number", "of"])
        || m.has_any(&["count", "total", "tally"]);
    let past = m.has_any(&[
        "did",
        "done",
        "climbed",
        "sent",
        "sends",
        "session",
        "sessions",
        "history",
        "log",
        "logs",
        "logged",
        "logbook",
        "trained",
        "bouldered",
        "ticked",
        "flashed",
        "onsighted",
        "redpointed",
        "workouts",
        "climbs",
        "progress",
        "stats",
        "summary",
        "volume",
        "load",
    ]);
    if !(period.is_some() || wants_count || past) {
        return None;
    }
    // "who won the olympics in 2024?" names a year but not the climber's training.
    if matches!(period, Some(Period::Year(_)))
        && !(wants_count || past || m.has_any(&["climb", "train", "boulder", "i", "my"]))
    {
        return None;
    }
    // "6C+ boulders", "5.11 routes" name the grade's discipline, not a kind of session
    // (board sessions have boulder sends too); "how often did I boulder" names the kind.
    let kind = find_activity(m)
        .filter(|(i, _)| !(*i > 0 && m.toks[*i - 1].in_grade))
        .filter(|(i, _)| !matches!(m.w(*i), "problems" | "pitches"))
        .map(|(_, a)| a)
        .filter(|a| *a != Activity::Other);
    Some(HistoryQuery {
        period: period.unwrap_or(Period::All),
        grade: m.grades.first().map(|g| g.grade.clone()),
        wants_count,
        kind,
    })
}

fn is_greeting(m: &Msg) -> bool {
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

// ---------------------------------------------------------------------------------------
// Facts

fn explicit_remember(m: &Msg) -> Option<Fact> {
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

fn name_of(m: &Msg) -> Option<String> {
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

const EQUIPMENT_WORDS: &[&str] = &[
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

const LEVEL_WORDS: &[&str] = &[
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
fn classify_fact(m: &Msg, explicit: bool) -> Option<Fact> {
    if let Some(name) = name_of(m) {
        return Some(Fact {
            section: NAME,
            text: name,
        });
    }
    if !explicit && m.is_question() {
        return None;
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
    let days = m.has_any(&[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mondays",
        "tuesdays",
        "wednesdays",
        "thursdays",
        "fridays",
        "saturdays",
        "sundays",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::grade::GradeSystem::{self, Ewbank, Font, French, Uiaa, Yds, V};
    use Activity::*;
    use SendStyle::{Flash, Onsight, Redpoint};

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    /// Wednesday 25 November 2026.
    fn today() -> Date {
        d(2026, 11, 25)
    }

    fn send(system: GradeSystem, label: &str, count: u32, style: SendStyle) -> Send {
        Send {
            grade: Grade {
                system,
                label: label.into(),
            },
            count,
            style,
        }
    }

    /// A session log; `notes` is filled in with the trimmed utterance by the table runner.
    #[allow(clippy::too_many_arguments)]
    fn log(
        date: Date,
        activity: Activity,
        location: Option<Location>,
        duration_min: Option<u32>,
        sends: Vec<Send>,
        rpe: Option<u8>,
        pain: Option<&str>,
    ) -> Intent {
        Intent::LogSession(SessionLog {
            date,
            activity,
            location,
            duration_min,
            sends,
            rpe,
            pain: pain.map(str::to_string),
            wellness: Wellness::default(),
            bodyweight_kg: None,
            question: None,
            notes: String::new(),
        })
    }

    fn hist(period: Period, grade: Option<(GradeSystem, &str)>, wants_count: bool) -> Intent {
        Intent::AskHistory(HistoryQuery {
            period,
            grade: grade.map(|(system, label)| Grade {
                system,
                label: label.into(),
            }),
            wants_count,
            kind: None,
        })
    }

    fn hist_of(kind: Activity, period: Period) -> Intent {
        match hist(period, None, false) {
            Intent::AskHistory(q) => Intent::AskHistory(HistoryQuery {
                kind: Some(kind),
                ..q
            }),
            _ => unreachable!(),
        }
    }

    fn fact(section: &'static str, text: &str) -> Intent {
        Intent::Remember(Fact {
            section,
            text: text.into(),
        })
    }

    fn program(ask: ProgramAsk) -> Intent {
        Intent::Program(ask)
    }

    const GYM: Option<Location> = Some(Location::Gym);
    const OUT: Option<Location> = Some(Location::Outdoor);
    const HOME: Option<Location> = Some(Location::Home);
    const S: SendStyle = SendStyle::Send;

    fn cases() -> Vec<(&'static str, Intent)> {
        let t = today();
        let yesterday = d(2026, 11, 24);
        vec![
            // ---- session logs
            (
                "90 min bouldering at the gym, sent two V5 and a V6 flash, RPE 8, left ring finger a bit sore",
                log(t, Bouldering, GYM, Some(90), vec![send(V, "V5", 2, S), send(V, "V6", 1, Flash)], Some(8), Some("left ring finger a bit sore")),
            ),
            (
                "yesterday I did 45 minutes of hangboard at home",
                log(yesterday, Hangboard, HOME, Some(45), vec![], None, None),
            ),
            (
                "climbed outside on saturday, redpointed 7a+",
                log(d(2026, 11, 21), Sport, OUT, None, vec![send(French, "7a+", 1, Redpoint)], None, None),
            ),
            (
                "boudlering last night for 2 hrs, flashed 3 V4s",
                log(yesterday, Bouldering, None, Some(120), vec![send(V, "V4", 3, Flash)], None, None),
            ),
            (
                "hangbaord session this morning, 30 mins, rpe7",
                log(t, Hangboard, None, Some(30), vec![], Some(7), None),
            ),
            (
                "1h30 at the gym, bouldred a few V3s",
                log(t, Bouldering, GYM, Some(90), vec![send(V, "V3", 3, S)], None, None),
            ),
            (
                "1.5h sport climbing at the crag, onsighted 6b and 6b+",
                log(t, Sport, OUT, Some(90), vec![send(French, "6b", 1, Onsight), send(French, "6b+", 1, Onsight)], None, None),
            ),
            (
                "did 4x4s on the board for an hour, RPE 9",
                log(t, Endurance, None, Some(60), vec![], Some(9), None),
            ),
            (
                "Moonboard session: flashed V5, sent V6 and V7 x2",
                log(t, Board, None, None, vec![send(V, "V5", 1, Flash), send(V, "V6", 1, S), send(V, "V7", 2, S)], None, None),
            ),
            (
                "Trad day yesterday: led 3 pitches, hardest was 5.9",
                log(yesterday, Trad, None, None, vec![], None, None),
            ),
            (
                "top roped for 40 min on tuesday",
                log(yesterday, TopRope, None, Some(40), vec![], None, None),
            ),
            (
                // The parts of one session add up (issue 17).
                "campus board 20 minutes, then weights 30 min",
                log(t, Campus, None, Some(50), vec![], None, None),
            ),
            (
                "Went to the gym 2 days ago and did some pull ups and core",
                log(d(2026, 11, 23), Strength, GYM, None, vec![], None, None),
            ),
            (
                "ARC training 45' at the climbing wall",
                log(t, Endurance, GYM, Some(45), vec![], None, None),
            ),
            (
                "sent a 6c boulder outside, 2 tries",
                log(t, Bouldering, OUT, None, vec![send(Font, "6C", 1, S)], None, None),
            ),
            (
                "onsighted 7a, redpointed 7b+ and flashed 6c+ at Siurana, effort 7/10",
                log(t, Sport, None, None, vec![send(French, "7a", 1, Onsight), send(French, "7b+", 1, Redpoint), send(French, "6c+", 1, Flash)], Some(7), None),
            ),
            (
                "bouldering 2026-11-20, did V4 x3 and a V5",
                log(d(2026, 11, 20), Bouldering, None, None, vec![send(V, "V4", 3, S), send(V, "V5", 1, S)], None, None),
            ),
            (
                "Sent 5.11c and 5.10a yesterday on lead",
                log(yesterday, Sport, None, None, vec![send(Yds, "5.11c", 1, S), send(Yds, "5.10a", 1, S)], None, None),
            ),
            (
                "V 5 flash at the gym today",
                log(t, Bouldering, GYM, None, vec![send(V, "V5", 1, Flash)], None, None),
            ),
            (
                "did a couple of V5s and one V6 on the kilter, 1 h 30",
                log(t, Board, None, Some(90), vec![send(V, "V5", 2, S), send(V, "V6", 1, S)], None, None),
            ),
            (
                "ticked VII+ in the Frankenjura, UIAA style",
                log(t, Sport, None, None, vec![send(Uiaa, "7+", 1, S)], None, None),
            ),
            (
                "Ewbank 24 redpoint at Arapiles yesterday, about 3 hours",
                log(yesterday, Sport, None, Some(180), vec![send(Ewbank, "24", 1, Redpoint)], None, None),
            ),
            (
                "fb 7a+ flashed in Font last saturday",
                log(d(2026, 11, 21), Bouldering, None, None, vec![send(Font, "7A+", 1, Flash)], None, None),
            ),
            (
                "yesterday: 6 sets of max hangs, 20 min total",
                log(yesterday, Hangboard, None, Some(20), vec![], None, None),
            ),
            (
                "Did 3xV4 and flashed a V5 this afternoon. Pain-free!",
                log(t, Bouldering, None, None, vec![send(V, "V4", 3, S), send(V, "V5", 1, Flash)], None, None),
            ),
            (
                "Session at home: 1 hour of fingerboard repeaters",
                log(t, Hangboard, HOME, Some(60), vec![], None, None),
            ),
            ("went bouldering", log(t, Bouldering, None, None, vec![], None, None)),
            (
                "fell off V6 twice at the gym, sent V5 x2 though",
                log(t, Bouldering, GYM, None, vec![send(V, "V5", 2, S)], None, None),
            ),
            (
                "V5 x3, V6 x1 flash, 90 min",
                log(t, Bouldering, None, Some(90), vec![send(V, "V5", 3, S), send(V, "V6", 1, Flash)], None, None),
            ),
            (
                "Climbed for 90 minutes. RPE 8/10. Right shoulder hurts a little.",
                log(t, Other, None, Some(90), vec![], Some(8), Some("Right shoulder hurts a little")),
            ),
            (
                "Sunday 3 hours at the crag with friends, did 6a, 6a+, 6b",
                log(d(2026, 11, 22), Sport, OUT, Some(180), vec![send(French, "6a", 1, S), send(French, "6a+", 1, S), send(French, "6b", 1, S)], None, None),
            ),
            ("bouldering tomorrow", Intent::Unknown),
            ("I'm going bouldering tonight", Intent::Unknown),
            (
                "did 2 hours of bouldering and tweaked my pulley",
                log(t, Bouldering, None, Some(120), vec![], None, Some("tweaked my pulley")),
            ),
            (
                "flashed V3, V4 and V5 at the gym",
                log(t, Bouldering, GYM, None, vec![send(V, "V3", 1, Flash), send(V, "V4", 1, Flash), send(V, "V5", 1, Flash)], None, None),
            ),
            (
                "tried V7 all session, sent V6 though",
                log(t, Bouldering, None, None, vec![send(V, "V6", 1, S)], None, None),
            ),
            (
                "sent V4 three times and V5 twice",
                log(t, Bouldering, None, None, vec![send(V, "V4", 3, S), send(V, "V5", 2, S)], None, None),
            ),
            (
                "one hour of bouldering yesterday",
                log(yesterday, Bouldering, None, Some(60), vec![], None, None),
            ),
            (
                "an hour and a half lead climbing at the gym",
                log(t, Sport, GYM, Some(90), vec![], None, None),
            ),
            (
                "half an hour of hangs this morning",
                log(t, Hangboard, None, Some(30), vec![], None, None),
            ),
            (
                "2 hrs at the crag, flashed 5.10b",
                log(t, Sport, OUT, Some(120), vec![send(Yds, "5.10b", 1, Flash)], None, None),
            ),
            (
                // Refused in words, never saved without it (issue 17).
                "RPE 12 after 60 min of campus",
                Intent::Refuse(Refusal::Rpe("12".into())),
            ),
            (
                "1 hour 20 minutes bouldering, my elbow hurts a bit",
                log(t, Bouldering, None, Some(80), vec![], None, Some("my elbow hurts a bit")),
            ),
            (
                "yesterady I climbed at the gym for 90mins",
                log(yesterday, Other, GYM, Some(90), vec![], None, None),
            ),
            (
                "led a UIAA 8- today, rpe 7.5",
                log(t, Sport, None, None, vec![send(Uiaa, "8-", 1, S)], Some(8), None),
            ),
            (
                "  Kilter board 2 days ago, flashed 6C and did 7A twice, fingers sore but ok  ",
                log(d(2026, 11, 23), Board, None, None, vec![send(Font, "6C", 1, Flash), send(Font, "7A", 2, S)], None, Some("fingers sore")),
            ),
            // ---- history
            ("what did I do last week?", hist(Period::LastWeek, None, false)),
            ("how many V5s this month?", hist(Period::ThisMonth, Some((V, "V5")), true)),
            (
                "show my sessions from the last 30 days",
                hist(Period::LastNDays(30), None, false),
            ),
            ("did I climb yesterday?", hist(Period::Yesterday, None, false)),
            (
                "How many times did I flash 7a+ in the past two weeks?",
                hist(Period::LastNDays(14), Some((French, "7a+")), true),
            ),
            (
                "list my hangboard sessions this week",
                hist_of(Hangboard, Period::ThisWeek),
            ),
            (
                "show my bouldering sessions from last month",
                hist_of(Bouldering, Period::LastMonth),
            ),
            ("what have I sent recently?", hist(Period::LastNDays(30), None, false)),
            ("how many sessions in total?", hist(Period::All, None, true)),
            ("What was my hardest send last month?", hist(Period::LastMonth, None, false)),
            (
                "how many 6C+ boulders have I done?",
                hist(Period::All, Some((Font, "6C+")), true),
            ),
            ("show me my log", hist(Period::All, None, false)),
            ("show my progress", hist(Period::All, None, false)),
            (
                "can you show me how many V4s I flashed last month",
                hist(Period::LastMonth, Some((V, "V4")), true),
            ),
            ("how many 5.11s did I send?", hist(Period::All, Some((Yds, "5.11")), true)),
            // ---- assessment
            ("start the assessment", Intent::Assessment),
            ("continue my asessment", Intent::Assessment),
            ("test me", Intent::Assessment),
            ("I want to benchmark my finger strength", Intent::Assessment),
            // ---- program
            ("make me a training plan", program(ProgramAsk::Create)),
            ("what's my next session?", program(ProgramAsk::NextSession)),
            ("show my program", program(ProgramAsk::Show)),
            ("Create a new programme for the winter", program(ProgramAsk::Create)),
            ("what should I do today?", program(ProgramAsk::NextSession)),
            ("can you plan my week?", program(ProgramAsk::Create)),
            ("What's on my plan for tomorrow?", program(ProgramAsk::Show)),
            ("show me my programm", program(ProgramAsk::Show)),
            // ---- remember
            ("I have a hangboard at home", fact(EQUIPMENT, "I have a hangboard at home")),
            ("my goal is 7c by June", fact(GOALS, "my goal is 7c by June")),
            (
                "I can train Monday, Wednesday and Saturday",
                fact(SCHEDULE, "I can train Monday, Wednesday and Saturday"),
            ),
            ("my left ring finger hurts", fact(INJURIES, "my left ring finger hurts")),
            ("call me Sam", fact(NAME, "Sam")),
            ("my name is sam", fact(NAME, "Sam")),
            ("Call me Alex please", fact(NAME, "Alex")),
            ("I'm Sam", fact(NAME, "Sam")),
            ("I prefer short sessions.", fact(PREFERENCES, "I prefer short sessions")),
            ("remember that I hate slab", fact(PREFERENCES, "I hate slab")),
            (
                "Remember: I only have Tuesdays free",
                fact(SCHEDULE, "I only have Tuesdays free"),
            ),
            (
                "please remember that my project is Action Directe",
                fact(GOALS, "my project is Action Directe"),
            ),
            ("remember my finger tendonitis", fact(INJURIES, "my finger tendonitis")),
            (
                "remember the blue crimps at my gym are great!",
                fact(PREFERENCES, "the blue crimps at my gym are great"),
            ),
            (
                "I climb around 6c+ and boulder V5",
                fact(LEVEL, "I climb around 6c+ and boulder V5"),
            ),
            (
                "I've been climbing for 3 years",
                fact(LEVEL, "I've been climbing for 3 years"),
            ),
            (
                "I don't want to do any campusing",
                fact(PREFERENCES, "I don't want to do any campusing"),
            ),
            ("I want to send 7c by June", fact(GOALS, "I want to send 7c by June")),
            (
                "I'm free on weekends and Thursday evenings",
                fact(SCHEDULE, "I'm free on weekends and Thursday evenings"),
            ),
            (
                "I have a pulley injury from last year",
                fact(INJURIES, "I have a pulley injury from last year"),
            ),
            ("I've got rings and a pull-up bar", fact(EQUIPMENT, "I've got rings and a pull-up bar")),
            (
                "bouldering yesterday, elbow hurts",
                fact(INJURIES, "bouldering yesterday, elbow hurts"),
            ),
            ("remember my name is jo", fact(NAME, "Jo")),
            ("Hello! My name is Maria and I boulder V4", fact(NAME, "Maria")),
            ("I train 4 days a week", fact(SCHEDULE, "I train 4 days a week")),
            ("I'm a beginner", fact(LEVEL, "I'm a beginner")),
            ("My hardest redpoint is 7c", fact(LEVEL, "My hardest redpoint is 7c")),
            ("I'd like to climb 8a someday", fact(GOALS, "I'd like to climb 8a someday")),
            ("my fingers are not sore", Intent::Unknown),
            // ---- help, greeting, unknown
            ("help", Intent::Help),
            ("what can you do?", Intent::Help),
            ("how do I log a session?", Intent::Help),
            ("can you help me?", Intent::Help),
            ("hi", Intent::Greeting),
            ("hello coach", Intent::Greeting),
            ("Good morning!", Intent::Greeting),
            ("hey, how are you?", Intent::Greeting),
            ("the weather is nice", Intent::Unknown),
            ("", Intent::Unknown),
            ("   ", Intent::Unknown),
            ("asdfgh", Intent::Unknown),
        ]
    }

    #[test]
    fn recognizes_utterances_with_their_slots() {
        let cases = cases();
        assert!(cases.len() >= 60, "only {} cases", cases.len());
        let mut failures = Vec::new();
        for (text, mut want) in cases {
            if let Intent::LogSession(l) = &mut want {
                l.notes = text.trim().to_string();
            }
            let got = recognize(text, today());
            if got != want {
                failures.push(format!("{text:?}\n   want {want:?}\n    got {got:?}"));
            }
        }
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn notes_keep_the_original_text() {
        let Intent::LogSession(l) = recognize("  Went bouldering!  \n", today()) else {
            panic!("not a log");
        };
        assert_eq!(l.notes, "Went bouldering!");
    }

    #[test]
    fn sections_are_working_memory_sections() {
        assert_eq!(
            [
                NAME,
                LEVEL,
                GOALS,
                SCHEDULE,
                EQUIPMENT,
                INJURIES,
                PREFERENCES
            ],
            WORKING_MEMORY_SECTIONS
        );
        assert_eq!(NAME, "Name");
        assert_eq!(LEVEL, "Level and grades");
        assert_eq!(INJURIES, "Injuries");
    }

    #[test]
    fn typo_correction() {
        assert!(within_one_edit("boudlering", "bouldering"));
        assert!(within_one_edit("bouldred", "bouldered"));
        assert!(within_one_edit("hangbaord", "hangboard"));
        assert!(within_one_edit("asessment", "assessment"));
        assert!(within_one_edit("short", "sport"));
        assert_eq!(correct("boudlering"), Some("bouldering"));
        assert_eq!(correct("programme"), Some("program"));
        assert_eq!(correct("asessment"), Some("assessment"));
        assert_eq!(correct("short"), None);
        assert_eq!(correct("tired"), None);
        assert_eq!(correct("climber"), None);
        assert_eq!(correct("gym"), None);
        assert!(!within_one_edit("abcd", "badc"));
        assert!(!within_one_edit("bouldering", "boulder"));
    }

    #[test]
    fn durations() {
        let cases: [(&str, Option<u32>); 16] = [
            ("90 min", Some(90)),
            ("90mins", Some(90)),
            ("1h", Some(60)),
            ("1h30", Some(90)),
            ("1 h 30", Some(90)),
            ("1h 30m", Some(90)),
            ("1.5h", Some(90)),
            ("1.5 hours", Some(90)),
            ("one hour", Some(60)),
            ("an hour", Some(60)),
            ("2 hrs", Some(120)),
            ("45'", Some(45)),
            ("forty five minutes", Some(45)),
            ("a couple of hours", Some(120)),
            ("1 and a half hours", Some(90)),
            ("30 hours", None),
        ];
        for (text, want) in cases {
            let m = Msg::new(text);
            let mut used = vec![false; m.toks.len()];
            assert_eq!(find_duration(&m, &mut used), want, "{text}");
        }
    }

    #[test]
    fn rpe_values() {
        let cases: [(&str, Option<u8>); 8] = [
            ("RPE 8", Some(8)),
            ("rpe8", Some(8)),
            ("rpe: 6", Some(6)),
            ("effort 7/10", Some(7)),
            ("felt like 9/10", Some(9)),
            ("RPE 0", None),
            ("RPE 11", None),
            ("rpe of 6.4", Some(6)),
        ];
        for (text, want) in cases {
            let m = Msg::new(text);
            let mut used = vec![false; m.toks.len()];
            assert_eq!(find_rpe(&m, &mut used), want, "{text}");
        }
    }

    #[test]
    fn tokens_split_letters_digits_and_apostrophes() {
        let words: Vec<String> = tokenize("What's 1h30, rpe8 3xV4 don't 45'")
            .into_iter()
            .map(|t| t.w)
            .collect();
        assert_eq!(
            words,
            ["what", "1", "h", "30", "rpe", "8", "3", "x", "v", "4", "dont", "45", "'"]
        );
    }
}
