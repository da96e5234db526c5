//! Pure climbing and account rules: no I/O, compiles for the server and the browser.
pub mod account;
pub mod chat;
pub mod common_passwords;
pub mod grade;
pub mod intent;
pub mod journal;
pub mod journal_csv;
pub mod load;
pub mod markdown;
pub mod memory;
pub mod profile;
pub mod progress;
pub mod routes;
pub mod when;
