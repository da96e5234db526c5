//! Pure climbing and account rules: no I/O, compiles for the server and the browser.
pub mod account;
pub mod assessment;
pub mod chat;
mod code_enum;
pub mod common_passwords;
pub mod grade;
pub mod intent;
pub mod journal;
pub mod journal_csv;
pub mod load;
pub mod markdown;
pub mod memory;
pub mod profile;
pub mod program;
pub mod progress;
pub mod routes;
pub mod training;
pub mod when;
