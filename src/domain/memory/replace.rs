//! The guard on rewriting a whole section of the climber profile (the coach's `remember`
//! tool in `replace` mode). A small model once "replaced" the Injuries section with an
//! unrelated sentence and the climber's pulley injury was gone. The rule:
//!
//! - a section that holds no fact yet (empty or the template's "(unknown)") may be replaced
//!   with anything;
//! - otherwise the new text must restate every fact it keeps: a bullet of the section that
//!   shares no key word with the new text (a word of 3+ letters that isn't a filler, or any
//!   word with a digit: "A2", "V5", "2027"; plurals count as the singular) would be dropped,
//!   and the replace is refused, naming those bullets;
//! - unless the caller confirms that the dropped facts no longer hold (`confirmed`: the
//!   climber said so).
//!
//! So "A2 pulley tweak, left ring" → "A2 pulley healed, cleared by physio" goes through,
//! "A2 pulley tweak" → "likes slab" is refused, and "A2 pulley tweak" → "none" needs the
//! confirmation.
use crate::domain::lexicon::tokens::alnum_words;

/// Why a replace was refused: the section's facts the new text would drop, as written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("this would drop {} from the section", dropped.join("; "))]
pub struct ReplaceRefused {
    pub dropped: Vec<String>,
}

/// Words that carry no fact of their own.
const FILLERS: &[&str] = &[
    "the", "and", "for", "with", "has", "have", "had", "was", "were", "are", "but", "not", "his",
    "her", "their", "they", "she", "him", "from", "into", "onto", "this", "that", "these", "those",
    "then", "than", "very", "really", "some", "any", "all", "now", "also", "still", "just",
    "about", "when", "after", "before", "since", "can", "cant", "does", "did", "doesn", "isn",
    "its", "who", "what", "which", "out", "off", "over", "per", "one", "two",
];

/// The key words of a text, lower-case, plurals as the singular.
fn key_words(text: &str) -> Vec<String> {
    alnum_words(text)
        .into_iter()
        .map(|(w, _)| w)
        .filter(|w| {
            let digit = w.bytes().any(|b| b.is_ascii_digit());
            (digit && w.len() >= 2) || (w.chars().count() >= 3 && !FILLERS.contains(&w.as_str()))
        })
        .map(|w| match w.strip_suffix('s') {
            Some(stem) if stem.chars().count() >= 3 && !stem.ends_with('s') => stem.to_string(),
            _ => w,
        })
        .collect()
}

/// The facts of a section body: its non-empty lines without bullet marks, leaving out the
/// template's "(unknown)".
pub fn section_facts(body: &str) -> Vec<String> {
    body.lines()
        .map(|l| l.trim().trim_start_matches(['-', '*']).trim())
        .filter(|l| !l.is_empty() && !l.eq_ignore_ascii_case("(unknown)"))
        .map(str::to_string)
        .collect()
}

/// Whether `note` may replace the section whose current body is `body` (see the module
/// documentation for the rule).
pub fn check_replace(body: &str, note: &str, confirmed: bool) -> Result<(), ReplaceRefused> {
    if confirmed {
        return Ok(());
    }
    let kept = key_words(note);
    let dropped: Vec<String> = section_facts(body)
        .into_iter()
        .filter(|fact| {
            let words = key_words(fact);
            // A fact of filler words only ("ok") is not worth a refusal.
            !words.is_empty() && !words.iter().any(|w| kept.contains(w))
        })
        .collect();
    if dropped.is_empty() {
        Ok(())
    } else {
        Err(ReplaceRefused { dropped })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_or_template_section_takes_anything() {
        assert_eq!(check_replace("", "likes slab", false), Ok(()));
        assert_eq!(check_replace("- (unknown)\n", "likes slab", false), Ok(()));
    }

    #[test]
    fn unrelated_text_over_a_fact_is_refused_with_the_fact_named() {
        let body = "- A2 pulley tweak, left ring finger (Nov)\n- sore elbows after campus";
        let e = check_replace(body, "The climber is a nice person", false).unwrap_err();
        assert_eq!(
            e.dropped,
            vec![
                "A2 pulley tweak, left ring finger (Nov)".to_string(),
                "sore elbows after campus".to_string()
            ]
        );
        assert!(e.to_string().contains("A2 pulley tweak"));
        assert!(check_replace(body, "none", false).is_err());
        assert!(check_replace(body, "", false).is_err());
    }

    #[test]
    fn an_update_that_restates_each_fact_goes_through() {
        let body = "- A2 pulley tweak, left ring finger\n- sore elbows after campus";
        assert_eq!(
            check_replace(body, "A2 pulley healed; elbows fine since December", false),
            Ok(())
        );
        // Dropping one of two facts is still dropping a fact.
        let e = check_replace(body, "A2 pulley healed", false).unwrap_err();
        assert_eq!(e.dropped, vec!["sore elbows after campus".to_string()]);
        // Grades and numbers are key words; plurals match the singular.
        assert_eq!(
            check_replace("- project V5", "sent V5, now V6", false),
            Ok(())
        );
        assert_eq!(check_replace("- crimps", "hates crimp now", false), Ok(()));
    }

    #[test]
    fn confirmation_lets_a_fact_go() {
        let body = "- A2 pulley tweak";
        assert_eq!(check_replace(body, "none", true), Ok(()));
        assert_eq!(check_replace(body, "likes slab", true), Ok(()));
    }

    #[test]
    fn filler_only_lines_are_not_facts_worth_refusing() {
        assert_eq!(check_replace("- ok\n\n- *", "likes slab", false), Ok(()));
        assert_eq!(section_facts("- a\n* b\n- (Unknown)\n"), vec!["a", "b"]);
    }
}
