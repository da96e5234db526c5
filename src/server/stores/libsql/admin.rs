use async_trait::async_trait;

use crate::domain::admin::{ActiveClimbers, AdminEntry};
use crate::server::db::{Db, DbError};
use crate::server::stores::{AdminStore, DayCounts, StoreError, TableSizeRecord};

pub struct LibsqlAdmin {
    db: Db,
}

impl LibsqlAdmin {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

const DAY_MS: i64 = 86_400_000;

fn count(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// What agent memory holds (it always lives in libSQL): threads, messages, and the climbers
/// whose working memory changed in the 24 hours and 7 days before `now` (unix ms).
pub async fn memory_counts(db: &Db, now: i64) -> Result<(u64, u64, u64, u64), StoreError> {
    let conn = db.conn().await?;
    let rows = conn
        .query_cached(
            "SELECT (SELECT count(*) FROM threads), (SELECT count(*) FROM messages), \
               (SELECT count(*) FROM working_memory WHERE updated_at >= ?1), \
               (SELECT count(*) FROM working_memory WHERE updated_at >= ?2)",
            [now - DAY_MS, now - 7 * DAY_MS],
            |r| -> Result<_, StoreError> {
                Ok((
                    count(r.get(0)?),
                    count(r.get(1)?),
                    count(r.get(2)?),
                    count(r.get(3)?),
                ))
            },
        )
        .await?;
    Ok(rows.into_iter().next().unwrap_or_default())
}

/// The tables whose size the snapshot records: every ordinary table, without SQLite's and
/// libSQL's own and without the shadow tables of a full-text index (counted with it).
async fn tables(db: &Db) -> Result<Vec<String>, StoreError> {
    let conn = db.conn().await?;
    let all: Vec<(String, String)> = conn
        .query_cached(
            "SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'libsql_%' ORDER BY name",
            (),
            |r| -> Result<_, StoreError> { Ok((r.get(0)?, r.get(1)?)) },
        )
        .await?;
    let virtual_tables: Vec<&str> = all
        .iter()
        .filter(|(_, sql)| sql.to_uppercase().starts_with("CREATE VIRTUAL"))
        .map(|(name, _)| name.as_str())
        .collect();
    Ok(all
        .iter()
        .filter(|(name, _)| {
            !virtual_tables.iter().any(|v| {
                name == v
                    || name
                        .strip_prefix(v)
                        .is_some_and(|rest| rest.starts_with('_'))
            })
        })
        .map(|(name, _)| name.clone())
        .collect())
}

#[async_trait]
impl AdminStore for LibsqlAdmin {
    async fn is_admin(&self, user_id: &str) -> Result<bool, StoreError> {
        let conn = self.db.conn().await?;
        let rows = conn
            .query_cached("SELECT 1 FROM admins WHERE user_id = ?1", [user_id], |_| {
                Ok::<_, StoreError>(())
            })
            .await?;
        Ok(!rows.is_empty())
    }

    async fn grant(&self, user_id: &str, now: i64) -> Result<bool, StoreError> {
        let user_id = user_id.to_string();
        self.db
            .write(async |c| {
                let n = c
                    .execute(
                        "INSERT INTO admins (user_id, granted_at) VALUES (?1, ?2) \
                         ON CONFLICT (user_id) DO NOTHING",
                        libsql::params![user_id.as_str(), now],
                    )
                    .await?;
                Ok(n > 0)
            })
            .await
    }

    async fn revoke(&self, user_id: &str) -> Result<bool, StoreError> {
        let user_id = user_id.to_string();
        self.db
            .write(async |c| {
                let n = c
                    .execute("DELETE FROM admins WHERE user_id = ?1", [user_id.as_str()])
                    .await?;
                Ok(n > 0)
            })
            .await
    }

    async fn admins(&self) -> Result<Vec<AdminEntry>, StoreError> {
        let conn = self.db.conn().await?;
        conn.query_cached(
            "SELECT a.email, ad.granted_at FROM admins ad JOIN accounts a ON a.id = ad.user_id \
             ORDER BY a.email",
            (),
            |r| -> Result<_, StoreError> {
                Ok(AdminEntry {
                    email: r.get(0)?,
                    granted_at: r.get(1)?,
                })
            },
        )
        .await
    }

    async fn active_climbers(&self, now: i64) -> Result<ActiveClimbers, StoreError> {
        let conn = self.db.conn().await?;
        // Sessions keep unix seconds; runs and journal entries milliseconds.
        let rows = conn
            .query_cached(
                "SELECT coalesce(sum(last >= ?1), 0), coalesce(sum(last >= ?2), 0), \
                   coalesce(sum(last >= ?3), 0) \
                 FROM (SELECT max(t) AS last FROM ( \
                   SELECT user_id, last_seen_at * 1000 AS t FROM sessions \
                   UNION ALL SELECT user_id, created_at FROM conversation_history \
                   UNION ALL SELECT user_id, created_at FROM journal_entries) \
                 GROUP BY user_id)",
                [now - DAY_MS, now - 7 * DAY_MS, now - 30 * DAY_MS],
                |r| -> Result<_, StoreError> {
                    Ok(ActiveClimbers {
                        daily: count(r.get(0)?),
                        weekly: count(r.get(1)?),
                        monthly: count(r.get(2)?),
                    })
                },
            )
            .await?;
        Ok(rows.into_iter().next().unwrap_or_default())
    }

    async fn daily(&self, from_day: &str) -> Result<Vec<DayCounts>, StoreError> {
        let conn = self.db.conn().await?;
        let journal: Vec<(String, i64)> = conn
            .query_cached(
                "SELECT date(created_at / 1000, 'unixepoch') AS day, count(*) \
                 FROM journal_entries WHERE created_at >= unixepoch(?1) * 1000 GROUP BY day",
                [from_day],
                |r| -> Result<_, StoreError> { Ok((r.get(0)?, r.get(1)?)) },
            )
            .await?;
        let runs: Vec<DayCounts> = conn
            .query_cached(
                "SELECT date(created_at / 1000, 'unixepoch') AS day, count(*), \
                   coalesce(sum(tokens_in), 0), coalesce(sum(tokens_out), 0), \
                   sum(status = 'error'), coalesce(sum(json_array_length(tools)), 0), \
                   coalesce(sum((SELECT count(*) FROM json_each(tools) \
                                 WHERE json_extract(value, '$.ok') = 0)), 0) \
                 FROM conversation_history WHERE created_at >= unixepoch(?1) * 1000 \
                 GROUP BY day",
                [from_day],
                |r| -> Result<_, StoreError> {
                    Ok(DayCounts {
                        day: r.get(0)?,
                        sessions_logged: 0,
                        coach_turns: count(r.get(1)?),
                        tokens_in: count(r.get(2)?),
                        tokens_out: count(r.get(3)?),
                        errors: count(r.get(4)?),
                        tool_calls: count(r.get(5)?),
                        tool_failures: count(r.get(6)?),
                    })
                },
            )
            .await?;
        Ok(merge_days(journal, runs))
    }

    async fn record_table_sizes(&self, day: &str, now: i64) -> Result<(), StoreError> {
        let names = tables(&self.db).await?;
        let conn = self.db.conn().await?;
        let mut sizes = Vec::with_capacity(names.len());
        for name in &names {
            let sql = format!("SELECT count(*) FROM \"{}\"", name.replace('"', "\"\""));
            let mut rows = conn.query(&sql, ()).await.map_err(DbError::from)?;
            let n: i64 = match rows.next().await.map_err(DbError::from)? {
                Some(r) => r.get(0).map_err(DbError::from)?,
                None => 0,
            };
            sizes.push((name.clone(), n));
        }
        // Pages per table, its indexes included (SQLite's dbstat; not on a remote server).
        let bytes: Option<Vec<(String, i64)>> = conn
            .query_cached(
                "SELECT m.tbl_name, sum(s.pgsize) FROM dbstat s \
                 JOIN sqlite_master m ON m.name = s.name GROUP BY m.tbl_name",
                (),
                |r| -> Result<_, StoreError> { Ok((r.get(0)?, r.get(1)?)) },
            )
            .await
            .ok();
        drop(conn);
        let day = day.to_string();
        self.db
            .write(async |c| {
                for (name, rows) in &sizes {
                    let b = bytes
                        .as_ref()
                        .map(|all| all.iter().find(|(t, _)| t == name).map_or(0, |(_, b)| *b));
                    c.execute(
                        "INSERT INTO table_growth (day, table_name, rows, bytes, recorded_at) \
                         VALUES (?1, ?2, ?3, ?4, ?5) \
                         ON CONFLICT (day, table_name) DO UPDATE SET rows = excluded.rows, \
                           bytes = excluded.bytes, recorded_at = excluded.recorded_at",
                        libsql::params![day.as_str(), name.as_str(), *rows, b, now],
                    )
                    .await?;
                }
                Ok(())
            })
            .await
    }

    async fn table_sizes(&self, from_day: &str) -> Result<Vec<TableSizeRecord>, StoreError> {
        let conn = self.db.conn().await?;
        conn.query_cached(
            "SELECT day, table_name, rows, bytes FROM table_growth WHERE day >= ?1 \
             ORDER BY table_name, day",
            [from_day],
            |r| -> Result<_, StoreError> {
                Ok(TableSizeRecord {
                    day: r.get(0)?,
                    table: r.get(1)?,
                    rows: count(r.get(2)?),
                    bytes: r.get::<Option<i64>>(3)?.map(count),
                })
            },
        )
        .await
    }

    async fn has_table_sizes(&self, day: &str) -> Result<bool, StoreError> {
        let conn = self.db.conn().await?;
        let rows = conn
            .query_cached(
                "SELECT 1 FROM table_growth WHERE day = ?1 LIMIT 1",
                [day],
                |_| Ok::<_, StoreError>(()),
            )
            .await?;
        Ok(!rows.is_empty())
    }
}

/// Journal counts and run counts per day, merged into one row per day, oldest first.
pub(crate) fn merge_days(journal: Vec<(String, i64)>, runs: Vec<DayCounts>) -> Vec<DayCounts> {
    let mut out: std::collections::BTreeMap<String, DayCounts> =
        runs.into_iter().map(|d| (d.day.clone(), d)).collect();
    for (day, n) in journal {
        out.entry(day.clone())
            .or_insert_with(|| DayCounts {
                day,
                ..DayCounts::default()
            })
            .sessions_logged = count(n);
    }
    out.into_values().collect()
}
