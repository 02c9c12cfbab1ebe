CREATE TABLE sign_in_failures_without_ids (
    email_key TEXT   NOT NULL,
    ip        TEXT   NOT NULL,
    failed_at BIGINT NOT NULL
);
INSERT INTO sign_in_failures_without_ids (email_key, ip, failed_at)
    SELECT email_key, ip, failed_at FROM sign_in_failures;
DROP TABLE sign_in_failures;
ALTER TABLE sign_in_failures_without_ids RENAME TO sign_in_failures;
CREATE INDEX sign_in_failures_lookup ON sign_in_failures (email_key, ip, failed_at);
