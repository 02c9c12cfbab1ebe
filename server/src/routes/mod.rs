//! Every route of the node, listed in one place.

pub mod assets;
mod health;
mod pages;

pub use assets::Assets;

use axum::{Router, middleware};

use crate::{
    http::{request_id::request_id, security::security_headers},
    startup::AppState,
};

/// The whole HTTP surface: health checks, the service worker, the hydrate bundle, static files,
/// and the Leptos pages and server functions, behind request ids and security headers.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(health::router())
        .merge(assets::router(&state))
        .merge(pages::router(&state))
        .layer(middleware::from_fn(security_headers))
        .layer(middleware::from_fn(request_id))
        .with_state(state)
}
