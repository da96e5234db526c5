//! `start_assessment`, `save_assessment_step` and `get_assessment_result`: the coach walks the
//! same two steps as the assessment page, on the same draft, with the same validation.
use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use super::{ToolContext, ToolError, ToolOutput, TypedTool};
use crate::domain::assessment::protocols::PROTOCOLS;
use crate::domain::assessment::{AssessmentDraft, BackgroundInput, TestsInput};
use crate::server::services::assessment::AssessmentError;

fn map_err(e: AssessmentError) -> ToolError {
    match e {
        AssessmentError::Invalid(f) => ToolError::Refused(format!("{}: {}", f.field, f.message)),
        AssessmentError::NoAssessment => {
            ToolError::Refused("No assessment yet. Start one with start_assessment.".into())
        }
        other => ToolError::Internal(other.to_string()),
    }
}

const BACKGROUND_FIELDS: &str = "years_climbing, hardest_boulder (e.g. V5 or 6C+), \
hardest_boulder_style (onsight, flash, redpoint, repeat), hardest_route (e.g. 7a or 5.11c), \
hardest_route_style, goal_discipline (boulder or route), goal_grade, target_date (YYYY-MM-DD), \
days_per_week (1-6), session_minutes (30-300), equipment (comma-separated: gym, board, \
hangboard, campus_board, weights), injuries (blank or none when there are none)";

const TEST_FIELDS: &str = "bodyweight_kg, max_hang_added_kg (negative = removed), \
max_hang_seconds (5-10), pull_kind (one_rep_max or max_reps) + pull_value, endurance_kind \
(repeaters or critical_force) + endurance_value, power_kind (campus_reach or max_moves) + \
power_value, core_kind (leg_raises or front_lever) + core_value (reps, or tuck, advanced_tuck, \
one_leg, straddle, full), leg_span_cm. Leave out any test not done.";

fn steps() -> serde_json::Value {
    json!([
        { "step": "background", "fields": BACKGROUND_FIELDS },
        {
            "step": "tests",
            "fields": TEST_FIELDS,
            "protocols": PROTOCOLS.iter().map(|p| json!({
                "area": p.area.code(), "title": p.title, "how": p.how, "caution": p.caution,
            })).collect::<Vec<_>>(),
        },
    ])
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StartArgs {}

pub struct StartAssessment;

impl TypedTool for StartAssessment {
    type Args = StartArgs;
    const NAME: &'static str = "start_assessment";
    const DESCRIPTION: &'static str = "Start (or resume) the ClimbingPill assessment: two steps, \
        background then physical tests, each test optional. Returns the answers saved so far and \
        what each step asks. Then ask the climber and save each step with save_assessment_step.";
    const LABEL: &'static str = "Starting your assessment";

    async fn run(&self, ctx: &ToolContext, _args: StartArgs) -> Result<ToolOutput, ToolError> {
        let draft = ctx.assessments.draft(&ctx.user_id).await.map_err(map_err)?;
        Ok(ToolOutput {
            data: json!({ "saved_so_far": draft, "steps": steps() }),
            summary: "Assessment started: step 1 of 2, your background".into(),
            link: Some("/assessment".into()),
        })
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SaveStepArgs {
    /// "background" or "tests".
    pub step: String,
    /// Field name -> the climber's answer as text. Only the fields given are changed.
    pub answers: BTreeMap<String, String>,
    /// For "tests": false keeps them in the draft (a result told in chat) without finishing
    /// the assessment. Default true.
    pub finish: Option<bool>,
}

pub struct SaveAssessmentStep;

fn set_background(b: &mut BackgroundInput, field: &str, value: String) -> bool {
    let slot = match field {
        "years_climbing" => &mut b.years_climbing,
        "hardest_boulder" => &mut b.hardest_boulder,
        "hardest_boulder_style" => &mut b.hardest_boulder_style,
        "hardest_route" => &mut b.hardest_route,
        "hardest_route_style" => &mut b.hardest_route_style,
        "goal_discipline" => &mut b.goal_discipline,
        "goal_grade" => &mut b.goal_grade,
        "target_date" => &mut b.target_date,
        "days_per_week" => &mut b.days_per_week,
        "session_minutes" => &mut b.session_minutes,
        "injuries" => &mut b.injuries,
        "equipment" => {
            b.equipment = value
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            return true;
        }
        _ => return false,
    };
    *slot = value;
    true
}

fn set_test(t: &mut TestsInput, field: &str, value: String) -> bool {
    let slot = match field {
        "bodyweight_kg" => &mut t.bodyweight_kg,
        "max_hang_added_kg" => &mut t.max_hang_added_kg,
        "max_hang_seconds" => &mut t.max_hang_seconds,
        "pull_kind" => &mut t.pull_kind,
        "pull_value" => &mut t.pull_value,
        "endurance_kind" => &mut t.endurance_kind,
        "endurance_value" => &mut t.endurance_value,
        "power_kind" => &mut t.power_kind,
        "power_value" => &mut t.power_value,
        "core_kind" => &mut t.core_kind,
        "core_value" => &mut t.core_value,
        "leg_span_cm" => &mut t.leg_span_cm,
        _ => return false,
    };
    *slot = value;
    true
}

fn apply(
    draft: &mut AssessmentDraft,
    step: &str,
    answers: BTreeMap<String, String>,
) -> Result<(), ToolError> {
    for (field, value) in answers {
        let known = match step {
            "background" => set_background(&mut draft.background, &field, value),
            _ => set_test(&mut draft.tests, &field, value),
        };
        if !known {
            return Err(ToolError::InvalidArguments(format!(
                "`{field}` is not a field of the {step} step; its fields are: {}",
                if step == "background" {
                    BACKGROUND_FIELDS
                } else {
                    TEST_FIELDS
                }
            )));
        }
    }
    Ok(())
}

impl TypedTool for SaveAssessmentStep {
    type Args = SaveStepArgs;
    const NAME: &'static str = "save_assessment_step";
    const DESCRIPTION: &'static str = "Save the climber's answers for one assessment step \
        (\"background\" or \"tests\"). Saving the tests step finishes the assessment and returns \
        the scored result. Invalid answers are refused with the field and the reason: ask the \
        climber again.";
    const LABEL: &'static str = "Saving your assessment";

    async fn run(&self, ctx: &ToolContext, args: SaveStepArgs) -> Result<ToolOutput, ToolError> {
        let step = args.step.trim().to_ascii_lowercase();
        if step != "background" && step != "tests" {
            return Err(ToolError::InvalidArguments(
                "step must be \"background\" or \"tests\"".into(),
            ));
        }
        let mut draft = ctx.assessments.draft(&ctx.user_id).await.map_err(map_err)?;
        apply(&mut draft, &step, args.answers)?;
        if step == "background" {
            ctx.assessments
                .save_background(&ctx.user_id, &draft)
                .await
                .map_err(map_err)?;
            return Ok(ToolOutput {
                data: json!({ "saved": "background", "next_step": "tests", "fields": TEST_FIELDS }),
                summary: "Assessment: background saved (step 2 of 2 next: tests)".into(),
                link: Some("/assessment".into()),
            });
        }
        if args.finish == Some(false) {
            ctx.assessments
                .save_draft(&ctx.user_id, &draft)
                .await
                .map_err(map_err)?;
            let t = &draft.tests;
            return Ok(ToolOutput {
                data: json!({ "saved": "draft", "tests": {
                    "bodyweight_kg": t.bodyweight_kg, "max_hang_added_kg": t.max_hang_added_kg,
                    "max_hang_seconds": t.max_hang_seconds,
                } }),
                summary: "Assessment draft: test result saved".into(),
                link: Some("/assessment".into()),
            });
        }
        ctx.assessments
            .finish(&ctx.user_id, &draft)
            .await
            .map_err(map_err)?;
        let report = ctx
            .assessments
            .report(&ctx.user_id)
            .await
            .map_err(map_err)?;
        Ok(ToolOutput {
            data: json!({ "saved": "assessment", "result": report.result }),
            summary: "Assessment saved: your results are ready".into(),
            link: Some("/assessment/result".into()),
        })
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResultArgs {}

pub struct GetAssessmentResult;

impl TypedTool for GetAssessmentResult {
    type Args = ResultArgs;
    const NAME: &'static str = "get_assessment_result";
    const DESCRIPTION: &'static str = "The climber's latest assessment scored against their \
        current grade: each area ahead / on par / behind (or not tested), weaknesses weakest \
        first, a predicted grade band from finger strength, and changes since the previous \
        assessment (with whether they are within the test's noise).";
    const LABEL: &'static str = "Reading your assessment";

    async fn run(&self, ctx: &ToolContext, _args: ResultArgs) -> Result<ToolOutput, ToolError> {
        let report = ctx
            .assessments
            .report(&ctx.user_id)
            .await
            .map_err(map_err)?;
        let Some(result) = report.result else {
            return Err(map_err(AssessmentError::NoAssessment));
        };
        let weakest = result
            .weaknesses
            .first()
            .map(|a| format!("weakest area: {}", a.label().to_lowercase()))
            .unwrap_or_else(|| "no area behind your grade".into());
        Ok(ToolOutput {
            summary: format!("Read your assessment ({weakest})"),
            data: json!({
                "taken_on": report.latest.map(|a| a.taken_on.to_string()),
                "result": result,
                "changes_since_previous": report.changes,
            }),
            link: Some("/assessment/result".into()),
        })
    }
}
