//! The tokenizer of short free text: onboarding answers, assessment boxes and timer requests.
//! (The offline coach keeps richer tokens of its own, with clauses and grade spans, and reads
//! them through the same [`Words`] readers.)
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

/// Splits `text` into [`Tok`]s.
pub fn tokenize(text: &str) -> Vec<Tok> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        tick(1);
        let c = chars[i];
        if c.is_ascii_digit() {
            let (tok, next) = number_at(&chars, i);
            out.push(tok);
            i = next;
            continue;
        }
        if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_alphabetic() {
                tick(1);
                i += 1;
            }
            let word: String = chars[start..i]
                .iter()
                .flat_map(|c| c.to_lowercase())
                .collect();
            out.push(Tok::Word(word));
            continue;
        }
        match c {
            '×' | '*' => out.push(Tok::Word("x".into())),
            '-' | '–' | '—' | '−' if is_minus(&chars, i) => out.push(Tok::Sym(MINUS)),
            '-' | '–' | '—' | '−' => out.push(Tok::Sym('-')),
            '’' | '‘' | '′' => out.push(Tok::Sym('\'')),
            '″' | '“' | '”' => out.push(Tok::Sym('"')),
            c if c.is_whitespace() => {}
            c => out.push(Tok::Sym(c)),
        }
        i += 1;
    }
    merge_number_words(out)
}

fn is_minus(chars: &[char], i: usize) -> bool {
    let before_ok = i == 0 || !chars[i - 1].is_alphanumeric();
    before_ok && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit())
}

/// The number starting at `chars[i]` (a digit): an integer, a decimal with `.` or `,`
/// between digits, or a clock time whose later parts are exactly two digits below 60.
fn number_at(chars: &[char], i: usize) -> (Tok, usize) {
    let digits_end = |from: usize| {
        let mut j = from;
        while j < chars.len() && chars[j].is_ascii_digit() {
            tick(1);
            j += 1;
        }
        j
    };
    let end = digits_end(i);
    let is_digit_at = |k: usize| chars.get(k).is_some_and(|c| c.is_ascii_digit());
    // Clock: 1:30, 1:00:00.
    let mut parts = vec![(i, end)];
    let mut j = end;
    while parts.len() < 3 && chars.get(j) == Some(&':') {
        let k = digits_end(j + 1);
        if k - (j + 1) != 2 {
            break;
        }
        parts.push((j + 1, k));
        j = k;
    }
    if parts.len() > 1 {
        let nums: Vec<u64> = parts
            .iter()
            .map(|&(a, b)| {
                chars[a..b]
                    .iter()
                    .collect::<String>()
                    .parse()
                    .unwrap_or(u64::MAX)
            })
            .collect();
        if nums[1..].iter().all(|&n| n < 60) {
            let seconds = nums
                .iter()
                .fold(0u64, |acc, &n| acc.saturating_mul(60).saturating_add(n));
            let text: String = chars[i..j].iter().collect();
            let seconds = u32::try_from(seconds).unwrap_or(u32::MAX);
            return (Tok::Clock { seconds, text }, j);
        }
    }
    // Decimal: 1.5 or 1,5 (no spaces; "x 6, 3 sets" stays two numbers).
    let mut stop = end;
    if matches!(chars.get(end), Some('.') | Some(',')) && is_digit_at(end + 1) {
        stop = digits_end(end + 1);
    }
    let text: String = chars[i..stop].iter().collect();
    let value = text.replace(',', ".").parse().unwrap_or(f64::MAX);
    (Tok::Num { value, text }, stop)
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
}
