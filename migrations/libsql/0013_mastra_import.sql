-- Memory brought over from a Mastra libSQL database (`climbingpill memory import-mastra`,
-- src/server/memory/mastra.rs). Which Mastra row became which of ours, so that a second run
-- of the same file imports nothing twice (and a thread deleted since is not brought back),
-- and what Mastra kept that our tables have no column for. No foreign keys to threads or
-- messages on the id maps: they outlive a deletion on purpose.

-- A Mastra thread (`mastra_threads.id`) and the thread it became. `metadata` is the rest of
-- Mastra's thread metadata (JSON, without the working memory), written back by
-- `memory export-mastra`.
CREATE TABLE mastra_thread_ids (
    mastra_id   TEXT PRIMARY KEY,
    thread_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    metadata    TEXT NOT NULL DEFAULT '{}',
    imported_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX mastra_thread_ids_by_thread ON mastra_thread_ids(thread_id);

-- A Mastra message (`mastra_messages.id`) and the message it became.
CREATE TABLE mastra_message_ids (
    mastra_id  TEXT PRIMARY KEY,
    message_id TEXT NOT NULL
) WITHOUT ROWID;

-- A Mastra resource whose working memory was merged into the climber's (once).
CREATE TABLE mastra_resource_ids (
    resource_id TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL,
    imported_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX mastra_resource_ids_by_user ON mastra_resource_ids(user_id);

-- Working memory scoped to one conversation (Mastra's `metadata.workingMemory` of a thread),
-- kept with its thread and gone with it.
CREATE TABLE thread_working_memory (
    thread_id  TEXT PRIMARY KEY REFERENCES threads(id) ON DELETE CASCADE,
    content    TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
