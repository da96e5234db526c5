//! Deterministic intent recognition and slot extraction for the offline coach (the coach that
//! runs when no language model is configured). [`recognize`] turns one chat message into an
//! [`Intent`] with its slots filled: a session log's date, activity, place, duration, sends,
//! RPE and pain; a history question's period and grade; a fact to remember and its section.
//!
//! # How a message is read
//! The message is split into lower-case words (letters and digits apart: "1h30" is "1 h 30",
//! "rpe8" is "rpe 8"; "what's" is "what"). Words of 5+ letters that are one edit (insertion,
//! deletion, substitution or swap of neighbours) away from a known keyword of 6+ letters are
//! read as that keyword ("boudlering", "bouldred", "hangbaord", "asessment"; "programme" is a
//! synonym of "program"). Grades are found in the original text by
//! [`find_grade_spans`](super::grade::find_grade_spans), the discipline (boulder/route)
//! taken from the activity named in the message, so "6c" in a bouldering log is Font 6C.
//!
//! # Priority rules (the first that matches wins)
//! 1. **Explicit remember**: the message starts with "remember (that)", "note (that)",
//!    "make a note", "don't forget", "keep in mind" or "for the record" (after fillers such as
//!    "please", "coach", "can you"). Its section is chosen from the rest of the message by
//!    rule 8, defaulting to "Preferences"; even "remember I sent V7 yesterday" is a fact.
//! 2. **Session log**, unless the message is a question or a request ("show ..."). It is a log
//!    when it has
//!    - sends (a grade governed by a send word: "sent two V5", "V6 flash", "3x V4"), or
//!    - a duration and an activity or a past-tense verb ("90 min bouldering",
//!      "did 45 minutes"), or
//!    - a past-tense climbing verb and an activity, a place or a day ("climbed outside on
//!      saturday", "trained yesterday"),
//!
//!    and then it is a log even if it mentions pain (the pain goes in the `pain` slot).
//!    Weaker evidence, a past verb with an activity or "session" ("went bouldering", "had a
//!    good session"), or an activity and a past day ("bouldering yesterday"), makes a log only
//!    when no pain is mentioned: "my finger hurts after bouldering yesterday" is an injury
//!    report (rule 8). Future or wishes ("tomorrow", "want to", "can", "will", "next") block
//!    a log unless the message also has a past-tense verb.
//! 3. **Load**: "am I overtraining?", "what's my ACWR", "should I deload this week?"; not a
//!    general question about deloads ("whats a good deload", "how often should I deload").
//!    **Assessment**: "assessment", "assess", "test me", "test", "benchmark", "evaluate",
//!    "baseline".
//! 4. **Program**: "program", "plan" (not "plan to"), "training block|schedule", or a next
//!    session phrase ("next session", "what should I do today", "what's next"). A creating
//!    verb (make, create, build, new, update, "give me", "help me plan", need, want, ...)
//!    gives [`ProgramAsk::Create`], else a next-session phrase [`ProgramAsk::NextSession`],
//!    else [`ProgramAsk::Show`]. "should I do|train|climb|work" is a next-session phrase only
//!    for today or next, or when no advice topic is named ("how often should I train" and
//!    "should I train fingers or power?" are rule 7).
//! 5. **Help** phrases: "help" in a message of at most three words, "what can you do",
//!    "how does this work", "how do I log ...", "who are you"; not "help with slab" or
//!    "how do I start hangboarding", which name an advice topic and no part of the app.
//! 6. **History**: a question or request ("show my sessions ...") that names a period, asks
//!    "how many", or names past training ("did", "sent", "sessions", "log", ...). The period
//!    defaults to [`Period::All`]; the grade is the first one named. Without a period or a
//!    past verb, "how many sessions a week should I do" asks how to train (rule 7).
//! 7. **Advice**: a general training question ("how do I train for overhangs?", "how often
//!    shld I hangboard", "cant do slabs lol any tips") that reports no pain and gives no name:
//!    its [`Topic`] (see `advice.rs`). A statement without ask words ("I want to get better at
//!    slab") is left to rule 8.
//! 8. **Implicit remember** (not for questions, except a name): in this order, Name ("my name
//!    is", "call me", "I go by", "I'm Sam" alone), Goals (goal, aim, target, dream, project),
//!    Injuries (pain or injury words, not negated), Schedule (weekdays, weekends, mornings,
//!    "N days a week"), Preferences (prefer, like, love, enjoy, hate, "rather", "don't want"),
//!    Goals again (want/hope/trying to ..., "by June"), Equipment (hangboard, rings, weights,
//!    ... with have/got/own/my), Level and grades (a grade with climb/max/hardest/usually...,
//!    or beginner/intermediate/advanced, "been climbing").
//! 9. **Help** again: any message with "help".
//! 10. **Greeting**: only greeting words ("hi", "hello coach", "good morning").
//! 11. Fear said without a question ("im scared to fall"): advice on falling.
//! 12. Otherwise [`Intent::Unknown`].
//!
//! # Slots
//! - Date: [`parse_relative_day`] on the (typo-corrected) text, default today.
//! - Duration: "90 min", "90mins", "45'", "1h", "1h30", "1 h 30", "1.5h", "1.5 hours",
//!   "2 hrs", "an hour", "one hour", "an hour and a half", "half an hour",
//!   "1 hour and 20 minutes"; kept when 1..=1440 minutes.
//! - RPE: "RPE 8", "rpe8", "rpe: 7", "effort 7/10", "7/10"; decimals round half up
//!   (7.5 → 8); the first mention outside 1..=10 is ignored (no RPE).
//! - Sends: a grade counts as a send when a send word governs it: the style word right after
//!   it ("V6 flash", "7a onsight") or else the nearest send verb before it in the same
//!   sentence ("flashed V3, V4 and V5" flashes all three), stopped by an attempt or wish word
//!   ("tried", "projected", "want", "goal", "not" ...); or an explicit count ("3x V4",
//!   "V4 x3", "V4 three times"). Count: the number word or digits before ("two V5", "3 V4s",
//!   "a couple of V5s" = 2, "a few V4s" = 3, "a V6" = 1) or the "x N"/"N times"/"twice" after;
//!   default 1. Styles: flash, onsight, redpoint, repeat/lapped, else send.
//! - Activity: the first activity word in the message (phrases like "campus board", "top
//!   rope" first). Without one, the sends' grades decide (V/Font → bouldering, route grades →
//!   sport), then "redpointed"/"onsighted" → sport, else [`Activity::Other`].
//! - Location: the first place word (gym/indoors; outside/crag/rock; home/garage).
//! - Pain: the clause around the first non-negated pain word ("sore", "hurts", "tweaked",
//!   "pain", ...), cut at commas and at "but"/"and my|I|it ...", as typed.
mod advice;
mod body;
mod convert;
mod facts;
mod help;
mod history;
#[cfg(test)]
mod linear;
mod load;
mod log;
mod message;
mod pain;
mod program;
mod refusal;
mod sends;
mod talk;
#[cfg(test)]
mod tests;
mod types;
mod wellness;

pub use advice::{advice_words, Topic};
pub use body::{HangTest, PullTest, KG_PER_LB};
pub use convert::{conversion_answer, GradeQuestion};
pub use load::load_answer;
pub use pain::BODY_PARTS;
pub use refusal::{refusal_words, Refusal};
pub use talk::{small_talk_words, IncompleteLog, SmallTalk};
pub use types::{
    Activity, Fact, HistoryQuery, Intent, Location, ProgramAsk, Send, SendStyle, SessionLog,
};
pub use wellness::{RestLog, Wellness};

use super::grade::{find_grade_spans, Discipline, Grade, GradeMatch};
use super::lexicon::calendar::WEEKDAY_NAMES;
use super::lexicon::duration::{duration_at as read_duration, SESSION};
use super::lexicon::numbers::{number_word, tens_and_unit};
use super::lexicon::tokens::{coach_words, is_apostrophe};
use super::lexicon::units::is_minute;
use super::lexicon::Words;
use super::memory::WORKING_MEMORY_SECTIONS;
use super::when::{parse_relative_day, Date, Period};
use super::work::tick;

// Each intent's reader lives in a file of its own; they share the message ([`message::Msg`])
// and each other's helpers through these imports.
use self::facts::*;
use self::help::*;
use self::history::*;
use self::log::*;
use self::message::*;
use self::pain::*;
use self::program::*;
use self::sends::*;

/// Reads one chat message. `today` resolves "yesterday", "on tuesday", ...
pub fn recognize(text: &str, today: Date) -> Intent {
    let m = Msg::new(text);
    if m.toks.is_empty() {
        return Intent::Unknown;
    }
    if let Some(topic) = talk::recall_topic(&m) {
        return Intent::Recall(topic);
    }
    if let Some(r) = refusal::refusal(&m, today) {
        return Intent::Refuse(r);
    }
    if let Some(t) = body::hang_test(&m) {
        return Intent::TestResult(t);
    }
    if let Some(t) = body::pull_test(&m) {
        return Intent::PullResult(t);
    }
    if !m.is_question() && m.activity.is_none() && m.grades.is_empty() {
        if let Some(kg) = body::bodyweight(&m) {
            return Intent::Bodyweight(kg);
        }
    }
    if let Some(f) = explicit_remember(&m) {
        return Intent::Remember(f);
    }
    if let Some(r) = wellness::rest_log(&m, today) {
        return Intent::Rest(r);
    }
    if let Some(log) = log_then_question(&m, today) {
        return Intent::LogSession(log);
    }
    if let Some(log) = session_log(&m, today) {
        // "log a session, 1h": a log still needs its kind.
        if refusal::log_command(&m)
            && log.activity == Activity::Other
            && log.sends.is_empty()
            && log.pain.is_none()
        {
            return Intent::LogIncomplete(IncompleteLog {
                activity: None,
                duration_min: log.duration_min,
            });
        }
        return Intent::LogSession(log);
    }
    if let Some(q) = convert::grade_question(&m) {
        return Intent::GradeConvert(q);
    }
    if load::is_load_question(&m) {
        return Intent::Load;
    }
    if let Some(inc) = talk::incomplete_log(&m) {
        return Intent::LogIncomplete(inc);
    }
    if is_assessment(&m) {
        return Intent::Assessment;
    }
    if let Some(p) = program_ask(&m) {
        return Intent::Program(p);
    }
    if is_help(&m) {
        return Intent::Help;
    }
    if let Some(q) = history_query(&m, today) {
        return Intent::AskHistory(q);
    }
    if let Some(t) = advice::advice(&m) {
        return Intent::Advice(t);
    }
    if let Some(f) = classify_fact(&m, false) {
        return Intent::Remember(f);
    }
    if is_greeting(&m) {
        return Intent::Greeting;
    }
    if let Some(t) = talk::small_talk(&m) {
        return Intent::SmallTalk(t);
    }
    if m.has("help") {
        return Intent::Help;
    }
    if advice::stated_fear(&m) {
        return Intent::Advice(Topic::Mental);
    }
    Intent::Unknown
}
