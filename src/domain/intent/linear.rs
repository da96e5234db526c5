//! The readers of free text stay linear in the length of a message, up to the chat's 32 KB
//! limit, on adversarial input too ("V5 " × 10 000, long runs of digits and punctuation):
//! the offline coach's, the timer's request and duration readers, and onboarding's lenient
//! answers, all on the shared [`crate::domain::lexicon`].
//! Work is counted in steps by [`crate::domain::work`], not timed, so the test is
//! deterministic: a reader that went back over the message for each word would blow the
//! per-byte budget by orders of magnitude at 32 KB.
use proptest::prelude::*;

use super::recognize;
use crate::domain::grade::find_grade_spans;
use crate::domain::onboarding::lenient;
use crate::domain::timer::{looks_like_timer_request, parse_duration, parse_timer_request};
use crate::domain::when::{parse_relative_day, Date, Period};
use crate::domain::work::count;

/// The chat's message limit.
const LIMIT: usize = 32 * 1024;

/// Steps allowed per byte of input (ordinary messages take well under 100).
const STEPS_PER_BYTE: u64 = 400;

fn today() -> Date {
    Date::new(2026, 11, 25).unwrap()
}

/// Every reader of free text: the offline coach's as it runs them, the timer's and
/// onboarding's.
fn steps(text: &str) -> u64 {
    count(|| {
        let _ = recognize(text, today());
        let _ = Period::find(text);
        let _ = parse_relative_day(text, today());
        let _ = find_grade_spans(text, None);
        let _ = parse_duration(text);
        let _ = parse_timer_request(text);
        let _ = looks_like_timer_request(text);
        let _ = lenient::parse_days_per_week(text);
        let _ = lenient::parse_session_minutes(text);
        let _ = lenient::find_schedule(text);
        let _ = lenient::parse_years_on(text, today());
        let _ = lenient::parse_age(text);
        let _ = lenient::parse_hangboard_history(text);
        let _ = lenient::parse_length_cm(text);
        let _ = lenient::goal_from_text(text, today());
        let _ = lenient::parse_target_date(text, today());
        let _ = lenient::find_bodyweight(text);
        let _ = lenient::read_equipment_reply(text);
    })
    .1
}

fn check(text: &str) {
    let n = text.len() as u64 + 1;
    let s = steps(text);
    assert!(
        s <= STEPS_PER_BYTE * n,
        "{s} steps for {n} bytes starting {:?}",
        &text[..text.len().min(40)]
    );
}

/// Repeats `piece` up to the limit.
fn fill(piece: &str) -> String {
    piece.repeat(LIMIT / piece.len().max(1))
}

#[test]
fn adversarial_messages_take_linear_work() {
    for piece in [
        "V5 ",
        "sent V5 ",
        "flashed 6c+, ",
        "9",
        "1.",
        "-",
        "+",
        "…",
        "!?",
        "2 x ",
        "3x V4 ",
        "1h30 ",
        "-30 min ",
        "20 min x 2 ",
        "clicking ",
        "shoulder clicking ",
        "down to ",
        "5.16 sent ",
        "v ",
        "v",
        "font ",
        "ewbank 24 ",
        "in october since september ",
        "2026-11-2",
        "hung 20mm +20kg for 10s ",
        "rest day slept badly energy 2/5 ",
        "what did I tell you about ",
        "no no no ",
        "'",
        "a couple of ",
        "          ",
        "é",
        "7 on 3 off ",
        "7/3 x 6, ",
        "2m30s ",
        "1:30 ",
        "fifty-three ",
        "timer for 2 min ",
        "hang for ",
        "no prep ",
        "3x a week ",
        "60-90 min ",
        "every other day ",
        "5'10\" ",
        "7c by june ",
        "in 3 months ",
        "hangboard at home, no campus board ",
        "an hour and a half ",
        "since 2019 ",
        "sat sesh ",
        "uiaa 7+ and 8- ",
        "a 21 and a 22 (ewbank) ",
        "5 and 5+ font ",
    ] {
        check(&fill(piece));
    }
}

#[test]
fn work_grows_in_proportion_to_length() {
    // Ten times the text, about ten times the work (not a hundred).
    for piece in [
        "V5 ",
        "sent V5 ",
        "9",
        "clicking shoulder ",
        "v ",
        "7 on 3 off ",
        "1h30 ",
        "every other day ",
        "font 5 ",
    ] {
        let small = steps(&piece.repeat(1000));
        let large = steps(&piece.repeat(10_000));
        assert!(large <= small * 12, "{piece:?}: {small} -> {large}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any mix of words, grades, numbers and punctuation up to the limit.
    #[test]
    fn any_message_takes_linear_work(
        pieces in proptest::collection::vec(
            prop_oneof![
                proptest::sample::select(vec![
                    "V5", "6c+", "5.12a", "9", "1.5", "x", "min", "h", "-", "+", "/", ".", ",",
                    "sent", "flashed", "tried", "hang", "kg", "shoulder", "clicking",
                    "yesterday", "october", "since", "in", "last", "3", "weeks", "v", "rest",
                    "day", "energy", "?", "'", "é", "then", "and", "on", "off", "timer", "reps",
                    "sets", "x", "1:30", "7/3", "a", "couple", "of", "hour", "half", "every",
                    "other", "week", "font", "uiaa", "ewbank", "sat", "by", "june", "ft", "'",
                ])
                .prop_map(str::to_string),
                "[a-z0-9 .,+-]{0,12}",
            ],
            1..4000,
        ),
        sep in prop_oneof![Just(" "), Just(""), Just(", ")],
    ) {
        let mut text = pieces.join(sep);
        let mut cut = text.len().min(LIMIT);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        let n = text.len() as u64 + 1;
        let s = steps(&text);
        prop_assert!(s <= STEPS_PER_BYTE * n, "{} steps for {} bytes", s, n);
    }
}
