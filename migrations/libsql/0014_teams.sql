-- Coaching organisations (issue 21): a team, its coaches and athletes, invite links and the
-- coaches' comments. The athlete chooses what each team sees, per area; the stores check the
-- membership and the area on every read of an athlete's rows (PostgreSQL does the same in
-- its RLS policies, migrations/postgres/0008_teams.sql).
CREATE TABLE teams (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    created_by TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
CREATE INDEX teams_by_creator ON teams(created_by);

CREATE TABLE team_coaches (
    team_id  TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    -- The coach's name as athletes see it (never the account's e-mail).
    name     TEXT NOT NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (team_id, user_id)
);
-- A climber's teams.
CREATE INDEX team_coaches_by_user ON team_coaches(user_id);

CREATE TABLE team_athletes (
    team_id           TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    user_id           TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    -- The athlete's name as the coaches see it, chosen when accepting.
    name              TEXT NOT NULL,
    -- Who invited them (shown to the athlete: who can see what they share).
    invited_by        TEXT NOT NULL,
    share_journal     INTEGER NOT NULL DEFAULT 1 CHECK (share_journal IN (0, 1)),
    share_assessments INTEGER NOT NULL DEFAULT 1 CHECK (share_assessments IN (0, 1)),
    share_programs    INTEGER NOT NULL DEFAULT 1 CHECK (share_programs IN (0, 1)),
    share_progress    INTEGER NOT NULL DEFAULT 1 CHECK (share_progress IN (0, 1)),
    joined_at         INTEGER NOT NULL,
    PRIMARY KEY (team_id, user_id)
);
-- "Am I this athlete's coach?" on every read of an athlete's rows.
CREATE INDEX team_athletes_by_user ON team_athletes(user_id);

-- Invite links. The token is shown once to the coach; only its SHA-256 is kept.
CREATE TABLE team_invites (
    id           TEXT PRIMARY KEY,
    team_id      TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    created_by   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    inviter_name TEXT NOT NULL,
    team_name    TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    used_at      INTEGER,
    used_by      TEXT REFERENCES accounts(id) ON DELETE SET NULL
);
CREATE INDEX team_invites_by_team ON team_invites(team_id, created_at DESC);

-- A coach's comment on an athlete's journal entry or program session.
CREATE TABLE coach_comments (
    id          TEXT PRIMARY KEY,
    coach_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    coach_name  TEXT NOT NULL,
    athlete_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('journal', 'session')),
    target_id   TEXT NOT NULL,
    body        TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
    created_at  INTEGER NOT NULL,
    read_at     INTEGER
);
CREATE INDEX coach_comments_by_target ON coach_comments(athlete_id, target_kind, target_id, created_at);
CREATE INDEX coach_comments_unread ON coach_comments(athlete_id) WHERE read_at IS NULL;
