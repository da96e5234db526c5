//! Vocabulary shared by the assessment and the program generator: the areas a climber is
//! tested in, the equipment they train with, and their ability level.
use super::code_enum::code_enum;
use super::grade::Ircra;

code_enum!(
    /// What a climber can train on. Decides which exercises a program may use.
    Equipment {
        Gym => "gym", "Climbing wall or gym";
        Board => "board", "Training board (Moon, Kilter, Tension)";
        Hangboard => "hangboard", "Hangboard";
        CampusBoard => "campus_board", "Campus board";
        Weights => "weights", "Weights (for weighted pull-ups)";
    }
);

code_enum!(
    /// A physical quality the assessment measures. Core and flexibility have no sourced norms
    /// (DOMAIN.md): they are recorded and trended but never scored against a grade.
    Area {
        FingerStrength => "finger_strength", "Finger strength";
        PullingStrength => "pulling_strength", "Pulling strength";
        FingerEndurance => "finger_endurance", "Finger endurance";
        Power => "power", "Power";
        Core => "core", "Core";
        Flexibility => "flexibility", "Flexibility";
    }
);

code_enum!(
    /// Training level, which decides volume and which tools (hangboard, campus) are allowed.
    Level {
        Beginner => "beginner", "Beginner";
        Intermediate => "intermediate", "Intermediate";
        Advanced => "advanced", "Advanced";
        Elite => "elite", "Elite";
    }
);

impl Level {
    /// IRCRA ability groups (Draper et al. 2015), using the men's cut-offs because the app
    /// does not ask for sex: lower 1-9 → beginner, intermediate 10-17, advanced 18-23,
    /// elite and higher elite 24+ → elite. The women's groups start lower (advanced from 15),
    /// so this errs towards the more cautious level, which only withholds campus work.
    pub fn from_ircra(grade: Ircra) -> Level {
        let v = grade.value();
        if v < 10.0 {
            Level::Beginner
        } else if v < 18.0 {
            Level::Intermediate
        } else if v < 24.0 {
            Level::Advanced
        } else {
            Level::Elite
        }
    }
}

/// What a coach weighs to place a climber: grade, years, training history and the tests.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LevelInputs {
    /// Hardest grade climbed, on IRCRA.
    pub grade: Option<Ircra>,
    pub years_climbing: f32,
    /// "Have you trained on a hangboard before?" `None` when not asked (older assessments).
    pub hangboard_history: Option<bool>,
    /// Finger strength residual against the grade's norm, in percent, when tested and scored.
    pub finger_residual_pct: Option<f64>,
}

/// The level and, in one sentence, why.
#[derive(Clone, Debug, PartialEq)]
pub struct LevelCall {
    pub level: Level,
    /// The level the grade alone would give.
    pub by_grade: Level,
    pub reason: String,
}

/// Years of climbing below which a climber is still new to the sport: tendons and pulleys
/// adapt over years, and newer climbers gain finger strength from climbing itself (Hörst,
/// Training for Climbing; Lattice Training: "new climbers (under two years) can easily gain
/// finger strength through time spent on the wall"). The 2-year cut-off is Lattice's; using it
/// as a level cap is a ClimbingPill heuristic.
pub const NEW_CLIMBER_YEARS: f32 = 2.0;
/// Years for the advanced and elite levels with structured finger training behind them, and
/// without knowing about it (then more years are asked for). Heuristic (ClimbingPill, after the
/// Andersons' Rock Climber's Training Manual, whose hangboard-led Rock Prodigy cycle assumes
/// several seasons of climbing and prior hangboard experience).
pub const ADVANCED_YEARS: (f32, f32) = (3.0, 5.0);
pub const ELITE_YEARS: (f32, f32) = (5.0, 8.0);
/// A finger-strength test this far behind the grade's norm (percent) moves the level down one
/// step: the grade was climbed on skill, and the fingers are not yet ready for the level's
/// volume of max work. Heuristic (ClimbingPill), twice the widest verdict band.
pub const FINGERS_BEHIND_STEP_DOWN_PCT: f64 = -20.0;

impl Level {
    fn below(self) -> Level {
        match self {
            Level::Beginner | Level::Intermediate => Level::Beginner,
            Level::Advanced => Level::Intermediate,
            Level::Elite => Level::Advanced,
        }
    }

    /// The training level from grade, years, hangboard history and the finger test together:
    /// the IRCRA group of the grade ([`Level::from_ircra`]), capped by experience, then one step
    /// down when the fingers test well behind the grade. Every cut-off is a documented
    /// heuristic (constants above).
    pub fn assess(inputs: &LevelInputs) -> LevelCall {
        let by_grade = inputs.grade.map_or(Level::Beginner, Level::from_ircra);
        let years = inputs.years_climbing;
        let trained = inputs.hangboard_history;
        let need = |(with, without): (f32, f32)| match trained {
            Some(true) => years >= with,
            Some(false) => false,
            None => years >= without,
        };
        let (cap, cap_why) = if years < NEW_CLIMBER_YEARS {
            if trained == Some(true) || by_grade >= Level::Advanced {
                (Level::Intermediate, "under 2 years of climbing")
            } else {
                (Level::Beginner, "under 2 years of climbing")
            }
        } else if !need(ADVANCED_YEARS) {
            (
                Level::Intermediate,
                match trained {
                    Some(false) => "no hangboard training yet",
                    _ => "the years of structured training the advanced level assumes",
                },
            )
        } else if !need(ELITE_YEARS) {
            (
                Level::Advanced,
                "the years of structured training the elite level assumes",
            )
        } else {
            (Level::Elite, "")
        };
        let mut level = by_grade.min(cap);
        let mut reason = format!("{} by grade", by_grade.label());
        if level < by_grade {
            reason.push_str(&format!(
                ", {} with {cap_why}",
                level.label().to_lowercase()
            ));
        }
        let behind = inputs
            .finger_residual_pct
            .is_some_and(|r| r < FINGERS_BEHIND_STEP_DOWN_PCT);
        if behind && level > Level::Beginner {
            level = level.below();
            reason.push_str(&format!(
                ", one step down to {} because your finger strength tests well behind your grade",
                level.label().to_lowercase()
            ));
        }
        LevelCall {
            level,
            by_grade,
            reason: format!("Level: {}. {reason}.", level.label()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ircra_groups_map_to_levels_at_their_edges() {
        assert_eq!(Level::from_ircra(Ircra::new(1)), Level::Beginner);
        assert_eq!(Level::from_ircra(Ircra::from_halves(19)), Level::Beginner);
        assert_eq!(Level::from_ircra(Ircra::new(10)), Level::Intermediate);
        assert_eq!(
            Level::from_ircra(Ircra::from_halves(35)),
            Level::Intermediate
        );
        assert_eq!(Level::from_ircra(Ircra::new(18)), Level::Advanced);
        assert_eq!(Level::from_ircra(Ircra::new(23)), Level::Advanced);
        assert_eq!(Level::from_ircra(Ircra::new(24)), Level::Elite);
        assert_eq!(Level::from_ircra(Ircra::new(32)), Level::Elite);
    }

    fn call(grade: u8, years: f32, trained: Option<bool>, fingers: Option<f64>) -> Level {
        Level::assess(&LevelInputs {
            grade: Some(Ircra::new(grade)),
            years_climbing: years,
            hangboard_history: trained,
            finger_residual_pct: fingers,
        })
        .level
    }

    /// Issue 22 (2): the coach's climbers.
    #[test]
    fn level_weighs_grade_years_history_and_tests() {
        // A 4-year V5 (IRCRA 19) boulderer: advanced by grade, intermediate without known
        // hangboard training; advanced once they have trained on one.
        assert_eq!(call(19, 4.0, None, None), Level::Intermediate);
        assert_eq!(call(19, 4.0, Some(false), None), Level::Intermediate);
        assert_eq!(call(19, 4.0, Some(true), None), Level::Advanced);
        // A 1-year V2 (16) climber: a beginner in training terms.
        assert_eq!(call(16, 1.0, None, None), Level::Beginner);
        assert_eq!(call(16, 1.0, Some(true), None), Level::Intermediate);
        // An 8a (23) sport climber with 10 years: advanced; fingers 30 % behind: intermediate.
        assert_eq!(call(23, 10.0, Some(true), None), Level::Advanced);
        assert_eq!(call(23, 10.0, Some(true), Some(-30.0)), Level::Intermediate);
        assert_eq!(call(23, 10.0, Some(true), Some(-15.0)), Level::Advanced);
        // A 15-year 7a (17) climber: intermediate, as the grade says.
        assert_eq!(call(17, 15.0, Some(true), None), Level::Intermediate);
        // Elite needs years of training behind it.
        assert_eq!(call(27, 6.0, Some(true), None), Level::Elite);
        assert_eq!(call(27, 6.0, None, None), Level::Advanced);
        assert_eq!(call(27, 9.0, None, None), Level::Elite);
        // Never above the grade, never below beginner.
        assert_eq!(call(5, 20.0, Some(true), Some(-50.0)), Level::Beginner);
        let c = Level::assess(&LevelInputs {
            grade: Some(Ircra::new(19)),
            years_climbing: 4.0,
            hangboard_history: Some(false),
            finger_residual_pct: None,
        });
        assert_eq!(c.by_grade, Level::Advanced);
        assert_eq!(
            c.reason,
            "Level: Intermediate. Advanced by grade, intermediate with no hangboard training yet."
        );
    }

    #[test]
    fn codes_round_trip() {
        for e in Equipment::ALL {
            assert_eq!(Equipment::from_code(e.code()), Some(*e));
        }
        for a in Area::ALL {
            assert_eq!(Area::from_code(a.code()), Some(*a));
        }
        assert_eq!(
            Equipment::from_code("CAMPUS_BOARD"),
            Some(Equipment::CampusBoard)
        );
        assert_eq!(Area::from_code("strength"), None);
    }
}
