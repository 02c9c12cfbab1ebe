-- Full-text search over posts and comments: a tsvector kept by the database itself (a stored
-- generated column: a title's words weigh more than a body's) under a GIN index. The `simple`
-- configuration: the board is written in four languages, so words are matched as written
-- (lower-cased), never stemmed by one language's rules.
ALTER TABLE posts ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body), 'B')
) STORED;

CREATE INDEX posts_search ON posts USING GIN (search);

ALTER TABLE comments ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', body)
) STORED;

CREATE INDEX comments_search ON comments USING GIN (search);
