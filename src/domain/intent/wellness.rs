//! Rest days and how the climber feels: "rest day, slept badly, energy 2/5", "day off,
//! knackered", "sleep 4/5 energy 3". Scores are the journal's 1-5 scales.
use serde::{Deserialize, Serialize};

use super::Msg;
use crate::domain::when::{parse_relative_day, Date};

/// Sleep, energy and mood, each 1 (bad) to 5 (great), as the journal keeps them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wellness {
    pub sleep: Option<u8>,
    pub energy: Option<u8>,
    pub mood: Option<u8>,
}

impl Wellness {
    pub fn is_empty(&self) -> bool {
        self.sleep.is_none() && self.energy.is_none() && self.mood.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestLog {
    pub date: Date,
    pub wellness: Wellness,
    pub notes: String,
}

/// A 1-5 score after `i` ("2/5", "2 out of 5", "4/10" halved, "2"), skipping "of", "is", ":".
fn score_after(m: &Msg, i: usize) -> Option<u8> {
    let mut j = i + 1;
    while j < i + 4
        && matches!(
            m.w(j),
            "of" | "is" | "was" | "at" | "like" | "about" | "level"
        )
    {
        j += 1;
    }
    let v = m.toks.get(j).filter(|t| !t.in_grade)?.num?;
    if matches!(m.w(j + 1), "h" | "hr" | "hrs" | "hour" | "hours") {
        return None; // "slept 5 hours" is not a score
    }
    let out_of = if m.w(j + 1) == "/" {
        m.toks.get(j + 2).and_then(|t| t.num)
    } else if m.phrase_at(j + 1, &["out", "of"]) {
        m.toks.get(j + 3).and_then(|t| t.num)
    } else {
        None
    };
    let v = match out_of {
        Some(10.0) => (v / 2.0).round(),
        Some(5.0) | None => v,
        Some(_) => return None,
    };
    (1.0..=5.0).contains(&v).then_some(v as u8)
}

/// Scores and their words: "energy 2/5", "slept badly", "knackered", "good sleep".
pub(super) fn find_wellness(m: &Msg) -> Wellness {
    let mut w = Wellness::default();
    // Scores said outright win over words ("fingers feel tired, energy 3/5" is 3).
    for i in 0..m.toks.len() {
        let slot = match m.w(i) {
            "sleep" | "slept" => &mut w.sleep,
            "energy" | "energie" => &mut w.energy,
            "mood" => &mut w.mood,
            _ => continue,
        };
        if slot.is_none() {
            *slot = score_after(m, i);
        }
    }
    for i in 0..m.toks.len() {
        match m.w(i) {
            "sleep" | "slept" | "sleeping" => {
                w.sleep = w.sleep.or_else(|| score_after(m, i)).or_else(|| {
                    let near = |k: usize| m.w(k);
                    let words = [near(i + 1), near(i + 2), near(i.wrapping_sub(1))];
                    let bad = words.iter().any(|x| {
                        matches!(
                            *x,
                            "badly"
                                | "bad"
                                | "poorly"
                                | "poor"
                                | "terribly"
                                | "terrible"
                                | "awful"
                                | "awfully"
                                | "crap"
                                | "shit"
                                | "little"
                                | "rough"
                                | "horribly"
                                | "horrible"
                                | "barely"
                                | "crappy"
                                | "worst"
                        )
                    });
                    let good = words.iter().any(|x| {
                        matches!(
                            *x,
                            "well"
                                | "good"
                                | "great"
                                | "amazing"
                                | "solid"
                                | "lots"
                                | "loads"
                                | "fine"
                        )
                    });
                    // "slept 5 hours": hours of sleep.
                    let hours =
                        m.toks.get(i + 1).and_then(|t| t.num).filter(|_| {
                            matches!(m.w(i + 2), "h" | "hr" | "hrs" | "hours" | "hour")
                        });
                    match (bad, good, hours) {
                        (true, _, _) => Some(2),
                        (_, true, _) => Some(4),
                        (_, _, Some(h)) if h < 6.0 => Some(2),
                        (_, _, Some(h)) if h < 7.5 => Some(3),
                        (_, _, Some(_)) => Some(4),
                        _ => None,
                    }
                });
            }
            "insomnia" | "sleepless" => w.sleep = w.sleep.or(Some(1)),
            "energy" | "energie" => {
                w.energy = w.energy.or_else(|| score_after(m, i)).or_else(|| {
                    let prev = m.w(i.wrapping_sub(1));
                    let next = m.w(i + 1);
                    if matches!(prev, "low" | "no" | "zero" | "little")
                        || matches!(next, "low" | "bad")
                    {
                        Some(2)
                    } else if matches!(prev, "high" | "good" | "great" | "lots")
                        || matches!(next, "high" | "good" | "great")
                    {
                        Some(4)
                    } else {
                        None
                    }
                });
            }
            "exhausted" | "wrecked" | "knackered" | "drained" | "destroyed" | "dead"
            | "shattered" | "fried" => w.energy = w.energy.or(Some(1)),
            "tired" | "sluggish" | "flat" | "lethargic" | "sleepy" | "fatigued" => {
                w.energy = w.energy.or(Some(2))
            }
            "fresh" | "energized" | "energised" | "rested" | "psyched" | "strong" => {
                w.energy = w.energy.or(Some(4))
            }
            "mood" => w.mood = w.mood.or_else(|| score_after(m, i)),
            "stressed" | "grumpy" | "sad" | "down" | "unmotivated"
                if m.w(i) != "down" || m.w(i.wrapping_sub(1)) == "feeling" =>
            {
                w.mood = w.mood.or(Some(2))
            }
            "happy" | "motivated" | "stoked" => w.mood = w.mood.or(Some(4)),
            _ => {}
        }
    }
    w
}

/// "rest day", "day off", "rested today", "took the day off", "no climbing today".
pub(super) fn is_rest_day(m: &Msg) -> bool {
    m.has_any(&["restday", "dayoff"])
        || m.has_phrase(&["rest|off|recovery", "day"])
        || m.has_phrase(&["day", "off"])
        || m.has_phrase(&["rest", "today|yesterday"])
        || m.has_phrase(&["rested|resting", "today|yesterday"])
        || m.has_phrase(&["no", "climbing|training", "today|yesterday"])
        || m.has_phrase(&["took", "it", "easy"]) && !m.has_any(super::CLIMBING_PAST)
        || (m.w(m.lead()) == "rested" || m.w(m.lead()) == "resting") && m.toks.len() <= 6
}

/// A rest day, or a report of how the climber feels with no session in it.
pub(super) fn rest_log(m: &Msg, today: Date) -> Option<RestLog> {
    if m.is_question() || m.is_request() {
        return None;
    }
    let rest = is_rest_day(m);
    // "my tips are wrecked, any advice": a request, not how the climber feels today.
    if !rest && (m.raw.contains('?') || super::advice::asks(m)) {
        return None;
    }
    let wellness = find_wellness(m);
    if !rest && (wellness.is_empty() || m.activity.is_some() || !m.grades.is_empty()) {
        return None;
    }
    // "I slept badly, energy 2/5" alone is about today; a duration makes it a session.
    let about_sleep = |i: usize| {
        (i.saturating_sub(2)..i + 4)
            .any(|k| matches!(m.w(k), "slept" | "sleep" | "sleeping" | "bed" | "nap"))
    };
    if !rest && (0..m.toks.len()).any(|i| super::duration_at(m, i).is_some() && !about_sleep(i)) {
        return None;
    }
    if !rest && !scored_explicitly(m) && m.toks.len() > 12 {
        return None;
    }
    Some(RestLog {
        date: parse_relative_day(&m.corrected, today).unwrap_or(today),
        wellness,
        notes: m.raw.trim().to_string(),
    })
}

fn scored_explicitly(m: &Msg) -> bool {
    m.has_any(&["sleep", "slept", "energy", "mood"])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intent::{recognize, Intent};

    fn today() -> Date {
        Date::new(2026, 11, 25).unwrap()
    }

    fn rest(text: &str) -> Option<RestLog> {
        match recognize(text, today()) {
            Intent::Rest(r) => Some(r),
            _ => None,
        }
    }

    #[test]
    fn rest_days_and_wellness_are_read_with_their_scores() {
        let r = rest("rest day, slept badly, energy 2/5").expect("rest day");
        assert_eq!(r.date, today());
        assert_eq!(
            r.wellness,
            Wellness {
                sleep: Some(2),
                energy: Some(2),
                mood: None
            }
        );
        let r = rest("day off yesterday, sleep 4/5, mood 3").expect("day off");
        assert_eq!(r.date, today().add_days(-1));
        assert_eq!(r.wellness.sleep, Some(4));
        assert_eq!(r.wellness.mood, Some(3));
        let r = rest("restday. totally knackered").expect("knackered");
        assert_eq!(r.wellness.energy, Some(1));
        let r = rest("slept 5 hrs, energy 6/10").expect("wellness only");
        assert_eq!(
            r.wellness,
            Wellness {
                sleep: Some(2),
                energy: Some(3),
                mood: None
            }
        );
        assert!(rest("rest day").is_some());
    }

    #[test]
    fn sessions_and_questions_are_not_rest_days() {
        for text in [
            "90 min bouldering, felt tired",
            "should I take a rest day?",
            "how many rest days did I take this month?",
            "my goal is 7c by June",
        ] {
            assert!(rest(text).is_none(), "{text}");
        }
    }
}
