-- Every person has a handle from now on (the backfill gave one to everyone before this step;
-- were one still missing, this fails and the migration stops).
ALTER TABLE users ALTER COLUMN handle SET NOT NULL;
