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
