DROP INDEX users_handle;

ALTER TABLE users DROP COLUMN handle;
