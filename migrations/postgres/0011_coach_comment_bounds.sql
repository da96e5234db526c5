-- Coach comments (issue 21): the daily bound counts one coach's comments on one athlete
-- since a time; this index answers it without reading the coach's other comments.
CREATE INDEX coach_comments_by_coach_day ON coach_comments(coach_id, athlete_id, created_at);
