-- A person's preferences (recipe 5): one JSON document the application reads with defaults for
-- every key it lacks and updates in part (model::accounts::Preferences), so an older
-- document always reads whole.
ALTER TABLE users ADD COLUMN preferences TEXT NOT NULL DEFAULT '{}';
