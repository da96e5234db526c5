//! Grade conversion questions: "what's 5.12a in french", "how does 6C+ font compare to V
//! grades", "24 ewbank in yds". The answer is the range of the target system that spans the
//! grade, from the IRCRA table ([`equivalent_range`]), with the route-vs-boulder caveat.
use serde::Serialize;

use super::Msg;
use crate::domain::grade::{equivalent_range, Grade, GradeSystem};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GradeQuestion {
    pub grade: Grade,
    /// The systems asked for; empty = the usual ones.
    pub targets: Vec<GradeSystem>,
}

/// The grade system a word names ("font", "yds", "french", "v" in "v grades").
fn system_word(m: &Msg, i: usize) -> Option<GradeSystem> {
    Some(match m.w(i) {
        "v" | "vs" | "hueco" | "vscale" => GradeSystem::V,
        "font" | "fb" | "fontainebleau" | "bleau" => GradeSystem::Font,
        "yds" | "yosemite" | "american" | "us" | "usa" | "decimal" => GradeSystem::Yds,
        "french" | "france" | "sport" if m.w(i) != "sport" || m.w(i + 1) == "grades" => {
            GradeSystem::French
        }
        "uiaa" | "german" | "germany" => GradeSystem::Uiaa,
        "ewbank" | "aussie" | "australian" | "australia" => GradeSystem::Ewbank,
        _ => return None,
    })
}

const ASK_WORDS: &[&str] = &[
    "convert",
    "conversion",
    "converted",
    "equivalent",
    "equivalents",
    "equals",
    "equal",
    "compare",
    "compares",
    "comparison",
    "translate",
    "translates",
    "mean",
    "means",
    "like",
    "same",
    "vs",
    "versus",
    "in",
    "to",
    "into",
];

/// A question (or "X in Y") about what a grade is in other systems.
pub(super) fn grade_question(m: &Msg) -> Option<GradeQuestion> {
    // Bare numbers in a system the message names ("24 ewbank") are grades already: see
    // `find_grade_spans`.
    let g = m.grades.first()?;
    let (grade, grade_tok) = (
        g.grade.clone(),
        m.toks.iter().position(|t| t.start >= g.start).unwrap_or(0),
    );
    let mut targets: Vec<GradeSystem> = Vec::new();
    // "is 6b+ harder than 5.10c?": the second grade's system.
    if let Some(second) = m.grades.get(1).filter(|g2| g2.grade.system != grade.system) {
        targets.push(second.grade.system);
    }
    for i in 0..m.toks.len() {
        if let Some(s) = system_word(m, i) {
            // "6C+ font": the word right after the grade names its own system.
            if s != grade.system && !targets.contains(&s) {
                targets.push(s);
            }
        }
    }
    let asks = m.toks.iter().enumerate().any(|(i, t)| {
        !t.in_grade
            && ASK_WORDS.contains(&t.w.as_str())
            && !matches!(
                t.w.as_str(),
                "in" | "to" | "into" | "like" | "mean" | "means"
            )
            || (matches!(m.w(i), "in" | "to" | "into") && system_word(m, i + 1).is_some())
            || (matches!(m.w(i), "in" | "to" | "into")
                && matches!(
                    m.w(i + 1),
                    "other" | "route" | "boulder" | "bouldering" | "sport"
                ))
    });
    let grades_word = m.has_any(&["grade", "grades", "scale", "system", "systems"]);
    let question = m.is_question() || m.raw.trim_end().ends_with('?');
    // "flashed a 6c+ in font": a report, not a question.
    if !question && m.has_any(super::CLIMBING_PAST) {
        return None;
    }
    let many_grades = m.grades.len() > 2;
    if many_grades || grade_tok > 12 {
        return None;
    }
    let compares = m.has_any(&[
        "harder", "easier", "same", "compare", "vs", "versus", "than",
    ]);
    let wants = (!targets.is_empty() && (asks || question || grades_word || compares))
        || (question && compares && m.grades.len() == 2)
        || (asks
            && m.has_any(&[
                "convert",
                "conversion",
                "equivalent",
                "compare",
                "translate",
            ]))
        || (question && m.has_phrase(&["what|whats", "is"]) && grades_word && m.toks.len() <= 8);
    wants.then_some(GradeQuestion { grade, targets })
}

fn named(g: &Grade) -> String {
    in_system(g.system, &g.display_label())
}

/// "V5" for the V scale (its letter says it), "Font 6C+" for the others.
fn in_system(system: GradeSystem, label: &str) -> String {
    match system {
        GradeSystem::V => label.to_string(),
        s => format!("{} {label}", s.name()),
    }
}

fn range_words(lo: &Grade, hi: &Grade) -> String {
    if lo == hi {
        lo.display_label()
    } else {
        format!("{} to {}", lo.display_label(), hi.display_label())
    }
}

/// The answer: the range in each target system, then the caveat.
pub fn conversion_answer(q: &GradeQuestion) -> String {
    let g = &q.grade;
    let targets: Vec<GradeSystem> = if q.targets.is_empty() {
        GradeSystem::ALL
            .iter()
            .copied()
            .filter(|s| *s != g.system && s.is_boulder() == g.system.is_boulder())
            .collect()
    } else {
        q.targets.clone()
    };
    let mut parts = Vec::new();
    let mut crossed = false;
    for t in &targets {
        match equivalent_range(g, *t) {
            Some((lo, hi)) => {
                crossed |= t.is_boulder() != g.system.is_boulder();
                parts.push(in_system(*t, &range_words(&lo, &hi)));
            }
            None => parts.push(format!("nothing in {} (it starts harder)", t.name())),
        }
    }
    if g.ircra().is_none() {
        return format!(
            "{} is easier than the conversion table goes, so I can't place it in other systems.",
            named(g)
        );
    }
    let mut s = format!(
        "{} is roughly equivalent to {}.",
        named(g),
        parts.join(", ")
    );
    if crossed {
        s.push_str(
            " That lines up the hardest moves only: boulder and route grades measure different \
             things (a route adds endurance, a boulder packs its difficulty into a few moves), \
             so read it as a rough guide.",
        );
    } else {
        s.push_str(
            " Conversions are approximate (areas and gyms grade differently), and route and \
             boulder grades don't convert one for one: a route adds endurance that a boulder \
             doesn't ask for.",
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intent::{recognize, Intent};
    use crate::domain::when::Date;

    fn ask(text: &str) -> Option<GradeQuestion> {
        match recognize(text, Date::new(2026, 11, 25).unwrap()) {
            Intent::GradeConvert(q) => Some(q),
            _ => None,
        }
    }

    #[test]
    fn conversion_questions_in_any_pair_of_systems() {
        let q = ask("whats 5.12a in french").expect("5.12a");
        assert_eq!(q.grade.label, "5.12a");
        assert_eq!(q.targets, vec![GradeSystem::French]);
        let a = conversion_answer(&q);
        assert!(
            a.starts_with("YDS 5.12a is roughly equivalent to French 7a+"),
            "{a}"
        );
        assert!(!a.contains("rough guide"), "{a}");
        assert!(a.contains("route adds endurance"), "{a}");

        let q = ask("how does 6C+ font compare to V grades?").expect("6C+");
        assert_eq!(q.targets, vec![GradeSystem::V]);
        assert!(
            conversion_answer(&q).starts_with("Font 6C+ is roughly equivalent to V5"),
            "{}",
            conversion_answer(&q)
        );

        let q = ask("24 ewbank in yds").expect("ewbank 24");
        assert_eq!(q.grade.system, GradeSystem::Ewbank);
        assert_eq!(q.targets, vec![GradeSystem::Yds]);
        let a = conversion_answer(&q);
        assert!(
            a.starts_with("Ewbank 24 is roughly equivalent to YDS 5.12"),
            "{a}"
        );

        let q = ask("V4 = what in font").expect("V4");
        assert_eq!(q.targets, vec![GradeSystem::Font]);
        let q = ask("uiaa VII+ to french?").expect("uiaa");
        assert_eq!(q.grade.system, GradeSystem::Uiaa);
        let q = ask("what would a V6 boulder be on a sport route, in french grades").unwrap();
        let a = conversion_answer(&q);
        assert!(a.contains("French"), "{a}");
        assert!(a.contains("rough guide"), "{a}");
        let q = ask("7a+ equivalent?").expect("bare ask");
        assert!(q.targets.is_empty());
        assert!(
            conversion_answer(&q).contains("YDS"),
            "{}",
            conversion_answer(&q)
        );
    }

    #[test]
    fn logs_and_goals_with_grades_are_not_conversion_questions() {
        for text in [
            "sent two V5 in the gym",
            "my goal is 7c by June",
            "how many V5s this month?",
            "flashed a 6c+ outside in font yesterday",
        ] {
            assert!(ask(text).is_none(), "{text}");
        }
    }

    #[test]
    fn a_range_when_the_target_is_finer() {
        let v5 = Grade::parse("V5").unwrap();
        let (lo, hi) = equivalent_range(&v5, GradeSystem::Font).unwrap();
        assert_eq!((lo.label.as_str(), hi.label.as_str()), ("6C", "6C+"));
    }
}
