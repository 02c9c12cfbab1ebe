-- Who was mentioned (`@handle`) where and by whom: in a post (post_id alone), a comment (its
-- post and itself) or a chat message (message_id). One row per person and place, so an edit
-- that keeps a mention notifies nobody again. Times are unix ms; `seen_at` is set when the
-- person opens their mentions. A mention goes with its place, its author or its person.
CREATE TABLE mentions (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    author_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    post_id     BIGINT REFERENCES posts (id) ON DELETE CASCADE,
    comment_id  BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    message_id  BIGINT REFERENCES messages (id) ON DELETE CASCADE,
    inserted_at BIGINT NOT NULL,
    seen_at     BIGINT,
    CHECK ((post_id IS NULL) <> (message_id IS NULL)),
    CHECK (comment_id IS NULL OR post_id IS NOT NULL)
);

-- Once per person and place (0 standing for "none", as NULLs are never equal).
CREATE UNIQUE INDEX mentions_once
    ON mentions (person_id, COALESCE(post_id, 0), COALESCE(comment_id, 0), COALESCE(message_id, 0));
-- A person's mentions, newest first; the unseen ones, counted for the badge.
CREATE INDEX mentions_person ON mentions (person_id, id DESC);
CREATE INDEX mentions_unseen ON mentions (person_id) WHERE seen_at IS NULL;
-- For the cascades when a place or an author goes.
CREATE INDEX mentions_post ON mentions (post_id) WHERE post_id IS NOT NULL;
CREATE INDEX mentions_comment ON mentions (comment_id) WHERE comment_id IS NOT NULL;
CREATE INDEX mentions_message ON mentions (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX mentions_author ON mentions (author_id);
