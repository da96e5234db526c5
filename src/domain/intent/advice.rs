//! General training questions: "how do I train for overhangs?", "how often shld I hangboard",
//! "cant do slabs lol any tips", "whats a good deload". [`advice`] finds the [`Topic`] of a
//! message that asks for advice; [`advice_words`] is the offline coach's short answer for it,
//! written from DOMAIN.md (each answer's numbers name their section in the comment above it;
//! where DOMAIN.md says nothing the comment says the advice is mainstream coaching practice).
//!
//! # When a message asks for advice
//! It asks ([`asks`]): a question ("how do I warm up", "...?"), a yes/no question or a
//! misspelt question word first ("is 4x4s good for pump", "r deloads worth it", "cn i",
//! "hw do i"), or ask words ("tips", "advice", "best way to", "how to", "what to do", "what
//! do I do", "worth it", "should I", "help me with"); and it names
//! a topic. It never reports pain (a pain word not negated, except "avoid injury" and a risk
//! asked about, "can campusing hurt my fingers": pain has
//! its own path, with the clinician referral) and never gives a name. A statement without ask
//! words ("I want to get better at slab") stays a goal to remember.
//!
//! # Which topic
//! Words and phrases in three tiers, typos of long words (7+ letters) forgiven:
//! 1. the specific ones, wherever they are: warm-up, skin, fear and falling, antagonists and
//!    prehab, core and body tension ("is core important for steep climbing" is a core
//!    question), rest and deload ("how do I warm up my fingers" is a warm-up question);
//! 2. the kinds of climbing and training, the first named wins: endurance and pump (before
//!    power: "power endurance"), fingers and hangboard, power and campus, steep terrain, slab,
//!    technique and footwork, projecting;
//! 3. the broad ones: how often ("how many days a week"), rest in general, getting better
//!    and breaking a grade ("how do I break into V5"), and training in general.
use serde::Serialize;

use super::message::within_one_edit;
use super::*;

/// What a climber asks advice about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Topic {
    /// Overhangs, roofs, caves, board climbing.
    Steep,
    /// Finger strength, crimps, hangboarding.
    Fingers,
    /// Power, dynos, campusing.
    Power,
    /// Endurance, pump, power endurance.
    Endurance,
    Slab,
    /// Footwork, technique, movement.
    Technique,
    WarmUp,
    /// How many days a week, how often.
    Schedule,
    /// Rest days, recovery, deloads.
    Recovery,
    /// Plateaus, getting better, breaking into a grade.
    Plateau,
    /// Projecting and redpoint tactics.
    Projecting,
    /// Antagonists, prehab, shoulders, injury prevention.
    Prehab,
    /// Core strength and body tension: leg raises, front levers, planks.
    Core,
    Skin,
    /// Fear of falling, the head game.
    Mental,
    /// Training in general ("any training tips?", "how do I get stronger").
    General,
}

impl Topic {
    pub const ALL: [Topic; 16] = [
        Topic::Steep,
        Topic::Fingers,
        Topic::Power,
        Topic::Endurance,
        Topic::Slab,
        Topic::Technique,
        Topic::WarmUp,
        Topic::Schedule,
        Topic::Recovery,
        Topic::Plateau,
        Topic::Projecting,
        Topic::Prehab,
        Topic::Core,
        Topic::Skin,
        Topic::Mental,
        Topic::General,
    ];
}

/// The words that name a topic: `words` are whole words ("roof") or stems ending in `*`
/// ("overhang*" is "overhangs", "overhangy"); `phrases` are word sequences, each position
/// with its alternatives "a|b" (see [`Msg::phrase_at`]).
struct Cue {
    topic: Topic,
    words: &'static [&'static str],
    phrases: &'static [&'static [&'static str]],
}

/// Tier 1: specific enough to win wherever they are in the message.
const SPECIFIC: &[Cue] = &[
    Cue {
        topic: Topic::WarmUp,
        words: &["warmup*", "warming"],
        phrases: &[&["warm", "up|ups"], &["warm", "my|the|your"]],
    },
    Cue {
        topic: Topic::Skin,
        words: &[
            "skin",
            "callus*",
            "callous*",
            "flapper*",
            "fingertip*",
            "sweaty",
            "sweat",
            "sweating",
            "chalk",
            "antihydral",
        ],
        phrases: &[
            &[
                "my|finger|raw|split|thin|worn|toughen|tougher|bleeding|torn",
                "tips",
            ],
            &["split", "tip|tips|skin"],
        ],
    },
    Cue {
        topic: Topic::Mental,
        words: &[
            "fear",
            "fears",
            "scared",
            "scary",
            "afraid",
            "terrified",
            "frightened",
            "falling",
            "whipper*",
            "whip",
            "whips",
            "mental",
            "mentally",
            "headgame",
            "nerves",
            "nervous",
            "anxiety",
            "anxious",
            "panic",
            "panicking",
            "confidence",
            "confident",
            "commit",
            "committing",
            "commitment",
            "runout*",
            "freak",
            "freaking",
        ],
        phrases: &[
            &["head", "game"],
            &["take|taking|took|practice|practise", "falls|a|the"],
            &["lead", "head"],
        ],
    },
    Cue {
        topic: Topic::Prehab,
        words: &[
            "antagonist*",
            "prehab*",
            "pushup*",
            "shoulder*",
            "rotator",
            "posture",
            "injuries",
        ],
        phrases: &[
            &["push", "up|ups|exercises|muscles|day"],
            &[
                "prevent|preventing|prevention|avoid|avoiding",
                "injury|injuries|injured|tendonitis|tendinitis|pulley|pulleys|elbow|elbows",
            ],
            &[
                "prevent|preventing|avoid|avoiding",
                "getting|golfers|tennis|climbers|finger|a|an",
                "injury|injured|hurt|tweaked|elbow|tendonitis|tendinitis|pulley",
            ],
            &["injury", "free|prevention"],
            &["stay", "healthy|injury"],
            &["wrist", "curls"],
        ],
    },
    // Before the kinds: "is core important for steep climbing" asks about core.
    Cue {
        topic: Topic::Core,
        words: &[
            "core",
            "abs",
            "abdominal*",
            "plank",
            "planks",
            "planking",
            "hollow",
            "frontlever*",
            "situps",
            "crunches",
        ],
        phrases: &[
            &["front", "lever|levers"],
            &["leg|knee", "raise|raises|lifts"],
            &["toes", "to|2", "bar|bars"],
            &["sit", "ups"],
            &["body", "tension"],
        ],
    },
    Cue {
        topic: Topic::Recovery,
        words: &[
            "recovery",
            "recover",
            "recovering",
            "recovered",
            "deload*",
            "restday*",
            "dayoff",
            "overtrain*",
        ],
        phrases: &[
            &["rest|off|recovery", "day|days|week|weeks"],
            &["day|days", "off"],
            &["take|taking", "a", "break"],
        ],
    },
];

/// Tier 2: kinds of climbing and training; the first one named wins.
const KINDS: &[Cue] = &[
    Cue {
        topic: Topic::Endurance,
        words: &[
            "endurance",
            "stamina",
            "pump*",
            "arc",
            "arcing",
            "repeaters",
            "gassed",
            "shakeout*",
        ],
        phrases: &[
            // "4x4s" is read as the words 4, x, 4, s.
            &["4", "x", "4"],
            &["last", "longer"],
            &["long|longer", "routes|problems|pitches|climbs|sequences"],
            &["shake", "out"],
            &["out", "of", "gas|steam|juice"],
            &["run", "out", "of"],
        ],
    },
    Cue {
        topic: Topic::Fingers,
        words: &[
            "finger",
            "fingers",
            "crimp*",
            "hangboard*",
            "fingerboard*",
            "hangs",
            "edge",
            "edges",
            "grip",
            "pinch*",
            "pocket*",
            "tindeq",
            "beastmaker",
            "nohang*",
        ],
        phrases: &[&["max", "hang|hangs"], &["small", "holds|edges"]],
    },
    Cue {
        topic: Topic::Power,
        words: &[
            "power",
            "powerful",
            "dyno*",
            "dynamic",
            "campus*",
            "explosive*",
            "deadpoint*",
            "lunge*",
            "jumps",
        ],
        phrases: &[
            &["big", "moves|move|reach"],
            &["contact", "strength"],
            &["limit", "bouldering|boulder|boulders"],
        ],
    },
    Cue {
        topic: Topic::Steep,
        words: &[
            "overhang*",
            "overhung",
            "roof",
            "roofs",
            "steep",
            "steeper",
            "steepness",
            "cave",
            "caves",
            "moonboard",
            "kilter",
            "board",
            "boards",
            "tension",
        ],
        phrases: &[&["toe", "hook|hooks|hooking"]],
    },
    Cue {
        topic: Topic::Slab,
        words: &["slab*", "smear*", "friction", "delicate"],
        phrases: &[],
    },
    Cue {
        topic: Topic::Technique,
        words: &[
            "technique*",
            "technical",
            "footwork",
            "feet",
            "foot",
            "footholds",
            "heel*",
            "flag*",
            "dropknee*",
            "balance",
            "movement",
            "precision",
            "precise",
            "sloper*",
            "efficient",
            "efficiency",
        ],
        phrases: &[
            &["drop", "knee|knees"],
            &["body", "position|positioning"],
            &["read|reading", "routes|problems|beta"],
        ],
    },
    Cue {
        topic: Topic::Projecting,
        words: &[
            "project",
            "projects",
            "projecting",
            "proj",
            "redpoint*",
            "beta",
            "crux",
            "cruxes",
            "siege",
            "sieging",
            "tactics",
            "burns",
        ],
        phrases: &[
            &[
                "send|sending",
                "my|a|the|this|that",
                "proj|project|problem|route|boulder",
            ],
            &["link|linking", "moves|sections|it|the|up"],
            &["send", "go|goes|attempts"],
        ],
    },
];

/// Tier 3, in order: how often, rest in general, getting better; training in general is
/// [`general`].
const BROAD: &[Cue] = &[
    Cue {
        topic: Topic::Schedule,
        words: &[
            "everyday",
            "daily",
            "consecutive",
            "frequency",
            "often",
            "twice",
            "volume",
        ],
        phrases: &[
            &["how", "many|much", "days|times|sessions|hours|hrs|h"],
            &["how", "much", "should|shld|shud"],
            &[
                "days|times|sessions|hours|hrs|h",
                "a|per|each|every",
                "week|wk",
            ],
            &["every", "day|other"],
            &["in", "a", "row"],
            &["back", "to", "back"],
        ],
    },
    Cue {
        topic: Topic::Recovery,
        words: &[
            "rest", "resting", "rested", "sleep", "tired", "fatigue", "sore",
        ],
        phrases: &[],
    },
    Cue {
        topic: Topic::Plateau,
        words: &[
            "plateau*",
            "plateu*",
            "platue*",
            "stuck",
            "breakthrough",
            "improve*",
            "progress*",
            "progression",
        ],
        phrases: &[
            &[
                "break|breaking|push|pushing|bust|busting",
                "into|through|past",
            ],
            &["next", "grade|level"],
            &["level", "up"],
            &["get|getting|climb|climbing|become|be|gets", "better"],
            &[
                "climb|climbing|send|sending|boulder|bouldering|go|push",
                "harder",
            ],
            &["harder", "grades|problems|routes"],
        ],
    },
];

/// Real words one edit away from a cue word: never read as a typo of it.
const NOT_TYPOS: &[&str] = &[
    "protect",
    "protects",
    "protecting",
    "failing",
    "calling",
    "filling",
    "warning",
    "warnings",
    "fiction",
    "dedicate",
    "pension",
    "sleeper",
    "swearing",
    "singers",
];

/// Whether the message word `w` is the cue word `cue` (a stem ends in `*`), or a typo of it:
/// one edit away, both at least 7 letters long.
fn word_matches(w: &str, cue: &str) -> bool {
    if let Some(stem) = cue.strip_suffix('*') {
        return w.starts_with(stem)
            || (stem.len() >= 7 && w.len() >= 7 && !NOT_TYPOS.contains(&w) && {
                let typed: String = w.chars().take(stem.chars().count() + 1).collect();
                within_one_edit(&typed, stem)
                    || within_one_edit(
                        &w.chars().take(stem.chars().count()).collect::<String>(),
                        stem,
                    )
            });
    }
    w == cue
        || (cue.len() >= 7 && w.len() >= 6 && !NOT_TYPOS.contains(&w) && within_one_edit(w, cue))
}

/// Whether cue `cue` is named at token `i`, whose word is `w`. A phrase is only tried where
/// its first word is, so a pass over the message reads each word once.
fn named_at(m: &Msg, i: usize, w: &str, cue: &Cue) -> bool {
    // "power endurance" is endurance; "my progress" is the journal's.
    if (cue.topic == Topic::Power && w == "power" && m.w(i + 1) == "endurance")
        || (w.starts_with("progress") && m.w(i.wrapping_sub(1)) == "my")
    {
        return false;
    }
    cue.words.iter().any(|c| word_matches(w, c))
        || cue
            .phrases
            .iter()
            .any(|p| p[0].split('|').any(|alt| alt == w) && m.phrase_at(i, p))
}

/// The topic of `cues` named first in the message, with where: one pass over the message.
fn first_named(m: &Msg, cues: &[Cue]) -> Option<(usize, Topic)> {
    (0..m.toks.len()).find_map(|i| {
        let w = m.w(i);
        if w.is_empty() {
            return None;
        }
        cues.iter()
            .find(|c| named_at(m, i, w, c))
            .map(|c| (i, c.topic))
    })
}

/// Words that make a statement a request for advice.
const ASK_WORDS: &[&str] = &[
    "tips",
    "tip",
    "advice",
    "advise",
    "advize",
    "suggestions",
    "suggestion",
    "suggest",
    "recommend",
    "recommendations",
    "recommendation",
    "ideas",
    "pointers",
    "hacks",
    "help",
    "halp",
    "teach",
    "explain",
    "protocol",
    "protocols",
    "drills",
    "exercises",
];

/// First words of a question, as typed in a hurry: yes/no questions ("is 4x4s good for
/// pump", "r deloads worth it", "cn i train fingers every day") and misspelt question words
/// ("hw do i stop gettin pumped"). A yes/no question asks advice only when it names a topic
/// (the caller checks), so "is it raining" asks none.
const QUESTION_STARTS: &[&str] = &[
    "is", "are", "r", "am", "do", "does", "should", "shld", "shd", "shud", "shuld", "shoud", "can",
    "cn", "could", "would", "will", "isnt", "arent", "dont", "doesnt", "hw", "hwo", "hiw", "wat",
    "wht", "wot",
];

/// Whether the message asks something: a question, ask words, or a "how to" phrase.
pub(super) fn asks(m: &Msg) -> bool {
    m.is_question()
        || m.raw.contains('?')
        || QUESTION_STARTS.contains(&m.w(m.lead()))
        || m.has_any(ASK_WORDS)
        || m.has_phrase(&["how", "to|2|do|can|should|shld|shud|would|could|u|you"])
        || m.has_phrase(&["how", "i", "can|should|do"])
        || m.has_phrase(&[
            "best|good|right|fastest|quickest|proper|better|easiest|safest",
            "way|ways|exercise|exercises|drill|drills|protocol|protocols|workout|workouts|routine",
        ])
        || m.has_phrase(&["what", "to", "do"])
        // "im stuck at v4 for a year what do i do", "got a flapper, what should i do"
        || m.has_phrase(&[
            "what|wat|wht|how|hw",
            "do|should|shld|shd|shud|can|would",
            "i|u|you|we",
        ])
        || m.has_phrase(&["worth", "it|doing|trying|the"])
        // "feet keep cutting loose on overhangs, do i need more core"
        || m.has_phrase(&["do|does", "i|u|you|we", "need"])
        || m.has_phrase(&["should|shld|shud|shuld|shoud", "i"])
        || m.has_phrase(&["any", "ideas|tips|advice|suggestions|pointers|thoughts"])
}

/// Whether the message reports pain: a pain word not negated ("no pain") and not something
/// to prevent ("avoid injury", "without getting hurt").
fn reports_pain(m: &Msg) -> bool {
    (0..m.toks.len()).any(|i| {
        is_pain_at(m, i)
            && !negated(m, i)
            && !(1..=3).any(|k| {
                i >= k
                    && matches!(
                        m.w(i - k),
                        "avoid" | "prevent" | "preventing" | "reduce" | "less" | "without"
                    )
            })
            && !matches!(m.w(i + 1), "prevention" | "free")
            && !could_hurt(m, i)
    })
}

/// "can campusing hurt my fingers", "will hangboarding injure me": a risk asked about, not
/// pain felt (a modal shortly before the pain word, no "my" between them).
fn could_hurt(m: &Msg, i: usize) -> bool {
    (1..=3).any(|k| {
        i >= k
            && matches!(
                m.w(i - k),
                "can" | "cn" | "could" | "might" | "may" | "will" | "would"
            )
            && (i - k + 1..i).all(|j| m.w(j) != "my")
    })
}

/// Words of training in general, for [`Topic::General`].
const TRAINING_WORDS: &[&str] = &[
    "train",
    "training",
    "workout",
    "workouts",
    "stronger",
    "strength",
    "exercises",
    "exercise",
    "drills",
    "conditioning",
];

/// Climbing itself, for [`Topic::General`] with explicit ask words ("any climbing tips?").
const CLIMBING_WORDS: &[&str] = &["climb", "climbing", "climber", "boulder", "sport", "lead"];

/// Places, gear and food: "can you recommend a climbing gym in Paris" asks no training
/// advice, and weight and diet are not the offline coach's to answer.
const NOT_TRAINING: &[&str] = &[
    "crag",
    "crags",
    "gym",
    "gyms",
    "shoe",
    "shoes",
    "rope",
    "ropes",
    "harness",
    "brand",
    "brands",
    "buy",
    "shop",
    "trip",
    "country",
    "city",
    "weather",
    "weight",
    "lose",
    "diet",
    "eat",
    "eating",
    "food",
    "nutrition",
    "protein",
    "supplements",
];

/// "any training tips?", "how do I get stronger", "climbing advice pls".
fn general(m: &Msg) -> bool {
    !m.has_any(NOT_TRAINING)
        && (m.has_any(TRAINING_WORDS)
            || (m.has_any(CLIMBING_WORDS)
                && (m.has_any(&["tips", "tip", "advice", "pointers", "suggestions", "hacks"])
                    || m.has_phrase(&["how", "to|do|can|should"])
                    || m.has_phrase(&["best", "way"]))))
}

/// A grade with a verb of reaching it: "how do I break into V5", "how to climb 7a".
fn reaches_a_grade(m: &Msg) -> bool {
    !m.grades.is_empty()
        && m.has_any(&[
            "get",
            "reach",
            "climb",
            "send",
            "break",
            "do",
            "flash",
            "onsight",
            "go",
            "jump",
            "move",
            "push",
            "hit",
            "crack",
            "tick",
            "achieve",
            "climbing",
            "sending",
            "from",
            "first",
            "consistently",
        ])
}

/// The topic a message asks advice about, or `None` when it asks none.
pub(super) fn advice(m: &Msg) -> Option<Topic> {
    if !asks(m) || reports_pain(m) || name_of(m).is_some() {
        return None;
    }
    topic(m)
}

/// The topic the message names, whether or not it asks.
pub(super) fn topic(m: &Msg) -> Option<Topic> {
    first_named(m, SPECIFIC)
        .or_else(|| first_named(m, KINDS))
        // The broad ones by their order, not by where they are.
        .or_else(|| (0..BROAD.len()).find_map(|k| first_named(m, &BROAD[k..=k])))
        .map(|(_, t)| t)
        .or_else(|| reaches_a_grade(m).then_some(Topic::Plateau))
        .or_else(|| general(m).then_some(Topic::General))
}

/// "im scared to fall", "I'm afraid of falling": fear said without asking anything, which
/// nothing else understood (the caller tries this last).
pub(super) fn stated_fear(m: &Msg) -> bool {
    !reports_pain(m)
        && m.has_any(&[
            "scared",
            "afraid",
            "fear",
            "terrified",
            "frightened",
            "nervous",
            "anxious",
        ])
        && first_named(m, SPECIFIC).is_some_and(|(_, t)| t == Topic::Mental)
}

/// "how many sessions a week should I do", "how long should a hangboard session be": a
/// question about how to train, not about the journal (the caller checks there is no period).
pub(super) fn how_to_train(m: &Msg) -> bool {
    let modal = m.has_any(&[
        "should",
        "shld",
        "shud",
        "shuld",
        "shoud",
        "ideal",
        "optimal",
        "best",
        "recommended",
        "ought",
        "good",
        "need",
    ]) || m.has_phrase(&["how", "do|can", "i"])
        || m.has_phrase(&["how", "to"]);
    modal
        && !m.has_any(CLIMBING_PAST)
        && !m.has_any(GENERAL_PAST)
        && !m.has("done")
        && topic(m).is_some()
}

/// "how often should I train", "how many days a week should I climb", "should I do
/// hangboard or campus": a question about training in general, not about today's session.
pub(super) fn general_training_question(m: &Msg) -> bool {
    let now = m.has_any(&["today", "tonight", "tomorrow", "now", "next", "later"]);
    !now && (first_named(m, &BROAD[..1]).is_some() || topic(m).is_some_and(|t| t != Topic::General))
}

/// The coach's answer for `topic`.
pub fn advice_words(topic: Topic) -> &'static str {
    ANSWERS
        .iter()
        .find(|(t, _)| *t == topic)
        .map_or("", |(_, words)| words)
}

/// The answers. Numbers name their DOMAIN.md section in the comment above; advice DOMAIN.md
/// doesn't cover is marked as mainstream coaching practice (conservative on purpose). The
/// quoted requests ("build my program") are ones the offline coach understands (tested).
const ANSWERS: &[(Topic, &str)] = &[
    // DOMAIN.md "Protocols": limit bouldering, 1-3 move problems, 3-5 min rest. Core
    // (hanging leg raise, front-lever progression): DOMAIN.md "Assessment", no norms.
    (
        Topic::Steep,
        "Steep climbing takes body tension, pulling power and strong fingers:\n\
         - Climb steep walls often (the board, the cave), a grade or two below your max, keeping \
         your feet on: pull with your toes, use heel and toe hooks.\n\
         - Limit boulder on steep problems: 1-3 hard moves, 3-5 min rest between goes.\n\
         - Train core for tension: hanging leg raises and front-lever progressions.\n\
         - Keep your arms straight where you can and turn your hips into the wall.\n\n\
         The [assessment](/assessment) shows whether fingers, pulling or power hold you back; \
         then say \"build my program\".",
    ),
    // DOMAIN.md "Max finger strength" (the strongest single predictor of bouldering grade),
    // "Weekly volume by level" (no hangboard before a 10 s bodyweight hang on 20 mm;
    // intermediate 1-2, advanced 2-3 hangboard sessions a week), "Rules" (48 h between
    // max-finger sessions, hangboard before climbing), "Protocols" (López MaxHangs 5-15 s
    // with 1-5 s in reserve, 3-5 min rest, 2-5 sets; Hörst 7-53), "Injuries" (pop, pain at
    // the base of a finger).
    (
        Topic::Fingers,
        "Finger strength is the best single predictor of bouldering grade, so it's worth \
         training, carefully:\n\
         - Start hangboarding only once you can hang a 20 mm edge for 10 s at bodyweight; until \
         then, climbing is your finger training.\n\
         - 1-2 hangboard sessions a week (2-3 if you're advanced), at least 48 h between \
         max-finger sessions, and hangboard before you climb, not after.\n\
         - Max hangs on 20 mm, half crimp: 5-15 s hangs with 1-5 s in reserve, 3-5 min rest, \
         2-5 sets (López MaxHangs); or Hörst's 7-53: 7 s hang, 53 s rest, 3 hangs a set, up \
         to 5 sets.\n\
         - Stop at a pop or any pain at the base of a finger, and tell me.\n\n\
         Your max hang is one of the [assessment](/assessment)'s tests; for the clock, say \
         \"max hang timer: 10s hang, 3 min rest, 5 reps\".",
    ),
    // DOMAIN.md "Rules": campus at most 1-2x a week and only for advanced climbers;
    // "Protocols": limit bouldering 1-3 moves, 3-5 min rest. Dyno technique: mainstream
    // coaching practice.
    (
        Topic::Power,
        "Power comes last: it needs strong fingers, good technique and healthy tendons first.\n\
         - Limit bouldering is the safest power work: 1-3 move problems, single big moves and \
         dynos, full effort, 3-5 min rest between goes.\n\
         - Campus board only if you're an advanced climber and injury-free: at most 1-2 times \
         a week, fresh, right after your warm-up.\n\
         - Dynos: practise on big holds first; the drive comes from your legs and hips, and \
         your eyes stay on the target hold.\n\
         - Stop when your moves slow down: power work is about quality, not volume.\n\n\
         Not sure you're ready for campusing? The [assessment](/assessment) tells you where you \
         stand.",
    ),
    // DOMAIN.md "Protocols": ARC 20-30 min continuous and easy; 4x4s (4 problems x 4 laps,
    // ~4 min rest); 7/3 repeaters (6 reps, 3 min between sets). ARC twice a week and the
    // on-the-wall tips: mainstream coaching practice.
    (
        Topic::Endurance,
        "Getting pumped less is endurance training plus climbing more efficiently:\n\
         - ARC: 20-30 min of continuous easy climbing, only a light pump, 1-2 times a week to \
         build your base.\n\
         - Power endurance: 4x4s (4 problems × 4 laps, about 4 min rest between rounds), or \
         7:3 repeaters on the hangboard (7 s on, 3 s off, 6 reps, 3 min between sets).\n\
         - On the wall: grip only as hard as you need, shake out on good holds, breathe, and \
         move quickly through the hard parts.\n\n\
         Say \"start a timer: 7 on 3 off, 6 reps, 3 sets\" for repeaters, and log your \
         sessions so I can keep an eye on your load.",
    ),
    // No numbers; DOMAIN.md says nothing on slab: mainstream coaching practice.
    (
        Topic::Slab,
        "Slab is about trusting your feet:\n\
         - Keep your hips away from the wall and your weight right over your feet, heels low, \
         so the rubber grips.\n\
         - Stand up on your legs instead of pulling with your arms; small steps beat big \
         high-steps.\n\
         - Look at each foothold until your foot is on it, then commit to it: rubber sticks \
         better the more you weight it.\n\
         - Get mileage: lots of easy slabs, then harder ones; the fear of slipping fades with \
         practice.",
    ),
    // DOMAIN.md "Periodization": Hörst 4-3-2-1 starts with 4 weeks of skill and volume. The
    // drills: mainstream coaching practice.
    (
        Topic::Technique,
        "Technique grows with mileage and attention:\n\
         - Quiet feet: on easy climbs, place every foot precisely and silently, eyes on the hold \
         until your foot is on it.\n\
         - Climb many styles and angles, especially the ones you avoid, a few grades below \
         your max.\n\
         - Repeat problems until they feel smooth, try other beta, and film yourself or watch \
         stronger climbers on the same moves.\n\
         - Use your hips: turn them in on steep moves (drop knees, flagging), square them up on \
         slab.\n\n\
         Hörst's 4-3-2-1 cycle starts with 4 weeks of skill and volume; say \"build my \
         program\" for one built from your [assessment](/assessment).",
    ),
    // 15 min: the program's warm-up before max work (program::rules::WARMUP_BEFORE_MAX_MINUTES,
    // after Hörst); the steps are mainstream coaching practice (DOMAIN.md has no warm-up).
    (
        Topic::WarmUp,
        "A good warm-up takes about 15 minutes and builds up gradually:\n\
         - A few minutes of general movement: easy cardio, arm circles, band work for the \
         shoulders.\n\
         - Easy climbing on big holds, then a few problems or routes closer to your hard grade.\n\
         - Before hangboarding or limit bouldering, a few easy hangs or moves at half effort \
         first; never start a session on your hardest crimps.\n\n\
         Every session of your program starts with its own warm-up.",
    ),
    // DOMAIN.md "Weekly volume by level" (sessions and hours a week; hangboard sessions) and
    // "Rules" (one rest day a week, 48 h between max-finger sessions); the same numbers as
    // program::rules::days_guidance and weekly_hours_guidance (tested). The 10 % a week is
    // the load answer's heuristic.
    (
        Topic::Schedule,
        "How often depends on your level (sessions a week):\n\
         - Beginner: 2-3 sessions (3-6 h a week), no hangboard yet.\n\
         - Intermediate: 3-4 sessions (6-10 h), 1-2 of them with hangboard.\n\
         - Advanced: 4-5 sessions (8-14 h), 2-3 with hangboard.\n\
         - Elite: 5-6 sessions (12-20 h).\n\n\
         At any level: at least one rest day a week, 48 h between max-finger sessions, and \
         build up gradually (about 10 % more a week). Tell me when you can train (\"I can train \
         Monday, Wednesday and Saturday\") and say \"build my program\" for a week that fits.",
    ),
    // DOMAIN.md "Rules": at least one rest day a week, 48 h between max-finger sessions,
    // deload every 4-6 weeks; Hörst 4-3-2-1 ends with a rest week. Deload sessions at about
    // 60 % of their usual length: program::rules::DELOAD_PERCENT (a coaching heuristic).
    // Signs of overtraining: as the load answer says.
    (
        Topic::Recovery,
        "Recovery is when the training pays off:\n\
         - At least one full rest day a week, and 48 h between max-finger sessions \
         (hangboard, campus, limit bouldering).\n\
         - Deload every 4-6 weeks: a week of shorter sessions (about 60 % of usual), easy \
         climbing, no max efforts.\n\
         - Sleep well: fingers, skin and motivation need to recover too, not just muscles.\n\
         - Poor sleep, low motivation, sore fingers or performance dropping mean rest now, not \
         later.\n\n\
         Log your sessions with an RPE and ask \"am I overtraining?\" to see your load.",
    ),
    // DOMAIN.md "Assessment" (scoring against the climber's current grade, weakest area
    // first), "Periodization" (Hörst 4-3-2-1: 4 wk skill/volume, 3 wk strength/power, 2 wk
    // anaerobic endurance, 1 wk rest), "Rules" (deload every 4-6 weeks).
    (
        Topic::Plateau,
        "To break a plateau, change something rather than climbing more of the same:\n\
         - Find your weakest link: the [assessment](/assessment) compares your finger \
         strength, pulling, endurance and power with what's typical at your grade.\n\
         - Train it in blocks, e.g. Hörst's 4-3-2-1: 4 weeks of skill and volume, 3 of \
         strength and power, 2 of power endurance, 1 of rest.\n\
         - Try hard regularly: limit boulders and projects at or above your max, in the styles \
         you avoid.\n\
         - Rest enough: a deload every 4-6 weeks, since tired climbers don't get stronger.\n\n\
         Then say \"build my program\" and I'll build one around your weaknesses.",
    ),
    // DOMAIN.md "Protocols": 3-5 min rest between limit attempts; logbook fields (style,
    // tries): DOMAIN.md "Realistic test data". The rest is mainstream coaching practice.
    (
        Topic::Projecting,
        "Projecting tactics:\n\
         - Pick a project a grade or two above your best that suits you enough to keep you \
         motivated.\n\
         - Work the moves in sections, find the beta for each crux, then link bigger and bigger \
         parts.\n\
         - Rest properly between goes (3-5 min on a boulder, longer on a route): a few good \
         tries beat many tired ones.\n\
         - Save send goes for fresh days: a rest day before, a full warm-up, good conditions.\n\n\
         Log each session (\"2h at the crag, redpointed 7a\") to see your tries add up.",
    ),
    // DOMAIN.md "Protocols": antagonists 5-8 reps for strength, 12-15 for prehab; finger
    // rules from "Weekly volume by level" and "Rules"; pain goes to a clinician ("Injuries").
    // Twice a week: mainstream practice.
    (
        Topic::Prehab,
        "Climbing is almost all pulling, so balance it out about twice a week, after climbing \
         or on a rest day:\n\
         - Antagonists for strength: push-ups, dips or overhead presses, 5-8 reps.\n\
         - Shoulder and elbow prehab: band external rotations, face pulls, scapular push-ups, \
         reverse wrist curls, 12-15 reps.\n\
         - Fingers: build up slowly, hangboard only after a 10 s bodyweight hang on 20 mm, and \
         48 h between max-finger sessions.\n\n\
         If something already hurts, tell me (\"my shoulder hurts\") so I can note it, and have \
         a physio or doctor look at it before you train through it.",
    ),
    // DOMAIN.md "Assessment": core (hanging leg raise, front-lever progression) is recorded
    // with no sourced norms, so the answer promises trends, not a score; the levels are the
    // assessment's (tuck, advanced tuck, one leg, straddle, full). The exercises and twice a
    // week after climbing: mainstream coaching practice.
    (
        Topic::Core,
        "A strong core gives you body tension, so your feet stay on when the wall gets steep:\n\
         - Build a base with planks and hollow holds: 3 sets of 20-40 s.\n\
         - Then train it hanging: hanging leg raises and toes-to-bar, 3 sets of 5-10 slow \
         reps.\n\
         - Front-lever progressions: tuck, advanced tuck, one leg, straddle, full; hold each \
         for 5-10 s before you move on.\n\
         - About twice a week, after climbing, not before.\n\n\
         The [assessment](/assessment)'s core test records your leg raises or front-lever \
         position, so you can see it improve.",
    ),
    // DOMAIN.md says nothing on skin: mainstream coaching practice.
    (
        Topic::Skin,
        "Skin care for climbers:\n\
         - File or sand calluses flat after climbing, so they don't catch and tear into \
         flappers.\n\
         - Moisturise at night, not right before climbing; keep your nails short.\n\
         - Sweaty hands: chalk up sparingly, brush the holds, climb when it's cool.\n\
         - A flapper or split tip: trim the loose skin, tape it, and let it close before you \
         crimp on it again.\n\n\
         Thin, tender tips are a sign to take a rest day: skin recovers slower than muscles.",
    ),
    // DOMAIN.md says nothing on fear: mainstream coaching practice (falling practice with an
    // experienced belayer, built up gradually).
    (
        Topic::Mental,
        "Fear of falling fades with practice, not willpower:\n\
         - Practise falling on purpose with an experienced belayer, on a steep, clean lead \
         route: start with small falls just above a bolt and build up.\n\
         - Fall well: breathe out, look at the wall, keep your legs bent, hands off the rope \
         and the quickdraws.\n\
         - On the climb: breathe at each clip or rest, commit to the next move, talk with your \
         belayer.\n\
         - On boulders: check the landing and the pads, climb down when you can, land on your \
         feet and roll back.\n\n\
         Confidence grows with mileage: climb lots of routes a bit below your limit.",
    ),
    // DOMAIN.md "Weekly volume by level" (hangboard prerequisite), "Rules" (48 h, one rest day
    // a week, deload every 4-6 weeks), "Load monitoring" (load = RPE x minutes).
    (
        Topic::General,
        "The basics that work for most climbers:\n\
         - Climb often, mostly at moderate grades on varied terrain, plus a session or two a \
         week trying hard moves.\n\
         - Add strength training once the basics are there: hangboard only after a 10 s \
         bodyweight hang on 20 mm, 48 h between max-finger sessions.\n\
         - Rest: at least one rest day a week, a deload every 4-6 weeks.\n\
         - Log your sessions with an RPE so we can both see your load and progress.\n\n\
         For a plan built around your weaknesses, take the [assessment](/assessment), then say \
         \"build my program\".",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::program::rules::{
        days_guidance, weekly_hours_guidance, DELOAD_PERCENT, MAX_CAMPUS_SESSIONS_PER_WEEK,
        MAX_WEEKS_WITHOUT_DELOAD, MIN_DAYS_BETWEEN_MAX_FINGER, WARMUP_BEFORE_MAX_MINUTES,
    };
    use crate::domain::training::Level;

    #[test]
    fn every_topic_has_exactly_one_answer() {
        for topic in Topic::ALL {
            assert_eq!(
                ANSWERS.iter().filter(|(t, _)| *t == topic).count(),
                1,
                "{topic:?}"
            );
        }
        assert_eq!(ANSWERS.len(), Topic::ALL.len());
    }

    /// The answers say what the program generator does: the same DOMAIN.md numbers.
    #[test]
    fn the_answers_numbers_are_the_program_rules() {
        let schedule = advice_words(Topic::Schedule);
        for (label, level) in [
            ("Beginner", Level::Beginner),
            ("Intermediate", Level::Intermediate),
            ("Advanced", Level::Advanced),
            ("Elite", Level::Elite),
        ] {
            let (d, h) = (days_guidance(level), weekly_hours_guidance(level));
            let line = format!(
                "{label}: {}-{} sessions ({}-{} h",
                d.start(),
                d.end(),
                h.start(),
                h.end()
            );
            assert!(schedule.contains(&line), "{line}\n{schedule}");
        }
        let hours = format!(
            "{} h between max-finger sessions",
            MIN_DAYS_BETWEEN_MAX_FINGER * 24
        );
        for topic in [
            Topic::Fingers,
            Topic::Schedule,
            Topic::Recovery,
            Topic::Prehab,
            Topic::General,
        ] {
            assert!(advice_words(topic).contains(&hours), "{topic:?}");
        }
        assert!(advice_words(Topic::Power).contains(&format!(
            "at most 1-{MAX_CAMPUS_SESSIONS_PER_WEEK} times a week"
        )));
        assert!(advice_words(Topic::WarmUp)
            .contains(&format!("about {WARMUP_BEFORE_MAX_MINUTES} minutes")));
        assert!(advice_words(Topic::Recovery).contains(&format!("about {DELOAD_PERCENT} %")));
        // "deload every 4-6 weeks": at most 5 training weeks in a row.
        assert_eq!(MAX_WEEKS_WITHOUT_DELOAD, 5);
        for topic in [Topic::Recovery, Topic::Plateau, Topic::General] {
            assert!(advice_words(topic).contains("every 4-6 weeks"), "{topic:?}");
        }
        // DOMAIN.md's hangboard prerequisite, wherever hangboarding is recommended.
        for topic in [Topic::Fingers, Topic::Prehab, Topic::General] {
            let w = advice_words(topic);
            assert!(w.contains("20 mm") && w.contains("10 s"), "{topic:?}: {w}");
        }
    }

    #[test]
    fn typos_of_long_words_are_forgiven_short_ones_and_real_words_are_not() {
        assert!(word_matches("overhnags", "overhang*"));
        assert!(word_matches("overhangy", "overhang*"));
        assert!(word_matches("endurence", "endurance"));
        assert!(word_matches("techniqe", "technique*"));
        assert!(word_matches("crimpy", "crimp*"));
        assert!(word_matches("balanced", "balance"));
        assert!(!word_matches("protect", "project"));
        assert!(!word_matches("failing", "falling"));
        assert!(!word_matches("warning", "warming"));
        assert!(!word_matches("sleep", "steep"));
        assert!(!word_matches("roots", "roofs"));
    }

    #[test]
    fn a_statement_without_ask_words_asks_nothing() {
        for text in [
            "I want to get better at slab",
            "my project is Action Directe",
            "went bouldering",
        ] {
            assert!(!asks(&Msg::new(text)), "{text}");
        }
        for text in [
            "cant do slabs lol any tips",
            "best way to get pumped less",
            "how 2 train crimps",
            "how often shld I hangboard",
            "redpoint tactics?",
            "is 4x4s good for pump or nah",
            "r deloads worth it",
            "hw do i stop gettin pumped on 6c routes",
            "im stuck at v4 for a year what do i do",
            "feet keep cutting loose on overhangs, do i need more core",
        ] {
            assert!(asks(&Msg::new(text)), "{text}");
        }
    }

    #[test]
    fn a_risk_asked_about_is_not_pain_felt() {
        assert_eq!(
            advice(&Msg::new("can campusing hurt my fingers")),
            Some(Topic::Power)
        );
        assert_eq!(
            advice(&Msg::new("will hangboarding injure me")),
            Some(Topic::Fingers)
        );
        for text in [
            "does my elbow hurt because of campusing",
            "can my finger hurt from crimping",
        ] {
            assert_eq!(advice(&Msg::new(text)), None, "{text}");
        }
        // "raining" is not a typo of "training".
        assert_eq!(advice(&Msg::new("is it raining")), None);
    }
}
