//! How each test is done, in words for climbers. The assessment page shows these next to the
//! inputs and the coach reads them out in chat, so both explain the same protocol.
use crate::domain::training::Area;

pub struct Protocol {
    pub area: Area,
    pub title: &'static str,
    pub how: &'static str,
    /// Safety note shown with the protocol.
    pub caution: &'static str,
}

pub const PROTOCOLS: [Protocol; 6] = [
    Protocol {
        area: Area::FingerStrength,
        title: "Max hang",
        how: "Warm up well. On a 20 mm edge, half crimp, hang with both arms for 5-10 seconds. \
              Add weight (or take weight off with a pulley) until 10 seconds is just possible. \
              Enter the added kg (negative if you removed weight) and the seconds you held.",
        caution: "Skip this test with any finger pain.",
    },
    Protocol {
        area: Area::PullingStrength,
        title: "Weighted pull-up or max pull-ups",
        how: "Either your one-rep max weighted pull-up (enter the added kg), or as many strict \
              bodyweight pull-ups as you can in one set (full hang to chin over bar).",
        caution: "Stop when form breaks down.",
    },
    Protocol {
        area: Area::FingerEndurance,
        title: "7:3 repeaters or critical force",
        how: "Repeaters: on 20 mm at 60 % of your max-hang load, hang 7 s, rest 3 s, until you \
              fail a hang; enter the hangs completed. With a force gauge: 24 all-out 7:3 pulls, \
              critical force is the mean force of the last pulls, in kg.",
        caution: "Skip with any finger pain.",
    },
    Protocol {
        area: Area::Power,
        title: "Campus reach or max moves",
        how: "Campus max reach: from a matched start on rung 1, the highest rung you can slap and \
              hold with one hand. Max moves: the most rungs you can climb hand over hand from 1.",
        caution: "Campus work is for experienced climbers only; skip it if unsure.",
    },
    Protocol {
        area: Area::Core,
        title: "Hanging leg raises or front lever",
        how: "Strict hanging leg raises (toes to bar) in one set, or the hardest front-lever \
              position you can hold for 5 seconds (tuck, advanced tuck, one leg, straddle, full).",
        caution: "Recorded and trended; there are no published norms by grade.",
    },
    Protocol {
        area: Area::Flexibility,
        title: "Leg span",
        how: "Sit in a side split against a wall and measure heel to heel in cm.",
        caution: "Recorded and trended; there are no published norms by grade.",
    },
];

pub fn protocol(area: Area) -> &'static Protocol {
    PROTOCOLS
        .iter()
        .find(|p| p.area == area)
        .expect("every area has a protocol")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_area_has_exactly_one_protocol() {
        for area in Area::ALL {
            assert_eq!(PROTOCOLS.iter().filter(|p| p.area == *area).count(), 1);
            assert!(!protocol(*area).how.is_empty());
        }
    }
}
