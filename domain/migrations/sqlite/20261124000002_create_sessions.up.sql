-- Server-side sessions. The cookie holds a random token; only its SHA-256 is stored, so a leaked
-- table opens no session. Times the SQL compares are unix seconds on both backends.
CREATE TABLE sessions (
    token_hash   TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   BIGINT  NOT NULL,
    last_seen_at BIGINT  NOT NULL,
    user_agent   TEXT
);

CREATE INDEX sessions_user_id ON sessions (user_id);
