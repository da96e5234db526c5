//! Row Level Security on PostgreSQL, checked with SQL the way Supabase applies it.
//!
//! Why: on Supabase the database itself keeps climbers apart. Every table in `public` has
//! RLS enabled and forced with `owner = auth.uid()` policies (migrations/postgres/0002), the
//! server runs each store call as role `authenticated` with `request.jwt.claims` = {"sub": id},
//! `anon` gets nothing, and `service_role` (which bypasses RLS) is granted only what log-in
//! needs. A query that forgets its `user_id` filter, or a new table that forgets its
//! policies, must not leak one climber's data to another. These tests go below the stores:
//! they discover the tables from the catalog, so a table added without RLS, or without an
//! entry in the matrix below, fails here.
//!
//! They need a server (`TEST_DATABASE_URL`); without one each test returns early.

mod support;

use std::collections::BTreeSet;

use sqlx::{PgPool, Postgres, Transaction};
use support::postgres::TestPg;
use uuid::Uuid;

/// The SQLSTATE of "permission denied" and of "new row violates row-level security policy".
const INSUFFICIENT_PRIVILEGE: &str = "42501";

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// Every ordinary or partitioned table in schema `public`, by name.
async fn public_tables(pool: &PgPool) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1",
    )
    .fetch_all(pool)
    .await
    .expect("list the tables in public")
}

/// `name` quoted as an SQL identifier.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The SQLSTATE of a database error (None for errors that did not come from the server).
fn sqlstate(e: &sqlx::Error) -> Option<String> {
    match e {
        sqlx::Error::Database(db) => db.code().map(|c| c.into_owned()),
        _ => None,
    }
}

/// Switches the rest of `tx` to `role`, as the climber `sub` when given — what Supabase's API
/// (and `Pg::begin`) does. Both settings are local: they end with the transaction.
async fn act_as(tx: &mut Transaction<'static, Postgres>, role: &str, sub: Option<Uuid>) {
    let claims = match sub {
        Some(id) => serde_json::json!({ "sub": id.to_string(), "role": role }),
        None => serde_json::json!({ "role": role }),
    };
    sqlx::query("SELECT set_config('role', $1, true), set_config('request.jwt.claims', $2, true)")
        .bind(role)
        .bind(claims.to_string())
        .execute(&mut **tx)
        .await
        .unwrap_or_else(|e| panic!("switch to role {role}: {e}"));
}

/// What a statement did: rows affected (or counted), or the error it failed with.
#[derive(Debug)]
enum Outcome {
    Rows(u64),
    Failed { sqlstate: String, message: String },
}

/// What a statement must do.
#[derive(Clone, Copy, Debug)]
enum Expect {
    Rows(u64),
    Sqlstate(&'static str),
}

impl Expect {
    fn matches(self, outcome: &Outcome) -> bool {
        match (self, outcome) {
            (Expect::Rows(want), Outcome::Rows(got)) => want == *got,
            (Expect::Sqlstate(want), Outcome::Failed { sqlstate, .. }) => want == sqlstate,
            _ => false,
        }
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Rows(n) => write!(f, "{n} row(s)"),
            Outcome::Failed { sqlstate, message } => write!(f, "error {sqlstate}: {message}"),
        }
    }
}

fn outcome<T>(result: Result<T, sqlx::Error>, rows: impl FnOnce(T) -> u64) -> Outcome {
    match result {
        Ok(v) => Outcome::Rows(rows(v)),
        Err(e) => Outcome::Failed {
            sqlstate: sqlstate(&e).unwrap_or_else(|| panic!("not a database error: {e}")),
            message: e.to_string(),
        },
    }
}

/// Runs `sql` (binding `bind` when given) in its own transaction as `role`, then rolls back.
/// `prepare` runs first, still as the superuser.
async fn attempt(
    pool: &PgPool,
    prepare: Option<(&str, &str)>,
    role: &str,
    sub: Option<Uuid>,
    sql: &str,
    bind: Option<&str>,
    counts_rows: bool,
) -> Outcome {
    let mut tx = pool.begin().await.expect("begin");
    if let Some((prep_sql, prep_bind)) = prepare {
        sqlx::query(prep_sql)
            .bind(prep_bind)
            .execute(&mut *tx)
            .await
            .unwrap_or_else(|e| panic!("prepare `{prep_sql}`: {e}"));
    }
    act_as(&mut tx, role, sub).await;
    let result = if counts_rows {
        let mut q = sqlx::query_scalar::<_, i64>(sql);
        if let Some(b) = bind {
            q = q.bind(b);
        }
        outcome(q.fetch_one(&mut *tx).await, |n| n as u64)
    } else {
        let mut q = sqlx::query(sql);
        if let Some(b) = bind {
            q = q.bind(b);
        }
        outcome(q.execute(&mut *tx).await, |r| r.rows_affected())
    };
    tx.rollback().await.expect("roll back");
    result
}

// ---------------------------------------------------------------------------------------
// The per-table matrix data
// ---------------------------------------------------------------------------------------

/// One table of the matrix. Every statement binds a single text parameter `$1`.
struct TableSpec {
    table: &'static str,
    /// The column the policies compare with `auth.uid()`.
    owner_column: &'static str,
    /// The column that identifies the seeded row.
    key_column: &'static str,
    /// Inserts A's row as the superuser ($1 = A's id) and returns its key as text.
    seed: &'static str,
    /// Inserts a new row owned by $1 (an account id).
    insert: &'static str,
    /// A harmless change to the row whose key (as text) is $1.
    update: &'static str,
}

/// In seed order: a table comes after the tables its foreign keys point at.
fn matrix() -> Vec<TableSpec> {
    vec![
        TableSpec {
            table: "accounts",
            owner_column: "id",
            key_column: "id",
            seed: "INSERT INTO accounts (id, email, password_hash, created_at) \
                   VALUES ($1::uuid, 'a@example.com', 'hash-a', now()) RETURNING id::text",
            insert: "INSERT INTO accounts (id, email, password_hash, created_at) \
                     VALUES ($1::uuid, 'a-again@example.com', 'hash', now())",
            update: "UPDATE accounts SET email = email WHERE id::text = $1",
        },
        TableSpec {
            table: "sessions",
            owner_column: "user_id",
            key_column: "id",
            seed: "INSERT INTO sessions (id, user_id, created_at, last_seen_at) \
                   VALUES (encode(sha256('token-a'::bytea), 'hex'), $1::uuid, now(), now()) \
                   RETURNING id",
            insert: "INSERT INTO sessions (id, user_id, created_at, last_seen_at) \
                     VALUES (encode(sha256(gen_random_uuid()::text::bytea), 'hex'), $1::uuid, \
                     now(), now())",
            update: "UPDATE sessions SET last_seen_at = now() WHERE id = $1",
        },
        TableSpec {
            table: "user_profiles",
            owner_column: "user_id",
            key_column: "user_id",
            seed: "INSERT INTO user_profiles (user_id, display_name, updated_at) \
                   VALUES ($1::uuid, 'Alex', now()) RETURNING user_id::text",
            insert: "INSERT INTO user_profiles (user_id, updated_at) VALUES ($1::uuid, now())",
            update: "UPDATE user_profiles SET display_name = 'Alex H.', updated_at = now() \
                     WHERE user_id::text = $1",
        },
        TableSpec {
            table: "conversation_history",
            owner_column: "user_id",
            key_column: "id",
            seed: "INSERT INTO conversation_history \
                   (id, user_id, thread_id, provider, model, steps, latency_ms, status, created_at) \
                   VALUES (gen_random_uuid(), $1::uuid, 'thread-a', 'fake', 'fake-1', 1, 10, 'ok', \
                   now()) RETURNING id::text",
            insert: "INSERT INTO conversation_history \
                     (id, user_id, thread_id, provider, model, steps, latency_ms, status, created_at) \
                     VALUES (gen_random_uuid(), $1::uuid, 'thread-b', 'fake', 'fake-1', 2, 20, \
                     'error', now())",
            update: "UPDATE conversation_history SET status = status WHERE id::text = $1",
        },
        TableSpec {
            table: "journal_entries",
            owner_column: "user_id",
            key_column: "id",
            seed: "INSERT INTO journal_entries \
                   (id, user_id, date, kind, duration_min, created_at, updated_at) \
                   VALUES (gen_random_uuid(), $1::uuid, current_date, 'bouldering', 90, now(), \
                   now()) RETURNING id::text",
            insert: "INSERT INTO journal_entries \
                     (id, user_id, date, kind, duration_min, created_at, updated_at) \
                     VALUES (gen_random_uuid(), $1::uuid, current_date, 'rest', 0, now(), now())",
            update: "UPDATE journal_entries SET notes = 'felt strong', updated_at = now() \
                     WHERE id::text = $1",
        },
        TableSpec {
            // Kept by a trigger on journal_entries (the seed above made A's row already).
            table: "journal_usage",
            owner_column: "user_id",
            key_column: "user_id",
            seed: "INSERT INTO journal_usage (user_id, entries, bytes) VALUES ($1::uuid, 0, 0) \
                   ON CONFLICT (user_id) DO UPDATE SET entries = journal_usage.entries \
                   RETURNING user_id::text",
            insert: "INSERT INTO journal_usage (user_id) VALUES ($1::uuid)",
            update: "UPDATE journal_usage SET entries = entries WHERE user_id::text = $1",
        },
        TableSpec {
            table: "assessments",
            owner_column: "user_id",
            key_column: "id",
            seed: "INSERT INTO assessments (id, user_id, taken_on, background, tests, created_at) \
                   VALUES (gen_random_uuid(), $1::uuid, current_date, '{}', '{}', now()) \
                   RETURNING id::text",
            insert: "INSERT INTO assessments (id, user_id, taken_on, background, tests, created_at) \
                     VALUES (gen_random_uuid(), $1::uuid, current_date, '{}', '{}', now())",
            update: "UPDATE assessments SET taken_on = taken_on WHERE id::text = $1",
        },
        TableSpec {
            table: "assessment_drafts",
            owner_column: "user_id",
            key_column: "user_id",
            seed: "INSERT INTO assessment_drafts (user_id, draft, updated_at) \
                   VALUES ($1::uuid, '{}', now()) RETURNING user_id::text",
            insert: "INSERT INTO assessment_drafts (user_id, draft, updated_at) \
                     VALUES ($1::uuid, '{\"step\": 1}', now())",
            update: "UPDATE assessment_drafts SET draft = '{\"step\": 2}', updated_at = now() \
                     WHERE user_id::text = $1",
        },
        TableSpec {
            table: "training_programs",
            owner_column: "user_id",
            key_column: "id",
            // A fixed id, so that training_sessions can point at this program.
            seed: "INSERT INTO training_programs (id, user_id, active, plan, created_at) \
                   VALUES ('0000a000-0000-4000-8000-000000000001', $1::uuid, true, '{}', now()) \
                   RETURNING id::text",
            insert: "INSERT INTO training_programs (id, user_id, active, plan, created_at) \
                     VALUES (gen_random_uuid(), $1::uuid, false, '{}', now())",
            update: "UPDATE training_programs SET plan = plan WHERE id::text = $1",
        },
        TableSpec {
            table: "training_sessions",
            owner_column: "user_id",
            key_column: "id",
            // In A's seeded training program (the fixed id above).
            seed: "INSERT INTO training_sessions \
                   (id, program_id, user_id, position, date, planned, status) \
                   VALUES (gen_random_uuid(), '0000a000-0000-4000-8000-000000000001', $1::uuid, \
                   0, current_date, '{}', 'planned') RETURNING id::text",
            insert: "INSERT INTO training_sessions \
                     (id, program_id, user_id, position, date, planned, status) \
                     VALUES (gen_random_uuid(), '0000a000-0000-4000-8000-000000000001', \
                     $1::uuid, 1, current_date, '{}', 'planned')",
            update: "UPDATE training_sessions SET status = 'done', completed_at = now() \
                     WHERE id::text = $1",
        },
        TableSpec {
            table: "onboarding",
            owner_column: "user_id",
            key_column: "user_id",
            seed: "INSERT INTO onboarding (user_id, step, furthest, answers, started_at, updated_at) \
                   VALUES ($1::uuid, 1, 1, '{}', now(), now()) RETURNING user_id::text",
            insert: "INSERT INTO onboarding (user_id, step, furthest, answers, started_at, updated_at) \
                     VALUES ($1::uuid, 1, 1, '{}', now(), now())",
            update: "UPDATE onboarding SET step = 2, furthest = 2, updated_at = now() \
                     WHERE user_id::text = $1",
        },
    ]
}

#[derive(Clone, Copy, Debug)]
enum Op {
    Select,
    Insert,
    Update,
    Delete,
}

const OPS: [Op; 4] = [Op::Select, Op::Insert, Op::Update, Op::Delete];

/// Seeds, as the superuser, accounts A and B and one row of every matrix table owned by A.
/// Returns the seeded row's key (as text) per spec, in the same order.
async fn seed(pool: &PgPool, specs: &[TableSpec], a: Uuid, b: Uuid) -> Vec<String> {
    let mut keys = Vec::new();
    for spec in specs {
        let key: String = sqlx::query_scalar(spec.seed)
            .bind(a.to_string())
            .fetch_one(pool)
            .await
            .unwrap_or_else(|e| panic!("seed {}: {e}", spec.table));
        keys.push(key);
    }
    sqlx::query(
        "INSERT INTO accounts (id, email, password_hash, created_at) \
         VALUES ($1, 'b@example.com', 'hash-b', now())",
    )
    .bind(b)
    .execute(pool)
    .await
    .expect("seed account B");
    keys
}

/// Rows per table, as the superuser (who bypasses RLS).
async fn row_counts(pool: &PgPool, specs: &[TableSpec]) -> Vec<(&'static str, i64)> {
    let mut counts = Vec::new();
    for spec in specs {
        let n: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {}", ident(spec.table)))
            .fetch_one(pool)
            .await
            .unwrap_or_else(|e| panic!("count {}: {e}", spec.table));
        counts.push((spec.table, n));
    }
    counts
}

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn every_public_table_has_rls_enabled_and_forced() {
    let Some(db) = TestPg::fresh().await else {
        return;
    };
    let rows: Vec<(String, bool, bool, i64)> = sqlx::query_as(
        "SELECT c.relname::text, c.relrowsecurity, c.relforcerowsecurity, \
                (SELECT count(*) FROM pg_policies p \
                 WHERE p.schemaname = n.nspname AND p.tablename = c.relname) \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1",
    )
    .fetch_all(db.pg.pool())
    .await
    .unwrap();

    let names: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert!(!rows.is_empty(), "no tables found in schema public");
    assert!(
        names.contains(&"journal_entries"),
        "journal_entries missing from public: {names:?}"
    );
    for (table, enabled, forced, policies) in &rows {
        assert!(enabled, "{table}: row level security is not enabled");
        assert!(forced, "{table}: row level security is not forced");
        assert!(*policies > 0, "{table}: has no policies");
    }
}

#[tokio::test]
async fn anon_gets_nothing_on_any_table() {
    let Some(db) = TestPg::fresh().await else {
        return;
    };
    let pool = db.pg.pool();
    let tables = public_tables(pool).await;
    assert!(!tables.is_empty(), "no tables found in schema public");
    for table in &tables {
        let first_column: String = sqlx::query_scalar(
            "SELECT attname::text FROM pg_attribute \
             WHERE attrelid = ('public.' || quote_ident($1))::regclass \
               AND attnum > 0 AND NOT attisdropped ORDER BY attnum LIMIT 1",
        )
        .bind(table)
        .fetch_one(pool)
        .await
        .unwrap();
        let (t, c) = (ident(table), ident(&first_column));
        // Privileges are checked before any row is read or built, so the values don't matter.
        for (op, sql) in [
            ("select", format!("SELECT count(*) FROM {t}")),
            ("insert", format!("INSERT INTO {t} DEFAULT VALUES")),
            ("update", format!("UPDATE {t} SET {c} = {c}")),
            ("delete", format!("DELETE FROM {t}")),
        ] {
            let got = attempt(pool, None, "anon", None, &sql, None, false).await;
            assert!(
                Expect::Sqlstate(INSUFFICIENT_PRIVILEGE).matches(&got),
                "{table}/{op}/anon: expected permission denied (42501), got {got}"
            );
        }
    }
}

#[tokio::test]
async fn only_the_owner_reads_and_writes_a_row() {
    let Some(db) = TestPg::fresh().await else {
        return;
    };
    let pool = db.pg.pool();
    let specs = matrix();

    // A table added to the schema without an entry here fails, as does a stale entry.
    let in_public: BTreeSet<String> = public_tables(pool).await.into_iter().collect();
    let in_matrix: BTreeSet<String> = specs
        .iter()
        .map(|s| s.table.to_string())
        .chain(TEAM_TABLES.iter().map(|t| t.to_string()))
        .chain(ADMIN_TABLES.iter().map(|t| t.to_string()))
        .chain(PROPOSAL_TABLES.iter().map(|t| t.to_string()))
        .collect();
    assert_eq!(
        in_matrix, in_public,
        "the RLS matrix (and the team tables' own matrix) must list exactly the tables in public"
    );

    let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
    let keys = seed(pool, &specs, a, b).await;
    let before = row_counts(pool, &specs).await;

    let mut checks = 0;
    let mut failures = Vec::new();
    for (spec, key) in specs.iter().zip(&keys) {
        let (t, k) = (ident(spec.table), ident(spec.key_column));
        for op in OPS {
            for (actor, user) in [("owner A", a), ("other B", b)] {
                let owner = user == a;
                // Each attempt runs in its own transaction and is rolled back.
                let (prepare, sql, bind, counts_rows, expect) = match op {
                    Op::Select => (
                        None,
                        format!("SELECT count(*) FROM {t} WHERE {k}::text = $1"),
                        key.clone(),
                        true,
                        Expect::Rows(if owner { 1 } else { 0 }),
                    ),
                    // A's existing rows are removed first (as the superuser) so tables with
                    // one row per climber have room; then the only reason to refuse B's
                    // insert is the policy.
                    Op::Insert => (
                        Some(format!(
                            "DELETE FROM {t} WHERE {}::text = $1",
                            ident(spec.owner_column)
                        )),
                        spec.insert.to_string(),
                        a.to_string(),
                        false,
                        if owner {
                            Expect::Rows(1)
                        } else {
                            Expect::Sqlstate(INSUFFICIENT_PRIVILEGE)
                        },
                    ),
                    // RLS hides other climbers' rows: B's UPDATE and DELETE find nothing.
                    Op::Update => (
                        None,
                        spec.update.to_string(),
                        key.clone(),
                        false,
                        Expect::Rows(if owner { 1 } else { 0 }),
                    ),
                    Op::Delete => (
                        None,
                        format!("DELETE FROM {t} WHERE {k}::text = $1"),
                        key.clone(),
                        false,
                        Expect::Rows(if owner { 1 } else { 0 }),
                    ),
                };
                let a_text = a.to_string();
                let prepare = prepare.as_deref().map(|p| (p, a_text.as_str()));
                let got = attempt(
                    pool,
                    prepare,
                    "authenticated",
                    Some(user),
                    &sql,
                    Some(&bind),
                    counts_rows,
                )
                .await;
                checks += 1;
                if !expect.matches(&got) {
                    failures.push(format!(
                        "{}/{op:?}/{actor}: expected {expect:?}, got {got}",
                        spec.table
                    ));
                }
            }
        }
    }
    eprintln!("RLS matrix: {checks} checks (table x operation x actor)");
    assert_eq!(checks, specs.len() * OPS.len() * 2);
    assert!(
        failures.is_empty(),
        "{} of {checks} RLS checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(
        row_counts(pool, &specs).await,
        before,
        "every attempt must have been rolled back"
    );
}

#[tokio::test]
async fn service_role_reaches_only_what_login_needs() {
    let Some(db) = TestPg::fresh().await else {
        return;
    };
    let pool = db.pg.pool();
    let specs = matrix();
    let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
    seed(pool, &specs, a, b).await;
    // B gets a session too, so "sees all rows" means more than one climber's.
    sqlx::query(
        "INSERT INTO sessions (id, user_id, created_at, last_seen_at) \
         VALUES (encode(sha256('token-b'::bytea), 'hex'), $1, now(), now())",
    )
    .bind(b)
    .execute(pool)
    .await
    .unwrap();

    // service_role bypasses RLS: it sees both climbers' accounts and sessions.
    for table in ["accounts", "sessions"] {
        let sql = format!("SELECT count(*) FROM {}", ident(table));
        let got = attempt(pool, None, "service_role", None, &sql, None, true).await;
        assert!(
            Expect::Rows(2).matches(&got),
            "{table}/select/service_role: expected both climbers' rows, got {got}"
        );
    }

    // But it has no grant on the climbers' data: SELECT on every other table is refused,
    // including tables added later. (It also reads `onboarding`, the operators' funnel.)
    // And the invite page's lookup by token hash (issue 21).
    let reachable = ["accounts", "sessions", "onboarding", "team_invites"];
    // The claim and the coaches' names (migrations/postgres/0010) read a few columns of the
    // team tables, and nothing else of them: no athlete's name or sharing, no team name.
    let some_columns = [
        ("team_athletes", "name, share_journal, invited_by"),
        ("team_coaches", "team_owner"),
        ("teams", "name"),
    ];
    for (table, columns) in some_columns {
        let sql = format!("SELECT {columns} FROM {}", ident(table));
        let got = attempt(pool, None, "service_role", None, &sql, None, true).await;
        assert!(
            Expect::Sqlstate(INSUFFICIENT_PRIVILEGE).matches(&got),
            "{table}/select {columns}/service_role: expected permission denied, got {got}"
        );
    }
    let refused: Vec<String> = public_tables(pool)
        .await
        .into_iter()
        .filter(|t| !reachable.contains(&t.as_str()))
        .filter(|t| !some_columns.iter().any(|(c, _)| c == t))
        .collect();
    assert!(
        refused.iter().any(|t| t == "journal_entries"),
        "journal_entries must be out of service_role's reach: {refused:?}"
    );
    for table in &refused {
        let sql = format!("SELECT count(*) FROM {}", ident(table));
        let got = attempt(pool, None, "service_role", None, &sql, None, true).await;
        assert!(
            Expect::Sqlstate(INSUFFICIENT_PRIVILEGE).matches(&got),
            "{table}/select/service_role: expected permission denied (42501), got {got}"
        );
    }
}

/// A foreign key check ignores RLS, so a plain `REFERENCES training_programs(id)` would let B
/// attach rows to A's program and learn from the error whether an id exists. References carry
/// the owner, so B gets the same refusal for A's program as for an id that exists nowhere.
#[tokio::test]
async fn a_climber_cannot_point_at_another_climbers_rows() {
    let Some(db) = TestPg::fresh().await else {
        return;
    };
    let pool = db.pg.pool();
    let specs = matrix();
    let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
    let keys = seed(pool, &specs, a, b).await;
    let program = &keys[specs
        .iter()
        .position(|s| s.table == "training_programs")
        .unwrap()];
    let journal = &keys[specs
        .iter()
        .position(|s| s.table == "journal_entries")
        .unwrap()];
    let attach = |program_id: String, entry_id: Option<String>| {
        let pool = pool.clone();
        async move {
            let mut tx = pool.begin().await.unwrap();
            act_as(&mut tx, "authenticated", Some(b)).await;
            let r = sqlx::query(
                "INSERT INTO training_sessions (id, program_id, user_id, position, date, planned, \
                   status, journal_entry_id) \
                 VALUES (gen_random_uuid(), $1::uuid, $2, 0, '2027-01-01', '{}', 'planned', $3::uuid)",
            )
            .bind(program_id)
            .bind(b)
            .bind(entry_id)
            .execute(&mut *tx)
            .await;
            r.err().as_ref().and_then(sqlstate)
        }
    };
    const FOREIGN_KEY_VIOLATION: &str = "23503";
    let nowhere = Uuid::new_v4().to_string();
    assert_eq!(
        attach(program.clone(), None).await.as_deref(),
        Some(FOREIGN_KEY_VIOLATION)
    );
    assert_eq!(
        attach(nowhere, None).await.as_deref(),
        Some(FOREIGN_KEY_VIOLATION)
    );
    // B's own program, but A's journal entry: refused too.
    let mut tx = pool.begin().await.unwrap();
    let own: String = sqlx::query_scalar(
        "INSERT INTO training_programs (id, user_id, active, plan, created_at) \
         VALUES (gen_random_uuid(), $1, false, '{}', now()) RETURNING id::text",
    )
    .bind(b)
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        attach(own.clone(), Some(journal.clone())).await.as_deref(),
        Some(FOREIGN_KEY_VIOLATION)
    );
    assert_eq!(
        attach(own, None).await,
        None,
        "B's own program takes B's session"
    );
}

// ---------------------------------------------------------------------------------------
// Teams (issue 21): a coach's reads of an athlete's rows, and the team tables themselves
// ---------------------------------------------------------------------------------------

/// Tables with their own matrix below (not owner-only: shared with a coach by consent).
/// The admin dashboard's tables: a climber reads only their own `admins` row, the admin role
/// writes both and reads the rest through aggregate views (their own checks: tests/admin.rs).
const ADMIN_TABLES: [&str; 2] = ["admins", "table_growth"];

const TEAM_TABLES: [&str; 5] = [
    "coach_comments",
    "team_athletes",
    "team_coaches",
    "team_invites",
    "teams",
];

/// The tables a coach may read while the athlete shares the area, by phase of the membership.
fn coach_reads(table: &str, phase: Phase) -> bool {
    match phase {
        Phase::BeforeAccept | Phase::Left => false,
        Phase::Accepted => matches!(
            table,
            "journal_entries" | "assessments" | "training_programs" | "training_sessions"
        ),
        // Journal and progress unshared; assessments and programs still shared.
        Phase::Unshared => matches!(
            table,
            "assessments" | "training_programs" | "training_sessions"
        ),
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Phase {
    BeforeAccept,
    Accepted,
    Unshared,
    Left,
}

/// Coach C (team 1), coach X (team 2), athlete S (team 1, shares everything), athlete B
/// (invited to team 1), and anon; checked before B accepts, after, after B unshares journal
/// and progress, and after B leaves. Every table in public, every operation.
#[tokio::test]
async fn a_coach_reads_an_athletes_shared_areas_only_while_the_membership_shares_them() {
    let Some(db) = TestPg::fresh().await else {
        return;
    };
    let pool = db.pg.pool();
    let specs = matrix();
    let (b, s) = (Uuid::new_v4(), Uuid::new_v4());
    // B owns one row of every table; S is an account (below, a team mate with rows too).
    let keys = seed(pool, &specs, b, s).await;
    let (c, x) = (Uuid::new_v4(), Uuid::new_v4());
    let (t1, t2) = (Uuid::new_v4(), Uuid::new_v4());
    let su = |sql: String| {
        let pool = pool.clone();
        async move {
            sqlx::query(&sql)
                .execute(&pool)
                .await
                .unwrap_or_else(|e| panic!("setup `{sql}`: {e}"));
        }
    };
    su(format!(
        "INSERT INTO accounts (id, email, password_hash, created_at) VALUES \
         ('{c}', 'c@example.com', 'h', now()), ('{x}', 'x@example.com', 'h', now())"
    ))
    .await;
    su(format!(
        "INSERT INTO teams (id, name, created_by, created_at) VALUES \
         ('{t1}', 'Crimpers', '{c}', now()), ('{t2}', 'Slopers', '{x}', now())"
    ))
    .await;
    su(format!(
        "INSERT INTO team_coaches (team_id, user_id, team_owner, name, added_at) VALUES \
         ('{t1}', '{c}', '{c}', 'Cam', now()), ('{t2}', '{x}', '{x}', 'Xi', now())"
    ))
    .await;
    su(format!(
        "INSERT INTO team_athletes (team_id, user_id, name, invited_by, joined_at) VALUES \
         ('{t1}', '{s}', 'Sol', 'Cam', now())"
    ))
    .await;
    su(format!(
        "INSERT INTO team_invites (id, team_id, token_hash, created_by, inviter_name, team_name, \
           created_at, expires_at) VALUES \
         (gen_random_uuid(), '{t1}', 'hash-1', '{c}', 'Cam', 'Crimpers', now(), \
          now() + interval '7 days')"
    ))
    .await;
    let entry = &keys[specs
        .iter()
        .position(|t| t.table == "journal_entries")
        .unwrap()];

    let mut checks = 0;
    let mut failures = Vec::new();
    let mut check =
        async |label: String, sub: Option<Uuid>, sql: String, counts: bool, expect: Expect| {
            let role = if sub.is_some() {
                "authenticated"
            } else {
                "anon"
            };
            let got = attempt(pool, None, role, sub, &sql, None, counts).await;
            checks += 1;
            if !expect.matches(&got) {
                failures.push(format!("{label}: expected {expect:?}, got {got}"));
            }
        };
    let denied = Expect::Sqlstate(INSUFFICIENT_PRIVILEGE);
    let actors = [
        ("coach C", Some(c)),
        ("coach X", Some(x)),
        ("mate S", Some(s)),
        ("athlete B", Some(b)),
        ("anon", None),
    ];

    for phase in [
        Phase::BeforeAccept,
        Phase::Accepted,
        Phase::Unshared,
        Phase::Left,
    ] {
        match phase {
            Phase::BeforeAccept => {}
            Phase::Accepted => {
                su(format!(
                    "INSERT INTO team_athletes (team_id, user_id, name, invited_by, joined_at) \
                     VALUES ('{t1}', '{b}', 'Bea', 'Cam', now())"
                ))
                .await
            }
            Phase::Unshared => {
                su(format!(
                    "UPDATE team_athletes SET share_journal = false, share_progress = false \
                     WHERE user_id = '{b}'"
                ))
                .await
            }
            Phase::Left => su(format!("DELETE FROM team_athletes WHERE user_id = '{b}'")).await,
        }
        let member = matches!(phase, Phase::Accepted | Phase::Unshared);

        // B's rows in every owner-only table.
        for (spec, key) in specs.iter().zip(&keys) {
            let (t, k) = (ident(spec.table), ident(spec.key_column));
            for (name, who) in actors {
                let label = |op: &str| format!("{phase:?}/{}/{op}/{name}", spec.table);
                let select = format!("SELECT count(*) FROM {t} WHERE {k}::text = '{key}'");
                let expect = match who {
                    None => denied,
                    Some(u) if u == b => Expect::Rows(1),
                    Some(u) if u == c && coach_reads(spec.table, phase) => Expect::Rows(1),
                    Some(_) => Expect::Rows(0),
                };
                check(label("select"), who, select, true, expect).await;
                if who == Some(b) {
                    continue;
                }
                // Nobody but B writes B's rows, shared or not.
                let write = if who.is_none() {
                    denied
                } else {
                    Expect::Rows(0)
                };
                check(
                    label("update"),
                    who,
                    spec.update.replace("$1", &format!("'{key}'")),
                    false,
                    write,
                )
                .await;
                check(
                    label("delete"),
                    who,
                    format!("DELETE FROM {t} WHERE {k}::text = '{key}'"),
                    false,
                    write,
                )
                .await;
                check(
                    label("insert"),
                    who,
                    spec.insert.replace("$1", &format!("'{b}'")),
                    false,
                    denied,
                )
                .await;
            }
        }

        // The team tables.
        for (name, who) in actors {
            let l = |what: &str| format!("{phase:?}/{what}/{name}");
            let is = |u: Uuid| who == Some(u);
            let rows = |yes: bool| {
                if who.is_none() {
                    denied
                } else {
                    Expect::Rows(u64::from(yes))
                }
            };
            check(
                l("team_athletes/select B"),
                who,
                format!("SELECT count(*) FROM team_athletes WHERE user_id = '{b}'"),
                true,
                rows(member && (is(c) || is(b))),
            )
            .await;
            check(
                l("team_athletes/unshare B"),
                who,
                format!(
                    "UPDATE team_athletes SET share_assessments = share_assessments \
                     WHERE user_id = '{b}'"
                ),
                false,
                rows(member && is(b)),
            )
            .await;
            // Only the sharing switches are the athlete's to change.
            check(
                l("team_athletes/rename B"),
                who,
                format!("UPDATE team_athletes SET name = 'B!' WHERE user_id = '{b}'"),
                false,
                denied,
            )
            .await;
            // Nobody joins a team, or adds B to one, without an invite (claimed as
            // service_role).
            check(
                l("team_athletes/insert"),
                who,
                format!(
                    "INSERT INTO team_athletes (team_id, user_id, name, invited_by, joined_at) \
                     VALUES ('{t2}', '{}', 'Me', 'nobody', now())",
                    who.unwrap_or(b)
                ),
                false,
                denied,
            )
            .await;
            check(
                l("teams/select team 1"),
                who,
                format!("SELECT count(*) FROM teams WHERE id = '{t1}'"),
                true,
                rows(is(c) || is(s) || (member && is(b))),
            )
            .await;
            check(
                l("team_invites/select"),
                who,
                format!("SELECT count(*) FROM team_invites WHERE team_id = '{t1}'"),
                true,
                rows(is(c)),
            )
            .await;
            check(
                l("team_invites/insert"),
                who,
                format!(
                    "INSERT INTO team_invites (id, team_id, token_hash, created_by, inviter_name, \
                       team_name, created_at, expires_at) VALUES (gen_random_uuid(), '{t1}', \
                       md5(random()::text), '{}', 'n', 't', now(), now())",
                    who.unwrap_or(c)
                ),
                false,
                if is(c) { Expect::Rows(1) } else { denied },
            )
            .await;
            check(
                l("team_coaches/select C"),
                who,
                format!("SELECT count(*) FROM team_coaches WHERE user_id = '{c}'"),
                true,
                rows(is(c)),
            )
            .await;
            // Making oneself coach of someone else's team: the policy refuses a claimed
            // owner that isn't the climber, the key refuses a wrong owner.
            if let Some(u) = who.filter(|u| *u != c) {
                check(
                    l("team_coaches/insert as C's"),
                    who,
                    format!(
                        "INSERT INTO team_coaches (team_id, user_id, team_owner, name, added_at) \
                         VALUES ('{t1}', '{u}', '{c}', 'Me', now())"
                    ),
                    false,
                    denied,
                )
                .await;
                check(
                    l("team_coaches/insert as owner"),
                    who,
                    format!(
                        "INSERT INTO team_coaches (team_id, user_id, team_owner, name, added_at) \
                         VALUES ('{t1}', '{u}', '{u}', 'Me', now())"
                    ),
                    false,
                    Expect::Sqlstate("23503"),
                )
                .await;
            }
            // A comment on B's journal entry: only coach C, only while the journal is shared.
            let comment = format!(
                "INSERT INTO coach_comments (id, coach_id, coach_name, athlete_id, target_kind, \
                   target_id, body, created_at) VALUES (gen_random_uuid(), '{}', 'n', '{b}', \
                   'journal', '{entry}', 'Nice', now())",
                who.unwrap_or(c)
            );
            check(
                l("coach_comments/insert"),
                who,
                comment,
                false,
                if is(c) && phase == Phase::Accepted {
                    Expect::Rows(1)
                } else {
                    denied
                },
            )
            .await;
        }

        // A comment that exists (as the superuser): who reads and changes it.
        su(format!(
            "INSERT INTO coach_comments (id, coach_id, coach_name, athlete_id, target_kind, \
               target_id, body, created_at) VALUES (gen_random_uuid(), '{c}', 'Cam', '{b}', \
               'journal', '{entry}', 'Seen', now())"
        ))
        .await;
        for (name, who) in actors {
            let l = |what: &str| format!("{phase:?}/{what}/{name}");
            let party = who == Some(c) || who == Some(b);
            let rows = |yes: bool| {
                if who.is_none() {
                    denied
                } else {
                    Expect::Rows(u64::from(yes))
                }
            };
            check(
                l("coach_comments/select"),
                who,
                format!("SELECT count(*) FROM coach_comments WHERE athlete_id = '{b}'"),
                true,
                if who.is_none() {
                    denied
                } else {
                    Expect::Rows(if party { 1 } else { 0 })
                },
            )
            .await;
            check(
                l("coach_comments/mark read"),
                who,
                format!("UPDATE coach_comments SET read_at = now() WHERE athlete_id = '{b}'"),
                false,
                rows(who == Some(b)),
            )
            .await;
            check(
                l("coach_comments/edit body"),
                who,
                format!("UPDATE coach_comments SET body = 'x' WHERE athlete_id = '{b}'"),
                false,
                denied,
            )
            .await;
            check(
                l("coach_comments/delete"),
                who,
                format!("DELETE FROM coach_comments WHERE athlete_id = '{b}'"),
                false,
                rows(who == Some(c)),
            )
            .await;
        }
        su("DELETE FROM coach_comments".into()).await;
    }
    eprintln!("team RLS matrix: {checks} checks (phase x table x operation x actor)");
    assert!(checks > 600, "{checks}");
    assert!(
        failures.is_empty(),
        "{} of {checks} team RLS checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Policies are plain SQL over the membership tables: no SECURITY DEFINER function anywhere
/// in public (one would run with its owner's rights and could skip RLS).
#[tokio::test]
async fn no_security_definer_functions() {
    let Some(db) = TestPg::fresh().await else {
        return;
    };
    let definers: Vec<String> = sqlx::query_scalar(
        "SELECT p.proname::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
         WHERE n.nspname = 'public' AND p.prosecdef",
    )
    .fetch_all(db.pg.pool())
    .await
    .unwrap();
    assert!(
        definers.is_empty(),
        "SECURITY DEFINER functions: {definers:?}"
    );
}

/// Progress-only sharing (migrations/postgres/0010): the coach reads the figures through
/// `journal_figures` and never a journal row, so no notes, location or pain notes; the
/// view has no notes column at all, and no request's role can become the view's owner.
#[tokio::test]
async fn progress_only_sharing_gives_the_coach_figures_and_never_notes() {
    let Some(db) = TestPg::fresh().await else {
        return;
    };
    let pool = db.pg.pool();
    let (c, x, b) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let (t1, t2) = (Uuid::new_v4(), Uuid::new_v4());
    for sql in [
        format!(
            "INSERT INTO accounts (id, email, password_hash, created_at) VALUES \
             ('{c}', 'c@example.com', 'h', now()), ('{x}', 'x@example.com', 'h', now()), \
             ('{b}', 'b@example.com', 'h', now())"
        ),
        format!(
            "INSERT INTO teams (id, name, created_by, created_at) VALUES \
             ('{t1}', 'Crimpers', '{c}', now()), ('{t2}', 'Slopers', '{x}', now())"
        ),
        format!(
            "INSERT INTO team_coaches (team_id, user_id, team_owner, name, added_at) VALUES \
             ('{t1}', '{c}', '{c}', 'Cam', now()), ('{t2}', '{x}', '{x}', 'Xi', now())"
        ),
        format!(
            "INSERT INTO team_athletes (team_id, user_id, name, invited_by, joined_at, \
               share_journal, share_progress) VALUES ('{t1}', '{b}', 'Bea', 'Cam', now(), false, true)"
        ),
        format!(
            "INSERT INTO journal_entries (id, user_id, date, kind, location, duration_min, rpe, \
               load, mood, climbs, pain, notes, tags, created_at, updated_at) VALUES \
             (gen_random_uuid(), '{b}', '2026-12-01', 'bouldering', 'Secret Gym', 60, 7, 420, 2, \
              '[{{\"grade\": \"V5\", \"style\": \"flash\", \"attempts\": 1, \"name\": \"Secret\"}}]', \
              '[{{\"body_part\": \"finger\", \"notes\": \"private pain\"}}]', 'private notes', \
              '[\"private\"]', now(), now())"
        ),
    ] {
        sqlx::query(&sql)
            .execute(pool)
            .await
            .unwrap_or_else(|e| panic!("setup `{sql}`: {e}"));
    }
    // Runs `sql` as `who` and returns its text rows (or the error's SQLSTATE).
    let run = async |who: Option<Uuid>, sql: &str| -> Result<Vec<String>, String> {
        let mut tx = pool.begin().await.unwrap();
        act_as(
            &mut tx,
            if who.is_some() {
                "authenticated"
            } else {
                "anon"
            },
            who,
        )
        .await;
        let got = sqlx::query_scalar::<_, String>(sql)
            .fetch_all(&mut *tx)
            .await
            .map_err(|e| sqlstate(&e).unwrap_or_else(|| e.to_string()));
        tx.rollback().await.unwrap();
        got
    };
    let direct = format!("SELECT notes FROM journal_entries WHERE user_id = '{b}'");
    let figures = format!(
        "SELECT concat_ws('|', kind, duration_min, rpe, load, climbs::text, pain::text) \
         FROM journal_figures WHERE user_id = '{b}'"
    );
    // Progress only: no journal row, the figures without notes, location, names or feelings.
    assert_eq!(run(Some(c), &direct).await, Ok(vec![]));
    let got = run(Some(c), &figures).await.unwrap();
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].starts_with("bouldering|60|7|420|"), "{got:?}");
    assert!(
        got[0].contains("V5") && got[0].contains("finger"),
        "{got:?}"
    );
    assert!(
        !got[0].contains("private") && !got[0].contains("Secret"),
        "{got:?}"
    );
    for column in ["notes", "location", "tags", "mood", "energy", "sleep"] {
        assert_eq!(
            run(
                Some(c),
                &format!("SELECT {column}::text FROM journal_figures WHERE user_id = '{b}'")
            )
            .await,
            Err("42703".to_string()),
            "journal_figures must not have {column}"
        );
    }
    // Another team's coach, the athlete themselves (their own rows are in journal_entries)
    // and anon get nothing from the view.
    assert_eq!(run(Some(x), &figures).await, Ok(vec![]));
    assert_eq!(run(Some(b), &figures).await, Ok(vec![]));
    assert_eq!(
        run(Some(b), &direct).await,
        Ok(vec!["private notes".into()])
    );
    assert_eq!(
        run(None, &figures).await,
        Err(INSUFFICIENT_PRIVILEGE.into())
    );
    // The view's owner: no login, no BYPASSRLS, and no API role is a member of it.
    let owner: (bool, bool, bool, bool) = sqlx::query_as(
        "SELECT rolcanlogin, rolbypassrls, \
           pg_has_role('authenticated', oid, 'MEMBER'), pg_has_role('anon', oid, 'MEMBER') \
         FROM pg_roles WHERE rolname = 'climbingpill_figures'",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(owner, (false, false, false, false));
    // Nobody writes through the view.
    assert!(run(
        Some(c),
        &format!("UPDATE journal_figures SET rpe = 1 WHERE user_id = '{b}' RETURNING 'x'")
    )
    .await
    .is_err());
    // The journal shared too: the rows; progress and journal unshared: nothing either way.
    let set = async |journal: bool, progress: bool| {
        sqlx::query(&format!(
            "UPDATE team_athletes SET share_journal = {journal}, share_progress = {progress} \
             WHERE user_id = '{b}'"
        ))
        .execute(pool)
        .await
        .unwrap();
    };
    set(true, false).await;
    assert_eq!(
        run(Some(c), &direct).await,
        Ok(vec!["private notes".into()])
    );
    assert_eq!(run(Some(c), &figures).await.unwrap().len(), 1);
    set(false, false).await;
    assert_eq!(run(Some(c), &direct).await, Ok(vec![]));
    assert_eq!(run(Some(c), &figures).await, Ok(vec![]));
}

// ---------------------------------------------------------------------------------------
// Coach-proposed program changes (issue 21): program_proposals
// ---------------------------------------------------------------------------------------

/// Tables with their own matrix below.
const PROPOSAL_TABLES: [&str; 1] = ["program_proposals"];

/// Coach C (team 1), coach X (team 2), team mate S, athlete B and anon, on B's proposals:
/// before B accepts the invite, after, after B unshares programs, and after B leaves. The
/// coach inserts, reads, withdraws and prunes their own only while programs are shared; B
/// reads theirs and decides a pending one (also after leaving); nobody edits a proposal's
/// content; nobody else sees any of it.
#[tokio::test]
async fn coach_proposals_follow_the_membership_and_the_programs_sharing() {
    let Some(db) = TestPg::fresh().await else {
        return;
    };
    let pool = db.pg.pool();
    let (b, s, c, x) = (
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
    );
    let (t1, t2) = (Uuid::new_v4(), Uuid::new_v4());
    let su = |sql: String| {
        let pool = pool.clone();
        async move {
            sqlx::query(&sql)
                .execute(&pool)
                .await
                .unwrap_or_else(|e| panic!("setup `{sql}`: {e}"));
        }
    };
    su(format!(
        "INSERT INTO accounts (id, email, password_hash, created_at) VALUES \
         ('{b}', 'b@example.com', 'h', now()), ('{s}', 's@example.com', 'h', now()), \
         ('{c}', 'c@example.com', 'h', now()), ('{x}', 'x@example.com', 'h', now())"
    ))
    .await;
    su(format!(
        "INSERT INTO teams (id, name, created_by, created_at) VALUES \
         ('{t1}', 'Crimpers', '{c}', now()), ('{t2}', 'Slopers', '{x}', now())"
    ))
    .await;
    su(format!(
        "INSERT INTO team_coaches (team_id, user_id, team_owner, name, added_at) VALUES \
         ('{t1}', '{c}', '{c}', 'Cam', now()), ('{t2}', '{x}', '{x}', 'Xi', now())"
    ))
    .await;
    su(format!(
        "INSERT INTO team_athletes (team_id, user_id, name, invited_by, joined_at) VALUES \
         ('{t1}', '{s}', 'Sol', 'Cam', now())"
    ))
    .await;
    let p1 = Uuid::new_v4();
    let insert = |id: String, coach: Uuid, team: Uuid, status: &str| {
        format!(
            "INSERT INTO program_proposals (id, team_id, coach_id, coach_name, athlete_id, kind, \
               program, note, status, created_at) VALUES ('{id}', '{team}', '{coach}', 'Cam', \
               '{b}', 'edit', '{{}}'::jsonb, 'n', '{status}', now())"
        )
    };

    let mut checks = 0;
    let mut failures = Vec::new();
    let mut check =
        async |label: String, sub: Option<Uuid>, sql: String, counts: bool, expect: Expect| {
            let role = if sub.is_some() {
                "authenticated"
            } else {
                "anon"
            };
            let got = attempt(pool, None, role, sub, &sql, None, counts).await;
            checks += 1;
            if !expect.matches(&got) {
                failures.push(format!("{label}: expected {expect:?}, got {got}"));
            }
        };
    let denied = Expect::Sqlstate(INSUFFICIENT_PRIVILEGE);
    let actors = [
        ("coach C", Some(c)),
        ("coach X", Some(x)),
        ("mate S", Some(s)),
        ("athlete B", Some(b)),
        ("anon", None),
    ];
    for phase in [
        Phase::BeforeAccept,
        Phase::Accepted,
        Phase::Unshared,
        Phase::Left,
    ] {
        match phase {
            Phase::BeforeAccept => {}
            Phase::Accepted => {
                su(format!(
                    "INSERT INTO team_athletes (team_id, user_id, name, invited_by, joined_at) \
                     VALUES ('{t1}', '{b}', 'Bea', 'Cam', now())"
                ))
                .await
            }
            Phase::Unshared => {
                su(format!(
                    "UPDATE team_athletes SET share_programs = false WHERE user_id = '{b}'"
                ))
                .await
            }
            Phase::Left => su(format!("DELETE FROM team_athletes WHERE user_id = '{b}'")).await,
        }
        let shared = phase == Phase::Accepted;
        for (name, who) in actors {
            let l = |what: &str| format!("{phase:?}/program_proposals/{what}/{name}");
            let is = |u: Uuid| who == Some(u);
            // Proposing as oneself, in team 1 and in team 2.
            let me = who.unwrap_or(c);
            check(
                l("insert team 1"),
                who,
                insert(Uuid::new_v4().to_string(), me, t1, "pending"),
                false,
                if is(c) && shared {
                    Expect::Rows(1)
                } else {
                    denied
                },
            )
            .await;
            check(
                l("insert team 2"),
                who,
                insert(Uuid::new_v4().to_string(), me, t2, "pending"),
                false,
                denied,
            )
            .await;
            // Proposing in another coach's name, or born accepted.
            check(
                l("insert as C"),
                who,
                insert(Uuid::new_v4().to_string(), c, t1, "pending"),
                false,
                if is(c) && shared {
                    Expect::Rows(1)
                } else {
                    denied
                },
            )
            .await;
            check(
                l("insert accepted"),
                who,
                insert(Uuid::new_v4().to_string(), me, t1, "accepted"),
                false,
                denied,
            )
            .await;
        }

        // A pending proposal from C (made while shared, as the superuser).
        su(insert(p1.to_string(), c, t1, "pending")).await;
        for (name, who) in actors {
            let l = |what: &str| format!("{phase:?}/program_proposals/{what}/{name}");
            let is = |u: Uuid| who == Some(u);
            let rows = |yes: bool| {
                if who.is_none() {
                    denied
                } else {
                    Expect::Rows(u64::from(yes))
                }
            };
            check(
                l("select"),
                who,
                format!("SELECT count(*) FROM program_proposals WHERE id = '{p1}'"),
                true,
                rows(is(b) || (is(c) && shared)),
            )
            .await;
            // The athlete decides; the coach may only withdraw.
            check(
                l("accept"),
                who,
                format!(
                    "UPDATE program_proposals SET status = 'accepted', decided_at = now() \
                     WHERE id = '{p1}'"
                ),
                false,
                if is(c) && shared { denied } else { rows(is(b)) },
            )
            .await;
            check(
                l("withdraw"),
                who,
                format!(
                    "UPDATE program_proposals SET status = 'withdrawn', decided_at = now() \
                     WHERE id = '{p1}'"
                ),
                false,
                if is(b) { denied } else { rows(is(c) && shared) },
            )
            .await;
            check(
                l("edit note"),
                who,
                format!("UPDATE program_proposals SET note = 'x' WHERE id = '{p1}'"),
                false,
                denied,
            )
            .await;
            check(
                l("delete pending"),
                who,
                format!("DELETE FROM program_proposals WHERE id = '{p1}'"),
                false,
                rows(false),
            )
            .await;
        }
        // After B accepted it: B reads it and can't change it again; C prunes it (shared).
        su(format!(
            "UPDATE program_proposals SET status = 'accepted', decided_at = now() WHERE id = '{p1}'"
        ))
        .await;
        for (name, who) in actors {
            let l = |what: &str| format!("{phase:?}/program_proposals/accepted/{what}/{name}");
            let is = |u: Uuid| who == Some(u);
            let rows = |yes: bool| {
                if who.is_none() {
                    denied
                } else {
                    Expect::Rows(u64::from(yes))
                }
            };
            check(
                l("select"),
                who,
                format!("SELECT count(*) FROM program_proposals WHERE id = '{p1}'"),
                true,
                rows(is(b) || (is(c) && shared)),
            )
            .await;
            check(
                l("decline"),
                who,
                format!("UPDATE program_proposals SET status = 'declined' WHERE id = '{p1}'"),
                false,
                rows(false),
            )
            .await;
            check(
                l("prune"),
                who,
                format!("DELETE FROM program_proposals WHERE id = '{p1}'"),
                false,
                rows(is(c) && shared),
            )
            .await;
        }
        su("DELETE FROM program_proposals".into()).await;
    }
    eprintln!("proposal RLS matrix: {checks} checks (phase x operation x actor)");
    assert_eq!(checks, 4 * 5 * (4 + 5 + 3));
    assert!(
        failures.is_empty(),
        "{} of {checks} proposal RLS checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
