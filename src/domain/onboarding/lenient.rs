//! Lenient readers for what climbers type or say during onboarding: "twice a week", "1h30",
//! "six months", "5'10\"", "7c by June". Each returns the value the assessment validators
//! expect (or a [`FieldError`] named after the [`OnboardingAnswers`](super::OnboardingAnswers)
//! field, with a message saying what to write instead).
//!
//! Conventions (documented for the page and the chat):
//! - A range ("2-3", "2 to 3", "2 or 3", "60-90 min") reads as its lower value, like a grade
//!   range ("7a/7a+" is 7a): the climber gets the conservative reading.
//! - Days a week: "every other day" / "every second day" / "alternate days" is 3 (3.5 rounded
//!   down, keeping the weekly rest day); "every N days" is 7 / N rounded down; "weekends" is
//!   2, "weekdays" 5; "every day", "daily" and "7 days" are refused: programs keep a rest day.
//! - Session length: a bare number is minutes ("90"); hours need a unit ("1.5 h", "2 hours",
//!   "1h30", "1:30", "an hour and a half").
//! - Years climbing: "3", "3 years", "six months" (0.5), "18 months" (1.5), "a year and a
//!   half", "just started" (0); "since 2019" needs today ([`parse_years_on`]).
//! - Lengths: a bare number is centimetres (as in the assessment); "5'10\"", "5 ft 10 in",
//!   "5 feet 10", "70 in", "1.78 m" are converted.
//! - Dates in a goal: the *last day* of a named month or season ("by June" is 30 June; a month
//!   already past this year means next year; seasons are northern-hemisphere: spring ends 31
//!   May, summer 31 August, autumn 30 November, winter at the end of February), "in 3 months"
//!   from today, "by the end of the year" is 31 December, "next year" the end of next year.
use crate::domain::assessment::validate::{
    CM_PER_INCH, DAYS_PER_WEEK, LEG_SPAN_CM, SESSION_MINUTES, YEARS_CLIMBING_MAX,
};
use crate::domain::grade::{find_grade_spans, Discipline, Grade, GradeMatch, GradeSystem};
use crate::domain::lexicon::calendar::{month_needs_context, month_of, season_end};
use crate::domain::lexicon::duration::{duration_at_with, ANSWER};
use crate::domain::lexicon::numbers::{count_at as read_count, Count};
pub(crate) use crate::domain::lexicon::tokens::{tokenize, Tok, MINUS};
use crate::domain::lexicon::units::{
    is_day, is_decade, is_hour, is_kg, is_lb, is_measure, is_month, is_week, is_year,
};
use crate::domain::profile::{FieldError, AGE_YEARS};
use crate::domain::training::Equipment;
use crate::domain::when::{days_in_month, Date};
use crate::domain::work::tick;

/// Answer field names used in errors.
pub const DAYS_FIELD: &str = "days_per_week";
pub const SESSION_FIELD: &str = "session_length";
pub const YEARS_FIELD: &str = "years_climbing";
pub const LEG_SPAN_FIELD: &str = "tests.leg_span_cm";
pub const AGE_FIELD: &str = "age";
pub const HANGBOARD_FIELD: &str = "hangboard_history";

pub const CM_PER_FOOT: f64 = 30.48;

// ===========================================================================================
// Tokens
// ===========================================================================================

// The tokens are the shared ones (crate::domain::lexicon::tokens): "1h30" is `1`, `h`, `30`;
// "5'10\"" is `5`, `'`, `10`, `"`; "1:30" is one clock token; number words are numbers.

fn word(t: &[Tok], i: usize) -> &str {
    tick(1);
    match t.get(i) {
        Some(Tok::Word(w)) => w,
        _ => "",
    }
}

fn sym(t: &[Tok], i: usize) -> Option<char> {
    tick(1);
    match t.get(i) {
        Some(Tok::Sym(c)) => Some(*c),
        _ => None,
    }
}

fn num(t: &[Tok], i: usize) -> Option<f64> {
    t.get(i).and_then(Tok::num)
}

/// A number written in digits ("34", not "thirty four" or the "one" of "I don't have one").
fn digits(t: &[Tok], i: usize) -> Option<f64> {
    match t.get(i) {
        Some(Tok::Num { value, text }) if text.starts_with(|c: char| c.is_ascii_digit()) => {
            Some(*value)
        }
        _ => None,
    }
}

/// The word before `i`, or "".
fn prev_word(t: &[Tok], i: usize) -> &str {
    i.checked_sub(1).map_or("", |k| word(t, k))
}

/// A minus sign right before the number at `i` (not a range: "2-3").
fn negative(t: &[Tok], i: usize) -> bool {
    i >= 1 && matches!(sym(t, i - 1), Some('-' | MINUS)) && (i < 2 || num(t, i - 2).is_none())
}

/// Whether the words `phrase` occur in a row in `t` (symbols between words are skipped:
/// "every-other-day").
fn has_phrase(t: &[Tok], phrase: &[&str]) -> bool {
    tick(t.len());
    let words: Vec<&str> = t
        .iter()
        .filter_map(|x| match x {
            Tok::Word(w) => Some(w.as_str()),
            _ => None,
        })
        .collect();
    words.windows(phrase.len()).any(|w| w == phrase)
}

fn has_word(t: &[Tok], words: &[&str]) -> bool {
    tick(t.len());
    t.iter()
        .any(|x| matches!(x, Tok::Word(w) if words.contains(&w.as_str())))
}

/// A count, with a range ("2-3", "2 to 3", "2 or 3") read as its lower value.
/// See [`crate::domain::lexicon::numbers::count_at`] for the forms of one count.
fn count_at(t: &[Tok], i: usize) -> Option<Count> {
    let first = read_count(t, i)?;
    let j = i + first.len;
    let joined = matches!(sym(t, j), Some('-' | MINUS)) || matches!(word(t, j), "to" | "or");
    if joined && !first.article {
        if let Some(second) = read_count(t, j + 1).filter(|c| !c.article) {
            return Some(Count {
                value: first.value.min(second.value),
                len: first.len + 1 + second.len,
                article: false,
            });
        }
    }
    Some(first)
}

// ---- units (the shared ones in crate::domain::lexicon::units, and these) ----

/// What a number of training days is counted in: "3x", "3 times", "3 sessions", "3 evenings".
fn is_times(w: &str) -> bool {
    matches!(
        w,
        "x" | "time"
            | "times"
            | "session"
            | "sessions"
            | "workout"
            | "workouts"
            | "evening"
            | "evenings"
            | "morning"
            | "mornings"
            | "night"
            | "nights"
            | "weekday"
            | "weekdays"
    )
}
/// Any unit word, or a count of sessions: a number followed by one is not a bare number.
fn is_unit(w: &str) -> bool {
    is_measure(w) || is_times(w)
}

fn is_article(w: &str) -> bool {
    matches!(w, "a" | "an")
}

/// "and a half" at `k`.
fn and_a_half(t: &[Tok], k: usize) -> bool {
    word(t, k) == "and" && is_article(word(t, k + 1)) && word(t, k + 2) == "half"
}

/// A number for messages and boxes: at most two decimals, "1.5", "3".
pub(crate) fn show(v: f64) -> String {
    format!("{}", (v * 100.0).round() / 100.0)
}

fn round_to_tenth(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

// ===========================================================================================
// Days a week
// ===========================================================================================

fn rest_day_error() -> FieldError {
    FieldError::new(
        DAYS_FIELD,
        "Programs keep at least one rest day a week: choose 1 to 6 training days.",
    )
}

/// Training days a week, 1 to 6: "3", "3 days", "three", "3x a week", "twice a week",
/// "2-3" (the lower), "every other day" (3), "weekends" (2). "every day", "daily" and "7"
/// are refused with the rest-day rule.
pub fn parse_days_per_week(raw: &str) -> Result<u8, FieldError> {
    if raw.trim().is_empty() {
        return Err(FieldError::new(
            DAYS_FIELD,
            "How many days a week can you train? 1 to 6, like 3 or \"twice a week\".",
        ));
    }
    find_days(raw, true).unwrap_or_else(|| {
        Err(FieldError::new(
            DAYS_FIELD,
            "Tell me how many days a week you can train, like 3, \"twice a week\" or \"2-3\".",
        ))
    })
}

fn check_days(value: f64, negative: bool) -> Result<u8, FieldError> {
    let (min, max) = (*DAYS_PER_WEEK.start() as f64, *DAYS_PER_WEEK.end() as f64);
    if negative || value < min {
        return Err(FieldError::new(
            DAYS_FIELD,
            "Choose 1 to 6 training days a week.",
        ));
    }
    if value.fract() != 0.0 {
        return Err(FieldError::new(
            DAYS_FIELD,
            "Training days are a whole number, like 3 (for \"3 or 4\" I take the lower).",
        ));
    }
    if value > max {
        return Err(rest_day_error());
    }
    Ok(value as u8)
}

/// Days a week anywhere in `text` ("3 days a week, 90 min" finds 3); `None` when there are
/// none. `bare` also accepts a number without a unit (a form box; not in chat replies).
pub(crate) fn find_days(text: &str, bare: bool) -> Option<Result<u8, FieldError>> {
    let t = tokenize(text);
    // A count of days or sessions.
    for i in 0..t.len() {
        let Some(c) = count_at(&t, i) else { continue };
        let j = i + c.len;
        let unit = word(&t, j);
        if prev_word(&t, i) == "every" && is_day(unit) {
            // "every 2 days": every other day.
            if c.value <= 0.0 {
                return Some(check_days(0.0, false));
            }
            return Some(check_days((7.0 / c.value).floor(), false));
        }
        let per_week = |k: usize| {
            (matches!(word(&t, k), "a" | "per" | "each" | "every") || sym(&t, k) == Some('/'))
                && is_week(word(&t, k + 1))
        };
        let counted = if c.article {
            // "a day a week", not "an hour a day".
            (is_day(unit) || is_times(unit)) && per_week(j + 1)
        } else {
            is_day(unit) || is_times(unit) || per_week(j)
        };
        if counted {
            return Some(check_days(c.value, negative(&t, i)));
        }
    }
    if has_phrase(&t, &["every", "other", "day"])
        || has_phrase(&t, &["every", "second", "day"])
        || has_phrase(&t, &["alternate", "days"])
        || has_phrase(&t, &["alternating", "days"])
    {
        return Some(Ok(3));
    }
    if has_phrase(&t, &["every", "day"])
        || has_phrase(&t, &["each", "day"])
        || has_phrase(&t, &["every", "single", "day"])
        || has_word(&t, &["everyday", "daily"])
    {
        return Some(Err(rest_day_error()));
    }
    for (w, n) in [("once", 1), ("twice", 2), ("thrice", 3)] {
        if has_word(&t, &[w]) {
            return Some(Ok(n));
        }
    }
    if has_word(&t, &["weekend", "weekends"]) {
        return Some(Ok(2));
    }
    if has_word(&t, &["weekdays"]) {
        return Some(Ok(5));
    }
    if bare {
        for i in 0..t.len() {
            let Some(c) = count_at(&t, i).filter(|c| !c.article) else {
                continue;
            };
            if !is_unit(word(&t, i + c.len)) {
                return Some(check_days(c.value, negative(&t, i)));
            }
        }
    }
    None
}

/// Numbers in `text` with no unit after them, in order (for a chat reply like "3, 90").
fn bare_numbers(text: &str) -> Vec<f64> {
    let t = tokenize(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        match count_at(&t, i).filter(|c| !c.article && num(&t, i).is_some()) {
            Some(c) => {
                // Not "90 min", not the "30" of "1:30" or "1h30".
                let before = i.checked_sub(1);
                let part_of_time = matches!(sym(&t, i + c.len), Some(':'))
                    || before.is_some_and(|b| sym(&t, b) == Some(':') || is_hour(word(&t, b)));
                if !is_unit(word(&t, i + c.len)) && !part_of_time {
                    out.push(c.value);
                }
                i += c.len;
            }
            None => i += 1,
        }
    }
    out
}

// ===========================================================================================
// Session length
// ===========================================================================================

fn session_range_error() -> FieldError {
    FieldError::new(
        SESSION_FIELD,
        format!(
            "A session is {} to {} minutes (half an hour to five hours).",
            SESSION_MINUTES.start(),
            SESSION_MINUTES.end()
        ),
    )
}

fn check_minutes(minutes: f64, negative: bool) -> Result<u16, FieldError> {
    let m = minutes.round();
    let (min, max) = (
        *SESSION_MINUTES.start() as f64,
        *SESSION_MINUTES.end() as f64,
    );
    if negative || !(min..=max).contains(&m) {
        return Err(session_range_error());
    }
    Ok(m as u16)
}

/// Session length in minutes, 30 to 300: "90", "90 min", "1.5 h", "1,5h", "1h30", "1:30",
/// "an hour", "2 hours", "an hour and a half", "half an hour", "60-90 min" (the lower).
/// A bare number is minutes.
pub fn parse_session_minutes(raw: &str) -> Result<u16, FieldError> {
    if raw.trim().is_empty() {
        return Err(FieldError::new(
            SESSION_FIELD,
            "How long is a typical session? For example 90 min or 1.5 h.",
        ));
    }
    find_minutes(raw, true).unwrap_or_else(|| {
        Err(FieldError::new(
            SESSION_FIELD,
            "Tell me how long a session is, like 90 min, 1.5 h or 1h30.",
        ))
    })
}

/// A session length anywhere in `text` ("3 days a week, 90 min" finds 90). `bare` also
/// accepts a number without a unit, as minutes.
pub(crate) fn find_minutes(text: &str, bare: bool) -> Option<Result<u16, FieldError>> {
    let t = tokenize(text);
    for i in 0..t.len() {
        if let Some(m) = duration_at(&t, i) {
            return Some(check_minutes(m, negative(&t, i)));
        }
    }
    if bare {
        for i in 0..t.len() {
            let Some(c) = count_at(&t, i).filter(|c| !c.article) else {
                continue;
            };
            if is_unit(word(&t, i + c.len)) {
                continue;
            }
            return Some(bare_minutes(c.value, negative(&t, i)));
        }
    }
    None
}

/// A number without a unit is minutes; a small one was probably meant as hours.
fn bare_minutes(value: f64, negative: bool) -> Result<u16, FieldError> {
    if !negative && value > 0.0 && value <= 5.0 {
        let v = show(value);
        return Err(FieldError::new(
            SESSION_FIELD,
            format!(
                "A number on its own is minutes, and {v} minutes is too short: did you mean \
                 {v} hours? Write \"{v} h\"."
            ),
        ));
    }
    check_minutes(value, negative)
}

/// A duration starting at token `i`, in minutes: the shared reader with onboarding's rules
/// and counts ("60-90 min" is 60), and a clock time as hours and minutes ("1:30" is 90 min,
/// "1:00:00" an hour).
fn duration_at(t: &[Tok], i: usize) -> Option<f64> {
    if let Some(Tok::Clock { seconds, text }) = t.get(i) {
        let minutes = if text.matches(':').count() == 2 {
            f64::from(*seconds) / 60.0
        } else {
            f64::from(*seconds)
        };
        return Some(minutes);
    }
    duration_at_with(t, i, &ANSWER, |k| count_at(t, k)).map(|d| d.minutes())
}

/// The schedule in a chat reply: days a week and session minutes, each `None` when the reply
/// does not mention it. A reply of two bare numbers ("3, 90") is days then minutes; a single
/// bare number is days when it is at most 7, minutes otherwise.
#[allow(clippy::type_complexity)]
pub(crate) fn find_schedule(
    text: &str,
) -> (
    Option<Result<u8, FieldError>>,
    Option<Result<u16, FieldError>>,
) {
    let mut days = find_days(text, false);
    let mut minutes = find_minutes(text, false);
    let mut bare = bare_numbers(text).into_iter();
    match (days.is_some(), minutes.is_some()) {
        (true, true) => {}
        (true, false) => minutes = bare.next().map(|m| bare_minutes(m, false)),
        (false, true) => days = bare.next().map(|d| check_days(d, false)),
        (false, false) => match (bare.next(), bare.next()) {
            (Some(d), Some(m)) => {
                days = Some(check_days(d, false));
                minutes = Some(bare_minutes(m, false));
            }
            (Some(n), None) if n <= 7.0 => days = Some(check_days(n, false)),
            (Some(n), None) => minutes = Some(bare_minutes(n, false)),
            _ => {}
        },
    }
    (days, minutes)
}

// ===========================================================================================
// Years climbing
// ===========================================================================================

fn years_range_error() -> FieldError {
    FieldError::new(
        YEARS_FIELD,
        format!("Years climbing is a number from 0 to {YEARS_CLIMBING_MAX:.0}."),
    )
}

fn check_years(years: f64, negative: bool) -> Result<f64, FieldError> {
    if negative || !(0.0..=YEARS_CLIMBING_MAX).contains(&years) {
        return Err(years_range_error());
    }
    Ok(years)
}

/// Years climbing as the assessment reads it ("3", "1.5", "0.25"): "3 years", "six
/// months", "18 months", "a year and a half", "2 years and 6 months", "just started" (0).
/// A year like "since 2019" needs today: see [`parse_years_on`].
pub fn parse_years(raw: &str) -> Result<String, FieldError> {
    years_from(raw, None)
}

/// [`parse_years`], also reading the year the climber started: "since 2019", "started in
/// 2019", "2019" (counted in whole calendar years to `today`).
pub fn parse_years_on(raw: &str, today: Date) -> Result<String, FieldError> {
    years_from(raw, Some(today))
}

fn years_from(raw: &str, today: Option<Date>) -> Result<String, FieldError> {
    if raw.trim().is_empty() {
        return Err(FieldError::new(
            YEARS_FIELD,
            "How many years have you been climbing? 0 is fine.",
        ));
    }
    match find_years(raw, today, true) {
        Some(years) => years.map(years_text),
        None => Err(FieldError::new(
            YEARS_FIELD,
            "Tell me how long you've been climbing, like 3, \"3 years\" or \"six months\".",
        )),
    }
}

/// Years as the assessment's box takes them: at most two decimals, no trailing zeros.
pub(crate) fn years_text(years: f64) -> String {
    show(years)
}

fn year_number(v: f64) -> bool {
    v.fract() == 0.0 && (1900.0..=2200.0).contains(&v)
}

fn years_since(year: f64, today: Option<Date>) -> Result<f64, FieldError> {
    let Some(today) = today else {
        return Err(FieldError::new(
            YEARS_FIELD,
            "Tell me how many years that is, like 3.",
        ));
    };
    let years = f64::from(today.year) - year;
    if years < 0.0 {
        return Err(FieldError::new(
            YEARS_FIELD,
            "That year is still to come: how many years have you been climbing?",
        ));
    }
    check_years(years, false)
}

/// How long the climber has climbed, anywhere in `text`. `bare` also accepts a number without
/// a unit (a form box).
pub(crate) fn find_years(
    text: &str,
    today: Option<Date>,
    bare: bool,
) -> Option<Result<f64, FieldError>> {
    let t = tokenize(text);
    let w = |k: usize| word(&t, k);
    for i in 0..t.len() {
        if w(i) == "half" && is_article(w(i + 1)) && is_year(w(i + 2)) {
            return Some(Ok(0.5));
        }
        if matches!(w(i), "since" | "in" | "from") {
            if let Some(y) = num(&t, i + 1).filter(|y| year_number(*y)) {
                return Some(years_since(y, today));
            }
        }
        let Some(c) = count_at(&t, i) else { continue };
        let j = i + c.len;
        let neg = negative(&t, i);
        if is_year(w(j)) || is_decade(w(j)) {
            let mut years = c.value * if is_decade(w(j)) { 10.0 } else { 1.0 };
            let k = j + 1;
            if and_a_half(&t, k) {
                years += 0.5;
            } else {
                let k = if w(k) == "and" { k + 1 } else { k };
                if let Some(m) = count_at(&t, k).filter(|m| is_month(w(k + m.len))) {
                    years += m.value / 12.0;
                }
            }
            return Some(check_years(years, neg));
        }
        if and_a_half(&t, j) && is_year(w(j + 3)) {
            return Some(check_years(c.value + 0.5, neg));
        }
        if is_month(w(j)) {
            return Some(check_years(c.value / 12.0, neg));
        }
        if is_week(w(j)) {
            return Some(check_years(c.value / 52.0, neg));
        }
        if is_day(w(j)) && w(j + 1) != "a" && w(j + 1) != "per" {
            return Some(check_years(c.value / 365.0, neg));
        }
    }
    if has_phrase(&t, &["just", "started"])
        || has_phrase(&t, &["just", "starting"])
        || has_phrase(&t, &["just", "begun"])
        || has_phrase(&t, &["not", "yet"])
        || has_word(&t, &["never", "new", "newbie", "beginner", "none"])
    {
        return Some(Ok(0.0));
    }
    if bare {
        for i in 0..t.len() {
            let Some(c) = count_at(&t, i).filter(|c| !c.article) else {
                continue;
            };
            if is_unit(w(i + c.len)) {
                continue;
            }
            if year_number(c.value) {
                return Some(years_since(c.value, today));
            }
            return Some(check_years(c.value, negative(&t, i)));
        }
    }
    None
}

// ===========================================================================================
// Age and hangboard history
// ===========================================================================================

fn age_range_error() -> FieldError {
    FieldError::new(
        AGE_FIELD,
        format!(
            "Age is a number of years from {} to {}, like 34. Or leave it blank.",
            AGE_YEARS.start(),
            AGE_YEARS.end()
        ),
    )
}

fn check_age(years: f64, negative: bool) -> Result<u8, FieldError> {
    let whole = years.floor();
    let range = f64::from(*AGE_YEARS.start())..=f64::from(*AGE_YEARS.end());
    if negative || !range.contains(&whole) {
        return Err(age_range_error());
    }
    Ok(whole as u8)
}

/// Words after a number that make it an age: "34 yo", "34 y/o", "34 years old".
fn age_after(t: &[Tok], j: usize) -> bool {
    let w = word(t, j);
    w == "yo"
        || (w == "y" && sym(t, j + 1) == Some('/') && word(t, j + 2) == "o")
        || (is_year(w) && word(t, j + 1) == "old")
}

/// Words before a number that make it an age: "I'm 34", "I am 34", "age 34", "age: 34",
/// "aged 34", "turned 34".
fn age_before(t: &[Tok], i: usize) -> bool {
    let Some(mut k) = i.checked_sub(1) else {
        return false;
    };
    if sym(t, k) == Some(':') {
        let Some(before) = k.checked_sub(1) else {
            return false;
        };
        k = before;
    }
    match word(t, k) {
        "age" | "aged" | "am" | "im" | "turned" | "turning" => true,
        // "I'm 34" is `i`, `'`, `m`.
        "m" => k >= 1 && matches!(sym(t, k - 1), Some('\'' | '’')),
        _ => false,
    }
}

/// The climber's age, optional: "34", "34 yo", "34 years old", "I'm 34", "age 34" (digits,
/// not words; a fraction is rounded down). `Ok(None)` when blank. Outside
/// [`AGE_YEARS`] (a 5 or a 130 is a typo) or unreadable: an error saying what to write.
pub fn parse_age(raw: &str) -> Result<Option<u8>, FieldError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let t = tokenize(raw);
    // In an age box "34 years" is the age too.
    let in_years = || {
        (0..t.len()).find_map(|i| {
            digits(&t, i)
                .filter(|_| is_year(word(&t, i + 1)))
                .map(|v| check_age(v, negative(&t, i)))
        })
    };
    match find_age(raw, true).or_else(in_years) {
        Some(age) => age.map(Some),
        None => Err(FieldError::new(
            AGE_FIELD,
            "Write your age as a number, like 34, or leave it blank.",
        )),
    }
}

/// An age anywhere in `text`: a number with "yo" / "years old" after it or "I'm" / "age"
/// before it; with `bare`, also a number without a unit ("34", "34, never"), the first one.
pub(crate) fn find_age(text: &str, bare: bool) -> Option<Result<u8, FieldError>> {
    let t = tokenize(text);
    for i in 0..t.len() {
        let Some(v) = digits(&t, i) else { continue };
        if age_after(&t, i + 1) || age_before(&t, i) {
            return Some(check_age(v, negative(&t, i)));
        }
    }
    if bare {
        for i in 0..t.len() {
            let Some(v) = digits(&t, i) else { continue };
            // "2 years" (of hangboarding) is not an age.
            if is_unit(word(&t, i + 1)) {
                continue;
            }
            return Some(check_age(v, negative(&t, i)));
        }
    }
    None
}

/// "Have you trained on a hangboard before?" The page's codes ("yes", "no") and the words a
/// climber uses: "never", "no", "not yet", "not really" → no; "yes", "a bit", "a little",
/// "some", "a couple of years", "since 2020", "regularly", "not much" → yes (any hangboard
/// training at all). `None` when nothing says either way.
pub(crate) fn find_hangboard_history(text: &str) -> Option<bool> {
    let t = tokenize(text);
    let some = [
        &["not", "much"][..],
        &["not", "a", "lot"],
        &["not", "often"],
        &["not", "regularly"],
        &["not", "consistently"],
        &["on", "and", "off"],
        &["a", "bit"],
        &["a", "little"],
    ];
    if some.iter().any(|p| has_phrase(&t, p)) {
        return Some(true);
    }
    let never = [
        &["not", "yet"][..],
        &["not", "really"],
        &["haven", "t"],
        &["don", "t"],
        &["didn", "t"],
        &["do", "not"],
        &["did", "not"],
        &["have", "not"],
        &["never", "have"],
        &["no", "experience"],
    ];
    if never.iter().any(|p| has_phrase(&t, p))
        || has_word(
            &t,
            &[
                "no", "nope", "never", "nah", "none", "havent", "hasnt", "didnt", "dont", "newbie",
            ],
        )
    {
        return Some(false);
    }
    let yes = [
        "yes",
        "yeah",
        "yep",
        "yup",
        "sure",
        "some",
        "bit",
        "little",
        "sometimes",
        "occasionally",
        "regularly",
        "often",
        "lots",
        "loads",
        "trained",
        "train",
        "training",
        "do",
        "did",
        "have",
        "couple",
        "few",
        "several",
        "year",
        "years",
        "yr",
        "yrs",
        "month",
        "months",
        "since",
        "experienced",
        "used",
        "hangboarded",
        "fingerboarded",
    ];
    has_word(&t, &yes).then_some(true)
}

/// [`find_hangboard_history`] for a form box or a stored answer: `Ok(None)` when blank, an
/// error when it says neither yes nor no.
pub fn parse_hangboard_history(raw: &str) -> Result<Option<bool>, FieldError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    find_hangboard_history(raw).map(Some).ok_or_else(|| {
        FieldError::new(
            HANGBOARD_FIELD,
            "Have you trained on a hangboard before? Pick yes or no, or leave it blank.",
        )
    })
}

// The form code of a hangboard answer lives with the profile (the browser needs it; this
// reader stays on the server).
pub use crate::domain::profile::hangboard_code;

// ===========================================================================================
// Lengths and loads
// ===========================================================================================

/// A leg span (heel to heel) in centimetres, rounded to 0.1, within the assessment's 50-300
/// cm: "178", "178 cm", "1.78 m", "5'10\"", "5 ft 10 in", "5 feet 10", "70 in", "70\"".
/// A bare number is centimetres. `Ok(None)` when blank (test skipped).
pub fn parse_length_cm(raw: &str) -> Result<Option<f64>, FieldError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let t = tokenize(raw);
    let unreadable = || {
        FieldError::new(
            LEG_SPAN_FIELD,
            "Enter your leg span like 170 cm, 5'7\" or 67 in.",
        )
    };
    let start = t
        .iter()
        .position(|x| matches!(x, Tok::Num { .. }))
        .ok_or_else(unreadable)?;
    let a = num(&t, start).unwrap_or(0.0);
    let j = start + 1;
    let unit = word(&t, j);
    let inch_mark = |k: usize| {
        matches!(sym(&t, k), Some('"' | '″' | '”' | '“'))
            || (sym(&t, k) == Some('\'') && sym(&t, k + 1) == Some('\''))
            || matches!(word(&t, k), "in" | "inch" | "inches")
    };
    let cm = if matches!(sym(&t, j), Some('\'' | '′' | '’' | '‘'))
        || matches!(unit, "ft" | "feet" | "foot")
    {
        a * CM_PER_FOOT + num(&t, j + 1).unwrap_or(0.0) * CM_PER_INCH
    } else if inch_mark(j) {
        a * CM_PER_INCH
    } else if matches!(
        unit,
        "m" | "metre" | "metres" | "meter" | "meters" | "mtr" | "mtrs"
    ) {
        // "1.78 m", "1m78"
        a * 100.0 + num(&t, j + 1).filter(|b| *b < 100.0).unwrap_or(0.0)
    } else if unit == "mm" {
        a / 10.0
    } else if unit.is_empty()
        || matches!(
            unit,
            "cm" | "cms" | "centimetre" | "centimetres" | "centimeter" | "centimeters"
        )
        || !is_unit(unit)
    {
        a
    } else {
        return Err(unreadable());
    };
    let cm = round_to_tenth(cm);
    if negative(&t, start) || !LEG_SPAN_CM.contains(&cm) {
        return Err(FieldError::new(
            LEG_SPAN_FIELD,
            "Leg span is measured heel to heel, between 50 and 300 cm (20 to 118 in).",
        ));
    }
    Ok(Some(cm))
}

/// A load as the assessment's kilogram boxes read it: unit words become "kg"/"lb" ("150
/// pounds" → "150 lb", "70 kilos" → "70 kg"), "bodyweight" alone is 0 added; anything else
/// is kept as typed for the validator to judge.
pub(crate) fn normalise_load(raw: &str) -> String {
    let s = raw.trim();
    let lower = s.to_lowercase();
    if matches!(lower.as_str(), "bodyweight" | "body weight" | "bw") {
        return "0".into();
    }
    for (words, unit) in [
        (&["kilograms", "kilogram", "kilos", "kilo"][..], "kg"),
        (&["pounds", "pound"][..], "lb"),
    ] {
        for w in words {
            if let Some(number) = lower.strip_suffix(w) {
                return format!("{} {unit}", number.trim_end());
            }
        }
    }
    s.to_string()
}

/// A bodyweight in a chat reply, as the bodyweight box takes it: "70 kg", "154 lbs" →
/// "154 lb", "I weigh 70" → "70" (kilograms). `None` when there is none.
pub(crate) fn find_bodyweight(text: &str) -> Option<String> {
    let t = tokenize(text);
    for i in 0..t.len() {
        let Some(v) = num(&t, i) else { continue };
        let sign = if negative(&t, i) { "-" } else { "" };
        if is_kg(word(&t, i + 1)) {
            return Some(format!("{sign}{} kg", show(v)));
        }
        if is_lb(word(&t, i + 1)) {
            return Some(format!("{sign}{} lb", show(v)));
        }
    }
    let weight_words = ["weigh", "weighs", "weight", "weighing", "bodyweight", "bw"];
    if has_word(&t, &weight_words) {
        for i in 0..t.len() {
            if let Some(v) = num(&t, i) {
                let sign = if negative(&t, i) { "-" } else { "" };
                return Some(format!("{sign}{}", show(v)));
            }
        }
    }
    None
}

// ===========================================================================================
// Goals and grades
// ===========================================================================================

/// What a goal sentence says: its grade (as the assessment's grade boxes read it), its
/// discipline and its target date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GoalParts {
    /// The hardest grade named ("from V4 to V6" is V6), written so that the assessment reads
    /// it in its own system ("7c", "V5", "6C+", "5.12a", "UIAA 8-", "Ewbank 24").
    pub grade: Option<String>,
    pub target_date: Option<Date>,
    /// The grade's discipline, else the one the words say ("get better at bouldering").
    pub discipline: Option<Discipline>,
}

/// Reads a goal: "7c by June", "my first V5 this year", "6C+ in 3 months", "5.12a by
/// 2026-10-01". Grades in any system through [`find_grade_spans`] (a lower-case "6c" is a
/// French route grade unless the sentence is about bouldering); dates as in the module docs.
pub fn goal_from_text(goal: &str, today: Date) -> GoalParts {
    let infer = Discipline::infer(goal);
    let spans = grades_in(goal, infer);
    let grade = hardest_grade(&spans);
    // The date is read with the grades blanked out ("6a by May" is not "6 a").
    let mut rest = String::with_capacity(goal.len());
    let mut last = 0;
    for m in &spans {
        rest.push_str(&goal[last..m.start]);
        rest.extend(std::iter::repeat_n(' ', m.end - m.start));
        last = m.end;
    }
    rest.push_str(&goal[last..]);
    GoalParts {
        grade: grade.map(grade_text),
        target_date: parse_target_date(&rest, today),
        discipline: grade.map(|g| g.system.discipline()).or(infer),
    }
}

/// A grade written so that [`Grade::parse_in`] reads it back in its own system, whatever the
/// box's discipline: UIAA and Ewbank get their prefix ("UIAA 7+", "Ewbank 24"), a Font grade
/// without a letter gets "Font" ("Font 5+"); the rest are their labels ("V5", "6C+",
/// "5.12a", "7a").
pub(crate) fn grade_text(g: &Grade) -> String {
    match g.system {
        GradeSystem::Uiaa => format!("UIAA {}", g.label),
        GradeSystem::Ewbank => format!("Ewbank {}", g.label),
        GradeSystem::Font if !g.label.chars().any(|c| c.is_ascii_alphabetic()) => {
            format!("Font {}", g.label)
        }
        _ => g.label.clone(),
    }
}

/// Grades in free text, except a number followed by a span of time ("climbing for 5.5
/// years" is not YDS 5.5).
pub(crate) fn grades_in(text: &str, discipline: Option<Discipline>) -> Vec<GradeMatch> {
    find_grade_spans(text, discipline)
        .into_iter()
        .filter(|m| {
            // The word right after the grade ("6 years" is not a grade), read without
            // tokenizing the rest of the text again for every grade.
            let after = text[m.end..].trim_start();
            let end = after
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(after.len());
            tick(end + 1);
            let next = after[..end].to_lowercase();
            !(is_year(&next) || is_month(&next) || is_week(&next) || is_decade(&next))
        })
        .collect()
}

/// The hardest of `matches` on the IRCRA scale (the first on a tie; a grade off the scale
/// counts as the easiest).
pub(crate) fn hardest_grade(matches: &[GradeMatch]) -> Option<&Grade> {
    let mut best: Option<&Grade> = None;
    for m in matches {
        let better = match best {
            None => true,
            Some(b) => m.grade.ircra() > b.ircra(),
        };
        if better {
            best = Some(&m.grade);
        }
    }
    best
}

// ===========================================================================================
// Dates
// ===========================================================================================

/// Words after which a month or season name is a date, not another word ("in may" but not
/// "I may").
const DATE_LEADS: [&str; 16] = [
    "by", "in", "until", "till", "til", "before", "of", "end", "early", "mid", "late", "this",
    "next", "around", "for", "the",
];

/// Month number and whether the word needs a date context ("may", short forms).
fn month_word(w: &str) -> Option<(u8, bool)> {
    month_of(w).map(|m| (m, month_needs_context(w)))
}

fn end_of_month(year: i32, month: u8) -> Date {
    Date {
        year,
        month,
        day: days_in_month(year, month),
    }
}

/// The end of `month` in `year`, or, without a year, the next one that ends after today.
fn month_end(today: Date, month: u8, year: Option<i32>) -> Date {
    match year {
        Some(y) => end_of_month(y, month),
        None => {
            let this = end_of_month(today.year, month);
            if this > today {
                this
            } else {
                end_of_month(today.year + 1, month)
            }
        }
    }
}

/// `day` of `month`, in `year` or the next time it comes after today.
fn day_of(today: Date, month: u8, day: u8, year: Option<i32>) -> Option<Date> {
    match year {
        Some(y) => Date::new(y, month, day),
        None => {
            let this = Date::new(today.year, month, day);
            match this {
                Some(d) if d > today => Some(d),
                _ => Date::new(today.year + 1, month, day),
            }
        }
    }
}

pub(crate) fn add_months(date: Date, months: i64) -> Date {
    let total = i64::from(date.year) * 12 + i64::from(date.month) - 1 + months;
    let year = total.div_euclid(12) as i32;
    let month = (total.rem_euclid(12) + 1) as u8;
    Date {
        year,
        month,
        day: date.day.min(days_in_month(year, month)),
    }
}

/// `n` days, weeks, months or years after `today`.
fn add_span(today: Date, n: f64, unit: &str) -> Option<Date> {
    if !(0.0..=1000.0).contains(&n) {
        return None;
    }
    let days = |d: f64| Some(today.add_days(d.round() as i64));
    let months = |m: f64| {
        if m.fract() == 0.0 {
            Some(add_months(today, m as i64))
        } else {
            days(m * 30.4375)
        }
    };
    if is_day(unit) {
        days(n)
    } else if is_week(unit) {
        days(n * 7.0)
    } else if is_month(unit) {
        months(n)
    } else if is_year(unit) {
        months(n * 12.0)
    } else {
        None
    }
}

/// A target date in free text (see the module docs): an ISO date, "in 3 months", "within
/// six weeks", "3 months from now", "by June", "June 2027", "30 June", "by the end of the
/// year", "next year", "next summer", "end of 2027". `None` when there is none.
pub fn parse_target_date(text: &str, today: Date) -> Option<Date> {
    for piece in text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')')) {
        let piece = piece.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        if let Some(d) = Date::parse_iso(piece) {
            return Some(d);
        }
    }
    let t = tokenize(text);
    (0..t.len()).find_map(|i| date_at(&t, i, today))
}

fn date_at(t: &[Tok], i: usize, today: Date) -> Option<Date> {
    let w = |k: usize| word(t, k);
    let prev = prev_word(t, i);
    let year_after = |k: usize| num(t, k).filter(|y| year_number(*y)).map(|y| y as i32);
    let year_end = |year: i32| end_of_month(year, 12);
    // "in 3 months", "within six weeks", "next 2 months"
    if matches!(w(i), "in" | "within" | "next") {
        if let Some(c) = count_at(t, i + 1) {
            if let Some(d) = add_span(today, c.value, w(i + 1 + c.len)) {
                return Some(d);
            }
        }
    }
    // "3 months from now"
    if let Some(c) = count_at(t, i) {
        let j = i + c.len;
        if w(j + 1) == "from" && w(j + 2) == "now" {
            if let Some(d) = add_span(today, c.value, w(j)) {
                return Some(d);
            }
        }
    }
    let this_year_end = || {
        let d = year_end(today.year);
        if d > today {
            d
        } else {
            year_end(today.year + 1)
        }
    };
    match (w(i), w(i + 1), w(i + 2), w(i + 3)) {
        ("end", "of", "the" | "this", "year") | ("end", "of", "year", _) => {
            return Some(this_year_end())
        }
        ("this", "year", _, _) | ("year", "end", _, _) => return Some(this_year_end()),
        ("next", "year", _, _) => return Some(year_end(today.year + 1)),
        ("next", "month", _, _) => return Some(add_months(today, 1).end_of_month()),
        ("this", "month", _, _) | ("end", "of", "the", "month") | ("end", "of", "month", _) => {
            return Some(today.end_of_month())
        }
        ("christmas" | "xmas", _, _, _) => return day_of(today, 12, 25, None),
        _ => {}
    }
    // "by 2027", "end of 2027", "in 2027"
    if let Some(y) = year_after(i) {
        if DATE_LEADS.contains(&prev) && !matches!(prev, "this" | "next" | "the") {
            return Some(year_end(y));
        }
    }
    // "30 june", "30th of june 2027"
    if let Some(d) = num(t, i).filter(|d| d.fract() == 0.0 && (1.0..=31.0).contains(d)) {
        let mut k = i + 1;
        if matches!(w(k), "st" | "nd" | "rd" | "th") {
            k += 1;
        }
        if w(k) == "of" {
            k += 1;
        }
        if let Some((month, _)) = month_word(w(k)) {
            return day_of(today, month, d as u8, year_after(k + 1));
        }
    }
    // "june", "by may", "june 2027", "june 30", "june 30th, 2027"
    if let Some((month, needs_context)) = month_word(w(i)) {
        let day = num(t, i + 1).filter(|d| d.fract() == 0.0 && (1.0..=31.0).contains(d));
        let mut k = i + 2;
        if day.is_some() && matches!(w(k), "st" | "nd" | "rd" | "th") {
            k += 1;
        }
        if sym(t, k) == Some(',') {
            k += 1;
        }
        let year = if day.is_some() {
            year_after(k)
        } else {
            year_after(i + 1)
        };
        if !needs_context || DATE_LEADS.contains(&prev) || day.is_some() || year.is_some() {
            return match day {
                Some(d) => day_of(today, month, d as u8, year),
                None => Some(month_end(today, month, year)),
            };
        }
    }
    // "next summer", "by spring", "in the fall"
    if let Some(month) = season_end(w(i)) {
        if w(i) != "fall" || DATE_LEADS.contains(&prev) {
            return Some(month_end(today, month, year_after(i + 1)));
        }
    }
    None
}

// ===========================================================================================
// Equipment and injuries
// ===========================================================================================

/// Words and phrases for equipment, longest match first. `None`: things climbers train with
/// that have no [`Equipment`] code (rings, a pull-up bar, bands): recognised and ignored.
const EQUIPMENT_WORDS: &[(&[&str], Option<Equipment>)] = &[
    (&["campus", "board"], Some(Equipment::CampusBoard)),
    (&["campus", "boards"], Some(Equipment::CampusBoard)),
    (&["campus", "rungs"], Some(Equipment::CampusBoard)),
    (&["campusboard"], Some(Equipment::CampusBoard)),
    (&["campus"], Some(Equipment::CampusBoard)),
    (&["hang", "board"], Some(Equipment::Hangboard)),
    (&["hangboard"], Some(Equipment::Hangboard)),
    (&["hangboards"], Some(Equipment::Hangboard)),
    (&["finger", "board"], Some(Equipment::Hangboard)),
    (&["fingerboard"], Some(Equipment::Hangboard)),
    (&["beastmaker"], Some(Equipment::Hangboard)),
    (&["tension", "block"], Some(Equipment::Hangboard)),
    (&["lifting", "edge"], Some(Equipment::Hangboard)),
    (&["home", "wall"], Some(Equipment::Board)),
    (&["spray", "wall"], Some(Equipment::Board)),
    (&["spraywall"], Some(Equipment::Board)),
    (&["system", "wall"], Some(Equipment::Board)),
    (&["system", "board"], Some(Equipment::Board)),
    (&["training", "board"], Some(Equipment::Board)),
    (&["moon", "board"], Some(Equipment::Board)),
    (&["moonboard"], Some(Equipment::Board)),
    (&["kilter", "board"], Some(Equipment::Board)),
    (&["kilter"], Some(Equipment::Board)),
    (&["tension", "board"], Some(Equipment::Board)),
    (&["tension"], Some(Equipment::Board)),
    (&["grasshopper"], Some(Equipment::Board)),
    (&["woody"], Some(Equipment::Board)),
    (&["board"], Some(Equipment::Board)),
    (&["boards"], Some(Equipment::Board)),
    (&["climbing", "gym"], Some(Equipment::Gym)),
    (&["climbing", "wall"], Some(Equipment::Gym)),
    (&["bouldering", "gym"], Some(Equipment::Gym)),
    (&["bouldering", "wall"], Some(Equipment::Gym)),
    (&["gym"], Some(Equipment::Gym)),
    (&["gyms"], Some(Equipment::Gym)),
    (&["wall"], Some(Equipment::Gym)),
    (&["indoor"], Some(Equipment::Gym)),
    (&["indoors"], Some(Equipment::Gym)),
    (&["weight", "vest"], Some(Equipment::Weights)),
    (&["weight", "belt"], Some(Equipment::Weights)),
    (&["dip", "belt"], Some(Equipment::Weights)),
    (&["free", "weights"], Some(Equipment::Weights)),
    (&["weights"], Some(Equipment::Weights)),
    (&["dumbbell"], Some(Equipment::Weights)),
    (&["dumbbells"], Some(Equipment::Weights)),
    (&["barbell"], Some(Equipment::Weights)),
    (&["barbells"], Some(Equipment::Weights)),
    (&["kettlebell"], Some(Equipment::Weights)),
    (&["kettlebells"], Some(Equipment::Weights)),
    (&["plates"], Some(Equipment::Weights)),
    (&["gymnastic", "rings"], None),
    (&["rings"], None),
    (&["pull", "up", "bar"], None),
    (&["pullup", "bar"], None),
    (&["chin", "up", "bar"], None),
    (&["resistance", "bands"], None),
    (&["bands"], None),
    (&["trx"], None),
];

/// Words that negate equipment just before it ("no hangboard", "don't have a campus board").
const NEGATIONS: [&str; 6] = ["no", "not", "without", "t", "dont", "never"];

/// Equipment named in `text` (sorted, unique), and whether the text answers the question at
/// all: it names equipment (even equipment without a code, like rings, or negated, like "no
/// hangboard") or says "none"/"nothing"/"no equipment".
pub(crate) fn find_equipment(text: &str) -> (Vec<Equipment>, bool) {
    let words: Vec<String> = tokenize(text)
        .into_iter()
        .filter_map(|t| match t {
            Tok::Word(w) => Some(w),
            _ => None,
        })
        .collect();
    let mut found = Vec::new();
    let mut named_something = false;
    let mut i = 0;
    while i < words.len() {
        let best = EQUIPMENT_WORDS
            .iter()
            .filter(|(phrase, _)| {
                words.len() >= i + phrase.len()
                    && phrase
                        .iter()
                        .zip(&words[i..])
                        .all(|(p, w)| *p == w.as_str())
            })
            .max_by_key(|(phrase, _)| phrase.len());
        match best {
            Some((phrase, equipment)) => {
                let negated = words[i.saturating_sub(3)..i]
                    .iter()
                    .any(|w| NEGATIONS.contains(&w.as_str()));
                named_something = true;
                if !negated {
                    found.extend(*equipment);
                }
                i += phrase.len();
            }
            None => i += 1,
        }
    }
    found.sort();
    found.dedup();
    let none = words.iter().enumerate().any(|(k, w)| {
        matches!(w.as_str(), "nothing" | "none" | "nada")
            || (w == "no"
                && matches!(
                    words.get(k + 1).map(String::as_str),
                    Some("equipment" | "gear" | "kit")
                ))
    });
    (found, named_something || none)
}

/// The [`Equipment`] of one box entry: its code ("campus_board", any case), its label
/// ("Campus board") or a word for it ("home wall", "fingerboard"); `None` otherwise.
pub fn parse_equipment(entry: &str) -> Option<Equipment> {
    if let Some(e) = Equipment::from_code(entry) {
        return Some(e);
    }
    if let Some(e) = Equipment::ALL
        .iter()
        .find(|e| e.label().eq_ignore_ascii_case(entry.trim()))
    {
        return Some(*e);
    }
    match find_equipment(entry) {
        (found, _) if found.len() == 1 => Some(found[0]),
        _ => None,
    }
}

/// Word starts that make a phrase about an injury.
const INJURY_WORDS: [&str; 22] = [
    "injur", "pain", "hurt", "sore", "strain", "sprain", "tendin", "tendon", "pulley", "tweak",
    "niggl", "ache", "aching", "achy", "surgery", "recover", "elbow", "shoulder", "wrist", "knee",
    "ankle", "dodgy",
];

/// Whole replies that mean "no injury" once the injury words are found.
const NO_INJURY_WORDS: [&str; 6] = ["no", "not", "free", "without", "nothing", "zero"];

fn injury_words(piece: &str) -> bool {
    tokenize(piece).iter().any(|t| match t {
        Tok::Word(w) => INJURY_WORDS.iter().any(|p| w.starts_with(p)),
        _ => false,
    })
}

fn says_no_injury(piece: &str) -> bool {
    let t = tokenize(piece);
    let lower = piece.trim().to_lowercase();
    matches!(
        lower.trim_end_matches(['.', '!']),
        "healthy" | "uninjured" | "all good" | "fit"
    ) || (injury_words(piece) && has_word(&t, &NO_INJURY_WORDS))
}

/// What an equipment-and-injuries chat reply says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct EquipmentReply {
    /// `Some` when the reply names equipment or says it has none.
    pub equipment: Option<Vec<Equipment>>,
    /// `Some("")` for "no injuries", `Some(text)` for the injury in the climber's words,
    /// `None` when the reply does not mention injuries.
    pub injuries: Option<String>,
}

/// Splits a reply like "hangboard and weights, sore left elbow" into equipment and the
/// injury phrases (pieces between commas, "and", "but" or "except" that contain an injury
/// word such as "injur", "pain", "hurt", "sore", "elbow"; a following "and ..." piece without
/// equipment continues the injury: "pain in my elbow and shoulder").
pub(crate) fn read_equipment_reply(text: &str) -> EquipmentReply {
    let lower = text.to_ascii_lowercase();
    // Pieces with the separator that came before each.
    let mut pieces: Vec<(&str, &str)> = Vec::new();
    let mut start = 0;
    let mut sep = "";
    let mut i = 0;
    let bytes = lower.as_bytes();
    while i < bytes.len() {
        let found = if matches!(bytes[i], b',' | b';' | b'.' | b'!' | b'?' | b'\n') {
            Some((i + 1, ","))
        } else {
            [" and ", " but ", " except ", " though "]
                .iter()
                .find(|s| bytes[i..].starts_with(s.as_bytes()))
                .map(|s| (i + s.len(), s.trim()))
        };
        match found {
            Some((end, s)) => {
                pieces.push((&text[start..i], sep));
                sep = s;
                start = end;
                i = end;
            }
            None => i += 1,
        }
    }
    pieces.push((&text[start..], sep));

    let mut equipment_text = String::new();
    let mut injuries: Vec<String> = Vec::new();
    let mut said_none = false;
    let mut in_injury = false;
    for (piece, sep) in pieces {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        if says_no_injury(piece) {
            said_none = true;
            in_injury = false;
        } else if in_injury && sep == "and" && !find_equipment(piece).1 {
            if let Some(last) = injuries.last_mut() {
                last.push_str(" and ");
                last.push_str(piece);
            }
        } else if injury_words(piece) {
            injuries.push(piece.to_string());
            in_injury = true;
        } else {
            in_injury = false;
            equipment_text.push_str(piece);
            equipment_text.push_str(", ");
        }
    }
    let (found, answered) = find_equipment(&equipment_text);
    let whole_none = matches!(
        lower.trim().trim_end_matches(['.', '!']),
        "none" | "nothing" | "no" | "nope" | "nada"
    );
    EquipmentReply {
        equipment: answered.then_some(found),
        injuries: if !injuries.is_empty() {
            Some(injuries.join("; "))
        } else if said_none || whole_none {
            Some(String::new())
        } else {
            None
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 3, 15).unwrap()
    }

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn days_per_week_phrasings() {
        for (raw, days) in [
            ("3", 3),
            (" 3 ", 3),
            ("3 days", 3),
            ("3 days a week", 3),
            ("3 days/week", 3),
            ("3x", 3),
            ("3x a week", 3),
            ("3 times a week", 3),
            ("3 per week", 3),
            ("3 sessions", 3),
            ("three", 3),
            ("Three days", 3),
            ("four evenings a week", 4),
            ("once a week", 1),
            ("a day a week", 1),
            ("one day", 1),
            ("twice a week", 2),
            ("Twice", 2),
            ("thrice weekly", 3),
            ("2-3", 2),
            ("2 - 3 days", 2),
            ("2–3 days", 2),
            ("2 or 3 times a week", 2),
            ("two to three days", 2),
            ("once or twice a week", 1),
            ("every other day", 3),
            ("every-other-day", 3),
            ("every second day", 3),
            ("alternate days", 3),
            ("every 2 days", 3),
            ("every 3 days", 2),
            ("weekends", 2),
            ("on the weekend", 2),
            ("weekdays", 5),
            ("6", 6),
            ("1", 1),
            ("2 hours, 4 days a week", 4),
            ("an hour a day, 4 days a week", 4),
        ] {
            assert_eq!(parse_days_per_week(raw), Ok(days), "{raw}");
        }
    }

    #[test]
    fn days_per_week_errors_are_clear() {
        for raw in [
            "every day",
            "Everyday",
            "daily",
            "7",
            "7 days",
            "seven days a week",
        ] {
            let e = parse_days_per_week(raw).unwrap_err();
            assert_eq!(e.field, "days_per_week", "{raw}");
            assert!(e.message.contains("rest day"), "{raw}: {}", e.message);
        }
        for (raw, says) in [
            ("0", "1 to 6"),
            ("zero", "1 to 6"),
            ("-2", "1 to 6"),
            ("3.5", "whole number"),
            ("10 hours", "how many days"),
            ("abc", "how many days"),
            ("", "1 to 6"),
            ("   ", "1 to 6"),
        ] {
            let e = parse_days_per_week(raw).unwrap_err();
            assert_eq!(e.field, "days_per_week", "{raw}");
            assert!(e.message.contains(says), "{raw}: {}", e.message);
        }
        // 10 is "more than 6": the rest-day rule again.
        assert!(parse_days_per_week("10")
            .unwrap_err()
            .message
            .contains("rest day"));
    }

    #[test]
    fn session_length_phrasings() {
        for (raw, minutes) in [
            ("90", 90),
            ("90 min", 90),
            ("90min", 90),
            ("90 mins", 90),
            ("90 minutes", 90),
            ("90m", 90),
            ("90'", 90),
            ("1.5 h", 90),
            ("1,5h", 90),
            ("1.5 hours", 90),
            ("1h30", 90),
            ("1 h 30", 90),
            ("1h 30min", 90),
            ("1 hour 30 minutes", 90),
            ("1 hour and 30 minutes", 90),
            ("1:30", 90),
            ("1:15h", 75),
            ("an hour", 60),
            ("one hour", 60),
            ("1 hr", 60),
            ("2 hours", 120),
            ("2hrs", 120),
            ("two hours", 120),
            ("a couple of hours", 120),
            ("an hour and a half", 90),
            ("hour and a half", 90),
            ("one and a half hours", 90),
            ("half an hour", 30),
            ("60-90 min", 60),
            ("1-2 hours", 60),
            ("about 2 hours", 120),
            ("300", 300),
            ("30", 30),
            ("5 h", 300),
            ("3 days a week, 90 min", 90),
        ] {
            assert_eq!(parse_session_minutes(raw), Ok(minutes), "{raw}");
        }
    }

    #[test]
    fn session_length_errors_are_clear() {
        for raw in ["10 hours", "0", "20 min", "301", "6h", "-90", "1000000"] {
            let e = parse_session_minutes(raw).unwrap_err();
            assert_eq!(e.field, "session_length", "{raw}");
            assert!(
                e.message.contains("30 to 300 minutes"),
                "{raw}: {}",
                e.message
            );
        }
        let e = parse_session_minutes("1.5").unwrap_err();
        assert!(
            e.message.contains("did you mean 1.5 hours"),
            "{}",
            e.message
        );
        assert!(parse_session_minutes("2")
            .unwrap_err()
            .message
            .contains("\"2 h\""));
        for raw in ["abc", "long", "3 days"] {
            let e = parse_session_minutes(raw).unwrap_err();
            assert_eq!(e.field, "session_length", "{raw}");
            assert!(e.message.contains("like 90 min"), "{raw}: {}", e.message);
        }
        assert!(parse_session_minutes(" ")
            .unwrap_err()
            .message
            .contains("How long"));
    }

    #[test]
    fn years_phrasings() {
        for (raw, years) in [
            ("3", "3"),
            ("3 years", "3"),
            ("3 yrs", "3"),
            ("3y", "3"),
            ("three years", "3"),
            ("1.5", "1.5"),
            ("1,5", "1.5"),
            ("1.5 years", "1.5"),
            ("six months", "0.5"),
            ("6 months", "0.5"),
            ("18 months", "1.5"),
            ("3 months", "0.25"),
            ("a year", "1"),
            ("a year and a half", "1.5"),
            ("one and a half years", "1.5"),
            ("half a year", "0.5"),
            ("2 years and 6 months", "2.5"),
            ("2 years 3 months", "2.25"),
            ("3-4 years", "3"),
            ("a couple of years", "2"),
            ("a decade", "10"),
            ("just started", "0"),
            ("never", "0"),
            ("I'm new", "0"),
            ("0", "0"),
            ("80", "80"),
            ("about 5 years", "5"),
        ] {
            assert_eq!(parse_years(raw).as_deref(), Ok(years), "{raw}");
        }
        // 6 weeks = 0.115… → 0.12 (two decimals).
        assert_eq!(parse_years("6 weeks").as_deref(), Ok("0.12"));
    }

    #[test]
    fn years_since_a_year_need_today() {
        for raw in [
            "since 2019",
            "started in 2019",
            "2019",
            "climbing since 2019",
        ] {
            assert_eq!(parse_years_on(raw, today()).as_deref(), Ok("7"), "{raw}");
            let e = parse_years(raw).unwrap_err();
            assert!(e.message.contains("how many years"), "{}", e.message);
        }
        let e = parse_years_on("since 2030", today()).unwrap_err();
        assert_eq!(e.field, "years_climbing");
        assert!(e.message.contains("still to come"));
        assert!(parse_years_on("since 1900", today()).is_err());
    }

    #[test]
    fn years_errors() {
        for raw in ["-1", "81", "100 years", "abc", "", "lots"] {
            let e = parse_years(raw).unwrap_err();
            assert_eq!(e.field, "years_climbing", "{raw}");
        }
        assert!(parse_years("").unwrap_err().message.contains("0 is fine"));
        assert!(parse_years("81").unwrap_err().message.contains("0 to 80"));
        assert!(parse_years("abc")
            .unwrap_err()
            .message
            .contains("six months"));
    }

    #[test]
    fn lengths_in_any_unit() {
        for (raw, cm) in [
            ("178", 178.0),
            ("178 cm", 178.0),
            ("178cm", 178.0),
            ("178,5 cm", 178.5),
            ("1.78 m", 178.0),
            ("1m78", 178.0),
            ("5'10\"", 177.8),
            ("5' 10''", 177.8),
            ("5′10″", 177.8),
            ("5'10", 177.8),
            ("5 ft 10 in", 177.8),
            ("5 ft 10", 177.8),
            ("5 feet 10", 177.8),
            ("5 feet 10 inches", 177.8),
            ("5ft10", 177.8),
            ("6 ft", 182.9),
            ("6'", 182.9),
            ("70 in", 177.8),
            ("70 inches", 177.8),
            ("70\"", 177.8),
            ("about 180 cm", 180.0),
            ("1780 mm", 178.0),
        ] {
            assert_eq!(parse_length_cm(raw), Ok(Some(cm)), "{raw}");
        }
        assert_eq!(parse_length_cm(" "), Ok(None));
        for raw in ["49", "301", "170 ft", "-170", "1 in"] {
            let e = parse_length_cm(raw).unwrap_err();
            assert_eq!(e.field, "tests.leg_span_cm", "{raw}");
            assert!(e.message.contains("between 50 and 300 cm"), "{raw}");
        }
        for raw in ["tall", "170 kg"] {
            let e = parse_length_cm(raw).unwrap_err();
            assert_eq!(e.field, "tests.leg_span_cm", "{raw}");
            assert!(e.message.contains("like 170 cm"), "{raw}");
        }
    }

    #[test]
    fn loads_get_units_the_assessment_reads() {
        for (raw, out) in [
            ("150 pounds", "150 lb"),
            ("70 kilos", "70 kg"),
            ("70 Kilograms", "70 kg"),
            ("150 lbs", "150 lbs"),
            ("70", "70"),
            ("bodyweight", "0"),
            (" +10 kg ", "+10 kg"),
        ] {
            assert_eq!(normalise_load(raw), out, "{raw}");
        }
        for (raw, out) in [
            ("bodyweight 70 kg", Some("70 kg")),
            ("70kg", Some("70 kg")),
            ("I weigh 154 lbs", Some("154 lb")),
            ("154 pounds", Some("154 lb")),
            ("I weigh 68,5", Some("68.5")),
            ("my bodyweight is 70", Some("70")),
            ("skip", None),
            ("3 days", None),
        ] {
            assert_eq!(find_bodyweight(raw).as_deref(), out, "{raw}");
        }
    }

    #[test]
    fn goal_grades_in_any_system() {
        for (goal, grade, discipline) in [
            ("7c by June", "7c", Discipline::Route),
            ("my first V5", "V5", Discipline::Boulder),
            ("climb my first V5 this year", "V5", Discipline::Boulder),
            ("6C+ in 3 months", "6C+", Discipline::Boulder),
            ("6c boulder", "6C", Discipline::Boulder),
            ("7a", "7a", Discipline::Route),
            ("7a/7a+ onsight", "7a", Discipline::Route),
            ("5.12a", "5.12a", Discipline::Route),
            ("send 5.11c by fall", "5.11c", Discipline::Route),
            ("UIAA 8-", "UIAA 8-", Discipline::Route),
            (
                "climb VIII- in the Frankenjura",
                "UIAA 8-",
                Discipline::Route,
            ),
            ("ewbank 24", "Ewbank 24", Discipline::Route),
            ("font 5+", "Font 5+", Discipline::Boulder),
            ("from V4 to V6", "V6", Discipline::Boulder),
            ("go from 6b to 6c+ by summer", "6c+", Discipline::Route),
        ] {
            let parts = goal_from_text(goal, today());
            assert_eq!(parts.grade.as_deref(), Some(grade), "{goal}");
            assert_eq!(parts.discipline, Some(discipline), "{goal}");
            // The written grade reads back in its own system in the goal's discipline box.
            let back = Grade::parse_in(grade, discipline).unwrap();
            assert_eq!(back.system.discipline(), discipline, "{goal}");
        }
        let parts = goal_from_text("get stronger", today());
        assert_eq!(parts, GoalParts::default());
        let parts = goal_from_text("get better at bouldering", today());
        assert_eq!(parts.discipline, Some(Discipline::Boulder));
        assert_eq!(parts.grade, None);
        // A span of time is not a YDS grade.
        assert_eq!(
            goal_from_text("climbing for 5.5 years now", today()).grade,
            None
        );
    }

    #[test]
    fn goal_dates() {
        // today is 2026-03-15
        for (goal, date) in [
            ("7c by June", Some(d(2026, 6, 30))),
            ("V5 in June", Some(d(2026, 6, 30))),
            ("7a by February", Some(d(2027, 2, 28))),
            ("7a by march", Some(d(2026, 3, 31))),
            ("6a by May", Some(d(2026, 5, 31))),
            ("june 2027", Some(d(2027, 6, 30))),
            ("by 30 june", Some(d(2026, 6, 30))),
            ("by the 1st of march", Some(d(2027, 3, 1))),
            ("June 20th, 2026", Some(d(2026, 6, 20))),
            ("in 3 months", Some(d(2026, 6, 15))),
            ("V6 in six weeks", Some(d(2026, 4, 26))),
            ("within a month", Some(d(2026, 4, 15))),
            ("in a year", Some(d(2027, 3, 15))),
            ("2 months from now", Some(d(2026, 5, 15))),
            ("by the end of the year", Some(d(2026, 12, 31))),
            ("this year", Some(d(2026, 12, 31))),
            ("next year", Some(d(2027, 12, 31))),
            ("by the end of 2027", Some(d(2027, 12, 31))),
            ("by 2027", Some(d(2027, 12, 31))),
            ("next summer", Some(d(2026, 8, 31))),
            ("by winter", Some(d(2027, 2, 28))),
            ("in the fall", Some(d(2026, 11, 30))),
            ("by christmas", Some(d(2026, 12, 25))),
            ("next month", Some(d(2026, 4, 30))),
            ("7c by 2026-10-01.", Some(d(2026, 10, 1))),
            ("I may try 7a", None),
            ("fall less often", None),
            ("get stronger", None),
            ("climbing for 3 years", None),
        ] {
            assert_eq!(goal_from_text(goal, today()).target_date, date, "{goal}");
        }
    }

    #[test]
    fn equipment_words() {
        use Equipment::*;
        for (text, found, none) in [
            ("hangboard", vec![Hangboard], true),
            ("a campus board", vec![CampusBoard], true),
            ("home wall and weights", vec![Board, Weights], true),
            (
                "gym, fingerboard, dumbbells",
                vec![Gym, Hangboard, Weights],
                true,
            ),
            ("moonboard at the climbing wall", vec![Gym, Board], true),
            ("rings", vec![], true),
            ("gym but no hangboard", vec![Gym], true),
            ("I don't have a campus board", vec![], true),
            ("hello", vec![], false),
            ("nothing", vec![], true),
            ("none", vec![], true),
            ("no equipment", vec![], true),
        ] {
            assert_eq!(find_equipment(text), (found, none), "{text}");
        }
        assert_eq!(parse_equipment("CAMPUS_BOARD"), Some(CampusBoard));
        assert_eq!(parse_equipment("Campus board"), Some(CampusBoard));
        assert_eq!(parse_equipment("home wall"), Some(Board));
        assert_eq!(parse_equipment("rings"), None);
        assert_eq!(parse_equipment("gym and weights"), None);
    }

    #[test]
    fn equipment_replies_with_injuries() {
        use Equipment::*;
        for (text, equipment, injuries) in [
            (
                "hangboard and weights, no injuries",
                Some(vec![Hangboard, Weights]),
                Some(""),
            ),
            (
                "hangboard and a sore left elbow",
                Some(vec![Hangboard]),
                Some("a sore left elbow"),
            ),
            (
                "gym. pain in my elbow and shoulder",
                Some(vec![Gym]),
                Some("pain in my elbow and shoulder"),
            ),
            (
                "no injuries but my A2 pulley hurts sometimes",
                None,
                Some("my A2 pulley hurts sometimes"),
            ),
            ("nothing", Some(vec![]), Some("")),
            ("just the gym", Some(vec![Gym]), None),
            ("injury free", None, Some("")),
            ("I'm healthy", None, None),
            ("rings and a pull-up bar", Some(vec![]), None),
            (
                "campus board, tweaked finger and tendinitis",
                Some(vec![CampusBoard]),
                Some("tweaked finger and tendinitis"),
            ),
        ] {
            let r = read_equipment_reply(text);
            assert_eq!(r.equipment, equipment, "{text}");
            assert_eq!(r.injuries.as_deref(), injuries, "{text}");
        }
    }

    #[test]
    fn schedule_in_one_reply() {
        let ok = |text: &str| {
            let (d, m) = find_schedule(text);
            (d.map(|r| r.unwrap()), m.map(|r| r.unwrap()))
        };
        assert_eq!(ok("3 days a week, 90 min"), (Some(3), Some(90)));
        assert_eq!(ok("twice a week for 2 hours"), (Some(2), Some(120)));
        assert_eq!(ok("3x90min"), (Some(3), Some(90)));
        assert_eq!(ok("3, 90"), (Some(3), Some(90)));
        assert_eq!(ok("4 days, 120"), (Some(4), Some(120)));
        assert_eq!(ok("an hour, 3"), (Some(3), Some(60)));
        assert_eq!(ok("3"), (Some(3), None));
        assert_eq!(ok("90"), (None, Some(90)));
        assert_eq!(ok("hello"), (None, None));
        assert_eq!(ok("1:30"), (None, Some(90)));
        assert_eq!(ok("4 days, 1h30"), (Some(4), Some(90)));
        assert_eq!(ok("5 sessions of 1 h 15"), (Some(5), Some(75)));
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "",
            "-",
            "--1",
            "1-",
            "é5'",
            "9999999999999999999999 days",
            "1e400",
            "½ hour",
            "3/",
            ":",
            "1:",
            "in",
            "in a",
            "every",
            "5'",
            "'",
            "and a half",
            "since",
        ] {
            let _ = parse_days_per_week(text);
            let _ = parse_session_minutes(text);
            let _ = parse_years_on(text, today());
            let _ = parse_length_cm(text);
            let _ = goal_from_text(text, today());
            let _ = read_equipment_reply(text);
            let _ = find_schedule(text);
            let _ = find_bodyweight(text);
        }
    }
}
