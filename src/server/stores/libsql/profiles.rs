use async_trait::async_trait;

use crate::domain::profile::{BoulderGradeSystem, Profile, RouteGradeSystem};
use crate::server::db::{Db, DbError};
use crate::server::stores::{ProfileStore, StoreError};

pub struct LibsqlProfiles {
    db: Db,
}

impl LibsqlProfiles {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

#[async_trait]
impl ProfileStore for LibsqlProfiles {
    async fn get(&self, user_id: &str) -> Result<Option<Profile>, StoreError> {
        let conn = self.db.conn().await?;
        let mut rows = conn
            .query(
                "SELECT display_name, bodyweight_kg, boulder_grades, route_grades, goals, age, \
                   hangboard_history \
                 FROM user_profiles WHERE user_id = ?1",
                [user_id],
            )
            .await?;
        let Some(row) = rows.next().await? else {
            return Ok(None);
        };
        let boulder: String = row.get(2)?;
        let route: String = row.get(3)?;
        Ok(Some(Profile {
            display_name: row.get(0)?,
            bodyweight_kg: row.get(1)?,
            boulder_grades: BoulderGradeSystem::from_code(&boulder)
                .ok_or_else(|| DbError::Corrupt(format!("boulder grade system {boulder:?}")))?,
            route_grades: RouteGradeSystem::from_code(&route)
                .ok_or_else(|| DbError::Corrupt(format!("route grade system {route:?}")))?,
            goals: row.get(4)?,
            age: match row.get::<Option<i64>>(5)? {
                Some(a) => Some(
                    u8::try_from(a).map_err(|_| DbError::Corrupt(format!("profile age {a}")))?,
                ),
                None => None,
            },
            hangboard_history: row.get::<Option<i64>>(6)?.map(|h| h != 0),
        }))
    }

    async fn upsert(&self, user_id: &str, p: &Profile, now: i64) -> Result<(), StoreError> {
        self.db
            .write(async |c| {
                c.execute(
                    "INSERT INTO user_profiles \
                       (user_id, display_name, bodyweight_kg, boulder_grades, route_grades, goals, updated_at, \
                        age, hangboard_history) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
                     ON CONFLICT(user_id) DO UPDATE SET display_name = excluded.display_name, \
                       bodyweight_kg = excluded.bodyweight_kg, boulder_grades = excluded.boulder_grades, \
                       route_grades = excluded.route_grades, goals = excluded.goals, updated_at = excluded.updated_at, \
                       age = excluded.age, hangboard_history = excluded.hangboard_history",
                    libsql::params![
                        user_id,
                        p.display_name.as_str(),
                        p.bodyweight_kg,
                        p.boulder_grades.code(),
                        p.route_grades.code(),
                        p.goals.as_str(),
                        now,
                        p.age.map(i64::from),
                        p.hangboard_history.map(i64::from)
                    ],
                )
                .await?;
                Ok(())
            })
            .await
    }
}
