//! Operator tooling: backups and restores of the libSQL file, the lock that keeps a restore
//! away from a running server, and `climbingpill doctor`.
pub mod backup;
pub mod doctor;
pub mod instrument;
pub mod lock;
pub mod metrics;
