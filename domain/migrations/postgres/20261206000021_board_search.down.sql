DROP INDEX comments_search;
ALTER TABLE comments DROP COLUMN search;
DROP INDEX posts_search;
ALTER TABLE posts DROP COLUMN search;
