//! Values no climber can have done: a negative or zero duration, more than a day, a date in
//! the future, a grade no scale has (V25). They are refused in words and nothing is saved:
//! the coach never saves a changed value in their place.
use serde::Serialize;

use super::{duration_at, is_minute_unit, Msg};
use crate::domain::lexicon::units::is_hour;
use crate::domain::when::{parse_relative_day, Date};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Refusal {
    /// "-30 minutes", "minus 20 min".
    NegativeDuration,
    /// "0 min".
    ZeroDuration,
    /// Longer than a day, in minutes.
    TooLong(u32),
    /// A log for a day after today.
    FutureDate(Date),
    /// A grade no system has ("V25", "5.17a"), as typed.
    NoSuchGrade(String),
    /// An RPE outside 1-10, as typed.
    Rpe(String),
    /// A bodyweight or added weight nobody has, as typed ("7 kg", "+400kg").
    Weight(String),
    /// A 1-5 score out of range: ("energy", "9").
    Score(&'static str, String),
    /// A day the calendar doesn't have ("31st of february").
    NoSuchDate(String),
}

/// Words that ask the coach to put something in the journal.
pub(super) const LOG_COMMANDS: &[&str] = &["log", "add", "record", "save", "track", "enter", "put"];

/// Whether the message reports or asks to log a session (not a plan, not a question).
pub(super) fn log_command(m: &Msg) -> bool {
    let l = m.lead();
    let mut i = l;
    if m.phrase_at(i, &["can|could|would|will", "you"]) {
        i += 2;
    }
    if m.w(i) == "please" {
        i += 1;
    }
    LOG_COMMANDS.contains(&m.w(i))
        || m.phrase_at(l, &["i", "want|need|wanna|would", "to", "log|add|record"])
        || m.phrase_at(l, &["i", "wanna|want", "log|add"])
        || m.phrase_at(l, &["id|i", "like", "to", "log|add|record"])
}

/// "V25", "v 19": a V grade past the top of the scale (V17).
fn impossible_grade(m: &Msg) -> Option<String> {
    for (i, t) in m.toks.iter().enumerate() {
        if t.in_grade || t.w != "v" {
            continue;
        }
        let Some(n) = m.toks.get(i + 1).filter(|n| n.start <= t.end + 1) else {
            continue;
        };
        let minus = m.raw[t.end..n.start].trim() == "-";
        if n.num
            .is_some_and(|v| v.fract() == 0.0 && (v > 17.0 || minus))
        {
            return Some(m.raw[t.start..n.end].to_uppercase().replace(' ', ""));
        }
    }
    // "5.16a", "5.18": past the top of YDS (5.15d).
    let looks_grade = m.has_any(&[
        "sent",
        "send",
        "flashed",
        "onsighted",
        "redpointed",
        "climbed",
        "did",
        "led",
        "route",
        "routes",
        "grade",
        "project",
        "ticked",
    ]);
    for t in &m.toks {
        if let Some(minor) = t.w.strip_prefix("5.").and_then(|s| s.parse::<u32>().ok()) {
            if minor > 15 && minor < 100 && !t.in_grade {
                let end = m.raw[t.end..]
                    .chars()
                    .next()
                    .filter(|c| matches!(c, 'a'..='d' | 'A'..='D'))
                    .map_or(t.end, |c| t.end + c.len_utf8());
                if looks_grade {
                    return Some(m.raw[t.start..end].to_string());
                }
            }
        }
    }
    // "9d", "9A+", "12z": a number and one letter, glued, that no system grades.
    let grade_talk = looks_grade
        || m.has_any(&[
            "french",
            "font",
            "sport",
            "boulder",
            "bouldering",
            "crag",
            "flash",
        ]);
    if grade_talk {
        for (i, t) in m.toks.iter().enumerate() {
            let Some(letter) = m.toks.get(i + 1) else {
                continue;
            };
            let glued = letter.start == t.end
                && letter.w.chars().count() == 1
                && letter.w.chars().all(|c| c.is_ascii_alphabetic())
                && !matches!(letter.w.as_str(), "h" | "m" | "s" | "x" | "k" | "l");
            if t.in_grade
                || letter.in_grade
                || !glued
                || t.num
                    .is_none_or(|v| v.fract() != 0.0 || !(1.0..=99.0).contains(&v))
            {
                continue;
            }
            let mut end = letter.end;
            if let Some(c) = m.raw[end..]
                .chars()
                .next()
                .filter(|c| matches!(c, '+' | '-'))
            {
                end += c.len_utf8();
            }
            let typed = &m.raw[t.start..end];
            if crate::domain::grade::Grade::parse(typed).is_err() {
                return Some(typed.to_string());
            }
        }
    }
    None
}

/// An RPE mention outside 1-10 ("rpe 14", "rpe 0", "rpe 11/10").
fn bad_rpe(m: &Msg) -> Option<String> {
    for i in 0..m.toks.len() {
        if !matches!(m.w(i), "rpe" | "effort" | "exertion") {
            continue;
        }
        let mut j = i + 1;
        while j < i + 4
            && matches!(
                m.w(j),
                "of" | "at" | "was" | "is" | "about" | "around" | "like"
            )
        {
            j += 1;
        }
        let v = m.toks.get(j).filter(|t| !t.in_grade).and_then(|t| t.num)?;
        let negative = m.raw[..m.toks[j].start].trim_end().ends_with('-');
        if negative || !(1.0..=10.0).contains(&v) {
            let sign = if negative { "-" } else { "" };
            return Some(format!("{sign}{}", m.toks[j].w));
        }
        return None;
    }
    None
}

/// A 1-5 score out of range ("energy 9/5", "sleep 7 out of 5").
fn bad_score(m: &Msg) -> Option<(&'static str, String)> {
    for i in 0..m.toks.len() {
        let name = match m.w(i) {
            "energy" => "energy",
            "sleep" => "sleep",
            "mood" => "mood",
            _ => continue,
        };
        let mut j = i + 1;
        while j < i + 3 && matches!(m.w(j), "is" | "was" | "like" | "of" | "at") {
            j += 1;
        }
        let Some(v) = m.toks.get(j).and_then(|t| t.num) else {
            continue;
        };
        let out_of_five = m.w(j + 1) == "/" && m.toks.get(j + 2).and_then(|t| t.num) == Some(5.0)
            || m.phrase_at(j + 1, &["out", "of", "5"]);
        let out_of_ten = m.w(j + 1) == "/" && m.toks.get(j + 2).and_then(|t| t.num) == Some(10.0);
        if (out_of_five && !(1.0..=5.0).contains(&v))
            || (out_of_ten && !(1.0..=10.0).contains(&v))
            || (!out_of_five
                && !out_of_ten
                && v > 10.0
                && !matches!(m.w(j + 1), "h" | "hr" | "hrs" | "hours"))
        {
            return Some((name, m.toks[j].w.clone()));
        }
    }
    None
}

/// "-30 min", "−1h", "minus 20 minutes".
fn negative_duration(m: &Msg) -> bool {
    m.toks.iter().enumerate().any(|(i, t)| {
        if t.num.is_none() {
            return false;
        }
        let unit = m.w(i + 1);
        if !(is_minute_unit(unit) || is_hour(unit)) {
            return false;
        }
        let before = m.raw[..t.start].trim_end_matches(' ');
        let minus = before.ends_with(['-', '−', '–']) && {
            let rest = before.trim_end_matches(['-', '−', '–']);
            !rest.ends_with(|c: char| c.is_alphanumeric())
        };
        minus || (i > 0 && m.w(i - 1) == "minus")
    })
}

/// The first reason this message can't be saved as it stands, if any.
pub(super) fn refusal(m: &Msg, today: Date) -> Option<Refusal> {
    if let Some(g) = impossible_grade(m) {
        return Some(Refusal::NoSuchGrade(g));
    }
    if m.is_question() {
        return None;
    }
    if let Some(r) = bad_rpe(m) {
        return Some(Refusal::Rpe(r));
    }
    if let Some((name, v)) = bad_score(m) {
        return Some(Refusal::Score(name, v));
    }
    if let Some(w) = super::body::impossible_weight(m) {
        return Some(Refusal::Weight(w));
    }
    if let Some(d) = crate::domain::when::impossible_day(&m.corrected) {
        return Some(Refusal::NoSuchDate(d));
    }
    let commanded = log_command(m);
    let past = m.has_any(super::CLIMBING_PAST) || m.has_any(super::GENERAL_PAST);
    let activity = m.activity.is_some();
    if negative_duration(m) && (commanded || past || activity) {
        return Some(Refusal::NegativeDuration);
    }
    let duration = (0..m.toks.len()).find_map(|i| duration_at(m, i).map(|(d, _)| d.round()));
    if let Some(d) = duration.filter(|_| commanded || past || activity) {
        if d < 1.0 {
            return Some(Refusal::ZeroDuration);
        }
        if d > 1440.0 && d < 1e9 {
            return Some(Refusal::TooLong(d as u32));
        }
    }
    let planning = m.has_any(&[
        "will", "ill", "gonna", "plan", "planning", "going", "want", "wanna", "hope", "should",
        "could", "might",
    ]);
    let future_day = m.has("tomorrow")
        || m.has_phrase(&[
            "next",
            "monday|tuesday|wednesday|thursday|friday|saturday|sunday|week",
        ])
        || m.has_phrase(&["in", "a|two|three|2|3|few", "days"]);
    let day = crate::domain::when::future_day(&m.corrected, today)
        .or_else(|| parse_relative_day(&m.corrected, today));
    if (commanded || (past && !planning) || (activity && duration.is_some() && !planning))
        && (future_day || day.is_some_and(|d| d > today))
    {
        let when = day
            .filter(|d| *d > today)
            .unwrap_or_else(|| today.add_days(1));
        return Some(Refusal::FutureDate(when));
    }
    None
}

/// The refusal in words, with what to say instead.
pub fn refusal_words(r: &Refusal) -> String {
    match r {
        Refusal::NegativeDuration => "A session can't last a negative time, so I haven't saved \
            anything. How long was it? For example \"30 min of bouldering\"."
            .into(),
        Refusal::ZeroDuration => "A session can't be 0 minutes long, so I haven't saved \
            anything. For a day off, say \"rest day\"."
            .into(),
        Refusal::TooLong(min) => format!(
            "A session can't be {} h {} min: that's longer than a day, so I haven't saved it. \
             Tell me the real length and I'll log it.",
            min / 60,
            min % 60
        ),
        Refusal::FutureDate(d) => format!(
            "{d} is in the future: I can only log sessions you've already done, so I haven't \
             saved anything. Tell me about it once it's done; to plan ahead, ask for your \
             program."
        ),
        Refusal::Rpe(v) => format!(
            "RPE {v} isn't a valid RPE: it goes from 1 (very easy) to 10 (maximal). I haven't \
             saved anything: tell me again with an RPE from 1 to 10."
        ),
        Refusal::Weight(w) => format!(
            "{w} can't be right for a climber, so I haven't saved it (bodyweight 25-250 kg, \
             added weight up to 150 kg). What did you mean?"
        ),
        Refusal::Score(name, v) => format!(
            "{name} {v} isn't a valid score: sleep, energy and mood go from 1 (bad) to 5 \
             (great). I haven't saved anything: tell me again with a score out of 5."
        ),
        Refusal::NoSuchDate(d) => format!(
            "{d} isn't a day on the calendar, so I haven't saved anything. Which day was it?"
        ),
        Refusal::NoSuchGrade(g) => {
            let top = if g.starts_with(['V', 'v']) {
                "the V scale stops at V17"
            } else if g.starts_with("5.") {
                "YDS stops at 5.15d"
            } else {
                "no grade system goes there"
            };
            format!(
                "{g} isn't a grade: {top}. I haven't saved anything: tell me again with the \
                 grade you meant."
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intent::{recognize, Intent};

    fn today() -> Date {
        Date::new(2026, 11, 25).unwrap()
    }

    fn refused(text: &str) -> Option<Refusal> {
        match recognize(text, today()) {
            Intent::Refuse(r) => Some(r),
            _ => None,
        }
    }

    #[test]
    fn impossible_values_are_refused_not_altered() {
        assert_eq!(
            refused("did -30 minutes of bouldering"),
            Some(Refusal::NegativeDuration)
        );
        assert_eq!(
            refused("log −1h hangboard"),
            Some(Refusal::NegativeDuration)
        );
        assert_eq!(
            refused("bouldered for minus 20 min"),
            Some(Refusal::NegativeDuration)
        );
        assert_eq!(
            refused("log 90 min bouldering tomorrow"),
            Some(Refusal::FutureDate(Date::new(2026, 11, 26).unwrap()))
        );
        assert_eq!(
            refused("add a 2h sport session on 2026-12-20"),
            Some(Refusal::FutureDate(Date::new(2026, 12, 20).unwrap()))
        );
        assert_eq!(
            refused("sent V25 today"),
            Some(Refusal::NoSuchGrade("V25".into()))
        );
        assert_eq!(
            refused("flashed a v19!!"),
            Some(Refusal::NoSuchGrade("V19".into()))
        );
        assert_eq!(
            refused("sent 5.17a at the crag"),
            Some(Refusal::NoSuchGrade("5.17a".into()))
        );
        assert_eq!(
            refused("climbed 30 hours straight"),
            Some(Refusal::TooLong(1800))
        );
        assert_eq!(refused("0 min bouldering"), Some(Refusal::ZeroDuration));
        assert!(refusal_words(&Refusal::NoSuchGrade("V25".into())).contains("V17"));
        assert_eq!(
            refused("90 min bouldering, rpe 14"),
            Some(Refusal::Rpe("14".into()))
        );
        assert_eq!(
            refused("rest day, energy 9/5"),
            Some(Refusal::Score("energy", "9".into()))
        );
        assert_eq!(
            refused("i weigh 7 kg"),
            Some(Refusal::Weight("7 kg".into()))
        );
        assert_eq!(
            refused("I weigh -60 kg"),
            Some(Refusal::Weight("-60 kg".into()))
        );
        assert_eq!(
            refused("sent V-3 and V4 in 60 min"),
            Some(Refusal::NoSuchGrade("V-3".into()))
        );
        assert_eq!(
            refused("2h bouldering, sent a 9A+ flash"),
            Some(Refusal::NoSuchGrade("9A+".into()))
        );
        assert!(matches!(
            refused("log 3 hours bouldering on 31st of february"),
            Some(Refusal::NoSuchDate(_))
        ));
        assert!(matches!(
            refused("log a 60 min hangboard session on dec 20"),
            Some(Refusal::FutureDate(_))
        ));
        assert!(refused("did 60 min hangboard, 7/3 repeaters, bw 65kg").is_none());
        assert!(refused("lost 2kg, now at 66 kg").is_none());
    }

    #[test]
    fn ranges_plans_and_real_logs_are_not_refused() {
        for text in [
            "V4-5 flash, 60 min bouldering",
            "going bouldering tomorrow for 90 min",
            "will do 45 min hangboard tomorrow",
            "sent two V5, 90 min",
            "did 1-2 hours of climbing yesterday",
            "what should I do tomorrow?",
        ] {
            assert!(
                refused(text).is_none(),
                "{text}: {:?}",
                recognize(text, today())
            );
        }
    }
}
