use async_trait::async_trait;
use libsql::Value;

use crate::domain::journal::{EntryData, JournalEntry, SessionKind};
use crate::domain::when::Date;
use crate::server::db::Db;
use crate::server::stores::{JournalFilter, JournalStore, JournalUsage, StoreError};

pub struct LibsqlJournal {
    db: Db,
}

impl LibsqlJournal {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

pub(super) const COLUMNS: &str =
    "id, date, kind, location, duration_min, rpe, load, energy, sleep, mood, \
                       climbs, pain, notes, tags, created_at, updated_at";

pub(super) const INSERT: &str =
    "INSERT INTO journal_entries (id, user_id, date, kind, location, duration_min, rpe, \
    load, energy, sleep, mood, climbs, pain, notes, tags, created_at, updated_at) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

fn opt(v: Option<u8>) -> Value {
    v.map(|n| Value::Integer(n.into())).unwrap_or(Value::Null)
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    super::corrupt("journal", what, e)
}

pub(super) fn row_to_entry(row: &libsql::Row) -> Result<JournalEntry, StoreError> {
    let date: String = row.get(1)?;
    let kind: String = row.get(2)?;
    let small = |i: i32| -> Result<Option<u8>, StoreError> {
        Ok(row.get::<Option<i64>>(i)?.map(|n| n as u8))
    };
    let climbs: String = row.get(10)?;
    let pain: String = row.get(11)?;
    let tags: String = row.get(13)?;
    Ok(JournalEntry {
        id: row.get(0)?,
        data: EntryData {
            date: Date::parse_iso(&date).ok_or_else(|| corrupt("date", &date))?,
            kind: SessionKind::from_code(&kind).ok_or_else(|| corrupt("kind", &kind))?,
            location: row.get(3)?,
            duration_min: row.get::<i64>(4)? as u32,
            rpe: small(5)?,
            energy: small(7)?,
            sleep: small(8)?,
            mood: small(9)?,
            climbs: serde_json::from_str(&climbs).map_err(|e| corrupt("climbs", e))?,
            pain: serde_json::from_str(&pain).map_err(|e| corrupt("pain", e))?,
            notes: row.get(12)?,
            tags: serde_json::from_str(&tags).map_err(|e| corrupt("tags", e))?,
        },
        load: row.get::<Option<i64>>(6)?.map(|n| n as u32),
        created_at: row.get(14)?,
        updated_at: row.get(15)?,
    })
}

pub(super) fn params(user_id: &str, e: &JournalEntry) -> Vec<Value> {
    let d = &e.data;
    vec![
        Value::Text(e.id.clone()),
        Value::Text(user_id.to_string()),
        Value::Text(d.date.to_string()),
        Value::Text(d.kind.code().to_string()),
        Value::Text(d.location.clone()),
        Value::Integer(d.duration_min.into()),
        opt(d.rpe),
        e.load
            .map(|n| Value::Integer(n.into()))
            .unwrap_or(Value::Null),
        opt(d.energy),
        opt(d.sleep),
        opt(d.mood),
        Value::Text(json(&d.climbs)),
        Value::Text(json(&d.pain)),
        Value::Text(d.notes.clone()),
        Value::Text(json(&d.tags)),
        Value::Integer(e.created_at),
        Value::Integer(e.updated_at),
    ]
}

#[async_trait]
impl JournalStore for LibsqlJournal {
    async fn insert(&self, user_id: &str, e: &JournalEntry) -> Result<(), StoreError> {
        self.insert_many(user_id, std::slice::from_ref(e)).await
    }

    async fn insert_many(&self, user_id: &str, entries: &[JournalEntry]) -> Result<(), StoreError> {
        self.db
            .write(async |c| {
                for e in entries {
                    c.execute(INSERT, params(user_id, e)).await?;
                }
                Ok(())
            })
            .await
    }

    async fn update(&self, user_id: &str, e: &JournalEntry) -> Result<bool, StoreError> {
        let mut p = params(user_id, e);
        p.remove(15); // created_at never changes
        self.db
            .write(async |c| {
                let n = c
                    .execute(
                        "UPDATE journal_entries SET date = ?3, kind = ?4, location = ?5, duration_min = ?6, \
                           rpe = ?7, load = ?8, energy = ?9, sleep = ?10, mood = ?11, climbs = ?12, pain = ?13, \
                           notes = ?14, tags = ?15, updated_at = ?16 \
                         WHERE id = ?1 AND user_id = ?2",
                        p,
                    )
                    .await?;
                Ok(n == 1)
            })
            .await
    }

    async fn delete(&self, user_id: &str, id: &str) -> Result<bool, StoreError> {
        let (user_id, id) = (user_id.to_string(), id.to_string());
        self.db
            .write(async |c| {
                let n = c
                    .execute(
                        "DELETE FROM journal_entries WHERE id = ?1 AND user_id = ?2",
                        libsql::params![id.as_str(), user_id.as_str()],
                    )
                    .await?;
                Ok(n == 1)
            })
            .await
    }

    async fn get(&self, user_id: &str, id: &str) -> Result<Option<JournalEntry>, StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                &format!("SELECT {COLUMNS} FROM journal_entries WHERE id = ?1 AND user_id = ?2"),
                libsql::params![id, user_id],
            )
            .await?;
        match rows.next().await? {
            Some(row) => Ok(Some(row_to_entry(&row)?)),
            None => Ok(None),
        }
    }

    async fn list(
        &self,
        user_id: &str,
        f: &JournalFilter,
        offset: u32,
        limit: u32,
    ) -> Result<(Vec<JournalEntry>, u64), StoreError> {
        // Every condition is a bound parameter; NULL switches a filter off.
        let text = f.like_pattern();
        let filter_params = vec![
            Value::Text(user_id.to_string()),
            f.from
                .map(|d| Value::Text(d.to_string()))
                .unwrap_or(Value::Null),
            f.to.map(|d| Value::Text(d.to_string()))
                .unwrap_or(Value::Null),
            f.kind
                .map(|k| Value::Text(k.code().to_string()))
                .unwrap_or(Value::Null),
            text.map(Value::Text).unwrap_or(Value::Null),
        ];
        let filter = "user_id = ?1 AND (?2 IS NULL OR date >= ?2) AND (?3 IS NULL OR date <= ?3) \
                      AND (?4 IS NULL OR kind = ?4) AND (?5 IS NULL OR lower(location || ' ' || notes || ' ' || tags) LIKE ?5 ESCAPE '\\')";
        let conn = self.db.conn().await?;
        let mut count = conn
            .query(
                &format!("SELECT count(*) FROM journal_entries WHERE {filter}"),
                filter_params.clone(),
            )
            .await?;
        let total: i64 = match count.next().await? {
            Some(r) => r.get(0)?,
            None => 0,
        };
        let mut p = filter_params;
        p.push(Value::Integer(limit.into()));
        p.push(Value::Integer(offset.into()));
        let mut rows = conn
            .query(
                &format!(
                    "SELECT {COLUMNS} FROM journal_entries WHERE {filter} \
                     ORDER BY date DESC, created_at DESC LIMIT ?6 OFFSET ?7"
                ),
                p,
            )
            .await?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().await? {
            out.push(row_to_entry(&row)?);
        }
        Ok((out, total as u64))
    }

    async fn usage(&self, user_id: &str) -> Result<JournalUsage, StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                "SELECT entries, bytes FROM journal_usage WHERE user_id = ?1",
                [user_id],
            )
            .await?;
        Ok(match rows.next().await? {
            Some(r) => JournalUsage {
                entries: r.get::<i64>(0)?.max(0) as u64,
                bytes: r.get::<i64>(1)?.max(0) as u64,
            },
            None => JournalUsage::default(),
        })
    }
}
