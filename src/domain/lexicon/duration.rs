//! One reader of lengths of time, for the timer ("2m30s", "1:30", "half a minute"), session
//! logs in the coach ("1h30 bouldering", "a couple of hours", "forty five minutes") and
//! onboarding ("an hour and a half", "60-90 min"). What differs between them is in [`Rules`].
use super::numbers::Count;
use super::units::{time_unit, TimeUnit};
use super::Words;
use crate::domain::work::tick;

/// Where a number without a unit after hours or minutes counts as the next smaller unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trailing {
    /// After hours or minutes, only at the end of a phrase (nothing but the end or a symbol
    /// follows): in a timer request "1 min 5 sets" is a minute and five sets, "2 min 30" is
    /// 150 s.
    AtEnd,
    /// Right after hours (not after "and"), digits under 60 not followed by another unit:
    /// "1h30 bouldering", "5 sessions of 1 h 15"; "2 hours and 3 V5s" stays two hours.
    AfterHours,
}

/// What a feature reads as a length of time.
#[derive(Clone, Copy, Debug)]
pub struct Rules {
    /// The smallest unit read: seconds for the timer, minutes for sessions ("hung 10 s" is
    /// not a session's length). Half of a unit counts only when it is at least this.
    pub smallest: TimeUnit,
    /// A number with no unit is a length in the smallest unit (the timer: "7 on 3 off").
    pub bare: bool,
    /// "m" alone is minutes ("2m"); otherwise only after hours ("1h 30m"): in a session log
    /// "15 m" is a route's length.
    pub lone_m: bool,
    pub trailing: Trailing,
}

/// The timer: seconds, bare numbers are seconds.
pub const TIMER: Rules = Rules {
    smallest: TimeUnit::Second,
    bare: true,
    lone_m: true,
    trailing: Trailing::AtEnd,
};

/// A session's length in the coach: minutes and hours, a unit required.
pub const SESSION: Rules = Rules {
    smallest: TimeUnit::Minute,
    bare: false,
    lone_m: false,
    trailing: Trailing::AfterHours,
};

/// A session's length in onboarding answers: as [`SESSION`], and "30 m" is minutes.
pub const ANSWER: Rules = Rules {
    lone_m: true,
    ..SESSION
};

/// A length of time read at a token.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Duration {
    /// Not rounded.
    pub seconds: f64,
    /// Tokens used.
    pub len: usize,
    /// Whether it had a unit or clock notation (a bare number under [`Rules::bare`] has not).
    pub unit: bool,
}

impl Duration {
    pub fn minutes(self) -> f64 {
        self.seconds / 60.0
    }
}

/// A stream that reads counts its own way (onboarding reads "60-90" as 60) uses
/// [`duration_at_with`]; the rest use [`duration_at`].
pub fn duration_at<W: Words + ?Sized>(w: &W, i: usize, rules: &Rules) -> Option<Duration> {
    duration_at_with(w, i, rules, |k| super::numbers::count_at(w, k))
}

/// A length of time starting at token `i`:
/// - a clock time ("1:30", "1:00:00"), as the tokens give it;
/// - "half an hour", "half a minute", "half hour", "a half hour";
/// - "hour and a half" (no count);
/// - a count ("1", "1.5", "forty five", "an", "a couple of") [+ "and a half"] and a unit,
///   then smaller units ("1 hr 15 min", "2m30s", "1 hour and 20 minutes", "1 minute and a
///   half"), then a unit-less number of the next smaller unit as [`Rules::trailing`] says
///   ("1h30" = 90 min);
/// - under [`Rules::bare`], a number alone, in the smallest unit, with `unit: false`.
pub fn duration_at_with<W: Words + ?Sized>(
    w: &W,
    i: usize,
    rules: &Rules,
    count: impl Fn(usize) -> Option<Count>,
) -> Option<Duration> {
    tick(1);
    let found = |seconds: f64, len: usize| {
        Some(Duration {
            seconds,
            len,
            unit: true,
        })
    };
    if let Some(seconds) = w.clock(i) {
        return found(f64::from(seconds), 1);
    }
    let unit_at = |k: usize, after_hours: bool| -> Option<TimeUnit> {
        let word = w.word(k);
        let u = time_unit(word).or_else(|| w.mark(k))?;
        let lone_m_ok = rules.lone_m || after_hours || word != "m";
        (u >= rules.smallest && lone_m_ok).then_some(u)
    };
    let half_of = |u: TimeUnit| (u.seconds() / 2.0 >= rules.smallest.seconds()).then_some(u);
    let and_a_half = |k: usize| {
        w.word(k) == "and" && matches!(w.word(k + 1), "a" | "an") && w.word(k + 2) == "half"
    };
    match w.word(i) {
        "half" => {
            let k = i + 1 + usize::from(matches!(w.word(i + 1), "a" | "an"));
            let u = unit_at(k, false).and_then(half_of)?;
            return found(u.seconds() / 2.0, k + 1 - i);
        }
        "a" if w.word(i + 1) == "half" => {
            let u = unit_at(i + 2, false).and_then(half_of)?;
            return found(u.seconds() / 2.0, 3);
        }
        word if time_unit(word).is_some() && and_a_half(i + 1) => {
            // "hour and a half": the count is left out.
            let u = unit_at(i, false).filter(|u| *u >= TimeUnit::Minute)?;
            return found(u.seconds() * 1.5, 4);
        }
        _ => {}
    }
    let first = count(i)?;
    let mut total = 0.0;
    let mut k = i;
    let mut last_unit: Option<TimeUnit> = None;
    let mut c = first;
    loop {
        tick(1);
        let (value, after) = if and_a_half(k + c.len) {
            (c.value + 0.5, k + c.len + 3)
        } else {
            (c.value, k + c.len)
        };
        let after_hours = last_unit == Some(TimeUnit::Hour);
        match unit_at(after, after_hours) {
            Some(u) if last_unit.is_none_or(|l| u < l) => {
                if c.article && u < TimeUnit::Minute {
                    // "a second" is rarely a length of time.
                    return None;
                }
                total += value * u.seconds();
                last_unit = Some(u);
                k = after + 1;
                // "1 minute and a half"
                if and_a_half(k) {
                    total += u.seconds() / 2.0;
                    k += 3;
                }
                // "1 hour and 20 minutes"
                if w.word(k) == "and" && count(k + 1).is_some_and(|c| !c.article) {
                    k += 1;
                }
            }
            Some(_) => break,
            None => {
                let Some(last) = last_unit else {
                    // No unit at all: a bare number.
                    let bare = rules.bare && !c.article && w.number(i).is_some();
                    return bare.then_some(Duration {
                        seconds: value * rules.smallest.seconds(),
                        len: c.len,
                        unit: false,
                    });
                };
                if trailing_ok(w, k, after, c, last, rules) {
                    total += value * last.smaller().map_or(0.0, TimeUnit::seconds);
                    k = after;
                }
                break;
            }
        }
        match count(k).filter(|c| !c.article) {
            Some(next) => c = next,
            None => break,
        }
    }
    // An "and" that led nowhere is not part of the duration.
    if k > i && w.word(k - 1) == "and" {
        k -= 1;
    }
    found(total, k - i)
}

/// Whether the unit-less count `c` at `k` (ending at `after`) after `last` is the next smaller
/// unit ("1h30").
fn trailing_ok<W: Words + ?Sized>(
    w: &W,
    k: usize,
    after: usize,
    c: Count,
    last: TimeUnit,
    rules: &Rules,
) -> bool {
    if last.smaller().is_none_or(|s| s < rules.smallest) {
        return false;
    }
    let plain = after == k + c.len && !c.article;
    match rules.trailing {
        Trailing::AtEnd => plain && w.word(after).is_empty() && w.number(after).is_none(),
        Trailing::AfterHours => {
            plain
                && last == TimeUnit::Hour
                && k > 0
                && w.word(k - 1) != "and"
                && w.number(k).is_some_and(|v| v.fract() == 0.0 && v < 60.0)
                && !super::units::is_measure(w.word(after))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::lexicon::tokens::tokenize;

    fn read(text: &str, rules: &Rules) -> Option<(f64, usize, bool)> {
        let t = tokenize(text);
        duration_at(t.as_slice(), 0, rules).map(|d| (d.seconds, d.len, d.unit))
    }

    #[test]
    fn one_reader_three_rule_sets() {
        // The timer reads seconds and bare numbers; sessions need minutes or hours.
        assert_eq!(read("90", &TIMER), Some((90.0, 1, false)));
        assert_eq!(read("90", &SESSION), None);
        assert_eq!(read("10 s", &TIMER), Some((10.0, 2, true)));
        assert_eq!(read("10 s", &SESSION), None);
        assert_eq!(read("half a minute", &TIMER), Some((30.0, 3, true)));
        assert_eq!(read("half a minute", &SESSION), None);
        assert_eq!(read("half an hour", &SESSION), Some((1800.0, 3, true)));
        assert_eq!(read("a half hour", &SESSION), Some((1800.0, 3, true)));
        assert_eq!(read("hour and a half", &ANSWER), Some((5400.0, 4, true)));
        // "m" alone is a route's length in a log, minutes in a timer or an answer.
        assert_eq!(read("15 m", &SESSION), None);
        assert_eq!(read("15 m", &ANSWER), Some((900.0, 2, true)));
        assert_eq!(read("1h 30m", &SESSION), Some((5400.0, 4, true)));
        // "1h30": at the end only for the timer, before other words in a log.
        assert_eq!(read("1h30 bouldering", &SESSION), Some((5400.0, 3, true)));
        assert_eq!(read("1h30 bouldering", &TIMER), Some((3600.0, 2, true)));
        assert_eq!(
            read("2 hours and 3 sends", &SESSION),
            Some((7200.0, 2, true))
        );
        assert_eq!(read("2 min 30", &TIMER), Some((150.0, 3, true)));
        assert_eq!(read("a couple of hours", &SESSION), Some((7200.0, 4, true)));
        assert_eq!(
            read("forty five minutes", &SESSION),
            Some((2700.0, 2, true))
        );
        assert_eq!(read("a second", &TIMER), None);
        assert_eq!(read("1:30", &TIMER), Some((90.0, 1, true)));
    }
}
