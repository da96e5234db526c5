//! What the climber may do: the request, digested into what the exercise library needs.
use super::week_pattern::DAY_PATTERNS;
use crate::domain::grade::Discipline;
use crate::domain::program::model::{Phase, ProgramRequest};
use crate::domain::program::rules;
use crate::domain::training::{Area, Equipment, Level};

/// The request, digested into what the exercise library needs.
pub(super) struct Ctx<'a> {
    pub(super) request: &'a ProgramRequest,
    pub(super) level: Level,
    pub(super) injured: bool,
    /// Hangboard, campus and board: owned, allowed for the level, and not injured.
    pub(super) hangboard: bool,
    pub(super) campus: bool,
    pub(super) board: bool,
    pub(super) weights: bool,
    pub(super) route: bool,
    /// Weekday offsets (0 = Monday) of the training days.
    pub(super) days: &'static [u8],
    pub(super) focus: Vec<Area>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(request: &'a ProgramRequest) -> Ctx<'a> {
        let owns = |e: Equipment| request.equipment.contains(&e);
        let fit = !request.injured;
        let mut focus = Vec::new();
        for area in &request.weaknesses {
            if !focus.contains(area) {
                focus.push(*area);
            }
        }
        Ctx {
            request,
            level: request.level,
            injured: request.injured,
            hangboard: fit && rules::hangboard_allowed(request),
            campus: fit && rules::campus_allowed(request),
            board: fit && owns(Equipment::Board),
            weights: owns(Equipment::Weights),
            route: request.goal_discipline == Discipline::Route,
            days: DAY_PATTERNS[usize::from(request.days_per_week.clamp(1, 6)) - 1],
            focus,
        }
    }

    pub(super) fn minutes(&self, phase: Phase) -> u16 {
        if phase == Phase::Deload {
            rules::deload_minutes(self.request.session_minutes)
        } else {
            self.request.session_minutes
        }
    }
}
