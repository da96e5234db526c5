-- Accounts, server-side sessions and climber profiles.
-- Times are unix seconds (UTC). Ids are random UUIDs, so they reveal nothing about sign-up order.

CREATE TABLE accounts (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);

-- `id` is the SHA-256 of the cookie token: a copy of the database does not hand out live sessions.
CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE user_profiles (
    user_id        TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    display_name   TEXT NOT NULL DEFAULT '',
    bodyweight_kg  REAL,
    boulder_grades TEXT NOT NULL DEFAULT 'v',
    route_grades   TEXT NOT NULL DEFAULT 'french',
    goals          TEXT NOT NULL DEFAULT '',
    updated_at     INTEGER NOT NULL
);
