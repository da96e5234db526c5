-- Operators' admin dashboard (`/admin`, issue 19). `admins` holds who may open it
-- (`climbingpill admin grant|revoke EMAIL`); `table_growth` one row per table per day, recorded
-- by the server once a day (rows and bytes on disk), for the dashboard's data-growth chart.
CREATE TABLE admins (
    user_id    TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    granted_at INTEGER NOT NULL  -- unix milliseconds
);

CREATE TABLE table_growth (
    day         TEXT NOT NULL,     -- UTC day, YYYY-MM-DD
    table_name  TEXT NOT NULL,
    rows        INTEGER NOT NULL,
    bytes       INTEGER,           -- NULL where the database can't tell (a remote libSQL server)
    recorded_at INTEGER NOT NULL,  -- unix milliseconds
    PRIMARY KEY (day, table_name)
);

-- Daily counts read by the dashboard: runs and journal entries by creation time.
CREATE INDEX conversation_history_by_time ON conversation_history(created_at);
CREATE INDEX journal_entries_by_time ON journal_entries(created_at);
