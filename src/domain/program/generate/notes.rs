//! Notes: what the climber should know about the plan as a whole.
use super::calendar::Length;
use super::context::Ctx;
use crate::domain::program::model::{Model, ProgramRequest};
use crate::domain::program::rules;
use crate::domain::training::{Area, Equipment};
use crate::domain::when::Date;

pub(super) fn notes(ctx: &Ctx, model: Model, start: Date, length: &Length) -> Vec<String> {
    let r = ctx.request;
    let mut notes = vec![why_note(r, model), model_note(model)];
    if start != r.start {
        notes.push(format!(
            "The program starts on Monday {start} so its weeks line up with the calendar."
        ));
    }
    notes.extend(length_note(length, r.target_date));
    notes.extend(short_cycle_note(model, length));
    notes.extend(days_note(r));
    notes.extend(hours_note(r));
    notes.extend(age_note(r));
    notes.extend(hangboard_intro_note(ctx));
    notes.extend(held_back_notes(ctx));
    notes.push(focus_note(ctx));
    notes
}

/// "Why this plan": the level, the model, the goal date and the numbers the loads came from,
/// so a climber and a human coach can check it.
fn why_note(r: &ProgramRequest, model: Model) -> String {
    let goal = r
        .target_date
        .map_or("no goal date".to_string(), |d| format!("goal date {d}"));
    let b = &r.baseline;
    let mut numbers = Vec::new();
    if let (Some(w), Some(h)) = (b.bodyweight_kg, b.max_hang.as_ref()) {
        numbers.push(format!(
            "max hang {:+.1} kg for {} s at {w:.1} kg bodyweight",
            h.added_kg, h.seconds
        ));
    }
    if let Some(n) = b.pull_ups {
        numbers.push(format!("{n} strict pull-ups"));
    }
    if let (Some(w), Some(a)) = (b.bodyweight_kg, b.pull_one_rep_max_added_kg) {
        numbers.push(format!(
            "weighted pull-up one-rep max {a:+.1} kg at {w:.1} kg"
        ));
    }
    let loads = if numbers.is_empty() {
        "no strength tests, so loads are given as effort (RPE) and percentages".to_string()
    } else {
        format!("loads from your tests: {}", numbers.join(", "))
    };
    let age = r.age.map_or(String::new(), |a| format!(", age {a}"));
    format!(
        "Why this plan: {} level, {}, {goal}{age}; {loads}.",
        r.level.label(),
        model.label()
    )
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
    let (target, goal_week) = (target?, length.goal_week?);
    let weeks = length.weeks;
    let (min, max) = (*rules::PROGRAM_WEEKS.start(), *rules::PROGRAM_WEEKS.end());
    Some(if goal_week < i64::from(min) {
        format!(
            "Your goal date ({target}) is less than {min} weeks away: too near for a training \
             cycle. This is a {weeks}-week block that runs past it: climb your goal fresh, as \
             an easy day in its week, and keep the block's hard days away from it."
        )
    } else if goal_week > i64::from(max) {
        format!(
            "Your goal date ({target}) is more than {max} weeks away: this is a {weeks}-week \
             general block. Re-test and generate again within {max} weeks of your goal, and \
             the plan will peak on it."
        )
    } else {
        format!(
            "Planned back from your goal date ({target}): {weeks} weeks, the general block \
             first, then the specific phases, with the performance phase in the week of your \
             goal."
        )
    })
}

/// A goal too near for the model's usual phase lengths: the phases are shortened, and the
/// climber is told so.
fn short_cycle_note(model: Model, length: &Length) -> Option<String> {
    if !length.peaks {
        return None;
    }
    let full: usize = rules::specific_phase_weeks(model).iter().sum::<usize>() + 2;
    (usize::from(length.weeks) < full).then(|| {
        format!(
            "Your goal is {} weeks away, too near for a full cycle (about {full} weeks with a \
             deload): every phase is shortened, so expect less progress than a full cycle \
             gives.",
            length.weeks
        )
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

/// An older climber is told why warm-ups are longer and max-finger days further apart.
fn age_note(r: &ProgramRequest) -> Option<String> {
    let age = r.age.filter(|_| rules::is_older(r))?;
    Some(format!(
        "At {age}, warm-ups are {} min longer and max-finger days at least {} h apart: tendons \
         and pulleys recover more slowly from {} on.",
        rules::OLDER_EXTRA_WARMUP_MINUTES,
        24 * rules::min_days_between_max(r),
        rules::OLDER_CLIMBER_AGE
    ))
}

/// A climber new to the hangboard: submaximal hangs first.
fn hangboard_intro_note(ctx: &Ctx) -> Option<String> {
    (ctx.hangboard && rules::new_to_hangboard(ctx.request)).then(|| {
        format!(
            "You're new to the hangboard, so the first {} weeks use submaximal hangs \
             (IntHangs, 60-80 % of your max) to build up your tendons; max hangs come after.",
            rules::HANGBOARD_INTRO_WEEKS
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
        notes.push(
            "Graded return to load: the first third of the program unloads your fingers \
             completely; the second adds easy climbing on big and medium holds once a week; the \
             last adds varied holds (no full crimps). Move on only while sessions are pain-free, \
             during them and the next morning; step back a stage if pain returns."
                .into(),
        );
    }
    if owns(Equipment::Hangboard) && !r.hangboard_ready && !r.injured {
        notes.push(if r.baseline.max_hang.is_some() {
            "No hangboard yet: start once you can hang a 20 mm edge for 10 s at bodyweight. \
             Until then, climbing itself trains your fingers safely."
                .into()
        } else {
            "No hangboard yet: your assessment has no max hang, and hangboard loads are set from \
             it. Test a 10 s hang on a 20 mm edge, then generate a new program."
                .into()
        });
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
