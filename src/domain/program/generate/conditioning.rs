//! Exercise library, off the wall: pulling, core, antagonists and mobility.
use super::context::Ctx;
use super::exercises::{block, Block};
use super::loads::{added_text, five_rep_added, pull_level, rep_range, PullLevel};
use crate::domain::program::model::{ExerciseKind, FingerLoad};
use crate::domain::training::Level;

#[derive(Clone, Copy, PartialEq)]
pub(super) enum PullFor {
    Strength,
    Explosive,
}

/// Pulling on a bar, prescribed from the pull-up test: assisted and slow negatives below
/// [`STRICT_PULL_UPS_FOR_SETS`] pull-ups, sets from the tested count, loads from a tested
/// one-rep max (weighted only with weights). Untested: by RPE, as before.
pub(super) fn pulling(ctx: &Ctx, purpose: PullFor) -> Block {
    let caution = if ctx.injured {
        "; on a bar or rings, only if completely pain-free"
    } else {
        ""
    };
    let tested = pull_level(&ctx.request.baseline);
    let count = |n: u16| {
        if n == 1 {
            "1 strict pull-up".to_string()
        } else {
            format!("{n} strict pull-ups")
        }
    };
    let (name, sets, reps, rest, intensity, why): (&str, u8, String, &str, String, &str) =
        match (purpose, tested) {
            (_, PullLevel::Building(n)) => (
                "Assisted pull-ups and slow negatives (band or feet on a box)",
                3,
                format!(
                    "{}, then 2-3 negatives lowering for 5 s",
                    if n == 0 {
                        "5-8 assisted".to_string()
                    } else {
                        format!("{} strict or 5-8 assisted", n.saturating_sub(1).max(1))
                    }
                ),
                "2 min between sets",
                format!(
                    "your test: {}; take just enough help to finish every rep cleanly",
                    count(n)
                ),
                "Assisted reps and slow lowering build the strength for your first sets of \
                 pull-ups without grinding to failure.",
            ),
            (PullFor::Explosive, _) => (
                "Explosive pull-ups",
                4,
                "3-5, pulling as fast as you can".to_string(),
                "2-3 min between sets",
                "fast and crisp; stop when speed drops".to_string(),
                "Fast pulling trains the power for dynamic moves without loading the fingers.",
            ),
            (PullFor::Strength, PullLevel::Loaded { total, bodyweight })
                if ctx.weights && !ctx.injured =>
            {
                (
                    "Weighted pull-ups",
                    4,
                    "5".to_string(),
                    "3 min between sets",
                    format!(
                        "{} (about 86 % of your tested one-rep max of {total:.1} kg with \
                     {bodyweight:.1} kg bodyweight)",
                        added_text(five_rep_added(total, bodyweight))
                    ),
                    "Heavy pulling builds the strength to lock off and pull through hard moves.",
                )
            }
            (PullFor::Strength, PullLevel::Reps(n)) if n >= 12 && ctx.weights && !ctx.injured => (
                "Weighted pull-ups",
                4,
                "3-5".to_string(),
                "3 min between sets",
                format!(
                    "your test: {}; add weight until 5 reps are hard (about 2 in reserve)",
                    count(n)
                ),
                "Heavy pulling builds the strength to lock off and pull through hard moves.",
            ),
            (PullFor::Strength, PullLevel::Reps(n)) => (
                "Pull-ups (bodyweight; slow negatives or lock-offs when easy)",
                4,
                rep_range(n),
                "2-3 min between sets",
                format!("60-80 % of your test ({}), 1-2 reps in reserve", count(n)),
                "Pulling strength lets you lock off and pull through hard moves.",
            ),
            (PullFor::Strength, _) if ctx.weights && !ctx.injured => (
                "Weighted pull-ups",
                4,
                "3-5".to_string(),
                "3 min between sets",
                "a load you could lift about 5 times".to_string(),
                "Heavy pulling builds the strength to lock off and pull through hard moves.",
            ),
            (PullFor::Strength, _) if ctx.level == Level::Beginner => (
                "Pull-ups (assisted with a band or feet if needed)",
                3,
                "5-8".to_string(),
                "2 min between sets",
                "stop 1-2 reps before failure".to_string(),
                "Pulling strength makes steep climbing easier.",
            ),
            (PullFor::Strength, _) => (
                "Pull-ups (bodyweight; slow negatives or lock-offs when easy)",
                4,
                "5-8".to_string(),
                "2-3 min between sets",
                "stop 1-2 reps before failure".to_string(),
                "Pulling strength lets you lock off and pull through hard moves.",
            ),
        };
    let intensity = format!("{intensity}{caution}");
    block(
        ExerciseKind::Pulling,
        name,
        sets,
        [&reps, rest, &intensity, why],
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
