-- Chat rooms. `name_key` is the name lower-cased by the application (Unicode-aware, the same on
-- both backends) and makes names unique regardless of case. A room outlives its creator.
CREATE TABLE rooms (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        TEXT        NOT NULL,
    name_key    TEXT        NOT NULL,
    private     BOOLEAN     NOT NULL DEFAULT FALSE,
    created_by  BIGINT      REFERENCES users (id) ON DELETE SET NULL,
    inserted_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX rooms_name_key ON rooms (name_key);
