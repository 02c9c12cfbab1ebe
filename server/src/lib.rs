//! The node: HTTP edge, settings, start-up. `main.rs` only loads settings and calls
//! [`startup::Application`].

pub mod api;
pub mod assets;
pub mod board;
pub mod chat;
pub mod checks;
pub mod cli;
pub mod dashboard;
pub mod http;
pub mod jobs;
pub mod mail;
pub mod mentions;
pub mod metrics;
pub mod routes;
pub mod settings;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod user_socket;
