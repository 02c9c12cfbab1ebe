-- Every person has a handle from now on. SQLite cannot add NOT NULL to a column in place (only
-- by rebuilding `users`, which the tables referencing it make unsafe inside a migration), so
-- the rule is two triggers that refuse a row without one, with the message NOT NULL gives.
CREATE TRIGGER users_handle_required_on_insert BEFORE INSERT ON users
WHEN NEW.handle IS NULL
BEGIN
    SELECT RAISE(ABORT, 'NOT NULL constraint failed: users.handle');
END;

CREATE TRIGGER users_handle_required_on_update BEFORE UPDATE OF handle ON users
WHEN NEW.handle IS NULL
BEGIN
    SELECT RAISE(ABORT, 'NOT NULL constraint failed: users.handle');
END;
