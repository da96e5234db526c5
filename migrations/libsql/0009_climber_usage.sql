-- What each climber keeps, counted as it changes (for the per-climber quotas,
-- src/server/services/quota.rs): a quota check reads one row instead of counting and
-- measuring every message or entry. Kept by triggers, so every writer (the app, the memory
-- import, a restore) keeps it right. Bytes are UTF-8 bytes of what is stored.

-- Agent memory (this file, or the MEMORY_DB_URL database): conversations and messages.
CREATE TABLE memory_usage (
    user_id  TEXT PRIMARY KEY,
    threads  INTEGER NOT NULL DEFAULT 0,
    messages INTEGER NOT NULL DEFAULT 0,
    bytes    INTEGER NOT NULL DEFAULT 0
);
INSERT INTO memory_usage (user_id, threads, messages, bytes)
    SELECT user_id, sum(t), sum(m), sum(b) FROM (
        SELECT user_id, 1 AS t, 0 AS m, 0 AS b FROM threads
        UNION ALL
        SELECT user_id, 0, 1, length(CAST(parts AS BLOB)) FROM messages
    ) GROUP BY user_id;

CREATE TRIGGER memory_usage_thread_insert AFTER INSERT ON threads BEGIN
    INSERT INTO memory_usage (user_id, threads) VALUES (new.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET threads = threads + 1;
END;
CREATE TRIGGER memory_usage_thread_delete AFTER DELETE ON threads BEGIN
    UPDATE memory_usage SET threads = threads - 1 WHERE user_id = old.user_id;
END;
CREATE TRIGGER memory_usage_message_insert AFTER INSERT ON messages BEGIN
    INSERT INTO memory_usage (user_id, messages, bytes)
        VALUES (new.user_id, 1, length(CAST(new.parts AS BLOB)))
        ON CONFLICT (user_id) DO UPDATE SET messages = messages + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER memory_usage_message_delete AFTER DELETE ON messages BEGIN
    UPDATE memory_usage SET messages = messages - 1, bytes = bytes - length(CAST(old.parts AS BLOB))
        WHERE user_id = old.user_id;
END;

-- The training journal: entries, and the bytes of their text and lists.
CREATE TABLE journal_usage (
    user_id TEXT PRIMARY KEY,
    entries INTEGER NOT NULL DEFAULT 0,
    bytes   INTEGER NOT NULL DEFAULT 0
);
INSERT INTO journal_usage (user_id, entries, bytes)
    SELECT user_id, count(*),
           sum(length(CAST(location AS BLOB)) + length(CAST(notes AS BLOB))
               + length(CAST(climbs AS BLOB)) + length(CAST(pain AS BLOB))
               + length(CAST(tags AS BLOB)))
    FROM journal_entries GROUP BY user_id;

CREATE TRIGGER journal_usage_insert AFTER INSERT ON journal_entries BEGIN
    INSERT INTO journal_usage (user_id, entries, bytes)
        VALUES (new.user_id, 1,
                length(CAST(new.location AS BLOB)) + length(CAST(new.notes AS BLOB))
                + length(CAST(new.climbs AS BLOB)) + length(CAST(new.pain AS BLOB))
                + length(CAST(new.tags AS BLOB)))
        ON CONFLICT (user_id) DO UPDATE SET entries = entries + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER journal_usage_update AFTER UPDATE ON journal_entries BEGIN
    UPDATE journal_usage SET bytes = bytes
        + length(CAST(new.location AS BLOB)) + length(CAST(new.notes AS BLOB))
        + length(CAST(new.climbs AS BLOB)) + length(CAST(new.pain AS BLOB))
        + length(CAST(new.tags AS BLOB))
        - length(CAST(old.location AS BLOB)) - length(CAST(old.notes AS BLOB))
        - length(CAST(old.climbs AS BLOB)) - length(CAST(old.pain AS BLOB))
        - length(CAST(old.tags AS BLOB))
        WHERE user_id = new.user_id;
END;
CREATE TRIGGER journal_usage_delete AFTER DELETE ON journal_entries BEGIN
    UPDATE journal_usage SET entries = entries - 1, bytes = bytes
        - length(CAST(old.location AS BLOB)) - length(CAST(old.notes AS BLOB))
        - length(CAST(old.climbs AS BLOB)) - length(CAST(old.pain AS BLOB))
        - length(CAST(old.tags AS BLOB))
        WHERE user_id = old.user_id;
END;
