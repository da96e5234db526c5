//! The PostgreSQL (Supabase) backend of every store. Each call is one transaction as the
//! climber (`Actor::User`), so Row Level Security checks every row it touches; only the
//! log-in and session lookups, the session sweep and the operators' funnel run as
//! `service_role`. Times go through `ms_to_ts` / `ts_to_ms` (migrations/postgres/0001).
mod accounts;
mod admin;
mod assessments;
mod journal;
mod onboarding;
mod profiles;
mod programs;
mod proposals;
mod run_log;
mod sessions;
mod teams;

pub use accounts::PgAccounts;
pub use admin::PgAdmin;
pub use assessments::PgAssessments;
pub use journal::PgJournal;
pub use onboarding::PgOnboarding;
pub use profiles::PgProfiles;
pub use programs::PgPrograms;
pub use proposals::PgProposals;
pub use run_log::PgRunLog;
pub use sessions::PgSessions;
pub use teams::PgTeams;

use uuid::Uuid;

use crate::server::db::DbError;
use crate::server::stores::StoreError;

/// A stored value that doesn't read back: logged as corruption, never shown to the climber.
fn corrupt(table: &str, what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Db(DbError::Corrupt(format!("{table} {what}: {e}")))
}

/// An id that came from outside (a URL, a form): one that isn't a uuid names nothing.
fn parse_id(id: &str) -> Option<Uuid> {
    Uuid::parse_str(id).ok()
}

/// A user id from the session. Always a uuid; anything else is a bug, reported as such.
fn user_uuid(id: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(id).map_err(|e| corrupt("session", "user id", e))
}

/// A document as jsonb text. jsonb can't hold a NUL character, which libSQL stores without
/// a word; drafts and onboarding answers are kept as typed, so NULs are dropped here rather
/// than failing the save.
fn to_json<T: serde::Serialize>(table: &str, v: &T) -> Result<String, StoreError> {
    let mut value = serde_json::to_value(v).map_err(|e| corrupt(table, "json", e))?;
    drop_nuls(&mut value);
    Ok(value.to_string())
}

fn drop_nuls(v: &mut serde_json::Value) {
    use serde_json::Value as V;
    match v {
        V::String(s) if s.contains('\0') => s.retain(|c| c != '\0'),
        V::Array(items) => items.iter_mut().for_each(drop_nuls),
        V::Object(fields) => {
            let keys: Vec<String> = fields
                .keys()
                .filter(|k| k.contains('\0'))
                .cloned()
                .collect();
            for k in keys {
                if let Some(x) = fields.remove(&k) {
                    fields.insert(k.replace('\0', ""), x);
                }
            }
            fields.values_mut().for_each(drop_nuls);
        }
        _ => {}
    }
}

fn from_json<T: serde::de::DeserializeOwned>(
    table: &str,
    what: &str,
    s: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(s).map_err(|e| corrupt(table, what, e))
}

fn small(v: Option<i64>) -> Option<u8> {
    v.and_then(|n| u8::try_from(n).ok())
}
