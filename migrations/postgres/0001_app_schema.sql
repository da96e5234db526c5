-- Application data: the same aggregates as migrations/libsql, with Postgres types.
-- Ids are uuids except sessions (the SHA-256 hex of the cookie token, never the token).
-- Times are timestamptz; calendar days (a climber's local day) are `date`. Documents that are
-- always read and written whole (climbs, plans, test results) are jsonb.
-- Every query the app makes has an index below (see the comment on each).

CREATE TABLE accounts (
    id            uuid PRIMARY KEY,
    email         text NOT NULL UNIQUE,           -- log in: find by email
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL
);

CREATE TABLE sessions (
    id           text PRIMARY KEY,                -- SHA-256 hex of the cookie token
    user_id      uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);
-- The sweeper deletes idle or too-old sessions.
CREATE INDEX sessions_by_last_seen ON sessions(last_seen_at);
CREATE INDEX sessions_by_created ON sessions(created_at);

CREATE TABLE user_profiles (
    user_id        uuid PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    display_name   text NOT NULL DEFAULT '',
    bodyweight_kg  double precision CHECK (bodyweight_kg IS NULL OR bodyweight_kg > 0),
    boulder_grades text NOT NULL DEFAULT 'v',
    route_grades   text NOT NULL DEFAULT 'french',
    goals          text NOT NULL DEFAULT '',
    updated_at     timestamptz NOT NULL
);

-- The agent's run log: one row per coach turn.
CREATE TABLE conversation_history (
    id          uuid PRIMARY KEY,
    -- Insertion order, for runs logged in the same millisecond (libSQL's rowid).
    seq         bigint GENERATED ALWAYS AS IDENTITY,
    user_id     uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    thread_id   text NOT NULL,
    provider    text NOT NULL,
    model       text NOT NULL,
    tools       jsonb NOT NULL DEFAULT '[]',     -- [{"name": .., "ok": bool}] in call order
    steps       integer NOT NULL CHECK (steps >= 0),
    tokens_in   integer,
    tokens_out  integer,
    latency_ms  bigint NOT NULL CHECK (latency_ms >= 0),
    status      text NOT NULL CHECK (status IN ('ok', 'max_steps', 'error', 'cancelled')),
    error       text,
    created_at  timestamptz NOT NULL
);
-- A climber's latest runs.
CREATE INDEX conversation_history_by_user ON conversation_history(user_id, created_at DESC, seq DESC);

CREATE TABLE journal_entries (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    date         date NOT NULL,
    kind         text NOT NULL,
    location     text NOT NULL DEFAULT '',
    duration_min integer NOT NULL CHECK (duration_min BETWEEN 0 AND 1440),
    rpe          smallint CHECK (rpe BETWEEN 1 AND 10),
    load         integer,
    energy       smallint CHECK (energy BETWEEN 1 AND 5),
    sleep        smallint CHECK (sleep BETWEEN 1 AND 5),
    mood         smallint CHECK (mood BETWEEN 1 AND 5),
    climbs       jsonb NOT NULL DEFAULT '[]',
    pain         jsonb NOT NULL DEFAULT '[]',
    notes        text NOT NULL DEFAULT '',
    tags         jsonb NOT NULL DEFAULT '[]',
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    UNIQUE (id, user_id)
);
-- The journal list (newest first, date range and kind filters) and the progress page.
CREATE INDEX journal_by_user_date ON journal_entries(user_id, date DESC, created_at DESC);

CREATE TABLE assessments (
    id         uuid PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    taken_on   date NOT NULL,
    background jsonb NOT NULL,
    tests      jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    -- Referenced with its owner (below), so a row can only point at the same climber's rows:
    -- a foreign key check ignores RLS and would otherwise link, and probe, other climbers' ids.
    UNIQUE (id, user_id)
);
-- History, newest first.
CREATE INDEX assessments_by_user ON assessments(user_id, created_at DESC);

CREATE TABLE assessment_drafts (
    user_id    uuid PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    draft      jsonb NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE training_programs (
    id            uuid PRIMARY KEY,
    user_id       uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    assessment_id uuid,
    active        boolean NOT NULL,
    plan          jsonb NOT NULL,
    created_at    timestamptz NOT NULL,
    archived_at   timestamptz,
    UNIQUE (id, user_id),
    FOREIGN KEY (assessment_id, user_id) REFERENCES assessments(id, user_id)
        ON DELETE SET NULL (assessment_id)
);
-- A climber has at most one active program (also the lookup of the active one).
CREATE UNIQUE INDEX training_programs_one_active ON training_programs(user_id) WHERE active;
-- The history, newest first.
CREATE INDEX training_programs_by_user ON training_programs(user_id, created_at DESC);
-- ON DELETE SET NULL from assessments.
CREATE INDEX training_programs_by_assessment ON training_programs(assessment_id, user_id);

CREATE TABLE training_sessions (
    id               uuid PRIMARY KEY,
    program_id       uuid NOT NULL,
    user_id          uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    position         integer NOT NULL CHECK (position >= 0),
    date             date NOT NULL,
    planned          jsonb NOT NULL,
    status           text NOT NULL CHECK (status IN ('planned', 'done', 'skipped')),
    rpe              smallint CHECK (rpe BETWEEN 1 AND 10),
    notes            text NOT NULL DEFAULT '',
    journal_entry_id uuid,
    completed_at     timestamptz,
    -- With the owner, like the foreign keys: a clash can't tell one climber about another's.
    UNIQUE (program_id, user_id, position),
    FOREIGN KEY (program_id, user_id) REFERENCES training_programs(id, user_id) ON DELETE CASCADE,
    FOREIGN KEY (journal_entry_id, user_id) REFERENCES journal_entries(id, user_id)
        ON DELETE SET NULL (journal_entry_id)
);
-- A program's sessions by date.
CREATE INDEX training_sessions_by_program ON training_sessions(program_id, date, position);
-- Today's / upcoming sessions of a climber.
CREATE INDEX training_sessions_by_user_date ON training_sessions(user_id, status, date);
-- ON DELETE SET NULL from journal_entries.
CREATE INDEX training_sessions_by_entry ON training_sessions(journal_entry_id, user_id);

CREATE TABLE onboarding (
    user_id     uuid PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    step        smallint NOT NULL CHECK (step BETWEEN 1 AND 7),
    furthest    smallint NOT NULL CHECK (furthest BETWEEN 1 AND 7),
    answers     jsonb NOT NULL,
    started_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    finished_at timestamptz
);
-- The operators' funnel.
CREATE INDEX onboarding_by_furthest ON onboarding(furthest);

-- Unix milliseconds <-> timestamptz, exact (the domain keeps times as integers).
CREATE FUNCTION ms_to_ts(ms bigint) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT timestamptz 'epoch' + ms * interval '1 millisecond' $$;
CREATE FUNCTION ts_to_ms(ts timestamptz) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT (extract(epoch FROM ts) * 1000)::bigint $$;
