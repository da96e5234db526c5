//! `onboarding_answer`: the coach saves a new climber's reply to the current onboarding
//! question, through the same checks as the onboarding page. The last answer builds their
//! first assessment and program.
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use super::{ToolContext, ToolError, ToolOutput, TypedTool};
use crate::domain::onboarding::result::FirstResult;
use crate::domain::onboarding::{chat_question, Step};
use crate::server::services::onboarding::{OnboardingError, FINISHED};

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OnboardingAnswerArgs {
    /// The climber's reply to the current question, in their words ("7c by June",
    /// "V5, 3 years", "skip", "twice a week, 90 min", "hangboard, no injuries").
    pub answer: String,
}

pub struct OnboardingAnswer;

/// Chat replies are short; anything longer is not an answer to one question.
const ANSWER_MAX_CHARS: usize = 500;

impl TypedTool for OnboardingAnswer {
    type Args = OnboardingAnswerArgs;
    const NAME: &'static str = "onboarding_answer";
    const DESCRIPTION: &'static str = "Save a new climber's answer to the current onboarding \
        question (goal, level, physical check, schedule, equipment). Returns the next question, \
        or the first assessment result and program after the last one.";
    const LABEL: &'static str = "Saving your answer";

    async fn run(
        &self,
        ctx: &ToolContext,
        args: OnboardingAnswerArgs,
    ) -> Result<ToolOutput, ToolError> {
        let answer = args.answer.trim();
        if answer.is_empty() || answer.chars().count() > ANSWER_MAX_CHARS {
            return Err(ToolError::InvalidArguments(format!(
                "answer must be 1 to {ANSWER_MAX_CHARS} characters"
            )));
        }
        let record = match ctx.onboarding.answer_in_chat(&ctx.user_id, answer).await {
            Ok(r) => r,
            Err(OnboardingError::Invalid { step, error }) => {
                return Err(ToolError::Refused(format!(
                    "{} (step {}: {})",
                    error.message,
                    step.number(),
                    step.question()
                )))
            }
            Err(OnboardingError::AlreadyFinished) => {
                return Err(ToolError::Refused(
                    "onboarding is already finished; the program is on /programs".into(),
                ))
            }
            Err(e) => return Err(ToolError::Internal(e.to_string())),
        };
        if record.step >= FINISHED {
            let result: Option<FirstResult> = ctx
                .onboarding
                .first_result(&ctx.user_id)
                .await
                .map_err(|e| ToolError::Internal(e.to_string()))?;
            return Ok(ToolOutput {
                summary: "Your first assessment and program are ready".into(),
                link: Some("/programs".into()),
                data: json!({ "finished": true, "result": result }),
            });
        }
        let next = Step::from_number(record.step).unwrap_or(Step::Goal);
        Ok(ToolOutput {
            summary: format!("Onboarding: step {} of {}", next.number(), Step::ALL.len()),
            link: Some(crate::domain::routes::ONBOARDING.into()),
            data: json!({
                "finished": false,
                "step": next.number(),
                "title": next.title(),
                "question": chat_question(next, &record.answers),
            }),
        })
    }
}
