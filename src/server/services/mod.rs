//! Application services: the rules of each feature, over the store traits.
pub mod profile;
