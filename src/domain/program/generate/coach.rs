//! A coach's fixture set (issue 22): contrasting climbers, each taken to a whole program and
//! checked the way a coach would read it: the level, phase against content, loads from the
//! tests, the peak at the goal, nothing finger-intensive while pain holds the fingers, and
//! every session's time adding up. Every plan also passes the one checker, `rules::violations`.
use super::*;
use crate::domain::grade::{Discipline, Ircra};
use crate::domain::program::model::{
    FingerLoad, HangBaseline, Phase, ProgramPlan, ProgramRequest, TestBaseline,
};
use crate::domain::program::rules::{self, violations};
use crate::domain::program::tracking::{hold_finger_work, ProgramSession};
use crate::domain::training::{Area, Equipment, Level, LevelInputs};

struct Climber {
    name: &'static str,
    grade: u8,
    years: f32,
    hangboard_history: Option<bool>,
    finger_residual_pct: Option<f64>,
    expected_level: Level,
    route: bool,
    days: u8,
    minutes: u16,
    equipment: &'static [Equipment],
    injured: bool,
    /// Weeks to the goal (the Sunday ending that week), if any.
    goal_weeks: Option<i64>,
    age: Option<u8>,
    baseline: TestBaseline,
    weaknesses: &'static [Area],
    /// A retest: the max hang's added kg changes to this.
    retest_hang_kg: Option<f64>,
}

fn start() -> Date {
    Date::new(2026, 1, 5).unwrap()
}

fn tests(bodyweight: f64, hang: Option<(f64, u8)>, pull_ups: Option<u16>) -> TestBaseline {
    TestBaseline {
        bodyweight_kg: Some(bodyweight),
        max_hang: hang.map(|(added_kg, seconds)| HangBaseline { added_kg, seconds }),
        pull_ups,
        pull_one_rep_max_added_kg: None,
    }
}

use Equipment::{Board, CampusBoard, Gym, Hangboard, Weights};
const ALL: &[Equipment] = &[Gym, Board, Hangboard, CampusBoard, Weights];

fn climbers() -> Vec<Climber> {
    let base = || Climber {
        name: "",
        grade: 15,
        years: 3.0,
        hangboard_history: None,
        finger_residual_pct: None,
        expected_level: Level::Intermediate,
        route: false,
        days: 3,
        minutes: 90,
        equipment: &[Gym],
        injured: false,
        goal_weeks: None,
        age: None,
        baseline: TestBaseline::default(),
        weaknesses: &[],
        retest_hang_kg: None,
    };
    vec![
        Climber {
            name: "first-year beginner, 2 days, 60 min",
            grade: 8,
            years: 0.5,
            expected_level: Level::Beginner,
            days: 2,
            minutes: 60,
            baseline: tests(65.0, None, Some(2)),
            weaknesses: &[Area::PullingStrength],
            ..base()
        },
        Climber {
            name: "1-year V2 climber with a hangboard, not yet 10 s",
            grade: 16,
            years: 1.0,
            expected_level: Level::Beginner,
            equipment: &[Gym, Hangboard],
            baseline: tests(70.0, Some((-15.0, 10)), Some(6)),
            goal_weeks: Some(8),
            ..base()
        },
        Climber {
            name: "4-year V5 boulderer, no known hangboard history, 5 days",
            grade: 19,
            years: 4.0,
            expected_level: Level::Intermediate,
            days: 5,
            minutes: 120,
            equipment: &[Gym, Board, Hangboard],
            baseline: tests(68.0, Some((8.0, 10)), Some(12)),
            weaknesses: &[Area::FingerStrength, Area::Power],
            goal_weeks: Some(16),
            retest_hang_kg: Some(12.0),
            ..base()
        },
        Climber {
            name: "8a sport climber aiming for 8b in 23 weeks, 4 days",
            grade: 23,
            years: 10.0,
            hangboard_history: Some(true),
            finger_residual_pct: Some(-5.0),
            expected_level: Level::Advanced,
            route: true,
            days: 4,
            minutes: 150,
            equipment: ALL,
            baseline: tests(70.0, Some((10.0, 10)), Some(15)),
            weaknesses: &[Area::FingerEndurance],
            goal_weeks: Some(23),
            retest_hang_kg: Some(15.0),
            ..base()
        },
        Climber {
            name: "healing A2 pulley, 3 days",
            grade: 19,
            years: 6.0,
            hangboard_history: Some(true),
            expected_level: Level::Advanced,
            injured: true,
            equipment: ALL,
            baseline: tests(72.0, Some((12.0, 10)), Some(10)),
            weaknesses: &[Area::FingerStrength],
            ..base()
        },
        Climber {
            name: "15-year 7a route climber, 60-minute sessions",
            grade: 17,
            years: 15.0,
            hangboard_history: Some(true),
            expected_level: Level::Intermediate,
            route: true,
            days: 3,
            minutes: 60,
            equipment: &[Gym, Hangboard],
            baseline: tests(75.0, Some((5.0, 10)), Some(8)),
            weaknesses: &[Area::FingerStrength],
            goal_weeks: Some(10),
            ..base()
        },
        Climber {
            name: "elite boulderer, 6 days, goal 40 weeks away",
            grade: 27,
            years: 12.0,
            hangboard_history: Some(true),
            expected_level: Level::Elite,
            days: 6,
            minutes: 180,
            equipment: ALL,
            baseline: tests(64.0, Some((38.0, 10)), Some(25)),
            weaknesses: &[Area::Power],
            goal_weeks: Some(40),
            ..base()
        },
        Climber {
            name: "weekend warrior, 1 day, goal 4 weeks away",
            grade: 14,
            years: 6.0,
            expected_level: Level::Intermediate,
            days: 1,
            minutes: 240,
            equipment: &[Gym],
            goal_weeks: Some(4),
            ..base()
        },
        Climber {
            name: "56-year-old 6c route climber, hangboard trained",
            grade: 15,
            years: 25.0,
            hangboard_history: Some(true),
            expected_level: Level::Intermediate,
            route: true,
            days: 3,
            minutes: 90,
            age: Some(56),
            equipment: &[Gym, Hangboard],
            baseline: tests(78.0, Some((0.0, 10)), Some(9)),
            weaknesses: &[Area::FingerStrength],
            goal_weeks: Some(12),
            ..base()
        },
        Climber {
            name: "advanced by grade, fingers 30 % behind",
            grade: 21,
            years: 8.0,
            hangboard_history: Some(true),
            finger_residual_pct: Some(-30.0),
            expected_level: Level::Intermediate,
            days: 4,
            minutes: 45,
            equipment: &[Gym, Board, Hangboard, Weights],
            baseline: tests(60.0, Some((2.0, 8)), Some(4)),
            weaknesses: &[Area::FingerStrength, Area::PullingStrength],
            goal_weeks: Some(6),
            ..base()
        },
        Climber {
            name: "no hangboard history 7b+ boulderer, 30-minute sessions",
            grade: 20,
            years: 7.0,
            hangboard_history: Some(false),
            expected_level: Level::Intermediate,
            days: 4,
            minutes: 30,
            equipment: &[Gym, Hangboard, CampusBoard],
            weaknesses: &[Area::Core, Area::Flexibility],
            ..base()
        },
        Climber {
            name: "beginner with a goal 30 weeks out, 3 days",
            grade: 10,
            years: 1.5,
            expected_level: Level::Beginner,
            days: 3,
            minutes: 75,
            equipment: &[Gym, Hangboard],
            baseline: tests(55.0, Some((0.0, 10)), Some(0)),
            weaknesses: &[Area::PullingStrength, Area::FingerStrength],
            goal_weeks: Some(30),
            retest_hang_kg: Some(5.0),
            ..base()
        },
        Climber {
            name: "never hangboarded, 6c boulderer with a new hangboard and a 10 s hang",
            grade: 15,
            years: 4.0,
            hangboard_history: Some(false),
            expected_level: Level::Intermediate,
            days: 3,
            minutes: 90,
            equipment: &[Gym, Hangboard],
            baseline: tests(70.0, Some((0.0, 10)), Some(10)),
            weaknesses: &[Area::FingerStrength],
            goal_weeks: Some(10),
            ..base()
        },
        Climber {
            name: "advanced route climber, goal 3 weeks away (too near)",
            grade: 22,
            years: 9.0,
            hangboard_history: Some(true),
            expected_level: Level::Advanced,
            route: true,
            days: 5,
            minutes: 120,
            equipment: ALL,
            baseline: tests(66.0, Some((16.0, 10)), Some(18)),
            goal_weeks: Some(3),
            ..base()
        },
    ]
}

fn request_for(c: &Climber) -> ProgramRequest {
    let level = Level::assess(&LevelInputs {
        grade: Some(Ircra::new(c.grade)),
        years_climbing: c.years,
        hangboard_history: c.hangboard_history,
        finger_residual_pct: c.finger_residual_pct,
    })
    .level;
    let ready = c
        .baseline
        .max_hang
        .as_ref()
        .is_some_and(|h| h.added_kg >= 0.0);
    ProgramRequest {
        start: start(),
        level,
        current_grade: Some(Ircra::new(c.grade)),
        goal_discipline: if c.route {
            Discipline::Route
        } else {
            Discipline::Boulder
        },
        target_date: c.goal_weeks.map(|w| start().add_days(7 * w - 1)),
        days_per_week: c.days,
        session_minutes: c.minutes,
        equipment: c.equipment.to_vec(),
        injured: c.injured,
        hangboard_ready: ready,
        weaknesses: c.weaknesses.to_vec(),
        baseline: c.baseline.clone(),
        age: c.age,
        hangboard_history: c.hangboard_history,
    }
}

fn as_running(plan: &ProgramPlan) -> Vec<ProgramSession> {
    plan.sessions
        .iter()
        .enumerate()
        .map(|(i, p)| ProgramSession::planned(i.to_string(), "p".into(), i as u32, p.clone()))
        .collect()
}

fn hang_intensities(p: &ProgramPlan) -> Vec<String> {
    p.sessions
        .iter()
        .flat_map(|s| &s.exercises)
        .filter(|e| e.kind == crate::domain::program::model::ExerciseKind::Hangboard)
        .map(|e| e.intensity.clone())
        .collect()
}

#[test]
fn a_coach_would_sign_every_fixture_program() {
    let all = climbers();
    assert!(all.len() >= 12);
    for c in &all {
        let r = request_for(c);
        let who = c.name;
        // The level: grade, years, history and tests together.
        assert_eq!(r.level, c.expected_level, "{who}");
        let p = generate(&r).unwrap_or_else(|e| panic!("{who}: {e}"));
        assert_eq!(violations(&r, &p), Vec::<String>::new(), "{who}");
        assert_eq!(p.level, c.expected_level, "{who}");
        // Phase against content.
        for s in &p.sessions {
            if !rules::phase_allows_max_work(s.phase) {
                assert_ne!(s.finger_load, FingerLoad::Max, "{who}: {s:?}");
            }
            // The time budget adds up.
            let total: u16 = s.exercises.iter().map(|e| e.minutes).sum();
            assert_eq!(total, s.minutes, "{who}: {}", s.title);
        }
        // The peak at the goal (4-40 weeks away), or a note that it is too near.
        match c.goal_weeks {
            Some(w) if (4..=40).contains(&w) => {
                let last = p.weeks.last().unwrap();
                assert_eq!(last.phase, Phase::Performance, "{who}");
                assert_eq!(p.weeks.len() as i64, w, "{who}");
                assert_eq!(p.end, r.target_date.unwrap(), "{who}");
            }
            Some(_) => assert!(
                p.notes.iter().any(|n| n.contains("too near")),
                "{who}: {:?}",
                p.notes
            ),
            None => assert_eq!(p.weeks.last().unwrap().phase, Phase::Deload, "{who}"),
        }
        // Loads from the tests.
        let hangs = hang_intensities(&p);
        if r.baseline.max_hang.is_some() && rules::hangboard_allowed(&r) && !r.injured {
            assert!(hangs.iter().all(|h| h.contains(" kg")), "{who}: {hangs:?}");
        }
        if !r.hangboard_ready {
            assert!(hangs.is_empty(), "{who}: hangboard without a 10 s hang");
        }
        if r.baseline.pull_ups.is_some_and(|n| n < 5) {
            for e in p.sessions.iter().flat_map(|s| &s.exercises) {
                if e.kind == crate::domain::program::model::ExerciseKind::Pulling {
                    assert!(e.name.starts_with("Assisted"), "{who}: {}", e.name);
                }
            }
        }
        // Pain logged mid-program: nothing finger-intensive from then on.
        let mid = p.start.add_days(7 * (p.weeks.len() as i64 / 2));
        let mut running = as_running(&p);
        hold_finger_work(&mut running, mid, mid.add_days(-1));
        for s in running.iter().filter(|s| s.date >= mid) {
            assert_ne!(s.planned.finger_load, FingerLoad::Max, "{who}");
            assert!(
                s.planned
                    .exercises
                    .iter()
                    .all(|e| !rules::held_when_injured(e)),
                "{who}: {:?}",
                s.planned.title
            );
            let total: u16 = s.planned.exercises.iter().map(|e| e.minutes).sum();
            assert_eq!(total, s.planned.minutes, "{who}: held {}", s.planned.title);
        }
        // A retest re-derives the loads.
        if let Some(kg) = c.retest_hang_kg {
            let mut again = r.clone();
            if let Some(h) = again.baseline.max_hang.as_mut() {
                h.added_kg = kg;
            }
            again.hangboard_ready = kg >= 0.0;
            let q = generate(&again).unwrap();
            assert_eq!(violations(&again, &q), Vec::<String>::new(), "{who} retest");
            let before = hang_intensities(&p);
            let after = hang_intensities(&q);
            assert!(!after.is_empty(), "{who}: retest has hangs");
            assert_ne!(before, after, "{who}: the retest changed nothing");
            let total = again.baseline.bodyweight_kg.unwrap() + kg;
            assert!(
                after
                    .iter()
                    .all(|h| h.contains(&format!("{total:.1} kg you held"))),
                "{who}: {after:?}"
            );
        }
    }
}

#[test]
fn fixtures_cover_the_coachs_spread() {
    let all = climbers();
    for level in Level::ALL {
        assert!(all.iter().any(|c| c.expected_level == *level), "{level:?}");
    }
    for days in 1..=6 {
        assert!(all.iter().any(|c| c.days == days), "{days} days");
    }
    assert!(all.iter().any(|c| c.route) && all.iter().any(|c| !c.route));
    assert!(all.iter().any(|c| c.injured));
    assert!(all.iter().any(|c| c.goal_weeks == Some(4)));
    assert!(all.iter().any(|c| c.goal_weeks == Some(40)));
    assert!(all.iter().any(|c| c.retest_hang_kg.is_some()));
    assert!(all.iter().any(|c| c.age.is_some()));
    let session: Vec<u16> = all.iter().map(|c| c.minutes).collect();
    assert!(session.contains(&30) && session.contains(&240));
}

fn climber(name: &str) -> Climber {
    climbers()
        .into_iter()
        .find(|c| c.name.starts_with(name))
        .unwrap_or_else(|| panic!("no fixture {name}"))
}

fn max_hang_weeks(p: &ProgramPlan) -> Vec<u8> {
    p.sessions
        .iter()
        .filter(|s| {
            s.exercises.iter().any(|e| {
                e.kind == crate::domain::program::model::ExerciseKind::Hangboard
                    && (e.name.contains("7-53") || e.name.contains("MaxHangs"))
            })
        })
        .map(|s| s.week)
        .collect()
}

/// Issue 22: a climber who has never trained on a hangboard gets submaximal hangs (IntHangs)
/// for the introduction weeks and max hangs only after; the same climber with hangboard
/// training behind them gets max hangs within those weeks.
#[test]
fn a_climber_new_to_the_hangboard_starts_with_submaximal_hangs() {
    let c = climber("never hangboarded");
    let r = request_for(&c);
    assert!(rules::new_to_hangboard(&r) && rules::hangboard_allowed(&r));
    let p = generate(&r).unwrap();
    assert_eq!(violations(&r, &p), Vec::<String>::new());
    let intro = rules::HANGBOARD_INTRO_WEEKS;
    let hangs_in = |week: u8| -> Vec<String> {
        p.sessions
            .iter()
            .filter(|s| s.week == week)
            .flat_map(|s| &s.exercises)
            .filter(|e| e.kind == crate::domain::program::model::ExerciseKind::Hangboard)
            .map(|e| e.name.clone())
            .collect()
    };
    assert!(
        hangs_in(1).iter().any(|n| n.contains("IntHangs")),
        "week 1: {:?}",
        hangs_in(1)
    );
    let max_weeks = max_hang_weeks(&p);
    assert!(max_weeks.iter().all(|w| *w > intro), "{max_weeks:?}");
    assert!(
        !max_weeks.is_empty(),
        "max hangs come after the introduction"
    );
    assert!(
        p.notes.iter().any(|n| n.contains("new to the hangboard")),
        "{:?}",
        p.notes
    );
    // The same climber, hangboard-trained: max hangs from the first week.
    let trained = ProgramRequest {
        hangboard_history: Some(true),
        ..r.clone()
    };
    let q = generate(&trained).unwrap();
    assert_eq!(violations(&trained, &q), Vec::<String>::new());
    let trained_weeks = max_hang_weeks(&q);
    assert!(
        trained_weeks.iter().any(|w| *w <= intro),
        "{trained_weeks:?} vs new {max_weeks:?}"
    );
    assert!(!q.notes.iter().any(|n| n.contains("new to the hangboard")));
    // The checker catches max hangs in the introduction.
    assert!(violations(&r, &q)
        .iter()
        .any(|v| v.contains("hangboard introduction")));
}

/// Issue 22: a 55-year-old gets the longer warm-up and 72 h between max-finger days, and the
/// "Why this plan" note names the age; the same climber at 35 does not.
#[test]
fn a_55_year_old_warms_up_longer_and_recovers_more() {
    let c = climber("56-year-old");
    let r = ProgramRequest {
        age: Some(55),
        ..request_for(&c)
    };
    let young = ProgramRequest {
        age: Some(35),
        ..r.clone()
    };
    let (old, yng) = (generate(&r).unwrap(), generate(&young).unwrap());
    assert_eq!(violations(&r, &old), Vec::<String>::new());
    let warmups = |p: &ProgramPlan| -> Vec<u16> {
        p.sessions
            .iter()
            .filter_map(|s| {
                s.exercises
                    .iter()
                    .find(|e| e.kind == crate::domain::program::model::ExerciseKind::Warmup)
                    .map(|e| e.minutes)
            })
            .collect()
    };
    let (w_old, w_young) = (warmups(&old), warmups(&yng));
    assert_eq!(w_old.len(), w_young.len());
    assert!(
        w_old
            .iter()
            .zip(&w_young)
            .all(|(o, y)| *o == y + rules::OLDER_EXTRA_WARMUP_MINUTES),
        "{w_old:?} vs {w_young:?}"
    );
    let max_days: Vec<Date> = old
        .sessions
        .iter()
        .filter(|s| s.finger_load == FingerLoad::Max)
        .map(|s| s.date)
        .collect();
    assert!(max_days.len() >= 2);
    for pair in max_days.windows(2) {
        assert!(
            pair[1].days_since_epoch() - pair[0].days_since_epoch() >= 3,
            "{pair:?}"
        );
    }
    assert!(old.notes[0].contains("age 55"), "{}", old.notes[0]);
    assert!(old
        .notes
        .iter()
        .any(|n| n.contains("At 55, warm-ups are 5 min longer")));
    assert!(!yng.notes.iter().any(|n| n.contains("warm-ups are")));
}
