-- Failed sign-in attempts, per email and client address, for the lockout that protects
-- passwords from guessing. Rows older than the window are pruned as new ones arrive.
CREATE TABLE sign_in_failures (
    email_key TEXT   NOT NULL,
    ip        TEXT   NOT NULL,
    failed_at BIGINT NOT NULL
);

CREATE INDEX sign_in_failures_lookup ON sign_in_failures (email_key, ip, failed_at);
