//! One module per page; a page composes components and reads its data inside Transition.
pub mod admin;
pub mod assessment;
pub mod chat;
pub mod journal;
pub mod landing;
pub mod login;
pub mod not_found;
pub mod onboarding;
pub mod profile;
pub mod programs;
pub mod progress;
pub mod signup;
pub mod team;
pub mod timer;
