//! Weekly structure: which weekdays are training days and what role each has, with max-finger
//! days kept at least 48 h apart.
use super::context::Ctx;
use crate::domain::program::model::Phase;
use crate::domain::program::rules;
use crate::domain::training::Level;
use crate::domain::when::Date;

/// Training days spread over the week so hard days can sit 48 h apart; Sunday is always free.
pub(super) const DAY_PATTERNS: [&[u8]; 6] = [
    &[0],
    &[0, 3],
    &[0, 2, 4],
    &[0, 1, 3, 5],
    &[0, 1, 3, 4, 5],
    &[0, 1, 2, 3, 4, 5],
];

/// What a training day is for. Max roles only ever go on days 48 h after the previous one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Role {
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
    /// Graded return to load, stages 2 and 3: easy climbing on bigger, then varied holds.
    ReturnVolume(u8),
}

impl Role {
    pub(super) fn is_max(self) -> bool {
        matches!(self, Role::Strength | Role::Power | Role::Project)
    }

    /// A day off the wall: fingers rest, so only off-wall work goes on it.
    pub(super) fn is_off_the_wall(self) -> bool {
        matches!(self, Role::Recovery | Role::InjuredPrehab)
    }
}

/// Max-finger days wanted a week, by phase and level. Only the strength, power and
/// performance phases have any: base, skill-and-volume and power-endurance weeks are about
/// mileage, movement and the pump (Hörst's 4-3-2-1 and the Andersons' Rock Prodigy put
/// maximal work in the strength and power blocks only), and a deload is a deload. Within those
/// phases, DOMAIN.md's hangboard guidance: intermediates 1-2, advanced 2-3, elite one more.
fn wanted_max_days(ctx: &Ctx, phase: Phase) -> usize {
    let elite = usize::from(ctx.level == Level::Elite);
    match phase {
        Phase::Deload | Phase::Base | Phase::Skill | Phase::PowerEndurance => 0,
        Phase::Strength | Phase::Power => 2 + elite,
        // A route goal keeps one short limit session to hold on to power (the Andersons'
        // performance phase); a boulder goal's project days are its max days.
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
        Phase::Power => &[Role::Power, Role::Power, Role::Strength],
        Phase::Performance if !ctx.route => &[Role::Project],
        Phase::Performance => &[Role::Power],
        // Base, skill, power endurance and deload weeks get no max day
        // ([`wanted_max_days`] is 0); should that change, the safe default is a strength day,
        // never an unplanned power day.
        _ => &[Role::Strength],
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
pub(super) fn week_roles(
    ctx: &Ctx,
    phase: Phase,
    dates: &[Date],
    last_max: Option<Date>,
    return_stage: u8,
) -> Vec<Role> {
    if ctx.injured {
        // Graded return to load: stage 1 unloads the fingers entirely; from stage 2 the first
        // day of the week is easy climbing that loads them a little more each stage.
        return (0..dates.len())
            .map(|i| match (return_stage, i) {
                (2..=3, 0) if phase != Phase::Deload => Role::ReturnVolume(return_stage),
                _ => INJURED_ROLES[i % INJURED_ROLES.len()],
            })
            .collect();
    }
    let wanted = wanted_max_days(ctx, phase).min(max_day_cap(phase, dates.len()));
    let max_slots = spread_max_days(
        dates,
        wanted,
        last_max,
        rules::min_days_between_max(ctx.request),
    );
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
fn spread_max_days(
    dates: &[Date],
    wanted: usize,
    last_max: Option<Date>,
    min_days: i64,
) -> Vec<usize> {
    let Some(monday) = dates.first().map(|d| d.start_of_week()) else {
        return Vec::new();
    };
    let mut chosen: Vec<usize> = Vec::new();
    let mut previous = last_max;
    for j in 0..wanted {
        let target = ((14 * j + wanted) / (2 * wanted)) as i64; // round(7 j / wanted)
        let pick = (0..dates.len())
            .filter(|i| chosen.last().is_none_or(|last| i > last))
            .filter(|&i| previous.is_none_or(|p| gap(p, dates[i]) >= min_days))
            .min_by_key(|&i| ((gap(monday, dates[i]) - target).abs(), i));
        let Some(i) = pick else { break };
        chosen.push(i);
        previous = Some(dates[i]);
    }
    chosen
}

pub(super) fn gap(a: Date, b: Date) -> i64 {
    b.days_since_epoch() - a.days_since_epoch()
}
