-- Coaching organisations (issue 21): teams, their coaches and athletes, invite links and the
-- coaches' comments, with Row Level Security that lets a coach SELECT an athlete's rows only
-- while a membership with that area shared exists. The policies join the membership tables
-- themselves (no SECURITY DEFINER). Policies may not form a cycle (PostgreSQL refuses a
-- policy that reaches its own table again), so the references go one way:
--   athletes' tables, coach_comments, teams, team_invites -> team_athletes -> team_coaches,
-- and team_coaches' own policies look at nothing but the row.
-- Joining a team happens only through an invite: the token is a bearer secret like the
-- session cookie, so the claim (mark the invite used, add the athlete) runs as service_role,
-- like the session lookup; `authenticated` can't add anyone to a team.

CREATE TABLE teams (
    id         uuid PRIMARY KEY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    created_by uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    -- Referenced with the creator by team_coaches (below).
    UNIQUE (id, created_by)
);
-- The number of teams a climber made (the per-climber bound).
CREATE INDEX teams_by_creator ON teams(created_by);

CREATE TABLE team_coaches (
    team_id    uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    -- The team's creator. With the foreign key below, a climber can make themselves coach
    -- only of a team they created: the key check ignores RLS, and reads nothing else.
    team_owner uuid NOT NULL,
    name       text NOT NULL,
    added_at   timestamptz NOT NULL,
    PRIMARY KEY (team_id, user_id),
    FOREIGN KEY (team_id, team_owner) REFERENCES teams(id, created_by) ON DELETE CASCADE
);
CREATE INDEX team_coaches_by_user ON team_coaches(user_id, team_id);

CREATE TABLE team_athletes (
    team_id           uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    user_id           uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name              text NOT NULL,
    invited_by        text NOT NULL,
    share_journal     boolean NOT NULL DEFAULT true,
    share_assessments boolean NOT NULL DEFAULT true,
    share_programs    boolean NOT NULL DEFAULT true,
    share_progress    boolean NOT NULL DEFAULT true,
    joined_at         timestamptz NOT NULL,
    PRIMARY KEY (team_id, user_id)
);
-- Every coach policy looks an athlete up by user_id.
CREATE INDEX team_athletes_by_user ON team_athletes(user_id, team_id);

CREATE TABLE team_invites (
    id           uuid PRIMARY KEY,
    team_id      uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    token_hash   text NOT NULL UNIQUE,            -- SHA-256 hex; the token is never stored
    created_by   uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    inviter_name text NOT NULL,
    team_name    text NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz,
    used_by      uuid REFERENCES accounts(id) ON DELETE SET NULL
);
CREATE INDEX team_invites_by_team ON team_invites(team_id, created_at DESC);

CREATE TABLE coach_comments (
    id          uuid PRIMARY KEY,
    coach_id    uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    coach_name  text NOT NULL,
    athlete_id  uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    target_kind text NOT NULL CHECK (target_kind IN ('journal', 'session')),
    target_id   uuid NOT NULL,
    body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
    created_at  timestamptz NOT NULL,
    read_at     timestamptz
);
CREATE INDEX coach_comments_by_target ON coach_comments(athlete_id, target_kind, target_id, created_at);
CREATE INDEX coach_comments_by_coach ON coach_comments(coach_id);
CREATE INDEX coach_comments_unread ON coach_comments(athlete_id) WHERE read_at IS NULL;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['teams', 'team_coaches', 'team_athletes', 'team_invites', 'coach_comments']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('REVOKE ALL ON %I FROM PUBLIC, anon, authenticated, service_role', t);
    END LOOP;
END
$$;

-- team_coaches: a coach sees and removes their own rows; the creator adds themselves.
GRANT SELECT, INSERT, DELETE ON team_coaches TO authenticated;
CREATE POLICY team_coaches_select_own ON team_coaches FOR SELECT TO authenticated
    USING (user_id = auth.uid());
CREATE POLICY team_coaches_insert_creator ON team_coaches FOR INSERT TO authenticated
    WITH CHECK (user_id = auth.uid() AND team_owner = auth.uid());
CREATE POLICY team_coaches_delete_own ON team_coaches FOR DELETE TO authenticated
    USING (user_id = auth.uid());

-- team_athletes: the athlete sees their rows, changes only what they share, and leaves;
-- the team's coaches see the roster and may remove an athlete. Nobody inserts (invites do).
GRANT SELECT, DELETE ON team_athletes TO authenticated;
GRANT UPDATE (share_journal, share_assessments, share_programs, share_progress)
    ON team_athletes TO authenticated;
CREATE POLICY team_athletes_select ON team_athletes FOR SELECT TO authenticated
    USING (user_id = auth.uid()
           OR team_id IN (SELECT c.team_id FROM team_coaches c WHERE c.user_id = auth.uid()));
CREATE POLICY team_athletes_update_own ON team_athletes FOR UPDATE TO authenticated
    USING (user_id = auth.uid()) WITH CHECK (user_id = auth.uid());
CREATE POLICY team_athletes_delete ON team_athletes FOR DELETE TO authenticated
    USING (user_id = auth.uid()
           OR team_id IN (SELECT c.team_id FROM team_coaches c WHERE c.user_id = auth.uid()));

-- teams: members read; the creator inserts; coaches rename or delete.
GRANT SELECT, INSERT, DELETE ON teams TO authenticated;
GRANT UPDATE (name) ON teams TO authenticated;
CREATE POLICY teams_select_member ON teams FOR SELECT TO authenticated
    USING (created_by = auth.uid()
           OR id IN (SELECT c.team_id FROM team_coaches c WHERE c.user_id = auth.uid())
           OR id IN (SELECT a.team_id FROM team_athletes a WHERE a.user_id = auth.uid()));
CREATE POLICY teams_insert_own ON teams FOR INSERT TO authenticated
    WITH CHECK (created_by = auth.uid());
CREATE POLICY teams_update_coach ON teams FOR UPDATE TO authenticated
    USING (id IN (SELECT c.team_id FROM team_coaches c WHERE c.user_id = auth.uid()));
CREATE POLICY teams_delete_coach ON teams FOR DELETE TO authenticated
    USING (id IN (SELECT c.team_id FROM team_coaches c WHERE c.user_id = auth.uid()));

-- team_invites: the team's coaches make, list and withdraw them.
GRANT SELECT, INSERT, DELETE ON team_invites TO authenticated;
CREATE POLICY team_invites_select_coach ON team_invites FOR SELECT TO authenticated
    USING (team_id IN (SELECT c.team_id FROM team_coaches c WHERE c.user_id = auth.uid()));
CREATE POLICY team_invites_insert_coach ON team_invites FOR INSERT TO authenticated
    WITH CHECK (created_by = auth.uid()
                AND team_id IN (SELECT c.team_id FROM team_coaches c WHERE c.user_id = auth.uid()));
CREATE POLICY team_invites_delete_coach ON team_invites FOR DELETE TO authenticated
    USING (team_id IN (SELECT c.team_id FROM team_coaches c WHERE c.user_id = auth.uid()));

-- The invite page and the claim (see the top): find by token hash, mark used, add the athlete.
GRANT SELECT ON team_invites TO service_role;
GRANT UPDATE (used_at, used_by) ON team_invites TO service_role;
GRANT INSERT ON team_athletes TO service_role;

-- coach_comments: rows of their own. The coach writes (while the athlete shares the area the
-- comment is about) and deletes; both read; the athlete only marks them read.
GRANT SELECT, INSERT, DELETE ON coach_comments TO authenticated;
GRANT UPDATE (read_at) ON coach_comments TO authenticated;
CREATE POLICY coach_comments_select_party ON coach_comments FOR SELECT TO authenticated
    USING (coach_id = auth.uid() OR athlete_id = auth.uid());
CREATE POLICY coach_comments_insert_coach ON coach_comments FOR INSERT TO authenticated
    WITH CHECK (coach_id = auth.uid() AND EXISTS (
        SELECT 1 FROM team_athletes a JOIN team_coaches c ON c.team_id = a.team_id
        WHERE a.user_id = coach_comments.athlete_id AND c.user_id = auth.uid()
          AND CASE coach_comments.target_kind WHEN 'journal' THEN a.share_journal
                                              ELSE a.share_programs END));
CREATE POLICY coach_comments_update_athlete ON coach_comments FOR UPDATE TO authenticated
    USING (athlete_id = auth.uid()) WITH CHECK (athlete_id = auth.uid());
CREATE POLICY coach_comments_delete_coach ON coach_comments FOR DELETE TO authenticated
    USING (coach_id = auth.uid());

-- A coach reads an athlete's rows while a membership shares the area. Progress (load,
-- grades, pain) is computed from the journal, so sharing it opens the journal rows to the
-- coach's requests; the app then shows only the figures. Never: conversations, working
-- memory, profile, account, drafts, onboarding.
CREATE POLICY journal_entries_select_coach ON journal_entries FOR SELECT TO authenticated
    USING (EXISTS (
        SELECT 1 FROM team_athletes a JOIN team_coaches c ON c.team_id = a.team_id
        WHERE a.user_id = journal_entries.user_id AND c.user_id = (SELECT auth.uid())
          AND (a.share_journal OR a.share_progress)));
CREATE POLICY assessments_select_coach ON assessments FOR SELECT TO authenticated
    USING (EXISTS (
        SELECT 1 FROM team_athletes a JOIN team_coaches c ON c.team_id = a.team_id
        WHERE a.user_id = assessments.user_id AND c.user_id = (SELECT auth.uid())
          AND a.share_assessments));
CREATE POLICY training_programs_select_coach ON training_programs FOR SELECT TO authenticated
    USING (EXISTS (
        SELECT 1 FROM team_athletes a JOIN team_coaches c ON c.team_id = a.team_id
        WHERE a.user_id = training_programs.user_id AND c.user_id = (SELECT auth.uid())
          AND a.share_programs));
CREATE POLICY training_sessions_select_coach ON training_sessions FOR SELECT TO authenticated
    USING (EXISTS (
        SELECT 1 FROM team_athletes a JOIN team_coaches c ON c.team_id = a.team_id
        WHERE a.user_id = training_sessions.user_id AND c.user_id = (SELECT auth.uid())
          AND a.share_programs));
