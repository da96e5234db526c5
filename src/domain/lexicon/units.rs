//! Unit words: time ("s", "min", "h", "hrs", `'` and `"` marks), spans of the calendar (days
//! to decades), masses (kg, lb) and lengths.

/// A unit of time, smallest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TimeUnit {
    Second,
    Minute,
    Hour,
}

impl TimeUnit {
    pub fn seconds(self) -> f64 {
        match self {
            TimeUnit::Second => 1.0,
            TimeUnit::Minute => 60.0,
            TimeUnit::Hour => 3600.0,
        }
    }

    /// The next smaller unit ("1h30": minutes after hours).
    pub fn smaller(self) -> Option<TimeUnit> {
        match self {
            TimeUnit::Second => None,
            TimeUnit::Minute => Some(TimeUnit::Second),
            TimeUnit::Hour => Some(TimeUnit::Minute),
        }
    }
}

pub fn is_second(w: &str) -> bool {
    matches!(w, "s" | "sec" | "secs" | "second" | "seconds")
}

/// Minute words, "m" included (a reader that meets "15 m" routes decides whether a lone "m"
/// counts), and the `'` mark as some tokenizers keep it.
pub fn is_minute(w: &str) -> bool {
    matches!(
        w,
        "m" | "min" | "mins" | "minute" | "minutes" | "mn" | "'" | "’" | "′"
    )
}

pub fn is_hour(w: &str) -> bool {
    matches!(w, "h" | "hr" | "hrs" | "hour" | "hours" | "hs")
}

/// The time unit a word names.
pub fn time_unit(w: &str) -> Option<TimeUnit> {
    if is_second(w) {
        Some(TimeUnit::Second)
    } else if is_minute(w) {
        Some(TimeUnit::Minute)
    } else if is_hour(w) {
        Some(TimeUnit::Hour)
    } else {
        None
    }
}

pub fn is_day(w: &str) -> bool {
    matches!(w, "d" | "day" | "days")
}

pub fn is_week(w: &str) -> bool {
    matches!(w, "w" | "wk" | "wks" | "week" | "weeks")
}

pub fn is_month(w: &str) -> bool {
    matches!(w, "mo" | "mos" | "mth" | "mths" | "month" | "months")
}

pub fn is_year(w: &str) -> bool {
    matches!(w, "y" | "yr" | "yrs" | "year" | "years")
}

pub fn is_decade(w: &str) -> bool {
    matches!(w, "decade" | "decades")
}

/// Kilograms in a pound (exact, by definition).
pub const KG_PER_LB: f64 = 0.453_592_37;

pub fn is_kg(w: &str) -> bool {
    matches!(
        w,
        "kg" | "kgs" | "kilo" | "kilos" | "kilogram" | "kilograms"
    )
}

pub fn is_lb(w: &str) -> bool {
    matches!(w, "lb" | "lbs" | "pound" | "pounds")
}

/// Any unit of measure (time, calendar spans, mass, length, percent): a number followed by
/// one is not a bare number.
pub fn is_measure(w: &str) -> bool {
    time_unit(w).is_some()
        || is_day(w)
        || is_week(w)
        || is_month(w)
        || is_year(w)
        || is_decade(w)
        || is_kg(w)
        || is_lb(w)
        || matches!(
            w,
            "cm" | "mm" | "in" | "inch" | "inches" | "ft" | "feet" | "foot" | "percent"
        )
}
