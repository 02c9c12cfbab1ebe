//! The accept loop, and the middleware every response passes through.

pub mod client_address;
pub mod csrf;
pub mod origin;
pub mod request_id;
pub mod security;
pub mod serve;
pub mod session;
