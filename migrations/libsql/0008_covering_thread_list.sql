-- Listing a climber's threads reads the index alone: title and creation time are in it, so
-- a page of 100 threads needs no lookup into the table per row.
DROP INDEX threads_by_user;
CREATE INDEX threads_by_user ON threads(user_id, updated_at DESC, id, title, created_at);
