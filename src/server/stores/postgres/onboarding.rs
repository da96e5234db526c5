use async_trait::async_trait;
use sqlx::Row;

use super::{corrupt, from_json, to_json, user_uuid};
use crate::server::pg::{Actor, Pg};
use crate::server::stores::{OnboardingRecord, OnboardingStore, StoreError};

pub struct PgOnboarding {
    pg: Pg,
}

impl PgOnboarding {
    pub fn new(pg: Pg) -> Self {
        Self { pg }
    }
}

#[async_trait]
impl OnboardingStore for PgOnboarding {
    async fn get(&self, user_id: &str) -> Result<Option<OnboardingRecord>, StoreError> {
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        let row = sqlx::query(
            "SELECT step::bigint, furthest::bigint, answers::text, ts_to_ms(started_at), \
               ts_to_ms(updated_at), ts_to_ms(finished_at) \
             FROM onboarding WHERE user_id = $1",
        )
        .bind(user_uuid(user_id)?)
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        let Some(r) = row else { return Ok(None) };
        let answers: String = r.try_get(2)?;
        let step: i64 = r.try_get(0)?;
        let furthest: i64 = r.try_get(1)?;
        Ok(Some(OnboardingRecord {
            step: u8::try_from(step).map_err(|e| corrupt("onboarding", "step", e))?,
            furthest: u8::try_from(furthest).map_err(|e| corrupt("onboarding", "furthest", e))?,
            answers: from_json("onboarding", "answers", &answers)?,
            started_at: r.try_get(3)?,
            updated_at: r.try_get(4)?,
            finished_at: r.try_get(5)?,
        }))
    }

    async fn save(&self, user_id: &str, record: &OnboardingRecord) -> Result<(), StoreError> {
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        // `furthest` never goes back, whatever the caller sends: it is the funnel.
        sqlx::query(
            "INSERT INTO onboarding \
               (user_id, step, furthest, answers, started_at, updated_at, finished_at) \
             VALUES ($1, $2, $3, $4::jsonb, ms_to_ts($5), ms_to_ts($6), ms_to_ts($7)) \
             ON CONFLICT (user_id) DO UPDATE SET step = excluded.step, \
               furthest = greatest(onboarding.furthest, excluded.furthest), \
               answers = excluded.answers, updated_at = excluded.updated_at, \
               finished_at = coalesce(onboarding.finished_at, excluded.finished_at)",
        )
        .bind(user_uuid(user_id)?)
        .bind(i16::from(record.step))
        .bind(i16::from(record.furthest))
        .bind(to_json("onboarding", &record.answers)?)
        .bind(record.started_at)
        .bind(record.updated_at)
        .bind(record.finished_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn funnel(&self) -> Result<Vec<(u8, u64)>, StoreError> {
        // For operators, across all climbers: the service role (SELECT on onboarding only).
        let mut tx = self.pg.begin(Actor::Service).await?;
        // Reaching step k means having passed every step before it.
        let rows = sqlx::query(
            "SELECT k::bigint, (SELECT count(*) FROM onboarding WHERE furthest >= k) \
             FROM generate_series(1, 7) AS k ORDER BY k",
        )
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter()
            .map(|r| {
                let k: i64 = r.try_get(0)?;
                let n: i64 = r.try_get(1)?;
                Ok((k as u8, n as u64))
            })
            .collect()
    }
}
