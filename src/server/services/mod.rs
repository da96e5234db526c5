//! Application services: the rules of each feature, over the store traits.
pub mod admin;
pub mod assessment;
pub mod journal;
pub mod onboarding;
pub mod profile;
pub mod program;
pub mod progress;
pub mod proposals;
pub mod quota;
pub mod store_cause;
pub mod team;
