//! The accept loop, and the middleware every response passes through.

pub mod client_address;
pub mod compression;
pub mod csrf;
pub mod edge;
pub mod extract;
pub mod locale;
pub mod origin;
pub mod request_id;
pub mod security;
pub mod serve;
pub mod session;

/// A header map from static pairs, for the middleware's unit tests.
#[cfg(test)]
fn header_map(pairs: &[(&'static str, &'static str)]) -> axum::http::HeaderMap {
    pairs
        .iter()
        .map(|(name, value)| {
            (
                axum::http::HeaderName::from_static(name),
                axum::http::HeaderValue::from_static(value),
            )
        })
        .collect()
}
