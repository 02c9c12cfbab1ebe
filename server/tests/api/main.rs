//! Integration tests: each boots the real server on port 0 with a fresh database, on SQLite or
//! on PostgreSQL as `TEST_DATABASE` says (see `helpers`).

mod access_tokens;
mod accounts;
mod admin_jobs;
mod admin_schedules;
mod binary;
mod board;
mod chat;
mod csrf;
mod delivery;
mod health;
mod helpers;
mod languages;
mod limits;
mod lockout;
mod mail;
mod malformed;
mod migrations;
mod node;
mod pages;
mod profile;
mod profile_flows;
mod request_id;
mod rest;
mod sessions;
mod shutdown;
mod sign_in_flows;
mod slow_clients;
mod socket;
mod socket_client;
mod socket_sessions;
mod uploads;
