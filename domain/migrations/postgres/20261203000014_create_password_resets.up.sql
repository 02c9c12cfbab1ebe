-- Password reset tokens (recipe 44's reset mail): 256 random bits mailed to the person, only
-- their SHA-256 kept here. A token opens one reset within an hour; using one deletes every
-- token of that person. Times are unix seconds.
CREATE TABLE password_resets (
    token_hash TEXT    NOT NULL PRIMARY KEY,
    user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT  NOT NULL,
    expires_at BIGINT  NOT NULL
);

CREATE INDEX password_resets_user_id ON password_resets (user_id);
