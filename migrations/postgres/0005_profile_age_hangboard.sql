-- Issue 22: the climber's age (optional; from 50, longer warm-ups and more recovery) and
-- whether they have trained on a hangboard before (a climber new to it starts with
-- submaximal hangs). NULL = not said. Row Level Security covers them with the table.
ALTER TABLE user_profiles
    ADD COLUMN age smallint CHECK (age IS NULL OR age BETWEEN 8 AND 100),
    ADD COLUMN hangboard_history boolean;
