//! The ClimbingPill assessment: background and physical tests, scored against norms at the
//! climber's *current* grade so that strengths and weaknesses show up honestly.
pub mod compare;
pub mod model;
pub mod norms;
pub mod protocols;
pub mod report;
pub mod score;
pub mod start;
pub mod validate;
mod wire;

pub use model::*;
