//! The one splitter of free text. [`pieces`] cuts any text into runs of letters, runs of
//! digits, runs of spaces and single marks, with their byte offsets; every reader of free
//! text starts from it:
//! - [`tokenize`]: the tokens of short answers and requests (onboarding answers, assessment
//!   boxes, timer requests): numbers (decimals, clock times, number words), words, symbols;
//! - [`coach_words`]: the offline coach's words ([`crate::domain::intent`]), with offsets and
//!   clause and sentence numbers, apostrophes kept inside words ("don't" is `dont`);
//! - [`alnum_words`]: letters and digits together ("21st"), with offsets, for the history
//!   periods and days ([`crate::domain::when`]).
use super::numbers::{number_word, tens_and_unit};
use super::units::TimeUnit;
use super::Words;
use crate::domain::work::tick;

/// A piece of text. Letters and digits split apart ("2m30s" is `2 m 30 s`, "x6" is `x 6`),
/// words are lower-cased, number words become numbers ("seven", "fifty-three"), "×" and "*"
/// become the word `x`, a dash becomes `-`, or [`MINUS`] when it is a minus sign, and the
/// typographic quotes and primes become `'` and `"`.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// Digits ("7"), decimals ("1.5", "1,5") or number words; `text` is as typed.
    Num {
        value: f64,
        text: String,
    },
    /// "1:30" (m:ss or h:mm) or "1:00:00" (h:mm:ss), as m:ss / h:mm:ss in seconds.
    Clock {
        seconds: u32,
        text: String,
    },
    Word(String),
    Sym(char),
}

impl Tok {
    pub fn word(&self) -> Option<&str> {
        tick(1);
        match self {
            Tok::Word(w) => Some(w),
            _ => None,
        }
    }

    pub fn is_word(&self, w: &str) -> bool {
        self.word() == Some(w)
    }

    pub fn num(&self) -> Option<f64> {
        tick(1);
        match self {
            Tok::Num { value, .. } => Some(*value),
            _ => None,
        }
    }

    /// The token as the climber typed it, for error messages.
    pub fn text(&self) -> String {
        match self {
            Tok::Num { text, .. } | Tok::Clock { text, .. } => text.clone(),
            Tok::Word(w) => w.clone(),
            Tok::Sym(c) => c.to_string(),
        }
    }
}

impl Words for [Tok] {
    fn word(&self, i: usize) -> &str {
        self.get(i).and_then(Tok::word).unwrap_or("")
    }

    fn number(&self, i: usize) -> Option<f64> {
        self.get(i).and_then(Tok::num)
    }

    fn clock(&self, i: usize) -> Option<u32> {
        match self.get(i) {
            Some(Tok::Clock { seconds, .. }) => Some(*seconds),
            _ => None,
        }
    }

    fn mark(&self, i: usize) -> Option<TimeUnit> {
        match self.get(i) {
            Some(Tok::Sym('\'')) => Some(TimeUnit::Minute),
            Some(Tok::Sym('"')) => Some(TimeUnit::Second),
            _ => None,
        }
    }
}

/// The token for a dash written as a minus sign: attached to the number after it and not to
/// a word or number before it ("-5 s", "rest -3"), unlike "7-53" or "timer - 2 min".
pub const MINUS: char = '−';

/// What a [`Piece`] of text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A run of letters (`char::is_alphabetic`).
    Letters,
    /// A run of ASCII digits.
    Digits,
    /// A run of white space.
    Space,
    /// Any other single character.
    Mark(char),
}

/// A run of text: `text[start..end]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

impl Piece {
    pub fn is_alnum(&self) -> bool {
        match self.kind {
            Kind::Letters | Kind::Digits => true,
            Kind::Mark(c) => c.is_alphanumeric(),
            Kind::Space => false,
        }
    }

    pub fn is_mark(&self, c: char) -> bool {
        self.kind == Kind::Mark(c)
    }
}

/// Cuts `text` into runs of letters, of digits, of spaces and single marks, in order and
/// covering all of it.
pub fn pieces(text: &str) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for (i, c) in text.char_indices() {
        tick(1);
        let kind = if c.is_alphabetic() {
            Kind::Letters
        } else if c.is_ascii_digit() {
            Kind::Digits
        } else if c.is_whitespace() {
            Kind::Space
        } else {
            Kind::Mark(c)
        };
        let end = i + c.len_utf8();
        match out.last_mut() {
            Some(last) if last.kind == kind && !matches!(kind, Kind::Mark(_)) => last.end = end,
            _ => out.push(Piece {
                kind,
                start: i,
                end,
            }),
        }
    }
    out
}

/// Splits `text` into [`Tok`]s.
pub fn tokenize(text: &str) -> Vec<Tok> {
    let ps = pieces(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ps.len() {
        let p = ps[i];
        match p.kind {
            Kind::Digits => {
                let (tok, next) = number_at(text, &ps, i);
                out.push(tok);
                i = next;
                continue;
            }
            Kind::Letters => out.push(Tok::Word(lower(&text[p.start..p.end]))),
            Kind::Space => {}
            Kind::Mark(c) => out.push(match c {
                '×' | '*' => Tok::Word("x".into()),
                '-' | '–' | '—' | '−' if is_minus(&ps, i) => Tok::Sym(MINUS),
                '-' | '–' | '—' | '−' => Tok::Sym('-'),
                '’' | '‘' | '′' => Tok::Sym('\''),
                '″' | '“' | '”' => Tok::Sym('"'),
                c => Tok::Sym(c),
            }),
        }
        i += 1;
    }
    merge_number_words(out)
}

fn is_minus(ps: &[Piece], i: usize) -> bool {
    let before_ok = i == 0 || !ps[i - 1].is_alnum();
    before_ok && ps.get(i + 1).is_some_and(|p| p.kind == Kind::Digits)
}

/// The number starting at piece `i` (digits): an integer, a decimal with `.` or `,`
/// between digits, or a clock time whose later parts are exactly two digits below 60.
fn number_at(text: &str, ps: &[Piece], i: usize) -> (Tok, usize) {
    let digits_at = |k: usize| ps.get(k).filter(|p| p.kind == Kind::Digits);
    let start = ps[i].start;
    // Clock: 1:30, 1:00:00.
    let mut parts = vec![ps[i]];
    let mut j = i + 1;
    while parts.len() < 3 && ps.get(j).is_some_and(|p| p.is_mark(':')) {
        match digits_at(j + 1) {
            Some(d) if d.end - d.start == 2 => {
                parts.push(*d);
                j += 2;
            }
            _ => break,
        }
    }
    if parts.len() > 1 {
        let nums: Vec<u64> = parts
            .iter()
            .map(|p| text[p.start..p.end].parse().unwrap_or(u64::MAX))
            .collect();
        if nums[1..].iter().all(|&n| n < 60) {
            let seconds = nums
                .iter()
                .fold(0u64, |acc, &n| acc.saturating_mul(60).saturating_add(n));
            let end = parts[parts.len() - 1].end;
            let seconds = u32::try_from(seconds).unwrap_or(u32::MAX);
            let text = text[start..end].to_string();
            return (Tok::Clock { seconds, text }, j);
        }
    }
    // Decimal: 1.5 or 1,5 (no spaces; "x 6, 3 sets" stays two numbers).
    let mut next = i + 1;
    if ps
        .get(i + 1)
        .is_some_and(|p| p.is_mark('.') || p.is_mark(','))
        && digits_at(i + 2).is_some()
    {
        next = i + 3;
    }
    let text = &text[start..ps[next - 1].end];
    let value = text.replace(',', ".").parse().unwrap_or(f64::MAX);
    let text = text.to_string();
    (Tok::Num { value, text }, next)
}

/// A word of the offline coach: lower-case, with its byte offsets in the text and the
/// number of its clause (a new one after `,` `;` `:` `(` `)` a dash or a sentence end) and
/// sentence (after `.` `!` `?` or a new line).
#[derive(Clone, Debug, PartialEq)]
pub struct CoachWord {
    pub w: String,
    pub start: usize,
    pub end: usize,
    pub clause: usize,
    pub sentence: usize,
}

/// Lower case, a character at a time (so a word reads the same wherever it stands).
fn lower(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '′')
}

/// The offline coach's words. Letters and digits apart ("1h30" is `1 h 30`); a decimal is
/// written with `.` ("1.5"); an `x` right after digits is a word of its own ("3xV4" is
/// `3 x v 4`); an apostrophe inside a word is dropped ("don't" is `dont`, "i'm" is `im`) and
/// a final "'s" too ("what's" is `what`); `/` and an apostrophe after digits ("45'") are
/// words; other marks only end clauses and sentences.
pub fn coach_words(text: &str) -> Vec<CoachWord> {
    let ps = pieces(text);
    let mut out = Vec::new();
    let (mut clause, mut sentence) = (0, 0);
    let mut push = |w: String, start: usize, end: usize, clause: usize, sentence: usize| {
        out.push(CoachWord {
            w,
            start,
            end,
            clause,
            sentence,
        })
    };
    let mut i = 0;
    while i < ps.len() {
        tick(1);
        let p = ps[i];
        match p.kind {
            Kind::Digits => {
                // One decimal point, with digits after it.
                let mut end = p.end;
                let mut next = i + 1;
                if ps.get(i + 1).is_some_and(|d| d.is_mark('.'))
                    && ps.get(i + 2).is_some_and(|d| d.kind == Kind::Digits)
                {
                    end = ps[i + 2].end;
                    next = i + 3;
                }
                push(
                    text[p.start..end].to_string(),
                    p.start,
                    end,
                    clause,
                    sentence,
                );
                i = next;
            }
            Kind::Letters => {
                let mut start = p.start;
                if i > 0 && ps[i - 1].kind == Kind::Digits && text[start..].starts_with(['x', 'X'])
                {
                    // "3x", "3xV4": the count marker is a word of its own.
                    push("x".to_string(), start, start + 1, clause, sentence);
                    start += 1;
                    if start == p.end {
                        i += 1;
                        continue;
                    }
                }
                let mut w = lower(&text[start..p.end]);
                let mut end = p.end;
                let mut j = i + 1;
                // "don't" -> "dont"; "yesterday's" -> "yesterday".
                while let (Some(Kind::Mark(a)), Some(next)) =
                    (ps.get(j).map(|p| p.kind), ps.get(j + 1))
                {
                    if !is_apostrophe(a) || next.kind != Kind::Letters {
                        break;
                    }
                    let letters = &text[next.start..next.end];
                    j += 2;
                    if letters == "s" || letters == "S" {
                        break;
                    }
                    w.push_str(&lower(letters));
                    end = next.end;
                }
                push(w, start, end, clause, sentence);
                i = j;
            }
            Kind::Space => {
                let lines = text[p.start..p.end].matches('\n').count();
                clause += lines;
                sentence += lines;
                i += 1;
            }
            Kind::Mark(c) => {
                let prev_digit = i > 0 && ps[i - 1].kind == Kind::Digits;
                if (is_apostrophe(c) && prev_digit) || c == '/' {
                    push(c.to_string(), p.start, p.end, clause, sentence);
                } else if matches!(c, ',' | ';' | ':' | '(' | ')' | '–' | '—') {
                    clause += 1;
                } else if matches!(c, '.' | '!' | '?') {
                    clause += 1;
                    sentence += 1;
                }
                i += 1;
            }
        }
    }
    out
}

/// Letters and digits together ("21st", "2026"), lower-case, with the byte offset where each
/// starts; an apostrophe ends a word and drops the run after it ("yesterday's" is
/// `yesterday`).
pub fn alnum_words(text: &str) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    let mut skipping = false;
    let mut joined = false;
    for p in pieces(text) {
        if !p.is_alnum() {
            skipping = p.is_mark('\'') || p.is_mark('’');
            joined = false;
            continue;
        }
        if skipping {
            continue;
        }
        let piece = lower(&text[p.start..p.end]);
        match out.last_mut() {
            Some(last) if joined => last.0.push_str(&piece),
            _ => out.push((piece, p.start)),
        }
        joined = true;
    }
    out
}

/// Number words become [`Tok::Num`]: "seven", "fifty three", "fifty-three".
fn merge_number_words(toks: Vec<Tok>) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        tick(1);
        let Some(n) = toks[i].word().and_then(number_word) else {
            out.push(toks[i].clone());
            i += 1;
            continue;
        };
        let mut text = toks[i].text();
        let mut value = n;
        i += 1;
        let dash = usize::from(toks.get(i) == Some(&Tok::Sym('-')));
        if let Some(u) = toks.get(i + dash).and_then(Tok::word) {
            if let Some(both) = tens_and_unit(n, u) {
                text = format!("{text}{}{u}", if dash == 1 { "-" } else { " " });
                value = both;
                i += dash + 1;
            }
        }
        out.push(Tok::Num {
            value: f64::from(value),
            text,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizer_splits_and_normalizes() {
        let t = tokenize("Start: 7×6, 2m30s — fifty-three -2 1,5 1:30 7:3 5’10″");
        let w = |s: &str| Tok::Word(s.into());
        let n = |v: f64, s: &str| Tok::Num {
            value: v,
            text: s.into(),
        };
        assert_eq!(
            t,
            vec![
                w("start"),
                Tok::Sym(':'),
                n(7.0, "7"),
                w("x"),
                n(6.0, "6"),
                Tok::Sym(','),
                n(2.0, "2"),
                w("m"),
                n(30.0, "30"),
                w("s"),
                Tok::Sym('-'),
                n(53.0, "fifty-three"),
                Tok::Sym(MINUS),
                n(2.0, "2"),
                n(1.5, "1,5"),
                Tok::Clock {
                    seconds: 90,
                    text: "1:30".into()
                },
                n(7.0, "7"),
                Tok::Sym(':'),
                n(3.0, "3"),
                n(5.0, "5"),
                Tok::Sym('\''),
                n(10.0, "10"),
                Tok::Sym('"'),
            ]
        );
        assert_eq!(tokenize("  "), vec![]);
    }

    #[test]
    fn coach_words_keep_offsets_clauses_and_apostrophes() {
        let text = "Don't 3xV4, what's 1.5h?\nI'm 45' ok/yes";
        let got: Vec<(String, &str, usize, usize)> = coach_words(text)
            .into_iter()
            .map(|c| (c.w, &text[c.start..c.end], c.clause, c.sentence))
            .collect();
        let want: Vec<(String, &str, usize, usize)> = vec![
            ("dont".into(), "Don't", 0, 0),
            ("3".into(), "3", 0, 0),
            ("x".into(), "x", 0, 0),
            ("v".into(), "V", 0, 0),
            ("4".into(), "4", 0, 0),
            ("what".into(), "what", 1, 0),
            ("1.5".into(), "1.5", 1, 0),
            ("h".into(), "h", 1, 0),
            ("im".into(), "I'm", 3, 2),
            ("45".into(), "45", 3, 2),
            ("'".into(), "'", 3, 2),
            ("ok".into(), "ok", 3, 2),
            ("/".into(), "/", 3, 2),
            ("yes".into(), "yes", 3, 2),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn alnum_words_keep_digits_with_letters_and_drop_after_apostrophes() {
        assert_eq!(
            alnum_words("On the 21st, yesterday's V5!"),
            vec![
                ("on".to_string(), 0),
                ("the".to_string(), 3),
                ("21st".to_string(), 7),
                ("yesterday".to_string(), 13),
                ("v5".to_string(), 25),
            ]
        );
    }

    #[test]
    fn pieces_cover_the_text() {
        let text = "1h30 — é!";
        let ps = pieces(text);
        assert_eq!(ps.first().map(|p| p.start), Some(0));
        assert!(ps.windows(2).all(|w| w[0].end == w[1].start));
        assert_eq!(ps.last().map(|p| p.end), Some(text.len()));
        assert_eq!(
            ps.iter().map(|p| p.kind).collect::<Vec<_>>(),
            vec![
                Kind::Digits,
                Kind::Letters,
                Kind::Digits,
                Kind::Space,
                Kind::Mark('—'),
                Kind::Space,
                Kind::Letters,
                Kind::Mark('!'),
            ]
        );
    }
}
