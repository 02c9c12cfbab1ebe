-- People who can sign in. `email` is stored normalised (trimmed, domain lower-cased);
-- `email_key` is the whole address lower-cased by the application (Unicode-aware, the same on
-- both backends) and makes addresses unique regardless of case.
CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         TEXT        NOT NULL,
    email_key     TEXT        NOT NULL,
    name          TEXT        NOT NULL,
    age           INTEGER     CHECK (age IS NULL OR age BETWEEN 13 AND 150),
    role          TEXT        NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    active        BOOLEAN     NOT NULL DEFAULT TRUE,
    confirmed_at  TIMESTAMPTZ,
    avatar_url    TEXT,
    password_hash TEXT        NOT NULL,
    inserted_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX users_email_key ON users (email_key);
