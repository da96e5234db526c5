//! Free-text timer requests ("7 on 3 off, 6 reps, 3 sets", "timer 2 min", "max hangs")
//! into a [`TimerPlan`], and [`looks_like_timer_request`] for the chat intent router.
//!
//! # How a request is read
//! The text is tokenized like [`parse_duration`](super::parse_duration)'s input (so "x6",
//! "2m30s", "seven" and "1:30" all work), then read in passes; each pass claims the tokens it
//! uses so that later passes can't read them again:
//! 1. "no/without/skip (the) get ready / prep / prepare" → no get-ready.
//! 2. The first preset name ([`Preset::from_text`]'s aliases): its values are the defaults.
//! 3. Counts: "N reps|rep|hangs|rounds|intervals" → reps, "N sets|set|cycles" → sets,
//!    "x N", "N x", "N times" → an unnamed count (see below).
//! 4. Work/rest pairs: "7/3", "40/20", "7:3", "10-20" (seconds unless a unit is given).
//! 5. Durations ("7", "10 s", "2 min", "1:30", "half a minute"), each given a role by the
//!    keyword right before it ("hang 10 s", "rest 3 min", "rest between sets 2 min",
//!    "get ready 5 s"; "for"/"of"/"a"/"the"/":" in between are skipped) or else right after
//!    it ("7 on", "3 off", "30 s work", "30 s rest", "3 min between sets", "5 s get ready").
//!    "timer"/"countdown" is the weakest keyword: "timer 7 on" is work, "timer 2 min" is a
//!    plain duration. A number with no unit is seconds.
//!
//! Then: a duration with no role is the work ("ARC 25 min", "10 seconds, 5 sets") or, alone,
//! a countdown ("2 min", "timer for 1 hour"); a unit-less one needs "timer"/"countdown" next to
//! it or to be the whole text ("90"). Unnamed counts fill reps then sets when there is a rest
//! between reps ("40/20 x 8" = 8 reps), else sets then reps ("max hangs x 6" = 6 sets). With
//! one rep per set, a rest is the rest between sets ("hang 10 seconds rest 3 minutes 5 sets").
//! Sets without a set rest get [`DEFAULT_SET_REST_S`] (a preset's own set rest if it has one).
//! A plain countdown has no get-ready; everything else gets [`DEFAULT_PREPARE_S`]. A rest
//! alone ("5 min rest", "3 min between sets") is a rest countdown labelled "5 min rest".
//!
//! # Refusals
//! A number nothing explains is refused rather than guessed: "7 0n 3 off" is
//! [`TimerError::Unclear`] (about "0"), as are a slot given twice ("3 sets, 4 sets") and
//! fractional counts. "7 on 3 off" alone is [`TimerError::NoReps`]; counts with no work
//! ("6 reps") are [`TimerError::NoWork`]; no timer at all is [`TimerError::NotATimer`];
//! a plan outside the limits gets [`TimerPlan::validate`]'s message. "40:20" is a clock time
//! (40 min 20 s): write "40/20" for a work/rest pair.
use super::duration::{duration_at, to_seconds, tokenize, Tok, MINUS};
use crate::domain::lexicon::{self, units::TimeUnit, Words};

/// The request's tokens with the claimed ones hidden: a claimed token reads as the end.
struct Unclaimed<'a> {
    toks: &'a [Tok],
    used: &'a [bool],
}

impl Unclaimed<'_> {
    fn free(&self, i: usize) -> bool {
        !self.used.get(i).copied().unwrap_or(true)
    }
}

impl Words for Unclaimed<'_> {
    fn word(&self, i: usize) -> &str {
        if self.free(i) {
            self.toks.word(i)
        } else {
            ""
        }
    }

    fn number(&self, i: usize) -> Option<f64> {
        self.toks.number(i).filter(|_| self.free(i))
    }

    fn clock(&self, i: usize) -> Option<u32> {
        self.toks.clock(i).filter(|_| self.free(i))
    }

    fn mark(&self, i: usize) -> Option<TimeUnit> {
        self.toks.mark(i).filter(|_| self.free(i))
    }
}
use super::plan::{format_duration, TimerError, TimerPlan, DEFAULT_PREPARE_S, DEFAULT_SET_REST_S};
use super::presets::{self, Preset};

/// What a duration in the request is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Work,
    Rest,
    SetRest,
    Prepare,
    /// Next to "timer"/"countdown": a plain duration, but a unit-less number is allowed.
    Timer,
}

/// Keyword phrases, longest first so "set rest" wins over "rest".
const BEFORE: &[(&[&str], Role)] = &[
    (&["rest", "between", "each", "set"], Role::SetRest),
    (&["rest", "between", "sets"], Role::SetRest),
    (&["rest", "between", "set"], Role::SetRest),
    (&["between", "sets"], Role::SetRest),
    (&["set", "rest"], Role::SetRest),
    (&["get", "ready"], Role::Prepare),
    (&["rest"], Role::Rest),
    (&["recovery"], Role::Rest),
    (&["recover"], Role::Rest),
    (&["hang"], Role::Work),
    (&["hangs"], Role::Work),
    (&["work"], Role::Work),
    (&["prepare"], Role::Prepare),
    (&["prep"], Role::Prepare),
    (&["timer"], Role::Timer),
    (&["countdown"], Role::Timer),
];

const AFTER: &[(&[&str], Role)] = &[
    (&["rest", "between", "each", "set"], Role::SetRest),
    (&["rest", "between", "sets"], Role::SetRest),
    (&["rest", "between", "set"], Role::SetRest),
    (&["break", "between", "sets"], Role::SetRest),
    (&["between", "each", "set"], Role::SetRest),
    (&["between", "sets"], Role::SetRest),
    (&["between", "set"], Role::SetRest),
    (&["set", "rest"], Role::SetRest),
    (&["to", "get", "ready"], Role::Prepare),
    (&["get", "ready"], Role::Prepare),
    (&["rest"], Role::Rest),
    (&["off"], Role::Rest),
    (&["recovery"], Role::Rest),
    (&["break"], Role::Rest),
    (&["on"], Role::Work),
    (&["work"], Role::Work),
    (&["hang"], Role::Work),
    (&["hangs"], Role::Work),
    (&["prep"], Role::Prepare),
    (&["prepare"], Role::Prepare),
    (&["timer"], Role::Timer),
    (&["countdown"], Role::Timer),
];

/// Words skipped between a keyword and the duration it names ("hang for 10 s").
const PREFIX_FILLERS: &[&str] = &["for", "of", "a", "an", "the", "is"];
const REP_WORDS: &[&str] = &[
    "reps",
    "rep",
    "repetitions",
    "repetition",
    "hangs",
    "rounds",
    "round",
    "intervals",
];
const SET_WORDS: &[&str] = &["sets", "set", "cycles", "cycle"];
const NO_PREPARE: &[&[&str]] = &[
    &["get", "ready"],
    &["getready"],
    &["prepare"],
    &["preparation"],
    &["prep"],
    &["lead", "in"],
];

/// A duration with no role.
struct Bare {
    seconds: u32,
    has_unit: bool,
    timer_word: bool,
    text: String,
}

#[derive(Default)]
struct Slots {
    work: Option<u32>,
    rest: Option<u32>,
    set_rest: Option<u32>,
    prepare: Option<u32>,
    reps: Option<u32>,
    sets: Option<u32>,
    /// "x 6", "6 times": reps or sets, decided in [`build`].
    unnamed: Vec<(u32, String)>,
    bare: Vec<Bare>,
}

struct Reader {
    toks: Vec<Tok>,
    used: Vec<bool>,
    slots: Slots,
}

/// Reads a timer request; see the module docs for the grammar and the defaults.
pub fn parse_timer_request(text: &str) -> Result<TimerPlan, TimerError> {
    let toks = tokenize(text);
    let only_a_number = toks.iter().filter(|t| !matches!(t, Tok::Sym(_))).count() == 1;
    let mut r = Reader {
        used: vec![false; toks.len()],
        toks,
        slots: Slots::default(),
    };
    r.reject_negative()?;
    r.no_prepare();
    let preset = r.preset();
    r.counts()?;
    r.pairs()?;
    r.durations()?;
    r.reject_leftover_numbers()?;
    build(preset, r.slots, only_a_number)
}

impl Reader {
    fn word(&self, i: usize) -> Option<&str> {
        self.toks.get(i).and_then(Tok::word)
    }

    fn free_word(&self, i: usize, w: &str) -> bool {
        !self.used.get(i).copied().unwrap_or(true) && self.word(i) == Some(w)
    }

    /// Whether `phrase` is at `i`, unclaimed.
    fn phrase_at(&self, i: usize, phrase: &[&str]) -> bool {
        phrase
            .iter()
            .enumerate()
            .all(|(k, w)| self.free_word(i + k, w))
    }

    fn claim(&mut self, from: usize, len: usize) {
        for u in &mut self.used[from..from + len] {
            *u = true;
        }
    }

    fn span_text(&self, from: usize, len: usize) -> String {
        let parts: Vec<String> = self.toks[from..from + len].iter().map(Tok::text).collect();
        parts.join(" ")
    }

    /// A duration at `i` that reads only unclaimed tokens (a claimed token ends it, as the
    /// end of the text would; looked at lazily, so reading every token stays linear).
    fn duration(&self, i: usize) -> Option<(f64, usize, bool)> {
        if self.used.get(i).copied().unwrap_or(true) {
            return None;
        }
        let view = Unclaimed {
            toks: &self.toks,
            used: &self.used,
        };
        lexicon::duration::duration_at(&view, i, &lexicon::duration::TIMER)
            .map(|d| (d.seconds, d.len, d.unit))
    }

    fn reject_negative(&self) -> Result<(), TimerError> {
        let negative = self.toks.windows(2).any(|w| {
            w[0] == Tok::Sym(MINUS) && matches!(w[1], Tok::Num { .. } | Tok::Clock { .. })
        });
        if negative {
            Err(TimerError::NegativeDuration)
        } else {
            Ok(())
        }
    }

    fn no_prepare(&mut self) {
        for i in 0..self.toks.len() {
            if !["no", "without", "skip"]
                .iter()
                .any(|w| self.free_word(i, w))
            {
                continue;
            }
            let k = i + 1 + usize::from(self.free_word(i + 1, "the"));
            if let Some(p) = NO_PREPARE.iter().find(|p| self.phrase_at(k, p)) {
                self.claim(i, k - i + p.len());
                self.slots.prepare = Some(0);
            }
        }
    }

    fn preset(&mut self) -> Option<Preset> {
        let (preset, from, to) = presets::find(&self.toks)?;
        self.claim(from, to - from);
        Some(preset)
    }

    /// Named counts ("6 reps", "3 sets", "6 times") first, then "x 6", then "6x", so that in
    /// "7/3 x 6" the 6 is the count and in "6x 3 sets" the 6 is.
    fn counts(&mut self) -> Result<(), TimerError> {
        for pass in [CountForm::Named, CountForm::XBefore, CountForm::XAfter] {
            for i in 0..self.toks.len() {
                let Some(value) = self.toks[i].num().filter(|_| !self.used[i]) else {
                    continue;
                };
                let next = self.word(i + 1).filter(|_| !self.used[i + 1]);
                let (slot, from) = match (pass, next) {
                    (CountForm::Named, Some(w)) if REP_WORDS.contains(&w) => {
                        (Some(CountSlot::Reps), i)
                    }
                    (CountForm::Named, Some(w)) if SET_WORDS.contains(&w) => {
                        (Some(CountSlot::Sets), i)
                    }
                    (CountForm::Named, Some("times")) => (None, i),
                    (CountForm::XBefore, _) if i > 0 && self.free_word(i - 1, "x") => (None, i - 1),
                    (CountForm::XAfter, Some("x")) => (None, i),
                    _ => continue,
                };
                let opens_pair = matches!(self.toks.get(i + 1), Some(Tok::Sym('/' | ':' | '-')));
                if opens_pair || unit_follows(&self.toks, i) {
                    continue;
                }
                let text = self.toks[i].text();
                let n = whole_count(value, &text)?;
                match slot {
                    Some(CountSlot::Reps) => set_once(&mut self.slots.reps, n, &text)?,
                    Some(CountSlot::Sets) => set_once(&mut self.slots.sets, n, &text)?,
                    None => self.slots.unnamed.push((n, text)),
                }
                self.claim(from, 2);
            }
        }
        Ok(())
    }

    fn pairs(&mut self) -> Result<(), TimerError> {
        for i in 0..self.toks.len() {
            let Some((work, n, _)) = self.duration(i) else {
                continue;
            };
            let sep = i + n;
            let is_sep = matches!(self.toks.get(sep), Some(Tok::Sym('/' | ':' | '-')));
            if !is_sep || self.used[sep] {
                continue;
            }
            let Some((rest, m, _)) = self.duration(sep + 1) else {
                continue;
            };
            let text = self.span_text(i, n + 1 + m);
            set_once(&mut self.slots.work, to_seconds(work)?, &text)?;
            set_once(&mut self.slots.rest, to_seconds(rest)?, &text)?;
            self.claim(i, n + 1 + m);
        }
        Ok(())
    }

    fn durations(&mut self) -> Result<(), TimerError> {
        let mut i = 0;
        while i < self.toks.len() {
            let Some((seconds, n, has_unit)) = self.duration(i) else {
                i += 1;
                continue;
            };
            let before = self.role_before(i);
            let after = self.role_after(i + n);
            let chosen = match (before, after) {
                (Some((Role::Timer, _, _)), Some(a)) if a.0 != Role::Timer => Some(a),
                (Some(b), _) => Some(b),
                (None, a) => a,
            };
            let text = self.span_text(i, n);
            let seconds = to_seconds(seconds)?;
            let role = chosen.map(|(role, from, len)| {
                self.claim(from, len);
                role
            });
            let s = &mut self.slots;
            match role {
                Some(Role::Work) => set_once(&mut s.work, seconds, &text)?,
                Some(Role::Rest) => set_once(&mut s.rest, seconds, &text)?,
                Some(Role::SetRest) => set_once(&mut s.set_rest, seconds, &text)?,
                Some(Role::Prepare) => set_once(&mut s.prepare, seconds, &text)?,
                Some(Role::Timer) | None => s.bare.push(Bare {
                    seconds,
                    has_unit,
                    timer_word: role == Some(Role::Timer),
                    text,
                }),
            }
            self.claim(i, n);
            i += n;
        }
        Ok(())
    }

    /// The keyword phrase ending right before token `i` (skipping fillers), with its span.
    fn role_before(&self, i: usize) -> Option<(Role, usize, usize)> {
        let mut end = i;
        while end > 0 && !self.used[end - 1] {
            let filler = match &self.toks[end - 1] {
                Tok::Word(w) => PREFIX_FILLERS.contains(&w.as_str()),
                Tok::Sym(':' | '=') => true,
                _ => false,
            };
            if !filler {
                break;
            }
            end -= 1;
        }
        BEFORE.iter().find_map(|(phrase, role)| {
            let start = end.checked_sub(phrase.len())?;
            self.phrase_at(start, phrase)
                .then_some((*role, start, phrase.len()))
        })
    }

    /// The keyword phrase starting at token `i` (an "of" first is skipped), with its span.
    fn role_after(&self, i: usize) -> Option<(Role, usize, usize)> {
        let k = i + usize::from(self.free_word(i, "of"));
        AFTER.iter().find_map(|(phrase, role)| {
            self.phrase_at(k, phrase)
                .then_some((*role, i, k - i + phrase.len()))
        })
    }

    fn reject_leftover_numbers(&self) -> Result<(), TimerError> {
        let left = self
            .toks
            .iter()
            .zip(&self.used)
            .find(|(t, used)| !**used && matches!(t, Tok::Num { .. } | Tok::Clock { .. }));
        match left {
            Some((t, _)) => Err(TimerError::Unclear(t.text())),
            None => Ok(()),
        }
    }
}

#[derive(Clone, Copy)]
enum CountForm {
    Named,
    XBefore,
    XAfter,
}

/// "x 30 s" is not a count: the number has a unit.
fn unit_follows(toks: &[Tok], i: usize) -> bool {
    duration_at(toks, i).is_some_and(|(_, _, has_unit)| has_unit)
}

#[derive(Clone, Copy)]
enum CountSlot {
    Reps,
    Sets,
}

fn whole_count(value: f64, text: &str) -> Result<u32, TimerError> {
    if value.fract() != 0.0 || value < 0.0 {
        return Err(TimerError::Unclear(text.to_string()));
    }
    Ok(if value >= f64::from(u32::MAX) {
        u32::MAX
    } else {
        value as u32
    })
}

/// Fills an empty slot; a second value for the same slot is refused, not overwritten.
fn set_once(slot: &mut Option<u32>, value: u32, text: &str) -> Result<(), TimerError> {
    if slot.is_some() {
        return Err(TimerError::Unclear(text.to_string()));
    }
    *slot = Some(value);
    Ok(())
}

/// Presets whose label names their numbers: renamed when the request changes them.
fn label_names_numbers(p: Preset) -> bool {
    matches!(p, Preset::Repeaters73 | Preset::Horst753)
}

fn build(
    preset: Option<Preset>,
    mut s: Slots,
    only_a_number: bool,
) -> Result<TimerPlan, TimerError> {
    let mut work_is_bare = false;
    if s.bare.len() > 1 {
        return Err(TimerError::Unclear(s.bare.swap_remove(1).text));
    }
    if let Some(b) = s.bare.pop() {
        if s.work.is_some() || !(b.has_unit || b.timer_word || only_a_number) {
            return Err(TimerError::Unclear(b.text));
        }
        s.work = Some(b.seconds);
        work_is_bare = true;
    }
    let no_counts = s.reps.is_none() && s.sets.is_none() && s.unnamed.is_empty();
    if preset.is_none() && s.work.is_none() {
        return match (s.rest.or(s.set_rest), no_counts) {
            (None, true) => Err(TimerError::NotATimer),
            // "5 min rest", "3 min between sets": a rest countdown.
            (Some(rest), true) if s.rest.is_none() || s.set_rest.is_none() => {
                let mut plan = TimerPlan::countdown(rest);
                plan.label = format!("{} rest", format_duration(rest));
                plan.prepare_s = s.prepare.unwrap_or(0);
                plan.validate().map(|_| plan)
            }
            _ => Err(TimerError::NoWork),
        };
    }
    let base = preset.map(Preset::plan);
    let base_rest = base.as_ref().map_or(0, |b| b.rest_s);
    let rest_between_reps = s.rest.unwrap_or(base_rest) > 0;
    for (n, text) in std::mem::take(&mut s.unnamed) {
        let (first, second) = if rest_between_reps {
            (&mut s.reps, &mut s.sets)
        } else {
            (&mut s.sets, &mut s.reps)
        };
        if first.is_none() {
            *first = Some(n);
        } else {
            set_once(second, n, &text)?;
        }
    }
    let work_s = s.work.or(base.as_ref().map(|b| b.work_s)).unwrap_or(0);
    let reps = s.reps.or(base.as_ref().map(|b| b.reps)).unwrap_or(1);
    let sets = s.sets.or(base.as_ref().map(|b| b.sets)).unwrap_or(1);
    let mut rest_s = s.rest.unwrap_or(base_rest);
    let mut set_rest = s.set_rest;
    if reps == 1 {
        if preset.is_none() && s.rest.is_some() && sets == 1 {
            return Err(TimerError::NoReps);
        }
        // "hang 10 seconds rest 3 minutes 5 sets": one hang per set, so the rest is the set rest.
        if set_rest.is_none() && s.rest.is_some() {
            set_rest = s.rest;
        }
        rest_s = 0;
    }
    let base_set_rest = base.as_ref().map_or(0, |b| b.set_rest_s);
    let set_rest_s = match (sets, set_rest) {
        (1, _) => 0,
        (_, Some(r)) => r,
        _ if base_set_rest > 0 => base_set_rest,
        _ => DEFAULT_SET_REST_S,
    };
    let plain_countdown = preset.is_none() && work_is_bare && reps == 1 && sets == 1;
    let default_prepare = if plain_countdown {
        0
    } else {
        DEFAULT_PREPARE_S
    };
    let prepare_s = s.prepare.unwrap_or(default_prepare);
    let label = match (preset, &base) {
        (Some(p), Some(b))
            if !label_names_numbers(p) || (b.work_s == work_s && b.rest_s == rest_s) =>
        {
            p.label().to_string()
        }
        _ if reps == 1 && sets == 1 => format!("{} countdown", format_duration(work_s)),
        _ if reps > 1 && rest_s > 0 => format!(
            "{} on / {} off",
            format_duration(work_s),
            format_duration(rest_s)
        ),
        _ => format!(
            "{} × {}",
            reps.saturating_mul(sets),
            format_duration(work_s)
        ),
    };
    let plan = TimerPlan {
        label,
        prepare_s,
        work_s,
        rest_s,
        reps,
        sets,
        set_rest_s,
    };
    plan.validate()?;
    Ok(plan)
}

/// Past-tense and journal words: a message with any of them is a log, not a timer request.
const LOG_WORDS: &[&str] = &[
    "did",
    "done",
    "logged",
    "yesterday",
    "ago",
    "completed",
    "finished",
    "managed",
    "felt",
    "rpe",
    "climbed",
    "trained",
    "sent",
    "was",
    "were",
    "had",
];
const TIMER_WORDS: &[&str] = &["timer", "timers", "countdown", "stopwatch"];
const QUESTION_STARTS: &[&str] = &[
    "how", "what", "why", "when", "where", "which", "who", "is", "are", "does", "do", "should",
];
/// Words that may come before "start" in a command ("can you please start ...").
const COMMAND_FILLERS: &[&str] = &[
    "please", "can", "could", "would", "will", "you", "let", "lets", "s", "us", "me", "ok", "okay",
    "now", "coach", "hey", "hi", "so", "just", "and", "then", "right", "alright",
];

/// Whether a chat message asks for a timer, for the intent router. Conservative: false for
/// any message with a log word ("did", "logged", "yesterday", "RPE", ...), and otherwise true
/// only for
/// - "timer"/"countdown"/"stopwatch" (unless the message is a question that doesn't parse:
///   "how does the timer work?"),
/// - an "N on M off" pattern ("7 on 3 off", "10 s on 20 s off"), not in a "how/what ..."
///   question,
/// - a command starting with "start"/"begin"/"run" ("start max hangs", "can you start 7:3
///   repeaters") or a message with "interval(s)", when [`parse_timer_request`] accepts it.
pub fn looks_like_timer_request(text: &str) -> bool {
    let toks = tokenize(text);
    let words: Vec<&str> = toks.iter().filter_map(Tok::word).collect();
    if words.iter().any(|w| LOG_WORDS.contains(w)) {
        return false;
    }
    let question_start = words.first().is_some_and(|w| QUESTION_STARTS.contains(w));
    let question = question_start || text.contains('?');
    let parses = || parse_timer_request(text).is_ok();
    if words.iter().any(|w| TIMER_WORDS.contains(w)) {
        return !question || parses();
    }
    if has_on_off(&toks) {
        return !question_start && (!question || parses());
    }
    let command = words
        .iter()
        .position(|w| matches!(*w, "start" | "begin" | "run"))
        .is_some_and(|k| words[..k].iter().all(|w| COMMAND_FILLERS.contains(w)));
    let intervals = words.iter().any(|w| matches!(*w, "interval" | "intervals"));
    !question_start && (command || intervals) && parses()
}

/// "N on ... M off" with numbers (units allowed) in front of both words.
fn has_on_off(toks: &[Tok]) -> bool {
    let after_number = |k: usize| {
        k > 0
            && match &toks[k - 1] {
                Tok::Num { .. } | Tok::Clock { .. } => true,
                Tok::Word(_) => {
                    k > 1
                        && matches!(toks[k - 2], Tok::Num { .. })
                        && duration_at(toks, k - 2).is_some_and(|d| d.2)
                }
                _ => false,
            }
    };
    let on = (0..toks.len()).find(|&k| toks[k].is_word("on") && after_number(k));
    on.is_some_and(|on| (on + 1..toks.len()).any(|k| toks[k].is_word("off") && after_number(k)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (work, rest, reps, sets, set rest, prepare)
    type Shape = (u32, u32, u32, u32, u32, u32);

    fn shape(p: &TimerPlan) -> Shape {
        (
            p.work_s,
            p.rest_s,
            p.reps,
            p.sets,
            p.set_rest_s,
            p.prepare_s,
        )
    }

    #[test]
    fn two_min_is_120_seconds() {
        let p = parse_timer_request("2 min").unwrap();
        assert_eq!(p.work_s, 120);
        assert_eq!(p, TimerPlan::countdown(120));
        assert_eq!(p.label, "2 min countdown");
    }

    #[test]
    fn parses_requests() {
        let cases: &[(&str, Shape, &str)] = &[
            (
                "Start a timer: 7 on 3 off, 6 reps, 3 sets",
                (7, 3, 6, 3, 180, 10),
                "7 s on / 3 s off",
            ),
            (
                "7 on 3 off x6 x3",
                (7, 3, 6, 3, 180, 10),
                "7 s on / 3 s off",
            ),
            (
                "7/3 x 6, 3 sets, 3 min between sets",
                (7, 3, 6, 3, 180, 10),
                "7 s on / 3 s off",
            ),
            ("7:3 repeaters", (7, 3, 6, 3, 180, 10), "7:3 repeaters"),
            (
                "7:3 repeaters, 4 sets",
                (7, 3, 6, 4, 180, 10),
                "7:3 repeaters",
            ),
            ("repeaters 5 sets", (7, 3, 6, 5, 180, 10), "7:3 repeaters"),
            ("repeaters timer", (7, 3, 6, 3, 180, 10), "7:3 repeaters"),
            (
                "7:3 repeaters, 5 min rest between sets",
                (7, 3, 6, 3, 300, 10),
                "7:3 repeaters",
            ),
            (
                "10/5 repeaters",
                (10, 5, 6, 3, 180, 10),
                "10 s on / 5 s off",
            ),
            ("timer 2 min", (120, 0, 1, 1, 0, 0), "2 min countdown"),
            ("2 minutes", (120, 0, 1, 1, 0, 0), "2 min countdown"),
            (
                "set a 90 second timer",
                (90, 0, 1, 1, 0, 0),
                "1 min 30 s countdown",
            ),
            (
                "countdown 1:30",
                (90, 0, 1, 1, 0, 0),
                "1 min 30 s countdown",
            ),
            ("30 min", (1800, 0, 1, 1, 0, 0), "30 min countdown"),
            ("timer for 1 hour", (3600, 0, 1, 1, 0, 0), "1 h countdown"),
            ("a 45 sec timer", (45, 0, 1, 1, 0, 0), "45 s countdown"),
            ("90", (90, 0, 1, 1, 0, 0), "1 min 30 s countdown"),
            ("timer 90", (90, 0, 1, 1, 0, 0), "1 min 30 s countdown"),
            ("half a minute timer", (30, 0, 1, 1, 0, 0), "30 s countdown"),
            (
                "2 min countdown with 5 s get ready",
                (120, 0, 1, 1, 0, 5),
                "2 min countdown",
            ),
            (
                "10 s on 20 s off 5 reps 4 sets 1 min rest between sets",
                (10, 20, 5, 4, 60, 10),
                "10 s on / 20 s off",
            ),
            (
                "hang 10 seconds rest 3 minutes 5 sets",
                (10, 0, 1, 5, 180, 10),
                "5 × 10 s",
            ),
            (
                "4 rounds of 30 s work 30 s rest",
                (30, 30, 4, 1, 0, 10),
                "30 s on / 30 s off",
            ),
            (
                "intervals 40/20 x 8",
                (40, 20, 8, 1, 0, 10),
                "40 s on / 20 s off",
            ),
            ("max hangs", (10, 0, 1, 5, 180, 10), "Max hangs"),
            (
                "Max hangs, 12 s, 3 sets",
                (12, 0, 1, 3, 180, 10),
                "Max hangs",
            ),
            ("max hangs x 6", (10, 0, 1, 6, 180, 10), "Max hangs"),
            ("7-53", (7, 53, 3, 5, 180, 10), "Hörst 7-53"),
            ("seven fifty-three", (7, 53, 3, 5, 180, 10), "Hörst 7-53"),
            ("4x4s", (240, 0, 1, 4, 240, 10), "4x4s"),
            ("4x4", (240, 0, 1, 4, 240, 10), "4x4s"),
            ("ARC 25 min", (1500, 0, 1, 1, 0, 10), "ARC"),
            ("arc", (1500, 0, 1, 1, 0, 10), "ARC"),
            ("arc 30 minutes", (1800, 0, 1, 1, 0, 10), "ARC"),
            ("inthangs", (10, 20, 5, 4, 60, 10), "IntHangs"),
            (
                "limit bouldering",
                (60, 0, 1, 6, 240, 10),
                "Limit bouldering",
            ),
            (
                "5 min rest between sets",
                (300, 0, 1, 1, 0, 0),
                "5 min rest",
            ),
            ("rest 3 min", (180, 0, 1, 1, 0, 0), "3 min rest"),
            (
                "7 on 3 off, 6 reps, 3 sets, no get ready",
                (7, 3, 6, 3, 180, 0),
                "7 s on / 3 s off",
            ),
            ("max hangs, no prepare", (10, 0, 1, 5, 180, 0), "Max hangs"),
            (
                "seven on three off, six reps, three sets",
                (7, 3, 6, 3, 180, 10),
                "7 s on / 3 s off",
            ),
            (
                "hang 7 s, rest 3 s, 6 reps, 3 sets, 2 min set rest",
                (7, 3, 6, 3, 120, 10),
                "7 s on / 3 s off",
            ),
            (
                "work 20 s rest 10 s x 8",
                (20, 10, 8, 1, 0, 10),
                "20 s on / 10 s off",
            ),
            (
                "30 on 30 off, 10 reps, 2 sets, rest between sets 2 min",
                (30, 30, 10, 2, 120, 10),
                "30 s on / 30 s off",
            ),
            (
                "1 min on 1 min off x 5",
                (60, 60, 5, 1, 0, 10),
                "1 min on / 1 min off",
            ),
            ("10 s hangs x 5", (10, 0, 1, 5, 180, 10), "5 × 10 s"),
            ("10 seconds, 5 sets", (10, 0, 1, 5, 180, 10), "5 × 10 s"),
            ("20 s on, 5 reps", (20, 0, 5, 1, 0, 10), "5 × 20 s"),
            (
                "timer 7 on 3 off 6 reps 3 sets 5 s get ready",
                (7, 3, 6, 3, 180, 5),
                "7 s on / 3 s off",
            ),
            (
                "3 sets of 6 reps 7 on 3 off",
                (7, 3, 6, 3, 180, 10),
                "7 s on / 3 s off",
            ),
            (
                "7 on 3 off 6x 3 sets",
                (7, 3, 6, 3, 180, 10),
                "7 s on / 3 s off",
            ),
            (
                "7 s on / 3 s off × 6",
                (7, 3, 6, 1, 0, 10),
                "7 s on / 3 s off",
            ),
            ("6 x 7/3", (7, 3, 6, 1, 0, 10), "7 s on / 3 s off"),
            (
                "Start a 7:3 repeaters timer",
                (7, 3, 6, 3, 180, 10),
                "7:3 repeaters",
            ),
            (
                "Set a timer for two minutes please",
                (120, 0, 1, 1, 0, 0),
                "2 min countdown",
            ),
            (
                "7 on 3 off for 6 reps and 3 sets",
                (7, 3, 6, 3, 180, 10),
                "7 s on / 3 s off",
            ),
            (
                "interval timer 30/30 x 10",
                (30, 30, 10, 1, 0, 10),
                "30 s on / 30 s off",
            ),
            (
                "hang 10s x 5 with 3 min rest",
                (10, 180, 5, 1, 0, 10),
                "10 s on / 3 min off",
            ),
            ("4x4 with 3 min rest", (240, 0, 1, 4, 180, 10), "4x4s"),
            (
                "max hangs 5 sets 3 min rest",
                (10, 0, 1, 5, 180, 10),
                "Max hangs",
            ),
            (
                "start an ARC session of 30 min",
                (1800, 0, 1, 1, 0, 10),
                "ARC",
            ),
            ("timer 1.5 min", (90, 0, 1, 1, 0, 0), "1 min 30 s countdown"),
            ("1,5 min", (90, 0, 1, 1, 0, 0), "1 min 30 s countdown"),
        ];
        assert!(cases.len() >= 35);
        for (text, want, label) in cases {
            let plan = parse_timer_request(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(shape(&plan), *want, "{text:?}");
            assert_eq!(plan.label, *label, "{text:?}");
        }
    }

    #[test]
    fn refuses_unclear_requests() {
        let unclear = |s: &str| TimerError::Unclear(s.to_string());
        let cases: Vec<(&str, TimerError)> = vec![
            ("", TimerError::NotATimer),
            ("timer", TimerError::NotATimer),
            ("what's my next session", TimerError::NotATimer),
            ("no get ready", TimerError::NotATimer),
            ("7 0n 3 off", unclear("0")),
            ("7 on 3 off", TimerError::NoReps),
            ("hang 10 s rest 3 min", TimerError::NoReps),
            ("6 reps, 3 sets", TimerError::NoWork),
            ("rest 2 min, 5 sets", TimerError::NoWork),
            ("3 sets, 4 sets, 7 on 3 off", unclear("4")),
            ("7 on 3 off, 2.5 reps", unclear("2.5")),
            ("2 min 5 min", unclear("5 min")),
            ("start a program for 2 months", unclear("2")),
            ("max hangs 12", unclear("12")),
            ("7 on 3 off 6 reps x 3 x 4", unclear("4")),
            ("7 on -3 off, 6 reps", TimerError::NegativeDuration),
            ("timer -2 min", TimerError::NegativeDuration),
        ];
        for (text, want) in cases {
            assert_eq!(parse_timer_request(text), Err(want), "{text:?}");
        }
    }

    #[test]
    fn invalid_numbers_get_the_validation_message() {
        let cases: Vec<(&str, TimerError)> = vec![
            ("timer 3 hours", TimerError::WorkTooLong),
            ("timer 0", TimerError::WorkTooShort),
            ("7 on 3 off, 200 reps", TimerError::Reps(200)),
            ("7 on 3 off, 0 reps, 3 sets", TimerError::Reps(0)),
            ("max hangs, 60 sets", TimerError::Sets(60)),
            ("7 on 2 hours off, 3 reps", TimerError::RestTooLong),
            ("repeaters, 2 h between sets", TimerError::SetRestTooLong),
            ("2 min, 2 min get ready", TimerError::PrepareTooLong),
            ("1 h on 1 h off x 3", TimerError::TooLong(5 * 3600 + 10)),
            // "40:20" is a clock time, 40 min 20 s; "40/20" is the pair.
            ("40:20 x 8", TimerError::TooLong(8 * 2420 + 7 * 180 + 10)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_timer_request(text), Err(want), "{text:?}");
        }
        assert_eq!(
            parse_timer_request("timer 3 hours")
                .unwrap_err()
                .to_string(),
            "A work interval can be at most 2 hours."
        );
        assert_eq!(
            parse_timer_request("nonsense").unwrap_err().to_string(),
            "That doesn't look like a timer. Try \"2 min\", \"7 on 3 off, 6 reps, 3 sets\" or \
             \"max hangs\"."
        );
    }

    #[test]
    fn every_preset_name_parses_to_its_plan() {
        for p in Preset::ALL {
            assert_eq!(parse_timer_request(p.label()), Ok(p.plan()), "{p:?}");
        }
    }

    #[test]
    fn recognises_timer_requests() {
        let yes = [
            "Start a timer: 7 on 3 off, 6 reps, 3 sets",
            "timer 2 min",
            "set a 90 second timer",
            "countdown 1:30",
            "countdown",
            "7 on 3 off, 6 reps",
            "7 on 3 off",
            "10 s on 20 s off 5 reps 4 sets",
            "repeaters timer",
            "start max hangs",
            "can you start 7:3 repeaters please",
            "let's start a 2 min timer",
            "intervals 40/20 x 8",
            "could you set a timer for 2 min?",
        ];
        for text in yes {
            assert!(looks_like_timer_request(text), "{text:?}");
        }
        let no = [
            "I did 7:3 repeaters yesterday, RPE 7",
            "did 7 on 3 off today, felt strong",
            "logged max hangs",
            "what's my next session",
            "max hangs",
            "7:3 repeaters",
            "90 min bouldering",
            "how does the timer work?",
            "how do 7 on 3 off repeaters work?",
            "what are good intervals for endurance?",
            "I want to start limit bouldering",
            "start my assessment",
            "start a program for 2 months",
            "hello",
            "",
        ];
        for text in no {
            assert!(!looks_like_timer_request(text), "{text:?}");
        }
    }
}
