use async_trait::async_trait;
use sqlx::Row;

use super::user_uuid;
use crate::domain::admin::{ActiveClimbers, AdminEntry};
use crate::server::pg::{Actor, Pg};
use crate::server::stores::libsql::merge_days;
use crate::server::stores::{AdminStore, DayCounts, StoreError, TableSizeRecord};

/// Everything here but `is_admin` runs as `climbingpill_admin`, which may read only the
/// aggregate `admin_*` views and write `admins` and `table_growth` (migrations/postgres/0006).
pub struct PgAdmin {
    pg: Pg,
}

impl PgAdmin {
    pub fn new(pg: Pg) -> Self {
        Self { pg }
    }
}

const DAY_MS: i64 = 86_400_000;

fn count(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

#[async_trait]
impl AdminStore for PgAdmin {
    async fn is_admin(&self, user_id: &str) -> Result<bool, StoreError> {
        // As the climber: RLS shows a climber their own row of `admins` only.
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        let found: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM admins WHERE user_id = $1)")
                .bind(user_uuid(user_id)?)
                .fetch_one(&mut *tx)
                .await?;
        tx.commit().await?;
        Ok(found)
    }

    async fn grant(&self, user_id: &str, now: i64) -> Result<bool, StoreError> {
        let mut tx = self.pg.begin(Actor::Admin).await?;
        let done = sqlx::query(
            "INSERT INTO admins (user_id, granted_at) VALUES ($1, ms_to_ts($2)) \
             ON CONFLICT (user_id) DO NOTHING",
        )
        .bind(user_uuid(user_id)?)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    async fn revoke(&self, user_id: &str) -> Result<bool, StoreError> {
        let mut tx = self.pg.begin(Actor::Admin).await?;
        let done = sqlx::query("DELETE FROM admins WHERE user_id = $1")
            .bind(user_uuid(user_id)?)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    async fn admins(&self) -> Result<Vec<AdminEntry>, StoreError> {
        let mut tx = self.pg.begin(Actor::Admin).await?;
        let rows = sqlx::query("SELECT email, granted_at FROM admin_admins ORDER BY email")
            .fetch_all(&mut *tx)
            .await?;
        tx.commit().await?;
        rows.iter()
            .map(|r| {
                Ok(AdminEntry {
                    email: r.try_get(0)?,
                    granted_at: r.try_get(1)?,
                })
            })
            .collect()
    }

    async fn active_climbers(&self, now: i64) -> Result<ActiveClimbers, StoreError> {
        let mut tx = self.pg.begin(Actor::Admin).await?;
        let r = sqlx::query(
            "SELECT count(*) FILTER (WHERE last_active >= $1), \
                    count(*) FILTER (WHERE last_active >= $2), \
                    count(*) FILTER (WHERE last_active >= $3) \
             FROM admin_last_active",
        )
        .bind(now - DAY_MS)
        .bind(now - 7 * DAY_MS)
        .bind(now - 30 * DAY_MS)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(ActiveClimbers {
            daily: count(r.try_get(0)?),
            weekly: count(r.try_get(1)?),
            monthly: count(r.try_get(2)?),
        })
    }

    async fn daily(&self, from_day: &str) -> Result<Vec<DayCounts>, StoreError> {
        let mut tx = self.pg.begin(Actor::Admin).await?;
        let journal = sqlx::query(
            "SELECT to_char(day, 'YYYY-MM-DD'), entries FROM admin_daily_journal \
             WHERE day >= $1::date",
        )
        .bind(from_day)
        .fetch_all(&mut *tx)
        .await?;
        let runs = sqlx::query(
            "SELECT to_char(day, 'YYYY-MM-DD'), turns, tokens_in, tokens_out, errors, \
               tool_calls, tool_failures FROM admin_daily_runs WHERE day >= $1::date",
        )
        .bind(from_day)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let journal = journal
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<Vec<(String, i64)>, StoreError>>()?;
        let runs = runs
            .iter()
            .map(|r| {
                Ok(DayCounts {
                    day: r.try_get(0)?,
                    sessions_logged: 0,
                    coach_turns: count(r.try_get(1)?),
                    tokens_in: count(r.try_get(2)?),
                    tokens_out: count(r.try_get(3)?),
                    errors: count(r.try_get(4)?),
                    tool_calls: count(r.try_get(5)?),
                    tool_failures: count(r.try_get(6)?),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(merge_days(journal, runs))
    }

    async fn record_table_sizes(&self, day: &str, now: i64) -> Result<(), StoreError> {
        let mut tx = self.pg.begin(Actor::Admin).await?;
        sqlx::query(
            "INSERT INTO table_growth (day, table_name, rows, bytes, recorded_at) \
             SELECT $1::date, table_name, rows, bytes, ms_to_ts($2) FROM admin_table_sizes \
             ON CONFLICT (day, table_name) DO UPDATE SET rows = excluded.rows, \
               bytes = excluded.bytes, recorded_at = excluded.recorded_at",
        )
        .bind(day)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn table_sizes(&self, from_day: &str) -> Result<Vec<TableSizeRecord>, StoreError> {
        let mut tx = self.pg.begin(Actor::Admin).await?;
        let rows = sqlx::query(
            "SELECT to_char(day, 'YYYY-MM-DD'), table_name, rows, bytes FROM table_growth \
             WHERE day >= $1::date ORDER BY table_name, day",
        )
        .bind(from_day)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter()
            .map(|r| {
                Ok(TableSizeRecord {
                    day: r.try_get(0)?,
                    table: r.try_get(1)?,
                    rows: count(r.try_get(2)?),
                    bytes: r.try_get::<Option<i64>, _>(3)?.map(count),
                })
            })
            .collect()
    }

    async fn has_table_sizes(&self, day: &str) -> Result<bool, StoreError> {
        let mut tx = self.pg.begin(Actor::Admin).await?;
        let found: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM table_growth WHERE day = $1::date)")
                .bind(day)
                .fetch_one(&mut *tx)
                .await?;
        tx.commit().await?;
        Ok(found)
    }
}
