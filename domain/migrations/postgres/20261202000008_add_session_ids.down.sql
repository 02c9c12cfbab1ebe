DROP INDEX sessions_id;
ALTER TABLE sessions DROP COLUMN id;
