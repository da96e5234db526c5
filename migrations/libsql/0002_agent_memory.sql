-- Agent memory: threads, messages (with full-text recall) and the working memory per climber.
-- No foreign key to accounts: memory may live in its own libSQL database (MEMORY_DB_URL).

CREATE TABLE threads (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL,
    title      TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,  -- unix milliseconds
    updated_at INTEGER NOT NULL
);
-- Listing a climber's threads newest first is an index range scan, however big the table
-- grows (Mastra's store has no owner index and slows down as it fills).
CREATE INDEX threads_by_user ON threads(user_id, updated_at DESC, id);

-- `seq` fixes the order of a thread: assigned under the single-writer lock, never reused.
CREATE TABLE messages (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT NOT NULL UNIQUE,
    thread_id  TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'tool')),
    parts      TEXT NOT NULL,     -- JSON array of parts (text, tool_call, tool_result)
    content    TEXT NOT NULL,     -- searchable text of the parts
    created_at INTEGER NOT NULL,
    owner      TEXT GENERATED ALWAYS AS ('u' || hex(user_id)) VIRTUAL  -- recall scope token
);
CREATE INDEX messages_by_thread ON messages(thread_id, seq);

-- Full-text recall. `owner` holds one token per climber ('u' || hex(user_id)) so that a
-- MATCH is scoped to one climber inside the index: ranking never touches other climbers'
-- messages, however many there are. External content: the text lives once, in `messages`.
CREATE VIRTUAL TABLE messages_fts USING fts5(
    content,
    owner,
    content = 'messages',
    content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts(rowid, content, owner) VALUES (new.seq, new.content, new.owner);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, content, owner) VALUES ('delete', old.seq, old.content, old.owner);
END;

CREATE TABLE working_memory (
    user_id    TEXT PRIMARY KEY,
    content    TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
