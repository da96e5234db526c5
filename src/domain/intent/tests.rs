use super::*;
use crate::domain::grade::GradeSystem::{self, Ewbank, Font, French, Uiaa, Yds, V};
use Activity::*;
use SendStyle::{Flash, Onsight, Redpoint};

fn d(y: i32, m: u8, day: u8) -> Date {
    Date::new(y, m, day).unwrap()
}

/// Wednesday 25 November 2026.
fn today() -> Date {
    d(2026, 11, 25)
}

fn send(system: GradeSystem, label: &str, count: u32, style: SendStyle) -> Send {
    Send {
        grade: Grade {
            system,
            label: label.into(),
        },
        count,
        style,
    }
}

/// A session log; `notes` is filled in with the trimmed utterance by the table runner.
#[allow(clippy::too_many_arguments)]
fn log(
    date: Date,
    activity: Activity,
    location: Option<Location>,
    duration_min: Option<u32>,
    sends: Vec<Send>,
    rpe: Option<u8>,
    pain: Option<&str>,
) -> Intent {
    Intent::LogSession(SessionLog {
        date,
        activity,
        location,
        duration_min,
        sends,
        rpe,
        pain: pain.map(str::to_string),
        wellness: Wellness::default(),
        bodyweight_kg: None,
        question: None,
        notes: String::new(),
    })
}

fn hist(period: Period, grade: Option<(GradeSystem, &str)>, wants_count: bool) -> Intent {
    Intent::AskHistory(HistoryQuery {
        period,
        grade: grade.map(|(system, label)| Grade {
            system,
            label: label.into(),
        }),
        wants_count,
        kind: None,
    })
}

fn hist_of(kind: Activity, period: Period) -> Intent {
    match hist(period, None, false) {
        Intent::AskHistory(q) => Intent::AskHistory(HistoryQuery {
            kind: Some(kind),
            ..q
        }),
        _ => unreachable!(),
    }
}

fn fact(section: &'static str, text: &str) -> Intent {
    Intent::Remember(Fact {
        section,
        text: text.into(),
    })
}

fn program(ask: ProgramAsk) -> Intent {
    Intent::Program(ask)
}

const GYM: Option<Location> = Some(Location::Gym);
const OUT: Option<Location> = Some(Location::Outdoor);
const HOME: Option<Location> = Some(Location::Home);
const S: SendStyle = SendStyle::Send;

fn cases() -> Vec<(&'static str, Intent)> {
    let t = today();
    let yesterday = d(2026, 11, 24);
    vec![
        // ---- session logs
        (
            "90 min bouldering at the gym, sent two V5 and a V6 flash, RPE 8, left ring finger a bit sore",
            log(t, Bouldering, GYM, Some(90), vec![send(V, "V5", 2, S), send(V, "V6", 1, Flash)], Some(8), Some("left ring finger a bit sore")),
        ),
        (
            "yesterday I did 45 minutes of hangboard at home",
            log(yesterday, Hangboard, HOME, Some(45), vec![], None, None),
        ),
        (
            "climbed outside on saturday, redpointed 7a+",
            log(d(2026, 11, 21), Sport, OUT, None, vec![send(French, "7a+", 1, Redpoint)], None, None),
        ),
        (
            "boudlering last night for 2 hrs, flashed 3 V4s",
            log(yesterday, Bouldering, None, Some(120), vec![send(V, "V4", 3, Flash)], None, None),
        ),
        (
            "hangbaord session this morning, 30 mins, rpe7",
            log(t, Hangboard, None, Some(30), vec![], Some(7), None),
        ),
        (
            "1h30 at the gym, bouldred a few V3s",
            log(t, Bouldering, GYM, Some(90), vec![send(V, "V3", 3, S)], None, None),
        ),
        (
            "1.5h sport climbing at the crag, onsighted 6b and 6b+",
            log(t, Sport, OUT, Some(90), vec![send(French, "6b", 1, Onsight), send(French, "6b+", 1, Onsight)], None, None),
        ),
        (
            "did 4x4s on the board for an hour, RPE 9",
            log(t, Endurance, None, Some(60), vec![], Some(9), None),
        ),
        (
            "Moonboard session: flashed V5, sent V6 and V7 x2",
            log(t, Board, None, None, vec![send(V, "V5", 1, Flash), send(V, "V6", 1, S), send(V, "V7", 2, S)], None, None),
        ),
        (
            "Trad day yesterday: led 3 pitches, hardest was 5.9",
            log(yesterday, Trad, None, None, vec![], None, None),
        ),
        (
            "top roped for 40 min on tuesday",
            log(yesterday, TopRope, None, Some(40), vec![], None, None),
        ),
        (
            // The parts of one session add up (issue 17).
            "campus board 20 minutes, then weights 30 min",
            log(t, Campus, None, Some(50), vec![], None, None),
        ),
        (
            "Went to the gym 2 days ago and did some pull ups and core",
            log(d(2026, 11, 23), Strength, GYM, None, vec![], None, None),
        ),
        (
            "ARC training 45' at the climbing wall",
            log(t, Endurance, GYM, Some(45), vec![], None, None),
        ),
        (
            "sent a 6c boulder outside, 2 tries",
            log(t, Bouldering, OUT, None, vec![send(Font, "6C", 1, S)], None, None),
        ),
        (
            "onsighted 7a, redpointed 7b+ and flashed 6c+ at Siurana, effort 7/10",
            log(t, Sport, None, None, vec![send(French, "7a", 1, Onsight), send(French, "7b+", 1, Redpoint), send(French, "6c+", 1, Flash)], Some(7), None),
        ),
        (
            "bouldering 2026-11-20, did V4 x3 and a V5",
            log(d(2026, 11, 20), Bouldering, None, None, vec![send(V, "V4", 3, S), send(V, "V5", 1, S)], None, None),
        ),
        (
            "Sent 5.11c and 5.10a yesterday on lead",
            log(yesterday, Sport, None, None, vec![send(Yds, "5.11c", 1, S), send(Yds, "5.10a", 1, S)], None, None),
        ),
        (
            "V 5 flash at the gym today",
            log(t, Bouldering, GYM, None, vec![send(V, "V5", 1, Flash)], None, None),
        ),
        (
            "did a couple of V5s and one V6 on the kilter, 1 h 30",
            log(t, Board, None, Some(90), vec![send(V, "V5", 2, S), send(V, "V6", 1, S)], None, None),
        ),
        (
            "ticked VII+ in the Frankenjura, UIAA style",
            log(t, Sport, None, None, vec![send(Uiaa, "7+", 1, S)], None, None),
        ),
        (
            "Ewbank 24 redpoint at Arapiles yesterday, about 3 hours",
            log(yesterday, Sport, None, Some(180), vec![send(Ewbank, "24", 1, Redpoint)], None, None),
        ),
        (
            "fb 7a+ flashed in Font last saturday",
            log(d(2026, 11, 21), Bouldering, None, None, vec![send(Font, "7A+", 1, Flash)], None, None),
        ),
        (
            "yesterday: 6 sets of max hangs, 20 min total",
            log(yesterday, Hangboard, None, Some(20), vec![], None, None),
        ),
        (
            "Did 3xV4 and flashed a V5 this afternoon. Pain-free!",
            log(t, Bouldering, None, None, vec![send(V, "V4", 3, S), send(V, "V5", 1, Flash)], None, None),
        ),
        (
            "Session at home: 1 hour of fingerboard repeaters",
            log(t, Hangboard, HOME, Some(60), vec![], None, None),
        ),
        ("went bouldering", log(t, Bouldering, None, None, vec![], None, None)),
        (
            "fell off V6 twice at the gym, sent V5 x2 though",
            log(t, Bouldering, GYM, None, vec![send(V, "V5", 2, S)], None, None),
        ),
        (
            "V5 x3, V6 x1 flash, 90 min",
            log(t, Bouldering, None, Some(90), vec![send(V, "V5", 3, S), send(V, "V6", 1, Flash)], None, None),
        ),
        (
            "Climbed for 90 minutes. RPE 8/10. Right shoulder hurts a little.",
            log(t, Other, None, Some(90), vec![], Some(8), Some("Right shoulder hurts a little")),
        ),
        (
            "Sunday 3 hours at the crag with friends, did 6a, 6a+, 6b",
            log(d(2026, 11, 22), Sport, OUT, Some(180), vec![send(French, "6a", 1, S), send(French, "6a+", 1, S), send(French, "6b", 1, S)], None, None),
        ),
        ("bouldering tomorrow", Intent::Unknown),
        ("I'm going bouldering tonight", Intent::Unknown),
        (
            "did 2 hours of bouldering and tweaked my pulley",
            log(t, Bouldering, None, Some(120), vec![], None, Some("tweaked my pulley")),
        ),
        (
            "flashed V3, V4 and V5 at the gym",
            log(t, Bouldering, GYM, None, vec![send(V, "V3", 1, Flash), send(V, "V4", 1, Flash), send(V, "V5", 1, Flash)], None, None),
        ),
        (
            "tried V7 all session, sent V6 though",
            log(t, Bouldering, None, None, vec![send(V, "V6", 1, S)], None, None),
        ),
        (
            "sent V4 three times and V5 twice",
            log(t, Bouldering, None, None, vec![send(V, "V4", 3, S), send(V, "V5", 2, S)], None, None),
        ),
        (
            "one hour of bouldering yesterday",
            log(yesterday, Bouldering, None, Some(60), vec![], None, None),
        ),
        (
            "an hour and a half lead climbing at the gym",
            log(t, Sport, GYM, Some(90), vec![], None, None),
        ),
        (
            "half an hour of hangs this morning",
            log(t, Hangboard, None, Some(30), vec![], None, None),
        ),
        (
            "2 hrs at the crag, flashed 5.10b",
            log(t, Sport, OUT, Some(120), vec![send(Yds, "5.10b", 1, Flash)], None, None),
        ),
        (
            // Refused in words, never saved without it (issue 17).
            "RPE 12 after 60 min of campus",
            Intent::Refuse(Refusal::Rpe("12".into())),
        ),
        (
            "1 hour 20 minutes bouldering, my elbow hurts a bit",
            log(t, Bouldering, None, Some(80), vec![], None, Some("my elbow hurts a bit")),
        ),
        (
            "yesterady I climbed at the gym for 90mins",
            log(yesterday, Other, GYM, Some(90), vec![], None, None),
        ),
        (
            "led a UIAA 8- today, rpe 7.5",
            log(t, Sport, None, None, vec![send(Uiaa, "8-", 1, S)], Some(8), None),
        ),
        (
            "  Kilter board 2 days ago, flashed 6C and did 7A twice, fingers sore but ok  ",
            log(d(2026, 11, 23), Board, None, None, vec![send(Font, "6C", 1, Flash), send(Font, "7A", 2, S)], None, Some("fingers sore")),
        ),
        // ---- history
        ("what did I do last week?", hist(Period::LastWeek, None, false)),
        ("how many V5s this month?", hist(Period::ThisMonth, Some((V, "V5")), true)),
        (
            "show my sessions from the last 30 days",
            hist(Period::LastNDays(30), None, false),
        ),
        ("did I climb yesterday?", hist(Period::Yesterday, None, false)),
        (
            "How many times did I flash 7a+ in the past two weeks?",
            hist(Period::LastNDays(14), Some((French, "7a+")), true),
        ),
        (
            "list my hangboard sessions this week",
            hist_of(Hangboard, Period::ThisWeek),
        ),
        (
            "show my bouldering sessions from last month",
            hist_of(Bouldering, Period::LastMonth),
        ),
        ("what have I sent recently?", hist(Period::LastNDays(30), None, false)),
        ("how many sessions in total?", hist(Period::All, None, true)),
        ("What was my hardest send last month?", hist(Period::LastMonth, None, false)),
        (
            "how many 6C+ boulders have I done?",
            hist(Period::All, Some((Font, "6C+")), true),
        ),
        ("show me my log", hist(Period::All, None, false)),
        ("show my progress", hist(Period::All, None, false)),
        (
            "can you show me how many V4s I flashed last month",
            hist(Period::LastMonth, Some((V, "V4")), true),
        ),
        ("how many 5.11s did I send?", hist(Period::All, Some((Yds, "5.11")), true)),
        // ---- assessment
        ("start the assessment", Intent::Assessment),
        ("continue my asessment", Intent::Assessment),
        ("test me", Intent::Assessment),
        ("I want to benchmark my finger strength", Intent::Assessment),
        // ---- program
        ("make me a training plan", program(ProgramAsk::Create)),
        ("what's my next session?", program(ProgramAsk::NextSession)),
        ("show my program", program(ProgramAsk::Show)),
        ("Create a new programme for the winter", program(ProgramAsk::Create)),
        ("what should I do today?", program(ProgramAsk::NextSession)),
        ("can you plan my week?", program(ProgramAsk::Create)),
        ("What's on my plan for tomorrow?", program(ProgramAsk::Show)),
        ("show me my programm", program(ProgramAsk::Show)),
        // ---- remember
        ("I have a hangboard at home", fact(EQUIPMENT, "I have a hangboard at home")),
        ("my goal is 7c by June", fact(GOALS, "my goal is 7c by June")),
        (
            "I can train Monday, Wednesday and Saturday",
            fact(SCHEDULE, "I can train Monday, Wednesday and Saturday"),
        ),
        ("my left ring finger hurts", fact(INJURIES, "my left ring finger hurts")),
        ("call me Sam", fact(NAME, "Sam")),
        ("my name is sam", fact(NAME, "Sam")),
        ("Call me Alex please", fact(NAME, "Alex")),
        ("I'm Sam", fact(NAME, "Sam")),
        ("I prefer short sessions.", fact(PREFERENCES, "I prefer short sessions")),
        ("remember that I hate slab", fact(PREFERENCES, "I hate slab")),
        (
            "Remember: I only have Tuesdays free",
            fact(SCHEDULE, "I only have Tuesdays free"),
        ),
        (
            "please remember that my project is Action Directe",
            fact(GOALS, "my project is Action Directe"),
        ),
        ("remember my finger tendonitis", fact(INJURIES, "my finger tendonitis")),
        (
            "remember the blue crimps at my gym are great!",
            fact(PREFERENCES, "the blue crimps at my gym are great"),
        ),
        (
            "I climb around 6c+ and boulder V5",
            fact(LEVEL, "I climb around 6c+ and boulder V5"),
        ),
        (
            "I've been climbing for 3 years",
            fact(LEVEL, "I've been climbing for 3 years"),
        ),
        (
            "I don't want to do any campusing",
            fact(PREFERENCES, "I don't want to do any campusing"),
        ),
        ("I want to send 7c by June", fact(GOALS, "I want to send 7c by June")),
        (
            "I'm free on weekends and Thursday evenings",
            fact(SCHEDULE, "I'm free on weekends and Thursday evenings"),
        ),
        (
            "I have a pulley injury from last year",
            fact(INJURIES, "I have a pulley injury from last year"),
        ),
        ("I've got rings and a pull-up bar", fact(EQUIPMENT, "I've got rings and a pull-up bar")),
        (
            "bouldering yesterday, elbow hurts",
            fact(INJURIES, "bouldering yesterday, elbow hurts"),
        ),
        ("remember my name is jo", fact(NAME, "Jo")),
        ("Hello! My name is Maria and I boulder V4", fact(NAME, "Maria")),
        ("I train 4 days a week", fact(SCHEDULE, "I train 4 days a week")),
        ("I'm a beginner", fact(LEVEL, "I'm a beginner")),
        ("My hardest redpoint is 7c", fact(LEVEL, "My hardest redpoint is 7c")),
        ("I'd like to climb 8a someday", fact(GOALS, "I'd like to climb 8a someday")),
        ("my fingers are not sore", Intent::Unknown),
        // ---- help, greeting, unknown
        ("help", Intent::Help),
        ("what can you do?", Intent::Help),
        ("how do I log a session?", Intent::Help),
        ("can you help me?", Intent::Help),
        ("hi", Intent::Greeting),
        ("hello coach", Intent::Greeting),
        ("Good morning!", Intent::Greeting),
        ("hey, how are you?", Intent::Greeting),
        ("the weather is nice", Intent::Unknown),
        ("", Intent::Unknown),
        ("   ", Intent::Unknown),
        ("asdfgh", Intent::Unknown),
    ]
}

#[test]
fn recognizes_utterances_with_their_slots() {
    let cases = cases();
    assert!(cases.len() >= 60, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for (text, mut want) in cases {
        if let Intent::LogSession(l) = &mut want {
            l.notes = text.trim().to_string();
        }
        let got = recognize(text, today());
        if got != want {
            failures.push(format!("{text:?}\n   want {want:?}\n    got {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn notes_keep_the_original_text() {
    let Intent::LogSession(l) = recognize("  Went bouldering!  \n", today()) else {
        panic!("not a log");
    };
    assert_eq!(l.notes, "Went bouldering!");
}

#[test]
fn sections_are_working_memory_sections() {
    assert_eq!(
        [
            NAME,
            LEVEL,
            GOALS,
            SCHEDULE,
            EQUIPMENT,
            INJURIES,
            PREFERENCES
        ],
        WORKING_MEMORY_SECTIONS
    );
    assert_eq!(NAME, "Name");
    assert_eq!(LEVEL, "Level and grades");
    assert_eq!(INJURIES, "Injuries");
}

#[test]
fn typo_correction() {
    assert!(within_one_edit("boudlering", "bouldering"));
    assert!(within_one_edit("bouldred", "bouldered"));
    assert!(within_one_edit("hangbaord", "hangboard"));
    assert!(within_one_edit("asessment", "assessment"));
    assert!(within_one_edit("short", "sport"));
    assert_eq!(correct("boudlering"), Some("bouldering"));
    assert_eq!(correct("programme"), Some("program"));
    assert_eq!(correct("asessment"), Some("assessment"));
    assert_eq!(correct("short"), None);
    assert_eq!(correct("tired"), None);
    assert_eq!(correct("climber"), None);
    assert_eq!(correct("gym"), None);
    assert!(!within_one_edit("abcd", "badc"));
    assert!(!within_one_edit("bouldering", "boulder"));
}

#[test]
fn durations() {
    let cases: [(&str, Option<u32>); 16] = [
        ("90 min", Some(90)),
        ("90mins", Some(90)),
        ("1h", Some(60)),
        ("1h30", Some(90)),
        ("1 h 30", Some(90)),
        ("1h 30m", Some(90)),
        ("1.5h", Some(90)),
        ("1.5 hours", Some(90)),
        ("one hour", Some(60)),
        ("an hour", Some(60)),
        ("2 hrs", Some(120)),
        ("45'", Some(45)),
        ("forty five minutes", Some(45)),
        ("a couple of hours", Some(120)),
        ("1 and a half hours", Some(90)),
        ("30 hours", None),
    ];
    for (text, want) in cases {
        let m = Msg::new(text);
        let mut used = vec![false; m.toks.len()];
        assert_eq!(find_duration(&m, &mut used), want, "{text}");
    }
}

#[test]
fn rpe_values() {
    let cases: [(&str, Option<u8>); 8] = [
        ("RPE 8", Some(8)),
        ("rpe8", Some(8)),
        ("rpe: 6", Some(6)),
        ("effort 7/10", Some(7)),
        ("felt like 9/10", Some(9)),
        ("RPE 0", None),
        ("RPE 11", None),
        ("rpe of 6.4", Some(6)),
    ];
    for (text, want) in cases {
        let m = Msg::new(text);
        let mut used = vec![false; m.toks.len()];
        assert_eq!(find_rpe(&m, &mut used), want, "{text}");
    }
}

#[test]
fn tokens_split_letters_digits_and_apostrophes() {
    let words: Vec<String> = tokenize("What's 1h30, rpe8 3xV4 don't 45'")
        .into_iter()
        .map(|t| t.w)
        .collect();
    assert_eq!(
        words,
        ["what", "1", "h", "30", "rpe", "8", "3", "x", "v", "4", "dont", "45", "'"]
    );
}
