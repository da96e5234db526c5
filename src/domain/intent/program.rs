//! Assessment and program requests.
use super::*;

pub(super) fn is_assessment(m: &Msg) -> bool {
    m.has_any(&[
        "assessment",
        "assessments",
        "assess",
        "reassess",
        "reassessment",
        "benchmark",
        "benchmarks",
        "evaluate",
        "evaluation",
        "baseline",
        "test",
        "tests",
        "testing",
    ])
}

pub(super) fn program_ask(m: &Msg) -> Option<ProgramAsk> {
    let next = m.has_phrase(&["next", "session|workout|training|day|sessions"])
        || m.has_phrase(&["what|whats", "next"])
        || m.has_phrase(&["up", "next"])
        // "how often should I train?" and "should I train fingers or power?" ask for advice.
        || (m.has_phrase(&["should", "i", "do|train|climb|work"])
            && !super::advice::general_training_question(m))
        || m.has_phrase(&["today", "session|workout|training|plan"])
        || m.has_phrase(&["session|workout", "today|tomorrow"])
        || m.has_phrase(&["on", "today|tomorrow"]);
    let plan_noun = (0..m.toks.len()).any(|i| {
        matches!(m.w(i), "plan" | "plans")
            && m.w(i + 1) != "to"
            && !m.phrase_at(i + 1, &["is|was", "to"])
    });
    let program = plan_noun
        || m.has_any(&[
            "program",
            "programs",
            "periodization",
            "periodisation",
            "mesocycle",
            "microcycle",
        ])
        || m.has_phrase(&["training", "block|schedule|cycle"]);
    if !(next || program) {
        return None;
    }
    let create = m.has_any(&[
        "make",
        "create",
        "build",
        "generate",
        "new",
        "write",
        "design",
        "draft",
        "update",
        "adjust",
        "change",
        "redo",
        "regenerate",
        "rebuild",
        "replace",
        "setup",
        "need",
        "want",
    ]) || m.has_phrase(&["set", "up"])
        || m.has_phrase(&["put", "together"])
        || m.has_phrase(&["come", "up", "with"])
        || m.has_phrase(&["give", "me", "a|an|some"])
        || m.has_phrase(&["me|to|lets|you", "plan"])
        || m.has_phrase(&["plan", "my|out|a"]);
    Some(if create && program {
        ProgramAsk::Create
    } else if next {
        ProgramAsk::NextSession
    } else {
        ProgramAsk::Show
    })
}
