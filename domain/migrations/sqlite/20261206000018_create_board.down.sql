DROP TABLE comment_likes;
DROP TABLE post_likes;
DROP TABLE comments;
DROP TABLE post_tags;
DROP TABLE posts;
