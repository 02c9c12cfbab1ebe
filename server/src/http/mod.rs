//! Middleware every response passes through.

pub mod csrf;
pub mod request_id;
pub mod security;
pub mod session;
