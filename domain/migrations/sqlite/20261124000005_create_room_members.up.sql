-- Who belongs to a room, and how far each member has read in it: everything up to
-- `last_read_message_id` (NULL until they first mark something read). Times are unix seconds.
CREATE TABLE room_members (
    room_id              INTEGER NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    user_id              INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at            BIGINT  NOT NULL,
    last_read_message_id BIGINT,
    last_read_at         BIGINT,
    PRIMARY KEY (room_id, user_id)
);

CREATE INDEX room_members_user_id ON room_members (user_id);
