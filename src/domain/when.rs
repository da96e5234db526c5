//! Calendar dates, reporting periods and relative-day phrases ("yesterday", "on tuesday",
//! "2 days ago"), hand-rolled because `domain` takes no date crate.
//!
//! Dates are proleptic Gregorian, counted from the Unix epoch (1970-01-01 = day 0) with
//! Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms
//! (<https://howardhinnant.github.io/date_algorithms.html>).
use serde::{Deserialize, Serialize};
use std::fmt;

use super::work::tick;

/// A calendar day (no time, no zone). Orders chronologically.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

use super::lexicon::calendar::{day_of_month, month_of};
pub use super::lexicon::calendar::{MONTH_NAMES, WEEKDAY_NAMES};
use super::lexicon::numbers::count_at as read_count;
use super::lexicon::units::{is_day, is_month, is_week, is_year};
use super::lexicon::Words;

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1-12) of `year`; 0 for a month out of range.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// Earliest date [`Period::All`] reaches back to.
    pub const MIN: Date = Date {
        year: 1,
        month: 1,
        day: 1,
    };
    /// Latest date [`Period::All`] reaches forward to.
    pub const MAX: Date = Date {
        year: 9999,
        month: 12,
        day: 31,
    };

    /// A valid date, or `None` (month 13, 30 February, ...).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        (day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    /// The date `days` after 1970-01-01 (negative: before).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097; // [0, 146096]
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
        let mp = (5 * doy + 2) / 153; // [0, 11], March-based
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: year as i32,
            month: month as u8,
            day: day as u8,
        }
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        let m = i64::from(self.month);
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400; // [0, 399]
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
        era * 146_097 + doe - 719_468
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + days)
    }

    /// 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday).
    pub fn weekday(self) -> u8 {
        (self.days_since_epoch() + 3).rem_euclid(7) as u8
    }

    /// The Monday of this date's week (weeks start on Monday).
    pub fn start_of_week(self) -> Date {
        self.add_days(-i64::from(self.weekday()))
    }

    pub fn start_of_month(self) -> Date {
        Date { day: 1, ..self }
    }

    pub fn end_of_month(self) -> Date {
        Date {
            day: days_in_month(self.year, self.month),
            ..self
        }
    }

    /// "2026-11-24" (also "2026-1-5"); `None` if malformed or not a real day.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut parts = s.trim().split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some()
            || y.len() != 4
            || !(1..=2).contains(&m.len())
            || !(1..=2).contains(&d.len())
            || ![y, m, d]
                .iter()
                .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// The most recent `weekday` (0 = Monday) strictly before this date: asking on a
    /// Wednesday for "wednesday" gives the Wednesday a week ago.
    pub fn previous_weekday(self, weekday: u8) -> Date {
        let back = (i64::from(self.weekday()) - i64::from(weekday)).rem_euclid(7);
        self.add_days(if back == 0 { -7 } else { -back })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A span of days a history question asks about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Period {
    Today,
    Yesterday,
    /// The last N days including today ("last 30 days"); 0 is treated as 1.
    LastNDays(u32),
    /// Monday of this week up to today.
    ThisWeek,
    /// Monday to Sunday of the previous week.
    LastWeek,
    /// The 1st of this month up to today.
    ThisMonth,
    /// The whole previous calendar month.
    LastMonth,
    /// Everything: [`Date::MIN`] to [`Date::MAX`].
    All,
    /// A calendar month (1-12), the most recent one that has begun: "in October" asked in
    /// December is this year's, asked in March last year's; the current month ends today.
    Month(u8),
    /// From the 1st of the most recent such month up to today ("since September").
    SinceMonth(u8),
    /// January 1st up to today.
    ThisYear,
    /// Three months from the 1st of `start` (summer = 6: June to August, northern
    /// hemisphere; autumn 9, winter 12, spring 3), the most recent that has begun, ending
    /// today at the latest.
    Season(u8),
    /// The last N calendar months: from the same day N months ago up to today.
    LastNMonths(u32),
    /// The previous calendar year.
    LastYear,
    /// A calendar year.
    Year(i32),
    /// From the 1st of the first month to the end of the second, the most recent such span
    /// ("between october and december").
    Months(u8, u8),
    /// From this day (the most recent such date) up to today ("since christmas").
    SinceDay(u8, u8),
    /// The most recent weekend (Saturday and Sunday) up to today.
    Weekend,
    /// The winter holidays: December 20 to January 2, the most recent that has begun.
    Holidays,
    /// One day ("on tuesday").
    On(Date),
    /// From this day up to today ("since saturday", "since 2 weeks ago").
    Since(Date),
}

impl Period {
    /// Inclusive `(first, last)` day of the period, seen from `today`. Periods that contain
    /// today end on today (nothing can have been logged later); weeks start on Monday.
    pub fn range(self, today: Date) -> (Date, Date) {
        match self {
            Period::Today => (today, today),
            Period::Yesterday => {
                let y = today.add_days(-1);
                (y, y)
            }
            Period::LastNDays(n) => (today.add_days(-(i64::from(n.max(1)) - 1)), today),
            Period::ThisWeek => (today.start_of_week(), today),
            Period::LastWeek => {
                let monday = today.start_of_week().add_days(-7);
                (monday, monday.add_days(6))
            }
            Period::ThisMonth => (today.start_of_month(), today),
            Period::LastMonth => {
                let last = today.start_of_month().add_days(-1);
                (last.start_of_month(), last)
            }
            Period::All => (Date::MIN, Date::MAX),
            Period::Month(m) => {
                let first = recent_first_of(today, m);
                (first, first.end_of_month().min(today))
            }
            Period::SinceMonth(m) => (recent_first_of(today, m), today),
            Period::ThisYear => (Date::new(today.year, 1, 1).unwrap_or(today), today),
            Period::LastNMonths(n) => {
                let total = today.year * 12 + i32::from(today.month) - 1 - n.min(1200) as i32;
                let (y, m) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u8);
                let day = today.day.min(days_in_month(y, m));
                (Date::new(y, m, day).unwrap_or(today), today)
            }
            Period::LastYear => (
                Date::new(today.year - 1, 1, 1).unwrap_or(today),
                Date::new(today.year - 1, 12, 31).unwrap_or(today),
            ),
            Period::Year(y) => (
                Date::new(y, 1, 1).unwrap_or(today),
                Date::new(y, 12, 31).unwrap_or(today).min(today),
            ),
            Period::Months(a, b) => {
                let last = recent_first_of(today, b);
                let year = if a <= b { last.year } else { last.year - 1 };
                let first = Date::new(year, a.clamp(1, 12), 1).unwrap_or(last);
                (first, last.end_of_month().min(today))
            }
            Period::SinceDay(m, d) => {
                let this = Date::new(today.year, m, d);
                let from = match this {
                    Some(x) if x <= today => x,
                    _ => Date::new(today.year - 1, m, d).unwrap_or(today),
                };
                (from, today)
            }
            Period::Weekend => {
                // weekday(): 0 = Monday ... 5 = Saturday, 6 = Sunday.
                let saturday = match today.weekday() {
                    5 => today,
                    6 => today.add_days(-1),
                    wd => today.add_days(-(i64::from(wd) + 2)),
                };
                (saturday, saturday.add_days(1).min(today))
            }
            Period::Holidays => {
                let from = match Date::new(today.year, 12, 20) {
                    Some(x) if x <= today => x,
                    _ => Date::new(today.year - 1, 12, 20).unwrap_or(today),
                };
                (from, from.add_days(13).min(today))
            }
            Period::On(d) => (d, d),
            Period::Since(d) => (d.min(today), today),
            Period::Season(m) => {
                let first = recent_first_of(today, m);
                let last = first
                    .end_of_month()
                    .add_days(1)
                    .end_of_month()
                    .add_days(1)
                    .end_of_month();
                (first, last.min(today))
            }
        }
    }

    /// How the period reads in an answer, when its dates alone would not say it.
    pub fn note(self) -> Option<&'static str> {
        match self {
            Period::Season(6) => Some("summer (June to August, northern hemisphere)"),
            Period::Season(9) => Some("autumn (September to November, northern hemisphere)"),
            Period::Season(12) => Some("winter (December to February, northern hemisphere)"),
            Period::Season(3) => Some("spring (March to May, northern hemisphere)"),
            _ => None,
        }
    }

    /// The first period phrase in free text, if any:
    /// "today"; "yesterday" / "last night"; "this week"; "last week" / "previous week";
    /// "past week" (= last 7 days); "this month"; "last month" / "previous month";
    /// "past month" (= last 30 days); "last|past N days|weeks|months" (weeks = 7 days,
    /// months = calendar months); "past year" (= 365 days), "last year" (the previous
    /// calendar year), "in 2026"; "last fortnight"; "recently" / "lately" (= 30 days);
    /// "between|from october and|to december"; "since christmas", "since new year", "since
    /// the start of december"; "(over) the weekend"; "over the holidays";
    /// "ever" / "all time" / "overall" / "in total" / "so far" → [`Period::All`];
    /// "this year" / "ytd" → [`Period::ThisYear`]; "in|during|over October", "october" →
    /// [`Period::Month`]; "since|from September" → [`Period::SinceMonth`]; "summer",
    /// "winter", "the|this|last|in|over autumn|fall|spring" → [`Period::Season`].
    pub fn find(text: &str) -> Option<Period> {
        let w = words(text);
        for i in 0..w.len() {
            tick(1);
            let cur = w[i].0.as_str();
            let next = w.get(i + 1).map(|x| x.0.as_str()).unwrap_or("");
            let found = match (cur, next) {
                ("today", _) => Some(Period::Today),
                ("yesterday" | "yday" | "yest", _) => Some(Period::Yesterday),
                ("last", "night") => Some(Period::Yesterday),
                ("this", u) if is_week(u) => Some(Period::ThisWeek),
                ("this", u) if is_month(u) => Some(Period::ThisMonth),
                ("last" | "previous", u) if is_week(u) => Some(Period::LastWeek),
                ("last" | "previous", u) if is_month(u) => Some(Period::LastMonth),
                ("past", u) if is_week(u) => Some(Period::LastNDays(7)),
                ("past", u) if is_month(u) => Some(Period::LastNDays(30)),
                ("last" | "previous", u) if is_year(u) => Some(Period::LastYear),
                ("past", u) if is_year(u) => Some(Period::LastNDays(365)),
                ("last" | "past", "fortnight") => Some(Period::LastNDays(14)),
                ("between" | "from", a) if month_of(a).is_some() => {
                    let b = w.get(i + 3).map(|x| x.0.as_str()).unwrap_or("");
                    let joined = w.get(i + 2).is_some_and(|x| {
                        matches!(x.0.as_str(), "and" | "to" | "till" | "until" | "through")
                    });
                    let onwards = cur == "from"
                        && w.get(i + 2)
                            .is_some_and(|x| matches!(x.0.as_str(), "on" | "onwards" | "onward"));
                    match (month_of(a), month_of(b), joined) {
                        (Some(a), Some(b), true) => Some(Period::Months(a, b)),
                        // "sessions from october": that month; "from october on": since.
                        (Some(a), _, _) if cur == "from" && !onwards => Some(Period::Month(a)),
                        (Some(a), _, _) => Some(Period::SinceMonth(a)),
                        _ => None,
                    }
                }
                ("since", "christmas" | "xmas") => Some(Period::SinceDay(12, 25)),
                ("since", "new")
                    if w.get(i + 2)
                        .is_some_and(|x| matches!(x.0.as_str(), "year" | "years")) =>
                {
                    Some(Period::ThisYear)
                }
                ("since", "the")
                    if w.get(i + 2)
                        .is_some_and(|x| x.0 == "start" || x.0 == "beginning") =>
                {
                    w.get(i + 4)
                        .and_then(|x| month_of(&x.0))
                        .map(Period::SinceMonth)
                }
                ("weekend", _)
                    if i > 0 && matches!(w[i - 1].0.as_str(), "the" | "this" | "last") =>
                {
                    Some(Period::Weekend)
                }
                ("holidays" | "christmas" | "xmas", _)
                    if i > 0
                        && matches!(
                            w[i - 1].0.as_str(),
                            "the" | "over" | "at" | "during" | "this" | "last"
                        ) =>
                {
                    Some(Period::Holidays)
                }
                ("in" | "during" | "for", y)
                    if y.len() == 4 && y.starts_with("20") && y.parse::<i32>().is_ok() =>
                {
                    y.parse().ok().map(Period::Year)
                }
                ("last" | "past" | "previous", _) => count_at(&w, i + 1).and_then(|(n, k)| {
                    let unit = w.get(i + 1 + k).map(|x| x.0.as_str()).unwrap_or("");
                    if is_day(unit) {
                        Some(Period::LastNDays(n))
                    } else if is_week(unit) {
                        Some(Period::LastNDays(n.saturating_mul(7)))
                    } else if is_month(unit) {
                        Some(Period::LastNMonths(n))
                    } else {
                        None
                    }
                }),
                ("recently" | "lately" | "recent", _) => Some(Period::LastNDays(30)),
                ("ever" | "overall" | "alltime", _) => Some(Period::All),
                ("all", "time") => Some(Period::All),
                ("in", "total") => Some(Period::All),
                ("so", "far") => Some(Period::All),
                ("this", "year") => Some(Period::ThisYear),
                ("ytd", _) => Some(Period::ThisYear),
                ("since" | "from", m) if month_of(m).is_some() => {
                    month_of(m).map(Period::SinceMonth)
                }
                ("in" | "during" | "for" | "of" | "over" | "through" | "throughout", m)
                    if month_of(m).is_some()
                        && (m != "may"
                            || i == 0
                            || !matches!(w.get(i - 1).map(|x| x.0.as_str()), Some("i"))) =>
                {
                    month_of(m).map(Period::Month)
                }
                ("summer" | "summers", _) => Some(Period::Season(6)),
                ("autumn" | "fall", _)
                    if i > 0
                        && matches!(
                            w[i - 1].0.as_str(),
                            "the" | "this" | "last" | "in" | "over"
                        ) =>
                {
                    Some(Period::Season(9))
                }
                ("winter", _) => Some(Period::Season(12)),
                ("spring", _)
                    if i > 0
                        && matches!(
                            w[i - 1].0.as_str(),
                            "the" | "this" | "last" | "in" | "over"
                        ) =>
                {
                    Some(Period::Season(3))
                }
                (m, _)
                    if month_of(m).is_some()
                        && m.len() > 3
                        && m != "march"
                        && m != "may"
                        && (i == 0 || !w[i - 1].0.bytes().all(|b| b.is_ascii_digit()))
                        && w.get(i + 1).is_none_or(|x| day_of_month(&x.0).is_none()) =>
                {
                    month_of(m).map(Period::Month)
                }
                _ => None,
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }
}

/// The 1st of `month` in the most recent year where that day is not after `today`.
fn recent_first_of(today: Date, month: u8) -> Date {
    let month = month.clamp(1, 12);
    let year = if month <= today.month {
        today.year
    } else {
        today.year - 1
    };
    Date::new(year, month, 1).unwrap_or(today)
}

/// Lowercased alphanumeric words with their byte offsets, from the shared lexicon's
/// [`alnum_words`](crate::domain::lexicon::tokens::alnum_words).
fn words(text: &str) -> Vec<(String, usize)> {
    crate::domain::lexicon::tokens::alnum_words(text)
}

/// The words of a message as the shared readers walk them.
struct WordList<'a>(&'a [(String, usize)]);

impl Words for WordList<'_> {
    fn word(&self, i: usize) -> &str {
        self.0.get(i).map_or("", |x| x.0.as_str())
    }

    fn number(&self, i: usize) -> Option<f64> {
        let w = self.word(i);
        (!w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse().ok())
            .flatten()
    }
}

/// A whole count at word `i` (see [`crate::domain::lexicon::numbers::count_at`]): the count
/// and how many words it used.
fn count_at(w: &[(String, usize)], i: usize) -> Option<(u32, usize)> {
    let c = read_count(&WordList(w), i)?;
    (c.value.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&c.value))
        .then_some((c.value as u32, c.len))
}

/// The weekday a word names. Full names always; short forms collide with words ("sat on the
/// wall", "in the sun", "we wed"), so they count after "on", "last", "this", "next", before a
/// time of day ("sat morning"), or where neither word around them makes them a verb or a noun
/// ("bouldering sat, sent 3 V4s", "sat: 2h at the crag").
fn weekday_of(word: &str, prev: &str, next: &str) -> Option<u8> {
    const LEADS: &[&str] = &["on", "last", "this", "next", "past", "since"];
    const TIMES: &[&str] = &[
        "morning",
        "morn",
        "afternoon",
        "arvo",
        "evening",
        "night",
        "am",
        "pm",
        "session",
        "sesh",
    ];
    const NOT_AFTER: &[&str] = &[
        "i",
        "we",
        "you",
        "they",
        "he",
        "she",
        "it",
        "who",
        "just",
        "had",
        "have",
        "has",
        "was",
        "were",
        "been",
        "the",
        "a",
        "an",
        "in",
        "and",
        "then",
        "also",
        "still",
        "everyone",
        "partner",
        "mostly",
        "basically",
        "only",
        "never",
        "always",
        "c",
    ];
    const NOT_BEFORE: &[&str] = &[
        "on", "in", "down", "out", "around", "there", "at", "with", "for", "by", "up", "back",
        "still", "through", "about", "here", "under", "beside", "next", "is", "was", "shining",
        "came", "went", "set", "rose", "burn", "burned", "cream", "hat", "glasses", "idle",
        "between", "belaying", "watching", "resting", "and", "or",
    ];
    let dated = LEADS.contains(&prev)
        || TIMES.contains(&next)
        || (!NOT_AFTER.contains(&prev) && !NOT_BEFORE.contains(&next));
    super::lexicon::calendar::weekday_of(word, dated)
}

/// The first ISO date ("2026-11-20") in `text` and its byte offset.
fn find_iso(text: &str) -> Option<(usize, Date)> {
    let b = text.as_bytes();
    let mut i = 0;
    while i + 8 <= b.len() {
        tick(1);
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_digit()) {
            let mut j = i;
            while j < b.len() && (b[j].is_ascii_digit() || b[j] == b'-') {
                tick(1);
                j += 1;
            }
            if let Some(d) = Date::parse_iso(&text[i..j]) {
                return Some((i, d));
            }
            i = j;
        } else {
            i += 1;
        }
    }
    None
}

/// The day a session happened, from the first day phrase in `text` (earliest in the text
/// wins), or `None` when there is none:
/// - "today", "tonight", "this morning|afternoon|evening|lunchtime", "earlier" → today;
/// - "yesterday" ("yday", "yest"), "last night" → yesterday; "the day before yesterday" → 2 days ago;
/// - "N days ago", "two days ago", "a couple of days ago" (2), "a few days ago" (3),
///   "a week ago", "N weeks ago";
/// - a weekday, "on tuesday", "last tuesday" → the most recent such day strictly before
///   today (on a Wednesday, "wednesday" is 7 days ago); short forms ("tue", "sat") only
///   after "on" or "last";
/// - "21 november", "21st of nov", "november 21" → that day this year, or last year if it
///   would be in the future;
/// - an ISO date, "2026-11-20".
pub fn parse_relative_day(text: &str, today: Date) -> Option<Date> {
    let w = words(text);
    let get = |k: usize| w.get(k).map(|x| x.0.as_str()).unwrap_or("");
    let mut found: Option<(usize, Date)> = None;
    for i in 0..w.len() {
        tick(1);
        let prev = if i == 0 { "" } else { get(i - 1) };
        let d = match (get(i), get(i + 1)) {
            ("today" | "tonight", _) => Some(today),
            ("earlier", "today") => Some(today),
            ("this", "morning" | "afternoon" | "evening" | "lunchtime") => Some(today),
            ("day", "before") if get(i + 2) == "yesterday" => Some(today.add_days(-2)),
            ("yesterday" | "yday" | "yest", _) => Some(today.add_days(-1)),
            ("last", "night") => Some(today.add_days(-1)),
            (word, _) => {
                if let Some(wd) = weekday_of(word, prev, get(i + 1)) {
                    Some(today.previous_weekday(wd))
                } else if let Some((n, k)) = count_at(&w, i) {
                    match (get(i + k), get(i + k + 1)) {
                        ("day" | "days", "ago") => Some(today.add_days(-i64::from(n))),
                        ("week" | "weeks", "ago") => Some(today.add_days(-7 * i64::from(n))),
                        _ => None,
                    }
                } else {
                    None
                }
            }
        };
        let d = d.or_else(|| month_day_at(&w, i, today));
        if let Some(d) = d {
            found = Some((w[i].1, d));
            break;
        }
    }
    match (found, find_iso(text)) {
        (Some((wi, wd)), Some((ii, id))) => Some(if ii < wi { id } else { wd }),
        (a, b) => a.or(b).map(|(_, d)| d),
    }
}

/// A day after `today` the text names, if any: "tomorrow", "the day after tomorrow", "next
/// monday", "in 3 days", a date later this year within 60 days ("jan 20" on Jan 15), or a
/// later ISO date. Used to refuse logs of sessions that haven't happened.
pub fn future_day(text: &str, today: Date) -> Option<Date> {
    let w = words(text);
    let get = |k: usize| w.get(k).map(|x| x.0.as_str()).unwrap_or("");
    for i in 0..w.len() {
        tick(1);
        let d = match (get(i), get(i + 1)) {
            ("after", "tomorrow") => Some(today.add_days(2)),
            ("tomorrow" | "tmrw" | "tmr" | "tomoz", _) if get(i.wrapping_sub(1)) != "after" => {
                Some(today.add_days(1))
            }
            ("next", day) => weekday_of(day, "on", "").map(|wd| {
                let ahead = (i64::from(wd) - i64::from(today.weekday())).rem_euclid(7);
                today.add_days(if ahead == 0 { 7 } else { ahead })
            }),
            ("in", _) => count_at(&w, i + 1).and_then(|(n, k)| {
                matches!(get(i + 1 + k), "day" | "days").then(|| today.add_days(i64::from(n)))
            }),
            _ => {
                month_day_this_year(&w, i, today).filter(|d| *d > today && *d <= today.add_days(60))
            }
        };
        if d.is_some() {
            return d;
        }
    }
    find_iso(text).map(|(_, d)| d).filter(|d| *d > today)
}

/// "31st of february", "feb 30": a day and month the calendar doesn't have, as "31 february".
pub fn impossible_day(text: &str) -> Option<String> {
    let w = words(text);
    let get = |k: usize| w.get(k).map(|x| x.0.as_str()).unwrap_or("");
    for i in 0..w.len() {
        tick(1);
        let (month, day) = if let Some(day) = day_of_month(get(i)) {
            let k = if get(i + 1) == "of" { i + 2 } else { i + 1 };
            match month_of(get(k)) {
                Some(m) => (m, day),
                None => continue,
            }
        } else if let (Some(m), Some(day)) = (month_of(get(i)), day_of_month(get(i + 1))) {
            (m, day)
        } else {
            continue;
        };
        // 2024 is a leap year: "29 february" exists.
        if Date::new(2024, month, day).is_none() {
            return Some(format!("{day} {}", MONTH_NAMES[usize::from(month - 1)]));
        }
    }
    None
}

/// The day and month at word `i` in `today`'s year (not moved to last year).
fn month_day_this_year(w: &[(String, usize)], i: usize, today: Date) -> Option<Date> {
    let get = |k: usize| w.get(k).map(|x| x.0.as_str()).unwrap_or("");
    let (month, day) = if let Some(day) = day_of_month(get(i)) {
        let k = if get(i + 1) == "of" { i + 2 } else { i + 1 };
        (month_of(get(k))?, day)
    } else {
        (month_of(get(i))?, day_of_month(get(i + 1))?)
    };
    Date::new(today.year, month, day)
}

/// "21 november", "21st of nov", "november 21", "nov 21st" starting at word `i`.
fn month_day_at(w: &[(String, usize)], i: usize, today: Date) -> Option<Date> {
    let get = |k: usize| w.get(k).map(|x| x.0.as_str()).unwrap_or("");
    let (month, day) = if let Some(day) = day_of_month(get(i)) {
        let k = if get(i + 1) == "of" { i + 2 } else { i + 1 };
        (month_of(get(k))?, day)
    } else {
        (month_of(get(i))?, day_of_month(get(i + 1))?)
    };
    let this_year = Date::new(today.year, month, day)?;
    if this_year <= today {
        Some(this_year)
    } else {
        Date::new(today.year - 1, month, day)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn months_years_and_seasons_are_periods() {
        let today = Date::new(2026, 12, 4).unwrap();
        let range = |t: &str| {
            Period::find(t).map(|p| {
                let (a, b) = p.range(today);
                (a.to_string(), b.to_string())
            })
        };
        let r = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(
            range("how much did I train in october"),
            r("2026-10-01", "2026-10-31")
        );
        assert_eq!(
            range("how much did i climb in Oct?"),
            r("2026-10-01", "2026-10-31")
        );
        assert_eq!(range("sessions in december"), r("2026-12-01", "2026-12-04"));
        assert_eq!(
            range("what did I send in february"),
            r("2026-02-01", "2026-02-28")
        );
        assert_eq!(range("my load last month"), r("2026-11-01", "2026-11-30"));
        assert_eq!(
            range("how many sessions this year"),
            r("2026-01-01", "2026-12-04")
        );
        assert_eq!(
            range("everything since September"),
            r("2026-09-01", "2026-12-04")
        );
        assert_eq!(
            range("over the last 3 weeks"),
            r("2026-11-14", "2026-12-04")
        );
        assert_eq!(
            range("what did I do over the summer"),
            r("2026-06-01", "2026-08-31")
        );
        assert_eq!(range("this winter"), r("2026-12-01", "2026-12-04"));
        assert_eq!(
            Period::find("over the summer").and_then(Period::note),
            Some("summer (June to August, northern hemisphere)")
        );
        let spring = Date::new(2027, 3, 10).unwrap();
        assert_eq!(Period::Month(10).range(spring).0.to_string(), "2026-10-01");
        assert_eq!(Period::Season(6).range(spring).1.to_string(), "2026-08-31");
        // Verbs and dates are not months.
        assert_eq!(Period::find("I may climb"), None);
        assert_eq!(Period::find("on 21 november"), None);
    }

    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    /// 2026-11-25, a Wednesday.
    fn today() -> Date {
        d(2026, 11, 25)
    }

    #[test]
    fn epoch_round_trip_1900_to_2100() {
        let start = d(1900, 1, 1).days_since_epoch();
        let end = d(2100, 12, 31).days_since_epoch();
        assert_eq!(start, -25_567);
        assert_eq!(end, 47_846);
        let mut expect = d(1900, 1, 1);
        for n in start..=end {
            let date = Date::from_days_since_epoch(n);
            assert_eq!(date, expect, "day {n}");
            assert_eq!(date.days_since_epoch(), n);
            // Walk the calendar by hand to check from_days_since_epoch independently.
            expect = if expect.day < days_in_month(expect.year, expect.month) {
                Date {
                    day: expect.day + 1,
                    ..expect
                }
            } else if expect.month < 12 {
                d(expect.year, expect.month + 1, 1)
            } else {
                d(expect.year + 1, 1, 1)
            };
        }
    }

    #[test]
    fn known_epoch_days() {
        assert_eq!(d(1970, 1, 1).days_since_epoch(), 0);
        assert_eq!(Date::from_days_since_epoch(0), d(1970, 1, 1));
        assert_eq!(d(2000, 3, 1).days_since_epoch(), 11_017);
        assert_eq!(d(2026, 11, 25).days_since_epoch(), 20_782);
        assert_eq!(Date::from_days_since_epoch(-1), d(1969, 12, 31));
    }

    #[test]
    fn leap_years_and_validation() {
        assert!(is_leap_year(2000));
        assert!(!is_leap_year(1900));
        assert!(is_leap_year(2024));
        assert!(!is_leap_year(2026));
        assert_eq!(Date::new(2024, 2, 29), Some(d(2024, 2, 29)));
        assert_eq!(Date::new(2026, 2, 29), None);
        assert_eq!(Date::new(1900, 2, 29), None);
        assert_eq!(Date::new(2026, 13, 1), None);
        assert_eq!(Date::new(2026, 4, 31), None);
        assert_eq!(Date::new(2026, 4, 0), None);
    }

    #[test]
    fn weekdays() {
        assert_eq!(d(1970, 1, 1).weekday(), 3); // Thursday
        assert_eq!(d(2026, 11, 25).weekday(), 2); // Wednesday
        assert_eq!(d(2026, 11, 23).weekday(), 0); // Monday
        assert_eq!(d(2026, 11, 29).weekday(), 6); // Sunday
        assert_eq!(d(2000, 1, 1).weekday(), 5); // Saturday
        assert_eq!(d(1900, 1, 1).weekday(), 0); // Monday
        assert_eq!(d(2100, 12, 31).weekday(), 4); // Friday
    }

    #[test]
    fn add_days_crosses_boundaries() {
        assert_eq!(d(2026, 12, 31).add_days(1), d(2027, 1, 1));
        assert_eq!(d(2027, 1, 1).add_days(-1), d(2026, 12, 31));
        assert_eq!(d(2024, 2, 28).add_days(1), d(2024, 2, 29));
        assert_eq!(d(2026, 2, 28).add_days(1), d(2026, 3, 1));
        assert_eq!(d(2026, 11, 25).add_days(-365), d(2025, 11, 25));
    }

    #[test]
    fn iso_parse_and_display() {
        assert_eq!(Date::parse_iso("2026-11-24"), Some(d(2026, 11, 24)));
        assert_eq!(Date::parse_iso(" 2026-1-5 "), Some(d(2026, 1, 5)));
        assert_eq!(Date::parse_iso("2026-02-30"), None);
        assert_eq!(Date::parse_iso("26-11-24"), None);
        assert_eq!(Date::parse_iso("2026/11/24"), None);
        assert_eq!(Date::parse_iso("2026-11-24-1"), None);
        assert_eq!(Date::parse_iso("2026-aa-24"), None);
        assert_eq!(d(2026, 1, 5).to_string(), "2026-01-05");
        assert_eq!(d(33, 12, 1).to_string(), "0033-12-01");
    }

    #[test]
    fn ordering_is_chronological() {
        assert!(d(2026, 1, 31) < d(2026, 2, 1));
        assert!(d(2025, 12, 31) < d(2026, 1, 1));
        assert!(d(2026, 11, 25) > d(2026, 11, 24));
    }

    #[test]
    fn period_ranges() {
        let t = today();
        assert_eq!(Period::Today.range(t), (t, t));
        assert_eq!(
            Period::Yesterday.range(t),
            (d(2026, 11, 24), d(2026, 11, 24))
        );
        assert_eq!(Period::LastNDays(30).range(t), (d(2026, 10, 27), t));
        assert_eq!(Period::LastNDays(1).range(t), (t, t));
        assert_eq!(Period::LastNDays(0).range(t), (t, t));
        assert_eq!(Period::ThisWeek.range(t), (d(2026, 11, 23), t));
        assert_eq!(
            Period::LastWeek.range(t),
            (d(2026, 11, 16), d(2026, 11, 22))
        );
        assert_eq!(Period::ThisMonth.range(t), (d(2026, 11, 1), t));
        assert_eq!(
            Period::LastMonth.range(t),
            (d(2026, 10, 1), d(2026, 10, 31))
        );
        assert_eq!(Period::All.range(t), (Date::MIN, Date::MAX));
    }

    #[test]
    fn period_ranges_across_month_and_year_boundaries() {
        // Thursday 1 January 2026: the week began in 2025.
        let ny = d(2026, 1, 1);
        assert_eq!(Period::ThisWeek.range(ny), (d(2025, 12, 29), ny));
        assert_eq!(
            Period::LastWeek.range(ny),
            (d(2025, 12, 22), d(2025, 12, 28))
        );
        assert_eq!(
            Period::LastMonth.range(ny),
            (d(2025, 12, 1), d(2025, 12, 31))
        );
        assert_eq!(
            Period::Yesterday.range(ny),
            (d(2025, 12, 31), d(2025, 12, 31))
        );
        assert_eq!(Period::LastNDays(7).range(ny), (d(2025, 12, 26), ny));
        // March in a leap year: last month is a 29-day February.
        let m = d(2024, 3, 15);
        assert_eq!(Period::LastMonth.range(m), (d(2024, 2, 1), d(2024, 2, 29)));
        assert_eq!(
            Period::LastMonth.range(d(2026, 3, 1)),
            (d(2026, 2, 1), d(2026, 2, 28))
        );
        // A Monday: this week is just today.
        let mon = d(2026, 11, 23);
        assert_eq!(Period::ThisWeek.range(mon), (mon, mon));
        // A Sunday: this week started six days ago.
        let sun = d(2026, 11, 29);
        assert_eq!(Period::ThisWeek.range(sun), (d(2026, 11, 23), sun));
    }

    #[test]
    fn period_find() {
        let cases: [(&str, Option<Period>); 19] = [
            ("what did I do last week?", Some(Period::LastWeek)),
            // The lexicon's abbreviations of the units.
            ("what did i send last wk?", Some(Period::LastWeek)),
            ("over the last 2 wks", Some(Period::LastNDays(14))),
            ("past 3 mths", Some(Period::LastNMonths(3))),
            ("how many V5s this month?", Some(Period::ThisMonth)),
            (
                "sessions from the last 30 days",
                Some(Period::LastNDays(30)),
            ),
            ("past two weeks", Some(Period::LastNDays(14))),
            ("in the last 3 months", Some(Period::LastNMonths(3))),
            ("this week so far", Some(Period::ThisWeek)),
            ("last month", Some(Period::LastMonth)),
            ("the past week", Some(Period::LastNDays(7))),
            ("the past month", Some(Period::LastNDays(30))),
            ("today", Some(Period::Today)),
            ("yesterday's session", Some(Period::Yesterday)),
            ("what have I sent recently", Some(Period::LastNDays(30))),
            ("all time best", Some(Period::All)),
            ("how many sessions in total", Some(Period::All)),
            ("past year", Some(Period::LastNDays(365))),
            ("what did I do", None),
        ];
        for (text, want) in cases {
            assert_eq!(Period::find(text), want, "{text}");
        }
    }

    #[test]
    fn relative_days() {
        let t = today();
        let cases: [(&str, Option<Date>); 24] = [
            ("today", Some(t)),
            ("this morning I did hangs", Some(t)),
            ("tonight", Some(t)),
            ("yesterday", Some(d(2026, 11, 24))),
            ("Yesterday's session", Some(d(2026, 11, 24))),
            ("last night at the gym", Some(d(2026, 11, 24))),
            ("the day before yesterday", Some(d(2026, 11, 23))),
            ("2 days ago", Some(d(2026, 11, 23))),
            ("two days ago", Some(d(2026, 11, 23))),
            ("a couple of days ago", Some(d(2026, 11, 23))),
            ("a few days ago", Some(d(2026, 11, 22))),
            ("a week ago", Some(d(2026, 11, 18))),
            ("3 weeks ago", Some(d(2026, 11, 4))),
            ("on tuesday", Some(d(2026, 11, 24))),
            ("Monday", Some(d(2026, 11, 23))),
            ("on saturday", Some(d(2026, 11, 21))),
            ("last sunday", Some(d(2026, 11, 22))),
            ("on wednesday", Some(d(2026, 11, 18))),
            ("on thursday", Some(d(2026, 11, 19))),
            ("on sat", Some(d(2026, 11, 21))),
            ("I sat down", None),
            ("2026-11-20 board session", Some(d(2026, 11, 20))),
            ("21st of november", Some(d(2026, 11, 21))),
            ("dec 3", Some(d(2025, 12, 3))),
        ];
        for (text, want) in cases {
            assert_eq!(parse_relative_day(text, t), want, "{text}");
        }
        assert_eq!(parse_relative_day("no day here, 90 min", t), None);
        // The earliest phrase wins.
        assert_eq!(
            parse_relative_day("2026-11-01, not yesterday", t),
            Some(d(2026, 11, 1))
        );
        assert_eq!(
            parse_relative_day("yesterday, not 2026-11-01", t),
            Some(d(2026, 11, 24))
        );
    }

    #[test]
    fn previous_weekday_excludes_today() {
        let t = today();
        assert_eq!(t.previous_weekday(2), d(2026, 11, 18));
        assert_eq!(t.previous_weekday(1), d(2026, 11, 24));
        assert_eq!(t.previous_weekday(3), d(2026, 11, 19));
    }
}
