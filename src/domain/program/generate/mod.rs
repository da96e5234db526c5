//! The program generator: a periodized, dated plan from a [`ProgramRequest`]. Deterministic
//! (same request, same plan: no clock, no randomness) and pure, so it runs on the server and
//! in the browser. Every rule it follows is in [`super::rules`], which also checks the result.
//!
//! Steps: validate the request, fix the calendar (Monday start, whole weeks), lay out the phases
//! of the level's model with deloads, give each training day a role (max-finger days at least
//! 48 h apart), fill the roles with exercises allowed by equipment, level and injury, add a
//! dedicated block for the weakest areas, then write the notes.
mod budget;
mod calendar;
#[cfg(test)]
mod coach;
mod conditioning;
mod context;
mod exercises;
mod focus;
mod loads;
mod notes;
mod sessions;
#[cfg(test)]
mod tests;
mod week_pattern;

use self::calendar::{
    first_monday, peak_sequence, phase_sequence, planned_weeks, program_length, progress_steps,
    volume_steps,
};
use self::context::Ctx;
use self::notes::notes;
use self::sessions::schedule;
use super::model::{ProgramPlan, ProgramRequest};
use super::rules;
use crate::domain::when::Date;

/// Why a request cannot become a program, in words for the climber.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProgramError {
    #[error(
        "Pick between {min} and {max} training days a week (you chose {0}): at least one full \
         rest day a week gives your fingers time to recover.",
        min = rules::DAYS_PER_WEEK.start(),
        max = rules::DAYS_PER_WEEK.end()
    )]
    DaysPerWeek(u8),
    #[error(
        "Sessions need to last between {min} and {max} minutes (you chose {0}).",
        min = rules::SESSION_MINUTES.start(),
        max = rules::SESSION_MINUTES.end()
    )]
    SessionMinutes(u16),
    #[error(
        "Your target date ({target}) has to be after the program's start ({start}). Pick a later \
         date, or leave it empty for a standard-length program."
    )]
    TargetNotAfterStart { start: Date, target: Date },
}

/// The periodized program for `request`, or why the request cannot make one.
pub fn generate(request: &ProgramRequest) -> Result<ProgramPlan, ProgramError> {
    validate(request)?;
    let start = first_monday(request.start);
    let length = program_length(request, start);
    let model = rules::model_for(request.level);
    let phases = if length.peaks {
        peak_sequence(model, length.weeks)
    } else {
        phase_sequence(model, length.weeks)
    };
    let weeks = planned_weeks(start, &phases);
    let ctx = Ctx::new(request);
    let steps: Vec<(u8, u8)> = progress_steps(&phases)
        .into_iter()
        .zip(volume_steps(model, &phases))
        .collect();
    let sessions = schedule(&ctx, &weeks, &steps);
    Ok(ProgramPlan {
        model,
        level: request.level,
        start,
        end: start.add_days(7 * i64::from(length.weeks) - 1),
        weeks,
        sessions,
        focus: ctx.focus.clone(),
        notes: notes(&ctx, model, start, &length),
    })
}

fn validate(request: &ProgramRequest) -> Result<(), ProgramError> {
    if !rules::DAYS_PER_WEEK.contains(&request.days_per_week) {
        return Err(ProgramError::DaysPerWeek(request.days_per_week));
    }
    if !rules::SESSION_MINUTES.contains(&request.session_minutes) {
        return Err(ProgramError::SessionMinutes(request.session_minutes));
    }
    match request.target_date {
        Some(target) if target <= request.start => Err(ProgramError::TargetNotAfterStart {
            start: request.start,
            target,
        }),
        _ => Ok(()),
    }
}
