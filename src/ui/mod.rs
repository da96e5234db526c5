//! The Leptos UI: the app shell, its pages, and shared components.
pub mod app;
pub mod components;
pub mod data;
pub mod pages;
