use async_trait::async_trait;
use sqlx::postgres::PgRow;
use sqlx::Row;

use super::{corrupt, from_json, parse_id, to_json, user_uuid};
use crate::domain::assessment::{Assessment, AssessmentDraft};
use crate::domain::when::Date;
use crate::server::pg::{Actor, Pg};
use crate::server::stores::{AssessmentStore, StoreError};

pub struct PgAssessments {
    pg: Pg,
}

impl PgAssessments {
    pub fn new(pg: Pg) -> Self {
        Self { pg }
    }
}

pub(super) const COLUMNS: &str =
    "id::text, to_char(taken_on, 'YYYY-MM-DD'), background::text, tests::text, \
                       ts_to_ms(created_at)";

pub(super) fn row_to_assessment(r: &PgRow) -> Result<Assessment, StoreError> {
    let taken_on: String = r.try_get(1)?;
    let background: String = r.try_get(2)?;
    let tests: String = r.try_get(3)?;
    Ok(Assessment {
        id: r.try_get(0)?,
        taken_on: Date::parse_iso(&taken_on)
            .ok_or_else(|| corrupt("assessment", "date", &taken_on))?,
        background: from_json("assessment", "background", &background)?,
        tests: from_json("assessment", "tests", &tests)?,
        created_at: r.try_get(4)?,
    })
}

async fn insert_on(
    conn: &mut crate::server::pg::TimedConn,
    user_id: &str,
    a: &Assessment,
) -> Result<(), StoreError> {
    let id = parse_id(&a.id).ok_or_else(|| corrupt("assessment", "id", &a.id))?;
    sqlx::query(
        "INSERT INTO assessments (id, user_id, taken_on, background, tests, created_at) \
         VALUES ($1, $2, $3::date, $4::jsonb, $5::jsonb, ms_to_ts($6))",
    )
    .bind(id)
    .bind(user_uuid(user_id)?)
    .bind(a.taken_on.to_string())
    .bind(to_json("assessment", &a.background)?)
    .bind(to_json("assessment", &a.tests)?)
    .bind(a.created_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[async_trait]
impl AssessmentStore for PgAssessments {
    async fn insert(&self, user_id: &str, a: &Assessment) -> Result<(), StoreError> {
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        insert_on(&mut tx, user_id, a).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn finish(&self, user_id: &str, a: &Assessment) -> Result<(), StoreError> {
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        insert_on(&mut tx, user_id, a).await?;
        sqlx::query("DELETE FROM assessment_drafts WHERE user_id = $1")
            .bind(user_uuid(user_id)?)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn draft(&self, user_id: &str) -> Result<Option<AssessmentDraft>, StoreError> {
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        let json: Option<String> =
            sqlx::query_scalar("SELECT draft::text FROM assessment_drafts WHERE user_id = $1")
                .bind(user_uuid(user_id)?)
                .fetch_optional(&mut *tx)
                .await?;
        tx.commit().await?;
        json.map(|j| from_json("assessment", "draft", &j))
            .transpose()
    }

    async fn save_draft(
        &self,
        user_id: &str,
        draft: &AssessmentDraft,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        sqlx::query(
            "INSERT INTO assessment_drafts (user_id, draft, updated_at) \
             VALUES ($1, $2::jsonb, ms_to_ts($3)) \
             ON CONFLICT (user_id) DO UPDATE SET draft = excluded.draft, \
               updated_at = excluded.updated_at",
        )
        .bind(user_uuid(user_id)?)
        .bind(to_json("assessment", draft)?)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn get(&self, user_id: &str, id: &str) -> Result<Option<Assessment>, StoreError> {
        let Some(id) = parse_id(id) else {
            return Ok(None);
        };
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM assessments WHERE id = $1 AND user_id = $2"
        ))
        .bind(id)
        .bind(user_uuid(user_id)?)
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        row.as_ref().map(row_to_assessment).transpose()
    }

    async fn list(&self, user_id: &str, limit: u32) -> Result<Vec<Assessment>, StoreError> {
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM assessments WHERE user_id = $1 \
             ORDER BY created_at DESC, id DESC LIMIT $2"
        ))
        .bind(user_uuid(user_id)?)
        .bind(i64::from(limit))
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter().map(row_to_assessment).collect()
    }
}
