use async_trait::async_trait;

use crate::domain::onboarding::OnboardingAnswers;
use crate::server::db::Db;
use crate::server::stores::{OnboardingRecord, OnboardingStore, StoreError};

pub struct LibsqlOnboarding {
    db: Db,
}

impl LibsqlOnboarding {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    super::corrupt("onboarding", what, e)
}

#[async_trait]
impl OnboardingStore for LibsqlOnboarding {
    async fn get(&self, user_id: &str) -> Result<Option<OnboardingRecord>, StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                "SELECT step, furthest, answers, started_at, updated_at, finished_at \
                 FROM onboarding WHERE user_id = ?1",
                libsql::params![user_id],
            )
            .await?;
        let Some(row) = rows.next().await? else {
            return Ok(None);
        };
        let answers: String = row.get(2)?;
        let step: i64 = row.get(0)?;
        let furthest: i64 = row.get(1)?;
        Ok(Some(OnboardingRecord {
            step: u8::try_from(step).map_err(|e| corrupt("step", e))?,
            furthest: u8::try_from(furthest).map_err(|e| corrupt("furthest", e))?,
            answers: serde_json::from_str::<OnboardingAnswers>(&answers)
                .map_err(|e| corrupt("answers", e))?,
            started_at: row.get(3)?,
            updated_at: row.get(4)?,
            finished_at: row.get(5)?,
        }))
    }

    async fn save(&self, user_id: &str, record: &OnboardingRecord) -> Result<(), StoreError> {
        let answers = serde_json::to_string(&record.answers).map_err(|e| corrupt("json", e))?;
        self.db
            .write(async |c| {
                // `furthest` never goes back, whatever the caller sends: it is the funnel.
                c.execute(
                    "INSERT INTO onboarding \
                       (user_id, step, furthest, answers, started_at, updated_at, finished_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
                     ON CONFLICT(user_id) DO UPDATE SET step = excluded.step, \
                       furthest = MAX(onboarding.furthest, excluded.furthest), \
                       answers = excluded.answers, updated_at = excluded.updated_at, \
                       finished_at = COALESCE(onboarding.finished_at, excluded.finished_at)",
                    libsql::params![
                        user_id,
                        i64::from(record.step),
                        i64::from(record.furthest),
                        answers,
                        record.started_at,
                        record.updated_at,
                        record.finished_at
                    ],
                )
                .await?;
                Ok(())
            })
            .await
    }

    async fn funnel(&self) -> Result<Vec<(u8, u64)>, StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                "SELECT furthest, COUNT(*) FROM onboarding GROUP BY furthest ORDER BY furthest",
                (),
            )
            .await?;
        let mut by_furthest = Vec::new();
        while let Some(row) = rows.next().await? {
            let step: i64 = row.get(0)?;
            let n: i64 = row.get(1)?;
            by_furthest.push((step, n));
        }
        // Reaching step k means having passed every step before it.
        Ok((1..=7u8)
            .map(|k| {
                let reached = by_furthest
                    .iter()
                    .filter(|(s, _)| *s >= i64::from(k))
                    .map(|(_, n)| *n as u64)
                    .sum();
                (k, reached)
            })
            .collect())
    }
}
