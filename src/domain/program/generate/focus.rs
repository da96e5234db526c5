//! Focus on weaknesses: a dedicated block for the weakest areas every training week.
use super::conditioning::{core, mobility, pulling, PullFor};
use super::context::Ctx;
use super::exercises::{
    arc, board_limit, campus, four_by_fours, limit_bouldering, repeaters, strength_hangs,
    technique, Block, TechniqueFor,
};
use super::sessions::{Draft, WeekCtx};
use crate::domain::program::model::{ExerciseKind, FingerLoad, Phase};
use crate::domain::program::rules;
use crate::domain::training::Area;

/// The weakest area gets a dedicated block every training week; the second weakest too when
/// there are at least 3 days (in another session, so no session carries two). Not in the
/// performance phase: the hard work is done, the climber tapers to send.
pub(super) fn add_focus_blocks(ctx: &Ctx, wk: &WeekCtx, drafts: &mut [Draft]) {
    if wk.phase == Phase::Performance {
        return;
    }
    let areas = if ctx.days.len() >= 3 { 2 } else { 1 };
    for area in ctx.focus.iter().take(areas) {
        place_focus(ctx, wk, *area, drafts);
    }
}

/// The first candidate that fits: max-finger blocks only go to a max day (so the 48 h rule
/// holds), campus only within the weekly limit; the last candidate always fits anywhere.
fn place_focus(ctx: &Ctx, wk: &WeekCtx, area: Area, drafts: &mut [Draft]) {
    let campus_days = drafts
        .iter()
        .filter(|d| d.has(ExerciseKind::Campus))
        .count();
    for candidate in focus_candidates(ctx, wk, area) {
        let kind = candidate.exercise.kind;
        let free = |d: &&mut Draft| d.focus.is_empty();
        let host = if candidate.load == FingerLoad::Max {
            drafts.iter_mut().filter(free).find(|d| {
                d.role.is_max()
                    && (kind != ExerciseKind::Campus
                        || d.has(kind)
                        || campus_days < rules::MAX_CAMPUS_SESSIONS_PER_WEEK)
            })
        } else {
            easy_host(drafts, kind).map(|i| &mut drafts[i])
        };
        if let Some(draft) = host {
            add_focus_block(draft, area, candidate);
            return;
        }
    }
}

/// Where a non-max focus block goes: a free non-max day, preferably not the day after a max
/// day (fingers are still recovering then); else any free day. Never a day whose max block of
/// the same kind it would replace (the max day keeps its max work, so the phase keeps its
/// content).
fn easy_host(drafts: &[Draft], kind: ExerciseKind) -> Option<usize> {
    let free = |i: &usize| {
        drafts[*i].focus.is_empty()
            && (!drafts[*i].role.is_off_the_wall() || rules::OFF_WALL_KINDS.contains(&kind))
            && !drafts[*i]
                .blocks
                .iter()
                .any(|b| b.exercise.kind == kind && b.load == FingerLoad::Max)
    };
    let easy = |i: &usize| !drafts[*i].role.is_max();
    let rested = |i: &usize| {
        let day_before = drafts[*i].date.add_days(-1);
        !drafts
            .iter()
            .any(|d| d.date == day_before && d.role.is_max())
    };
    let all = || (0..drafts.len()).filter(free);
    all()
        .filter(easy)
        .find(rested)
        .or_else(|| all().find(easy))
        .or_else(|| all().next())
}

/// Puts the focus block in, replacing a regular exercise of the same kind (two hangboard
/// protocols in one session would be too much).
fn add_focus_block(draft: &mut Draft, area: Area, mut candidate: Block) {
    candidate.focus = true;
    candidate.optional = false;
    candidate.exercise.why = format!("{} {}", focus_reason(area), candidate.exercise.why);
    let kind = candidate.exercise.kind;
    match draft.blocks.iter().position(|b| b.exercise.kind == kind) {
        Some(i) => draft.blocks[i] = candidate,
        None => draft.blocks.push(candidate),
    }
    draft.focus.push(area);
}

fn focus_reason(area: Area) -> String {
    match area {
        // No sourced norms for core and flexibility (DOMAIN.md): never "behind for your grade".
        Area::Core | Area::Flexibility => format!(
            "Your {} is one of your focus areas, so it gets extra work every week.",
            area.label().to_lowercase()
        ),
        _ => format!(
            "Your {} is behind for your grade, so it gets a dedicated block every week.",
            area.label().to_lowercase()
        ),
    }
}

/// Dedicated blocks for a weak area, best first, only those the climber may do.
fn focus_candidates(ctx: &Ctx, wk: &WeekCtx, area: Area) -> Vec<Block> {
    let step = wk.step;
    let fit = !ctx.injured;
    let mut v = Vec::new();
    match area {
        Area::FingerStrength => {
            if ctx.hangboard {
                v.push(strength_hangs(ctx, wk.number, step));
            }
            if fit {
                v.push(limit_bouldering(step));
            }
            if ctx.board {
                v.push(board_limit(step));
            }
            v.push(technique(if fit {
                TechniqueFor::SmallHolds
            } else {
                TechniqueFor::Injured
            }));
        }
        Area::PullingStrength => v.push(pulling(ctx, PullFor::Strength)),
        Area::FingerEndurance => {
            if ctx.hangboard {
                v.push(repeaters(ctx, step));
            }
            if fit {
                v.push(four_by_fours(ctx));
            }
            v.push(arc(ctx));
        }
        Area::Power => {
            if ctx.campus {
                v.push(campus(step));
            }
            if fit {
                v.push(limit_bouldering(step));
            }
            if ctx.board {
                v.push(board_limit(step));
            }
            v.push(pulling(ctx, PullFor::Explosive));
        }
        Area::Core => v.push(core(ctx)),
        Area::Flexibility => v.push(mobility()),
    }
    v
}
