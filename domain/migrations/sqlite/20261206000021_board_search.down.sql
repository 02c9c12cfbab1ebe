DROP TRIGGER comments_search_update;
DROP TRIGGER comments_search_delete;
DROP TRIGGER comments_search_insert;
DROP TABLE comments_search;
DROP TRIGGER posts_search_update;
DROP TRIGGER posts_search_delete;
DROP TRIGGER posts_search_insert;
DROP TABLE posts_search;
