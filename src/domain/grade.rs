//! Climbing grades as climbers type them ("v5", "6C+", "5.10 a", "VII+", "7a/7a+"), parsed
//! into a system and a normalized label, and converted between systems through the IRCRA
//! reporting scale ([`Grade::ircra`], [`Grade::to_system`], [`format_in`]; see "Conversion"
//! below). British trad grades convert only roughly, in [`british`].
//!
//! Normalized labels: V "V5" / "VB" / "V0-"; Font "6C+" (upper-case letter), "5+";
//! YDS "5.11c" / "5.9+"; French "7a+" (lower-case letter), "5+"; UIAA in arabic numerals
//! "7+" (roman "VII+" is accepted); Ewbank "24".
//!
//! Rules for ambiguous input (see [`Grade::parse_in`]):
//! - `f`/`fb`/`font` prefix, or an upper-case letter ("6C+"), means Font. A lower-case letter
//!   grade ("6c+") is French, unless the discipline is bouldering, then it is Font.
//! - A slash or range ("7a/7a+", "6c/+", "V4/5", "V4-5", "5.10a/b") is read as the lower
//!   grade: the climber gets the conservative reading.
//! - Bare numbers (only in [`Grade::parse`], never in free text): "1"-"5" and "4+"/"5+" are
//!   French (Font when bouldering, for 3-5); "6"-"9" and anything with "+"/"-" up to 12 is
//!   UIAA; "10"-"39" is Ewbank. A "uiaa"/"ewbank" prefix forces the system.
//!
//! # Conversion
//!
//! Every grade maps to a number on the IRCRA reporting scale ([`Ircra`], [`IRCRA_TABLE`]);
//! code computes with that number and displays it in the climber's system. The table has
//! split cells ("V8/9", "6A/6A+", "VI-/VI", "16/18") and grades listed in several rows (Font
//! 3 in rows 10 and 11), so one rule decides, the same rule the parser applies to what
//! climbers type:
//!
//! 1. **A slash reads as its lower grade**, in the table as in the climber's text ("7a/7a+"
//!    is 7a). So every cell names one grade, and a grade's value is the lowest row whose
//!    cell names it: "V8/9" (row 23) names V8, already row 22, so V8 = 22; "V9/10" (row 24)
//!    names V9, so V9 = 24; Font 3 = 10; UIAA "VII/VII+" (row 14) names VII = 13.
//! 2. **A grade no cell names sits midway between its neighbours** in its own system (the
//!    upper side of a split cell, or a number the table skips): Font 6A+ = (16 + 17) / 2 =
//!    16.5, 6C+ = 19.5, 7C+ = (24 + 26) / 2 = 25; UIAA VI = 10.5, VII- = 12; Ewbank 7 = 3,
//!    17 = 9.5. Values are therefore whole or half steps, and strictly increase along each
//!    system ([`scale`]), so each grade has its own value.
//! 3. **Back from a number, a grade is shown once reached**: [`Grade::from_ircra`] gives the
//!    hardest grade whose value is at or below the number (Font 7B+ = 23 shows as V8, since
//!    V9 = 24). Converting therefore never rounds a climber up, and a grade of a system's
//!    [`scale`] converts back to itself.
//!
//! Beyond the table: the grade after each system's top row (YDS 5.15d, French 9c, UIAA XII+,
//! Ewbank 39, V17, Font 9A) is extrapolated to 33. Grades the table does not list at all
//! get a documented approximation in [`Grade::ircra`] (V4+, 5.12, French 5c, UIAA II+).
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::OnceLock;

use super::profile::{BoulderGradeSystem, RouteGradeSystem};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GradeSystem {
    /// Hueco V scale (boulders).
    V,
    /// Fontainebleau (boulders).
    Font,
    /// Yosemite Decimal System (routes).
    Yds,
    /// French sport grades (routes).
    French,
    /// UIAA, stored in arabic numerals (routes).
    Uiaa,
    /// Australian Ewbank (routes).
    Ewbank,
}

impl GradeSystem {
    pub fn name(self) -> &'static str {
        match self {
            GradeSystem::V => "V",
            GradeSystem::Font => "Font",
            GradeSystem::Yds => "YDS",
            GradeSystem::French => "French",
            GradeSystem::Uiaa => "UIAA",
            GradeSystem::Ewbank => "Ewbank",
        }
    }

    /// Whether this is a bouldering scale (V, Font).
    pub fn is_boulder(self) -> bool {
        matches!(self, GradeSystem::V | GradeSystem::Font)
    }

    /// Every system, boulder scales first.
    pub const ALL: [GradeSystem; 6] = [
        GradeSystem::V,
        GradeSystem::Font,
        GradeSystem::Yds,
        GradeSystem::French,
        GradeSystem::Uiaa,
        GradeSystem::Ewbank,
    ];

    /// Boulder (V, Font) or route (the others).
    pub fn discipline(self) -> Discipline {
        if self.is_boulder() {
            Discipline::Boulder
        } else {
            Discipline::Route
        }
    }

    fn index(self) -> usize {
        match self {
            GradeSystem::V => 0,
            GradeSystem::Font => 1,
            GradeSystem::Yds => 2,
            GradeSystem::French => 3,
            GradeSystem::Uiaa => 4,
            GradeSystem::Ewbank => 5,
        }
    }
}

impl From<BoulderGradeSystem> for GradeSystem {
    fn from(s: BoulderGradeSystem) -> Self {
        match s {
            BoulderGradeSystem::V => GradeSystem::V,
            BoulderGradeSystem::Font => GradeSystem::Font,
        }
    }
}

impl From<RouteGradeSystem> for GradeSystem {
    fn from(s: RouteGradeSystem) -> Self {
        match s {
            RouteGradeSystem::French => GradeSystem::French,
            RouteGradeSystem::Yds => GradeSystem::Yds,
            RouteGradeSystem::Uiaa => GradeSystem::Uiaa,
            RouteGradeSystem::Ewbank => GradeSystem::Ewbank,
        }
    }
}

/// A boulder system as a profile preference; a route system is returned as the error.
impl TryFrom<GradeSystem> for BoulderGradeSystem {
    type Error = GradeSystem;
    fn try_from(s: GradeSystem) -> Result<Self, GradeSystem> {
        match s {
            GradeSystem::V => Ok(BoulderGradeSystem::V),
            GradeSystem::Font => Ok(BoulderGradeSystem::Font),
            other => Err(other),
        }
    }
}

/// A route system as a profile preference; a boulder system is returned as the error.
impl TryFrom<GradeSystem> for RouteGradeSystem {
    type Error = GradeSystem;
    fn try_from(s: GradeSystem) -> Result<Self, GradeSystem> {
        match s {
            GradeSystem::French => Ok(RouteGradeSystem::French),
            GradeSystem::Yds => Ok(RouteGradeSystem::Yds),
            GradeSystem::Uiaa => Ok(RouteGradeSystem::Uiaa),
            GradeSystem::Ewbank => Ok(RouteGradeSystem::Ewbank),
            other => Err(other),
        }
    }
}

/// Boulder or route: decides whether a lower-case "6c" is Font or French.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Discipline {
    Boulder,
    Route,
}

impl Discipline {
    /// Bouldering words ("boulder", "problem", "moonboard", ...) without route words
    /// ("route", "lead", "sport", "redpoint", ...) → Boulder; the reverse → Route;
    /// neither or both → `None`.
    pub fn infer(text: &str) -> Option<Discipline> {
        const BOULDER: [&str; 11] = [
            "boulder",
            "boulders",
            "bouldering",
            "bouldered",
            "problem",
            "problems",
            "moonboard",
            "kilter",
            "board",
            "bloc",
            "spraywall",
        ];
        const ROUTE: [&str; 17] = [
            "route",
            "routes",
            "lead",
            "leading",
            "led",
            "sport",
            "trad",
            "rope",
            "toprope",
            "toproped",
            "pitch",
            "pitches",
            "multipitch",
            "redpoint",
            "redpointed",
            "onsight",
            "onsighted",
        ];
        let mut boulder = false;
        let mut route = false;
        for w in text
            .split(|c: char| !c.is_alphanumeric())
            .map(str::to_lowercase)
        {
            boulder |= BOULDER.contains(&w.as_str());
            route |= ROUTE.contains(&w.as_str());
        }
        match (boulder, route) {
            (true, false) => Some(Discipline::Boulder),
            (false, true) => Some(Discipline::Route),
            _ => None,
        }
    }
}

/// A grade in one system, with its normalized label ("V5", "6C+", "5.11c", "7a+", "7+").
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Grade {
    pub system: GradeSystem,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{input}\" isn't a grade I know. Try one like V5, 6C+, 5.11c, 7a+ (or UIAA 7+, Ewbank 24)."
)]
pub struct GradeError {
    pub input: String,
}

/// A grade found in free text, at bytes `start..end` of that text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GradeMatch {
    pub start: usize,
    pub end: usize,
    pub grade: Grade,
}

impl Grade {
    /// Parses one grade, case and spacing tolerant, reading an ambiguous lower-case letter
    /// grade ("6c+") as French. See the module docs for the rules.
    pub fn parse(s: &str) -> Result<Grade, GradeError> {
        parse_whole(s, None)
    }

    /// Like [`Grade::parse`], with the discipline deciding "6c" (Font when bouldering).
    pub fn parse_in(s: &str, discipline: Discipline) -> Result<Grade, GradeError> {
        parse_whole(s, Some(discipline))
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

/// Every grade in free text with its byte offset, the discipline inferred from the text
/// itself ([`Discipline::infer`]): "sent a 6c boulder" finds Font 6C.
pub fn find_grades(text: &str) -> Vec<(usize, Grade)> {
    find_grade_spans(text, Discipline::infer(text))
        .into_iter()
        .map(|m| (m.start, m.grade))
        .collect()
}

/// Every grade in free text, with its span. Stricter than [`Grade::parse`] so that numbers
/// in ordinary prose are not read as grades: no bare numbers (UIAA needs roman numerals or a
/// "uiaa" prefix, Ewbank an "ewbank" prefix) unless the message names the system elsewhere
/// ("sent a 21 and a 22 (ewbank)", "UIAA 7+ and 8-", "5 and 5+ font problems", "24 in oz":
/// see [`named_system`]); French/Font letter grades start at 5; a
/// single-letter roman numeral needs a "+"/"-"; a grade followed by a unit ("5.5 hours",
/// "6a kg") is not a grade. A plural "s" ("V5s") is allowed after a grade.
pub fn find_grade_spans(text: &str, discipline: Option<Discipline>) -> Vec<GradeMatch> {
    let src = Src::new(text);
    let mode = Mode {
        free: true,
        disc: discipline,
    };
    let named = named_system(&src, discipline);
    let mut out = Vec::new();
    let mut i = 0;
    while i < src.low.len() {
        super::work::tick(1);
        if src.boundary_before(i) {
            let found =
                grade_at(&src, i, mode).or_else(|| named.and_then(|sys| named_bare(&src, i, sys)));
            if let Some(r) = found {
                if src.boundary_after(r.end) {
                    out.push(GradeMatch {
                        start: i,
                        end: r.end,
                        grade: r.grade,
                    });
                    i = r.end;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

/// The one system with bare-number grades (Font 3-5, UIAA, Ewbank) that a message names:
/// "font"/"fontainebleau"/"fb"/"bleau" (not for routes), "uiaa", "ewbank"/"australian"/
/// "aussie"/"australia"/"in oz" (not for boulders). `None` when none or several are named.
fn named_system(src: &Src, discipline: Option<Discipline>) -> Option<GradeSystem> {
    let mut found: Option<GradeSystem> = None;
    let mut several = false;
    let mut prev: &[u8] = b"";
    let mut i = 0;
    while i < src.low.len() {
        super::work::tick(1);
        if !src.at(i).is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while src.at(i).is_ascii_alphabetic() {
            super::work::tick(1);
            i += 1;
        }
        let word = &src.low[start..i];
        let sys = match word {
            b"font" | b"fontainebleau" | b"fb" | b"bleau" => Some(GradeSystem::Font),
            b"uiaa" => Some(GradeSystem::Uiaa),
            b"ewbank" | b"ewbanks" | b"australian" | b"aussie" | b"australia" => {
                Some(GradeSystem::Ewbank)
            }
            b"oz" if prev == b"in" => Some(GradeSystem::Ewbank),
            _ => None,
        };
        prev = word;
        let Some(sys) = sys else { continue };
        let fits = match sys {
            GradeSystem::Font => discipline != Some(Discipline::Route),
            _ => discipline != Some(Discipline::Boulder),
        };
        if !fits {
            continue;
        }
        several |= found.is_some_and(|f| f != sys);
        found = Some(sys);
    }
    found.filter(|_| !several)
}

/// A bare number read in the system the message names ([`named_system`]): Font 3 to 5 with
/// an optional "+", UIAA 3 to 12 with an optional modifier, Ewbank 10 to 39. Not a count
/// ("3 V5s", "5 problems"), a score ("rpe 8", "8/10"), a decimal or a clock time.
fn named_bare(src: &Src, i: usize, sys: GradeSystem) -> Option<Raw> {
    const COUNTED: &[&str] = &[
        "problems", "problem", "routes", "route", "boulders", "climbs", "sends", "times",
        "attempts", "goes", "laps", "pitches", "tries", "sessions", "x", "years", "year", "months",
        "reps", "sets", "of",
    ];
    const SCORES: &[&[u8]] = &[
        b"rpe", b"effort", b"energy", b"mood", b"sleep", b"slept", b"x",
    ];
    let (j, n) = src.number(i)?;
    let (k, m) = src.modifier(j);
    if matches!(src.at(k), b'.' | b',' | b':' | b'/') && src.at(k + 1).is_ascii_digit() {
        return None;
    }
    let next = src.skip_spaces(k);
    let mut e = next;
    while src.at(e).is_ascii_alphabetic() && e - next < 16 {
        e += 1;
    }
    let next_word = std::str::from_utf8(&src.low[next..e]).unwrap_or("");
    // "24 in oz": "in" here is not inches.
    if COUNTED.contains(&next_word)
        || (crate::domain::lexicon::units::is_measure(next_word) && next_word != "in")
        || (next_word.is_empty() && src.at(next).is_ascii_digit())
        || grade_at(
            src,
            next,
            Mode {
                free: true,
                disc: None,
            },
        )
        .is_some()
    {
        return None;
    }
    // The word before, over at most a few spaces.
    let mut b = i;
    while b > 0 && i - b < 4 && src.at(b - 1) == b' ' {
        b -= 1;
    }
    let mut a = b;
    while a > 0 && b - a < 8 && src.at(a - 1).is_ascii_alphabetic() {
        a -= 1;
    }
    if SCORES.contains(&&src.low[a..b]) {
        return None;
    }
    match sys {
        GradeSystem::Font if (3..=5).contains(&n) && m >= 0 => Some(font(k, n, None, m == 1)),
        GradeSystem::Uiaa if (3..=12).contains(&n) => Some(uiaa(k, n, m)),
        GradeSystem::Ewbank if (10..=39).contains(&n) && m == 0 => {
            Some(raw(k, GradeSystem::Ewbank, n.to_string(), n as i32))
        }
        _ => None,
    }
}

fn parse_whole(s: &str, disc: Option<Discipline>) -> Result<Grade, GradeError> {
    let err = || GradeError {
        input: s.trim().to_string(),
    };
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() || !compact.is_ascii() {
        return Err(err());
    }
    let src = Src::new(&compact);
    match grade_at(&src, 0, Mode { free: false, disc }) {
        Some(r) if r.end == compact.len() => Ok(r.grade),
        _ => Err(err()),
    }
}

#[derive(Clone, Copy)]
struct Mode {
    /// Scanning prose (stricter) rather than parsing one grade.
    free: bool,
    disc: Option<Discipline>,
}

/// A grade matched at some position: where it ends, and an order within its system used to
/// pick the lower side of a slash.
struct Raw {
    end: usize,
    grade: Grade,
    rank: i32,
}

fn raw(end: usize, system: GradeSystem, label: String, rank: i32) -> Raw {
    Raw {
        end,
        grade: Grade { system, label },
        rank,
    }
}

struct Src<'a> {
    orig: &'a [u8],
    low: Vec<u8>,
}

impl<'a> Src<'a> {
    fn new(text: &'a str) -> Self {
        Src {
            orig: text.as_bytes(),
            low: text.as_bytes().to_ascii_lowercase(),
        }
    }

    fn at(&self, i: usize) -> u8 {
        self.low.get(i).copied().unwrap_or(0)
    }

    fn starts(&self, i: usize, kw: &str) -> bool {
        self.low
            .get(i..i + kw.len())
            .is_some_and(|s| s == kw.as_bytes())
    }

    fn skip_spaces(&self, mut i: usize) -> usize {
        while matches!(self.at(i), b' ' | b'\t') {
            super::work::tick(1);
            i += 1;
        }
        i
    }

    /// A run of 1-2 ASCII digits at `i`: (end, value).
    fn number(&self, i: usize) -> Option<(usize, u32)> {
        let mut j = i;
        let mut n = 0u32;
        while self.at(j).is_ascii_digit() {
            n = n * 10 + u32::from(self.at(j) - b'0');
            j += 1;
            if j - i > 2 {
                return None;
            }
        }
        (j > i).then_some((j, n))
    }

    /// A "+" or "-" modifier at `i`. A "-" followed by a digit or letter is a range
    /// ("V4-5"), not a modifier.
    fn modifier(&self, i: usize) -> (usize, i32) {
        match self.at(i) {
            b'+' => (i + 1, 1),
            b'-' if !self.at(i + 1).is_ascii_alphanumeric() => (i + 1, -1),
            _ => (i, 0),
        }
    }

    fn is_word_byte(&self, i: usize) -> bool {
        let b = self.at(i);
        b.is_ascii_alphanumeric() || b >= 0x80
    }

    fn boundary_before(&self, i: usize) -> bool {
        if i == 0 {
            return true;
        }
        let p = self.at(i - 1);
        // "3xV4": a count glued to the grade.
        if p == b'x' && i >= 2 && self.at(i - 2).is_ascii_digit() {
            return true;
        }
        !(self.is_word_byte(i - 1) || matches!(p, b'.' | b'+' | b'/' | b'-'))
    }

    fn boundary_after(&self, end: usize) -> bool {
        let next = self.at(end);
        let ok = if next == b's' || next == b'x' {
            // "V5s" (plural) or "V4x3" (a count).
            let after = self.at(end + 1);
            if next == b's' {
                !self.is_word_byte(end + 1)
            } else {
                after.is_ascii_digit()
            }
        } else if next == b'\'' {
            self.at(end + 1) == b's'
        } else {
            !self.is_word_byte(end) && next != b'%'
        };
        ok && !self.unit_follows(end)
    }

    /// Whether a unit word follows: "5.5 hours" is a duration, not a grade.
    fn unit_follows(&self, end: usize) -> bool {
        const UNITS: [&str; 23] = [
            "h", "hr", "hrs", "hour", "hours", "min", "mins", "minute", "minutes", "m", "sec",
            "secs", "seconds", "day", "days", "week", "weeks", "kg", "kgs", "lb", "lbs", "mm",
            "cm",
        ];
        let i = self.skip_spaces(end);
        let mut j = i;
        while self.at(j).is_ascii_alphabetic() {
            j += 1;
        }
        if j == i || self.is_word_byte(j) {
            return false;
        }
        let word = std::str::from_utf8(&self.low[i..j]).unwrap_or("");
        UNITS.contains(&word)
    }
}

fn mod_str(m: i32) -> &'static str {
    match m {
        1 => "+",
        -1 => "-",
        _ => "",
    }
}

/// A grade at `i`, including a slash or range part.
fn grade_at(src: &Src, i: usize, mode: Mode) -> Option<Raw> {
    let first = single_at(src, i, mode)?;
    Some(with_slash(src, first, mode))
}

fn single_at(src: &Src, i: usize, mode: Mode) -> Option<Raw> {
    if let Some(r) = prefixed(src, i, mode) {
        return Some(r);
    }
    match src.at(i) {
        b'v' => v_scale(src, i).or_else(|| roman(src, i, mode)),
        b'i' | b'x' => roman(src, i, mode),
        b'0'..=b'9' => yds(src, i, mode)
            .or_else(|| letter_grade(src, i, mode))
            .or_else(|| if mode.free { None } else { bare(src, i, mode) }),
        _ => None,
    }
}

/// "font 7a", "fb7a", "f6c+", "uiaa 7+", "uiaa VII", "ewbank 24".
fn prefixed(src: &Src, i: usize, mode: Mode) -> Option<Raw> {
    for kw in ["font", "fb", "uiaa", "ewbank", "f"] {
        if !src.starts(i, kw) {
            continue;
        }
        let after = i + kw.len();
        let j = if kw == "f" {
            after
        } else if src.at(after) == b' ' || src.at(after).is_ascii_digit() {
            src.skip_spaces(after)
        } else if kw == "uiaa" && matches!(src.at(after), b'i' | b'v' | b'x') {
            after
        } else {
            continue;
        };
        return match kw {
            "font" | "fb" | "f" => font_core(src, j),
            "uiaa" => {
                if let Some((k, n)) = src.number(j).filter(|&(_, n)| (1..=12).contains(&n)) {
                    let (k, m) = src.modifier(k);
                    Some(uiaa(k, n, m))
                } else {
                    roman_numeral(
                        src,
                        j,
                        Mode {
                            free: false,
                            ..mode
                        },
                        true,
                    )
                }
            }
            _ => {
                let (k, n) = src.number(j).filter(|&(_, n)| (1..=39).contains(&n))?;
                Some(raw(k, GradeSystem::Ewbank, n.to_string(), n as i32))
            }
        };
    }
    None
}

fn uiaa(end: usize, n: u32, m: i32) -> Raw {
    raw(
        end,
        GradeSystem::Uiaa,
        format!("{n}{}", mod_str(m)),
        n as i32 * 3 + m,
    )
}

fn letter_index(b: u8) -> Option<u32> {
    matches!(b, b'a'..=b'd').then(|| u32::from(b - b'a') + 1)
}

/// Font after a prefix: "6A+", "7c", "5+", "4".
fn font_core(src: &Src, j: usize) -> Option<Raw> {
    let n = u32::from(src.at(j).checked_sub(b'0').filter(|d| *d <= 9)?);
    let mut k = j + 1;
    let letter = letter_index(src.at(k)).filter(|l| *l <= 3);
    if letter.is_some() {
        k += 1;
    }
    let plus = src.at(k) == b'+';
    if plus {
        k += 1;
    }
    let valid = match (n, letter) {
        (3..=5, None) => true,
        (6..=8, Some(_)) => true,
        (9, Some(1)) => !plus,
        _ => false,
    };
    valid.then(|| font(k, n, letter, plus))
}

fn font(end: usize, n: u32, letter: Option<u32>, plus: bool) -> Raw {
    let l = letter.map_or(String::new(), |l| {
        char::from(b'A' + l as u8 - 1).to_string()
    });
    raw(
        end,
        GradeSystem::Font,
        format!("{n}{l}{}", if plus { "+" } else { "" }),
        letter_rank(n, letter, plus),
    )
}

fn letter_rank(n: u32, letter: Option<u32>, plus: bool) -> i32 {
    (n * 100 + letter.unwrap_or(0) * 10) as i32 + if plus { 5 } else { 0 }
}

/// "V5", "v 5", "V0-", "V4+", "VB".
fn v_scale(src: &Src, i: usize) -> Option<Raw> {
    if src.at(i + 1) == b'b' {
        return Some(raw(i + 2, GradeSystem::V, "VB".into(), -3));
    }
    let j = src.skip_spaces(i + 1);
    let (k, n) = src.number(j).filter(|&(_, n)| n <= 17)?;
    let (k, m) = src.modifier(k);
    Some(raw(
        k,
        GradeSystem::V,
        format!("V{n}{}", mod_str(m)),
        n as i32 * 3 + 1 + m,
    ))
}

/// UIAA roman numerals I-XII with an optional modifier, stored in arabic numerals.
fn roman(src: &Src, i: usize, mode: Mode) -> Option<Raw> {
    roman_numeral(src, i, mode, false)
}

/// [`roman`]; `known_uiaa` (after a "uiaa" prefix or a UIAA grade and a slash) also accepts
/// a lone "V", "I" or "X" ("uiaa V", "V-/V").
fn roman_numeral(src: &Src, i: usize, mode: Mode, known_uiaa: bool) -> Option<Raw> {
    const ROMAN: [&str; 12] = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
    ];
    let mut j = i;
    while matches!(src.at(j), b'i' | b'v' | b'x') {
        j += 1;
    }
    let word = std::str::from_utf8(&src.low[i..j]).ok()?;
    let n = ROMAN.iter().position(|r| *r == word)? as u32 + 1;
    let (k, m) = src.modifier(j);
    // A lone "v" is the V scale missing its number; a lone "i"/"x" in prose is a word.
    if m == 0 && !known_uiaa && (word == "v" || (mode.free && word.len() == 1)) {
        return None;
    }
    Some(uiaa(k, n, m))
}

/// "5.11c", "5.10 a", "5.9+", "5.12".
fn yds(src: &Src, i: usize, mode: Mode) -> Option<Raw> {
    if src.at(i) != b'5' || src.at(i + 1) != b'.' {
        return None;
    }
    let (j, minor) = src.number(i + 2).filter(|&(_, n)| n <= 15)?;
    if minor >= 10 {
        let k = if mode.free { src.skip_spaces(j) } else { j };
        if let Some(l) = letter_index(src.at(k)) {
            let spaced_ok = k == j || {
                // "5.10 a" in prose: only when the letter stands alone ("5.10 a couple").
                let after = src.skip_spaces(k + 1);
                !src.is_word_byte(k + 1) && (l > 1 || !src.at(after).is_ascii_alphabetic())
            };
            if spaced_ok {
                let letter = char::from(b'a' + l as u8 - 1);
                return Some(raw(
                    k + 1,
                    GradeSystem::Yds,
                    format!("5.{minor}{letter}"),
                    (minor * 100 + l * 10) as i32,
                ));
            }
        }
    }
    let (k, m) = src.modifier(j);
    Some(raw(
        k,
        GradeSystem::Yds,
        format!("5.{minor}{}", mod_str(m)),
        (minor * 100) as i32 + m * 5,
    ))
}

/// "7a+", "6C", "5c": French, or Font for an upper-case letter or when bouldering.
fn letter_grade(src: &Src, i: usize, mode: Mode) -> Option<Raw> {
    let n = u32::from(src.at(i) - b'0');
    let l = letter_index(src.at(i + 1)).filter(|l| *l <= 3)?;
    let upper = src.orig.get(i + 1).is_some_and(|b| b.is_ascii_uppercase());
    let plus = src.at(i + 2) == b'+';
    let end = i + 2 + usize::from(plus);
    if (upper || mode.disc == Some(Discipline::Boulder)) && n >= 6 {
        let valid = n <= 8 || (n == 9 && l == 1 && !plus);
        return valid.then(|| font(end, n, Some(l), plus));
    }
    let min = if mode.free { 5 } else { 4 };
    let valid = (min..=9).contains(&n) && !(n == 9 && l == 3 && plus);
    valid.then(|| {
        let letter = char::from(b'a' + l as u8 - 1);
        raw(
            end,
            GradeSystem::French,
            format!("{n}{letter}{}", if plus { "+" } else { "" }),
            letter_rank(n, Some(l), plus),
        )
    })
}

/// Bare numbers, only when parsing a single grade (see the module docs).
fn bare(src: &Src, i: usize, mode: Mode) -> Option<Raw> {
    let (j, n) = src.number(i)?;
    let (k, m) = src.modifier(j);
    let boulder = mode.disc == Some(Discipline::Boulder);
    match (n, m) {
        (1..=5, 0 | 1) => {
            if boulder && n >= 3 {
                Some(font(k, n, None, m == 1))
            } else {
                Some(raw(
                    k,
                    GradeSystem::French,
                    format!("{n}{}", mod_str(m)),
                    letter_rank(n, None, m == 1),
                ))
            }
        }
        (1..=12, -1 | 1) | (6..=9, 0) => Some(uiaa(k, n, m)),
        (10..=39, 0) => Some(raw(k, GradeSystem::Ewbank, n.to_string(), n as i32)),
        _ => None,
    }
}

/// The second half of "7a/7a+", "6c/+", "V4/5", "V4-5", "5.10a/b": consumed, and the lower
/// of the two grades kept.
fn with_slash(src: &Src, first: Raw, mode: Mode) -> Raw {
    let sys = first.grade.system;
    let j = if mode.free {
        src.skip_spaces(first.end)
    } else {
        first.end
    };
    let sep = src.at(j);
    let range_dash = sep == b'-' && sys == GradeSystem::V;
    if sep != b'/' && !range_dash {
        return first;
    }
    let k = if mode.free {
        src.skip_spaces(j + 1)
    } else {
        j + 1
    };
    let second = single_at(src, k, mode)
        .filter(|s| s.grade.system == sys)
        .or_else(|| {
            // "V-/V": after a UIAA grade a lone "V" is UIAA 5, not a V grade.
            (sys == GradeSystem::Uiaa)
                .then(|| roman_numeral(src, k, mode, true))
                .flatten()
                .filter(|r| !src.is_word_byte(r.end))
        });
    if let Some(second) = second {
        let end = second.end;
        let lower = if second.rank < first.rank {
            second
        } else {
            first
        };
        return Raw { end, ..lower };
    }
    let c = src.at(k);
    let suffix_end = match sys {
        GradeSystem::V | GradeSystem::Ewbank => src.number(k).map(|(e, _)| e),
        GradeSystem::French | GradeSystem::Font => {
            if c == b'+' {
                Some(k + 1)
            } else if letter_index(c).is_some_and(|l| l <= 3) {
                Some(k + 1 + usize::from(src.at(k + 1) == b'+'))
            } else {
                None
            }
        }
        GradeSystem::Yds => letter_index(c).map(|_| k + 1),
        GradeSystem::Uiaa => matches!(c, b'+' | b'-').then_some(k + 1),
    };
    match suffix_end {
        Some(end) if !(mode.free && src.is_word_byte(end) && src.at(end) != b's') => {
            Raw { end, ..first }
        }
        _ => first,
    }
}

// ---------------------------------------------------------------------------------------------
// Conversion through the IRCRA reporting scale (see the module docs for the rule).
// ---------------------------------------------------------------------------------------------

/// A point on the IRCRA reporting scale (Draper et al. 2015): 1 = YDS 5.1 … 32 = 5.15c / V16.
///
/// Kept in half steps, so that a grade between two rows (Font 6A+ = 16.5) is exact and values
/// compare, sort and hash exactly. Serialized as a plain number (`16.5`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "f32", try_from = "f32")]
pub struct Ircra {
    halves: u8,
}

impl Ircra {
    /// Row `row` of the scale (saturates at 127.5).
    pub const fn new(row: u8) -> Ircra {
        Ircra {
            halves: row.saturating_mul(2),
        }
    }

    /// `halves` half steps: `from_halves(33)` is 16.5.
    pub const fn from_halves(halves: u8) -> Ircra {
        Ircra { halves }
    }

    pub const fn halves(self) -> u8 {
        self.halves
    }

    /// 16.5, 17.0, …
    pub fn value(self) -> f32 {
        f32::from(self.halves) / 2.0
    }

    /// The nearest half step to `value` (an average, a stored number); `None` if it is not
    /// finite or outside 0..=127.5.
    pub fn from_value(value: f64) -> Option<Ircra> {
        let halves = (value * 2.0).round();
        (halves.is_finite() && (0.0..=255.0).contains(&halves)).then_some(Ircra {
            halves: halves as u8,
        })
    }
}

impl fmt::Display for Ircra {
    /// "17", "16.5".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.halves.is_multiple_of(2) {
            write!(f, "{}", self.halves / 2)
        } else {
            write!(f, "{}.5", self.halves / 2)
        }
    }
}

impl From<Ircra> for f32 {
    fn from(i: Ircra) -> f32 {
        i.value()
    }
}

impl TryFrom<f32> for Ircra {
    type Error = &'static str;
    fn try_from(v: f32) -> Result<Ircra, &'static str> {
        Ircra::from_value(f64::from(v)).ok_or("an IRCRA value is a number from 0 to 127.5")
    }
}

/// The systems of [`IRCRA_TABLE`]'s columns, in order.
pub const IRCRA_TABLE_COLUMNS: [GradeSystem; 6] = [
    GradeSystem::Yds,
    GradeSystem::French,
    GradeSystem::Uiaa,
    GradeSystem::Ewbank,
    GradeSystem::V,
    GradeSystem::Font,
];

/// The IRCRA reporting scale: Draper et al. 2015, "Comparative grading scales, statistical
/// analyses, climber descriptors and ability grouping: International Rock Climbing Research
/// Association position statement", Sports Technology 8:88-94, doi 10.1080/19346182.2015.1107081.
///
/// One row per IRCRA number; cells as printed, in the columns of [`IRCRA_TABLE_COLUMNS`]
/// (YDS, French, UIAA, Ewbank, V, Font); "" where the scale has no grade. Rows 10-32 are the
/// table in DOMAIN.md verbatim. Rows 1-9 are the paper's lower rows for route grades (rows 1,
/// 5 and 9 are also quoted in DOMAIN.md, which gives the lower side of their split cells:
/// UIAA "IV" for "IV/IV+", Ewbank "10-12" for "10/12"); the boulder scales start at row 10.
pub const IRCRA_TABLE: [(u8, [&str; 6]); 32] = [
    (1, ["5.1", "1", "I", "4", "", ""]),
    (2, ["5.2", "2", "II", "6", "", ""]),
    (3, ["5.3", "2+", "III/III+", "6/8", "", ""]),
    (4, ["5.4", "3-", "III+/IV", "8/10", "", ""]),
    (5, ["5.5", "3", "IV/IV+", "10/12", "", ""]),
    (6, ["5.6", "3+", "IV+/V-", "12", "", ""]),
    (7, ["5.7", "4", "V-/V", "12/14", "", ""]),
    (8, ["5.8", "4+", "V/V+", "14/16", "", ""]),
    (9, ["5.9", "5", "V+/VI-", "16/18", "", ""]),
    (10, ["5.10a", "5+", "VI-/VI", "18", "VB/V0-", "3"]),
    (11, ["5.10b", "6a", "VI+/VII-", "18/19", "V0-", "3"]),
    (12, ["5.10c", "6a+", "VI+/VII-", "19/20", "V0", "4"]),
    (13, ["5.10d", "6b", "VII", "20", "V0+", "4+"]),
    (14, ["5.11a", "6b+", "VII/VII+", "21", "V1", "5"]),
    (15, ["5.11b", "6c", "VII+/VIII-", "21/22", "V1/2", "5+"]),
    (16, ["5.11c", "6c+", "VIII-", "22", "V2", "6A/6A+"]),
    (17, ["5.11d", "7a", "VIII", "23", "V3", "6B"]),
    (18, ["5.12a", "7a+", "VIII/VIII+", "24", "V4", "6B+"]),
    (19, ["5.12b", "7b", "VIII+/IX-", "25", "V5", "6C/6C+"]),
    (20, ["5.12c", "7b+", "IX-/IX", "26", "V6", "7A"]),
    (21, ["5.12d", "7c", "IX/IX+", "27", "V7", "7A+"]),
    (22, ["5.13a", "7c+", "IX+", "28", "V8", "7B"]),
    (23, ["5.13b", "8a", "X-", "29", "V8/9", "7B+"]),
    (24, ["5.13c", "8a+", "X-/X", "30", "V9/10", "7C"]),
    (25, ["5.13d", "8b", "X/X+", "31", "V10", "7C/7C+"]),
    (26, ["5.14a", "8b+", "X+/XI-", "32", "V11", "8A"]),
    (27, ["5.14b", "8c", "XI-", "33", "V12", "8A+"]),
    (28, ["5.14c", "8c+", "XI", "34", "V13", "8B"]),
    (29, ["5.14d", "9a", "XI+", "35", "V14", "8B+"]),
    (30, ["5.15a", "9a+", "XI+/XII-", "36", "V14/15", "8B+/8C"]),
    (31, ["5.15b", "9b", "XII-", "37", "V15", "8C"]),
    (32, ["5.15c", "9b+", "XII", "38", "V16", "8C+"]),
];

const YDS_SCALE: [&str; 33] = [
    "5.1", "5.2", "5.3", "5.4", "5.5", "5.6", "5.7", "5.8", "5.9", "5.10a", "5.10b", "5.10c",
    "5.10d", "5.11a", "5.11b", "5.11c", "5.11d", "5.12a", "5.12b", "5.12c", "5.12d", "5.13a",
    "5.13b", "5.13c", "5.13d", "5.14a", "5.14b", "5.14c", "5.14d", "5.15a", "5.15b", "5.15c",
    "5.15d",
];
const FRENCH_SCALE: [&str; 33] = [
    "1", "2", "2+", "3-", "3", "3+", "4", "4+", "5", "5+", "6a", "6a+", "6b", "6b+", "6c", "6c+",
    "7a", "7a+", "7b", "7b+", "7c", "7c+", "8a", "8a+", "8b", "8b+", "8c", "8c+", "9a", "9a+",
    "9b", "9b+", "9c",
];
const UIAA_SCALE: [&str; 30] = [
    "1", "2", "3", "3+", "4", "4+", "5-", "5", "5+", "6-", "6", "6+", "7-", "7", "7+", "8-", "8",
    "8+", "9-", "9", "9+", "10-", "10", "10+", "11-", "11", "11+", "12-", "12", "12+",
];
const EWBANK_SCALE: [&str; 36] = [
    "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20",
    "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "32", "33", "34", "35", "36",
    "37", "38", "39",
];
const V_SCALE: [&str; 21] = [
    "VB", "V0-", "V0", "V0+", "V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9", "V10", "V11",
    "V12", "V13", "V14", "V15", "V16", "V17",
];
const FONT_SCALE: [&str; 24] = [
    "3", "4", "4+", "5", "5+", "6A", "6A+", "6B", "6B+", "6C", "6C+", "7A", "7A+", "7B", "7B+",
    "7C", "7C+", "8A", "8A+", "8B", "8B+", "8C", "8C+", "9A",
];

/// Every grade of `system` that converts exactly, easiest first, as normalized labels (UIAA
/// in arabic numerals: "7+"): the IRCRA table's grades, the grades between them (rule 2 of
/// the module docs) and the extrapolated grade above the top (9c, V17, …). Suits a picker.
pub fn scale(system: GradeSystem) -> &'static [&'static str] {
    match system {
        GradeSystem::V => &V_SCALE,
        GradeSystem::Font => &FONT_SCALE,
        GradeSystem::Yds => &YDS_SCALE,
        GradeSystem::French => &FRENCH_SCALE,
        GradeSystem::Uiaa => &UIAA_SCALE,
        GradeSystem::Ewbank => &EWBANK_SCALE,
    }
}

/// A few typical grades of `system`, as climbers write them, for hints and error messages
/// ("Try one like V2, V5, V8"). Each parses to `system`.
pub fn examples(system: GradeSystem) -> &'static [&'static str] {
    match system {
        GradeSystem::V => &["V2", "V5", "V8"],
        GradeSystem::Font => &["6A", "6C+", "7B"],
        GradeSystem::Yds => &["5.10a", "5.11c", "5.12b"],
        GradeSystem::French => &["6a", "6b+", "7a+"],
        GradeSystem::Uiaa => &["VI+", "VII", "VIII-"],
        GradeSystem::Ewbank => &["18", "21", "24"],
    }
}

const ROMAN_NUMERALS: [&str; 12] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];

/// "VII+" → ("VII", 1); "V4" → ("V4", 0); "5.12-" → ("5.12", -1).
fn split_modifier(label: &str) -> (&str, i32) {
    if let Some(base) = label.strip_suffix('+') {
        (base, 1)
    } else if let Some(base) = label.strip_suffix('-') {
        (base, -1)
    } else {
        (label, 0)
    }
}

/// The grade a table cell names (its lower side, rule 1), as a normalized label: "VI-/VI" →
/// "6-", "V8/9" → "V8", "16/18" → "16"; `None` for an empty cell.
fn cell_grade(system: GradeSystem, cell: &str) -> Option<String> {
    let lower = cell.split('/').next()?.trim();
    if lower.is_empty() {
        return None;
    }
    if system != GradeSystem::Uiaa {
        return Some(lower.to_string());
    }
    let (numeral, m) = split_modifier(lower);
    let n = ROMAN_NUMERALS.iter().position(|r| *r == numeral)? + 1;
    Some(format!("{n}{}", mod_str(m)))
}

/// The first (lowest) table row whose cell names `label`.
fn named_row(system: GradeSystem, label: &str) -> Option<u8> {
    let col = IRCRA_TABLE_COLUMNS.iter().position(|s| *s == system)?;
    IRCRA_TABLE
        .iter()
        .find(|(_, cells)| cell_grade(system, cells[col]).as_deref() == Some(label))
        .map(|(row, _)| *row)
}

/// The value, in half steps, of each grade of [`scale`]`(system)`, by rules 1 and 2 and the
/// extrapolation above the table's top.
fn derive_scale_values(system: GradeSystem) -> Vec<u8> {
    let named: Vec<Option<u8>> = scale(system)
        .iter()
        .map(|label| named_row(system, label))
        .collect();
    (0..named.len())
        .map(|i| {
            if let Some(row) = named[i] {
                return row * 2;
            }
            let below = named[..i].iter().rev().flatten().next();
            let above = named[i + 1..].iter().flatten().next();
            match (below, above) {
                // Midway: (2 * below + 2 * above) / 2 half steps.
                (Some(b), Some(a)) => b + a,
                // One row past the top of the table.
                (Some(b), None) => (b + 1) * 2,
                (None, Some(a)) => a.saturating_sub(1) * 2,
                (None, None) => 0,
            }
        })
        .collect()
}

fn scale_values(system: GradeSystem) -> &'static [u8] {
    static VALUES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    &VALUES.get_or_init(|| {
        GradeSystem::ALL
            .iter()
            .map(|s| derive_scale_values(*s))
            .collect()
    })[system.index()]
}

fn scale_halves(system: GradeSystem, label: &str) -> Option<u8> {
    let i = scale(system).iter().position(|l| *l == label)?;
    Some(scale_values(system)[i])
}

/// Grades the parser accepts that are not on the [`scale`] (see [`Grade::ircra`]).
fn off_scale_halves(system: GradeSystem, label: &str) -> Option<u8> {
    let (base, m) = split_modifier(label);
    match system {
        GradeSystem::Yds => {
            // "5.12-" / "5.12" / "5.12+" = 5.12a/b, 5.12b/c, 5.12c/d, read low (rule 1).
            let minor = base.strip_prefix("5.").and_then(|n| n.parse::<u32>().ok());
            if let Some(minor) = minor.filter(|n| *n >= 10) {
                let letter = ['a', 'b', 'c'][(m + 1) as usize];
                return scale_halves(system, &format!("5.{minor}{letter}"));
            }
        }
        GradeSystem::French => {
            // Letter grades below 6a: 4a = row 5 ... 5c = row 10 (the row of 5+).
            let b = base.as_bytes();
            if b.len() == 2 && (b'4'..=b'5').contains(&b[0]) && (b'a'..=b'c').contains(&b[1]) {
                let row = 5 + (b[0] - b'4') * 3 + (b[1] - b'a');
                return Some(row * 2 + u8::from(m == 1));
            }
        }
        _ => {}
    }
    if m == 0 {
        return None;
    }
    let h = i32::from(scale_halves(system, base)?) + m;
    u8::try_from(h).ok()
}

/// Re-normalizes a hand-built label ("VII+" for UIAA, "v5") through the parser.
fn reparse(system: GradeSystem, label: &str) -> Option<Grade> {
    let text = match system {
        GradeSystem::Uiaa => format!("uiaa {label}"),
        GradeSystem::Ewbank => format!("ewbank {label}"),
        GradeSystem::Font => format!("font {label}"),
        _ => label.to_string(),
    };
    parse_whole(&text, Some(system.discipline()))
        .ok()
        .filter(|g| g.system == system)
}

/// A label as climbers of `system` write it: UIAA in roman numerals ("VII+"), the others
/// as normalized.
fn display_label(system: GradeSystem, label: &str) -> String {
    if system != GradeSystem::Uiaa {
        return label.to_string();
    }
    let (n, m) = split_modifier(label);
    match n
        .parse::<usize>()
        .ok()
        .and_then(|n| ROMAN_NUMERALS.get(n.checked_sub(1)?))
    {
        Some(roman) => format!("{roman}{}", mod_str(m)),
        None => label.to_string(),
    }
}

impl Grade {
    /// This grade on the IRCRA scale, by the rule in the module docs.
    ///
    /// Grades the table does not list get an approximation (an extrapolation, not from the
    /// paper): a "+" or "-" the system's [`scale`] lacks is half a step up or down (V4+ =
    /// 18.5, 5.9+ = 9.5, UIAA II+ = 2.5); a YDS grade without its letter reads as
    /// Mountain Project's 5.12- = 5.12a/b, 5.12 = b/c, 5.12+ = c/d, low side (5.12 = 5.12b);
    /// French letter grades below 6a take one row a letter up to 5c = 5+ (4a = 5, 4b = 6,
    /// 4c = 7, 5a = 8, 5b = 9, 5c = 10). A label written unnormalized ("VII+") is
    /// normalized first.
    ///
    /// `None` for a grade easier than IRCRA 1 (Ewbank 1-3, UIAA I-) or a label that is not a
    /// grade of its system.
    pub fn ircra(&self) -> Option<Ircra> {
        let halves = |system: GradeSystem, label: &str| {
            scale_halves(system, label)
                .or_else(|| off_scale_halves(system, label))
                .filter(|h| *h >= 2)
        };
        halves(self.system, &self.label)
            .or_else(|| {
                let g = reparse(self.system, &self.label)?;
                (g.label != self.label)
                    .then(|| halves(g.system, &g.label))
                    .flatten()
            })
            .map(Ircra::from_halves)
    }

    /// The hardest grade of `system` at or below `ircra` (rule 3: a grade is shown once
    /// reached); above the top, the hardest grade. `None` when `ircra` is easier than
    /// anything `system` grades (IRCRA 9 has no V grade).
    pub fn from_ircra(ircra: Ircra, system: GradeSystem) -> Option<Grade> {
        let i = scale_values(system)
            .iter()
            .rposition(|v| *v <= ircra.halves())?;
        Some(Grade {
            system,
            label: scale(system)[i].to_string(),
        })
    }

    /// This grade in `target`: itself when `target` is its own system; `None` across
    /// disciplines (V → French), when it has no IRCRA value, or when `target` has no grade
    /// that easy. Never rounds up (rule 3), so a round trip may come back lower: 6A+ → V2 → 6A.
    pub fn to_system(&self, target: GradeSystem) -> Option<Grade> {
        if target == self.system {
            return Some(self.clone());
        }
        if target.is_boulder() != self.system.is_boulder() {
            return None;
        }
        Grade::from_ircra(self.ircra()?, target)
    }

    /// The label as climbers of its system write it: UIAA in roman numerals ("VII+"); the
    /// others as [`Grade::label`].
    pub fn display_label(&self) -> String {
        display_label(self.system, &self.label)
    }
}

/// The grades of `target` that span `grade`: from the grade reached at its IRCRA value to the
/// hardest one still below the next grade of its own system (Font 6C+ = 19.5 up to 7A = 20:
/// V5 to V5; V5 = 19 up to V6 = 20.5 in Font: 6C to 6C+). `None` when `grade` has no IRCRA
/// value or `target` grades nothing that easy. Works across disciplines (the same IRCRA row),
/// which only says the hardest moves compare: a route also takes endurance.
pub fn equivalent_range(grade: &Grade, target: GradeSystem) -> Option<(Grade, Grade)> {
    let own = grade.ircra()?.halves();
    let lo = Grade::from_ircra(Ircra::from_halves(own), target)?;
    let next = scale_values(grade.system)
        .iter()
        .copied()
        .find(|v| *v > own)
        .unwrap_or(own + 1);
    let hi = Grade::from_ircra(Ircra::from_halves(next.saturating_sub(1).max(own)), target)
        .unwrap_or_else(|| lo.clone());
    Some((lo, hi))
}

/// `ircra` shown in `system` (the climber's preferred one), as [`Grade::display_label`]:
/// the hardest grade reached (rule 3); "<VB" style when it is easier than the system's first
/// grade. Works across disciplines: an IRCRA number has a reading in every system.
pub fn format_in(ircra: Ircra, system: GradeSystem) -> String {
    match Grade::from_ircra(ircra, system) {
        Some(g) => g.display_label(),
        None => format!("<{}", display_label(system, scale(system)[0])),
    }
}

/// British trad grades, converted **only roughly**.
///
/// A British grade is an adjectival grade for the whole route, which mixes difficulty with
/// danger and sustainedness (VS, HVS, E1 … E11), usually with a technical grade for its
/// hardest move (4a … 7b): "E1 5b". Neither maps cleanly onto one IRCRA number, and the IRCRA
/// table used here has no British column. The pairings below are the typical French sport
/// equivalents that UK conversion charts print for a *well-protected* route; they are an
/// approximation, not data: a bold E5 may be technically 6a. Show the result as "about".
pub mod british {
    use super::{Grade, GradeSystem, Ircra};
    use std::fmt;

    /// Adjectival grade → typical French sport grade (well protected; rough).
    const ADJECTIVAL: [(&str, &str); 19] = [
        ("M", "1"),
        ("D", "2"),
        ("VD", "3"),
        ("HVD", "3+"),
        ("S", "4"),
        ("HS", "4+"),
        ("VS", "5"),
        ("HVS", "5+"),
        ("E1", "6a"),
        ("E2", "6b"),
        ("E3", "6c"),
        ("E4", "7a"),
        ("E5", "7a+"),
        ("E6", "7b+"),
        ("E7", "7c+"),
        ("E8", "8a+"),
        ("E9", "8b"),
        ("E10", "8c"),
        ("E11", "9a"),
    ];

    /// Technical grade → typical French sport grade of a route with that crux (rough).
    const TECHNICAL: [(&str, &str); 11] = [
        ("4a", "4"),
        ("4b", "4+"),
        ("4c", "5"),
        ("5a", "5+"),
        ("5b", "6a"),
        ("5c", "6b"),
        ("6a", "6c"),
        ("6b", "7a+"),
        ("6c", "7b+"),
        ("7a", "8a"),
        ("7b", "8b+"),
    ];

    /// "E1 5b", "HVS", "5c": an adjectival grade, a technical grade, or both.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct BritishGrade {
        adjectival: Option<usize>,
        technical: Option<usize>,
    }

    #[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
    #[error("\"{input}\" isn't a British grade I know. Try one like VS 4c, E1 5b or E3.")]
    pub struct BritishGradeError {
        pub input: String,
    }

    /// Parses "E1 5b", "hvs 5a", "VS", "6a" (case and spacing tolerant; the adjectival grade
    /// first, the two separated by a space).
    pub fn parse(s: &str) -> Result<BritishGrade, BritishGradeError> {
        let err = || BritishGradeError {
            input: s.trim().to_string(),
        };
        let find = |table: &[(&str, &str)], word: &str| {
            table.iter().position(|(g, _)| g.eq_ignore_ascii_case(word))
        };
        let words: Vec<&str> = s.split_whitespace().collect();
        let (adjectival, technical) = match words.as_slice() {
            [one] => match find(&ADJECTIVAL, one) {
                Some(a) => (Some(a), None),
                None => (None, Some(find(&TECHNICAL, one).ok_or_else(err)?)),
            },
            [adj, tech] => (
                Some(find(&ADJECTIVAL, adj).ok_or_else(err)?),
                Some(find(&TECHNICAL, tech).ok_or_else(err)?),
            ),
            _ => return Err(err()),
        };
        Ok(BritishGrade {
            adjectival,
            technical,
        })
    }

    fn french_ircra(french: &str) -> Ircra {
        Grade {
            system: GradeSystem::French,
            label: french.to_string(),
        }
        .ircra()
        .unwrap_or(Ircra::new(1))
    }

    impl BritishGrade {
        /// "E1", "HVS".
        pub fn adjectival(&self) -> Option<&'static str> {
            self.adjectival.map(|i| ADJECTIVAL[i].0)
        }

        /// "5b".
        pub fn technical(&self) -> Option<&'static str> {
            self.technical.map(|i| TECHNICAL[i].0)
        }

        /// The French sport grade this roughly equals: the chart's pairing of each part, the
        /// lower of the two when both are given (same rule as [`Self::ircra_rough`]).
        pub fn french_rough(&self) -> Grade {
            let adj = self.adjectival.map(|i| ADJECTIVAL[i].1);
            let tech = self.technical.map(|i| TECHNICAL[i].1);
            let label = match (adj, tech) {
                (Some(a), Some(t)) if french_ircra(t) < french_ircra(a) => t,
                (Some(a), _) => a,
                (None, Some(t)) => t,
                (None, None) => "1",
            };
            Grade {
                system: GradeSystem::French,
                label: label.to_string(),
            }
        }

        /// A ROUGH IRCRA value: the French grade the chart pairs with each part, read on the
        /// IRCRA scale; with both parts, the lower (a bold "E5 5c" is not a 7a+ to climb).
        pub fn ircra_rough(&self) -> Ircra {
            let adj = self.adjectival.map(|i| french_ircra(ADJECTIVAL[i].1));
            let tech = self.technical.map(|i| french_ircra(TECHNICAL[i].1));
            match (adj, tech) {
                (Some(a), Some(t)) => a.min(t),
                (Some(v), None) | (None, Some(v)) => v,
                (None, None) => Ircra::new(1),
            }
        }
    }

    impl fmt::Display for BritishGrade {
        /// "E1 5b", "HVS", "5c".
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match (self.adjectival(), self.technical()) {
                (Some(a), Some(t)) => write!(f, "{a} {t}"),
                (Some(x), None) | (None, Some(x)) => f.write_str(x),
                (None, None) => Ok(()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use GradeSystem::*;

    fn g(system: GradeSystem, label: &str) -> Grade {
        Grade {
            system,
            label: label.to_string(),
        }
    }

    #[test]
    fn parses_each_system() {
        let cases: [(&str, Grade); 37] = [
            ("V5", g(V, "V5")),
            ("v5", g(V, "V5")),
            ("V 5", g(V, "V5")),
            (" v10 ", g(V, "V10")),
            ("V0-", g(V, "V0-")),
            ("v0+", g(V, "V0+")),
            ("VB", g(V, "VB")),
            ("V4+", g(V, "V4+")),
            ("6C+", g(Font, "6C+")),
            ("f6c+", g(Font, "6C+")),
            ("font 7a", g(Font, "7A")),
            ("Fb 7b+", g(Font, "7B+")),
            ("9A", g(Font, "9A")),
            ("font 5+", g(Font, "5+")),
            ("5.11c", g(Yds, "5.11c")),
            ("5.10 a", g(Yds, "5.10a")),
            ("5.9", g(Yds, "5.9")),
            ("5.9+", g(Yds, "5.9+")),
            ("5.12", g(Yds, "5.12")),
            ("5.15D", g(Yds, "5.15d")),
            ("7a+", g(French, "7a+")),
            ("6c", g(French, "6c")),
            ("9c", g(French, "9c")),
            ("5", g(French, "5")),
            ("5+", g(French, "5+")),
            ("4b", g(French, "4b")),
            ("7+", g(Uiaa, "7+")),
            ("VII+", g(Uiaa, "7+")),
            ("viii-", g(Uiaa, "8-")),
            ("uiaa 7", g(Uiaa, "7")),
            ("UIAA IX", g(Uiaa, "9")),
            ("uiaa V", g(Uiaa, "5")),
            ("uiaa V-/V", g(Uiaa, "5-")),
            ("V+/VI-", g(Uiaa, "5+")),
            ("24", g(Ewbank, "24")),
            ("ewbank 18", g(Ewbank, "18")),
            ("Ewbank 7", g(Ewbank, "7")),
        ];
        for (input, want) in cases {
            assert_eq!(Grade::parse(input), Ok(want), "{input}");
        }
    }

    #[test]
    fn discipline_decides_lowercase_letter_grades() {
        assert_eq!(
            Grade::parse_in("6c", Discipline::Boulder),
            Ok(g(Font, "6C"))
        );
        assert_eq!(
            Grade::parse_in("7a+", Discipline::Boulder),
            Ok(g(Font, "7A+"))
        );
        assert_eq!(
            Grade::parse_in("6c", Discipline::Route),
            Ok(g(French, "6c"))
        );
        assert_eq!(Grade::parse_in("5", Discipline::Boulder), Ok(g(Font, "5")));
        assert_eq!(
            Grade::parse_in("4+", Discipline::Boulder),
            Ok(g(Font, "4+"))
        );
        // Upper case is Font whatever the discipline; V is V.
        assert_eq!(Grade::parse_in("6C", Discipline::Route), Ok(g(Font, "6C")));
        assert_eq!(Grade::parse_in("v3", Discipline::Route), Ok(g(V, "V3")));
        // A French 5c has no Font equivalent letter: stays French.
        assert_eq!(
            Grade::parse_in("5c", Discipline::Boulder),
            Ok(g(French, "5c"))
        );
    }

    #[test]
    fn slashes_and_ranges_take_the_lower_grade() {
        let cases: [(&str, Grade); 11] = [
            ("7a/7a+", g(French, "7a")),
            ("7a+/7a", g(French, "7a")),
            ("6c/+", g(French, "6c")),
            ("6C/6C+", g(Font, "6C")),
            ("7a/b", g(French, "7a")),
            ("V4/5", g(V, "V4")),
            ("V4-5", g(V, "V4")),
            ("V5/V4", g(V, "V4")),
            ("5.10a/b", g(Yds, "5.10a")),
            ("VII/VII+", g(Uiaa, "7")),
            ("7 a / 7 a +", g(French, "7a")),
        ];
        for (input, want) in cases {
            assert_eq!(Grade::parse(input), Ok(want), "{input}");
        }
    }

    #[test]
    fn rejects_non_grades() {
        for input in [
            "",
            "  ",
            "V18",
            "5.16a",
            "5.9a",
            "9c+",
            "9A+",
            "9B",
            "10a",
            "font 6",
            "hello",
            "V",
            "7a++",
            "3c",
            "40",
            "13+",
            "0",
            "uiaa 13",
            "ewbank 40",
            "V5 foo",
            "6é",
        ] {
            assert!(Grade::parse(input).is_err(), "{input:?} should not parse");
        }
    }

    #[test]
    fn error_lists_examples() {
        let e = Grade::parse(" 9z ").unwrap_err();
        assert_eq!(e.input, "9z");
        assert_eq!(
            e.to_string(),
            "\"9z\" isn't a grade I know. Try one like V5, 6C+, 5.11c, 7a+ (or UIAA 7+, Ewbank 24)."
        );
    }

    #[test]
    fn display_is_the_label() {
        assert_eq!(Grade::parse("5.10 a").unwrap().to_string(), "5.10a");
        assert_eq!(Grade::parse("VII+").unwrap().to_string(), "7+");
    }

    #[test]
    fn finds_grades_in_text() {
        let text = "sent two V5 and a V6 flash, then 6b+ and 5.11c";
        assert_eq!(
            find_grades(text),
            vec![
                (9, g(V, "V5")),
                (18, g(V, "V6")),
                (33, g(French, "6b+")),
                (41, g(Yds, "5.11c")),
            ]
        );
        assert_eq!(find_grades("sent a 6c boulder"), vec![(7, g(Font, "6C"))]);
        assert_eq!(
            find_grades("onsighted 6c on lead"),
            vec![(10, g(French, "6c"))]
        );
        assert_eq!(
            find_grades("how many V5s this month?"),
            vec![(9, g(V, "V5"))]
        );
        assert_eq!(
            find_grades("3x V4, V3x2"),
            vec![(3, g(V, "V4")), (7, g(V, "V3"))]
        );
        assert_eq!(find_grades("3xV4"), vec![(2, g(V, "V4"))]);
        assert_eq!(
            find_grades("did a VII+ and a uiaa 8-"),
            vec![(6, g(Uiaa, "7+")), (17, g(Uiaa, "8-"))]
        );
        assert_eq!(
            find_grades("ewbank 24 at Arapiles"),
            vec![(0, g(Ewbank, "24"))]
        );
        assert_eq!(
            find_grades("font 7a in the forest"),
            vec![(0, g(Font, "7A"))]
        );
        assert_eq!(find_grades("f7a+ flash"), vec![(0, g(Font, "7A+"))]);
        assert_eq!(
            find_grades("project 7a/7a+ now"),
            vec![(8, g(French, "7a"))]
        );
        assert_eq!(find_grades("V4-V5 circuit"), vec![(0, g(V, "V4"))]);
        assert_eq!(find_grades("5.10 a"), vec![(0, g(Yds, "5.10a"))]);
        // A spaced "a" that starts a phrase is not the letter grade.
        assert_eq!(
            find_grades("5.10 a couple of times"),
            vec![(0, g(Yds, "5.10"))]
        );
        assert_eq!(find_grades("5.10 b"), vec![(0, g(Yds, "5.10b"))]);
    }

    #[test]
    fn ignores_numbers_that_are_not_grades() {
        for text in [
            "90 min at the gym",
            "1h30 session",
            "RPE 8, effort 7/10",
            "5.5 hours of climbing",
            "at 7am",
            "2026-11-24",
            "I climbed 3c today, it was cold",
            "did 4x4s",
            "I am okay",
            "version v2beta",
            "took 5.30pm train",
            "10a",
            "my score was 6a% better",
            "fontainebleau 7",
            "6 a side",
        ] {
            assert_eq!(find_grades(text), vec![], "{text}");
        }
    }

    #[test]
    fn infers_discipline() {
        assert_eq!(
            Discipline::infer("bouldering at the gym"),
            Some(Discipline::Boulder)
        );
        assert_eq!(Discipline::infer("led a 6c route"), Some(Discipline::Route));
        assert_eq!(Discipline::infer("went climbing"), None);
        assert_eq!(Discipline::infer("boulders then a route"), None);
    }
}

#[cfg(test)]
mod ircra_tests {
    use super::british;
    use super::*;
    use GradeSystem::*;

    fn g(system: GradeSystem, label: &str) -> Grade {
        Grade {
            system,
            label: label.to_string(),
        }
    }

    fn ircra(system: GradeSystem, label: &str) -> Option<f32> {
        g(system, label).ircra().map(Ircra::value)
    }

    /// Parses `text` as a grade of `system` (a prefix where bare numbers are ambiguous).
    fn parse_as(system: GradeSystem, text: &str) -> Grade {
        let prefixed = match system {
            Uiaa => format!("uiaa {text}"),
            Ewbank => format!("ewbank {text}"),
            Font => format!("font {text}"),
            _ => text.to_string(),
        };
        Grade::parse_in(&prefixed, system.discipline())
            .unwrap_or_else(|e| panic!("{system:?} {text}: {e}"))
    }

    /// The grade each system shows at each row (rule 3), columns as in [`IRCRA_TABLE`]:
    /// YDS, French, UIAA, Ewbank, V, Font. "" = nothing that easy.
    const AT_ROW: [[&str; 6]; 32] = [
        ["5.1", "1", "1", "4", "", ""],
        ["5.2", "2", "2", "6", "", ""],
        ["5.3", "2+", "3", "7", "", ""],
        ["5.4", "3-", "3+", "8", "", ""],
        ["5.5", "3", "4", "10", "", ""],
        ["5.6", "3+", "4+", "12", "", ""],
        ["5.7", "4", "5-", "13", "", ""],
        ["5.8", "4+", "5", "14", "", ""],
        ["5.9", "5", "5+", "16", "", ""],
        ["5.10a", "5+", "6-", "18", "VB", "3"],
        ["5.10b", "6a", "6+", "18", "V0-", "3"],
        ["5.10c", "6a+", "7-", "19", "V0", "4"],
        ["5.10d", "6b", "7", "20", "V0+", "4+"],
        ["5.11a", "6b+", "7", "21", "V1", "5"],
        ["5.11b", "6c", "7+", "21", "V1", "5+"],
        ["5.11c", "6c+", "8-", "22", "V2", "6A"],
        ["5.11d", "7a", "8", "23", "V3", "6B"],
        ["5.12a", "7a+", "8", "24", "V4", "6B+"],
        ["5.12b", "7b", "8+", "25", "V5", "6C"],
        ["5.12c", "7b+", "9-", "26", "V6", "7A"],
        ["5.12d", "7c", "9", "27", "V7", "7A+"],
        ["5.13a", "7c+", "9+", "28", "V8", "7B"],
        ["5.13b", "8a", "10-", "29", "V8", "7B+"],
        ["5.13c", "8a+", "10-", "30", "V9", "7C"],
        ["5.13d", "8b", "10", "31", "V10", "7C+"],
        ["5.14a", "8b+", "10+", "32", "V11", "8A"],
        ["5.14b", "8c", "11-", "33", "V12", "8A+"],
        ["5.14c", "8c+", "11", "34", "V13", "8B"],
        ["5.14d", "9a", "11+", "35", "V14", "8B+"],
        ["5.15a", "9a+", "11+", "36", "V14", "8B+"],
        ["5.15b", "9b", "12-", "37", "V15", "8C"],
        ["5.15c", "9b+", "12", "38", "V16", "8C+"],
    ];

    /// Cells whose grade already appeared in a lower row (rule 1): (row, system, value).
    /// Every other cell reads at its own row.
    const READ_LOWER: [(u8, GradeSystem, u8); 15] = [
        (3, Ewbank, 2),   // "6/8" → 6, alone in row 2
        (7, Ewbank, 6),   // "12/14" → 12, alone in row 6
        (11, Ewbank, 10), // "18/19" → 18, row 10
        (15, Ewbank, 14), // "21/22" → 21, row 14
        (12, Uiaa, 11),   // "VI+/VII-" → VI+, row 11
        (14, Uiaa, 13),   // "VII/VII+" → VII, row 13
        (18, Uiaa, 17),   // "VIII/VIII+" → VIII, row 17
        (24, Uiaa, 23),   // "X-/X" → X-, row 23
        (30, Uiaa, 29),   // "XI+/XII-" → XI+, row 29
        (15, V, 14),      // "V1/2" → V1, row 14
        (23, V, 22),      // "V8/9" → V8, row 22
        (30, V, 29),      // "V14/15" → V14, row 29
        (11, Font, 10),   // "3" again → row 10
        (25, Font, 24),   // "7C/7C+" → 7C, row 24
        (30, Font, 29),   // "8B+/8C" → 8B+, row 29
    ];

    #[test]
    fn every_row_in_every_system() {
        let mut cells = 0;
        let mut conversions = 0;
        for (i, (row, row_cells)) in IRCRA_TABLE.iter().enumerate() {
            assert_eq!(usize::from(*row), i + 1);
            for (col, system) in IRCRA_TABLE_COLUMNS.into_iter().enumerate() {
                // Rule 3: what each system shows at this row.
                let shown = Grade::from_ircra(Ircra::new(*row), system);
                let want = AT_ROW[i][col];
                assert_eq!(
                    shown.as_ref().map(|g| g.label.as_str()),
                    (!want.is_empty()).then_some(want),
                    "row {row} in {system:?}"
                );
                let cell = row_cells[col];
                if cell.is_empty() {
                    assert!(want.is_empty(), "row {row} {system:?}");
                    continue;
                }
                // Rule 1: the cell reads as its lower grade, at the lowest row naming it.
                let value = READ_LOWER
                    .iter()
                    .find(|(r, s, _)| r == row && *s == system)
                    .map_or(*row, |(_, _, v)| *v);
                let read = if (system, cell) == (French, "3-") {
                    // "3-" alone parses as UIAA; French 3- only exists in the table.
                    g(French, "3-")
                } else {
                    parse_as(system, cell)
                };
                let expected = g(system, AT_ROW[usize::from(value) - 1][col]);
                assert_eq!(read, expected, "cell {cell:?} row {row}");
                assert_eq!(read.ircra(), Some(Ircra::new(value)), "cell {cell:?}");
                cells += 1;
                // ... and converts to what every other system of its discipline shows there.
                for (col_b, target) in IRCRA_TABLE_COLUMNS.into_iter().enumerate() {
                    if target.is_boulder() != system.is_boulder() {
                        assert_eq!(read.to_system(target), None);
                        continue;
                    }
                    let want = AT_ROW[usize::from(value) - 1][col_b];
                    assert_eq!(
                        read.to_system(target),
                        Some(g(target, want)),
                        "{cell:?} (row {row}) in {target:?}"
                    );
                    conversions += 1;
                }
            }
        }
        // 32 rows x 4 route systems + 23 rows x 2 boulder systems.
        assert_eq!(cells, 32 * 4 + 23 * 2);
        assert_eq!(conversions, 32 * 4 * 4 + 23 * 2 * 2);
    }

    #[test]
    fn exact_values_of_named_and_between_grades() {
        let cases: [(GradeSystem, &str, f32); 36] = [
            // Rule 1.
            (V, "VB", 10.0),
            (V, "V8", 22.0),
            (V, "V9", 24.0),
            (V, "V10", 25.0),
            (V, "V14", 29.0),
            (V, "V15", 31.0),
            (Font, "3", 10.0),
            (Font, "6A", 16.0),
            (Font, "7C", 24.0),
            (Font, "8B+", 29.0),
            (Font, "8C", 31.0),
            (Uiaa, "4", 5.0),  // DOMAIN.md: 5 = IV
            (Uiaa, "5+", 9.0), // DOMAIN.md: 9 = V+
            (Uiaa, "7", 13.0),
            (Uiaa, "7+", 15.0),
            (Ewbank, "10", 5.0), // DOMAIN.md: 5 = 10-12
            (Ewbank, "16", 9.0), // DOMAIN.md: 9 = 16-18
            (Ewbank, "19", 12.0),
            (French, "7a", 17.0),
            (Yds, "5.12a", 18.0),
            // Rule 2: midway between neighbours.
            (Font, "6A+", 16.5),
            (Font, "6C+", 19.5),
            (Font, "7C+", 25.0),
            (Uiaa, "6", 10.5),
            (Uiaa, "7-", 12.0),
            (Ewbank, "5", 1.5),
            (Ewbank, "7", 3.0),
            (Ewbank, "13", 7.0),
            (Ewbank, "17", 9.5),
            // One past the top.
            (Yds, "5.15d", 33.0),
            (French, "9c", 33.0),
            (Uiaa, "12+", 33.0),
            (Ewbank, "39", 33.0),
            (V, "V17", 33.0),
            (Font, "9A", 33.0),
            (Yds, "5.1", 1.0),
        ];
        for (system, label, want) in cases {
            assert_eq!(ircra(system, label), Some(want), "{system:?} {label}");
        }
    }

    #[test]
    fn scales_strictly_increase_and_round_trip() {
        for system in GradeSystem::ALL {
            let mut last = None;
            for label in scale(system) {
                let grade = g(system, label);
                let value = grade.ircra().unwrap_or_else(|| panic!("{label}"));
                assert!(last < Some(value), "{system:?} {label}");
                last = Some(value);
                // Back to itself in its own system.
                assert_eq!(Grade::from_ircra(value, system), Some(grade.clone()));
                assert_eq!(grade.to_system(system), Some(grade.clone()));
                // Through any other system of the discipline and back: never higher.
                for other in GradeSystem::ALL {
                    let Some(there) = grade.to_system(other) else {
                        assert_ne!(other.is_boulder(), system.is_boulder());
                        continue;
                    };
                    let back = there.to_system(system).expect("same discipline");
                    assert!(back.ircra() <= Some(value), "{label} → {there} → {back}");
                }
                // The normalized label is what the parser produces (French 3- aside).
                if (system, *label) != (French, "3-") {
                    assert_eq!(parse_as(system, label), grade);
                }
            }
        }
    }

    #[test]
    fn conversions_between_systems() {
        let cases: [(Grade, GradeSystem, &str); 14] = [
            (g(V, "V5"), Font, "6C"),
            (g(Font, "6C"), V, "V5"),
            (g(Font, "6A+"), V, "V2"),
            (g(Font, "7C+"), V, "V10"),
            (g(V, "V9"), Font, "7C"),
            (g(Font, "7B+"), V, "V8"),
            (g(French, "7a"), Yds, "5.11d"),
            (g(French, "7a"), Uiaa, "8"),
            (g(French, "7a"), Ewbank, "23"),
            (g(Yds, "5.12a"), French, "7a+"),
            (g(Uiaa, "6"), French, "5+"),
            (g(Uiaa, "6"), Ewbank, "18"),
            (g(Ewbank, "19"), Uiaa, "7-"),
            (g(French, "9c"), Yds, "5.15d"),
        ];
        for (grade, target, want) in cases {
            assert_eq!(grade.to_system(target), Some(g(target, want)), "{grade:?}");
        }
        assert_eq!(g(V, "V5").to_system(French), None);
        assert_eq!(g(French, "7a").to_system(Font), None);
    }

    #[test]
    fn slash_grades_read_low_like_the_table() {
        // The climber's slash and the table's split cell follow the same rule.
        let cases: [(&str, GradeSystem, &str, f32); 8] = [
            ("7a/7a+", French, "7a", 17.0),
            ("6c/+", French, "6c", 15.0),
            ("V8/9", V, "V8", 22.0),
            ("V9/10", V, "V9", 24.0),
            ("6C/6C+", Font, "6C", 19.0),
            ("VII/VII+", Uiaa, "7", 13.0),
            ("5.10a/b", Yds, "5.10a", 10.0),
            ("V4-5", V, "V4", 18.0),
        ];
        for (text, system, label, value) in cases {
            let grade = Grade::parse(text).unwrap();
            assert_eq!(grade, g(system, label), "{text}");
            assert_eq!(grade.ircra().map(Ircra::value), Some(value), "{text}");
        }
    }

    #[test]
    fn grades_off_the_scale() {
        let cases: [(GradeSystem, &str, Option<f32>); 22] = [
            (V, "V4+", Some(18.5)),
            (V, "V4-", Some(17.5)),
            (V, "V17+", Some(33.5)),
            (Yds, "5.9+", Some(9.5)),
            (Yds, "5.9-", Some(8.5)),
            (Yds, "5.12-", Some(18.0)), // 5.12a
            (Yds, "5.12", Some(19.0)),  // 5.12b
            (Yds, "5.12+", Some(20.0)), // 5.12c
            (Yds, "5.15", Some(31.0)),  // 5.15b
            (Yds, "5.0", None),
            (French, "1+", Some(1.5)),
            (French, "4a", Some(5.0)),
            (French, "4c", Some(7.0)),
            (French, "5a", Some(8.0)),
            (French, "5c", Some(10.0)), // = 5+
            (French, "5c+", Some(10.5)),
            (Uiaa, "2+", Some(2.5)),
            (Uiaa, "4-", Some(4.5)),
            (Uiaa, "1-", None), // below IRCRA 1
            (Ewbank, "3", None),
            (Font, "3+", Some(10.5)),
            (V, "V99", None),
        ];
        for (system, label, want) in cases {
            assert_eq!(ircra(system, label), want, "{system:?} {label}");
        }
        // Off-scale grades show as the grade they reached.
        assert_eq!(g(V, "V4+").to_system(Font), Some(g(Font, "6B+")));
        assert_eq!(g(Yds, "5.12").to_system(French), Some(g(French, "7b")));
        assert_eq!(g(French, "5c").to_system(Yds), Some(g(Yds, "5.10a")));
        // Easier than anything the target grades, or nothing to convert.
        assert_eq!(g(Ewbank, "3").to_system(French), None);
        assert_eq!(g(V, "nonsense").ircra(), None);
        assert_eq!(g(V, "nonsense").to_system(Font), None);
    }

    #[test]
    fn every_parsed_grade_converts() {
        // Whatever the parser accepts has a value, apart from grades easier than IRCRA 1.
        for system in GradeSystem::ALL {
            for label in scale(system) {
                for suffix in ["", "+", "-"] {
                    let text = format!("{label}{suffix}");
                    let Ok(grade) = Grade::parse_in(
                        &match system {
                            Uiaa => format!("uiaa {text}"),
                            Ewbank => format!("ewbank {text}"),
                            Font => format!("font {text}"),
                            _ => text.clone(),
                        },
                        system.discipline(),
                    ) else {
                        continue;
                    };
                    // UIAA I- and YDS 5.1- are half a step below IRCRA 1.
                    let easiest = (grade.system, grade.label.as_str()) == (Uiaa, "1-")
                        || (grade.system, grade.label.as_str()) == (Yds, "5.1-");
                    assert_eq!(grade.ircra().is_some(), !easiest, "{grade:?}");
                }
            }
        }
        for n in 1..=3 {
            assert_eq!(g(Ewbank, &n.to_string()).ircra(), None);
        }
    }

    #[test]
    fn case_and_spacing_tolerant() {
        let cases: [(&str, f32); 8] = [
            (" v 9 ", 24.0),
            ("V9", 24.0),
            ("5.10 A", 10.0),
            ("f 6a+", 16.5),
            ("Font 7c+", 25.0),
            ("uiaa vii-", 12.0),
            ("VIII -", 16.0),
            ("Ewbank  24", 18.0),
        ];
        for (text, want) in cases {
            let grade = Grade::parse(text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(grade.ircra().map(Ircra::value), Some(want), "{text:?}");
        }
        // A hand-built grade with an unnormalized label still converts.
        assert_eq!(ircra(Uiaa, "VII+"), Some(15.0));
        assert_eq!(ircra(V, "v5"), Some(19.0));
        assert_eq!(ircra(Font, "6c+"), Some(19.5));
    }

    #[test]
    fn formats_in_the_preferred_system() {
        assert_eq!(format_in(Ircra::new(19), V), "V5");
        assert_eq!(format_in(Ircra::new(19), Font), "6C");
        assert_eq!(format_in(Ircra::new(19), French), "7b");
        assert_eq!(format_in(Ircra::new(19), Yds), "5.12b");
        assert_eq!(format_in(Ircra::new(19), Uiaa), "VIII+");
        assert_eq!(format_in(Ircra::new(19), Ewbank), "25");
        assert_eq!(format_in(Ircra::from_halves(33), Font), "6A+");
        assert_eq!(format_in(Ircra::from_halves(33), V), "V2");
        assert_eq!(format_in(Ircra::new(12), Uiaa), "VII-");
        assert_eq!(format_in(Ircra::new(10), Uiaa), "VI-");
        assert_eq!(format_in(Ircra::from_halves(21), Uiaa), "VI");
        // Easier than the system's first grade; harder than its last.
        assert_eq!(format_in(Ircra::new(9), V), "<VB");
        assert_eq!(format_in(Ircra::new(9), Font), "<3");
        assert_eq!(format_in(Ircra::new(0), Uiaa), "<I");
        assert_eq!(format_in(Ircra::new(40), French), "9c");
        // Display labels.
        assert_eq!(g(Uiaa, "12+").display_label(), "XII+");
        assert_eq!(g(Uiaa, "1").display_label(), "I");
        assert_eq!(g(Font, "6A+").display_label(), "6A+");
    }

    #[test]
    fn ircra_numbers() {
        assert_eq!(Ircra::new(17).to_string(), "17");
        assert_eq!(Ircra::from_halves(33).to_string(), "16.5");
        assert_eq!(Ircra::from_halves(33).value(), 16.5);
        assert_eq!(Ircra::from_value(16.4), Some(Ircra::from_halves(33)));
        assert_eq!(Ircra::from_value(16.76), Some(Ircra::new(17)));
        assert_eq!(Ircra::from_value(-1.0), None);
        assert_eq!(Ircra::from_value(f64::NAN), None);
        assert_eq!(Ircra::from_value(200.0), None);
        assert!(Ircra::new(16) < Ircra::from_halves(33));
        assert_eq!(
            serde_json::to_string(&Ircra::from_halves(33)).unwrap(),
            "16.5"
        );
        assert_eq!(
            serde_json::from_str::<Ircra>("23.5").unwrap(),
            Ircra::from_halves(47)
        );
        assert!(serde_json::from_str::<Ircra>("-3").is_err());
    }

    #[test]
    fn profile_systems() {
        assert_eq!(GradeSystem::from(BoulderGradeSystem::V), V);
        assert_eq!(GradeSystem::from(BoulderGradeSystem::Font), Font);
        assert_eq!(GradeSystem::from(RouteGradeSystem::French), French);
        assert_eq!(GradeSystem::from(RouteGradeSystem::Yds), Yds);
        assert_eq!(GradeSystem::from(RouteGradeSystem::Uiaa), Uiaa);
        assert_eq!(GradeSystem::from(RouteGradeSystem::Ewbank), Ewbank);
        for s in BoulderGradeSystem::ALL {
            assert_eq!(BoulderGradeSystem::try_from(GradeSystem::from(s)), Ok(s));
        }
        for s in RouteGradeSystem::ALL {
            assert_eq!(RouteGradeSystem::try_from(GradeSystem::from(s)), Ok(s));
        }
        assert_eq!(BoulderGradeSystem::try_from(Yds), Err(Yds));
        assert_eq!(RouteGradeSystem::try_from(Font), Err(Font));
        assert_eq!(V.discipline(), Discipline::Boulder);
        assert_eq!(Ewbank.discipline(), Discipline::Route);
    }

    #[test]
    fn examples_parse_in_their_system() {
        for system in GradeSystem::ALL {
            assert_eq!(examples(system).len(), 3);
            for text in examples(system) {
                let grade = Grade::parse(text).unwrap();
                assert_eq!(grade.system, system, "{text}");
                assert!(grade.ircra().is_some());
            }
        }
    }

    #[test]
    fn british_grades_are_rough() {
        let cases: [(&str, &str, f32); 10] = [
            ("E1 5b", "E1 5b", 11.0),   // 6a and 6a
            ("hvs 5a", "HVS 5a", 10.0), // 5+ and 5+
            ("VS", "VS", 9.0),          // 5
            ("e5 5c", "E5 5c", 13.0),   // bold: min(7a+ = 18, 6b = 13)
            ("E1 6a", "E1 6a", 11.0),   // min(6a = 11, 6c = 15)
            ("  E3  ", "E3", 15.0),     // 6c
            ("6a", "6a", 15.0),         // tech alone: 6c
            ("E11", "E11", 29.0),       // 9a
            ("M", "M", 1.0),            // French 1
            ("7b", "7b", 26.0),         // 8b+
        ];
        for (text, shown, want) in cases {
            let grade = british::parse(text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(grade.to_string(), shown);
            assert_eq!(grade.ircra_rough().value(), want, "{text}");
        }
        let e1 = british::parse("E1 5b").unwrap();
        assert_eq!(e1.adjectival(), Some("E1"));
        assert_eq!(e1.technical(), Some("5b"));
        for bad in ["", "E12", "HVS 7c", "5b E1", "E1 5b 6a", "V5", "6a+"] {
            assert!(british::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            british::parse(" E12 ").unwrap_err().to_string(),
            "\"E12\" isn't a British grade I know. Try one like VS 4c, E1 5b or E3."
        );
    }
}
