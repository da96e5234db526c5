-- Guided onboarding: where each climber is (so leaving and coming back resumes at the same
-- step, on any device) and their answers as typed (JSON, see domain::onboarding). `furthest`
-- only grows: it is the operators' funnel (how many climbers reached each step). Step 7 means
-- finished. Times are unix milliseconds.
CREATE TABLE onboarding (
    user_id     TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    step        INTEGER NOT NULL CHECK (step BETWEEN 1 AND 7),
    furthest    INTEGER NOT NULL CHECK (furthest BETWEEN 1 AND 7),
    answers     TEXT NOT NULL,
    started_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE INDEX onboarding_by_furthest ON onboarding(furthest);
