-- Row Level Security: the database itself keeps climbers apart. The server runs each store
-- call in a transaction as role `authenticated` with `request.jwt.claims` = {"sub": user id},
-- as Supabase's API does, so a query that forgot its `user_id` filter still sees only the
-- climber's own rows. FORCE makes the rules apply to the table owner too.
-- `anon` (not logged in) gets nothing. `service_role` (BYPASSRLS) is used only where no user
-- is known yet: finding an account by email at log-in, looking up a session by its cookie,
-- sweeping expired sessions, and the operators' onboarding funnel.
DO $$
DECLARE
    t text;
    owner_column text;
BEGIN
    FOR t, owner_column IN VALUES
        ('accounts', 'id'),
        ('sessions', 'user_id'),
        ('user_profiles', 'user_id'),
        ('conversation_history', 'user_id'),
        ('journal_entries', 'user_id'),
        ('assessments', 'user_id'),
        ('assessment_drafts', 'user_id'),
        ('training_programs', 'user_id'),
        ('training_sessions', 'user_id'),
        ('onboarding', 'user_id')
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        -- Supabase grants every API role everything on new tables by default: take it all
        -- back, then grant exactly what each role needs.
        EXECUTE format('REVOKE ALL ON %I FROM PUBLIC, anon, authenticated, service_role', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO authenticated', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO authenticated USING (%I = auth.uid())',
                       t || '_select_own', t, owner_column);
        EXECUTE format('CREATE POLICY %I ON %I FOR INSERT TO authenticated WITH CHECK (%I = auth.uid())',
                       t || '_insert_own', t, owner_column);
        EXECUTE format('CREATE POLICY %I ON %I FOR UPDATE TO authenticated USING (%I = auth.uid()) WITH CHECK (%I = auth.uid())',
                       t || '_update_own', t, owner_column, owner_column);
        EXECUTE format('CREATE POLICY %I ON %I FOR DELETE TO authenticated USING (%I = auth.uid())',
                       t || '_delete_own', t, owner_column);
    END LOOP;
END
$$;

-- What the server does without a user (see above), and nothing more.
GRANT SELECT ON accounts TO service_role;
GRANT SELECT, UPDATE, DELETE ON sessions TO service_role;
GRANT SELECT ON onboarding TO service_role;

-- The time helpers are for the server's roles only.
REVOKE ALL ON FUNCTION ms_to_ts(bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION ts_to_ms(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ms_to_ts(bigint), ts_to_ms(timestamptz) TO authenticated, service_role;
