-- Team privacy (issue 21): an athlete who shares progress but not the journal no longer
-- opens their journal rows to the coach. Before this, journal_entries_select_coach let a coach
-- SELECT whole rows (notes, locations, pain notes, feelings) when only progress was shared,
-- and the app merely chose to show figures.
--
-- Now:
--  * journal_entries_select_coach holds only while a membership shares the JOURNAL;
--  * progress figures come from the view `journal_figures`, which exposes only what the
--    progress charts and the Team page need: date, kind, duration, RPE, load, pain flags
--    (body part only, notes blanked) and climbs (grade, style, attempts; names blanked).
--    No notes, location, tags, energy, sleep or mood.
--
-- How the view is guarded, without SECURITY DEFINER: a view reads its tables with its
-- owner's rights, so the view is owned by a dedicated role, `climbingpill_figures` (no login,
-- no BYPASSRLS, never a request's role). That role may SELECT only the figure columns of
-- journal_entries, and RLS (forced) gives it the rows of an athlete only while a membership
-- of a team whose coach is the requesting climber (`auth.uid()`, the session's) shares
-- progress or the journal. `authenticated` gets SELECT on the view only; the policies join
-- the membership tables like every other coach policy.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'climbingpill_figures') THEN
        CREATE ROLE climbingpill_figures NOLOGIN NOINHERIT;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
-- The migrating role hands the view to it (ALTER ... OWNER needs membership).
DO $$
BEGIN
    EXECUTE format('GRANT climbingpill_figures TO %I', current_user);
EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation THEN NULL;
END
$$;
GRANT USAGE ON SCHEMA auth TO climbingpill_figures;
GRANT EXECUTE ON FUNCTION auth.uid() TO climbingpill_figures;

-- 1. The whole rows: the journal only.
ALTER POLICY journal_entries_select_coach ON journal_entries
    USING (EXISTS (
        SELECT 1 FROM team_athletes a JOIN team_coaches c ON c.team_id = a.team_id
        WHERE a.user_id = journal_entries.user_id AND c.user_id = (SELECT auth.uid())
          AND a.share_journal));

-- 2. The figures: the view's owner reads the figure columns of a shared athlete's rows.
GRANT SELECT (id, user_id, date, kind, duration_min, rpe, load, climbs, pain, created_at,
              updated_at)
    ON journal_entries TO climbingpill_figures;
GRANT SELECT ON team_athletes, team_coaches TO climbingpill_figures;
CREATE POLICY journal_entries_figures_coach ON journal_entries FOR SELECT
    TO climbingpill_figures
    USING (EXISTS (
        SELECT 1 FROM team_athletes a JOIN team_coaches c ON c.team_id = a.team_id
        WHERE a.user_id = journal_entries.user_id AND c.user_id = (SELECT auth.uid())
          AND (a.share_progress OR a.share_journal)));
CREATE POLICY team_coaches_figures ON team_coaches FOR SELECT TO climbingpill_figures
    USING (user_id = (SELECT auth.uid()));
CREATE POLICY team_athletes_figures ON team_athletes FOR SELECT TO climbingpill_figures
    USING (team_id IN (SELECT c.team_id FROM team_coaches c
                       WHERE c.user_id = (SELECT auth.uid())));

CREATE VIEW journal_figures WITH (security_barrier) AS
    SELECT j.id, j.user_id, j.date, j.kind, j.duration_min, j.rpe, j.load,
           (SELECT coalesce(jsonb_agg(c.v || '{"name": ""}'::jsonb ORDER BY c.n), '[]'::jsonb)
              FROM jsonb_array_elements(j.climbs) WITH ORDINALITY AS c(v, n)) AS climbs,
           (SELECT coalesce(jsonb_agg(p.v || '{"notes": ""}'::jsonb ORDER BY p.n), '[]'::jsonb)
              FROM jsonb_array_elements(j.pain) WITH ORDINALITY AS p(v, n)) AS pain,
           j.created_at, j.updated_at
    FROM journal_entries j;

-- Ownership needs CREATE on the schema at the moment of the change only.
GRANT CREATE ON SCHEMA public TO climbingpill_figures;
ALTER VIEW journal_figures OWNER TO climbingpill_figures;
REVOKE CREATE ON SCHEMA public FROM climbingpill_figures;
REVOKE ALL ON journal_figures FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON journal_figures TO authenticated;

-- The bound on athletes per team (src/server/stores/teams.rs, MAX_ATHLETES) is checked in the
-- claim, which runs as service_role: it counts a team's athletes, and sees nothing else.
GRANT SELECT (team_id) ON team_athletes TO service_role;

-- Co-coaches: an invite link is for an athlete (the default) or for a coach. Accepting a
-- coach's link runs as service_role like an athlete's claim (the token is the credential):
-- it reads the team's creator (team_coaches' key names it), checks the climber isn't on the
-- team already and doesn't coach too many teams, and adds them as a coach. The athletes'
-- invite page and team card list the names of every coach of their team, read the same way
-- (team_coaches' own policies look at nothing but the row; see 0008).
ALTER TABLE team_invites ADD COLUMN role text NOT NULL DEFAULT 'athlete'
    CHECK (role IN ('athlete', 'coach'));
GRANT SELECT (team_id, user_id) ON team_athletes TO service_role;
GRANT SELECT (team_id, user_id, name, added_at) ON team_coaches TO service_role;
GRANT INSERT ON team_coaches TO service_role;
GRANT SELECT (id, created_by) ON teams TO service_role;
