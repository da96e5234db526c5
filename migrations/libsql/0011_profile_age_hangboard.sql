-- Issue 22: the climber's age (optional; from 50, longer warm-ups and more recovery) and
-- whether they have trained on a hangboard before (1 yes, 0 no; a climber new to it starts
-- with submaximal hangs). NULL = not said.
ALTER TABLE user_profiles ADD COLUMN age INTEGER CHECK (age IS NULL OR age BETWEEN 8 AND 100);
ALTER TABLE user_profiles ADD COLUMN hangboard_history INTEGER
    CHECK (hangboard_history IS NULL OR hangboard_history IN (0, 1));
