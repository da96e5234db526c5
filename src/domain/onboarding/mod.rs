//! Guided onboarding: six steps from sign-up to a first program (goal → level → a quick
//! physical check → schedule → equipment → first assessment result and program), over the
//! same data as the assessment ([`crate::domain::assessment`]), with more lenient input.
//!
//! Pure: no I/O, no UI, no storage. The answers are kept as the climber gave them
//! ([`OnboardingAnswers`], page or chat alike), read leniently ([`lenient`]: "twice a week",
//! "1h30", "5'10\"", "150 lb", any grade system, "7c by June"), checked one step at a time
//! ([`validate_step`], which never looks at another step's answers) and finally turned into
//! an [`AssessmentDraft`](crate::domain::assessment::AssessmentDraft) ([`to_draft`]) and
//! validated as an assessment ([`validate_answers`]). An error names the answer field (e.g.
//! "session_length", "tests.leg_span_cm"); [`step_of_field`] gives the step to send the
//! climber back to. In the chat, [`Step::question`] is the coach's question and
//! [`answer_in_chat`] applies the reply.
pub mod answers;
pub mod lenient;
pub mod profile;
pub mod result;
pub mod steps;
pub mod validate;

pub use answers::{summary, OnboardingAnswers, CONFIDENCE_CODES};
pub use lenient::{
    goal_from_text, parse_days_per_week, parse_equipment, parse_length_cm, parse_session_minutes,
    parse_target_date, parse_years, parse_years_on, GoalParts,
};
pub use steps::{Go, Step};
pub use validate::{
    answer_in_chat, chat_question, step_of_field, to_draft, validate_answers, validate_step,
};
