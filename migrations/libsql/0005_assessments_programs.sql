-- Assessments and training programs. The background, test results, plan and planned sessions
-- are stored as JSON: they are always read and written whole, and the domain types evolve by
-- adding fields. Dates are calendar days (YYYY-MM-DD); other times are unix milliseconds.
CREATE TABLE assessments (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    taken_on   TEXT NOT NULL,
    background TEXT NOT NULL,
    tests      TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX assessments_by_user ON assessments(user_id, created_at DESC);

CREATE TABLE programs (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    assessment_id TEXT REFERENCES assessments(id) ON DELETE SET NULL,
    active        INTEGER NOT NULL CHECK (active IN (0, 1)),
    plan          TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    archived_at   INTEGER
);
-- A climber has at most one active program; older ones are kept as history.
CREATE UNIQUE INDEX programs_one_active ON programs(user_id) WHERE active = 1;
CREATE INDEX programs_by_user ON programs(user_id, created_at DESC);

CREATE TABLE program_sessions (
    id               TEXT PRIMARY KEY,
    program_id       TEXT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    user_id          TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    date             TEXT NOT NULL,
    planned          TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('planned', 'done', 'skipped')),
    rpe              INTEGER CHECK (rpe BETWEEN 1 AND 10),
    notes            TEXT NOT NULL DEFAULT '',
    journal_entry_id TEXT REFERENCES journal_entries(id) ON DELETE SET NULL,
    completed_at     INTEGER,
    UNIQUE (program_id, position)
);
CREATE INDEX program_sessions_by_user_date ON program_sessions(user_id, status, date);

-- The assessment a climber has started but not finished (one per climber), as typed.
CREATE TABLE assessment_drafts (
    user_id    TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    draft      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
