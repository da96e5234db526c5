use async_trait::async_trait;

use crate::domain::assessment::{Assessment, AssessmentDraft};
use crate::domain::when::Date;
use crate::server::db::Db;
use crate::server::stores::{AssessmentStore, StoreError};

pub struct LibsqlAssessments {
    db: Db,
}

impl LibsqlAssessments {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

pub(super) const COLUMNS: &str = "id, taken_on, background, tests, created_at";

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    super::corrupt("assessment", what, e)
}

pub(super) fn row_to_assessment(row: &libsql::Row) -> Result<Assessment, StoreError> {
    let taken_on: String = row.get(1)?;
    let background: String = row.get(2)?;
    let tests: String = row.get(3)?;
    Ok(Assessment {
        id: row.get(0)?,
        taken_on: Date::parse_iso(&taken_on).ok_or_else(|| corrupt("date", &taken_on))?,
        background: serde_json::from_str(&background).map_err(|e| corrupt("background", e))?,
        tests: serde_json::from_str(&tests).map_err(|e| corrupt("tests", e))?,
        created_at: row.get(4)?,
    })
}

async fn insert_on(
    c: &libsql::Connection,
    user_id: &str,
    a: &Assessment,
) -> Result<(), StoreError> {
    let background = serde_json::to_string(&a.background).map_err(|e| corrupt("json", e))?;
    let tests = serde_json::to_string(&a.tests).map_err(|e| corrupt("json", e))?;
    c.execute(
        "INSERT INTO assessments (id, user_id, taken_on, background, tests, created_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        libsql::params![
            a.id.as_str(),
            user_id,
            a.taken_on.to_string(),
            background,
            tests,
            a.created_at
        ],
    )
    .await?;
    Ok(())
}

#[async_trait]
impl AssessmentStore for LibsqlAssessments {
    async fn insert(&self, user_id: &str, a: &Assessment) -> Result<(), StoreError> {
        self.db
            .write(async |c| insert_on(c, user_id, a).await)
            .await
    }

    async fn finish(&self, user_id: &str, a: &Assessment) -> Result<(), StoreError> {
        self.db
            .write(async |c| {
                insert_on(c, user_id, a).await?;
                c.execute(
                    "DELETE FROM assessment_drafts WHERE user_id = ?1",
                    libsql::params![user_id],
                )
                .await?;
                Ok(())
            })
            .await
    }

    async fn draft(&self, user_id: &str) -> Result<Option<AssessmentDraft>, StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                "SELECT draft FROM assessment_drafts WHERE user_id = ?1",
                libsql::params![user_id],
            )
            .await?;
        match rows.next().await? {
            Some(row) => {
                let json: String = row.get(0)?;
                Ok(Some(
                    serde_json::from_str(&json).map_err(|e| corrupt("draft", e))?,
                ))
            }
            None => Ok(None),
        }
    }

    async fn save_draft(
        &self,
        user_id: &str,
        draft: &AssessmentDraft,
        now: i64,
    ) -> Result<(), StoreError> {
        let json = serde_json::to_string(draft).map_err(|e| corrupt("json", e))?;
        self.db
            .write(async |c| {
                c.execute(
                    "INSERT INTO assessment_drafts (user_id, draft, updated_at) VALUES (?1, ?2, ?3) \
                     ON CONFLICT(user_id) DO UPDATE SET draft = excluded.draft, updated_at = excluded.updated_at",
                    libsql::params![user_id, json, now],
                )
                .await?;
                Ok(())
            })
            .await
    }

    async fn get(&self, user_id: &str, id: &str) -> Result<Option<Assessment>, StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                &format!("SELECT {COLUMNS} FROM assessments WHERE id = ?1 AND user_id = ?2"),
                libsql::params![id, user_id],
            )
            .await?;
        match rows.next().await? {
            Some(row) => Ok(Some(row_to_assessment(&row)?)),
            None => Ok(None),
        }
    }

    async fn list(&self, user_id: &str, limit: u32) -> Result<Vec<Assessment>, StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                &format!(
                    "SELECT {COLUMNS} FROM assessments WHERE user_id = ?1 \
                     ORDER BY created_at DESC, id DESC LIMIT ?2"
                ),
                libsql::params![user_id, limit],
            )
            .await?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().await? {
            out.push(row_to_assessment(&row)?);
        }
        Ok(out)
    }
}
