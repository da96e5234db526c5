//! Load questions ("am I overtraining?", "what's my ACWR", "is my load too high"), answered
//! with the load model of the Progress page: the acute:chronic workload ratio, its bands and
//! the same guidance.
use super::Msg;
use crate::domain::load::AcwrZone;
use crate::domain::progress::ACWR_WARNING;

pub(super) fn is_load_question(m: &Msg) -> bool {
    let strong = m.has_any(&[
        "overtraining",
        "overtrained",
        "overtrain",
        "overreaching",
        "overdoing",
        "overdid",
        "acwr",
        "workload",
        "burnout",
        "deload",
        "deloading",
        "ramping",
    ]) || m.has_phrase(&["acute", "chronic"])
        || m.has_phrase(&["rest", "week"])
        || m.has_phrase(&["doing|training|train|climbing", "too", "much|hard|often"])
        || m.has_phrase(&["too", "much", "training|climbing"])
        || m.has_phrase(&["ramp|ramping|building", "up", "too"]);
    let load = m.has_any(&["load", "loads", "volume"]);
    let judged = m.has_any(&[
        "too",
        "ok",
        "okay",
        "safe",
        "risk",
        "looking",
        "check",
        "high",
        "fine",
        "increase",
        "spike",
        "say",
        "says",
        "healthy",
        "sustainable",
        "ratio",
    ]);
    let asking = m.is_question() || m.is_request() || m.raw.contains('?');
    if general_deload(m) {
        return false;
    }
    (strong && (asking || m.has_any(&["acwr", "overtraining", "overtrained", "check"])))
        || (load && judged && (asking || m.has("check")))
}

/// "whats a good deload", "how often should I deload", "what does a rest week look like": how
/// to deload in general, answered with advice; "should I deload this week?" and "do I need a
/// rest week" ask about the climber's own load.
fn general_deload(m: &Msg) -> bool {
    let deload = m.has_any(&["deload", "deloading", "deloads", "deloaded"])
        || m.has_phrase(&["rest", "week"]);
    let general = m.has_phrase(&["how", "often|long|much|many|do|to|should"])
        || m.has_any(&[
            "good", "best", "ideal", "proper", "typical", "look", "looks", "what", "whats",
            "explain", "tips", "advice",
        ]);
    let mine = m.has_any(&[
        "this",
        "now",
        "currently",
        "today",
        "tomorrow",
        "need",
        "am",
        "overtraining",
        "overtrained",
        "overtrain",
        "overreaching",
        "acwr",
        "workload",
        "load",
        "burnout",
        "ramping",
        "too",
        "time",
        "yet",
    ]);
    deload && general && !mine
}

/// What the climber's load says, from the ACWR on today (`None` without 4 weeks of load
/// before the last 7 days), whether the log is old enough for it, and the two loads.
pub fn load_answer(ratio: Option<f64>, established: bool, acute: u32, chronic: f64) -> String {
    let bands = format!(
        "The usual target band is {:.1} to {:.1}; above {:.1} is a spike to watch, and from \
         {ACWR_WARNING:.1} up injuries become more likely.",
        AcwrZone::SWEET_MIN,
        AcwrZone::SWEET_MAX,
        AcwrZone::SWEET_MAX
    );
    let Some(r) = ratio else {
        return format!(
            "I can't tell yet: your acute:chronic workload ratio (ACWR) needs load logged in the \
             4 weeks before the last 7 days (load = RPE × minutes; you have {acute} in the last \
             7 days). {bands} Log your sessions with an RPE and ask me again, or see the \
             [Progress page](/progress)."
        );
    };
    let zone = AcwrZone::of(r);
    let mut s = format!(
        "Your ACWR is {r:.2}: load {acute} in the last 7 days against a weekly average of \
         {chronic:.0} over the 4 weeks before. That's {}. {bands}",
        zone.label()
    );
    let advice = match zone {
        AcwrZone::Low => {
            " You're doing less than usual: fine for a rest or taper week, but \
             build back up gradually (about 10 % a week) rather than jumping straight back."
        }
        AcwrZone::Sweet => {
            " No sign of overtraining from your load: keep building gradually, \
             and still take a rest week every 4-6 weeks."
        }
        AcwrZone::High => {
            " Hold your load steady this week rather than adding more, and watch \
             for sore fingers, poor sleep or low energy."
        }
        AcwrZone::Danger => {
            " Sudden jumps like this are linked to more injuries: consider an \
             easier few days before adding more."
        }
    };
    s.push_str(advice);
    if !established {
        s.push_str(
            " Your log is younger than 5 weeks, so weeks before your first log count as rest \
             and the ratio reads high.",
        );
    }
    s.push_str(
        " Overtraining also shows as poor sleep, low motivation and performance dropping: if \
         you have those, rest regardless. [See your load on the Progress page](/progress).",
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intent::{recognize, Intent};
    use crate::domain::when::Date;

    fn is_load(text: &str) -> bool {
        recognize(text, Date::new(2026, 11, 25).unwrap()) == Intent::Load
    }

    #[test]
    fn load_questions_are_recognised() {
        for text in [
            "am I overtraining?",
            "what's my ACWR",
            "whats my acwr rn",
            "is my training load too high?",
            "am i doing too much lately?",
            "am I training too much",
            "acute chronic ratio?",
            "r u sure im not overtraining",
        ] {
            assert!(is_load(text), "{text}");
        }
        for text in ["90 min bouldering, RPE 8", "what did I do last week?", "hi"] {
            assert!(!is_load(text), "{text}");
        }
    }

    #[test]
    fn the_answer_names_the_ratio_band_and_guidance() {
        let a = load_answer(Some(1.62), true, 1620, 1000.0);
        assert!(a.starts_with("Your ACWR is 1.62"), "{a}");
        assert!(a.contains("very high"), "{a}");
        assert!(a.contains("0.8 to 1.3"), "{a}");
        assert!(a.contains("easier few days"), "{a}");
        let a = load_answer(Some(1.0), true, 1000, 1000.0);
        assert!(a.contains("in the usual range"), "{a}");
        assert!(a.contains("No sign of overtraining"), "{a}");
        let a = load_answer(None, false, 300, 0.0);
        assert!(a.starts_with("I can't tell yet"), "{a}");
        let a = load_answer(Some(2.0), false, 2000, 1000.0);
        assert!(a.contains("younger than 5 weeks"), "{a}");
    }
}
