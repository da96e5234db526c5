//! Lengths of time as climbers type them ("2 min", "90 s", "1:30", "1.5 min", "2m30s",
//! "half a minute"), and the tokenizer the request parser shares.
//!
//! A bare number is seconds ("90" = 90 s): on a hangboard, "7 on 3 off" means seconds.
//! Clock notation needs two-digit seconds ("1:30" = 90 s, "1:00:00" = 1 h) so that a ratio
//! like "7:3" stays a work/rest pair for the request parser.
use super::plan::TimerError;

/// A piece of text. Letters and digits split apart ("2m30s" is `2 m 30 s`, "x6" is `x 6`),
/// words are lower-cased, number words become numbers ("seven", "fifty-three"), "×" and "*"
/// become the word `x`, a dash becomes `-`, or [`MINUS`] when it is a minus sign.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tok {
    /// Digits ("7"), decimals ("1.5", "1,5") or number words; `text` is as typed.
    Num {
        value: f64,
        text: String,
    },
    /// "1:30" (m:ss) or "1:00:00" (h:mm:ss), in seconds.
    Clock {
        seconds: u32,
        text: String,
    },
    Word(String),
    Sym(char),
}

impl Tok {
    pub(super) fn word(&self) -> Option<&str> {
        match self {
            Tok::Word(w) => Some(w),
            _ => None,
        }
    }

    pub(super) fn is_word(&self, w: &str) -> bool {
        self.word() == Some(w)
    }

    pub(super) fn num(&self) -> Option<f64> {
        match self {
            Tok::Num { value, .. } => Some(*value),
            _ => None,
        }
    }

    /// The token as the climber typed it, for error messages.
    pub(super) fn text(&self) -> String {
        match self {
            Tok::Num { text, .. } | Tok::Clock { text, .. } => text.clone(),
            Tok::Word(w) => w.clone(),
            Tok::Sym(c) => c.to_string(),
        }
    }
}

/// Seconds per unit for a unit word, `None` if `w` isn't one.
fn unit_seconds(w: &str) -> Option<f64> {
    match w {
        "s" | "sec" | "secs" | "second" | "seconds" => Some(1.0),
        "m" | "min" | "mins" | "minute" | "minutes" => Some(60.0),
        "h" | "hr" | "hrs" | "hour" | "hours" => Some(3600.0),
        _ => None,
    }
}

/// A unit at token `i`: a unit word, or `'` (minutes) / `"` (seconds) right after a number.
fn unit_at(toks: &[Tok], i: usize) -> Option<f64> {
    match toks.get(i)? {
        Tok::Word(w) => unit_seconds(w),
        Tok::Sym('\'') => Some(60.0),
        Tok::Sym('"') => Some(1.0),
        _ => None,
    }
}

/// Splits `text` into [`Tok`]s.
pub(super) fn tokenize(text: &str) -> Vec<Tok> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
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

/// The token for a dash written as a minus sign: attached to the number after it and not to
/// a word or number before it ("-5 s", "rest -3"), unlike "7-53" or "timer - 2 min".
pub(super) const MINUS: char = '−';

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

/// "one".."nineteen" and the tens, then "fifty three" / "fifty-three" as one number.
fn number_word(w: &str) -> Option<u32> {
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(n) = UNITS.iter().position(|u| *u == w) {
        return Some(n as u32);
    }
    TENS.iter()
        .position(|t| *t == w)
        .map(|n| (n as u32 + 2) * 10)
}

fn merge_number_words(toks: Vec<Tok>) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        let Some(n) = toks[i].word().and_then(number_word) else {
            out.push(toks[i].clone());
            i += 1;
            continue;
        };
        let mut text = toks[i].text();
        let mut value = n;
        i += 1;
        if n >= 20 && n % 10 == 0 {
            let dash = usize::from(toks.get(i) == Some(&Tok::Sym('-')));
            if let Some(u) = toks.get(i + dash).and_then(Tok::word) {
                if let Some(u_n @ 1..=9) = number_word(u) {
                    text = format!("{text}{}{u}", if dash == 1 { "-" } else { " " });
                    value += u_n;
                    i += dash + 1;
                }
            }
        }
        out.push(Tok::Num {
            value: f64::from(value),
            text,
        });
    }
    out
}

/// A length of time at token `i`, unit-less numbers read as seconds. Returns the seconds (not
/// rounded), how many tokens it used, and whether it had a unit or clock notation (callers
/// that need a unit check this). Forms:
/// - "1:30", "1:00:00";
/// - "a minute", "an hour" (+ "and a half");
/// - "half a minute", "half an hour", "half minute";
/// - number [+ "and a half"] unit, then smaller units ("1 hr 15 min", "2m30s", "1 hour and
///   20 minutes"), then after h/min an optional unit-less number of the next smaller unit
///   when nothing but the end or a symbol follows it ("1h30" = 90 min, "2 min 30" = 150 s);
/// - a bare number (seconds, no unit).
pub(super) fn duration_at(toks: &[Tok], i: usize) -> Option<(f64, usize, bool)> {
    let is = |k: usize, w: &str| toks.get(k).is_some_and(|t| t.is_word(w));
    let half_after = |k: usize| is(k, "and") && is(k + 1, "a") && is(k + 2, "half");
    match toks.get(i)? {
        Tok::Clock { seconds, .. } => Some((f64::from(*seconds), 1, true)),
        Tok::Word(w) if w == "a" || w == "an" => {
            let unit = toks.get(i + 1).and_then(Tok::word).and_then(unit_seconds);
            let unit = unit.filter(|u| *u >= 60.0)?; // "a second" is rarely a duration
            if half_after(i + 2) {
                Some((unit * 1.5, 5, true))
            } else {
                Some((unit, 2, true))
            }
        }
        Tok::Word(w) if w == "half" => {
            let k = i + 1 + usize::from(is(i + 1, "a") || is(i + 1, "an"));
            let unit = toks.get(k).and_then(Tok::word).and_then(unit_seconds)?;
            Some((unit / 2.0, k + 1 - i, true))
        }
        Tok::Num { .. } => Some(number_duration_at(toks, i)),
        _ => None,
    }
}

fn number_duration_at(toks: &[Tok], i: usize) -> (f64, usize, bool) {
    let is = |k: usize, w: &str| toks.get(k).is_some_and(|t| t.is_word(w));
    let mut total = 0.0;
    let mut k = i;
    let mut last_unit = f64::INFINITY;
    while let Some(value) = toks.get(k).and_then(Tok::num) {
        let (value, after) = if is(k + 1, "and") && is(k + 2, "a") && is(k + 3, "half") {
            (value + 0.5, k + 4)
        } else {
            (value, k + 1)
        };
        match unit_at(toks, after) {
            Some(unit) if unit < last_unit => {
                total += value * unit;
                last_unit = unit;
                k = after + 1;
                // "1 minute and a half"
                if is(k, "and") && is(k + 1, "a") && is(k + 2, "half") {
                    total += unit / 2.0;
                    k += 3;
                }
                // "1 hour and 20 minutes"
                if is(k, "and") && toks.get(k + 1).and_then(Tok::num).is_some() {
                    k += 1;
                }
            }
            Some(_) => break,
            None if k == i => return (value, 1, false),
            None => {
                // "1h30", "2 min 30": the next smaller unit, only at the end of a phrase.
                let trailing_ok = last_unit > 1.0
                    && after == k + 1
                    && !matches!(toks.get(after), Some(Tok::Word(_)) | Some(Tok::Num { .. }));
                if trailing_ok {
                    total += value * last_unit / 60.0;
                    k = after;
                }
                break;
            }
        }
    }
    // An "and" that led nowhere is not part of the duration.
    if k > i && is(k - 1, "and") {
        k -= 1;
    }
    (total, k - i, true)
}

/// Rounds a parsed length to whole seconds, rejecting NaN/negatives and saturating at
/// `u32::MAX` (plan validation then says what the limit is).
pub(super) fn to_seconds(seconds: f64) -> Result<u32, TimerError> {
    if seconds.is_nan() {
        return Err(TimerError::BadDuration("NaN".into()));
    }
    if seconds < 0.0 {
        return Err(TimerError::NegativeDuration);
    }
    let rounded = seconds.round();
    if rounded >= f64::from(u32::MAX) {
        Ok(u32::MAX)
    } else {
        Ok(rounded as u32)
    }
}

/// A whole length of time in seconds: "2 min" = 120, "90" = 90, "1:30" = 90,
/// "1.5 min" = "1,5 min" = 90, "2m30s" = 150, "1 hr 15 min" = 4500, "half a minute" = 30.
/// Case and spacing don't matter; a trailing full stop is ignored. Zero, negative lengths
/// and anything else in the text are errors.
pub fn parse_duration(text: &str) -> Result<u32, TimerError> {
    let mut toks = tokenize(text);
    while matches!(toks.last(), Some(Tok::Sym('.' | '!'))) {
        toks.pop();
    }
    let bad = || TimerError::BadDuration(text.trim().to_string());
    if matches!(toks.first(), Some(Tok::Sym('-' | MINUS))) && toks.len() > 1 {
        return match duration_at(&toks, 1) {
            Some((_, n, _)) if n + 1 == toks.len() => Err(TimerError::NegativeDuration),
            _ => Err(bad()),
        };
    }
    match duration_at(&toks, 0) {
        Some((seconds, n, _)) if n == toks.len() => match to_seconds(seconds)? {
            0 => Err(TimerError::ZeroDuration),
            s => Ok(s),
        },
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_min_is_120_seconds() {
        assert_eq!(parse_duration("2 min"), Ok(120));
    }

    #[test]
    fn parses_durations() {
        let cases: &[(&str, u32)] = &[
            ("2 min", 120),
            ("2 minutes", 120),
            ("2 Minutes", 120),
            ("2m", 120),
            ("2min", 120),
            ("  2   MIN  ", 120),
            ("1 minute", 60),
            ("90 s", 90),
            ("90s", 90),
            ("90 sec", 90),
            ("90 secs", 90),
            ("90 seconds", 90),
            ("90", 90),
            ("1:30", 90),
            ("0:45", 45),
            ("10:00", 600),
            ("1:00:00", 3600),
            ("1:05:30", 3930),
            ("1.5 min", 90),
            ("1,5 min", 90),
            ("0.5 h", 1800),
            ("2 min 30 s", 150),
            ("2m30s", 150),
            ("2 min 30", 150),
            ("1 h", 3600),
            ("1h", 3600),
            ("1 hour", 3600),
            ("2 hrs", 7200),
            ("1 hr 15 min", 4500),
            ("1 hour and 20 minutes", 4800),
            ("1h30", 5400),
            ("1 h 5 min 3 s", 3903),
            ("half a minute", 30),
            ("half an hour", 1800),
            ("a minute", 60),
            ("an hour", 3600),
            ("a minute and a half", 90),
            ("an hour and a half", 5400),
            ("one and a half minutes", 90),
            ("1 minute and a half", 90),
            ("ten seconds", 10),
            ("forty-five seconds", 45),
            ("fifty three s", 53),
            ("45'", 2700),
            ("30\"", 30),
            ("2 min.", 120),
            ("0.4 min", 24),
        ];
        for (text, want) in cases {
            assert_eq!(parse_duration(text), Ok(*want), "{text:?}");
        }
    }

    #[test]
    fn rejects_bad_durations() {
        let bad = |s: &str| TimerError::BadDuration(s.to_string());
        let cases: Vec<(&str, TimerError)> = vec![
            ("", bad("")),
            ("   ", bad("")),
            ("-5 s", TimerError::NegativeDuration),
            ("-2 min", TimerError::NegativeDuration),
            ("0", TimerError::ZeroDuration),
            ("0 min", TimerError::ZeroDuration),
            ("0:00", TimerError::ZeroDuration),
            ("0.2 s", TimerError::ZeroDuration),
            ("NaN", bad("NaN")),
            ("inf", bad("inf")),
            ("soon", bad("soon")),
            ("2 min min", bad("2 min min")),
            ("30 s 2 min", bad("30 s 2 min")),
            ("1:75", bad("1:75")),
            ("7:3", bad("7:3")),
            ("2 weeks", bad("2 weeks")),
            ("a second", bad("a second")),
            ("- banana", bad("- banana")),
            ("2 min 30 s please", bad("2 min 30 s please")),
        ];
        for (text, want) in cases {
            assert_eq!(parse_duration(text), Err(want), "{text:?}");
        }
        assert_eq!(
            parse_duration("soon").unwrap_err().to_string(),
            "I couldn't read \"soon\" as a length of time. Try \"90 s\", \"2 min\" or \"1:30\"."
        );
    }

    #[test]
    fn huge_durations_saturate_for_validation_to_reject() {
        assert_eq!(parse_duration("99999999999 h"), Ok(u32::MAX));
        assert_eq!(parse_duration("99999999999999999999999"), Ok(u32::MAX));
    }

    #[test]
    fn tokenizer_splits_and_normalizes() {
        let t = tokenize("Start: 7×6, 2m30s — fifty-three -2 1,5 1:30 7:3");
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
            ]
        );
    }

    #[test]
    fn duration_at_reports_units_and_length() {
        let t = tokenize("7 on 3 off");
        assert_eq!(duration_at(&t, 0), Some((7.0, 1, false)));
        let t = tokenize("10 s on");
        assert_eq!(duration_at(&t, 0), Some((10.0, 2, true)));
        // A trailing bare number is only taken at the end of a phrase.
        let t = tokenize("1 min 5 sets");
        assert_eq!(duration_at(&t, 0), Some((60.0, 2, true)));
        let t = tokenize("1 hour and 5 sets");
        assert_eq!(duration_at(&t, 0), Some((3600.0, 2, true)));
        let t = tokenize("timer");
        assert_eq!(duration_at(&t, 0), None);
    }
}
