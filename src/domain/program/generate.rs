//! The program generator: a periodized, dated plan from a [`ProgramRequest`]. Deterministic
//! (same request, same plan: no clock, no randomness) and pure, so it runs on the server and
//! in the browser. Every rule it follows is in [`super::rules`], which also checks the result.
//!
//! Steps: validate the request, fix the calendar (Monday start, whole weeks), lay out the phases
//! of the level's model with deloads, give each training day a role (max-finger days at least
//! 48 h apart), fill the roles with exercises allowed by equipment, level and injury, add a
//! dedicated block for the weakest areas, then write the notes.
use std::cmp::Reverse;

use super::model::{
    Exercise, ExerciseKind, FingerLoad, Model, Phase, PlannedSession, PlannedWeek, ProgramPlan,
    ProgramRequest,
};
use super::rules;
use crate::domain::grade::Discipline;
use crate::domain::journal::SessionKind;
use crate::domain::training::{Area, Equipment, Level};
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
    let phases = phase_sequence(model, length.weeks);
    let weeks = planned_weeks(start, &phases);
    let ctx = Ctx::new(request);
    let sessions = schedule(&ctx, &weeks, &progress_steps(model, &phases));
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

// ---------------------------------------------------------------------------------------------
// Calendar and phases
// ---------------------------------------------------------------------------------------------

/// Weeks line up with the calendar: the start itself when it is a Monday, else the next one.
fn first_monday(day: Date) -> Date {
    let weekday = i64::from(day.weekday());
    if weekday == 0 {
        day
    } else {
        day.add_days(7 - weekday)
    }
}

struct Length {
    weeks: u8,
    /// Whole weeks that fit before the target date, before clamping (None without a target).
    fitting: Option<i64>,
}

/// With a target: the whole weeks that end on or before it, clamped to 4-12. Without one, the
/// default length.
fn program_length(request: &ProgramRequest, start: Date) -> Length {
    let Some(target) = request.target_date else {
        let weeks = if request.level == Level::Beginner {
            rules::BEGINNER_DEFAULT_WEEKS
        } else {
            rules::DEFAULT_WEEKS
        };
        return Length {
            weeks,
            fitting: None,
        };
    };
    let fitting = (target.days_since_epoch() - start.days_since_epoch() + 1).div_euclid(7);
    let (min, max) = (
        i64::from(*rules::PROGRAM_WEEKS.start()),
        i64::from(*rules::PROGRAM_WEEKS.end()),
    );
    Length {
        weeks: fitting.clamp(min, max) as u8,
        fitting: Some(fitting),
    }
}

/// How many weeks each training phase of a model gets, relative to the others.
/// Hörst 4-3-2(-1) from DOMAIN.md; the Rock Prodigy split is a coaching heuristic (strength is
/// the longest block, performance the shortest); linear splits base and skill evenly.
fn phase_weights(model: Model) -> &'static [u32] {
    match model {
        Model::Linear => &[1, 1],
        Model::FourThreeTwoOne => &[4, 3, 2],
        Model::RockProdigy => &[2, 3, 2, 2, 1],
    }
}

/// One phase per week: training phases in the model's order, scaled to the length, with just
/// enough deloads that no run is longer than the model allows, and a deload to finish.
fn phase_sequence(model: Model, weeks: u8) -> Vec<Phase> {
    let weeks = usize::from(weeks);
    let max_run = rules::max_weeks_without_deload(model);
    let deloads = weeks.div_ceil(max_run + 1);
    let training = weeks - deloads;
    let counts = apportion(phase_weights(model), training);
    let sequence: Vec<Phase> = rules::model_phases(model)
        .iter()
        .zip(counts)
        .flat_map(|(phase, n)| std::iter::repeat_n(*phase, n))
        .collect();
    let mut out = Vec::with_capacity(weeks);
    let mut from = 0;
    for cut in cut_points(&sequence, deloads, max_run)
        .into_iter()
        .chain([training])
    {
        out.extend_from_slice(&sequence[from..cut]);
        out.push(Phase::Deload);
        from = cut;
    }
    out
}

/// Splits `total` in proportion to `weights` (largest remainder; ties go to the earlier phase).
fn apportion(weights: &[u32], total: usize) -> Vec<usize> {
    let sum: usize = weights.iter().map(|w| *w as usize).sum();
    let mut counts: Vec<usize> = weights.iter().map(|w| *w as usize * total / sum).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| (Reverse(weights[i] as usize * total % sum), i));
    let missing = total - counts.iter().sum::<usize>();
    for &i in order.iter().take(missing) {
        counts[i] += 1;
    }
    counts
}

/// Where the inner deloads go in the run of training weeks: `runs` runs of 1..=max_run weeks,
/// about even, moved by one week when that puts the deload on a phase boundary (a recovery week
/// between two blocks rather than inside one).
fn cut_points(sequence: &[Phase], runs: usize, max_run: usize) -> Vec<usize> {
    let total = sequence.len();
    let mut cuts = Vec::new();
    let mut from = 0;
    for left in (2..=runs).rev() {
        let remaining = total - from;
        let lo = from + remaining.saturating_sub((left - 1) * max_run).max(1);
        let hi = from + max_run.min(remaining - (left - 1));
        let even = from + remaining.div_ceil(left);
        let boundary = (lo..=hi)
            .filter(|&c| c < total && sequence[c - 1] != sequence[c])
            .min_by_key(|&c| (c.abs_diff(even), c));
        let cut = match boundary {
            Some(c) if c.abs_diff(even) <= 1 => c,
            _ => even.clamp(lo, hi),
        };
        cuts.push(cut);
        from = cut;
    }
    cuts
}

fn planned_weeks(start: Date, phases: &[Phase]) -> Vec<PlannedWeek> {
    phases
        .iter()
        .enumerate()
        .map(|(i, phase)| PlannedWeek {
            number: i as u8 + 1,
            phase: *phase,
            starts: start.add_days(7 * i as i64),
        })
        .collect()
}

/// How far into its progression each week is (0 = first week): linear progression counts every
/// training week of the program; the block models count weeks within the same phase. Sets and
/// volume grow with it; deload weeks are 0.
fn progress_steps(model: Model, phases: &[Phase]) -> Vec<u8> {
    phases
        .iter()
        .enumerate()
        .map(|(i, phase)| {
            let before = &phases[..i];
            let n = match (phase, model) {
                (Phase::Deload, _) => 0,
                (_, Model::Linear) => before.iter().filter(|p| **p != Phase::Deload).count(),
                _ => before.iter().filter(|p| *p == phase).count(),
            };
            n as u8
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// What the climber may do
// ---------------------------------------------------------------------------------------------

/// The request, digested into what the exercise library needs.
struct Ctx<'a> {
    request: &'a ProgramRequest,
    level: Level,
    injured: bool,
    /// Hangboard, campus and board: owned, allowed for the level, and not injured.
    hangboard: bool,
    campus: bool,
    board: bool,
    weights: bool,
    route: bool,
    /// Weekday offsets (0 = Monday) of the training days.
    days: &'static [u8],
    focus: Vec<Area>,
}

/// Training days spread over the week so hard days can sit 48 h apart; Sunday is always free.
const DAY_PATTERNS: [&[u8]; 6] = [
    &[0],
    &[0, 3],
    &[0, 2, 4],
    &[0, 1, 3, 5],
    &[0, 1, 3, 4, 5],
    &[0, 1, 2, 3, 4, 5],
];

impl<'a> Ctx<'a> {
    fn new(request: &'a ProgramRequest) -> Ctx<'a> {
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

    fn minutes(&self, phase: Phase) -> u16 {
        if phase == Phase::Deload {
            rules::deload_minutes(self.request.session_minutes)
        } else {
            self.request.session_minutes
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Exercise library (protocols from DOMAIN.md "Periodization and sessions")
// ---------------------------------------------------------------------------------------------

/// An exercise while its session is being assembled.
#[derive(Clone)]
struct Block {
    exercise: Exercise,
    load: FingerLoad,
    /// Rough time it takes, to fit sessions into the requested minutes.
    minutes: u16,
    /// May be dropped when the session runs out of time.
    optional: bool,
    /// A dedicated block for a weak area: never dropped.
    focus: bool,
}

fn block(
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
        },
        load,
        minutes,
        optional: true,
        focus: false,
    }
}

/// Sets that grow by one a week within a phase, inside a protocol's range.
fn sets(first: u8, step: u8, range: std::ops::RangeInclusive<u8>) -> u8 {
    first
        .saturating_add(step)
        .clamp(*range.start(), *range.end())
}

fn warmup(ctx: &Ctx, session_minutes: u16, off_the_wall: bool) -> Block {
    let minutes = if session_minutes <= 60 { 10 } else { 15 };
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

/// López MaxHangs: 5-15 s hangs with 1-5 s in reserve, 75-103 % of max, 3-5 min rest, 2-5 sets.
fn max_hangs(step: u8) -> Block {
    block(
        ExerciseKind::Hangboard,
        "Max hangs (López MaxHangs)",
        sets(3, step, 2..=5),
        [
            "1 hang of 10 s, finishing with about 3 s in reserve",
            "3-5 min between sets",
            "75-103 % of your max 10 s hang; 20 mm edge, half crimp",
            "Short, heavy hangs build maximal finger strength, the best single predictor of \
             bouldering grade.",
        ],
        FingerLoad::Max,
        20,
    )
}

/// Hörst 7-53: 7 s hang, 53 s rest, 3 hangs a set, at most 5 sets.
fn hoerst_7_53(step: u8) -> Block {
    block(
        ExerciseKind::Hangboard,
        "Hörst 7-53 hangs",
        sets(3, step, 1..=5),
        [
            "3 hangs of 7 s, 53 s rest between hangs",
            "3-5 min between sets",
            "a load you could hold for about 10 s; 20 mm edge, half crimp",
            "Near-maximal hangs with long rests build finger strength without much fatigue.",
        ],
        FingerLoad::Max,
        20,
    )
}

/// López IntHangs: 7-10 s on / 3-30 s off, 4-5 hangs x 3-5 sets at 60-80 %. Submaximal, so a
/// hangboard-ready beginner can start here.
fn int_hangs(step: u8) -> Block {
    block(
        ExerciseKind::Hangboard,
        "Intermittent hangs (López IntHangs)",
        sets(3, step, 3..=5),
        [
            "4-5 hangs of 7-10 s on, 3-30 s off",
            "1-2 min between sets",
            "60-80 % of your max hang; 20 mm edge or bigger, open hand",
            "Submaximal hangs strengthen fingers and tendons gently.",
        ],
        FingerLoad::Moderate,
        20,
    )
}

/// 7/3 repeaters: 6 reps, 3 min between sets; the load matches the assessment's repeater test.
fn repeaters(step: u8) -> Block {
    block(
        ExerciseKind::Hangboard,
        "7/3 repeaters",
        sets(3, step, 3..=5),
        [
            "6 hangs of 7 s on, 3 s off",
            "3 min between sets",
            "about 60 % of your max-hang load; the last hangs of a set are hard",
            "Repeated hangs with short rests train finger endurance (critical force).",
        ],
        FingerLoad::Moderate,
        20,
    )
}

/// The max-strength hangboard protocol for the level: Hörst's for the Hörst model, López's for
/// Rock Prodigy, the submaximal one for a beginner.
fn strength_hangs(ctx: &Ctx, step: u8) -> Block {
    match ctx.level {
        Level::Beginner => int_hangs(step),
        Level::Intermediate => hoerst_7_53(step),
        Level::Advanced | Level::Elite => max_hangs(step),
    }
}

/// Campus: DOMAIN.md gives no set scheme; 3-5 short sets with full rest (coaching heuristic).
fn campus(step: u8) -> Block {
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
fn limit_bouldering(step: u8) -> Block {
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
fn board_limit(step: u8) -> Block {
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
fn four_by_fours(ctx: &Ctx) -> Block {
    let (name, reps) = if ctx.route {
        (
            "Route 4x4s",
            "4 short routes (or 4 laps) back to back, 2-3 grades below your max",
        )
    } else {
        (
            "Boulder 4x4s",
            "4 problems back to back, 2-4 grades below your max",
        )
    };
    block(
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
        30,
    )
}

/// ARC: 20-30 min continuous, easy.
fn arc(ctx: &Ctx) -> Block {
    let intensity = if ctx.injured {
        "very easy, on jugs with an open hand; stop at any finger pain"
    } else {
        "easy: a light pump at most (RPE 3-4)"
    };
    block(
        ExerciseKind::Arc,
        "ARC (continuous easy climbing)",
        2,
        [
            "20-30 min without coming off the wall",
            "10 min between bouts",
            intensity,
            "Long easy bouts build aerobic endurance and help recovery between harder days.",
        ],
        FingerLoad::Low,
        30,
    )
}

/// Flash-level mileage; linear progression adds climbs week by week.
fn volume(ctx: &Ctx, step: u8, deload: bool) -> Block {
    let (count, unit) = if ctx.route {
        (4 + u32::from(step).min(6), "routes")
    } else {
        (8 + 2 * u32::from(step).min(6), "problems")
    };
    let reps = format!("{count} {unit} well below your limit");
    if deload {
        return block(
            ExerciseKind::Volume,
            "Easy climbing",
            1,
            [
                &reps,
                "2-3 min between climbs",
                "RPE 4-5: stop well before any pump",
                "Easy mileage keeps movement sharp while tendons and pulleys recover.",
            ],
            FingerLoad::Low,
            30,
        );
    }
    block(
        ExerciseKind::Volume,
        "Volume climbing",
        1,
        [
            &reps,
            "2-3 min between climbs",
            "RPE 5-7: comfortably below your max",
            "Lots of climbing at moderate effort builds movement skill and work capacity.",
        ],
        FingerLoad::Moderate,
        30,
    )
}

#[derive(Clone, Copy)]
enum TechniqueFor {
    Skill,
    SmallHolds,
    Injured,
}

fn technique(variant: TechniqueFor) -> Block {
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

#[derive(Clone, Copy, PartialEq)]
enum PullFor {
    Strength,
    Explosive,
}

/// Pulling on a bar; weighted only with weights, otherwise bodyweight variants.
fn pulling(ctx: &Ctx, purpose: PullFor) -> Block {
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

fn core(ctx: &Ctx) -> Block {
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
fn antagonists(heavy: bool) -> Block {
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

fn mobility() -> Block {
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

/// Attempts on a goal climb in the performance phase.
fn project(ctx: &Ctx) -> Block {
    if ctx.route {
        return block(
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

// ---------------------------------------------------------------------------------------------
// Weekly structure: roles
// ---------------------------------------------------------------------------------------------

/// What a training day is for. Max roles only ever go on days 48 h after the previous one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// Hangboard strength plus limit bouldering (max-finger).
    Strength,
    /// Limit bouldering or board, campus in the power phase (max-finger).
    Power,
    /// Performance phase on a boulder goal: project attempts (max-finger).
    Project,
    Volume,
    Arc,
    PowerEndurance,
    RouteProject,
    /// Off-the-wall day: antagonists, core, mobility.
    Recovery,
    Deload,
    InjuredTechnique,
    InjuredArc,
    InjuredPrehab,
}

impl Role {
    fn is_max(self) -> bool {
        matches!(self, Role::Strength | Role::Power | Role::Project)
    }
}

/// Max-finger days wanted a week, by phase and level (DOMAIN.md hangboard guidance: beginners
/// none, intermediates 1-2, advanced 2-3; elite climbers tolerate one more).
fn wanted_max_days(ctx: &Ctx, phase: Phase) -> usize {
    let elite = usize::from(ctx.level == Level::Elite);
    match phase {
        Phase::Deload => 0,
        Phase::Base if ctx.level == Level::Beginner => 0,
        Phase::Base | Phase::Skill | Phase::PowerEndurance => 1,
        Phase::Strength | Phase::Power => 2 + elite,
        Phase::Performance if ctx.route => 1,
        Phase::Performance => 2,
    }
}

/// Never more than half the days are max-finger days (rounded up in the intense phases).
fn max_day_cap(phase: Phase, days: usize) -> usize {
    match phase {
        Phase::Strength | Phase::Power | Phase::Performance => days.div_ceil(2),
        _ => days / 2,
    }
}

fn max_roles(ctx: &Ctx, phase: Phase) -> &'static [Role] {
    match phase {
        // Hörst's 3-week block is "strength and power"; Rock Prodigy's strength block is
        // hangboard-led.
        Phase::Strength if ctx.level == Level::Intermediate => &[Role::Strength, Role::Power],
        Phase::Strength => &[Role::Strength],
        Phase::Power => &[Role::Power, Role::Power, Role::Strength],
        Phase::Performance if !ctx.route => &[Role::Project],
        _ => &[Role::Power],
    }
}

fn other_roles(ctx: &Ctx, phase: Phase) -> &'static [Role] {
    match phase {
        Phase::Base => &[Role::Arc, Role::Volume, Role::Recovery],
        Phase::Skill => &[Role::Volume, Role::Arc, Role::Recovery],
        Phase::PowerEndurance => &[
            Role::PowerEndurance,
            Role::Recovery,
            Role::PowerEndurance,
            Role::Arc,
        ],
        Phase::Performance if ctx.route => &[Role::RouteProject, Role::Recovery, Role::Arc],
        Phase::Deload => &[Role::Deload],
        _ => &[Role::Volume, Role::Recovery, Role::Arc],
    }
}

const INJURED_ROLES: [Role; 3] = [
    Role::InjuredTechnique,
    Role::InjuredPrehab,
    Role::InjuredArc,
];

/// The role of each training day of a week. Max days are spread through the week and kept
/// 48 h from each other and from the last max day of the previous week.
fn week_roles(ctx: &Ctx, phase: Phase, dates: &[Date], last_max: Option<Date>) -> Vec<Role> {
    if ctx.injured {
        return (0..dates.len())
            .map(|i| INJURED_ROLES[i % INJURED_ROLES.len()])
            .collect();
    }
    let wanted = wanted_max_days(ctx, phase).min(max_day_cap(phase, dates.len()));
    let max_slots = spread_max_days(dates, wanted, last_max);
    let (maxes, others) = (max_roles(ctx, phase), other_roles(ctx, phase));
    let (mut m, mut o) = (0, 0);
    (0..dates.len())
        .map(|i| {
            if max_slots.contains(&i) {
                m += 1;
                maxes[(m - 1) % maxes.len()]
            } else {
                o += 1;
                others[(o - 1) % others.len()]
            }
        })
        .collect()
}

/// Indices of up to `wanted` days for max-finger work: each close to an even spread of the week
/// (Monday, then ~7/wanted days apart) and at least 2 days after the previous max day.
fn spread_max_days(dates: &[Date], wanted: usize, last_max: Option<Date>) -> Vec<usize> {
    let Some(monday) = dates.first().map(|d| d.start_of_week()) else {
        return Vec::new();
    };
    let mut chosen: Vec<usize> = Vec::new();
    let mut previous = last_max;
    for j in 0..wanted {
        let target = ((14 * j + wanted) / (2 * wanted)) as i64; // round(7 j / wanted)
        let pick = (0..dates.len())
            .filter(|i| chosen.last().is_none_or(|last| i > last))
            .filter(|&i| {
                previous.is_none_or(|p| gap(p, dates[i]) >= rules::MIN_DAYS_BETWEEN_MAX_FINGER)
            })
            .min_by_key(|&i| ((gap(monday, dates[i]) - target).abs(), i));
        let Some(i) = pick else { break };
        chosen.push(i);
        previous = Some(dates[i]);
    }
    chosen
}

fn gap(a: Date, b: Date) -> i64 {
    b.days_since_epoch() - a.days_since_epoch()
}

// ---------------------------------------------------------------------------------------------
// Sessions
// ---------------------------------------------------------------------------------------------

/// A session while its week is being assembled.
struct Draft {
    date: Date,
    role: Role,
    blocks: Vec<Block>,
    focus: Vec<Area>,
}

impl Draft {
    fn has(&self, kind: ExerciseKind) -> bool {
        self.blocks.iter().any(|b| b.exercise.kind == kind)
    }
}

struct WeekCtx {
    number: u8,
    phase: Phase,
    step: u8,
    minutes: u16,
}

fn schedule(ctx: &Ctx, weeks: &[PlannedWeek], steps: &[u8]) -> Vec<PlannedSession> {
    let mut sessions = Vec::with_capacity(weeks.len() * ctx.days.len());
    let mut last_max: Option<Date> = None;
    for (week, step) in weeks.iter().zip(steps) {
        let wk = WeekCtx {
            number: week.number,
            phase: week.phase,
            step: *step,
            minutes: ctx.minutes(week.phase),
        };
        let dates: Vec<Date> = ctx
            .days
            .iter()
            .map(|d| week.starts.add_days(i64::from(*d)))
            .collect();
        let roles = week_roles(ctx, week.phase, &dates, last_max);
        let mut drafts = draft_week(ctx, &wk, &dates, &roles);
        if week.phase != Phase::Deload {
            add_focus_blocks(ctx, &wk, &mut drafts);
        }
        for draft in drafts {
            let session = finish(ctx, &wk, draft);
            if session.finger_load == FingerLoad::Max {
                last_max = Some(session.date);
            }
            sessions.push(session);
        }
    }
    sessions
}

fn draft_week(ctx: &Ctx, wk: &WeekCtx, dates: &[Date], roles: &[Role]) -> Vec<Draft> {
    let mut campus_days = 0;
    dates
        .iter()
        .zip(roles)
        .map(|(date, role)| {
            let off_the_wall = matches!(role, Role::Recovery | Role::InjuredPrehab);
            let mut blocks = vec![warmup(ctx, wk.minutes, off_the_wall)];
            blocks.extend(role_blocks(ctx, wk, *role, &mut campus_days));
            if let Some(main) = blocks.get_mut(1) {
                main.optional = false;
            }
            Draft {
                date: *date,
                role: *role,
                blocks,
                focus: Vec::new(),
            }
        })
        .collect()
}

/// The exercises of a role, most important first (later ones go when time runs short).
fn role_blocks(ctx: &Ctx, wk: &WeekCtx, role: Role, campus_days: &mut usize) -> Vec<Block> {
    let step = wk.step;
    let heavy = matches!(wk.phase, Phase::Strength | Phase::Power);
    // Beginners find their limit on the wall; board benchmarks start far too hard for them.
    let limit = || {
        if ctx.board && ctx.level != Level::Beginner {
            board_limit(step)
        } else {
            limit_bouldering(step)
        }
    };
    match role {
        Role::Strength => {
            let mut v = Vec::new();
            if ctx.hangboard {
                v.push(strength_hangs(ctx, step));
            }
            v.extend([limit(), pulling(ctx, PullFor::Strength), antagonists(true)]);
            v
        }
        Role::Power => {
            let mut v = vec![limit()];
            if ctx.campus
                && wk.phase == Phase::Power
                && *campus_days < rules::MAX_CAMPUS_SESSIONS_PER_WEEK
            {
                *campus_days += 1;
                v.push(campus(step));
            }
            v.extend([pulling(ctx, PullFor::Explosive), core(ctx)]);
            v
        }
        Role::Project => vec![project(ctx), core(ctx), mobility()],
        Role::RouteProject => vec![project(ctx), mobility()],
        Role::Volume => vec![
            volume(ctx, step, false),
            technique(TechniqueFor::Skill),
            core(ctx),
            antagonists(false),
        ],
        Role::Arc => vec![arc(ctx), technique(TechniqueFor::Skill), mobility()],
        Role::PowerEndurance => vec![four_by_fours(ctx), core(ctx), antagonists(false)],
        Role::Recovery => vec![antagonists(heavy), core(ctx), mobility()],
        Role::Deload => vec![volume(ctx, 0, true), mobility(), antagonists(false)],
        Role::InjuredTechnique => vec![technique(TechniqueFor::Injured), mobility(), core(ctx)],
        Role::InjuredArc => vec![arc(ctx), mobility()],
        Role::InjuredPrehab => vec![antagonists(false), core(ctx), mobility()],
    }
}

// ---------------------------------------------------------------------------------------------
// Focus on weaknesses
// ---------------------------------------------------------------------------------------------

/// The weakest area gets a dedicated block every training week; the second weakest too when
/// there are at least 3 days (in another session, so no session carries two).
fn add_focus_blocks(ctx: &Ctx, wk: &WeekCtx, drafts: &mut [Draft]) {
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
            easy_host(drafts).map(|i| &mut drafts[i])
        };
        if let Some(draft) = host {
            add_focus_block(draft, area, candidate);
            return;
        }
    }
}

/// Where a non-max focus block goes: a free non-max day, preferably not the day after a max
/// day (fingers are still recovering then); else any free day.
fn easy_host(drafts: &[Draft]) -> Option<usize> {
    let free = |i: &usize| drafts[*i].focus.is_empty();
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
                v.push(strength_hangs(ctx, step));
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
                v.push(repeaters(step));
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

// ---------------------------------------------------------------------------------------------
// Finishing a session
// ---------------------------------------------------------------------------------------------

/// Exercise order inside a session: warm-up first, hangboard before any climbing (DOMAIN.md),
/// campus while fresh, then climbing, then off-the-wall strength and mobility.
fn order_rank(kind: ExerciseKind) -> u8 {
    match kind {
        ExerciseKind::Warmup => 0,
        ExerciseKind::Hangboard => 1,
        ExerciseKind::Campus => 2,
        ExerciseKind::LimitBouldering => 3,
        ExerciseKind::BoardClimbing => 4,
        ExerciseKind::Technique => 5,
        ExerciseKind::Intervals => 6,
        ExerciseKind::Volume => 7,
        ExerciseKind::Arc => 8,
        ExerciseKind::Pulling => 9,
        ExerciseKind::Core => 10,
        ExerciseKind::Antagonist => 11,
        ExerciseKind::Mobility => 12,
    }
}

/// Drops optional blocks (least important first) until the session fits its minutes.
fn fit_to_time(blocks: &mut Vec<Block>, minutes: u16) {
    let total = |bs: &[Block]| bs.iter().map(|b| b.minutes).sum::<u16>();
    while total(blocks) > minutes {
        match blocks.iter().rposition(|b| b.optional && !b.focus) {
            Some(i) => {
                blocks.remove(i);
            }
            None => break,
        }
    }
}

fn finish(ctx: &Ctx, wk: &WeekCtx, mut draft: Draft) -> PlannedSession {
    fit_to_time(&mut draft.blocks, wk.minutes);
    draft.blocks.sort_by_key(|b| order_rank(b.exercise.kind));
    let finger_load = draft
        .blocks
        .iter()
        .map(|b| b.load)
        .max()
        .unwrap_or(FingerLoad::Low);
    PlannedSession {
        date: draft.date,
        week: wk.number,
        phase: wk.phase,
        title: title(ctx, &draft),
        minutes: wk.minutes,
        finger_load,
        journal_kind: journal_kind(ctx, &draft),
        why: format!("{} {}", role_why(draft.role), phase_why(wk.phase)),
        exercises: draft.blocks.into_iter().map(|b| b.exercise).collect(),
    }
}

fn title(ctx: &Ctx, draft: &Draft) -> String {
    let has = |k| draft.has(k);
    let base = match draft.role {
        Role::Strength if has(ExerciseKind::Hangboard) => "Finger strength: hangboard and limit",
        Role::Strength => "Strength: limit problems",
        Role::Power if has(ExerciseKind::Campus) => "Power: campus and limit problems",
        Role::Power => "Power: limit problems",
        Role::Project => "Performance: project session",
        Role::RouteProject => "Performance: redpoint session",
        Role::Volume => "Technique and volume",
        Role::Arc => "Endurance base: ARC",
        Role::PowerEndurance if ctx.route => "Power endurance: route intervals",
        Role::PowerEndurance => "Power endurance: 4x4s",
        Role::Recovery => "Antagonists, core and mobility",
        Role::Deload => "Deload: easy climbing",
        Role::InjuredTechnique => "Injury-safe technique on big holds",
        Role::InjuredArc => "Injury-safe endurance: easy ARC on jugs",
        Role::InjuredPrehab => "Injury-safe antagonists, core and mobility",
    };
    match draft.focus.first() {
        Some(area) => format!("{base} + {} focus", area.label().to_lowercase()),
        None => base.to_string(),
    }
}

/// The journal kind the session is logged as: what leads it.
fn journal_kind(ctx: &Ctx, draft: &Draft) -> SessionKind {
    let has = |k| draft.has(k);
    match draft.role {
        Role::InjuredTechnique => SessionKind::Other,
        Role::InjuredPrehab => SessionKind::Mobility,
        Role::InjuredArc | Role::Arc => SessionKind::Endurance,
        Role::Recovery => SessionKind::Strength,
        Role::Strength if has(ExerciseKind::Hangboard) => SessionKind::Hangboard,
        _ if has(ExerciseKind::BoardClimbing) => SessionKind::Board,
        Role::Volume | Role::PowerEndurance | Role::RouteProject | Role::Deload if ctx.route => {
            SessionKind::Sport
        }
        _ => SessionKind::Bouldering,
    }
}

fn role_why(role: Role) -> &'static str {
    match role {
        Role::Strength => "Max-finger day, at least 48 h after the previous one.",
        Role::Power => {
            "Max-effort day, at least 48 h after the previous one: quality over \
                        quantity, rest fully between attempts."
        }
        Role::Project => "Max-effort day on your goal climbs, at least 48 h after the last one.",
        Role::RouteProject => "Redpoint day on your goal route.",
        Role::Volume => "Moderate day: mileage and movement skill.",
        Role::Arc => "Easy day: aerobic endurance that also speeds recovery.",
        Role::PowerEndurance => "Power-endurance day: hard climbing with short rests.",
        Role::Recovery => "Off-the-wall day: fingers rest while antagonists and core get work.",
        Role::Deload => "Easy, short session.",
        Role::InjuredTechnique => "No finger loading while you are injured: movement skill only.",
        Role::InjuredArc => "No finger loading while you are injured: easy endurance on jugs.",
        Role::InjuredPrehab => "No finger loading while you are injured: strength elsewhere.",
    }
}

fn phase_why(phase: Phase) -> &'static str {
    match phase {
        Phase::Base => "Base phase: aerobic endurance and mileage before intensity rises.",
        Phase::Skill => {
            "Skill and volume phase: lots of climbing at moderate effort to refine \
                         movement."
        }
        Phase::Strength => {
            "Strength phase: short, heavy efforts for maximal finger and pulling \
                            strength."
        }
        Phase::Power => "Power phase: turning strength into fast, explosive movement.",
        Phase::PowerEndurance => "Power-endurance phase: repeating hard moves through the pump.",
        Phase::Performance => "Performance phase: less volume so you are fresh to send.",
        Phase::Deload => {
            "Deload week: tendons and pulleys adapt more slowly than muscles, so \
                          they get time to catch up."
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Notes
// ---------------------------------------------------------------------------------------------

fn notes(ctx: &Ctx, model: Model, start: Date, length: &Length) -> Vec<String> {
    let r = ctx.request;
    let mut notes = vec![model_note(model)];
    if start != r.start {
        notes.push(format!(
            "The program starts on Monday {start} so its weeks line up with the calendar."
        ));
    }
    notes.extend(length_note(length, r.target_date));
    notes.extend(days_note(r));
    notes.extend(hours_note(r));
    notes.extend(held_back_notes(ctx));
    notes.push(focus_note(ctx));
    notes
}

fn model_note(model: Model) -> String {
    match model {
        Model::Linear => "Linear progression: as a newer climber you improve fastest from steady, \
                          gradual increases in climbing, with an easier deload week at least \
                          every 4th week."
            .into(),
        Model::FourThreeTwoOne => "Hörst 4-3-2-1: skill and volume, then strength and power, then \
                                   power endurance, then a rest week, in those proportions. An \
                                   extra deload goes in so there is one at least every 6 weeks."
            .into(),
        Model::RockProdigy => "Rock Prodigy phases: base, hangboard strength, power, power \
                               endurance and performance, with a deload at least every 6 weeks \
                               and at the end."
            .into(),
    }
}

fn length_note(length: &Length, target: Option<Date>) -> Option<String> {
    let (target, fitting) = (target?, length.fitting?);
    let weeks = length.weeks;
    Some(if fitting < i64::from(weeks) {
        format!(
            "Your target date ({target}) is closer than {weeks} weeks: this is the shortest \
             useful program, so it runs past the target. Treat the week of your target as an \
             easy week."
        )
    } else if fitting > i64::from(weeks) {
        format!(
            "Your target date ({target}) is more than {weeks} weeks away: this program covers \
             the first {weeks} weeks. Re-test and generate the next one when it ends."
        )
    } else {
        format!("{weeks} weeks, finishing with a deload week before your target date ({target}).")
    })
}

fn days_note(r: &ProgramRequest) -> Option<String> {
    let guide = rules::days_guidance(r.level);
    let (lo, hi) = (*guide.start(), *guide.end());
    let level = r.level.label().to_lowercase();
    if r.days_per_week > hi {
        Some(format!(
            "You asked for {} days a week; {lo}-{hi} is the usual range for {level} climbers. \
             The plan keeps your days, but take an extra rest day whenever you feel run down or \
             your fingers ache.",
            r.days_per_week
        ))
    } else if r.days_per_week < lo {
        Some(format!(
            "You asked for {} a week; {lo}-{hi} days is the usual range for {level} climbers, \
             so progress may be slower, but consistency matters more than volume.",
            if r.days_per_week == 1 {
                "1 day".to_string()
            } else {
                format!("{} days", r.days_per_week)
            }
        ))
    } else {
        None
    }
}

fn hours_note(r: &ProgramRequest) -> Option<String> {
    let hours = u32::from(r.days_per_week) * u32::from(r.session_minutes) / 60;
    let most = *rules::weekly_hours_guidance(r.level).end();
    (hours > u32::from(most)).then(|| {
        format!(
            "That is about {hours} hours a week, above the {most} hours usually suggested for \
             {} climbers: shorten sessions when you feel tired.",
            r.level.label().to_lowercase()
        )
    })
}

fn held_back_notes(ctx: &Ctx) -> Vec<String> {
    let r = ctx.request;
    let owns = |e: Equipment| r.equipment.contains(&e);
    let mut notes = Vec::new();
    if r.injured {
        notes.push(
            "You reported an injury, so max-finger work (hangboard, campus, limit bouldering, \
             board climbing) is held back: sessions are technique, easy climbing on big holds, \
             antagonists, core and mobility. This app can't diagnose injuries: please see a \
             clinician (a doctor or physiotherapist who knows climbing injuries), and stop \
             anything that hurts. Generate a new program once you are cleared."
                .into(),
        );
    }
    if owns(Equipment::Hangboard) && r.level == Level::Beginner && !r.hangboard_ready {
        notes.push(
            "No hangboard yet: start once you can hang a 20 mm edge for 10 s at bodyweight. \
             Until then, climbing itself trains your fingers safely."
                .into(),
        );
    }
    if owns(Equipment::CampusBoard) && !rules::campus_allowed(r) {
        notes.push(
            "No campus board: campusing is for advanced climbers only, because of the strain it \
             puts on fingers and elbows."
                .into(),
        );
    }
    if ctx.focus.contains(&Area::PullingStrength) && !ctx.weights {
        notes.push(
            "Pulling work uses bodyweight variants; add weight once you have weights and 8 clean \
             pull-ups are easy."
                .into(),
        );
    }
    notes
}

fn focus_note(ctx: &Ctx) -> String {
    match ctx.focus.as_slice() {
        [] => "No weak areas stand out, so the program is balanced.".into(),
        [weakest, rest @ ..] => {
            let mut note = format!(
                "Extra focus on your {} every training week",
                weakest.label().to_lowercase()
            );
            if let Some(next) = rest.first().filter(|_| ctx.days.len() >= 3) {
                note.push_str(&format!(", and on your {}", next.label().to_lowercase()));
            }
            note.push('.');
            note
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::grade::Ircra;
    use crate::domain::program::rules::violations;
    use proptest::prelude::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    /// Monday 2026-01-05; an intermediate boulderer with a gym and a hangboard, 4 days, 120 min.
    fn request() -> ProgramRequest {
        ProgramRequest {
            start: d(2026, 1, 5),
            level: Level::Intermediate,
            current_grade: Some(Ircra::new(15)),
            goal_discipline: Discipline::Boulder,
            target_date: None,
            days_per_week: 4,
            session_minutes: 120,
            equipment: vec![Equipment::Gym, Equipment::Hangboard],
            injured: false,
            hangboard_ready: true,
            weaknesses: vec![],
        }
    }

    fn plan(r: &ProgramRequest) -> ProgramPlan {
        let plan = generate(r).expect("valid request");
        assert_eq!(violations(r, &plan), Vec::<String>::new(), "{r:?}");
        plan
    }

    fn phases(plan: &ProgramPlan) -> Vec<Phase> {
        plan.weeks.iter().map(|w| w.phase).collect()
    }

    fn kinds(plan: &ProgramPlan) -> Vec<ExerciseKind> {
        plan.sessions
            .iter()
            .flat_map(|s| &s.exercises)
            .map(|e| e.kind)
            .collect()
    }

    fn weeks_to(r: &ProgramRequest, weeks: i64) -> ProgramRequest {
        ProgramRequest {
            target_date: Some(r.start.add_days(7 * weeks)),
            ..r.clone()
        }
    }

    use Phase::{
        Base as B, Deload as D, Performance as Pf, Power as P, PowerEndurance as PE, Skill as S,
        Strength as St,
    };

    #[test]
    fn beginner_without_hangboard_readiness_gets_no_hangboard() {
        let r = ProgramRequest {
            level: Level::Beginner,
            hangboard_ready: false,
            weaknesses: vec![Area::FingerStrength],
            ..request()
        };
        let p = plan(&r);
        assert!(!kinds(&p).contains(&ExerciseKind::Hangboard));
        assert!(p.notes.iter().any(|n| n.contains("10 s")));
        // Once ready, the finger-strength focus uses submaximal hangs.
        let ready = plan(&ProgramRequest {
            hangboard_ready: true,
            ..r
        });
        let hangs: Vec<&Exercise> = ready
            .sessions
            .iter()
            .flat_map(|s| &s.exercises)
            .filter(|e| e.kind == ExerciseKind::Hangboard)
            .collect();
        assert!(!hangs.is_empty());
        assert!(hangs.iter().all(|e| e.name.contains("IntHangs")));
    }

    #[test]
    fn beginner_default_is_six_linear_weeks_with_deloads() {
        let p = plan(&ProgramRequest {
            level: Level::Beginner,
            days_per_week: 3,
            ..request()
        });
        assert_eq!(p.model, Model::Linear);
        assert_eq!(phases(&p), [B, B, D, S, S, D]);
        assert!(!kinds(&p).contains(&ExerciseKind::Campus));
    }

    #[test]
    fn beginner_twelve_weeks_deloads_every_fourth_week() {
        let p = plan(&weeks_to(
            &ProgramRequest {
                level: Level::Beginner,
                ..request()
            },
            12,
        ));
        assert_eq!(phases(&p), [B, B, B, D, B, B, S, D, S, S, S, D]);
    }

    #[test]
    fn linear_volume_grows_week_by_week() {
        let p = plan(&ProgramRequest {
            level: Level::Beginner,
            days_per_week: 2,
            ..request()
        });
        let reps: Vec<&str> = p
            .sessions
            .iter()
            .flat_map(|s| &s.exercises)
            .filter(|e| e.name == "Volume climbing")
            .map(|e| e.reps.as_str())
            .collect();
        assert_eq!(reps.first(), Some(&"8 problems well below your limit"));
        assert!(reps.contains(&"14 problems well below your limit"));
    }

    #[test]
    fn intermediate_keeps_hoersts_4_3_2_1_with_a_deload_every_six_weeks() {
        // 11 weeks: exactly 4-3-2-1, plus the deload the 6-week rule needs after the skill block.
        let p = plan(&weeks_to(&request(), 11));
        assert_eq!(p.model, Model::FourThreeTwoOne);
        assert_eq!(phases(&p), [S, S, S, S, D, St, St, St, PE, PE, D]);
        // 10 weeks: the same order and proportions (3-3-2), with the same inner deload.
        let p = plan(&weeks_to(&request(), 10));
        assert_eq!(phases(&p), [S, S, S, D, St, St, St, PE, PE, D]);
        // 4 weeks: one week of each, then the deload.
        let p = plan(&weeks_to(&request(), 4));
        assert_eq!(phases(&p), [S, St, PE, D]);
    }

    #[test]
    fn advanced_twelve_weeks_follows_rock_prodigy_with_deloads() {
        let r = weeks_to(
            &ProgramRequest {
                level: Level::Advanced,
                days_per_week: 5,
                ..request()
            },
            12,
        );
        let p = plan(&r);
        assert_eq!(p.model, Model::RockProdigy);
        assert_eq!(phases(&p), [B, B, St, St, St, D, P, P, PE, PE, Pf, D]);
        assert_eq!(p.weeks.len(), 12);
        assert_eq!(p.end, d(2026, 3, 29));
        assert!(p.sessions.iter().any(|s| s.finger_load == FingerLoad::Max));
        let last_week: Vec<&PlannedSession> = p.sessions.iter().filter(|s| s.week == 12).collect();
        assert!(last_week
            .iter()
            .all(|s| s.finger_load == FingerLoad::Low && s.minutes == 72));
    }

    #[test]
    fn injured_climbers_get_no_finger_intensive_work_and_a_clinician_note() {
        let r = ProgramRequest {
            level: Level::Elite,
            days_per_week: 6,
            injured: true,
            equipment: Equipment::ALL.to_vec(),
            weaknesses: vec![Area::FingerStrength, Area::Power, Area::FingerEndurance],
            ..request()
        };
        let p = plan(&r);
        assert!(kinds(&p)
            .iter()
            .all(|k| !k.is_finger_intensive() && *k != ExerciseKind::BoardClimbing));
        assert!(p.sessions.iter().all(|s| s.finger_load != FingerLoad::Max));
        assert!(p.notes.iter().any(|n| n.contains("clinician")));
        assert!(p
            .sessions
            .iter()
            .all(|s| !matches!(s.journal_kind, SessionKind::Hangboard | SessionKind::Board)));
    }

    #[test]
    fn campus_only_for_advanced_and_elite_at_most_twice_a_week() {
        let base = ProgramRequest {
            days_per_week: 6,
            equipment: vec![Equipment::Gym, Equipment::CampusBoard],
            weaknesses: vec![Area::Power],
            ..request()
        };
        for level in [Level::Beginner, Level::Intermediate] {
            let p = plan(&ProgramRequest {
                level,
                ..base.clone()
            });
            assert!(!kinds(&p).contains(&ExerciseKind::Campus), "{level:?}");
            assert!(p.notes.iter().any(|n| n.contains("campus")));
        }
        for level in [Level::Advanced, Level::Elite] {
            let p = plan(&ProgramRequest {
                level,
                ..base.clone()
            });
            assert!(kinds(&p).contains(&ExerciseKind::Campus), "{level:?}");
            for week in &p.weeks {
                let campus = p
                    .sessions
                    .iter()
                    .filter(|s| s.week == week.number)
                    .filter(|s| s.exercises.iter().any(|e| e.kind == ExerciseKind::Campus))
                    .count();
                assert!(campus <= 2);
            }
        }
    }

    #[test]
    fn a_wednesday_start_moves_to_the_next_monday() {
        let r = ProgramRequest {
            start: d(2026, 1, 7),
            ..request()
        };
        let p = plan(&r);
        assert_eq!(p.start, d(2026, 1, 12));
        assert_eq!(p.sessions[0].date, d(2026, 1, 12));
        assert!(p.notes.iter().any(|n| n.contains("2026-01-12")));
        // A leap day (Thursday) moves to Monday 4 March.
        let leap = plan(&ProgramRequest {
            start: d(2024, 2, 29),
            ..request()
        });
        assert_eq!(leap.start, d(2024, 3, 4));
        assert_eq!(leap.end.weekday(), 6);
    }

    #[test]
    fn invalid_requests_are_rejected_with_climber_messages() {
        let seven = generate(&ProgramRequest {
            days_per_week: 7,
            ..request()
        });
        assert_eq!(seven, Err(ProgramError::DaysPerWeek(7)));
        assert!(seven.unwrap_err().to_string().contains("rest day"));
        assert_eq!(
            generate(&ProgramRequest {
                days_per_week: 0,
                ..request()
            }),
            Err(ProgramError::DaysPerWeek(0))
        );
        for minutes in [29, 301] {
            assert_eq!(
                generate(&ProgramRequest {
                    session_minutes: minutes,
                    ..request()
                }),
                Err(ProgramError::SessionMinutes(minutes))
            );
        }
        for target in [d(2026, 1, 5), d(2025, 12, 1)] {
            let err = generate(&ProgramRequest {
                target_date: Some(target),
                ..request()
            })
            .unwrap_err();
            assert_eq!(
                err,
                ProgramError::TargetNotAfterStart {
                    start: d(2026, 1, 5),
                    target
                }
            );
            assert!(err.to_string().contains("after the program's start"));
        }
    }

    #[test]
    fn program_length_follows_the_target_date() {
        // Too close: the 4-week minimum, with a note that it runs past the target.
        let near = plan(&ProgramRequest {
            target_date: Some(d(2026, 1, 16)),
            ..request()
        });
        assert_eq!(near.weeks.len(), 4);
        assert!(near.notes.iter().any(|n| n.contains("closer than 4 weeks")));
        // A target on the Sunday ending week 9 fits 9 weeks; the day before it fits 8.
        let sunday = d(2026, 1, 5).add_days(7 * 9 - 1);
        let fit = |target| {
            plan(&ProgramRequest {
                target_date: Some(target),
                ..request()
            })
            .weeks
            .len()
        };
        assert_eq!(fit(sunday), 9);
        assert_eq!(fit(sunday.add_days(-1)), 8);
        // Far away: capped at 12.
        assert_eq!(fit(d(2026, 12, 1)), 12);
        // No target: 8 weeks (beginners 6).
        assert_eq!(plan(&request()).weeks.len(), 8);
    }

    #[test]
    fn training_days_are_spread_through_the_week() {
        let expected: [&[u8]; 6] = [
            &[0],
            &[0, 3],
            &[0, 2, 4],
            &[0, 1, 3, 5],
            &[0, 1, 3, 4, 5],
            &[0, 1, 2, 3, 4, 5],
        ];
        for (days, want) in (1..=6).zip(expected) {
            let p = plan(&ProgramRequest {
                days_per_week: days,
                ..request()
            });
            let first_week: Vec<u8> = p
                .sessions
                .iter()
                .filter(|s| s.week == 1)
                .map(|s| s.date.weekday())
                .collect();
            assert_eq!(first_week, want);
        }
    }

    #[test]
    fn deload_weeks_keep_the_days_but_are_shorter_and_easy() {
        let p = plan(&ProgramRequest {
            session_minutes: 40,
            ..request()
        });
        let deloads: Vec<&PlannedSession> = p.sessions.iter().filter(|s| s.phase == D).collect();
        assert_eq!(deloads.len(), 2 * 4);
        assert!(deloads
            .iter()
            .all(|s| s.minutes == 30 && s.finger_load == FingerLoad::Low));
    }

    #[test]
    fn weakest_area_gets_a_named_block_every_training_week() {
        let r = ProgramRequest {
            equipment: vec![Equipment::Gym, Equipment::Weights],
            weaknesses: vec![Area::PullingStrength, Area::Core],
            ..request()
        };
        let p = plan(&r);
        assert_eq!(p.focus, [Area::PullingStrength, Area::Core]);
        for week in p.weeks.iter().filter(|w| w.phase != D) {
            let named = p
                .sessions
                .iter()
                .filter(|s| s.week == week.number)
                .flat_map(|s| &s.exercises)
                .any(|e| e.name == "Weighted pull-ups" && e.why.contains("pulling strength"));
            assert!(named, "week {}", week.number);
        }
        // Without weights, bodyweight pull-ups and a note.
        let p = plan(&ProgramRequest {
            equipment: vec![Equipment::Gym],
            ..r
        });
        assert!(p
            .sessions
            .iter()
            .flat_map(|s| &s.exercises)
            .all(|e| !e.name.contains("Weighted")));
        assert!(p.notes.iter().any(|n| n.contains("bodyweight")));
    }

    #[test]
    fn finger_strength_focus_uses_the_best_allowed_tool() {
        let focus_names = |r: &ProgramRequest| -> Vec<String> {
            plan(r)
                .sessions
                .iter()
                .flat_map(|s| s.exercises.clone())
                .filter(|e| e.why.contains("finger strength is behind"))
                .map(|e| e.name)
                .collect()
        };
        let r = ProgramRequest {
            level: Level::Advanced,
            weaknesses: vec![Area::FingerStrength],
            ..request()
        };
        assert!(focus_names(&r).iter().all(|n| n.contains("MaxHangs")));
        let no_board = ProgramRequest {
            equipment: vec![Equipment::Gym],
            ..r.clone()
        };
        assert!(focus_names(&no_board)
            .iter()
            .all(|n| n == "Limit bouldering"));
        let injured = ProgramRequest { injured: true, ..r };
        assert!(focus_names(&injured)
            .iter()
            .all(|n| n.starts_with("Footwork drills")));
    }

    #[test]
    fn hangboard_comes_first_and_max_days_are_48_hours_apart_across_weeks() {
        let p = plan(&ProgramRequest {
            level: Level::Elite,
            days_per_week: 6,
            equipment: Equipment::ALL.to_vec(),
            weaknesses: vec![Area::FingerStrength, Area::Power],
            ..request()
        });
        let max_days: Vec<Date> = p
            .sessions
            .iter()
            .filter(|s| s.finger_load == FingerLoad::Max)
            .map(|s| s.date)
            .collect();
        assert!(max_days.len() > p.weeks.len());
        assert!(max_days.windows(2).all(|w| gap(w[0], w[1]) >= 2));
        for s in &p.sessions {
            assert_eq!(s.exercises[0].kind, ExerciseKind::Warmup);
            if s.exercises
                .iter()
                .any(|e| e.kind == ExerciseKind::Hangboard)
            {
                assert_eq!(s.exercises[1].kind, ExerciseKind::Hangboard);
            }
        }
    }

    #[test]
    fn many_days_for_the_level_get_a_note() {
        let p = plan(&ProgramRequest {
            level: Level::Beginner,
            days_per_week: 5,
            ..request()
        });
        assert!(p.notes.iter().any(|n| n.contains("5 days a week")));
        assert!(!plan(&request())
            .notes
            .iter()
            .any(|n| n.contains("days a week")));
    }

    #[test]
    fn short_sessions_drop_extras_but_keep_the_main_work() {
        let p = plan(&ProgramRequest {
            session_minutes: 30,
            level: Level::Advanced,
            weaknesses: vec![Area::Core],
            ..request()
        });
        for s in p.sessions.iter().filter(|s| s.phase != D) {
            assert!(s.exercises.len() >= 2, "{s:?}");
        }
    }

    #[test]
    fn route_goals_log_as_sport_and_use_route_intervals() {
        let p = plan(&ProgramRequest {
            goal_discipline: Discipline::Route,
            ..weeks_to(&request(), 10)
        });
        assert!(p
            .sessions
            .iter()
            .any(|s| s.journal_kind == SessionKind::Sport));
        assert!(kinds(&p).contains(&ExerciseKind::Intervals));
        assert!(p
            .sessions
            .iter()
            .flat_map(|s| &s.exercises)
            .any(|e| e.name == "Route 4x4s"));
    }

    #[test]
    fn plans_round_trip_through_json() {
        let p = plan(&request());
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<ProgramPlan>(&json).unwrap(), p);
    }

    // -----------------------------------------------------------------------------------------
    // Properties over random requests
    // -----------------------------------------------------------------------------------------

    /// Start dates 2023-01-01 .. 2030-12-31 (two leap days inside), target 0-119 days ahead.
    fn any_request() -> impl Strategy<Value = ProgramRequest> {
        let start = d(2023, 1, 1).days_since_epoch();
        let end = d(2030, 12, 31).days_since_epoch();
        let leap_days = [d(2024, 2, 29), d(2028, 2, 29)];
        let day = prop_oneof![
            4 => (start..=end).prop_map(Date::from_days_since_epoch),
            1 => proptest::sample::select(leap_days.to_vec()),
        ];
        (
            (day, proptest::option::of(0i64..120)),
            proptest::sample::select(Level::ALL.to_vec()),
            any::<bool>(),
            (1u8..=6, 30u16..=300),
            proptest::sample::subsequence(Equipment::ALL.to_vec(), 0..=Equipment::ALL.len()),
            (any::<bool>(), any::<bool>()),
            proptest::sample::subsequence(Area::ALL.to_vec(), 0..=Area::ALL.len()).prop_shuffle(),
        )
            .prop_map(
                |(
                    (start, ahead),
                    level,
                    route,
                    (days, minutes),
                    equipment,
                    (injured, ready),
                    weak,
                )| {
                    ProgramRequest {
                        start,
                        level,
                        current_grade: None,
                        goal_discipline: if route {
                            Discipline::Route
                        } else {
                            Discipline::Boulder
                        },
                        target_date: ahead.map(|n| start.add_days(n)),
                        days_per_week: days,
                        session_minutes: minutes,
                        equipment,
                        injured,
                        hangboard_ready: ready,
                        weaknesses: weak,
                    }
                },
            )
    }

    /// Generates, or checks the one refusal a random request can earn (a target on the start).
    fn generated(r: &ProgramRequest) -> Option<ProgramPlan> {
        match generate(r) {
            Ok(p) => Some(p),
            Err(e) => {
                assert_eq!(r.target_date, Some(r.start));
                assert!(matches!(e, ProgramError::TargetNotAfterStart { .. }));
                None
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn every_plan_keeps_every_rule(r in any_request()) {
            if let Some(p) = generated(&r) {
                prop_assert_eq!(violations(&r, &p), Vec::<String>::new());
            }
        }

        #[test]
        fn every_week_has_the_requested_days(r in any_request()) {
            if let Some(p) = generated(&r) {
                prop_assert!((4..=12).contains(&p.weeks.len()));
                prop_assert_eq!(p.sessions.len(), p.weeks.len() * usize::from(r.days_per_week));
                for w in &p.weeks {
                    let n = p.sessions.iter().filter(|s| s.week == w.number).count();
                    prop_assert_eq!(n, usize::from(r.days_per_week));
                }
            }
        }

        #[test]
        fn sessions_fall_inside_the_program_and_their_week(r in any_request()) {
            if let Some(p) = generated(&r) {
                prop_assert_eq!(p.start.weekday(), 0);
                prop_assert!(p.start >= r.start && gap(r.start, p.start) < 7);
                prop_assert_eq!(p.end.weekday(), 6);
                for s in &p.sessions {
                    prop_assert!(p.start <= s.date && s.date <= p.end);
                    let week = &p.weeks[usize::from(s.week) - 1];
                    prop_assert!((0..7).contains(&gap(week.starts, s.date)));
                    prop_assert_eq!(s.phase, week.phase);
                }
            }
        }

        #[test]
        fn injured_climbers_never_get_max_finger_work(r in any_request()) {
            let r = ProgramRequest { injured: true, ..r };
            if let Some(p) = generated(&r) {
                for s in &p.sessions {
                    prop_assert!(s.finger_load != FingerLoad::Max);
                    prop_assert!(s.exercises.iter().all(|e| !e.kind.is_finger_intensive()));
                }
            }
        }

        #[test]
        fn the_same_request_gives_the_same_plan(r in any_request()) {
            prop_assert_eq!(generate(&r), generate(&r.clone()));
        }
    }
}
