//! Body numbers in chat: the climber's bodyweight ("I weigh 72 kg now", "down to 154 lbs") and
//! a max-hang test result ("hung 20mm +20kg for 10s, I weigh 70kg"), which goes into the
//! assessment draft with its strength ratio.
use serde::Serialize;

use super::Msg;

pub use crate::domain::lexicon::units::KG_PER_LB;
use crate::domain::lexicon::units::{is_kg, is_lb};

/// A mass at token `i` ("72", "72.5") with its unit after it; kilograms and the last token.
fn mass_at(m: &Msg, i: usize) -> Option<(f64, usize)> {
    let t = m.toks.get(i).filter(|t| !t.in_grade)?;
    let n = t.num?;
    let unit = m.w(i + 1);
    if is_kg(unit) || unit == "k" {
        Some((n, i + 1))
    } else if is_lb(unit) {
        Some((n * KG_PER_LB, i + 1))
    } else {
        None
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// "I weigh 72 kg", "my weight is 160 lbs", "bodyweight 70kg", "weighing in at 68kg",
/// "I'm 72kg now", "down to 70 kg".
pub(super) fn bodyweight(m: &Msg) -> Option<f64> {
    let massy = m.has_any(&["weight", "weigh", "kg", "kgs", "lbs", "lb"]);
    for i in 0..m.toks.len() {
        let cue = matches!(
            m.w(i),
            "weigh" | "weighs" | "weight" | "bodyweight" | "bw" | "weighing" | "weighed"
        ) || (m.w(i) == "im" || m.phrase_at(i, &["i", "am"])) && m.toks.len() <= 8
            || m.phrase_at(i, &["down|up", "to"]) && massy;
        if !cue {
            continue;
        }
        // The mass within the next few words ("weigh about 72 kg", "weight is now 70kg").
        for k in i + 1..(i + 6).min(m.toks.len()) {
            if let Some((kg, _)) = mass_at(m, k) {
                return Some(round1(kg));
            }
        }
        // "weigh 72", "bodyweight: 81": kilograms by default.
        if let Some(n) = m.toks.get(i + 1).and_then(|t| t.num) {
            if (25.0..=250.0).contains(&n) && m.w(i) != "im" {
                return Some(round1(n));
            }
        }
    }
    // "75 kilos now", "lost 2kg, now at 66 kg", "68 kg": a short statement of one's mass,
    // the last one named.
    if m.is_question() || m.activity.is_some() || !m.grades.is_empty() || m.toks.len() > 14 {
        return None;
    }
    let last = (0..m.toks.len())
        .rev()
        .find_map(|k| mass_at(m, k).filter(|_| !plus_before(m, k)))
        .map(|(kg, _)| kg)?;
    (25.0..=250.0).contains(&last).then_some(round1(last))
}

/// A bodyweight said next to a weigh word anywhere in a message ("... and weigh 71kg now").
pub(super) fn stated_bodyweight(m: &Msg) -> Option<f64> {
    (0..m.toks.len())
        .filter(|&i| is_bodyweight_at(m, i) && !plus_before(m, i))
        .find_map(|i| mass_at(m, i))
        .map(|(kg, _)| round1(kg))
        .filter(|kg| (25.0..=250.0).contains(kg))
}

/// Whether the number at `k` is added weight ("+20kg", "with 10 kg", "plus 5kg").
fn plus_before(m: &Msg, k: usize) -> bool {
    let before = m.raw[..m.toks[k].start].trim_end();
    before.ends_with('+')
        || (k > 0 && matches!(m.w(k - 1), "with" | "plus" | "added" | "extra"))
        || matches!(m.w(k + 2), "added" | "extra")
}

/// A weight no climber has: a bodyweight outside 25-250 kg ("I weigh 7 kg", "-60 kg") or
/// more than 150 kg added on a hang ("+400kg"), as typed.
pub(super) fn impossible_weight(m: &Msg) -> Option<String> {
    let hang = m.has_any(&["hang", "hung", "hangs", "mm", "pullup", "pullups", "pull"]);
    for i in 0..m.toks.len() {
        let Some((kg, _)) = mass_at(m, i) else {
            continue;
        };
        let t = &m.toks[i];
        let negative = m.raw[..t.start].trim_end().ends_with(['-', '−']);
        let typed = m.raw[if negative {
            m.raw[..t.start].trim_end().len() - 1
        } else {
            t.start
        }..m.toks[i + 1].end]
            .to_string();
        if plus_before(m, i) || (hang && !is_bodyweight_at(m, i)) {
            if kg > 150.0 {
                return Some(typed);
            }
            continue;
        }
        let stated = is_bodyweight_at(m, i);
        if stated && (negative || !(25.0..=250.0).contains(&kg)) {
            return Some(typed);
        }
    }
    None
}

/// Whether the mass at `i` is the climber's bodyweight ("I weigh 70kg", "bw 68", "I'm 75 kg").
fn is_bodyweight_at(m: &Msg, i: usize) -> bool {
    (1..=3).any(|k| {
        i >= k
            && matches!(
                m.w(i - k),
                "weigh" | "weight" | "bodyweight" | "bw" | "im" | "weighing" | "weighed"
            )
    })
}

/// A max-hang test result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HangTest {
    /// The edge depth, if said (the protocol's is 20 mm).
    pub edge_mm: Option<u32>,
    /// Weight added (negative when assisted), kg.
    pub added_kg: f64,
    pub seconds: u32,
    pub bodyweight_kg: Option<f64>,
}

impl HangTest {
    /// (bodyweight + added) / bodyweight, the ratio the assessment scores.
    pub fn ratio(&self) -> Option<f64> {
        let bw = self.bodyweight_kg?;
        (bw > 0.0).then(|| (bw + self.added_kg) / bw)
    }
}

/// "hung 20mm +20kg for 10s", "max hang 20 mm with 15 kg added 7 sec, bw 68", "hang bodyweight
/// for 10 seconds".
pub(super) fn hang_test(m: &Msg) -> Option<HangTest> {
    let hang_word = m.has_any(&["hang", "hung", "hangs", "hanging", "held", "hold"]);
    let edge = m.has_any(&["mm", "edge"]);
    if !(hang_word || edge) || m.is_request() || m.raw.trim_end().ends_with('?') {
        return None;
    }
    let mut edge_mm = None;
    let mut added = None;
    let mut seconds = None;
    let assisted = m.has_any(&["assisted", "pulley", "removed"]);
    for i in 0..m.toks.len() {
        let Some(n) = m.toks[i].num.filter(|_| !m.toks[i].in_grade) else {
            continue;
        };
        let unit = m.w(i + 1);
        match unit {
            "mm" if edge_mm.is_none() => edge_mm = Some(n.round() as u32),
            "s" | "sec" | "secs" | "second" | "seconds" if seconds.is_none() => {
                seconds = Some(n.round() as u32)
            }
            _ => {}
        }
        if let Some((kg, _)) = mass_at(m, i) {
            let before = m.raw[..m.toks[i].start].trim_end();
            let plus = before.ends_with('+')
                || (i > 0 && matches!(m.w(i - 1), "with" | "plus" | "added" | "extra"))
                || matches!(m.w(i + 2), "added" | "extra" | "on");
            let minus = before.ends_with(['-', '−'])
                || (i > 0 && m.w(i - 1) == "minus")
                || assisted && !plus;
            let is_bodyweight = is_bodyweight_at(m, i) && !plus;
            if added.is_none() && (plus || minus) && !is_bodyweight {
                added = Some(if minus { -kg } else { kg });
            }
        }
    }
    // "bodyweight only", "just bodyweight": nothing added.
    let bare = (0..m.toks.len()).any(|i| {
        matches!(m.w(i), "bodyweight" | "bw")
            && m.toks.get(i + 1).is_none_or(|t| t.num.is_none())
            && !m.phrase_at(i + 1, &["is|of|at"])
    }) || m.has_phrase(&["no", "added", "weight"]);
    if added.is_none() && bare {
        added = Some(0.0);
    }
    let seconds = seconds?;
    let added_kg = added?;
    if !hang_word && edge_mm.is_none() {
        return None;
    }
    Some(HangTest {
        edge_mm,
        added_kg: round1(added_kg),
        seconds,
        bodyweight_kg: bodyweight_after_cue(m),
    })
}

/// A pulling test result: max pull-ups ("max pullups: 12 reps", "8 pull ups in a row") or a
/// weighted pull-up one-rep max ("1RM is +30kg").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum PullTest {
    MaxReps(u32),
    OneRepMax(f64),
}

pub(super) fn pull_test(m: &Msg) -> Option<PullTest> {
    let pull =
        m.has_any(&["pullups", "pullup", "chinups", "chin"]) || m.has_phrase(&["pull", "ups|up"]);
    if !pull
        || m.raw.trim_end().ends_with('?')
        || m.activity
            .is_some_and(|(_, a)| a != super::Activity::Strength)
    {
        return None;
    }
    let one_rm =
        m.has_any(&["1rm", "rm", "weighted", "onerep", "max"]) && m.has("rm") || m.has("weighted");
    if one_rm {
        for i in 0..m.toks.len() {
            if let Some((kg, _)) = mass_at(m, i) {
                return Some(PullTest::OneRepMax(round1(kg)));
            }
        }
        return None;
    }
    let max = m.has_any(&[
        "max", "can", "did", "managed", "reps", "row", "straight", "maximum",
    ]);
    if !max || m.has_any(&["sets", "x"]) {
        return None;
    }
    let pull_at: Vec<usize> = (0..m.toks.len())
        .filter(|&i| matches!(m.w(i), "pullups" | "pullup" | "chinups" | "pull" | "chin"))
        .collect();
    (0..m.toks.len()).find_map(|i| {
        let n = m.toks[i]
            .num
            .filter(|n| n.fract() == 0.0 && (1.0..=100.0).contains(n))?;
        // A pull near a pull-up word (the nearest one only, so 10 000 of them stay linear).
        let p = pull_at.partition_point(|&p| p < i);
        let near = [p.checked_sub(1), Some(p)]
            .into_iter()
            .flatten()
            .filter_map(|k| pull_at.get(k))
            .any(|&q| q.abs_diff(i) <= 3)
            || matches!(m.w(i + 1), "reps" | "rep");
        let unit = matches!(
            m.w(i + 1),
            "kg" | "kgs"
                | "lb"
                | "lbs"
                | "min"
                | "s"
                | "sec"
                | "mm"
                | "days"
                | "day"
                | "weeks"
                | "h"
                | "hours"
                | "sets"
                | "x"
        );
        (near && !unit).then_some(PullTest::MaxReps(n as u32))
    })
}

/// The climber's bodyweight as said next to a weigh word ("I weigh 70kg", "bw 68").
fn bodyweight_after_cue(m: &Msg) -> Option<f64> {
    for i in 0..m.toks.len() {
        if !matches!(m.w(i), "weigh" | "weight" | "bodyweight" | "bw" | "im") {
            continue;
        }
        for k in i + 1..(i + 4).min(m.toks.len()) {
            if let Some((kg, _)) = mass_at(m, k).filter(|_| !plus_before(m, k)) {
                return Some(round1(kg));
            }
            if plus_before(m, k) {
                continue;
            }
            // "bw 68": kilograms by default.
            if let Some(n) = m.toks[k].num.filter(|n| (25.0..=250.0).contains(n)) {
                if !matches!(m.w(k + 1), "s" | "sec" | "secs" | "seconds" | "mm") {
                    return Some(n);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::domain::intent::{recognize, Intent};
    use crate::domain::when::Date;

    fn read(text: &str) -> Intent {
        recognize(text, Date::new(2026, 11, 25).unwrap())
    }

    #[test]
    fn bodyweight_updates_in_kg_and_lb() {
        assert_eq!(read("I weigh 72 kg now"), Intent::Bodyweight(72.0));
        assert_eq!(read("my weight is 160 lbs"), Intent::Bodyweight(72.6));
        assert_eq!(
            read("weighed in at 68.5kg this morning"),
            Intent::Bodyweight(68.5)
        );
        assert_eq!(read("down to 70kg!"), Intent::Bodyweight(70.0));
    }

    #[test]
    fn a_hang_test_has_its_ratio() {
        let Intent::TestResult(t) =
            read("I can hang 20mm with +20 kg for 10 seconds, I weigh 70kg")
        else {
            panic!(
                "{:?}",
                read("I can hang 20mm with +20 kg for 10 seconds, I weigh 70kg")
            )
        };
        assert_eq!(t.edge_mm, Some(20));
        assert_eq!(t.added_kg, 20.0);
        assert_eq!(t.seconds, 10);
        assert_eq!(t.bodyweight_kg, Some(70.0));
        assert_eq!(format!("{:.2}", t.ratio().unwrap()), "1.29");

        let Intent::TestResult(t) = read("max hang test: 20mm, 10s, +15kg. bw 68") else {
            panic!()
        };
        assert_eq!(
            (t.added_kg, t.seconds, t.bodyweight_kg),
            (15.0, 10, Some(68.0))
        );
        let Intent::TestResult(t) = read("hung 18mm bodyweight for 7 secs") else {
            panic!()
        };
        assert_eq!(
            (t.edge_mm, t.added_kg, t.bodyweight_kg),
            (Some(18), 0.0, None)
        );
        let Intent::TestResult(t) = read("hung the 20mm edge with 44 lbs added for 10s") else {
            panic!()
        };
        assert_eq!(t.added_kg, 20.0);
    }

    #[test]
    fn a_hangboard_session_is_not_a_test() {
        assert!(matches!(
            read("45 min hangboard, 7 on 3 off repeaters"),
            Intent::LogSession(_)
        ));
    }
}
