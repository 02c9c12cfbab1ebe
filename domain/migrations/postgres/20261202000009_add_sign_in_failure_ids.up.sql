-- Each failed (or pending) sign-in gets an id: an attempt now counts as a failure from the
-- moment it is let through, and an attempt the server could not judge (its own failure, not
-- the password's) is taken back by id.
ALTER TABLE sign_in_failures ADD COLUMN id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
