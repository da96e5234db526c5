use async_trait::async_trait;
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::query::Query;
use sqlx::Postgres;
use sqlx::Row;

use super::{corrupt, from_json, parse_id, small, to_json, user_uuid};
use crate::domain::journal::{EntryData, JournalEntry, SessionKind};
use crate::domain::when::Date;
use crate::server::pg::{Actor, Pg};
use crate::server::stores::{JournalFilter, JournalStore, JournalUsage, StoreError};

pub struct PgJournal {
    pg: Pg,
}

impl PgJournal {
    pub fn new(pg: Pg) -> Self {
        Self { pg }
    }
}

pub(super) const COLUMNS: &str = "id::text, to_char(date, 'YYYY-MM-DD'), kind, location, \
    duration_min::bigint, rpe::bigint, load::bigint, energy::bigint, sleep::bigint, \
    mood::bigint, climbs::text, pain::text, notes, tags::text, ts_to_ms(created_at), \
    ts_to_ms(updated_at)";

pub(super) fn row_to_entry(r: &PgRow) -> Result<JournalEntry, StoreError> {
    let date: String = r.try_get(1)?;
    let kind: String = r.try_get(2)?;
    let opt = |i: usize| -> Result<Option<u8>, StoreError> { Ok(small(r.try_get(i)?)) };
    let climbs: String = r.try_get(10)?;
    let pain: String = r.try_get(11)?;
    let tags: String = r.try_get(13)?;
    Ok(JournalEntry {
        id: r.try_get(0)?,
        data: EntryData {
            date: Date::parse_iso(&date).ok_or_else(|| corrupt("journal", "date", &date))?,
            kind: SessionKind::from_code(&kind).ok_or_else(|| corrupt("journal", "kind", &kind))?,
            location: r.try_get(3)?,
            duration_min: r.try_get::<i64, _>(4)? as u32,
            rpe: opt(5)?,
            energy: opt(7)?,
            sleep: opt(8)?,
            mood: opt(9)?,
            climbs: from_json("journal", "climbs", &climbs)?,
            pain: from_json("journal", "pain", &pain)?,
            notes: r.try_get(12)?,
            tags: from_json("journal", "tags", &tags)?,
        },
        load: r.try_get::<Option<i64>, _>(6)?.map(|n| n as u32),
        created_at: r.try_get(14)?,
        updated_at: r.try_get(15)?,
    })
}

/// Binds an entry's fields, `date` to `tags`, in the column order that both the INSERT and
/// the UPDATE use ($3 to $15).
fn bind_data<'q>(
    query: Query<'q, Postgres, PgArguments>,
    e: &'q JournalEntry,
) -> Result<Query<'q, Postgres, PgArguments>, StoreError> {
    let d = &e.data;
    Ok(query
        .bind(d.date.to_string())
        .bind(d.kind.code())
        .bind(&d.location)
        .bind(d.duration_min as i32)
        .bind(d.rpe.map(i16::from))
        .bind(e.load.map(|n| n as i32))
        .bind(d.energy.map(i16::from))
        .bind(d.sleep.map(i16::from))
        .bind(d.mood.map(i16::from))
        .bind(to_json("journal", &d.climbs)?)
        .bind(to_json("journal", &d.pain)?)
        .bind(&d.notes)
        .bind(to_json("journal", &d.tags)?))
}

/// Inserts one entry on `conn` (inside the caller's transaction). Shared with programs:
/// completing a session writes its entry in the same transaction.
pub(super) async fn insert_on(
    conn: &mut crate::server::pg::TimedConn,
    user_id: &str,
    e: &JournalEntry,
) -> Result<(), StoreError> {
    let id = parse_id(&e.id).ok_or_else(|| corrupt("journal", "id", &e.id))?;
    let query = sqlx::query(
        "INSERT INTO journal_entries (id, user_id, date, kind, location, duration_min, rpe, \
           load, energy, sleep, mood, climbs, pain, notes, tags, created_at, updated_at) \
         VALUES ($1, $2, $3::date, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb, \
           $14, $15::jsonb, ms_to_ts($16), ms_to_ts($17))",
    )
    .bind(id)
    .bind(user_uuid(user_id)?);
    bind_data(query, e)?
        .bind(e.created_at)
        .bind(e.updated_at)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[async_trait]
impl JournalStore for PgJournal {
    async fn insert(&self, user_id: &str, e: &JournalEntry) -> Result<(), StoreError> {
        self.insert_many(user_id, std::slice::from_ref(e)).await
    }

    async fn insert_many(&self, user_id: &str, entries: &[JournalEntry]) -> Result<(), StoreError> {
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        for e in entries {
            insert_on(&mut tx, user_id, e).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn update(&self, user_id: &str, e: &JournalEntry) -> Result<bool, StoreError> {
        let Some(id) = parse_id(&e.id) else {
            return Ok(false);
        };
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        let query = sqlx::query(
            "UPDATE journal_entries SET date = $3::date, kind = $4, location = $5, \
               duration_min = $6, rpe = $7, load = $8, energy = $9, sleep = $10, mood = $11, \
               climbs = $12::jsonb, pain = $13::jsonb, notes = $14, tags = $15::jsonb, \
               updated_at = ms_to_ts($16) \
             WHERE id = $1 AND user_id = $2",
        )
        .bind(id)
        .bind(user_uuid(user_id)?);
        let n = bind_data(query, e)?
            .bind(e.updated_at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(n == 1)
    }

    async fn delete(&self, user_id: &str, id: &str) -> Result<bool, StoreError> {
        let Some(id) = parse_id(id) else {
            return Ok(false);
        };
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        let n = sqlx::query("DELETE FROM journal_entries WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user_uuid(user_id)?)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(n == 1)
    }

    async fn get(&self, user_id: &str, id: &str) -> Result<Option<JournalEntry>, StoreError> {
        let Some(id) = parse_id(id) else {
            return Ok(None);
        };
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM journal_entries WHERE id = $1 AND user_id = $2"
        ))
        .bind(id)
        .bind(user_uuid(user_id)?)
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        row.as_ref().map(row_to_entry).transpose()
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
        let filter = "user_id = $1 AND ($2::date IS NULL OR date >= $2::date) \
             AND ($3::date IS NULL OR date <= $3::date) AND ($4::text IS NULL OR kind = $4) \
             AND ($5::text IS NULL OR lower(location || ' ' || notes || ' ' || tags::text) \
                  LIKE $5 ESCAPE '\\')";
        let user = user_uuid(user_id)?;
        let (from, to) = (f.from.map(|d| d.to_string()), f.to.map(|d| d.to_string()));
        let kind = f.kind.map(|k| k.code());
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        let total: i64 = sqlx::query_scalar(&format!(
            "SELECT count(*) FROM journal_entries WHERE {filter}"
        ))
        .bind(user)
        .bind(&from)
        .bind(&to)
        .bind(kind)
        .bind(&text)
        .fetch_one(&mut *tx)
        .await?;
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM journal_entries WHERE {filter} \
             ORDER BY date DESC, created_at DESC LIMIT $6 OFFSET $7"
        ))
        .bind(user)
        .bind(&from)
        .bind(&to)
        .bind(kind)
        .bind(&text)
        .bind(i64::from(limit))
        .bind(i64::from(offset))
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let entries = rows.iter().map(row_to_entry).collect::<Result<_, _>>()?;
        Ok((entries, total as u64))
    }

    async fn usage(&self, user_id: &str) -> Result<JournalUsage, StoreError> {
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        let row: Option<(i64, i64)> =
            sqlx::query_as("SELECT entries, bytes FROM journal_usage WHERE user_id = $1")
                .bind(user_uuid(user_id)?)
                .fetch_optional(&mut *tx)
                .await?;
        tx.commit().await?;
        Ok(row
            .map(|(entries, bytes)| JournalUsage {
                entries: entries.max(0) as u64,
                bytes: bytes.max(0) as u64,
            })
            .unwrap_or_default())
    }
}
