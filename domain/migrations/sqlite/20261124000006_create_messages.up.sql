-- What was said in a room, in order of `id`. `inserted_at` is unix milliseconds (not seconds:
-- several messages a second must still show in order of time).
CREATE TABLE messages (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    room_id     INTEGER NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    author_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body        TEXT    NOT NULL,
    inserted_at BIGINT  NOT NULL
);

CREATE INDEX messages_room_id_id ON messages (room_id, id);
