//! `start_timer`: the coach sets up an interval timer, shown as a card in the chat that runs
//! in the browser. The plan comes either from the climber's words (parsed by the same
//! domain parser for every provider, so "2 min" is 120 seconds whoever asks) or from
//! explicit numbers a model fills in.
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use super::{ToolContext, ToolError, ToolOutput, TypedTool};
use crate::domain::timer::plan::DEFAULT_PREPARE_S;
use crate::domain::timer::{parse_timer_request, TimerPlan};

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StartTimerArgs {
    /// The climber's description, e.g. "7 on 3 off, 6 reps, 3 sets", "2 min", "max hangs",
    /// "7:3 repeaters, 4 sets". Used when `work_seconds` is not given.
    #[serde(default)]
    pub request: Option<String>,
    /// Seconds of work per rep (hang, climb...). Give it to set the numbers yourself.
    #[serde(default)]
    pub work_seconds: Option<u32>,
    /// Seconds of rest between reps of a set (default 0).
    #[serde(default)]
    pub rest_seconds: Option<u32>,
    /// Reps per set (default 1).
    #[serde(default)]
    pub reps: Option<u32>,
    /// Sets (default 1).
    #[serde(default)]
    pub sets: Option<u32>,
    /// Seconds of rest between sets (default 180 when there are several sets).
    #[serde(default)]
    pub set_rest_seconds: Option<u32>,
    /// A short name shown on the timer, e.g. "Repeaters".
    #[serde(default)]
    pub label: Option<String>,
}

pub struct StartTimer;

impl StartTimerArgs {
    fn plan(&self) -> Result<TimerPlan, ToolError> {
        let invalid =
            |e: crate::domain::timer::TimerError| ToolError::InvalidArguments(e.to_string());
        let mut plan = match (self.work_seconds, self.request.as_deref()) {
            (Some(work), _) => {
                let sets = self.sets.unwrap_or(1);
                let reps = self.reps.unwrap_or(1);
                let mut plan = TimerPlan::countdown(work);
                // Intervals get the usual get-ready; a single countdown starts at once.
                if reps > 1 || sets > 1 {
                    plan.prepare_s = DEFAULT_PREPARE_S;
                }
                plan.rest_s = self.rest_seconds.unwrap_or(0);
                plan.reps = reps;
                plan.sets = sets;
                plan.set_rest_s = self
                    .set_rest_seconds
                    .unwrap_or(if sets > 1 { 180 } else { 0 });
                plan.label = "Intervals".to_string();
                plan
            }
            (None, Some(text)) if !text.trim().is_empty() => {
                parse_timer_request(text).map_err(invalid)?
            }
            _ => {
                return Err(ToolError::InvalidArguments(
                    "give `request` (the climber's words) or `work_seconds`".into(),
                ))
            }
        };
        if let Some(label) = self
            .label
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            plan.label = label.chars().take(80).collect();
        }
        plan.validate().map_err(invalid)?;
        Ok(plan)
    }
}

impl TypedTool for StartTimer {
    type Args = StartTimerArgs;
    const NAME: &'static str = "start_timer";
    const DESCRIPTION: &'static str = "Set up an interval or countdown timer for the climber \
         (hangboard repeaters, max hangs, 4x4s, rests). It appears in the chat, ready to start. \
         Pass the climber's words in `request`, or the numbers in seconds.";
    const LABEL: &'static str = "Setting up a timer";

    async fn run(&self, _ctx: &ToolContext, args: StartTimerArgs) -> Result<ToolOutput, ToolError> {
        let plan = args.plan()?;
        Ok(ToolOutput {
            summary: format!("Timer ready: {}", plan.summary()),
            link: Some(plan.to_link()),
            data: json!({ "timer": plan, "summary": plan.summary(), "total_seconds": plan.total_s() }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: serde_json::Value) -> StartTimerArgs {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn words_are_parsed_with_units() {
        let plan = args(json!({ "request": "2 min" })).plan().unwrap();
        assert_eq!(plan.total_s() - plan.prepare_s, 120);
        let plan = args(json!({ "request": "7 on 3 off, 6 reps, 3 sets" }))
            .plan()
            .unwrap();
        assert_eq!(
            (plan.work_s, plan.rest_s, plan.reps, plan.sets),
            (7, 3, 6, 3)
        );
    }

    #[test]
    fn explicit_numbers_win_and_are_validated() {
        let plan = args(json!({ "work_seconds": 10, "sets": 5, "label": "Max hangs" }))
            .plan()
            .unwrap();
        assert_eq!(
            (plan.work_s, plan.reps, plan.sets, plan.set_rest_s),
            (10, 1, 5, 180)
        );
        assert_eq!(plan.label, "Max hangs");
        assert!(args(json!({ "work_seconds": 0 })).plan().is_err());
        assert!(args(json!({ "work_seconds": 7, "reps": 1000 }))
            .plan()
            .is_err());
        assert!(args(json!({})).plan().is_err());
        assert!(args(json!({ "request": "make me a sandwich" }))
            .plan()
            .is_err());
    }

    #[test]
    fn a_user_id_is_refused() {
        let r: Result<StartTimerArgs, _> =
            serde_json::from_value(json!({ "request": "2 min", "user_id": "someone" }));
        assert!(r.is_err());
    }
}
