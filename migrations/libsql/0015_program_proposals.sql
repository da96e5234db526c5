-- A coach's proposed change to an athlete's program (issue 21): a new program generated from
-- the athlete's latest assessment, or sessions moved or skipped. The athlete accepts or
-- declines; nothing replaces the active program without that. The store checks that the
-- coach coaches the athlete in `team_id` and that programs are shared, on every write and
-- read of the coach's (PostgreSQL does the same in its policies,
-- migrations/postgres/0009_program_proposals.sql).
CREATE TABLE program_proposals (
    id              TEXT PRIMARY KEY,
    team_id         TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    coach_id        TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    coach_name      TEXT NOT NULL,
    athlete_id      TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('generate', 'edit')),
    -- The proposed plan and sessions, JSON, as the program store keeps them.
    program         TEXT NOT NULL,
    -- The athlete's active program when it was proposed, and its sessions' fingerprint: an
    -- edit is refused once that program has changed.
    base_program_id TEXT,
    base_version    TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn')),
    created_at      INTEGER NOT NULL,
    decided_at      INTEGER
);
-- At most one pending proposal per coach per athlete: a new one withdraws the older.
CREATE UNIQUE INDEX program_proposals_one_pending ON program_proposals(coach_id, athlete_id)
    WHERE status = 'pending';
CREATE INDEX program_proposals_by_athlete ON program_proposals(athlete_id, status, created_at DESC);
CREATE INDEX program_proposals_by_coach ON program_proposals(coach_id, athlete_id, created_at DESC);
