-- Each session gets an id that is not a secret (the token is): socket tokens name the session
-- they were issued for, so ending the session voids them, and its sockets can be found and
-- closed. Sessions from before get a random id like any new one.
ALTER TABLE sessions ADD COLUMN id TEXT NOT NULL DEFAULT '';
UPDATE sessions SET id = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX sessions_id ON sessions (id);
