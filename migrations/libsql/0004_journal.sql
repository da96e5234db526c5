-- The training journal. Climbs and pain flags are stored with their entry (JSON arrays):
-- they are always read and written with it, and aggregates are computed from whole entries.
-- `date` is the climber's calendar day (YYYY-MM-DD); other times are unix milliseconds.
CREATE TABLE journal_entries (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    date         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    location     TEXT NOT NULL DEFAULT '',
    duration_min INTEGER NOT NULL CHECK (duration_min BETWEEN 0 AND 1440),
    rpe          INTEGER CHECK (rpe BETWEEN 1 AND 10),
    load         INTEGER,
    energy       INTEGER CHECK (energy BETWEEN 1 AND 5),
    sleep        INTEGER CHECK (sleep BETWEEN 1 AND 5),
    mood         INTEGER CHECK (mood BETWEEN 1 AND 5),
    climbs       TEXT NOT NULL DEFAULT '[]',
    pain         TEXT NOT NULL DEFAULT '[]',
    notes        TEXT NOT NULL DEFAULT '',
    tags         TEXT NOT NULL DEFAULT '[]',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX journal_by_user_date ON journal_entries(user_id, date DESC, created_at DESC);
