//! The time budget (issue 22): a session's exercises add up to its minutes. Optional blocks go
//! first when time is short, then the others shrink (never the warm-up, which is not cut
//! before max work); spare time goes to the block that can use it (more climbs, another ARC
//! bout, more laps or burns, longer mobility), whose text then says how much.
use super::context::Ctx;
use super::exercises::{block, Block, Fill, PROBLEM_MINUTES, ROUTE_LAP_MINUTES, ROUTE_MINUTES};
use crate::domain::program::model::{ExerciseKind, FingerLoad};
use crate::domain::program::rules;

/// Shortest a shrunk block gets (minutes).
const MIN_BLOCK_MINUTES: u16 = 5;

/// Fits `blocks` (warm-up first) to exactly `minutes`.
pub(super) fn fit(ctx: &Ctx, blocks: &mut Vec<Block>, minutes: u16, off_the_wall: bool) {
    let max_work = blocks.iter().any(|b| b.load == FingerLoad::Max);
    if let Some(w) = blocks
        .first_mut()
        .filter(|b| b.exercise.kind == ExerciseKind::Warmup)
    {
        w.minutes = rules::warmup_minutes(ctx.request, minutes, max_work);
    }
    let total = |bs: &[Block]| bs.iter().map(|b| b.minutes).sum::<u16>();
    // 1. Optional blocks, least important (last) first.
    while total(blocks) > minutes {
        match blocks.iter().rposition(|b| b.optional && !b.focus) {
            Some(i) => {
                blocks.remove(i);
            }
            None => break,
        }
    }
    // 2. Shrink the longest non-warm-up block, 5 min at a time.
    while total(blocks) > minutes {
        let longest = (1..blocks.len())
            .filter(|&i| blocks[i].minutes > MIN_BLOCK_MINUTES)
            .max_by_key(|&i| (blocks[i].minutes, i));
        let Some(i) = longest else { break };
        let over = total(blocks) - minutes;
        let cut = over.min(5).min(blocks[i].minutes - MIN_BLOCK_MINUTES);
        blocks[i].minutes -= cut;
    }
    // 3. Spare time to the block that can use it (added when there is none).
    let spare = minutes.saturating_sub(total(blocks));
    if spare > 0 {
        let elastic = blocks
            .iter()
            .position(|b| b.fill != Fill::Fixed)
            .or_else(|| {
                off_the_wall
                    .then(|| {
                        blocks
                            .iter()
                            .position(|b| b.exercise.kind == ExerciseKind::Mobility)
                    })
                    .flatten()
            });
        match elastic {
            Some(i) => {
                if blocks[i].fill == Fill::Fixed {
                    blocks[i].fill = Fill::Mobility;
                }
                blocks[i].minutes += spare;
            }
            None if off_the_wall || ctx.injured => {
                let mut b = super::conditioning::mobility();
                b.fill = Fill::Mobility;
                b.minutes = spare;
                blocks.push(b);
            }
            None => blocks.push(finish_climbing(ctx, spare)),
        }
    }
    for b in blocks.iter_mut() {
        render(ctx, b);
    }
}

/// Easy mileage to end a session whose main work is done (after max work: low intensity only).
fn finish_climbing(ctx: &Ctx, minutes: u16) -> Block {
    let mut b = block(
        ExerciseKind::Volume,
        "Easy climbing to finish",
        1,
        [
            "easy climbs",
            "as needed",
            "RPE 3-4: flowing movement, no pump",
            "Easy mileage after the hard work adds movement practice without more finger load.",
        ],
        FingerLoad::Low,
        minutes,
    );
    b.optional = false;
    b.fill = Fill::Volume {
        route: ctx.route,
        step: u8::MAX,
    };
    b
}

fn plural(n: u16, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Sets that fit the block's minutes for the time-bound protocols (4 min an attempt or a
/// MaxHangs set, 7 for a 7-53 set), never fewer than the protocol's minimum.
fn sets_for(b: &Block) -> Option<(u16, u8)> {
    let name = b.exercise.name.to_lowercase();
    match b.exercise.kind {
        ExerciseKind::LimitBouldering | ExerciseKind::BoardClimbing => Some((4, 2)),
        ExerciseKind::Hangboard if name.contains("maxhangs") => Some((4, 2)),
        ExerciseKind::Hangboard if name.contains("7-53") => Some((7, 1)),
        _ => None,
    }
}

/// Writes the block's minutes into its text.
fn render(ctx: &Ctx, b: &mut Block) {
    let m = b.minutes;
    b.exercise.minutes = m;
    let fixed_sets = sets_for(b);
    let e = &mut b.exercise;
    match b.fill {
        Fill::Fixed => {
            // The warm-up's length is set by `fit` (age, max work): its card says the same.
            if e.kind == ExerciseKind::Warmup {
                e.reps = format!("{m} min");
            }
            if let Some((per, floor)) = fixed_sets {
                let fits = u8::try_from(m / per).unwrap_or(u8::MAX).max(floor);
                e.sets = e.sets.min(fits);
            }
        }
        Fill::Volume { route, step } => {
            let (unit, one, many) = if route {
                (ROUTE_MINUTES, "route", "routes")
            } else {
                (PROBLEM_MINUTES, "problem", "problems")
            };
            let room = (m / unit).max(1);
            // Linear progression: 70 % of what fits in week 1, 10 % more a week.
            let pct = if step == u8::MAX {
                100
            } else {
                (70 + 10 * u16::from(step)).min(100)
            };
            let n = (room * pct / 100).max(1);
            let what = if e.name == "Volume climbing" {
                "well below your limit"
            } else {
                "easy"
            };
            e.reps = format!(
                "{} {what} (about {m} min, rests included)",
                plural(n, one, many)
            );
        }
        Fill::Arc => {
            // Bouts of 25 min with 10 between.
            let bouts = ((m + 10) / 35).clamp(1, 4);
            e.sets = bouts as u8;
            e.reps = format!("20-30 min without coming off the wall (about {m} min in all)");
        }
        Fill::RouteIntervals => {
            let laps = (m.saturating_sub(12) / (4 * ROUTE_LAP_MINUTES)).clamp(1, 4);
            if laps < 4 {
                e.name = format!(
                    "Route intervals: 4 rounds of {}",
                    plural(laps, "lap", "laps")
                );
                e.reps = format!(
                    "{} back to back, 2-3 grades below your max",
                    plural(laps, "route", "routes")
                );
            }
        }
        Fill::Burns => {
            let burns = (m / 25).clamp(1, 5);
            e.sets = burns as u8;
        }
        Fill::Mobility => {
            e.reps = format!("{m} min");
            if m > 20 {
                e.name = "Mobility and easy aerobic work: hips, shoulders, forearms; an easy \
                          bike, walk or jog"
                    .into();
            }
        }
    }
    let _ = ctx;
}
