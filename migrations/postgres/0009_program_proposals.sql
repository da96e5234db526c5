-- A coach's proposed change to an athlete's program (issue 21): a new program generated from
-- the athlete's latest assessment, or sessions moved or skipped. Rows of their own, under
-- RLS: the coach inserts and reads their own only while the athlete shares programs with the
-- team (policies join the membership tables; no SECURITY DEFINER), withdraws their pending
-- one and prunes their decided ones; the athlete reads theirs and sets the status (accept or
-- decline). Applying an accepted proposal writes the athlete's own program rows, as the
-- athlete, under the owner policies of 0002.
CREATE TABLE program_proposals (
    id              uuid PRIMARY KEY,
    team_id         uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    coach_id        uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    coach_name      text NOT NULL,
    athlete_id      uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind IN ('generate', 'edit')),
    program         jsonb NOT NULL,
    base_program_id uuid,
    base_version    text NOT NULL DEFAULT '',
    note            text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    status          text NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn')),
    created_at      timestamptz NOT NULL,
    decided_at      timestamptz
);
CREATE UNIQUE INDEX program_proposals_one_pending ON program_proposals(coach_id, athlete_id)
    WHERE status = 'pending';
CREATE INDEX program_proposals_by_athlete ON program_proposals(athlete_id, status, created_at DESC);
CREATE INDEX program_proposals_by_coach ON program_proposals(coach_id, athlete_id, created_at DESC);
CREATE INDEX program_proposals_by_team ON program_proposals(team_id);

ALTER TABLE program_proposals ENABLE ROW LEVEL SECURITY;
ALTER TABLE program_proposals FORCE ROW LEVEL SECURITY;
REVOKE ALL ON program_proposals FROM PUBLIC, anon, authenticated, service_role;

GRANT SELECT, INSERT, DELETE ON program_proposals TO authenticated;
GRANT UPDATE (status, decided_at) ON program_proposals TO authenticated;

-- The athlete reads theirs; the coach reads their own while the athlete shares programs
-- with the proposal's team.
CREATE POLICY program_proposals_select ON program_proposals FOR SELECT TO authenticated
    USING (athlete_id = (SELECT auth.uid())
           OR (coach_id = (SELECT auth.uid()) AND EXISTS (
               SELECT 1 FROM team_athletes a JOIN team_coaches c ON c.team_id = a.team_id
               WHERE a.team_id = program_proposals.team_id
                 AND a.user_id = program_proposals.athlete_id
                 AND c.user_id = (SELECT auth.uid()) AND a.share_programs)));
CREATE POLICY program_proposals_insert_coach ON program_proposals FOR INSERT TO authenticated
    WITH CHECK (coach_id = (SELECT auth.uid()) AND status = 'pending' AND decided_at IS NULL
                AND EXISTS (
               SELECT 1 FROM team_athletes a JOIN team_coaches c ON c.team_id = a.team_id
               WHERE a.team_id = program_proposals.team_id
                 AND a.user_id = program_proposals.athlete_id
                 AND c.user_id = (SELECT auth.uid()) AND a.share_programs));
-- The athlete decides a pending one.
CREATE POLICY program_proposals_decide_athlete ON program_proposals FOR UPDATE TO authenticated
    USING (athlete_id = (SELECT auth.uid()) AND status = 'pending')
    WITH CHECK (athlete_id = (SELECT auth.uid()) AND status IN ('accepted', 'declined'));
-- The coach withdraws their pending one (a newer proposal replaces it), while sharing.
CREATE POLICY program_proposals_withdraw_coach ON program_proposals FOR UPDATE TO authenticated
    USING (coach_id = (SELECT auth.uid()) AND status = 'pending' AND EXISTS (
               SELECT 1 FROM team_athletes a JOIN team_coaches c ON c.team_id = a.team_id
               WHERE a.team_id = program_proposals.team_id
                 AND a.user_id = program_proposals.athlete_id
                 AND c.user_id = (SELECT auth.uid()) AND a.share_programs))
    WITH CHECK (coach_id = (SELECT auth.uid()) AND status = 'withdrawn');
-- The coach prunes their own decided ones (the per-athlete bound), while sharing.
CREATE POLICY program_proposals_prune_coach ON program_proposals FOR DELETE TO authenticated
    USING (coach_id = (SELECT auth.uid()) AND status <> 'pending' AND EXISTS (
               SELECT 1 FROM team_athletes a JOIN team_coaches c ON c.team_id = a.team_id
               WHERE a.team_id = program_proposals.team_id
                 AND a.user_id = program_proposals.athlete_id
                 AND c.user_id = (SELECT auth.uid()) AND a.share_programs));
