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
        // A core question is advice; the next session is still the program's.
        ("what's my next session", program(ProgramAsk::NextSession)),
        ("next session", program(ProgramAsk::NextSession)),
        ("whats next", program(ProgramAsk::NextSession)),
        ("should i train today", program(ProgramAsk::NextSession)),
        ("should i train core today?", program(ProgramAsk::NextSession)),
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

// ---- advice: general training questions

/// (message as climbers write it, the topic it asks about).
const ADVICE: &[(&str, Topic)] = &[
    // Steep terrain.
    ("how do I train for overhangs?", Topic::Steep),
    ("how do i get better at overhangs", Topic::Steep),
    ("tips for steep stuff?", Topic::Steep),
    ("how 2 climb roofs", Topic::Steep),
    ("any advice for the cave at my gym", Topic::Steep),
    ("how do i get better on the moonboard", Topic::Steep),
    ("how to get better on overhnags", Topic::Steep),
    (
        "i suck at overhanging stuff, what should i train",
        Topic::Steep,
    ),
    // Fingers and hangboarding.
    ("how to train crimps", Topic::Fingers),
    ("how often shld I hangboard", Topic::Fingers),
    ("when should i start hangboarding?", Topic::Fingers),
    ("how do I start hangboarding", Topic::Fingers),
    ("best hangbaord protocol?", Topic::Fingers),
    ("how do i get stronger fingers", Topic::Fingers),
    ("how long should a hangboard session be?", Topic::Fingers),
    ("crimps feel impossible, any tips", Topic::Fingers),
    ("should I train fingers or power?", Topic::Fingers),
    // Power.
    ("how do I learn to dyno", Topic::Power),
    ("should I campus?", Topic::Power),
    ("how often can I campus", Topic::Power),
    ("how do i get more powerful", Topic::Power),
    // Endurance.
    ("best way to get pumped less", Topic::Endurance),
    ("i get so pumped on routes, any tips", Topic::Endurance),
    ("how do I train power endurance", Topic::Endurance),
    ("how can i improve my endurence", Topic::Endurance),
    ("how do you do 4x4s?", Topic::Endurance),
    // Slab and technique.
    ("cant do slabs lol any tips", Topic::Slab),
    ("how do i get better at slab", Topic::Slab),
    ("how do I improve my footwork?", Topic::Technique),
    ("tips for better technique", Topic::Technique),
    ("how do I stop my feet slipping off", Topic::Technique),
    // Warming up.
    ("how do I warm up", Topic::WarmUp),
    ("whats a good warmup before hangboarding", Topic::WarmUp),
    ("how should i warm up my fingers?", Topic::WarmUp),
    // How often.
    ("how many days a week should i climb", Topic::Schedule),
    ("how much should i climb as a beginner", Topic::Schedule),
    ("how often should I train?", Topic::Schedule),
    ("is it ok to climb every day?", Topic::Schedule),
    ("should i climb 2 days in a row", Topic::Schedule),
    ("how many sessions a week should I do", Topic::Schedule),
    // Rest, recovery, deloads.
    ("whats a good deload", Topic::Recovery),
    ("how often should I deload?", Topic::Recovery),
    ("what does a deload week look like", Topic::Recovery),
    ("what should I do on a rest day?", Topic::Recovery),
    ("how do I recover faster between sessions", Topic::Recovery),
    ("how many rest days do I need", Topic::Recovery),
    // Plateaus and grades.
    ("how do I break into V5", Topic::Plateau),
    ("im stuck at V4, how do I break into V5", Topic::Plateau),
    ("been on a plateau for months. help?", Topic::Plateau),
    ("how do i get better at climbing", Topic::Plateau),
    ("how to climb 7a", Topic::Plateau),
    // Projecting.
    ("how do I send my project", Topic::Projecting),
    ("redpoint tactics?", Topic::Projecting),
    ("any tips for projecting", Topic::Projecting),
    // Antagonists and prehab.
    ("what antagonist exercises should I do", Topic::Prehab),
    ("how do i prevent finger injuries", Topic::Prehab),
    ("how to avoid injury", Topic::Prehab),
    ("exercises for shoulders?", Topic::Prehab),
    ("how do I avoid golfers elbow", Topic::Prehab),
    // Skin.
    ("how do I take care of my skin", Topic::Skin),
    ("my tips are wrecked, any advice", Topic::Skin),
    ("how to stop getting flappers", Topic::Skin),
    // Fear.
    ("how do I get over my fear of falling", Topic::Mental),
    ("scared of lead falls, tips?", Topic::Mental),
    ("im scared to fall", Topic::Mental),
    ("how to stop being scared of lead", Topic::Mental),
    // Core and body tension, also with a kind of climbing named after it.
    ("should i train core", Topic::Core),
    ("should I train my core?", Topic::Core),
    ("how do i get a stronger core", Topic::Core),
    ("best core exercises for climbing", Topic::Core),
    ("is core important for steep climbing", Topic::Core),
    ("r front levers worth it", Topic::Core),
    ("how do i get my first front lever", Topic::Core),
    ("are hanging leg raises good for climbing", Topic::Core),
    ("how do i get better body tension", Topic::Core),
    ("do planks help climbing", Topic::Core),
    (
        "feet keep cutting loose on overhangs, do i need more core",
        Topic::Core,
    ),
    // Training in general.
    ("any training tips?", Topic::General),
    ("how do I get stronger", Topic::General),
    ("climbing tips pls", Topic::General),
];

#[test]
fn training_questions_get_advice_on_their_topic() {
    let failures: Vec<String> = ADVICE
        .iter()
        .filter_map(|(text, topic)| {
            let got = recognize(text, today());
            (got != Intent::Advice(*topic))
                .then(|| format!("{text:?}: want {topic:?}, got {got:?}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} misread:\n{}",
        failures.len(),
        ADVICE.len(),
        failures.join("\n")
    );
}

#[test]
fn advice_does_not_take_what_other_intents_handle() {
    let t = today();
    let cases: Vec<(&str, Intent)> = vec![
        // A session log, also with a question after it (logged, then answered).
        (
            "bouldered 2h, sent V4",
            log(
                t,
                Bouldering,
                None,
                Some(120),
                vec![send(V, "V4", 1, S)],
                None,
                None,
            ),
        ),
        // Pain stays an injury report, even with a training question in it.
        ("my finger hurts", fact(INJURIES, "my finger hurts")),
        (
            "my finger hurts when I crimp, how do I train crimps?",
            fact(
                INJURIES,
                "my finger hurts when I crimp, how do I train crimps?",
            ),
        ),
        (
            "my shoulder has been clicking, what exercises should i do?",
            fact(
                INJURIES,
                "my shoulder has been clicking, what exercises should i do?",
            ),
        ),
        // The app, programs, grades, load, history, the assessment.
        ("how do I log a session", Intent::Help),
        ("help", Intent::Help),
        ("make me a program", program(ProgramAsk::Create)),
        ("build me a training plan", program(ProgramAsk::Create)),
        ("what should I do today?", program(ProgramAsk::NextSession)),
        (
            "what should I train today?",
            program(ProgramAsk::NextSession),
        ),
        ("am I overtraining?", Intent::Load),
        ("should I deload this week?", Intent::Load),
        ("do i need a rest week", Intent::Load),
        (
            "what did I do last week?",
            hist(Period::LastWeek, None, false),
        ),
        ("show my progress", hist(Period::All, None, false)),
        (
            "how many hangboard sessions did I do this month?",
            Intent::AskHistory(HistoryQuery {
                period: Period::ThisMonth,
                grade: None,
                wants_count: true,
                kind: Some(Hangboard),
            }),
        ),
        ("assess me", Intent::Assessment),
        ("how do I test my finger strength", Intent::Assessment),
        // Statements stay facts to remember.
        (
            "I want to get better at slab",
            fact(GOALS, "I want to get better at slab"),
        ),
        (
            "my project is Action Directe",
            fact(GOALS, "my project is Action Directe"),
        ),
        (
            "I have a hangboard at home",
            fact(EQUIPMENT, "I have a hangboard at home"),
        ),
        // Nothing to do with training.
        ("what's the weather in Paris", Intent::Unknown),
        ("what do you think of the drago lv?", Intent::Unknown),
        ("can you recommend a crag in spain", Intent::Unknown),
        (
            "can you recommend a climbing gym in paris?",
            Intent::Unknown,
        ),
        ("is it going to rain tomorrow?", Intent::Unknown),
        ("who won the olympics in 2024?", Intent::Unknown),
        ("I'm going bouldering tonight", Intent::Unknown),
        ("banana", Intent::Unknown),
        ("how do I lose weight for climbing", Intent::Unknown),
        ("what should I eat before climbing", Intent::Unknown),
    ];
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
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // A grade conversion and a log with a question after it keep their intents.
    assert!(matches!(
        recognize("what's 5.12a in french", t),
        Intent::GradeConvert(_)
    ));
    let Intent::LogSession(l) = recognize(
        "did 4x4s for an hour yesterday, how do I get less pumped?",
        t,
    ) else {
        panic!("not a log");
    };
    assert_eq!(l.question.as_deref(), Some("how do I get less pumped?"));
    // A next-session question after a log, with or without "?", is kept to answer too.
    for (text, question) in [
        (
            "climbed 2 hrs today, what should i do next session",
            "what should i do next session",
        ),
        (
            "bouldered 90 min at the gym rpe 7, whats my next session?",
            "whats my next session?",
        ),
        ("2h board sesh today, what's next", "what's next"),
        (
            "did an hour of hangboard yesterday - what should i do tomorrow",
            "what should i do tomorrow",
        ),
    ] {
        let Intent::LogSession(l) = recognize(text, t) else {
            panic!("not a log: {text}");
        };
        assert_eq!(l.question.as_deref(), Some(question), "{text}");
        assert!(
            matches!(
                recognize(question, t),
                Intent::Program(ProgramAsk::NextSession)
            ),
            "{question}"
        );
    }
    // Not a next-session question: logged alone.
    for text in [
        "climbed 2 hrs today, what a session",
        "bouldered 2h today, next session is friday",
    ] {
        let Intent::LogSession(l) = recognize(text, t) else {
            panic!("not a log: {text}");
        };
        assert_eq!(l.question, None, "{text}");
    }
}

#[test]
fn every_topic_has_an_answer_and_its_app_requests_are_understood() {
    for topic in Topic::ALL {
        let words = advice_words(topic);
        let sentences = words.matches(['.', ':', '\n']).count();
        assert!(
            (2..=20).contains(&sentences) && words.len() < 900,
            "{topic:?}: {words}"
        );
        // The requests it quotes ("build my program") are ones the coach understands.
        for quoted in words.split('"').skip(1).step_by(2) {
            let intent = recognize(quoted, today());
            assert!(
                crate::domain::timer::looks_like_timer_request(quoted)
                    || !matches!(intent, Intent::Unknown | Intent::Advice(_)),
                "{topic:?} quotes {quoted:?}, read as {intent:?}"
            );
        }
    }
}
