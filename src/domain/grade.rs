//! Climbing grades as climbers type them ("v5", "6C+", "5.10 a", "VII+", "7a/7a+"), parsed
//! into a system and a normalized label. Conversion between systems (IRCRA) comes later.
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
use serde::{Deserialize, Serialize};
use std::fmt;

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
/// "uiaa" prefix, Ewbank an "ewbank" prefix); French/Font letter grades start at 5; a
/// single-letter roman numeral needs a "+"/"-"; a grade followed by a unit ("5.5 hours",
/// "6a kg") is not a grade. A plural "s" ("V5s") is allowed after a grade.
pub fn find_grade_spans(text: &str, discipline: Option<Discipline>) -> Vec<GradeMatch> {
    let src = Src::new(text);
    let mode = Mode {
        free: true,
        disc: discipline,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < src.low.len() {
        if src.boundary_before(i) {
            if let Some(r) = grade_at(&src, i, mode) {
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
                    roman(
                        src,
                        j,
                        Mode {
                            free: false,
                            ..mode
                        },
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
    if m == 0 && (word == "v" || (mode.free && word.len() == 1)) {
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
    if let Some(second) = single_at(src, k, mode).filter(|s| s.grade.system == sys) {
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
        let cases: [(&str, Grade); 34] = [
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
