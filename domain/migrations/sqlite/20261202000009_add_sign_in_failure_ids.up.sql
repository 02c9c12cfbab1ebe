-- Each failed (or pending) sign-in gets an id: an attempt now counts as a failure from the
-- moment it is let through, and an attempt the server could not judge (its own failure, not
-- the password's) is taken back by id. SQLite cannot add a key to a table, so it is rebuilt,
-- keeping the failures it holds.
CREATE TABLE sign_in_failures_with_ids (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    email_key TEXT    NOT NULL,
    ip        TEXT    NOT NULL,
    failed_at BIGINT  NOT NULL
);
INSERT INTO sign_in_failures_with_ids (email_key, ip, failed_at)
    SELECT email_key, ip, failed_at FROM sign_in_failures;
DROP TABLE sign_in_failures;
ALTER TABLE sign_in_failures_with_ids RENAME TO sign_in_failures;
CREATE INDEX sign_in_failures_lookup ON sign_in_failures (email_key, ip, failed_at);
