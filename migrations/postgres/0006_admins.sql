-- Operators' admin dashboard (`/admin`, issue 19).
--
-- Who may open it: `admins` (`climbingpill admin grant|revoke EMAIL`). A climber's own row is
-- readable as that climber (`authenticated`), which is how every request asks "is this an
-- admin?". `table_growth`: one row per table per day (rows and bytes), recorded by the server.
--
-- The dashboard's queries run as a dedicated role, `climbingpill_admin`: no BYPASSRLS, and
-- granted SELECT on the `admin_*` views below only (plus the two tables of this file). The
-- views aggregate: counts and sums per day, one "last active" time per climber without the
-- climber's id, and the admins' emails; never a message, a note or another email. A view
-- reads its tables with its owner's rights, and RLS is forced on every table, so each table
-- the views read gets a SELECT policy that holds only while the current role is
-- `climbingpill_admin` (`current_user` is the querying role inside a view). The admin role
-- itself has no privilege on those tables, so it can only reach them through the views.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'climbingpill_admin') THEN
        CREATE ROLE climbingpill_admin NOLOGIN NOINHERIT;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
DO $$
BEGIN
    EXECUTE format('GRANT climbingpill_admin TO %I', current_user);
EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation THEN NULL;
END
$$;
GRANT EXECUTE ON FUNCTION ms_to_ts(bigint), ts_to_ms(timestamptz) TO climbingpill_admin;

CREATE TABLE admins (
    user_id    uuid PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    granted_at timestamptz NOT NULL
);
ALTER TABLE admins ENABLE ROW LEVEL SECURITY;
ALTER TABLE admins FORCE ROW LEVEL SECURITY;
REVOKE ALL ON admins FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON admins TO authenticated;
CREATE POLICY admins_select_own ON admins FOR SELECT TO authenticated
    USING (user_id = auth.uid());
-- Granting and revoking (the CLI) run as the admin role.
GRANT SELECT, INSERT, DELETE ON admins TO climbingpill_admin;
CREATE POLICY admins_manage ON admins FOR ALL TO climbingpill_admin
    USING (true) WITH CHECK (true);

CREATE TABLE table_growth (
    day         date NOT NULL,
    table_name  text NOT NULL,
    rows        bigint NOT NULL,
    bytes       bigint,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (day, table_name)
);
ALTER TABLE table_growth ENABLE ROW LEVEL SECURITY;
ALTER TABLE table_growth FORCE ROW LEVEL SECURITY;
REVOKE ALL ON table_growth FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT, INSERT, UPDATE ON table_growth TO climbingpill_admin;
CREATE POLICY table_growth_admin ON table_growth FOR ALL TO climbingpill_admin
    USING (true) WITH CHECK (true);

CREATE INDEX conversation_history_by_time ON conversation_history(created_at);
CREATE INDEX journal_entries_by_time ON journal_entries(created_at);

-- Read through the views only while the admin role is the current role (see above).
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['accounts', 'sessions', 'user_profiles', 'conversation_history',
                             'journal_entries', 'assessments', 'assessment_drafts',
                             'training_programs', 'training_sessions', 'onboarding',
                             'journal_usage', 'admins']
    LOOP
        EXECUTE format(
            'CREATE POLICY %I ON %I FOR SELECT USING (current_user = %L)',
            t || '_admin_views', t, 'climbingpill_admin');
    END LOOP;
END
$$;

-- The admins and their emails (the only emails the dashboard shows).
CREATE VIEW admin_admins AS
    SELECT a.email, ts_to_ms(ad.granted_at) AS granted_at
    FROM admins ad JOIN accounts a ON a.id = ad.user_id;

-- When each climber was last seen (a session, a coach turn, a journal entry): one time per
-- climber, without who it is.
CREATE VIEW admin_last_active AS
    SELECT ts_to_ms(max(t)) AS last_active FROM (
        SELECT user_id, last_seen_at AS t FROM sessions
        UNION ALL SELECT user_id, created_at FROM conversation_history
        UNION ALL SELECT user_id, created_at FROM journal_entries
    ) events GROUP BY user_id;

-- Journal entries (sessions logged) per UTC day of saving.
CREATE VIEW admin_daily_journal AS
    SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(*) AS entries
    FROM journal_entries GROUP BY 1;

-- Coach turns per UTC day: tokens, failed turns, tool calls and failed tool calls.
CREATE VIEW admin_daily_runs AS
    SELECT (created_at AT TIME ZONE 'UTC')::date AS day,
           count(*) AS turns,
           coalesce(sum(tokens_in), 0)::bigint AS tokens_in,
           coalesce(sum(tokens_out), 0)::bigint AS tokens_out,
           count(*) FILTER (WHERE status = 'error') AS errors,
           coalesce(sum(jsonb_array_length(tools)), 0)::bigint AS tool_calls,
           coalesce(sum((SELECT count(*) FROM jsonb_array_elements(tools) x
                         WHERE x ->> 'ok' = 'false')), 0)::bigint AS tool_failures
    FROM conversation_history GROUP BY 1;

-- Rows and bytes (with indexes and TOAST) of every application table, for the daily snapshot.
CREATE VIEW admin_table_sizes AS
    SELECT t.table_name, t.rows, pg_total_relation_size(format('public.%I', t.table_name)::regclass) AS bytes
    FROM (
        SELECT 'accounts' AS table_name, (SELECT count(*) FROM accounts) AS rows
        UNION ALL SELECT 'sessions', (SELECT count(*) FROM sessions)
        UNION ALL SELECT 'user_profiles', (SELECT count(*) FROM user_profiles)
        UNION ALL SELECT 'conversation_history', (SELECT count(*) FROM conversation_history)
        UNION ALL SELECT 'journal_entries', (SELECT count(*) FROM journal_entries)
        UNION ALL SELECT 'journal_usage', (SELECT count(*) FROM journal_usage)
        UNION ALL SELECT 'assessments', (SELECT count(*) FROM assessments)
        UNION ALL SELECT 'assessment_drafts', (SELECT count(*) FROM assessment_drafts)
        UNION ALL SELECT 'training_programs', (SELECT count(*) FROM training_programs)
        UNION ALL SELECT 'training_sessions', (SELECT count(*) FROM training_sessions)
        UNION ALL SELECT 'onboarding', (SELECT count(*) FROM onboarding)
        UNION ALL SELECT 'admins', (SELECT count(*) FROM admins)
    ) t;

REVOKE ALL ON admin_admins, admin_last_active, admin_daily_journal, admin_daily_runs,
    admin_table_sizes FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON admin_admins, admin_last_active, admin_daily_journal, admin_daily_runs,
    admin_table_sizes TO climbingpill_admin;
