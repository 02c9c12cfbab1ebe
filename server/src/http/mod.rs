//! Middleware every response passes through.

pub mod request_id;
pub mod security;
