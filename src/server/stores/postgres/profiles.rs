use async_trait::async_trait;
use sqlx::Row;

use super::{corrupt, user_uuid};
use crate::domain::profile::{BoulderGradeSystem, Profile, RouteGradeSystem};
use crate::server::pg::{Actor, Pg};
use crate::server::stores::{ProfileStore, StoreError};

pub struct PgProfiles {
    pg: Pg,
}

impl PgProfiles {
    pub fn new(pg: Pg) -> Self {
        Self { pg }
    }
}

#[async_trait]
impl ProfileStore for PgProfiles {
    async fn get(&self, user_id: &str) -> Result<Option<Profile>, StoreError> {
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        let row = sqlx::query(
            "SELECT display_name, bodyweight_kg, boulder_grades, route_grades, goals, age, \
               hangboard_history \
             FROM user_profiles WHERE user_id = $1",
        )
        .bind(user_uuid(user_id)?)
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        let Some(r) = row else { return Ok(None) };
        let boulder: String = r.try_get(2)?;
        let route: String = r.try_get(3)?;
        Ok(Some(Profile {
            display_name: r.try_get(0)?,
            bodyweight_kg: r.try_get(1)?,
            boulder_grades: BoulderGradeSystem::from_code(&boulder)
                .ok_or_else(|| corrupt("profile", "boulder grade system", &boulder))?,
            route_grades: RouteGradeSystem::from_code(&route)
                .ok_or_else(|| corrupt("profile", "route grade system", &route))?,
            goals: r.try_get(4)?,
            age: match r.try_get::<Option<i16>, _>(5)? {
                Some(a) => Some(u8::try_from(a).map_err(|_| corrupt("profile", "age", a))?),
                None => None,
            },
            hangboard_history: r.try_get(6)?,
        }))
    }

    async fn upsert(&self, user_id: &str, p: &Profile, now: i64) -> Result<(), StoreError> {
        let mut tx = self.pg.begin(Actor::User(user_id)).await?;
        sqlx::query(
            "INSERT INTO user_profiles \
               (user_id, display_name, bodyweight_kg, boulder_grades, route_grades, goals, updated_at, \
                age, hangboard_history) \
             VALUES ($1, $2, $3, $4, $5, $6, ms_to_ts($7 * 1000), $8, $9) \
             ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name, \
               bodyweight_kg = excluded.bodyweight_kg, boulder_grades = excluded.boulder_grades, \
               route_grades = excluded.route_grades, goals = excluded.goals, \
               updated_at = excluded.updated_at, age = excluded.age, \
               hangboard_history = excluded.hangboard_history",
        )
        .bind(user_uuid(user_id)?)
        .bind(&p.display_name)
        .bind(p.bodyweight_kg)
        .bind(p.boulder_grades.code())
        .bind(p.route_grades.code())
        .bind(&p.goals)
        .bind(now)
        .bind(p.age.map(i16::from))
        .bind(p.hangboard_history)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
