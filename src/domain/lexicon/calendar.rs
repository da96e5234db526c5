//! Calendar words: month, weekday and season names, days of the month ("21st").

/// English weekday names, index = [`crate::domain::when::Date::weekday`] (0 = Monday).
pub const WEEKDAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// English month names, index = month - 1.
pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month (1-12) a full name ("october") or short form ("oct", "sept") names.
pub fn month_of(word: &str) -> Option<u8> {
    if let Some(i) = MONTH_NAMES.iter().position(|m| *m == word) {
        return Some(i as u8 + 1);
    }
    let i = match word {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" | "sept" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(i)
}

/// Whether a month word is also an everyday word and needs a date around it ("by may" but not
/// "I may"; "mar", "dec"): "may" and the short forms.
pub fn month_needs_context(word: &str) -> bool {
    word == "may" || (month_of(word).is_some() && !MONTH_NAMES.contains(&word))
}

/// The weekday (0 = Monday) a word names. Short forms collide with words ("sat", "sun",
/// "wed"), so they count only where the reader says the context is a date (`dated`: after
/// "on", "last", "next" or an activity's time).
pub fn weekday_of(word: &str, dated: bool) -> Option<u8> {
    if let Some(i) = WEEKDAY_NAMES.iter().position(|d| *d == word) {
        return Some(i as u8);
    }
    if !dated {
        return None;
    }
    let i = match word {
        "mon" => 0,
        "tue" | "tues" => 1,
        "wed" | "weds" => 2,
        "thu" | "thur" | "thurs" => 3,
        "fri" => 4,
        "sat" => 5,
        "sun" => 6,
        _ => return None,
    };
    Some(i)
}

/// The first month of a (northern-hemisphere) season: spring 3, summer 6, autumn/fall 9,
/// winter 12.
pub fn season_start(word: &str) -> Option<u8> {
    match word {
        "spring" => Some(3),
        "summer" | "summers" => Some(6),
        "autumn" | "fall" => Some(9),
        "winter" => Some(12),
        _ => None,
    }
}

/// The last month of a season (spring 5, summer 8, autumn 11, winter 2).
pub fn season_end(word: &str) -> Option<u8> {
    season_start(word).map(|m| (m + 1) % 12 + 1)
}

/// An ordinal suffix ("21st", "3rd" split as `21`, `st`).
pub fn is_ordinal_suffix(w: &str) -> bool {
    matches!(w, "st" | "nd" | "rd" | "th")
}

/// A day of the month with an optional ordinal suffix in one word: "21", "21st", "3rd".
pub fn day_of_month(word: &str) -> Option<u8> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if digits.is_empty()
        || digits.len() > 2
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || !(suffix.is_empty() || is_ordinal_suffix(suffix))
    {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(month_of("october"), Some(10));
        assert_eq!(month_of("sept"), Some(9));
        assert_eq!(month_of("octopus"), None);
        assert!(month_needs_context("may") && month_needs_context("dec"));
        assert!(!month_needs_context("june"));
        assert_eq!(weekday_of("saturday", false), Some(5));
        assert_eq!(weekday_of("sat", false), None);
        assert_eq!(weekday_of("sat", true), Some(5));
        assert_eq!(season_end("winter"), Some(2));
        assert_eq!(season_end("spring"), Some(5));
        assert_eq!(season_end("fall"), Some(11));
        assert_eq!(day_of_month("21st"), Some(21));
        assert_eq!(day_of_month("32"), None);
        assert_eq!(day_of_month("5b"), None);
    }
}
