//! The seven onboarding steps, in order, with the page title and the coach's question for each.
use serde::{Deserialize, Serialize};

/// 1-based steps, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Goal,
    Level,
    Check,
    Schedule,
    Equipment,
    /// Age and hangboard history, both optional.
    AboutYou,
    Result,
}

impl Step {
    pub const ALL: [Step; 7] = [
        Step::Goal,
        Step::Level,
        Step::Check,
        Step::Schedule,
        Step::Equipment,
        Step::AboutYou,
        Step::Result,
    ];

    /// 1 to 7, for "step 2 of 7". About you came in as step 6, before the result, so the
    /// numbers saved before it (1-5, and 7 = finished) keep their meaning.
    pub const fn number(self) -> u8 {
        match self {
            Step::Goal => 1,
            Step::Level => 2,
            Step::Check => 3,
            Step::Schedule => 4,
            Step::Equipment => 5,
            Step::AboutYou => 6,
            Step::Result => 7,
        }
    }

    /// The step numbered `n` (1-based); `None` outside 1..=7.
    pub fn from_number(n: u8) -> Option<Step> {
        Step::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    /// The page heading.
    pub fn title(self) -> &'static str {
        match self {
            Step::Goal => "Your goal",
            Step::Level => "Your level",
            Step::Check => "A quick physical check",
            Step::Schedule => "Your schedule",
            Step::Equipment => "Your equipment",
            Step::AboutYou => "About you",
            Step::Result => "Your first program",
        }
    }

    /// What the coach asks in the chat for this step. Each question names the phrasing that
    /// [`answer_in_chat`](super::answer_in_chat) reads.
    pub fn question(self) -> &'static str {
        match self {
            Step::Goal => {
                "What's your climbing goal? For example \"7c by June\" or \"my first V5\"."
            }
            Step::Level => {
                "What are the hardest boulder and route grades you've climbed, and how long \
                 have you been climbing? For example \"V5 and 6c, climbing for 3 years\"."
            }
            Step::Check => {
                "What's your bodyweight? For example \"70 kg\" or \"154 lb\". The physical \
                 tests (max hang, pull-ups, ...) are on the onboarding page; say \"skip\" to \
                 leave them for later."
            }
            Step::Schedule => {
                "How many days a week can you train, and how long is a session? For example \
                 \"3 days a week, 90 min\"."
            }
            Step::Equipment => {
                "What can you train on (gym, board, hangboard, campus board, weights), and do \
                 you have any injuries? For example \"gym and a hangboard, no injuries\"."
            }
            Step::AboutYou => {
                "How old are you, and have you trained on a hangboard before? For example \
                 \"34, never\" or \"52, a couple of years\". Both are optional: say \"skip\"."
            }
            Step::Result => {
                "That's everything I need: here are your assessment and your first program."
            }
        }
    }

    pub fn next(self) -> Option<Step> {
        Step::from_number(self.number() + 1)
    }

    pub fn prev(self) -> Option<Step> {
        Step::from_number(self.number() - 1)
    }
}

/// Which way the climber moves from a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Go {
    /// Save and check this step, then show the next.
    Next,
    /// Save as typed (unchecked) and show the previous step.
    Back,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_and_follow_all() {
        for (i, step) in Step::ALL.into_iter().enumerate() {
            assert_eq!(usize::from(step.number()), i + 1);
            assert_eq!(Step::from_number(step.number()), Some(step));
        }
        for n in [0, 8, 255] {
            assert_eq!(Step::from_number(n), None, "{n}");
        }
        let mut sorted = Step::ALL;
        sorted.sort();
        assert_eq!(sorted, Step::ALL, "Ord follows the step order");
    }

    #[test]
    fn next_and_prev_walk_the_steps() {
        assert_eq!(Step::Goal.prev(), None);
        assert_eq!(Step::Result.next(), None);
        for pair in Step::ALL.windows(2) {
            assert_eq!(pair[0].next(), Some(pair[1]));
            assert_eq!(pair[1].prev(), Some(pair[0]));
        }
    }

    #[test]
    fn titles_and_questions() {
        let titles: Vec<_> = Step::ALL.iter().map(|s| s.title()).collect();
        assert_eq!(
            titles,
            [
                "Your goal",
                "Your level",
                "A quick physical check",
                "Your schedule",
                "Your equipment",
                "About you",
                "Your first program"
            ]
        );
        assert!(Step::Goal.question().contains("\"7c by June\""));
        assert!(Step::AboutYou.question().contains("\"skip\""));
        for step in Step::ALL {
            assert!(step.question().ends_with('.'), "{step:?}");
        }
    }

    #[test]
    fn serializes_as_snake_case() {
        assert_eq!(serde_json::to_string(&Step::Goal).unwrap(), "\"goal\"");
        assert_eq!(serde_json::to_string(&Step::Result).unwrap(), "\"result\"");
        let back: Step = serde_json::from_str("\"equipment\"").unwrap();
        assert_eq!(back, Step::Equipment);
    }
}
