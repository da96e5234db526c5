//! Lengths of time as climbers type them ("2 min", "90 s", "1:30", "1.5 min", "2m30s",
//! "half a minute"), read by the shared [`crate::domain::lexicon`] with the timer's rules.
//!
//! A bare number is seconds ("90" = 90 s): on a hangboard, "7 on 3 off" means seconds.
//! Clock notation needs two-digit seconds ("1:30" = 90 s, "1:00:00" = 1 h) so that a ratio
//! like "7:3" stays a work/rest pair for the request parser.
use super::plan::TimerError;
use crate::domain::lexicon::duration::{self, TIMER};
pub(super) use crate::domain::lexicon::tokens::{tokenize, Tok, MINUS};

/// A length of time at token `i`, unit-less numbers read as seconds. Returns the seconds (not
/// rounded), how many tokens it used, and whether it had a unit or clock notation (callers
/// that need a unit check this). See [`duration::duration_at_with`] for the forms.
pub(super) fn duration_at(toks: &[Tok], i: usize) -> Option<(f64, usize, bool)> {
    duration::duration_at(toks, i, &TIMER).map(|d| (d.seconds, d.len, d.unit))
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
