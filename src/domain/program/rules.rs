//! The rules every generated program keeps (DOMAIN.md "Periodization and sessions", "Injuries"),
//! in two forms: the constants and small predicates the generator builds from, and
//! [`violations`], a checker that re-derives every rule from the request on its own (it never
//! calls the generator). The property tests run the checker on random requests; the server runs
//! it as a last guard before a program is saved or shown.
use std::ops::RangeInclusive;

use super::model::{
    Exercise, ExerciseKind, FingerLoad, Model, Phase, PlannedSession, PlannedWeek, ProgramPlan,
    ProgramRequest,
};
use crate::domain::journal::SessionKind;
use crate::domain::training::{Area, Equipment, Level};
use crate::domain::when::Date;

/// DOMAIN.md rules: "at least one rest day a week", so at most 6 training days.
pub const DAYS_PER_WEEK: RangeInclusive<u8> = 1..=6;
/// Session length a request may ask for (product limit, not from DOMAIN.md).
pub const SESSION_MINUTES: RangeInclusive<u16> = 30..=300;
/// Program length: at least one short cycle with a deload (4 weeks); with a goal date up to
/// 40 weeks away the plan runs to the goal (product limits; a season of the Andersons' Rock
/// Prodigy or two of Hörst's 4-3-2-1 fits).
pub const PROGRAM_WEEKS: RangeInclusive<u8> = 4..=40;
/// Longest cycle before the plan starts a new one (base again after a deload): about a season
/// of the Andersons' Rock Prodigy. Heuristic (ClimbingPill).
pub const MAX_CYCLE_WEEKS: usize = 24;
/// Length without a target date; beginners get a shorter first block (product choice).
pub const DEFAULT_WEEKS: u8 = 8;
pub const BEGINNER_DEFAULT_WEEKS: u8 = 6;
/// DOMAIN.md rules: "deload every 4-6 weeks", so at most 5 training weeks in a row.
pub const MAX_WEEKS_WITHOUT_DELOAD: usize = 5;
/// Linear progression for beginners deloads every 4th week, so at most 3 in a row.
pub const LINEAR_MAX_WEEKS_WITHOUT_DELOAD: usize = 3;
/// DOMAIN.md rules: "at least 48 h between max-finger sessions", in calendar days.
pub const MIN_DAYS_BETWEEN_MAX_FINGER: i64 = 2;
/// DOMAIN.md rules: "campus at most 1-2x a week and only for advanced climbers".
pub const MAX_CAMPUS_SESSIONS_PER_WEEK: usize = 2;
/// Deload sessions are about 60 % of the usual length (coaching heuristic, not sourced).
pub const DELOAD_PERCENT: u32 = 60;
/// A deload session is never shorter than the shortest session a request may ask for.
pub const MIN_DELOAD_MINUTES: u16 = *SESSION_MINUTES.start();

/// Warm-up before max-effort work is never cut short: 15 min at any session length (Hörst,
/// Training for Climbing: a thorough, gradual warm-up before hard fingerboard or limit work).
/// Other sessions of an hour or less warm up for 10 min. Heuristic minutes (ClimbingPill).
pub const WARMUP_BEFORE_MAX_MINUTES: u16 = 15;
pub const SHORT_WARMUP_MINUTES: u16 = 10;
/// From this age a climber gets 5 more warm-up minutes and 72 h between max-finger days:
/// connective tissue recovers more slowly with age (Hörst, Training for Climbing, on the older
/// climber; the age and the amounts are ClimbingPill heuristics).
pub const OLDER_CLIMBER_AGE: u8 = 50;
pub const OLDER_EXTRA_WARMUP_MINUTES: u16 = 5;
/// An off-the-wall day (antagonists, core, mobility) lasts at most this long, whatever the
/// session length: past an hour or so it stops helping recovery. Heuristic (ClimbingPill).
pub const OFF_WALL_MAX_MINUTES: u16 = 75;

/// The warm-up's minutes for a session of `session_minutes`, with or without max work.
pub fn warmup_minutes(request: &ProgramRequest, session_minutes: u16, max_work: bool) -> u16 {
    let base = if max_work || session_minutes > 60 {
        WARMUP_BEFORE_MAX_MINUTES
    } else {
        SHORT_WARMUP_MINUTES
    };
    base + if is_older(request) {
        OLDER_EXTRA_WARMUP_MINUTES
    } else {
        0
    }
}

pub fn is_older(request: &ProgramRequest) -> bool {
    request.age.is_some_and(|a| a >= OLDER_CLIMBER_AGE)
}

/// Calendar days between max-finger sessions: 2 (48 h, DOMAIN.md), 3 for an older climber.
pub fn min_days_between_max(request: &ProgramRequest) -> i64 {
    if is_older(request) {
        MIN_DAYS_BETWEEN_MAX_FINGER + 1
    } else {
        MIN_DAYS_BETWEEN_MAX_FINGER
    }
}

/// A climber who has never trained on a hangboard spends this many weeks on submaximal hangs
/// (López IntHangs at 60-80 % of the tested max) before any max-hang protocol (MaxHangs,
/// Hörst 7-53): tendons and pulleys adapt more slowly than muscle, so load is built up
/// gradually (Hörst, Training for Climbing; López-Rivera's IntHangs as the entry protocol).
/// Four weeks is a ClimbingPill heuristic.
pub const HANGBOARD_INTRO_WEEKS: u8 = 4;

/// The climber said they have never trained on a hangboard.
pub fn new_to_hangboard(request: &ProgramRequest) -> bool {
    request.hangboard_history == Some(false)
}

/// Whether week `week` (1-based) is still the hangboard introduction: submaximal hangs only.
pub fn hangboard_intro_week(request: &ProgramRequest, week: u8) -> bool {
    new_to_hangboard(request) && week <= HANGBOARD_INTRO_WEEKS
}

/// Kinds that count as climbing for "hangboard before climbing in the same session".
pub const CLIMBING_KINDS: [ExerciseKind; 7] = [
    ExerciseKind::Campus,
    ExerciseKind::LimitBouldering,
    ExerciseKind::BoardClimbing,
    ExerciseKind::Intervals,
    ExerciseKind::Volume,
    ExerciseKind::Arc,
    ExerciseKind::Technique,
];

/// Kinds an off-the-wall day may hold (its fingers rest): the journal logs such a day as
/// strength or mobility.
pub const OFF_WALL_KINDS: [ExerciseKind; 5] = [
    ExerciseKind::Warmup,
    ExerciseKind::Pulling,
    ExerciseKind::Core,
    ExerciseKind::Antagonist,
    ExerciseKind::Mobility,
];

/// DOMAIN.md models: linear for beginners, Hörst 4-3-2-1 for intermediates, Rock Prodigy
/// phases for advanced and elite climbers.
pub fn model_for(level: Level) -> Model {
    match level {
        Level::Beginner => Model::Linear,
        Level::Intermediate => Model::FourThreeTwoOne,
        Level::Advanced | Level::Elite => Model::RockProdigy,
    }
}

/// The training phases of a model, in the order they must appear (deloads go between them).
pub fn model_phases(model: Model) -> &'static [Phase] {
    match model {
        Model::Linear => &[Phase::Base, Phase::Skill],
        Model::FourThreeTwoOne => &[Phase::Skill, Phase::Strength, Phase::PowerEndurance],
        Model::RockProdigy => &[
            Phase::Base,
            Phase::Strength,
            Phase::Power,
            Phase::PowerEndurance,
            Phase::Performance,
        ],
    }
}

/// The phases of a plan that peaks at a goal: the model's, ending with a performance phase
/// (Rock Prodigy has one; linear and Hörst 4-3-2-1 plans gain a performance week at the goal,
/// where Hörst's closing rest week would be).
pub fn peak_phases(model: Model) -> &'static [Phase] {
    match model {
        Model::Linear => &[Phase::Base, Phase::Skill, Phase::Performance],
        Model::FourThreeTwoOne => &[
            Phase::Skill,
            Phase::Strength,
            Phase::PowerEndurance,
            Phase::Performance,
        ],
        Model::RockProdigy => model_phases(model),
    }
}

/// The usual length in weeks of each phase after the general block, in [`peak_phases`] order
/// (without the first, general phase, which takes the rest). Hörst 4-3-2-1: 3 strength and
/// power, 2 power endurance, then a performance week. The Andersons' Rock Prodigy: about 4
/// weeks of hangboard strength, 3 of power, 3 of power endurance, 2 of performance. Linear:
/// 3 weeks of skill and a performance week (heuristic).
pub fn specific_phase_weeks(model: Model) -> &'static [usize] {
    match model {
        Model::Linear => &[3, 1],
        Model::FourThreeTwoOne => &[3, 2, 1],
        Model::RockProdigy => &[4, 3, 3, 2],
    }
}

/// Longest run of training weeks the model allows before a deload.
pub fn max_weeks_without_deload(model: Model) -> usize {
    match model {
        Model::Linear => LINEAR_MAX_WEEKS_WITHOUT_DELOAD,
        Model::FourThreeTwoOne | Model::RockProdigy => MAX_WEEKS_WITHOUT_DELOAD,
    }
}

/// Length of a deload-week session: ~60 % of the usual, rounded, at least 30 min.
pub fn deload_minutes(session_minutes: u16) -> u16 {
    let scaled = (u32::from(session_minutes) * DELOAD_PERCENT + 50) / 100;
    u16::try_from(scaled)
        .unwrap_or(u16::MAX)
        .max(MIN_DELOAD_MINUTES)
}

/// DOMAIN.md: "no hangboard until a 10 s bodyweight hang on 20 mm", for every level: the
/// assessment result says "no max hang recorded: hangboard training stays out", and the plan
/// agrees (loads are also prescribed from that hang). Only with a hangboard. Injury is a
/// separate rule ([`ProgramRequest::injured`]).
pub fn hangboard_allowed(request: &ProgramRequest) -> bool {
    request.equipment.contains(&Equipment::Hangboard) && request.hangboard_ready
}

/// DOMAIN.md: campus only for advanced climbers (elite included), and only with a campus board.
pub fn campus_allowed(request: &ProgramRequest) -> bool {
    request.equipment.contains(&Equipment::CampusBoard) && request.level >= Level::Advanced
}

/// DOMAIN.md weekly volume: sessions a week by level.
pub fn days_guidance(level: Level) -> RangeInclusive<u8> {
    match level {
        Level::Beginner => 2..=3,
        Level::Intermediate => 3..=4,
        Level::Advanced => 4..=5,
        Level::Elite => 5..=6,
    }
}

/// DOMAIN.md weekly volume: hours a week by level.
pub fn weekly_hours_guidance(level: Level) -> RangeInclusive<u16> {
    match level {
        Level::Beginner => 3..=6,
        Level::Intermediate => 6..=10,
        Level::Advanced => 8..=14,
        Level::Elite => 12..=20,
    }
}

/// Exercise kinds that can carry the dedicated block for a weak area (the fallbacks included:
/// technique on small holds for finger strength, ARC for an injured climber's endurance,
/// explosive pull-ups for power when campus and limit bouldering are off).
pub fn focus_kinds(area: Area) -> &'static [ExerciseKind] {
    match area {
        Area::FingerStrength => &[
            ExerciseKind::Hangboard,
            ExerciseKind::LimitBouldering,
            ExerciseKind::BoardClimbing,
            ExerciseKind::Technique,
        ],
        Area::PullingStrength => &[ExerciseKind::Pulling],
        Area::FingerEndurance => &[
            ExerciseKind::Hangboard,
            ExerciseKind::Intervals,
            ExerciseKind::Arc,
        ],
        Area::Power => &[
            ExerciseKind::Campus,
            ExerciseKind::LimitBouldering,
            ExerciseKind::BoardClimbing,
            ExerciseKind::Pulling,
        ],
        Area::Core => &[ExerciseKind::Core],
        Area::Flexibility => &[ExerciseKind::Mobility],
    }
}

/// What an injured climber, or one who logged pain, may not do (DOMAIN.md "Injuries": pain
/// removes max-finger work). The one definition: the generator's injury rule, this checker
/// and the pain hold on a running program ([`super::tracking::hold_finger_work`]) all use it.
/// Finger-intensive kinds (hangboard, campus, limit bouldering, board climbing), anything at
/// maximal effort (project attempts, redpoint burns) and 4x4 intervals (hard climbing to a
/// pump on small holds).
pub fn held_when_injured(e: &Exercise) -> bool {
    e.kind.is_finger_intensive()
        || e.kind == ExerciseKind::Intervals
        || is_max_effort(e)
        || e.intensity.to_lowercase().contains("full redpoint effort")
}

/// Every rule the program breaks, in words a developer can act on. Empty = valid.
pub fn violations(request: &ProgramRequest, plan: &ProgramPlan) -> Vec<String> {
    if let Some(problem) = request_problem(request) {
        return vec![format!("the request itself is invalid: {problem}")];
    }
    let mut out = Vec::new();
    check_calendar(request, plan, &mut out);
    check_weeks(request, plan, &mut out);
    check_sessions(request, plan, &mut out);
    check_max_finger_spacing(request, plan, &mut out);
    check_campus_per_week(plan, &mut out);
    for session in &plan.sessions {
        check_session_content(session, &mut out);
        check_time_budget(request, session, &mut out);
        check_equipment(request, session, &mut out);
        check_protocols(session, &mut out);
    }
    check_phase_content(request, plan, &mut out);
    check_loads(request, plan, &mut out);
    check_injury(request, plan, &mut out);
    check_focus(request, plan, &mut out);
    check_hangboard_intro(request, plan, &mut out);
    check_notes(request, plan, &mut out);
    out
}

/// A climber new to the hangboard gets no max-hang protocol in the introduction weeks.
fn check_hangboard_intro(request: &ProgramRequest, plan: &ProgramPlan, out: &mut Vec<String>) {
    for s in plan
        .sessions
        .iter()
        .filter(|s| hangboard_intro_week(request, s.week))
    {
        for e in &s.exercises {
            if e.kind == ExerciseKind::Hangboard && is_max_effort(e) {
                out.push(format!(
                    "session on {}: {:?} in the hangboard introduction (weeks 1-{HANGBOARD_INTRO_WEEKS})",
                    s.date, e.name
                ));
            }
        }
    }
}

fn request_problem(request: &ProgramRequest) -> Option<String> {
    if !DAYS_PER_WEEK.contains(&request.days_per_week) {
        return Some(format!("{} days a week", request.days_per_week));
    }
    if !SESSION_MINUTES.contains(&request.session_minutes) {
        return Some(format!("{} minute sessions", request.session_minutes));
    }
    match request.target_date {
        Some(target) if target <= request.start => Some(format!(
            "target {target} is not after the start {}",
            request.start
        )),
        _ => None,
    }
}

/// The first Monday on or after `day`, walking the calendar one day at a time.
fn expected_start(day: Date) -> Date {
    let mut d = day;
    while d.weekday() != 0 {
        d = d.add_days(1);
    }
    d
}

/// (weeks, peaks): with a target 4-40 weeks away, up to the end of the goal's week and
/// peaking there; nearer, the 4-week minimum; farther or without a target, the default.
fn expected_weeks(request: &ProgramRequest, start: Date) -> (usize, bool) {
    let (min, max) = (
        usize::from(*PROGRAM_WEEKS.start()),
        usize::from(*PROGRAM_WEEKS.end()),
    );
    let default = if request.level == Level::Beginner {
        usize::from(BEGINNER_DEFAULT_WEEKS)
    } else {
        usize::from(DEFAULT_WEEKS)
    };
    let Some(target) = request.target_date else {
        return (default, false);
    };
    // The week whose Sunday is on or after the target.
    let mut n = 1;
    while start.add_days(7 * n as i64 - 1) < target && n <= max {
        n += 1;
    }
    if n < min {
        (min, false)
    } else if n > max {
        (default, false)
    } else {
        (n, true)
    }
}

fn days_between(a: Date, b: Date) -> i64 {
    b.days_since_epoch() - a.days_since_epoch()
}

fn check_calendar(request: &ProgramRequest, plan: &ProgramPlan, out: &mut Vec<String>) {
    let start = expected_start(request.start);
    let (weeks, _) = expected_weeks(request, start);
    if plan.level != request.level {
        out.push(format!(
            "plan level {:?} differs from the request's {:?}",
            plan.level, request.level
        ));
    }
    if plan.model != model_for(request.level) {
        out.push(format!(
            "model {:?} is not the one for {:?}",
            plan.model, request.level
        ));
    }
    if plan.start != start {
        out.push(format!("starts {} instead of Monday {start}", plan.start));
    }
    if plan.end != start.add_days(7 * weeks as i64 - 1) || plan.end.weekday() != 6 {
        out.push(format!(
            "ends {} instead of the Sunday after week {weeks}",
            plan.end
        ));
    }
    if plan.weeks.len() != weeks {
        out.push(format!("{} weeks instead of {weeks}", plan.weeks.len()));
    }
}

fn check_weeks(request: &ProgramRequest, plan: &ProgramPlan, out: &mut Vec<String>) {
    let model = model_for(request.level);
    let (_, peaks) = expected_weeks(request, expected_start(request.start));
    let order = if peaks {
        peak_phases(model)
    } else {
        model_phases(model)
    };
    let mut last_rank = 0;
    let mut run = 0;
    let mut after_deload = false;
    for (i, week) in plan.weeks.iter().enumerate() {
        if usize::from(week.number) != i + 1 {
            out.push(format!("week {} is numbered {}", i + 1, week.number));
        }
        if week.starts != plan.start.add_days(7 * i as i64) {
            out.push(format!("week {} starts {}", i + 1, week.starts));
        }
        if week.phase == Phase::Deload {
            run = 0;
            after_deload = true;
            continue;
        }
        run += 1;
        if run > max_weeks_without_deload(model) {
            out.push(format!(
                "week {}: {run} training weeks in a row without a deload",
                i + 1
            ));
        }
        match order.iter().position(|p| *p == week.phase) {
            None => out.push(format!(
                "week {}: phase {:?} is not part of {:?}",
                i + 1,
                week.phase,
                model
            )),
            // A new cycle starts with the general phase again, after a deload.
            Some(0) if after_deload => last_rank = 0,
            Some(rank) if rank < last_rank => out.push(format!(
                "week {}: phase {:?} comes after a later phase",
                i + 1,
                week.phase
            )),
            Some(rank) => last_rank = rank,
        }
        after_deload = false;
    }
    let last = plan.weeks.last().map(|w| w.phase);
    if peaks {
        if last != Some(Phase::Performance) {
            out.push("the plan does not peak in the week of the goal (a performance week)".into());
        }
        if let (Some(target), Some(week)) = (request.target_date, plan.weeks.last()) {
            if !(week.starts <= target && target <= week.starts.add_days(6)) {
                out.push(format!("the goal {target} is not in the final week"));
            }
        }
    } else if last != Some(Phase::Deload) {
        out.push("the final week is not a deload".into());
    }
}

fn week_of(plan: &ProgramPlan, date: Date) -> Option<&PlannedWeek> {
    let offset = days_between(plan.start, date);
    if offset < 0 {
        return None;
    }
    plan.weeks.get(usize::try_from(offset / 7).ok()?)
}

fn check_sessions(request: &ProgramRequest, plan: &ProgramPlan, out: &mut Vec<String>) {
    let days = usize::from(request.days_per_week);
    if plan.sessions.len() != plan.weeks.len() * days {
        out.push(format!(
            "{} sessions instead of {} weeks x {days}",
            plan.sessions.len(),
            plan.weeks.len()
        ));
    }
    for pair in plan.sessions.windows(2) {
        if pair[1].date <= pair[0].date {
            out.push(format!(
                "sessions not in date order (or two on one day): {} then {}",
                pair[0].date, pair[1].date
            ));
        }
    }
    for week in &plan.weeks {
        let in_week: Vec<&PlannedSession> = plan
            .sessions
            .iter()
            .filter(|s| (0..7).contains(&days_between(week.starts, s.date)))
            .collect();
        if in_week.len() != days {
            out.push(format!(
                "week {} has {} sessions instead of {days}",
                week.number,
                in_week.len()
            ));
        }
        if in_week.len() > 6 {
            out.push(format!("week {} has no rest day", week.number));
        }
    }
    for s in &plan.sessions {
        if s.date < plan.start || s.date > plan.end {
            out.push(format!("session on {} is outside the program", s.date));
        }
        let Some(week) = week_of(plan, s.date) else {
            continue;
        };
        if s.week != week.number || s.phase != week.phase {
            out.push(format!(
                "session on {} says week {} {:?}, its week is {} {:?}",
                s.date, s.week, s.phase, week.number, week.phase
            ));
        }
        let mut minutes = if week.phase == Phase::Deload {
            deload_minutes(request.session_minutes)
        } else {
            request.session_minutes
        };
        if s.exercises.iter().all(|e| OFF_WALL_KINDS.contains(&e.kind)) {
            minutes = minutes.min(OFF_WALL_MAX_MINUTES);
        }
        if s.minutes != minutes {
            out.push(format!(
                "session on {} lasts {} min instead of {minutes}",
                s.date, s.minutes
            ));
        }
    }
}

fn check_max_finger_spacing(request: &ProgramRequest, plan: &ProgramPlan, out: &mut Vec<String>) {
    let min_days = min_days_between_max(request);
    let max_days: Vec<Date> = plan
        .sessions
        .iter()
        .filter(|s| s.finger_load == FingerLoad::Max)
        .map(|s| s.date)
        .collect();
    for pair in max_days.windows(2) {
        if days_between(pair[0], pair[1]) < min_days {
            out.push(format!(
                "max-finger sessions on {} and {} are less than {} h apart",
                pair[0],
                pair[1],
                24 * min_days
            ));
        }
    }
}

fn has(session: &PlannedSession, kind: ExerciseKind) -> bool {
    session.exercises.iter().any(|e| e.kind == kind)
}

fn check_campus_per_week(plan: &ProgramPlan, out: &mut Vec<String>) {
    for week in &plan.weeks {
        let campus = plan
            .sessions
            .iter()
            .filter(|s| s.week == week.number && has(s, ExerciseKind::Campus))
            .count();
        if campus > MAX_CAMPUS_SESSIONS_PER_WEEK {
            out.push(format!("week {} has {campus} campus sessions", week.number));
        }
    }
}

fn check_session_content(s: &PlannedSession, out: &mut Vec<String>) {
    let at = s.date;
    if s.title.trim().is_empty() || s.why.trim().is_empty() {
        out.push(format!("session on {at} has no title or why"));
    }
    if s.exercises.first().map(|e| e.kind) != Some(ExerciseKind::Warmup) {
        out.push(format!("session on {at} does not start with a warm-up"));
    }
    for e in &s.exercises {
        let texts = [&e.name, &e.reps, &e.rest, &e.intensity, &e.why];
        if e.sets == 0 || texts.iter().any(|t| t.trim().is_empty()) {
            out.push(format!(
                "session on {at}: exercise {:?} has no sets or an empty field",
                e.name
            ));
        }
    }
    let last_hang = s
        .exercises
        .iter()
        .rposition(|e| e.kind == ExerciseKind::Hangboard);
    let first_climb = s
        .exercises
        .iter()
        .position(|e| CLIMBING_KINDS.contains(&e.kind));
    if let (Some(h), Some(c)) = (last_hang, first_climb) {
        if h > c {
            out.push(format!("session on {at}: hangboard comes after climbing"));
        }
    }
    if let Some(e) = s.exercises.iter().find(|e| is_max_effort(e)) {
        if s.finger_load != FingerLoad::Max {
            out.push(format!(
                "session on {at} has max-effort {:?} but is not marked max-finger",
                e.name
            ));
        }
    }
    let finger_work = has(s, ExerciseKind::Hangboard) || has(s, ExerciseKind::BoardClimbing);
    if finger_work && s.finger_load == FingerLoad::Low {
        out.push(format!(
            "session on {at} has hangboard or board work but a low finger load"
        ));
    }
    if s.phase == Phase::Deload {
        let hard = s.exercises.iter().any(held_when_injured);
        if hard || s.finger_load != FingerLoad::Low {
            out.push(format!("deload session on {at} is not easy on the fingers"));
        }
    }
    if s.journal_kind == SessionKind::Rest {
        out.push(format!("session on {at} is logged as a rest day"));
    }
    let off_wall = matches!(
        s.journal_kind,
        SessionKind::Strength | SessionKind::Mobility
    );
    if let Some(e) = s
        .exercises
        .iter()
        .find(|e| !OFF_WALL_KINDS.contains(&e.kind))
    {
        if off_wall {
            out.push(format!(
                "off-the-wall session on {at} has {:?}, which is not off-wall work",
                e.name
            ));
        }
    }
}

/// The exercises' minutes add up to the session's, and the warm-up is not cut before max work.
fn check_time_budget(request: &ProgramRequest, s: &PlannedSession, out: &mut Vec<String>) {
    let total: u32 = s.exercises.iter().map(|e| u32::from(e.minutes)).sum();
    if total != u32::from(s.minutes) {
        out.push(format!(
            "session on {}: exercises take {total} min of its {} min",
            s.date, s.minutes
        ));
    }
    let max_work = s.finger_load == FingerLoad::Max;
    let warmup = s
        .exercises
        .first()
        .filter(|e| e.kind == ExerciseKind::Warmup);
    let wanted = warmup_minutes(request, s.minutes, max_work);
    if let Some(w) = warmup {
        if w.minutes < wanted {
            out.push(format!(
                "session on {}: a {} min warm-up, {wanted} min wanted",
                s.date, w.minutes
            ));
        }
    }
}

/// Max-finger work: campus and limit bouldering always; hangboard and board work when they are
/// a max protocol (MaxHangs, 7-53) or at maximal intensity. `ExerciseKind` alone cannot tell
/// max hangs from repeaters, hence the names.
fn is_max_effort(e: &Exercise) -> bool {
    let name = e.name.to_lowercase();
    matches!(e.kind, ExerciseKind::Campus | ExerciseKind::LimitBouldering)
        || name.contains("maxhangs")
        || name.contains("7-53")
        || e.intensity.to_lowercase().starts_with("maximal")
}

fn check_equipment(request: &ProgramRequest, s: &PlannedSession, out: &mut Vec<String>) {
    let at = s.date;
    let owns = |e: Equipment| request.equipment.contains(&e);
    if has(s, ExerciseKind::Hangboard) && !hangboard_allowed(request) {
        out.push(format!(
            "session on {at} uses a hangboard the climber may not use yet"
        ));
    }
    if has(s, ExerciseKind::Campus) && !campus_allowed(request) {
        out.push(format!(
            "session on {at} has campus work (advanced climbers with a campus board only)"
        ));
    }
    if has(s, ExerciseKind::BoardClimbing) && !owns(Equipment::Board) {
        out.push(format!("session on {at} needs a training board"));
    }
    let weighted = s
        .exercises
        .iter()
        .any(|e| e.kind == ExerciseKind::Pulling && e.name.to_lowercase().contains("weighted"));
    if weighted && !owns(Equipment::Weights) {
        out.push(format!(
            "session on {at} has weighted pulling without weights"
        ));
    }
}

/// DOMAIN.md protocols, checked on the exercises that name them.
fn check_protocols(s: &PlannedSession, out: &mut Vec<String>) {
    for e in &s.exercises {
        let name = e.name.to_lowercase();
        let bad = if name.contains("maxhangs") {
            // López MaxHangs: 2-5 sets, 3-5 min rest, 5-15 s hangs.
            !(2..=5).contains(&e.sets) || !e.rest.contains("3-5 min") || !e.reps.contains("10 s")
        } else if name.contains("7-53") {
            // Hörst 7-53: 7 s hang, 53 s rest, 3 hangs a set, at most 5 sets.
            e.sets > 5 || !e.reps.contains("7 s") || !e.reps.contains("53 s")
        } else if name.contains("repeaters") {
            // 7/3 repeaters: 6 reps, 3 min between sets.
            !e.reps.starts_with("6 ") || !e.rest.contains("3 min")
        } else if name.contains("inthangs") {
            // López IntHangs: 3-5 sets at 60-80 %.
            !(3..=5).contains(&e.sets) || !e.intensity.contains("60-80 %")
        } else if e.kind == ExerciseKind::LimitBouldering {
            // Limit bouldering (and projecting at the limit): 3-5 min rest.
            !e.rest.contains("3-5 min")
        } else if name.contains("4x4") {
            e.sets != 4 || !e.rest.contains("4 min")
        } else if e.kind == ExerciseKind::Arc {
            !e.reps.contains("20-30 min")
        } else if e.kind == ExerciseKind::Antagonist {
            !(e.reps.contains("5-8") || e.reps.contains("12-15"))
        } else {
            false
        };
        if bad {
            out.push(format!(
                "session on {}: {:?} does not follow its protocol",
                s.date, e.name
            ));
        }
    }
}

/// Loads come from the tests: with a max hang and bodyweight, every hangboard exercise gives
/// kilograms; with fewer than 5 tested pull-ups, pulling is assisted or eccentric (never
/// explosive, never sets of 5-8 strict).
fn check_loads(request: &ProgramRequest, plan: &ProgramPlan, out: &mut Vec<String>) {
    let b = &request.baseline;
    let hang_known = b.max_hang.is_some() && b.bodyweight_kg.is_some_and(|w| w > 0.0);
    let few_pull_ups = b.pull_ups.is_some_and(|n| n < 5)
        || (b.pull_ups.is_none()
            && b.pull_one_rep_max_added_kg.is_some_and(|a| a <= 0.0)
            && b.bodyweight_kg.is_some());
    for s in &plan.sessions {
        for e in &s.exercises {
            if hang_known && e.kind == ExerciseKind::Hangboard && !e.intensity.contains(" kg") {
                out.push(format!(
                    "session on {}: {:?} gives no kilograms although the max hang was tested",
                    s.date, e.name
                ));
            }
            let name = e.name.to_lowercase();
            let scaled = name.contains("assisted") || name.contains("negative");
            if few_pull_ups && e.kind == ExerciseKind::Pulling && !scaled {
                out.push(format!(
                    "session on {}: {:?} for a climber who tested under 5 pull-ups",
                    s.date, e.name
                ));
            }
        }
    }
}

/// Phases whose weeks carry no max-finger day: base and skill-and-volume are mileage and
/// movement, power endurance is the pump (Hörst 4-3-2-1; the Andersons' Rock Prodigy), a deload
/// is easy.
pub fn phase_allows_max_work(phase: Phase) -> bool {
    matches!(phase, Phase::Strength | Phase::Power | Phase::Performance)
}

/// Content matches the phase: no max-effort work outside the strength, power and performance
/// phases; a healthy climber's strength and power weeks have a max day (outside the hangboard
/// introduction), and power-endurance weeks have intervals.
fn check_phase_content(request: &ProgramRequest, plan: &ProgramPlan, out: &mut Vec<String>) {
    for week in &plan.weeks {
        let sessions: Vec<&PlannedSession> = plan
            .sessions
            .iter()
            .filter(|s| s.week == week.number)
            .collect();
        if !phase_allows_max_work(week.phase) {
            let max = sessions.iter().find(|s| {
                s.finger_load == FingerLoad::Max || s.exercises.iter().any(is_max_effort)
            });
            if let Some(s) = max {
                out.push(format!(
                    "week {} ({:?}) has max-effort work on {}",
                    week.number, week.phase, s.date
                ));
            }
        }
        if request.injured || sessions.is_empty() {
            continue;
        }
        let max_day = sessions.iter().any(|s| s.finger_load == FingerLoad::Max);
        // In the hangboard introduction a short session's main block is submaximal hangs,
        // so a strength week may have no max day.
        let intro = hangboard_intro_week(request, week.number);
        if matches!(week.phase, Phase::Strength | Phase::Power) && !max_day && !intro {
            out.push(format!(
                "{:?} week {} has no max-finger day",
                week.phase, week.number
            ));
        }
        let intervals = sessions.iter().any(|s| has(s, ExerciseKind::Intervals));
        if week.phase == Phase::PowerEndurance && !intervals {
            out.push(format!(
                "power-endurance week {} has no intervals",
                week.number
            ));
        }
    }
}

fn check_injury(request: &ProgramRequest, plan: &ProgramPlan, out: &mut Vec<String>) {
    if !request.injured {
        return;
    }
    for s in &plan.sessions {
        if s.finger_load == FingerLoad::Max {
            out.push(format!(
                "injured climber has a max-finger session on {}",
                s.date
            ));
        }
        if let Some(e) = s.exercises.iter().find(|e| held_when_injured(e)) {
            out.push(format!(
                "injured climber has finger-intensive {:?} on {}",
                e.name, s.date
            ));
        }
        if matches!(s.journal_kind, SessionKind::Hangboard | SessionKind::Board) {
            out.push(format!(
                "injured climber's session on {} is logged as finger training",
                s.date
            ));
        }
    }
    if !plan.notes.iter().any(|n| n.contains("clinician")) {
        out.push("injured climber gets no note recommending a clinician".into());
    }
    if !plan
        .notes
        .iter()
        .any(|n| n.contains("Graded return to load"))
    {
        out.push("injured climber gets no graded return to load".into());
    }
}

fn check_focus(request: &ProgramRequest, plan: &ProgramPlan, out: &mut Vec<String>) {
    let mut expected: Vec<Area> = Vec::new();
    for area in &request.weaknesses {
        if !expected.contains(area) {
            expected.push(*area);
        }
    }
    if plan.focus != expected {
        out.push(format!(
            "focus {:?} is not the weaknesses {:?}",
            plan.focus, expected
        ));
    }
    let taper_focus = plan
        .sessions
        .iter()
        .filter(|s| s.phase == Phase::Performance)
        .find(|s| {
            s.exercises.iter().any(|e| {
                e.why.contains("dedicated block") || e.why.contains("extra work every week")
            })
        });
    if let Some(s) = taper_focus {
        out.push(format!(
            "performance-phase session on {} carries a weakness block (a taper has none)",
            s.date
        ));
    }
    let Some(weakest) = expected.first().copied() else {
        return;
    };
    let label = weakest.label().to_lowercase();
    // Not in deload weeks, nor in the performance phase (a taper).
    let training = |w: &&PlannedWeek| !matches!(w.phase, Phase::Deload | Phase::Performance);
    for week in plan.weeks.iter().filter(training) {
        let covered = plan
            .sessions
            .iter()
            .filter(|s| s.week == week.number)
            .flat_map(|s| &s.exercises)
            .any(|e| {
                focus_kinds(weakest).contains(&e.kind) && e.why.to_lowercase().contains(&label)
            });
        if !covered {
            out.push(format!(
                "week {} has no dedicated block for the weakest area, {label}",
                week.number
            ));
        }
    }
}

fn check_notes(request: &ProgramRequest, plan: &ProgramPlan, out: &mut Vec<String>) {
    let above = request.days_per_week > *days_guidance(request.level).end();
    if above && !plan.notes.iter().any(|n| n.contains("days a week")) {
        out.push("more days than the level's guidance, but no note says so".into());
    }
    let hangs = plan.sessions.iter().any(|s| {
        s.exercises
            .iter()
            .any(|e| e.kind == ExerciseKind::Hangboard)
    });
    if new_to_hangboard(request)
        && hangs
        && !plan
            .notes
            .iter()
            .any(|n| n.contains("new to the hangboard"))
    {
        out.push("a climber new to the hangboard, but no note explains the introduction".into());
    }
    if is_older(request) && !plan.notes.iter().any(|n| n.contains("warm-ups")) {
        out.push("an older climber, but no note explains the longer warm-ups".into());
    }
    if plan.notes.iter().any(|n| n.trim().is_empty()) {
        out.push("an empty note".into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::grade::Discipline;
    use crate::domain::program::generate::generate;
    use crate::domain::program::model::TestBaseline;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    /// An advanced boulderer with everything, 5 days: max days, campus and hangboard to break.
    fn request() -> ProgramRequest {
        ProgramRequest {
            start: d(2026, 1, 5),
            level: Level::Advanced,
            current_grade: None,
            goal_discipline: Discipline::Boulder,
            target_date: Some(d(2026, 3, 30)),
            days_per_week: 5,
            session_minutes: 120,
            equipment: Equipment::ALL.to_vec(),
            injured: false,
            hangboard_ready: true,
            weaknesses: vec![Area::FingerStrength],
            baseline: TestBaseline::default(),
            age: None,
            hangboard_history: None,
        }
    }

    fn valid() -> (ProgramRequest, ProgramPlan) {
        let r = request();
        let p = generate(&r).unwrap();
        assert_eq!(violations(&r, &p), Vec::<String>::new());
        (r, p)
    }

    /// Breaks a valid plan with `f` and expects a violation mentioning `needle`.
    fn caught(needle: &str, f: impl FnOnce(&mut ProgramRequest, &mut ProgramPlan)) {
        let (mut r, mut p) = valid();
        f(&mut r, &mut p);
        let v = violations(&r, &p);
        assert!(
            v.iter().any(|m| m.contains(needle)),
            "expected {needle:?} in {v:#?}"
        );
    }

    fn max_index(p: &ProgramPlan) -> usize {
        p.sessions
            .iter()
            .position(|s| s.finger_load == FingerLoad::Max)
            .unwrap()
    }

    fn hang() -> Exercise {
        Exercise {
            kind: ExerciseKind::Hangboard,
            name: "Max hangs (López MaxHangs)".into(),
            sets: 3,
            reps: "1 hang of 10 s".into(),
            rest: "3-5 min between sets".into(),
            intensity: "heavy".into(),
            why: "strength".into(),
            minutes: 20,
        }
    }

    #[test]
    fn invalid_requests_are_reported() {
        let (mut r, p) = valid();
        r.days_per_week = 7;
        assert!(violations(&r, &p)[0].contains("request itself is invalid"));
    }

    #[test]
    fn max_finger_days_back_to_back() {
        caught("less than 48 h", |_, p| {
            let i = max_index(p);
            p.sessions[i + 1].finger_load = FingerLoad::Max;
        });
    }

    #[test]
    fn max_finger_days_back_to_back_across_weeks() {
        caught("less than 48 h", |_, p| {
            // The last session of week 2 (a Saturday) becomes max, as is Monday of week 3.
            let last = p.sessions.iter().rposition(|s| s.week == 2).unwrap();
            p.sessions[last].date = p.sessions[last].date.add_days(1);
            p.sessions[last].finger_load = FingerLoad::Max;
            assert_eq!(p.sessions[last + 1].finger_load, FingerLoad::Max);
        });
    }

    #[test]
    fn missing_final_deload() {
        caught("final week is not a deload", |r, p| {
            r.target_date = None;
            p.weeks.truncate(8);
            p.end = p.start.add_days(55);
            p.sessions.retain(|s| s.week <= 8);
            let last = p.weeks.len() - 1;
            p.weeks[last].phase = Phase::Performance;
        });
    }

    #[test]
    fn too_many_weeks_without_a_deload() {
        caught("without a deload", |_, p| {
            p.weeks[4].phase = Phase::Strength
        });
    }

    #[test]
    fn a_plan_with_a_goal_that_does_not_peak_on_it() {
        caught("does not peak", |_, p| {
            let last = p.weeks.len() - 1;
            p.weeks[last].phase = Phase::Deload;
        });
        caught("is not in the final week", |r, _| {
            r.target_date = r.target_date.map(|t| t.add_days(-7));
        });
    }

    #[test]
    fn phases_out_of_order() {
        caught("comes after a later phase", |_, p| {
            p.weeks[0].phase = Phase::Power
        });
    }

    #[test]
    fn a_missing_session() {
        caught("sessions instead of", |_, p| {
            p.sessions.pop();
        });
    }

    #[test]
    fn a_session_outside_the_program() {
        caught("outside the program", |_, p| {
            let last = p.sessions.len() - 1;
            p.sessions[last].date = p.end.add_days(1);
        });
    }

    #[test]
    fn two_sessions_on_one_day() {
        caught("not in date order", |_, p| {
            p.sessions[1].date = p.sessions[0].date
        });
    }

    #[test]
    fn wrong_calendar() {
        caught("instead of Monday", |_, p| p.start = p.start.add_days(1));
        caught("weeks instead of", |_, p| {
            p.weeks.pop();
        });
    }

    #[test]
    fn hangboard_for_a_beginner_not_ready() {
        caught("hangboard the climber may not use", |r, p| {
            r.level = Level::Beginner;
            r.hangboard_ready = false;
            p.level = Level::Beginner;
            p.sessions[0].exercises.insert(1, hang());
        });
    }

    #[test]
    fn campus_for_an_intermediate() {
        caught("campus work", |r, _| r.level = Level::Intermediate);
    }

    #[test]
    fn campus_three_times_a_week() {
        caught("campus sessions", |_, p| {
            let week = p
                .weeks
                .iter()
                .find(|w| w.phase == Phase::Power)
                .unwrap()
                .number;
            let campus = p
                .sessions
                .iter()
                .flat_map(|s| &s.exercises)
                .find(|e| e.kind == ExerciseKind::Campus)
                .unwrap()
                .clone();
            for s in p.sessions.iter_mut().filter(|s| s.week == week) {
                s.exercises.push(campus.clone());
            }
        });
    }

    #[test]
    fn board_or_weights_without_the_equipment() {
        caught("needs a training board", |r, _| {
            r.equipment.retain(|e| *e != Equipment::Board)
        });
        caught("weighted pulling without weights", |r, _| {
            r.equipment.retain(|e| *e != Equipment::Weights)
        });
    }

    #[test]
    fn hangboard_after_climbing() {
        caught("hangboard comes after climbing", |_, p| {
            let i = max_index(p);
            let s = &mut p.sessions[i];
            let h = s
                .exercises
                .iter()
                .position(|e| e.kind == ExerciseKind::Hangboard)
                .unwrap();
            let hang = s.exercises.remove(h);
            s.exercises.push(hang);
        });
    }

    #[test]
    fn no_warmup_first() {
        caught("does not start with a warm-up", |_, p| {
            p.sessions[0].exercises.remove(0);
        });
    }

    #[test]
    fn empty_fields_and_zero_sets() {
        caught("empty field", |_, p| p.sessions[0].exercises[0].why.clear());
        caught("no sets", |_, p| p.sessions[0].exercises[0].sets = 0);
    }

    #[test]
    fn limit_bouldering_not_marked_max() {
        caught("not marked max-finger", |_, p| {
            let i = max_index(p);
            p.sessions[i].finger_load = FingerLoad::Moderate;
        });
    }

    #[test]
    fn protocols_out_of_range() {
        caught("does not follow its protocol", |_, p| {
            for e in p.sessions.iter_mut().flat_map(|s| &mut s.exercises) {
                if e.name.contains("MaxHangs") {
                    e.sets = 8;
                }
            }
        });
    }

    #[test]
    fn hard_work_in_a_deload_week() {
        caught("deload session", |_, p| {
            let s = p
                .sessions
                .iter_mut()
                .find(|s| s.phase == Phase::Deload)
                .unwrap();
            s.exercises.insert(1, hang());
            s.finger_load = FingerLoad::Max;
        });
    }

    #[test]
    fn max_work_in_a_base_week() {
        caught("has max-effort work", |_, p| {
            let s = p
                .sessions
                .iter_mut()
                .find(|s| s.phase == Phase::Base)
                .unwrap();
            s.exercises.insert(1, hang());
            s.finger_load = FingerLoad::Max;
        });
    }

    #[test]
    fn a_strength_week_without_a_max_day() {
        caught("has no max-finger day", |_, p| {
            for s in p.sessions.iter_mut().filter(|s| s.phase == Phase::Strength) {
                s.finger_load = FingerLoad::Moderate;
                s.exercises.retain(|e| !is_max_effort(e));
            }
        });
    }

    #[test]
    fn wrong_minutes() {
        caught("min instead of", |_, p| p.sessions[0].minutes = 45);
    }

    #[test]
    fn injured_climber_with_finger_work() {
        // The plan was made for a healthy climber; the same plan for an injured one breaks.
        caught("injured climber has a max-finger session", |r, _| {
            r.injured = true
        });
        caught("finger-intensive", |r, _| r.injured = true);
        caught("clinician", |r, _| r.injured = true);
    }

    #[test]
    fn missing_focus_block() {
        caught("no dedicated block", |r, p| {
            r.weaknesses = vec![Area::Flexibility];
            p.focus = vec![Area::Flexibility];
        });
        caught("is not the weaknesses", |_, p| p.focus.clear());
    }

    #[test]
    fn many_days_without_a_note() {
        caught("no note says so", |r, p| {
            r.level = Level::Intermediate;
            r.days_per_week = 5;
            p.level = Level::Intermediate;
        });
    }

    #[test]
    fn deload_minutes_are_sixty_percent_and_at_least_thirty() {
        assert_eq!(deload_minutes(120), 72);
        assert_eq!(deload_minutes(90), 54);
        assert_eq!(deload_minutes(45), 30);
        assert_eq!(deload_minutes(30), 30);
        assert_eq!(deload_minutes(300), 180);
    }

    #[test]
    fn tools_follow_level_and_readiness() {
        let mut r = request();
        assert!(hangboard_allowed(&r) && campus_allowed(&r));
        r.level = Level::Intermediate;
        assert!(hangboard_allowed(&r) && !campus_allowed(&r));
        r.level = Level::Beginner;
        assert!(hangboard_allowed(&r));
        // Issue 22 (6): without the 10 s hang no level gets a hangboard, as the result says.
        r.hangboard_ready = false;
        for level in Level::ALL {
            r.level = *level;
            assert!(!hangboard_allowed(&r), "{level:?}");
        }
        r.level = Level::Elite;
        r.hangboard_ready = true;
        r.equipment = vec![Equipment::Gym];
        assert!(!hangboard_allowed(&r) && !campus_allowed(&r));
    }
}
