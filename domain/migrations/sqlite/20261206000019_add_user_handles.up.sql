-- A data migration in three steps (recipe 39). This one adds people's handles, nullable, with
-- their unique index (which lets any number of NULLs through). The application then fills them
-- in from names, in batches, each one unique (`domain::accounts::handles::backfill`, run by
-- `Db::migrate` between this step and the next). The next step makes them required.
ALTER TABLE users ADD COLUMN handle TEXT;

CREATE UNIQUE INDEX users_handle ON users (handle);
