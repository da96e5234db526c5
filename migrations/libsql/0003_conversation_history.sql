-- The agent's run log: one row per coach turn, for operators (what the coach did, how long
-- it took, what it cost) and for the climber's own history. Times are unix milliseconds.
CREATE TABLE conversation_history (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    thread_id   TEXT NOT NULL,
    provider    TEXT NOT NULL,
    model       TEXT NOT NULL,
    -- JSON array of {"name": .., "ok": bool}, in call order.
    tools       TEXT NOT NULL DEFAULT '[]',
    steps       INTEGER NOT NULL,
    tokens_in   INTEGER,
    tokens_out  INTEGER,
    latency_ms  INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('ok', 'max_steps', 'error', 'cancelled')),
    error       TEXT,
    created_at  INTEGER NOT NULL
);
CREATE INDEX conversation_history_by_user ON conversation_history(user_id, created_at DESC);
