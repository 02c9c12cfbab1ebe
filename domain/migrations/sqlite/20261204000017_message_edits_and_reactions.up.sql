-- A message its author changed says when (`edited_at`, unix ms); a deleted one stays in its
-- place as a tombstone (`deleted_at`, its body emptied) so that the room's ids and read
-- markers keep their meaning.
ALTER TABLE messages ADD COLUMN edited_at BIGINT;
ALTER TABLE messages ADD COLUMN deleted_at BIGINT;

-- Who gave a message which reaction (a name from model::chat::Reaction), once each. The key
-- leads with the message, so a page's reactions are one range of it.
CREATE TABLE message_reactions (
    message_id  INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    reaction    TEXT    NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    inserted_at BIGINT  NOT NULL,
    PRIMARY KEY (message_id, reaction, user_id)
);

CREATE INDEX message_reactions_user_id ON message_reactions (user_id);
