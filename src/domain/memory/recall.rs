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

/// Words too common to say anything about relevance.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "did", "do", "does", "for",
    "from", "had", "has", "have", "how", "i", "if", "in", "is", "it", "its", "me", "my", "of",
    "on", "or", "so", "that", "the", "this", "to", "was", "we", "what", "when", "which", "who",
    "why", "will", "with", "you", "your",
];

/// Most words a recall query searches for.
const MAX_QUERY_WORDS: usize = 12;

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

/// Turns free text into a safe FTS5 query over one climber's scoped terms: distinct words,
/// each quoted (so no user text is read as FTS syntax), joined with OR. `None` when nothing
/// searchable is left.
pub fn fts_query(scope: &str, text: &str) -> Option<String> {
    let mut picked: Vec<String> = Vec::new();
    for w in words(text) {
        if w.chars().count() >= 2 && !STOPWORDS.contains(&w.as_str()) && !picked.contains(&w) {
            picked.push(w);
        }
        if picked.len() == MAX_QUERY_WORDS {
            break;
        }
    }
    (!picked.is_empty()).then(|| {
        picked
            .iter()
            .map(|w| format!("\"{scope}{w}\""))
            .collect::<Vec<_>>()
            .join(" OR ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_queries_quote_scoped_words_and_drop_noise() {
        let s = "0000000000000042";
        assert_eq!(
            fts_query(s, "What did I say about my A2 pulley?").as_deref(),
            Some(
                "\"0000000000000042say\" OR \"0000000000000042about\" OR \
                 \"0000000000000042a2\" OR \"0000000000000042pulley\""
            )
        );
        assert_eq!(
            fts_query(s, "\"; DROP TABLE x; -- NEAR(a b)").as_deref(),
            Some(
                "\"0000000000000042drop\" OR \"0000000000000042table\" OR \"0000000000000042near\""
            )
        );
        assert_eq!(fts_query(s, "the a I ?"), None);
        assert_eq!(fts_query(s, ""), None);
        assert_eq!(
            fts_query(s, "crimp crimp CRIMP").as_deref(),
            Some("\"0000000000000042crimp\"")
        );
    }

    #[test]
    fn queries_stop_at_twelve_words() {
        let text = (1..=20)
            .map(|i| format!("word{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let q = fts_query("0000000000000001", &text).unwrap();
        assert_eq!(q.matches(" OR ").count(), 11);
        assert!(q.ends_with("word12\""));
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
