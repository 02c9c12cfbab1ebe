-- Personal access tokens for the API (recipe 25). Only the SHA-256 of a token is stored, so a
-- leaked table opens nothing; the token itself is shown once, when it is made. Revoking deletes
-- the row. Times are unix seconds, compared in SQL.
CREATE TABLE access_tokens (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT   NOT NULL,
    token_hash   TEXT   NOT NULL,
    scope        TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT,
    last_used_at BIGINT
);

CREATE UNIQUE INDEX access_tokens_token_hash ON access_tokens (token_hash);
CREATE INDEX access_tokens_user_id ON access_tokens (user_id);
