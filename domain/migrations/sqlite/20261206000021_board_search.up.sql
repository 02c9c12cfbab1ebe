-- Full-text search over posts and comments (FTS5, external content: the text stays in its
-- table, the index holds only the words). Triggers keep the index in step with every insert,
-- change and delete; what exists already is indexed once here.
CREATE VIRTUAL TABLE posts_search USING fts5(
    title, body, content = 'posts', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER posts_search_insert AFTER INSERT ON posts BEGIN
    INSERT INTO posts_search (rowid, title, body) VALUES (new.id, new.title, new.body);
END;

CREATE TRIGGER posts_search_delete AFTER DELETE ON posts BEGIN
    INSERT INTO posts_search (posts_search, rowid, title, body)
    VALUES ('delete', old.id, old.title, old.body);
END;

CREATE TRIGGER posts_search_update AFTER UPDATE OF title, body ON posts BEGIN
    INSERT INTO posts_search (posts_search, rowid, title, body)
    VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO posts_search (rowid, title, body) VALUES (new.id, new.title, new.body);
END;

INSERT INTO posts_search (posts_search) VALUES ('rebuild');

-- Its `rank`: bm25, a title's word counting four times a body's.
INSERT INTO posts_search (posts_search, rank) VALUES ('rank', 'bm25(4.0, 1.0)');

CREATE VIRTUAL TABLE comments_search USING fts5(
    body, content = 'comments', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER comments_search_insert AFTER INSERT ON comments BEGIN
    INSERT INTO comments_search (rowid, body) VALUES (new.id, new.body);
END;

CREATE TRIGGER comments_search_delete AFTER DELETE ON comments BEGIN
    INSERT INTO comments_search (comments_search, rowid, body) VALUES ('delete', old.id, old.body);
END;

CREATE TRIGGER comments_search_update AFTER UPDATE OF body ON comments BEGIN
    INSERT INTO comments_search (comments_search, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO comments_search (rowid, body) VALUES (new.id, new.body);
END;

INSERT INTO comments_search (comments_search) VALUES ('rebuild');
