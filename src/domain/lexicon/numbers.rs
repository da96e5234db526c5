//! Numbers as words: "seven", "forty five", "a couple of", "a few", "a dozen".
use super::Words;
use crate::domain::work::tick;

/// "zero" ... "nineteen", and the tens "twenty" ... "ninety".
pub fn number_word(w: &str) -> Option<u32> {
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

/// "forty" and "five" as one number (45): a round ten followed by a unit 1-9.
pub fn tens_and_unit(tens: u32, unit_word: &str) -> Option<u32> {
    if tens < 20 || !tens.is_multiple_of(10) {
        return None;
    }
    number_word(unit_word)
        .filter(|u| (1..=9).contains(u))
        .map(|u| tens + u)
}

/// How many a quantity word means: "couple" 2, "few" / "several" 3, "dozen" 12.
pub fn quantity_word(w: &str) -> Option<f64> {
    match w {
        "couple" => Some(2.0),
        "few" | "several" => Some(3.0),
        "dozen" => Some(12.0),
        _ => None,
    }
}

/// A count read at a token.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Count {
    pub value: f64,
    /// Tokens used.
    pub len: usize,
    /// A bare "a" / "an": one, but only meaningful before a unit ("an hour").
    pub article: bool,
}

/// A count at token `i`: digits ("3", "1.5"), number words ("seven", "forty five"),
/// "a couple (of)" / "couple of" (2), "a few" / "several" (3), "a dozen" (12), or "a" / "an"
/// alone (1, marked as an article).
pub fn count_at<W: Words + ?Sized>(w: &W, i: usize) -> Option<Count> {
    tick(1);
    let count = |value: f64, len: usize| Count {
        value,
        len,
        article: false,
    };
    if let Some(value) = w.number(i) {
        return Some(count(value, 1));
    }
    let article = usize::from(matches!(w.word(i), "a" | "an"));
    let word = w.word(i + article);
    if let Some(q) = quantity_word(word) {
        // "a couple of", "couple of"; "a few", "several"
        let of = usize::from(word == "couple" && w.word(i + article + 1) == "of");
        return Some(count(q, article + 1 + of));
    }
    if article == 1 {
        return Some(Count {
            article: true,
            ..count(1.0, 1)
        });
    }
    let n = number_word(word)?;
    match tens_and_unit(n, w.word(i + 1)) {
        Some(n) => Some(count(f64::from(n), 2)),
        None => Some(count(f64::from(n), 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::lexicon::tokens::tokenize;

    #[test]
    fn number_words() {
        assert_eq!(number_word("zero"), Some(0));
        assert_eq!(number_word("nineteen"), Some(19));
        assert_eq!(number_word("twenty"), Some(20));
        assert_eq!(number_word("ninety"), Some(90));
        assert_eq!(number_word("hundred"), None);
        assert_eq!(tens_and_unit(40, "five"), Some(45));
        assert_eq!(tens_and_unit(45, "five"), None);
        assert_eq!(tens_and_unit(10, "five"), None);
    }

    #[test]
    fn counts() {
        let at = |text: &str| count_at(tokenize(text).as_slice(), 0).map(|c| (c.value, c.len));
        assert_eq!(at("3 days"), Some((3.0, 1)));
        assert_eq!(at("1.5 h"), Some((1.5, 1)));
        assert_eq!(at("a couple of hours"), Some((2.0, 3)));
        assert_eq!(at("couple hours"), Some((2.0, 1)));
        assert_eq!(at("a few"), Some((3.0, 2)));
        assert_eq!(at("several"), Some((3.0, 1)));
        assert_eq!(at("a dozen"), Some((12.0, 2)));
        assert_eq!(at("an hour"), Some((1.0, 1)));
        assert_eq!(at("few"), Some((3.0, 1)));
        assert_eq!(at("hour"), None);
        assert!(count_at(tokenize("an hour").as_slice(), 0).unwrap().article);
    }
}
