-- Co-coaches (issue 21): an invite link is for an athlete (the default) or for a coach;
-- accepting a coach's link adds the climber to team_coaches (src/server/stores/libsql/teams.rs).
ALTER TABLE team_invites ADD COLUMN role TEXT NOT NULL DEFAULT 'athlete'
    CHECK (role IN ('athlete', 'coach'));
