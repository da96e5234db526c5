//! Full-text recall terms, scoped to one climber inside the index.
//!
//! One FTS5 index holds every climber's messages. With plain words, the index entry for
//! "pulley" lists every message of every climber that says it, and a recall had to read
//! through all of them before keeping the asker's: it slowed down as other climbers wrote
//! (1.9 ms p50 at 200,000 messages). So every indexed word, and every searched word, carries
//! the climber's scope as a prefix: a recall only ever reads that climber's own entries, and
//! its cost follows the climber's history, not everyone's.
//!
//! The scope is 16 decimal digits of a stable hash of the user id (FNV-1a, written out here
//! so it never changes with a compiler or library version). Digits because FTS5's porter
//! stemmer treats them as consonants, so the prefix barely touches how the word itself is
//! stemmed, and because a fixed length means `scope ++ word` can only be read one way. Two
//! climbers sharing a scope (a hash collision) would still never see each other's messages:
//! the store keeps only rows whose owner column is the asker.

use std::collections::HashMap;

/// Words too common to say anything about relevance.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "did", "do", "does", "for",
    "from", "had", "has", "have", "how", "i", "if", "in", "is", "it", "its", "me", "my", "of",
    "on", "or", "so", "that", "the", "this", "to", "was", "we", "what", "when", "which", "who",
    "why", "will", "with", "you", "your",
];

/// Most words a recall query searches for. Each searched word is one index lookup, so this
/// bounds the cost of a recall whatever the agent or climber sends.
const MAX_QUERY_WORDS: usize = 8;

/// The climber's recall scope: 16 digits, the same for the same user id forever.
pub fn recall_scope(user: &str) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let hash = user
        .bytes()
        .fold(OFFSET, |h, b| (h ^ u64::from(b)).wrapping_mul(PRIME));
    format!("{:016}", hash % 10_000_000_000_000_000)
}

/// The words of `text` as FTS5 should see them: lower-case, split on anything that is not
/// a letter or digit.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// What goes into the index for a message: each word with the climber's scope in front.
pub fn scoped_terms(scope: &str, text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for w in words(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(scope);
        out.push_str(&w);
    }
    out
}

/// Turns free text into safe FTS5 queries over one climber's scoped terms, one per distinct
/// word, in the order they first appear. Each is a quoted phrase, so no user text is read
/// as FTS syntax. Empty when nothing searchable is left.
pub fn match_terms(scope: &str, text: &str) -> Vec<String> {
    let mut picked: Vec<String> = Vec::new();
    for w in words(text) {
        if w.chars().count() >= 2 && !STOPWORDS.contains(&w.as_str()) && !picked.contains(&w) {
            picked.push(w);
        }
        if picked.len() == MAX_QUERY_WORDS {
            break;
        }
    }
    picked.iter().map(|w| format!("\"{scope}{w}\"")).collect()
}

/// Orders recall candidates, best first.
///
/// `matches[i]` holds the messages (by seq) that contain searched word `i`: the newest
/// `cap` of them, the most the store reads per word. A word's weight falls with how many
/// messages hold it (its inverse document frequency), so one rare word ("ring") outweighs
/// a word the climber says all the time ("pulley"), however recently; a word that filled
/// its `cap` counts as common. A message scores the sum of the weights of the words it
/// holds, and ties go to the newer message. How often a word repeats inside one message
/// is not counted: chat messages are short, and the words they share with the query are
/// what tells them apart.
pub fn rank_matches(matches: &[Vec<i64>], cap: usize) -> Vec<i64> {
    let cap = cap.max(1) as f64;
    let mut by_seq: HashMap<i64, f64> = HashMap::new();
    for found in matches {
        if found.is_empty() {
            continue;
        }
        let weight = (1.0 + 2.0 * cap / (found.len() as f64).min(cap)).ln();
        for &seq in found {
            *by_seq.entry(seq).or_default() += weight;
        }
    }
    let mut scores: Vec<(i64, f64)> = by_seq.into_iter().collect();
    scores.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
    scores.into_iter().map(|(seq, _)| seq).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_terms_quote_scoped_words_and_drop_noise() {
        let s = "0000000000000042";
        assert_eq!(
            match_terms(s, "What did I say about my A2 pulley?"),
            [
                "\"0000000000000042say\"",
                "\"0000000000000042about\"",
                "\"0000000000000042a2\"",
                "\"0000000000000042pulley\""
            ]
        );
        assert_eq!(
            match_terms(s, "\"; DROP TABLE x; -- NEAR(a b)"),
            [
                "\"0000000000000042drop\"",
                "\"0000000000000042table\"",
                "\"0000000000000042near\""
            ]
        );
        assert!(match_terms(s, "the a I ?").is_empty());
        assert!(match_terms(s, "").is_empty());
        assert_eq!(
            match_terms(s, "crimp crimp CRIMP"),
            ["\"0000000000000042crimp\""]
        );
    }

    #[test]
    fn queries_stop_at_eight_words() {
        let text = (1..=20)
            .map(|i| format!("word{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let terms = match_terms("0000000000000001", &text);
        assert_eq!(terms.len(), 8);
        assert_eq!(terms[7], "\"0000000000000001word8\"");
    }

    #[test]
    fn a_rare_word_outranks_a_common_one_however_recent() {
        // "ring" is in one old message; "pulley" fills its cap with newer ones.
        let pulley: Vec<i64> = (100..132).rev().collect();
        let ring = vec![7];
        let ranked = rank_matches(&[ring, pulley], 32);
        assert_eq!(ranked[0], 7);
        // The rest are pulley-only messages, newest first.
        assert_eq!(&ranked[1..4], &[131, 130, 129]);
        assert_eq!(ranked.len(), 33);
    }

    #[test]
    fn messages_holding_more_searched_words_rank_higher() {
        let finger = vec![50, 40, 30];
        let pulley = vec![60, 40, 20];
        let crimp = vec![40, 10];
        let ranked = rank_matches(&[finger, pulley, crimp], 32);
        assert_eq!(ranked[0], 40, "the only message with all three words");
        // 10 holds "crimp" (2 messages), rarer than the others (3 each); then newest first.
        assert_eq!(&ranked[1..], &[10, 60, 50, 30, 20]);
    }

    #[test]
    fn ranking_nothing_gives_nothing() {
        assert!(rank_matches(&[], 32).is_empty());
        assert!(rank_matches(&[vec![], vec![]], 32).is_empty());
        // A zero cap is treated as one rather than dividing by zero.
        assert_eq!(rank_matches(&[vec![3, 2]], 0), [3, 2]);
    }

    #[test]
    fn scope_is_sixteen_digits_stable_and_per_user() {
        let a = recall_scope("7f1c1f8e-1f4e-4bb4-9b43-2d5f0f6f7a10");
        assert_eq!(a.len(), 16);
        assert!(a.bytes().all(|b| b.is_ascii_digit()));
        // Pinned: the scope is stored in the index, so changing the hash would silently
        // break recall of every message already saved.
        assert_eq!(recall_scope(""), "5981039346656037");
        assert_eq!(recall_scope("bench-user"), recall_scope("bench-user"));
        assert_ne!(recall_scope("climber-a"), recall_scope("climber-b"));
    }

    #[test]
    fn indexed_terms_carry_the_scope_on_every_word() {
        assert_eq!(
            scoped_terms("1234567890123456", "Left ring-finger PULLEY, 2nd day!"),
            "1234567890123456left 1234567890123456ring 1234567890123456finger \
             1234567890123456pulley 12345678901234562nd 1234567890123456day"
        );
        assert_eq!(scoped_terms("1234567890123456", " \n?! "), "");
        // Letters outside ASCII stay in the word; FTS5 folds their accents on both sides.
        assert_eq!(
            scoped_terms("1234567890123456", "Épaule"),
            "1234567890123456épaule"
        );
    }
}
