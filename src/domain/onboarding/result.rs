//! The last onboarding step in a few lines: what the first assessment found and what the
//! first program looks like.
use serde::{Deserialize, Serialize};

use super::{OnboardingAnswers, Step};
use crate::domain::assessment::report::AssessmentReport;
use crate::domain::program::tracking::{ProgramView, SessionStatus};

/// What the onboarding page shows: the step, the answers so far, and once finished the
/// first result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OnboardingView {
    /// The step to show.
    pub step: Step,
    pub finished: bool,
    pub answers: OnboardingAnswers,
    pub result: Option<FirstResult>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FirstResult {
    /// The assessment's plain-language lines.
    pub summary: Vec<String>,
    /// Weakest first, as labels ("Finger strength").
    pub weaknesses: Vec<String>,
    pub program_weeks: usize,
    pub sessions_per_week: usize,
    /// The next planned session: its day (YYYY-MM-DD) and title.
    pub next_session: Option<(String, String)>,
}

impl FirstResult {
    pub fn new(report: &AssessmentReport, program: Option<&ProgramView>) -> FirstResult {
        let result = report.result.as_ref();
        let weeks = program.map_or(0, |p| p.program.plan.weeks.len());
        let sessions = program.map_or(0, |p| p.sessions.len());
        let next_session = program.and_then(|p| {
            let id = p.next.as_ref()?;
            p.sessions
                .iter()
                .find(|s| &s.id == id && s.status == SessionStatus::Planned)
                .map(|s| (s.date.to_string(), s.planned.title.clone()))
        });
        FirstResult {
            summary: result.map(|r| r.summary.clone()).unwrap_or_default(),
            weaknesses: result
                .map(|r| r.weaknesses.iter().map(|a| a.label().to_string()).collect())
                .unwrap_or_default(),
            program_weeks: weeks,
            sessions_per_week: sessions.checked_div(weeks).unwrap_or(0),
            next_session,
        }
    }
}
