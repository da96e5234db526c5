//! Pure climbing and account rules: no I/O, compiles for the server and the browser.
pub mod account;
pub mod common_passwords;
pub mod markdown;
pub mod memory;
pub mod profile;
pub mod routes;
