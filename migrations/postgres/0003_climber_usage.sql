-- What each climber keeps in the journal, counted as it changes (for the per-climber quotas,
-- src/server/services/quota.rs): a quota check reads one row instead of counting and measuring
-- every entry. Kept by a trigger, so every writer keeps it right. Bytes are the UTF-8 bytes of
-- the entry's text and lists. (Conversations live in libSQL, with their own counts.)
CREATE TABLE journal_usage (
    user_id uuid PRIMARY KEY,
    entries bigint NOT NULL DEFAULT 0,
    bytes   bigint NOT NULL DEFAULT 0
);

CREATE FUNCTION journal_entry_bytes(e journal_entries) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
    SELECT (octet_length(e.location) + octet_length(e.notes) + octet_length(e.climbs::text)
            + octet_length(e.pain::text) + octet_length(e.tags::text))::bigint
$$;

INSERT INTO journal_usage (user_id, entries, bytes)
    SELECT user_id, count(*), sum(journal_entry_bytes(j)) FROM journal_entries j GROUP BY user_id;

-- Runs as the caller (the climber, under RLS: the policies below let it touch its own row).
CREATE FUNCTION journal_usage_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO journal_usage (user_id, entries, bytes)
            VALUES (NEW.user_id, 1, journal_entry_bytes(NEW))
            ON CONFLICT (user_id) DO UPDATE
            SET entries = journal_usage.entries + 1, bytes = journal_usage.bytes + EXCLUDED.bytes;
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE journal_usage
            SET bytes = bytes + journal_entry_bytes(NEW) - journal_entry_bytes(OLD)
            WHERE user_id = NEW.user_id;
    ELSE
        UPDATE journal_usage
            SET entries = entries - 1, bytes = bytes - journal_entry_bytes(OLD)
            WHERE user_id = OLD.user_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER journal_usage_count AFTER INSERT OR UPDATE OR DELETE ON journal_entries
    FOR EACH ROW EXECUTE FUNCTION journal_usage_count();

ALTER TABLE journal_usage ENABLE ROW LEVEL SECURITY;
ALTER TABLE journal_usage FORCE ROW LEVEL SECURITY;
REVOKE ALL ON journal_usage FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT, INSERT, UPDATE, DELETE ON journal_usage TO authenticated;
CREATE POLICY journal_usage_select_own ON journal_usage FOR SELECT TO authenticated
    USING (user_id = auth.uid());
CREATE POLICY journal_usage_insert_own ON journal_usage FOR INSERT TO authenticated
    WITH CHECK (user_id = auth.uid());
CREATE POLICY journal_usage_update_own ON journal_usage FOR UPDATE TO authenticated
    USING (user_id = auth.uid()) WITH CHECK (user_id = auth.uid());
CREATE POLICY journal_usage_delete_own ON journal_usage FOR DELETE TO authenticated
    USING (user_id = auth.uid());
REVOKE ALL ON FUNCTION journal_usage_count() FROM PUBLIC;
REVOKE ALL ON FUNCTION journal_entry_bytes(journal_entries) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION journal_usage_count(), journal_entry_bytes(journal_entries)
    TO authenticated;
