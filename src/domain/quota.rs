//! How much one climber may keep: conversations, messages, journal entries and stored bytes.
//! The pure part: the limits, what a climber uses, and the message in words when something
//! new would go past a limit. (The check itself runs in `server::services::quota`.)
use serde::{Deserialize, Serialize};

/// The per-climber quotas (`CLIMBER_MAX_*`, see README). The defaults are far above what a
/// climber who trains every day for decades keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuotaLimits {
    /// Conversations with the coach.
    pub threads: u64,
    /// Messages across all conversations (the climber's and the coach's).
    pub messages: u64,
    pub journal_entries: u64,
    /// Messages and journal entries together, in bytes.
    pub stored_bytes: u64,
}

impl Default for QuotaLimits {
    fn default() -> Self {
        Self {
            threads: 2_000,
            messages: 100_000,
            journal_entries: 20_000,
            stored_bytes: 500 * 1_000_000,
        }
    }
}

/// What a climber keeps now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    pub threads: u64,
    pub messages: u64,
    pub journal_entries: u64,
    pub stored_bytes: u64,
}

/// What a write would add.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Adding {
    pub threads: u64,
    pub messages: u64,
    pub journal_entries: u64,
    pub bytes: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuotaKind {
    Threads,
    Messages,
    JournalEntries,
    StoredBytes,
}

/// A write refused because it would go past a quota. Nothing was saved; what was saved before
/// is untouched. The message says what to do.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct QuotaExceeded {
    pub kind: QuotaKind,
    pub message: String,
}

impl QuotaExceeded {
    /// 413 for stored bytes (too large), 409 for a count.
    pub fn status(&self) -> u16 {
        match self.kind {
            QuotaKind::StoredBytes => 413,
            _ => 409,
        }
    }
}

/// `12345` as "12,345".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Bytes as "500 MB" / "12.5 MB" / "900 KB" (decimal units, as the setting is given).
pub fn size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        let mb = bytes as f64 / 1_000_000.0;
        if mb >= 100.0 || (mb - mb.round()).abs() < 0.05 {
            format!("{} MB", thousands(mb.round() as u64))
        } else {
            format!("{mb:.1} MB")
        }
    } else {
        format!("{} KB", bytes.div_ceil(1000))
    }
}

/// Checks `adding` against `limits` given `usage`: the first quota it would pass, in words.
/// Adding nothing of a kind never fails on that kind, so a climber already over a lowered
/// limit can still do everything that doesn't add to it.
pub fn check(limits: &QuotaLimits, usage: &Usage, adding: &Adding) -> Result<(), QuotaExceeded> {
    let over = |have: u64, add: u64, max: u64| add > 0 && have.saturating_add(add) > max;
    if over(usage.threads, adding.threads, limits.threads) {
        return Err(QuotaExceeded {
            kind: QuotaKind::Threads,
            message: format!(
                "You have {} conversations with the coach, the most one account can keep. \
                 Delete some old ones to start a new one, or carry on in one you have.",
                thousands(usage.threads)
            ),
        });
    }
    if over(usage.messages, adding.messages, limits.messages) {
        return Err(QuotaExceeded {
            kind: QuotaKind::Messages,
            message: format!(
                "Your conversations hold {} messages, the most one account can keep. \
                 Export your memory and delete old conversations to send more.",
                thousands(usage.messages)
            ),
        });
    }
    if over(
        usage.journal_entries,
        adding.journal_entries,
        limits.journal_entries,
    ) {
        let message = if adding.journal_entries > 1 {
            format!(
                "This would bring your journal to {} entries; one account can keep {}. \
                 Nothing was imported. Export and delete old entries, or import fewer rows \
                 (room for {}).",
                thousands(usage.journal_entries + adding.journal_entries),
                thousands(limits.journal_entries),
                thousands(limits.journal_entries.saturating_sub(usage.journal_entries))
            )
        } else {
            format!(
                "You have {} journal entries, the most one account can keep. \
                 Export and delete old ones to add more.",
                thousands(usage.journal_entries)
            )
        };
        return Err(QuotaExceeded {
            kind: QuotaKind::JournalEntries,
            message,
        });
    }
    if over(usage.stored_bytes, adding.bytes, limits.stored_bytes) {
        return Err(QuotaExceeded {
            kind: QuotaKind::StoredBytes,
            message: format!(
                "Your conversations and journal take up {} of the {} one account can keep, \
                 and this would go past it. Export and delete old conversations or entries \
                 to make room.",
                size(usage.stored_bytes),
                size(limits.stored_bytes)
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> QuotaLimits {
        QuotaLimits {
            threads: 3,
            messages: 10,
            journal_entries: 5_000,
            stored_bytes: 2_000_000,
        }
    }

    #[test]
    fn numbers_read_like_words() {
        assert_eq!(thousands(5_000), "5,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(size(500_000_000), "500 MB");
        assert_eq!(size(12_500_000), "12.5 MB");
        assert_eq!(size(2_000_000), "2 MB");
        assert_eq!(size(900), "1 KB");
    }

    #[test]
    fn at_the_limit_the_next_one_is_refused_with_what_to_do() {
        let usage = Usage {
            journal_entries: 5_000,
            ..Usage::default()
        };
        let one = Adding {
            journal_entries: 1,
            bytes: 100,
            ..Adding::default()
        };
        let e = check(&limits(), &usage, &one).unwrap_err();
        assert_eq!(e.kind, QuotaKind::JournalEntries);
        assert_eq!(e.status(), 409);
        assert_eq!(
            e.message,
            "You have 5,000 journal entries, the most one account can keep. Export and delete \
             old ones to add more."
        );
        // One below the limit, the last one still fits.
        let below = Usage {
            journal_entries: 4_999,
            ..Usage::default()
        };
        assert_eq!(check(&limits(), &below, &one), Ok(()));
    }

    #[test]
    fn an_import_that_does_not_fit_says_how_many_would() {
        let usage = Usage {
            journal_entries: 4_990,
            ..Usage::default()
        };
        let e = check(
            &limits(),
            &usage,
            &Adding {
                journal_entries: 20,
                ..Adding::default()
            },
        )
        .unwrap_err();
        assert!(e.message.contains("5,010 entries"), "{}", e.message);
        assert!(e.message.contains("room for 10"), "{}", e.message);
        assert!(e.message.contains("Nothing was imported"), "{}", e.message);
    }

    #[test]
    fn bytes_are_413_and_counts_are_409() {
        let usage = Usage {
            stored_bytes: 1_999_000,
            threads: 3,
            ..Usage::default()
        };
        let e = check(
            &limits(),
            &usage,
            &Adding {
                messages: 1,
                bytes: 5_000,
                ..Adding::default()
            },
        )
        .unwrap_err();
        assert_eq!((e.kind, e.status()), (QuotaKind::StoredBytes, 413));
        assert!(e.message.contains("2 MB"), "{}", e.message);
        let e = check(
            &limits(),
            &usage,
            &Adding {
                threads: 1,
                ..Adding::default()
            },
        )
        .unwrap_err();
        assert_eq!((e.kind, e.status()), (QuotaKind::Threads, 409));
    }

    #[test]
    fn adding_nothing_of_a_kind_never_fails_on_it() {
        // Over every limit (an operator lowered them): a write that adds none passes.
        let usage = Usage {
            threads: 9,
            messages: 99,
            journal_entries: 9_999,
            stored_bytes: 9_999_999,
        };
        assert_eq!(check(&limits(), &usage, &Adding::default()), Ok(()));
    }
}
