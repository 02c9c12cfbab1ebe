-- Chat rooms. `name_key` is the name lower-cased by the application (Unicode-aware, the same on
-- both backends) and makes names unique regardless of case. A room outlives its creator.
CREATE TABLE rooms (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    name_key    TEXT    NOT NULL,
    private     BOOLEAN NOT NULL DEFAULT FALSE,
    created_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    inserted_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE UNIQUE INDEX rooms_name_key ON rooms (name_key);
