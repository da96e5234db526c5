//! Every onboarding answer as a signal, and back.
use leptos::prelude::*;

use crate::domain::assessment::TestsInput;
use crate::domain::onboarding::OnboardingAnswers;

#[derive(Clone, Copy)]
pub struct Fields {
    pub goal: RwSignal<String>,
    pub goal_grade: RwSignal<String>,
    pub target_date: RwSignal<String>,
    pub hardest_boulder: RwSignal<String>,
    pub hardest_route: RwSignal<String>,
    pub years_climbing: RwSignal<String>,
    pub confidence: RwSignal<String>,
    pub bodyweight: RwSignal<String>,
    pub hang_kg: RwSignal<String>,
    pub pull_ups: RwSignal<String>,
    pub repeaters: RwSignal<String>,
    pub days_per_week: RwSignal<String>,
    pub session_length: RwSignal<String>,
    pub equipment: RwSignal<Vec<String>>,
    pub injuries: RwSignal<String>,
    pub age: RwSignal<String>,
    pub hangboard_history: RwSignal<String>,
    /// Test fields the short check doesn't show, kept as they were.
    other_tests: StoredValue<TestsInput>,
}

impl Fields {
    pub fn new(a: &OnboardingAnswers) -> Self {
        let s = |v: &str| RwSignal::new(v.to_string());
        let t = &a.tests;
        let value_if = |kind: &str, want: &str, v: &str| {
            if kind == want || kind.is_empty() {
                v.to_string()
            } else {
                String::new()
            }
        };
        Self {
            goal: s(&a.goal),
            goal_grade: s(&a.goal_grade),
            target_date: s(&a.target_date),
            hardest_boulder: s(&a.hardest_boulder),
            hardest_route: s(&a.hardest_route),
            years_climbing: s(&a.years_climbing),
            confidence: RwSignal::new(if a.confidence.is_empty() {
                "roughly".to_string()
            } else {
                a.confidence.clone()
            }),
            bodyweight: s(&t.bodyweight_kg),
            hang_kg: s(&t.max_hang_added_kg),
            pull_ups: RwSignal::new(value_if(&t.pull_kind, "max_reps", &t.pull_value)),
            repeaters: RwSignal::new(value_if(&t.endurance_kind, "repeaters", &t.endurance_value)),
            days_per_week: s(&a.days_per_week),
            session_length: s(&a.session_length),
            equipment: RwSignal::new(a.equipment.clone()),
            injuries: s(&a.injuries),
            age: s(&a.age),
            hangboard_history: s(&a.hangboard_history),
            other_tests: StoredValue::new(t.clone()),
        }
    }

    pub fn answers(&self) -> OnboardingAnswers {
        let g = |s: RwSignal<String>| s.get_untracked();
        let mut tests = self.other_tests.get_value();
        tests.bodyweight_kg = g(self.bodyweight);
        tests.max_hang_added_kg = g(self.hang_kg);
        // The short check uses the standard 10 s hang; a blank hang is "not tested".
        tests.max_hang_seconds = if g(self.hang_kg).trim().is_empty() {
            String::new()
        } else {
            "10".into()
        };
        let with_kind = |value: String, kind: &str| {
            let k = if value.trim().is_empty() { "" } else { kind };
            (k.to_string(), value)
        };
        (tests.pull_kind, tests.pull_value) = with_kind(g(self.pull_ups), "max_reps");
        (tests.endurance_kind, tests.endurance_value) = with_kind(g(self.repeaters), "repeaters");
        OnboardingAnswers {
            goal: g(self.goal),
            goal_grade: g(self.goal_grade),
            target_date: g(self.target_date),
            hardest_boulder: g(self.hardest_boulder),
            hardest_route: g(self.hardest_route),
            years_climbing: g(self.years_climbing),
            confidence: g(self.confidence),
            tests,
            days_per_week: g(self.days_per_week),
            session_length: g(self.session_length),
            equipment: self.equipment.get_untracked(),
            injuries: g(self.injuries),
            age: g(self.age),
            hangboard_history: g(self.hangboard_history),
        }
    }

    /// The short check left blank: every test not taken.
    pub fn skip_check(&self) {
        for s in [self.hang_kg, self.pull_ups, self.repeaters] {
            s.set(String::new());
        }
    }
}
