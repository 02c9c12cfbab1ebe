-- Files people uploaded (recipes 22 and 43). The file itself is on disk under the node's data
-- directory as `stored_name`, a name the server made up; `original_name` is the uploader's
-- name for it, sanitised, kept only to show. `purpose` tells a file of the files page from an
-- avatar (at most one per person, replaced by the next). `inserted_at` is unix milliseconds.
CREATE TABLE uploads (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id      BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose       TEXT    NOT NULL CHECK (purpose IN ('file', 'avatar')),
    original_name TEXT    NOT NULL,
    stored_name   TEXT    NOT NULL,
    content_type  TEXT    NOT NULL,
    size          BIGINT  NOT NULL CHECK (size >= 0),
    sha256        TEXT    NOT NULL,
    has_thumbnail BOOLEAN NOT NULL,
    inserted_at   BIGINT  NOT NULL
);

CREATE UNIQUE INDEX uploads_stored_name ON uploads (stored_name);
CREATE INDEX uploads_owner_id_id ON uploads (owner_id, id);
