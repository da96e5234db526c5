-- Recall reads only the asking climber's part of the full-text index: every indexed word now
-- carries the climber's scope (src/domain/memory/recall.rs). SQL cannot compute those terms,
-- so the store writes them (src/server/memory/fts.rs) instead of a trigger, and the messages
-- already saved are indexed again by Rust right after this file, in the same transaction
-- (the backfill in src/server/db/migrate.rs).
DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_delete;
DROP TABLE messages_fts;
-- The old scope token, only the old index used it.
ALTER TABLE messages DROP COLUMN owner;

-- Contentless: the text lives once, in `messages.content`; the index keeps only terms.
-- `contentless_delete` lets a deleted message leave the index by rowid alone.
CREATE VIRTUAL TABLE messages_fts USING fts5(
    terms,
    content = '',
    contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
-- Merge index segments as soon as two pile up at a level (FTS5's default waits for four):
-- each message is its own small commit, and a search looks every word up in every segment,
-- so fewer segments is what keeps recall fast, for a little more work per write.
INSERT INTO messages_fts(messages_fts, rank) VALUES ('automerge', 2);

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    DELETE FROM messages_fts WHERE rowid = old.seq;
END;
