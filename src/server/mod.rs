//! Server-only code (feature `ssr`): never compiled to WASM.
pub mod agent;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod http;
pub mod memory;
pub mod ops;
pub mod pg;
pub mod realtime;
pub mod services;
pub mod shared;
pub mod state;
pub mod stores;
pub mod telemetry;
