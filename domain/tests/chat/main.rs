//! The chat verbs against a real database: SQLite by default, PostgreSQL with
//! `TEST_DATABASE=postgres` (server at `TEST_POSTGRES_URL`, default
//! `postgres://postgres@127.0.0.1:5432`).

mod edits;
mod helpers;
mod messages;
mod reactions;
mod receipts;
mod rooms;
