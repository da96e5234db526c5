//! Named hangboard and wall protocols as ready-made [`TimerPlan`]s, with the protocol
//! figures of `../shared/DOMAIN.md` ("Periodization and sessions", Protocols). Where the
//! document gives a range, a preset takes one sensible value; the climber can override any
//! of them in the request ("7:3 repeaters, 4 sets").
use serde::{Deserialize, Serialize};

use super::duration::{tokenize, Tok};
use super::plan::{TimerPlan, DEFAULT_PREPARE_S};

/// A protocol the timer knows by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    MaxHangs,
    Repeaters73,
    IntHangs,
    Horst753,
    FourByFour,
    Arc,
    LimitBouldering,
}

/// One piece of an alias: a word, or a number (digits or number words both match).
#[derive(Clone, Copy)]
enum A {
    W(&'static str),
    N(f64),
    /// A symbol that must be there ("7/53").
    S(char),
}

use A::{N, S, W};

/// Aliases, tried in this order at each position of the text (longer ones first where they
/// share a start). A `-` between any two pieces is skipped, so "max-hangs" and "7-53" match.
const ALIASES: &[(Preset, &[A])] = &[
    (Preset::MaxHangs, &[W("max"), W("hangs")]),
    (Preset::MaxHangs, &[W("max"), W("hang")]),
    (Preset::MaxHangs, &[W("maximal"), W("hangs")]),
    (Preset::MaxHangs, &[W("maxhangs")]),
    (Preset::MaxHangs, &[W("maxhang")]),
    (Preset::Repeaters73, &[W("repeaters")]),
    (Preset::Repeaters73, &[W("repeater")]),
    (Preset::IntHangs, &[W("inthangs")]),
    (Preset::IntHangs, &[W("int"), W("hangs")]),
    (Preset::IntHangs, &[W("intermittent"), W("hangs")]),
    (Preset::IntHangs, &[W("intermittent"), W("hang")]),
    (Preset::Horst753, &[N(7.0), N(53.0)]),
    (Preset::Horst753, &[N(7.0), S('/'), N(53.0)]),
    (Preset::Horst753, &[W("horst")]),
    (Preset::Horst753, &[W("hörst")]),
    (Preset::Horst753, &[W("hoerst")]),
    (Preset::FourByFour, &[N(4.0), W("x"), N(4.0)]),
    (Preset::FourByFour, &[N(4.0), W("by"), N(4.0)]),
    (Preset::FourByFour, &[W("fourbyfours")]),
    (Preset::FourByFour, &[W("fourbyfour")]),
    (Preset::Arc, &[W("arc")]),
    (Preset::Arc, &[W("arcing")]),
    (Preset::LimitBouldering, &[W("limit"), W("bouldering")]),
    (Preset::LimitBouldering, &[W("limit"), W("boulders")]),
    (Preset::LimitBouldering, &[W("limit"), W("boulder")]),
    (Preset::LimitBouldering, &[W("limit"), W("problems")]),
];

impl Preset {
    pub const ALL: &'static [Preset] = &[
        Preset::MaxHangs,
        Preset::Repeaters73,
        Preset::IntHangs,
        Preset::Horst753,
        Preset::FourByFour,
        Preset::Arc,
        Preset::LimitBouldering,
    ];

    /// Stable code for storage and links.
    pub fn code(self) -> &'static str {
        match self {
            Preset::MaxHangs => "max_hangs",
            Preset::Repeaters73 => "repeaters_7_3",
            Preset::IntHangs => "int_hangs",
            Preset::Horst753 => "horst_7_53",
            Preset::FourByFour => "four_by_four",
            Preset::Arc => "arc",
            Preset::LimitBouldering => "limit_bouldering",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Preset::MaxHangs => "Max hangs",
            Preset::Repeaters73 => "7:3 repeaters",
            Preset::IntHangs => "IntHangs",
            Preset::Horst753 => "Hörst 7-53",
            Preset::FourByFour => "4x4s",
            Preset::Arc => "ARC",
            Preset::LimitBouldering => "Limit bouldering",
        }
    }

    /// One line on what the protocol is, for the preset picker.
    pub fn description(self) -> &'static str {
        match self {
            Preset::MaxHangs => {
                "López MaxHangs: 10 s near-max hangs, 5 sets with 3 min rest (DOMAIN.md: 5-15 s, \
                 3-5 min rest, 2-5 sets)."
            }
            Preset::Repeaters73 => {
                "7/3 repeaters: 7 s on, 3 s off × 6 reps, 3 sets with 3 min between sets."
            }
            Preset::IntHangs => {
                "López IntHangs: 10 s on, 20 s off × 5 hangs, 4 sets with 1 min between sets \
                 (DOMAIN.md: 7-10 s on / 3-30 s off, 4-5 hangs × 3-5 sets)."
            }
            Preset::Horst753 => {
                "Hörst 7-53: 7 s hang, 53 s rest, 3 hangs a set, 5 sets with 3 min between sets."
            }
            Preset::FourByFour => {
                "4x4s: 4 problems × 4 laps; each 4 min block is one lap of all four, 4 min rest \
                 between."
            }
            Preset::Arc => "ARC: 25 min of continuous, easy climbing (DOMAIN.md: 20-30 min).",
            Preset::LimitBouldering => {
                "Limit bouldering: 6 attempts of about 1 min on 1-3 move problems, 4 min rest \
                 between (DOMAIN.md: 3-5 min)."
            }
        }
    }

    /// The protocol as a timer, with a 10 s get-ready. Choices inside DOMAIN.md's ranges:
    /// - MaxHangs: 10 s × 1 hang, 5 sets, 180 s between (one hang per set, as López writes it).
    /// - IntHangs: 10 s on / 20 s off × 5, 4 sets, 60 s between sets.
    /// - Hörst 7-53: 7 s on / 53 s off × 3, 5 sets, 180 s between sets. The 53 s rest only
    ///   restores the phosphocreatine for the next hang of the set; Hörst rests 3-5 min
    ///   between sets (grip positions), so the set rest is not 53 s.
    /// - 4x4s: 4 sets of one 240 s work block (four problems back to back), 240 s between.
    /// - ARC: one 25 min work block.
    /// - Limit bouldering: 6 sets of one 60 s attempt, 240 s between.
    pub fn plan(self) -> TimerPlan {
        let (work_s, rest_s, reps, sets, set_rest_s) = match self {
            Preset::MaxHangs => (10, 0, 1, 5, 180),
            Preset::Repeaters73 => (7, 3, 6, 3, 180),
            Preset::IntHangs => (10, 20, 5, 4, 60),
            Preset::Horst753 => (7, 53, 3, 5, 180),
            Preset::FourByFour => (240, 0, 1, 4, 240),
            Preset::Arc => (25 * 60, 0, 1, 1, 0),
            Preset::LimitBouldering => (60, 0, 1, 6, 240),
        };
        TimerPlan {
            label: self.label().to_string(),
            prepare_s: DEFAULT_PREPARE_S,
            work_s,
            rest_s,
            reps,
            sets,
            set_rest_s,
        }
    }

    pub fn from_code(code: &str) -> Option<Preset> {
        let code = code.trim().to_ascii_lowercase();
        Preset::ALL.iter().copied().find(|p| p.code() == code)
    }

    /// The first protocol named anywhere in `text`: "max hangs", "7:3 repeaters",
    /// "IntHangs", "intermittent hangs", "7-53", "seven fifty-three", "Hörst", "4x4s",
    /// "four by four", "ARC", "limit bouldering", or a [`Preset::code`].
    pub fn from_text(text: &str) -> Option<Preset> {
        if let Some(p) = Preset::from_code(text) {
            return Some(p);
        }
        find(&tokenize(text)).map(|(p, _, _)| p)
    }
}

/// The first preset alias in `toks`: the preset and the token range `[start, end)` it covers.
pub(super) fn find(toks: &[Tok]) -> Option<(Preset, usize, usize)> {
    (0..toks.len()).find_map(|i| {
        ALIASES
            .iter()
            .find_map(|(p, alias)| match_at(toks, i, alias).map(|end| (*p, i, end)))
    })
}

fn match_at(toks: &[Tok], i: usize, alias: &[A]) -> Option<usize> {
    let mut k = i;
    for (n, piece) in alias.iter().enumerate() {
        if n > 0 {
            while toks.get(k) == Some(&Tok::Sym('-')) {
                k += 1;
            }
        }
        let ok = match (piece, toks.get(k)?) {
            (W(w), Tok::Word(t)) => t == w,
            (N(v), Tok::Num { value, .. }) => value == v,
            (S(c), Tok::Sym(t)) => t == c,
            _ => false,
        };
        if !ok {
            return None;
        }
        k += 1;
    }
    Some(k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_are_hand_computed() {
        // prepare + sets × (reps × work + (reps - 1) × rest) + (sets - 1) × set rest
        let cases = [
            (Preset::MaxHangs, 10 + 5 * 10 + 4 * 180, 50), // 780 s = 13 min
            (Preset::Repeaters73, 10 + 3 * (6 * 7 + 5 * 3) + 2 * 180, 126), // 541 s
            (Preset::IntHangs, 10 + 4 * (5 * 10 + 4 * 20) + 3 * 60, 200), // 710 s
            (Preset::Horst753, 10 + 5 * (3 * 7 + 2 * 53) + 4 * 180, 105), // 1365 s
            (Preset::FourByFour, 10 + 4 * 240 + 3 * 240, 960), // 1690 s
            (Preset::Arc, 10 + 1500, 1500),                // 1510 s
            (Preset::LimitBouldering, 10 + 6 * 60 + 5 * 240, 360), // 1570 s
        ];
        for (p, total, work) in cases {
            let plan = p.plan();
            assert_eq!(plan.total_s(), total, "{p:?}");
            assert_eq!(plan.work_total_s(), work, "{p:?}");
            let sum: u32 = plan.phases().iter().map(|x| x.duration_s).sum();
            assert_eq!(sum, total, "{p:?}");
            assert_eq!(plan.validate(), Ok(()), "{p:?}");
            assert_eq!(plan.label, p.label());
        }
        assert_eq!(Preset::MaxHangs.plan().total_s(), 780);
        assert_eq!(Preset::Repeaters73.plan().total_s(), 541);
        assert_eq!(Preset::IntHangs.plan().total_s(), 710);
        assert_eq!(Preset::Horst753.plan().total_s(), 1365);
    }

    #[test]
    fn codes_round_trip_and_are_unique() {
        for p in Preset::ALL {
            assert_eq!(Preset::from_code(p.code()), Some(*p));
            assert_eq!(Preset::from_text(p.code()), Some(*p));
            assert!(!p.description().is_empty());
            let json = serde_json::to_string(p).unwrap();
            assert_eq!(serde_json::from_str::<Preset>(&json).unwrap(), *p);
        }
        let mut codes: Vec<&str> = Preset::ALL.iter().map(|p| p.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Preset::ALL.len());
        assert_eq!(Preset::from_code(" MAX_HANGS "), Some(Preset::MaxHangs));
        assert_eq!(Preset::from_code("nope"), None);
    }

    #[test]
    fn recognises_names_and_aliases() {
        let cases = [
            ("max hangs", Some(Preset::MaxHangs)),
            ("Max Hangs please", Some(Preset::MaxHangs)),
            ("max-hangs", Some(Preset::MaxHangs)),
            ("MaxHangs", Some(Preset::MaxHangs)),
            ("López max hang protocol", Some(Preset::MaxHangs)),
            ("7:3 repeaters", Some(Preset::Repeaters73)),
            ("repeaters", Some(Preset::Repeaters73)),
            ("IntHangs", Some(Preset::IntHangs)),
            ("intermittent hangs", Some(Preset::IntHangs)),
            ("7-53", Some(Preset::Horst753)),
            ("7–53s", Some(Preset::Horst753)),
            ("7/53", Some(Preset::Horst753)),
            ("seven fifty-three", Some(Preset::Horst753)),
            ("Hörst", Some(Preset::Horst753)),
            ("4x4", Some(Preset::FourByFour)),
            ("4x4s", Some(Preset::FourByFour)),
            ("4 x 4", Some(Preset::FourByFour)),
            ("four by four", Some(Preset::FourByFour)),
            ("ARC", Some(Preset::Arc)),
            ("arc 25 min", Some(Preset::Arc)),
            ("limit bouldering", Some(Preset::LimitBouldering)),
            ("search", None),
            ("max", None),
            ("7 on 3 off", None),
            ("4x5", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(Preset::from_text(text), want, "{text:?}");
        }
    }

    #[test]
    fn find_reports_the_span() {
        let toks = tokenize("timer 7-53 now");
        assert_eq!(find(&toks), Some((Preset::Horst753, 1, 4)));
        let toks = tokenize("start max hangs");
        assert_eq!(find(&toks), Some((Preset::MaxHangs, 1, 3)));
    }
}
