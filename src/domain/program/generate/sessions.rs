//! Sessions: each week's drafts from the roles, filled with exercises, then finished (fitted to
//! the time, ordered, titled and explained).
use super::budget;
use super::conditioning::{antagonists, core, mobility, pulling, PullFor};
use super::context::Ctx;
use super::exercises::{
    arc, board_limit, campus, four_by_fours, limit_bouldering, project, return_volume,
    strength_hangs, technique, volume, warmup, Block, TechniqueFor,
};
use super::focus::add_focus_blocks;
use super::week_pattern::{week_roles, Role};
use crate::domain::journal::SessionKind;
use crate::domain::program::model::{ExerciseKind, FingerLoad, Phase, PlannedSession, PlannedWeek};
use crate::domain::program::rules;
use crate::domain::training::{Area, Level};
use crate::domain::when::Date;

/// A session while its week is being assembled.
pub(super) struct Draft {
    pub(super) date: Date,
    pub(super) role: Role,
    pub(super) blocks: Vec<Block>,
    pub(super) focus: Vec<Area>,
}

impl Draft {
    pub(super) fn has(&self, kind: ExerciseKind) -> bool {
        self.blocks.iter().any(|b| b.exercise.kind == kind)
    }
}

pub(super) struct WeekCtx {
    pub(super) number: u8,
    pub(super) phase: Phase,
    /// Weeks into the phase (sets and attempts grow with it).
    pub(super) step: u8,
    /// Weeks of volume progression (all training weeks for linear progression).
    pub(super) volume_step: u8,
    pub(super) minutes: u16,
}

pub(super) fn schedule(
    ctx: &Ctx,
    weeks: &[PlannedWeek],
    steps: &[(u8, u8)],
) -> Vec<PlannedSession> {
    let mut sessions = Vec::with_capacity(weeks.len() * ctx.days.len());
    let mut last_max: Option<Date> = None;
    for (week, (step, volume_step)) in weeks.iter().zip(steps) {
        let wk = WeekCtx {
            number: week.number,
            phase: week.phase,
            step: *step,
            volume_step: *volume_step,
            minutes: ctx.minutes(week.phase),
        };
        let dates: Vec<Date> = ctx
            .days
            .iter()
            .map(|d| week.starts.add_days(i64::from(*d)))
            .collect();
        // Graded return for an injured climber: the program in thirds, stages 1-3.
        let stage = 1 + (3 * (usize::from(week.number) - 1) / weeks.len().max(1)) as u8;
        let roles = week_roles(ctx, week.phase, &dates, last_max, stage);
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
            let mut blocks = vec![warmup(ctx, off_the_wall)];
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
                v.push(strength_hangs(ctx, wk.number, step));
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
            volume(ctx, wk.volume_step, false),
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
        Role::ReturnVolume(stage) => vec![return_volume(stage), mobility(), core(ctx)],
        Role::InjuredPrehab => vec![antagonists(false), core(ctx), mobility()],
    }
}

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

fn finish(ctx: &Ctx, wk: &WeekCtx, mut draft: Draft) -> PlannedSession {
    let off_the_wall = draft.role.is_off_the_wall();
    let minutes = if off_the_wall {
        wk.minutes.min(rules::OFF_WALL_MAX_MINUTES)
    } else {
        wk.minutes
    };
    budget::fit(ctx, &mut draft.blocks, minutes, off_the_wall);
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
        minutes,
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
        Role::ReturnVolume(2) => "Return to load, stage 2: easy climbing on big and medium holds",
        Role::ReturnVolume(_) => "Return to load, stage 3: easy climbing on varied holds",
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
        Role::ReturnVolume(_) if ctx.route => SessionKind::Sport,
        Role::ReturnVolume(_) => SessionKind::Bouldering,
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
        Role::ReturnVolume(_) => {
            "Graded return to load: move on to this stage only if the last week's sessions were \
             pain-free, during them and the next morning; if pain comes back, go back a stage \
             and see your clinician."
        }
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
