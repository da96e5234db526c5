//! Exercise library (protocols from DOMAIN.md "Periodization and sessions"): the block a
//! session is assembled from, the warm-up, finger and climbing protocols and project attempts.
use super::context::Ctx;
use super::loads::hang_load;
use crate::domain::program::model::{Exercise, ExerciseKind, FingerLoad};
use crate::domain::program::rules;
use crate::domain::training::Level;

/// An exercise while its session is being assembled.
#[derive(Clone)]
pub(super) struct Block {
    pub(super) exercise: Exercise,
    pub(super) load: FingerLoad,
    /// Rough time it takes, to fit sessions into the requested minutes.
    pub(super) minutes: u16,
    /// May be dropped when the session runs out of time.
    pub(super) optional: bool,
    /// A dedicated block for a weak area: never dropped.
    pub(super) focus: bool,
    /// How the block grows (or shrinks) to the session's time: see [`super::budget`].
    pub(super) fill: Fill,
}

/// How a block takes up the session's spare time (the text follows its minutes).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Fill {
    /// Its minutes as built (shrunk only when the session is short).
    Fixed,
    /// Climbs well below the limit: as many as the minutes hold (linear plans start at 70 % of
    /// that and add 10 % a week).
    Volume { route: bool, step: u8 },
    /// ARC bouts of 20-30 min with 10 min between.
    Arc,
    /// Route 4x4s: 4 rounds, as many laps a round as the minutes hold (up to 4).
    RouteIntervals,
    /// Redpoint burns with 20-30 min between.
    Burns,
    /// Mobility (and easy aerobic work) for the rest of an off-the-wall day.
    Mobility,
}

pub(super) fn block(
    kind: ExerciseKind,
    name: &str,
    sets: u8,
    texts: [&str; 4],
    load: FingerLoad,
    minutes: u16,
) -> Block {
    let [reps, rest, intensity, why] = texts;
    Block {
        exercise: Exercise {
            kind,
            name: name.into(),
            sets,
            reps: reps.into(),
            rest: rest.into(),
            intensity: intensity.into(),
            why: why.into(),
            minutes,
        },
        load,
        minutes,
        optional: true,
        focus: false,
        fill: Fill::Fixed,
    }
}

/// Sets that grow by one a week within a phase, inside a protocol's range.
fn sets(first: u8, step: u8, range: std::ops::RangeInclusive<u8>) -> u8 {
    first
        .saturating_add(step)
        .clamp(*range.start(), *range.end())
}

/// The warm-up; its minutes are set once the session's content is known
/// ([`super::budget::fit`], from [`rules::warmup_minutes`]).
pub(super) fn warmup(ctx: &Ctx, off_the_wall: bool) -> Block {
    let minutes = rules::WARMUP_BEFORE_MAX_MINUTES;
    let (name, intensity) = if off_the_wall {
        (
            "Warm-up: pulse raiser and shoulder activation",
            "easy, building gradually",
        )
    } else if ctx.injured {
        (
            "Warm-up: easy movement on big holds",
            "very easy; stop at any finger pain",
        )
    } else {
        (
            "Warm-up: easy climbing building to moderate",
            "RPE 2-4 building to 6",
        )
    };
    let reps = format!("{minutes} min");
    let mut b = block(
        ExerciseKind::Warmup,
        name,
        1,
        [
            &reps,
            "none",
            intensity,
            "Warm fingers, shoulders and movement make the hard work that follows safer.",
        ],
        FingerLoad::Low,
        minutes,
    );
    b.optional = false;
    b
}

/// Percent of the tested max for this week of MaxHangs: 80 % in the first week, 5 points more a
/// week, at most 95 % (inside López-Rivera's 75-103 %, leaving the top of the range for later
/// cycles; the progression is a ClimbingPill heuristic).
fn max_hangs_pct(step: u8) -> u32 {
    (80 + 5 * u32::from(step)).min(95)
}

/// López MaxHangs: 5-15 s hangs with 1-5 s in reserve, 75-103 % of max, 3-5 min rest, 2-5 sets.
fn max_hangs(ctx: &Ctx, step: u8) -> Block {
    let pct = max_hangs_pct(step);
    let intensity = match hang_load(ctx, pct) {
        Some(load) => format!("{load}; 20 mm edge, half crimp"),
        None => format!("{pct} % of your max 10 s hang (López: 75-103 %); 20 mm edge, half crimp"),
    };
    block(
        ExerciseKind::Hangboard,
        "Max hangs (López MaxHangs)",
        sets(3, step, 2..=5),
        [
            "1 hang of 10 s, finishing with about 3 s in reserve",
            "3-5 min between sets",
            &intensity,
            "Short, heavy hangs build maximal finger strength, the best single predictor of \
             bouldering grade.",
        ],
        FingerLoad::Max,
        20,
    )
}

/// Hörst 7-53: 7 s hang, 53 s rest, 3 hangs a set, at most 5 sets, at a load held about 10 s
/// (Hörst, Training for Climbing): 95 % of the tested 10 s max (heuristic for "about 10 s").
fn hoerst_7_53(ctx: &Ctx, step: u8) -> Block {
    let intensity = match hang_load(ctx, 95) {
        Some(load) => format!("{load}; 20 mm edge, half crimp"),
        None => "a load you could hold for about 10 s; 20 mm edge, half crimp".to_string(),
    };
    block(
        ExerciseKind::Hangboard,
        "Hörst 7-53 hangs",
        sets(3, step, 1..=5),
        [
            "3 hangs of 7 s, 53 s rest between hangs",
            "3-5 min between sets",
            &intensity,
            "Near-maximal hangs with long rests build finger strength without much fatigue.",
        ],
        FingerLoad::Max,
        20,
    )
}

/// López IntHangs: 7-10 s on / 3-30 s off, 4-5 hangs x 3-5 sets at 60-80 %. Submaximal, so a
/// hangboard-ready beginner can start here.
fn int_hangs(ctx: &Ctx, step: u8) -> Block {
    let intensity = match (hang_load(ctx, 60), hang_load(ctx, 80)) {
        (Some(low), Some(high)) => {
            format!("60-80 % of your max hang: from {low} up to {high}; 20 mm edge or bigger, open hand")
        }
        _ => "60-80 % of your max hang; 20 mm edge or bigger, open hand".to_string(),
    };
    block(
        ExerciseKind::Hangboard,
        "Intermittent hangs (López IntHangs)",
        sets(3, step, 3..=5),
        [
            "4-5 hangs of 7-10 s on, 3-30 s off",
            "1-2 min between sets",
            &intensity,
            "Submaximal hangs strengthen fingers and tendons gently.",
        ],
        FingerLoad::Moderate,
        20,
    )
}

/// 7/3 repeaters: 6 reps, 3 min between sets; the load matches the assessment's repeater test.
pub(super) fn repeaters(ctx: &Ctx, step: u8) -> Block {
    let intensity = match hang_load(ctx, 60) {
        Some(load) => format!("{load}; the last hangs of a set are hard"),
        None => "about 60 % of your max-hang load; the last hangs of a set are hard".to_string(),
    };
    block(
        ExerciseKind::Hangboard,
        "7/3 repeaters",
        sets(3, step, 3..=5),
        [
            "6 hangs of 7 s on, 3 s off",
            "3 min between sets",
            &intensity,
            "Repeated hangs with short rests train finger endurance (critical force).",
        ],
        FingerLoad::Moderate,
        20,
    )
}

/// The max-strength hangboard protocol for the level: Hörst's for the Hörst model, López's for
/// Rock Prodigy, the submaximal one for a beginner, and for a climber new to the hangboard in
/// the introduction weeks ([`rules::HANGBOARD_INTRO_WEEKS`]) of program week `week`.
pub(super) fn strength_hangs(ctx: &Ctx, week: u8, step: u8) -> Block {
    if rules::hangboard_intro_week(ctx.request, week) {
        return int_hangs(ctx, step);
    }
    match ctx.level {
        Level::Beginner => int_hangs(ctx, step),
        Level::Intermediate => hoerst_7_53(ctx, step),
        Level::Advanced | Level::Elite => max_hangs(ctx, step),
    }
}

/// Campus: DOMAIN.md gives no set scheme; 3-5 short sets with full rest (coaching heuristic).
pub(super) fn campus(step: u8) -> Block {
    block(
        ExerciseKind::Campus,
        "Campus ladders and max reaches",
        sets(3, step, 3..=5),
        [
            "3-6 moves: ladders (1-3-5) or a max reach",
            "3 min between sets",
            "explosive; stop as soon as movements slow",
            "Campusing trains contact strength and power for dynamic moves.",
        ],
        FingerLoad::Max,
        15,
    )
}

/// Limit bouldering: 1-3 move problems at the limit, 3-5 min rest.
pub(super) fn limit_bouldering(step: u8) -> Block {
    block(
        ExerciseKind::LimitBouldering,
        "Limit bouldering",
        sets(5, step, 4..=8),
        [
            "1-3 move problems at your limit, one attempt per set",
            "3-5 min between attempts",
            "maximal (RPE 9-10), fully rested for every attempt",
            "Maximal moves recruit the most muscle fibres: strength and power for hard moves.",
        ],
        FingerLoad::Max,
        30,
    )
}

/// Limit problems on a training board: the same protocol as limit bouldering.
pub(super) fn board_limit(step: u8) -> Block {
    block(
        ExerciseKind::BoardClimbing,
        "Board limit problems",
        sets(5, step, 4..=8),
        [
            "short benchmarks of 1-6 moves at your limit",
            "3-5 min between attempts",
            "maximal (RPE 9-10), fully rested for every attempt",
            "A standard board gives hard, repeatable moves to build strength and power on.",
        ],
        FingerLoad::Max,
        30,
    )
}

/// 4x4s (4 problems x 4 laps, ~4 min rest); on routes for a route goal.
pub(super) fn four_by_fours(ctx: &Ctx) -> Block {
    let (name, reps, minutes) = if ctx.route {
        // 4 rounds of 4 laps at about 4 min a lap, 4 min between rounds: 76 min.
        (
            "Route 4x4s",
            "4 short routes (or 4 laps) back to back, 2-3 grades below your max",
            4 * 4 * ROUTE_LAP_MINUTES + 3 * 4,
        )
    } else {
        (
            "Boulder 4x4s",
            "4 problems back to back, 2-4 grades below your max",
            30,
        )
    };
    let mut b = block(
        ExerciseKind::Intervals,
        name,
        4,
        [
            reps,
            "about 4 min between rounds",
            "RPE 7-8: pumped but still climbing well",
            "Hard climbing with short rests trains power endurance, the pump of a crux sequence.",
        ],
        FingerLoad::Moderate,
        minutes,
    );
    if ctx.route {
        b.fill = Fill::RouteIntervals;
    }
    b
}

/// Minutes a route lap takes, climbing and lowering off (heuristic, ClimbingPill).
pub(super) const ROUTE_LAP_MINUTES: u16 = 4;
/// Minutes a route takes at volume pace, climbing, lowering and belaying back (heuristic).
pub(super) const ROUTE_MINUTES: u16 = 10;
/// Minutes a problem takes at volume pace, rests included (heuristic).
pub(super) const PROBLEM_MINUTES: u16 = 4;

/// ARC: 20-30 min continuous, easy.
pub(super) fn arc(ctx: &Ctx) -> Block {
    let intensity = if ctx.injured {
        "very easy, on jugs with an open hand; stop at any finger pain"
    } else {
        "easy: a light pump at most (RPE 3-4)"
    };
    let mut b = block(
        ExerciseKind::Arc,
        "ARC (continuous easy climbing)",
        1,
        [
            "20-30 min without coming off the wall",
            "10 min between bouts",
            intensity,
            "Long easy bouts build aerobic endurance and help recovery between harder days.",
        ],
        FingerLoad::Low,
        30,
    );
    b.fill = Fill::Arc;
    b
}

/// Flash-level mileage; linear progression adds climbs week by week.
pub(super) fn volume(ctx: &Ctx, step: u8, deload: bool) -> Block {
    let fill = Fill::Volume {
        route: ctx.route,
        step,
    };
    let mut b = if deload {
        block(
            ExerciseKind::Volume,
            "Easy climbing",
            1,
            [
                "easy climbs",
                "2-3 min between climbs",
                "RPE 4-5: stop well before any pump",
                "Easy mileage keeps movement sharp while tendons and pulleys recover.",
            ],
            FingerLoad::Low,
            30,
        )
    } else {
        block(
            ExerciseKind::Volume,
            "Volume climbing",
            1,
            [
                "climbs",
                "2-3 min between climbs",
                "RPE 5-7: comfortably below your max",
                "Lots of climbing at moderate effort builds movement skill and work capacity.",
            ],
            FingerLoad::Moderate,
            30,
        )
    };
    b.fill = fill;
    b
}

#[derive(Clone, Copy)]
pub(super) enum TechniqueFor {
    Skill,
    SmallHolds,
    Injured,
}

pub(super) fn technique(variant: TechniqueFor) -> Block {
    let (name, intensity, why) = match variant {
        TechniqueFor::Skill => (
            "Technique drills: silent feet, precise placements, straight arms",
            "easy terrain (RPE 3-5) so attention stays on movement",
            "Better movement saves strength on every climb.",
        ),
        TechniqueFor::SmallHolds => (
            "Technique on small holds: crimp positions and precise feet on vertical walls",
            "RPE 5-6, never at your limit",
            "Practising grip positions and footwork on small holds makes the most of the finger \
             strength you have.",
        ),
        TechniqueFor::Injured => (
            "Footwork drills on big holds: open hand, no crimping",
            "very easy; stop at any finger pain",
            "Precise footwork takes weight off your fingers, and it trains without loading them.",
        ),
    };
    block(
        ExerciseKind::Technique,
        name,
        1,
        ["15-20 min of drills", "as needed", intensity, why],
        FingerLoad::Low,
        15,
    )
}

/// Attempts on a goal climb in the performance phase.
pub(super) fn project(ctx: &Ctx) -> Block {
    if ctx.route {
        let mut b = block(
            ExerciseKind::Volume,
            "Redpoint burns on your project",
            3,
            [
                "1 burn, or the crux sections on a top rope",
                "20-30 min between burns",
                "full redpoint effort",
                "The hard work is done: now turn it into sends while you are fresh.",
            ],
            FingerLoad::Moderate,
            45,
        );
        b.fill = Fill::Burns;
        return b;
    }
    block(
        ExerciseKind::LimitBouldering,
        "Project attempts",
        sets(4, 0, 4..=6),
        [
            "attempts on your project's hardest moves, then full goes",
            "3-5 min between attempts",
            "maximal, fully rested for every attempt",
            "The hard work is done: now turn it into sends while you are fresh.",
        ],
        FingerLoad::Max,
        40,
    )
}

/// Graded return to load for an injured climber (stages 2-3 of 3): easy climbing that loads
/// the fingers a little more each stage, never crimping, never at the limit. The staging and
/// the pain-free criterion follow common tendon-rehabilitation practice (load progressed while
/// symptoms stay settled); the stages themselves are a ClimbingPill heuristic, not a clinical
/// protocol: the note sends the climber to a clinician.
pub(super) fn return_volume(stage: u8) -> Block {
    let (holds, intensity) = if stage <= 2 {
        (
            "big and medium holds, open hand",
            "RPE 3-4; stop at any finger pain",
        )
    } else {
        (
            "varied holds, open hand or half crimp, no full crimps",
            "RPE 4-5; stop at any finger pain",
        )
    };
    let reps = format!("easy climbs on {holds}");
    let mut b = block(
        ExerciseKind::Volume,
        "Return-to-load climbing",
        1,
        [
            &reps,
            "2-3 min between climbs",
            intensity,
            "Tendons and pulleys heal by being loaded gradually: a little more each stage, as \
             long as nothing hurts.",
        ],
        FingerLoad::Low,
        30,
    );
    b.fill = Fill::Fixed;
    b
}
