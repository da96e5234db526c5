//! Periodized training programs: a deterministic generator from the latest assessment and the
//! profile, and the rules (DOMAIN.md) every generated program keeps.
pub mod generate;
pub mod model;
pub mod proposal;
pub mod rules;
pub mod tracking;

pub use generate::{generate, ProgramError};
pub use model::*;
