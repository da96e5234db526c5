//! What the result page shows: the latest assessment scored, the history, and how the latest
//! compares with the one before it.
use serde::{Deserialize, Serialize};

use super::compare::{compare, TestChange};
use super::model::Assessment;
use super::score::{score, AssessmentResult};
use crate::domain::training::Area;
use crate::domain::when::Date;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryRow {
    pub id: String,
    pub taken_on: Date,
    pub weaknesses: Vec<Area>,
    pub strengths: Vec<Area>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AssessmentReport {
    pub latest: Option<Assessment>,
    pub result: Option<AssessmentResult>,
    /// Newest first, the latest included.
    pub history: Vec<HistoryRow>,
    /// The latest against the one before it; empty with a single assessment.
    pub changes: Vec<TestChange>,
    pub compared_with: Option<Date>,
}

/// `assessments` newest first.
pub fn build_report(assessments: &[Assessment], today: Date) -> AssessmentReport {
    let history = assessments
        .iter()
        .map(|a| {
            let r = score(a, today);
            HistoryRow {
                id: a.id.clone(),
                taken_on: a.taken_on,
                weaknesses: r.weaknesses,
                strengths: r.strengths,
            }
        })
        .collect();
    let (changes, compared_with) = match assessments {
        [latest, previous, ..] => (compare(previous, latest), Some(previous.taken_on)),
        _ => (Vec::new(), None),
    };
    AssessmentReport {
        latest: assessments.first().cloned(),
        result: assessments.first().map(|a| score(a, today)),
        history,
        changes,
        compared_with,
    }
}
