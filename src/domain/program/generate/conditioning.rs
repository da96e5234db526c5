//! Exercise library, off the wall: pulling, core, antagonists and mobility.
use super::context::Ctx;
use super::exercises::{block, Block};
use crate::domain::program::model::{ExerciseKind, FingerLoad};
use crate::domain::training::Level;

#[derive(Clone, Copy, PartialEq)]
pub(super) enum PullFor {
    Strength,
    Explosive,
}

/// Pulling on a bar; weighted only with weights, otherwise bodyweight variants.
pub(super) fn pulling(ctx: &Ctx, purpose: PullFor) -> Block {
    let caution = if ctx.injured {
        "; on a bar or rings, only if completely pain-free"
    } else {
        ""
    };
    let (name, sets, reps, rest, intensity, why) = match purpose {
        PullFor::Explosive => (
            "Explosive pull-ups",
            4,
            "3-5, pulling as fast as you can",
            "2-3 min between sets",
            "fast and crisp; stop when speed drops",
            "Fast pulling trains the power for dynamic moves without loading the fingers.",
        ),
        PullFor::Strength if ctx.weights && !ctx.injured => (
            "Weighted pull-ups",
            4,
            "3-5",
            "3 min between sets",
            "a load you could lift about 5 times",
            "Heavy pulling builds the strength to lock off and pull through hard moves.",
        ),
        PullFor::Strength if ctx.level == Level::Beginner => (
            "Pull-ups (assisted with a band or feet if needed)",
            3,
            "5-8",
            "2 min between sets",
            "stop 1-2 reps before failure",
            "Pulling strength makes steep climbing easier.",
        ),
        PullFor::Strength => (
            "Pull-ups (bodyweight; slow negatives or lock-offs when easy)",
            4,
            "5-8",
            "2-3 min between sets",
            "stop 1-2 reps before failure",
            "Pulling strength lets you lock off and pull through hard moves.",
        ),
    };
    let intensity = format!("{intensity}{caution}");
    block(
        ExerciseKind::Pulling,
        name,
        sets,
        [reps, rest, &intensity, why],
        FingerLoad::Low,
        15,
    )
}

pub(super) fn core(ctx: &Ctx) -> Block {
    // Hanging leg raises load the fingers, so an injured climber trains core on the floor.
    let name = if ctx.injured {
        "Core on the floor: hollow holds, dead bugs, side planks"
    } else {
        "Core: hanging knee or leg raises, front-lever progressions"
    };
    block(
        ExerciseKind::Core,
        name,
        3,
        [
            "6-10 reps or 20-30 s holds",
            "90 s between sets",
            "controlled; stop before form breaks",
            "A strong core keeps feet on steep walls and body tension through long moves.",
        ],
        FingerLoad::Low,
        10,
    )
}

/// Antagonists: 5-8 reps for strength, 12-15 for prehab.
pub(super) fn antagonists(heavy: bool) -> Block {
    let (name, sets, reps, intensity) = if heavy {
        (
            "Antagonists: push-ups, overhead press, dips",
            3,
            "5-8",
            "heavy: about 2 reps in reserve",
        )
    } else {
        (
            "Antagonists and prehab: push-ups, reverse wrist curls, external rotations",
            2,
            "12-15",
            "light to moderate",
        )
    };
    block(
        ExerciseKind::Antagonist,
        name,
        sets,
        [
            reps,
            "1-2 min between sets",
            intensity,
            "Pushing muscles balance all the pulling climbers do and protect shoulders and elbows.",
        ],
        FingerLoad::Low,
        10,
    )
}

pub(super) fn mobility() -> Block {
    block(
        ExerciseKind::Mobility,
        "Mobility: hips, shoulders, forearms",
        1,
        [
            "10-15 min",
            "none: flow between positions",
            "gentle, never into pain",
            "Mobile hips and shoulders let you reach high feet and stay close to the wall.",
        ],
        FingerLoad::Low,
        10,
    )
}
