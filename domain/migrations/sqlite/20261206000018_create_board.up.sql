-- The community board: posts in Markdown (rendered and sanitised when read; `excerpt` is the
-- plain text the feed shows, made when written), their tags, comments and likes. Times are
-- unix ms. The like and comment counts are kept on the rows, in the same transaction as the
-- like or comment, so the feed sorts by them through an index.
CREATE TABLE posts (
    id            INTEGER PRIMARY KEY,
    author_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title         TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    excerpt       TEXT    NOT NULL,
    state         TEXT    NOT NULL CHECK (state IN ('draft', 'published')),
    published_at  BIGINT,
    inserted_at   BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL,
    like_count    BIGINT  NOT NULL DEFAULT 0,
    comment_count BIGINT  NOT NULL DEFAULT 0,
    CHECK ((state = 'published') = (published_at IS NOT NULL))
);

-- The feed's two orders, over published posts only, newest first on ties.
CREATE INDEX posts_published_newest ON posts (published_at DESC, id DESC)
    WHERE state = 'published';
CREATE INDEX posts_published_most_liked ON posts (like_count DESC, id DESC)
    WHERE state = 'published';
-- One person's posts (their page, the author filter, their drafts).
CREATE INDEX posts_author ON posts (author_id, published_at DESC, id DESC);

CREATE TABLE post_tags (
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    tag     TEXT    NOT NULL,
    -- Where the tag was typed among the post's tags.
    position INTEGER NOT NULL,
    -- The post's publication time (NULL while a draft), kept here so that a tag's feed, newest
    -- first, walks one index instead of sorting every post of the tag.
    published_at BIGINT,
    PRIMARY KEY (post_id, tag)
);

CREATE INDEX post_tags_tag ON post_tags (tag, post_id);
CREATE INDEX post_tags_published ON post_tags (tag, published_at DESC, post_id DESC)
    WHERE published_at IS NOT NULL;

CREATE TABLE comments (
    id          INTEGER PRIMARY KEY,
    post_id     INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    author_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body        TEXT    NOT NULL,
    inserted_at BIGINT  NOT NULL,
    like_count  BIGINT  NOT NULL DEFAULT 0
);

CREATE INDEX comments_post ON comments (post_id, id);
CREATE INDEX comments_author ON comments (author_id, id);

CREATE TABLE post_likes (
    post_id     INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    inserted_at BIGINT  NOT NULL,
    PRIMARY KEY (post_id, user_id)
);

CREATE INDEX post_likes_user ON post_likes (user_id);

CREATE TABLE comment_likes (
    comment_id  INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    inserted_at BIGINT  NOT NULL,
    PRIMARY KEY (comment_id, user_id)
);

CREATE INDEX comment_likes_user ON comment_likes (user_id);
