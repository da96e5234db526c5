//! Writing the full-text recall index on libSQL: a message's scoped terms, and every
//! message again (migration 0007). Terms come from `domain::memory::recall`, which says why
//! each word carries the climber's scope; the search itself is `LibsqlMemory::keyword_hits`.
use crate::domain::memory::{recall_scope, scoped_terms};
use crate::server::db::{DbError, PooledConn};

/// Indexes one stored message (`seq`) of `user` whose searchable text is `content`.
/// Runs inside the caller's write transaction, so a message and its terms land together.
pub async fn index_message(
    c: &PooledConn,
    seq: i64,
    user: &str,
    content: &str,
) -> Result<(), DbError> {
    c.execute_cached(
        "INSERT INTO messages_fts (rowid, terms) VALUES (?1, ?2)",
        libsql::params![seq, scoped_terms(&recall_scope(user), content)],
    )
    .await?;
    Ok(())
}

/// Indexes every stored message again, in pages so memory stays flat on a big database.
/// The backfill of migration 0007.
pub async fn index_all_messages(c: &PooledConn) -> Result<(), DbError> {
    const PAGE: i64 = 2_000;
    let mut after = 0i64;
    loop {
        let mut rows = c
            .query(
                "SELECT seq, user_id, content FROM messages WHERE seq > ?1 ORDER BY seq LIMIT ?2",
                libsql::params![after, PAGE],
            )
            .await?;
        let mut page: Vec<(i64, String, String)> = Vec::new();
        while let Some(row) = rows.next().await? {
            page.push((row.get(0)?, row.get(1)?, row.get(2)?));
        }
        drop(rows);
        let Some(last) = page.last().map(|m| m.0) else {
            return Ok(());
        };
        for (seq, user, content) in &page {
            index_message(c, *seq, user, content).await?;
        }
        after = last;
    }
}
