//! Every route of the node, listed in one place.

mod accounts;
pub mod assets;
mod chat;
mod health;
mod metrics;
mod pages;
mod uploads;

pub use assets::Assets;

use axum::{Router, middleware};

use crate::{
    http::{
        client_address::client_address,
        csrf::refuse_cross_site_writes,
        request_id::request_id,
        security::{Hsts, security_headers},
    },
    metrics::RecordLayer,
    startup::AppState,
    user_socket,
};

/// The whole HTTP surface: health checks, metrics, the service worker, the hydrate bundle,
/// static files, and the Leptos pages and server functions, behind request ids, security
/// headers and the cross-site write check, every response timed into the node's metrics.
pub fn router(state: AppState) -> Router {
    let record = RecordLayer::new(state.metrics.clone());
    Router::new()
        .merge(health::router())
        .merge(metrics::router(&state))
        .merge(assets::router(&state))
        .merge(user_socket::router(&state))
        .merge(pages::router(&state))
        .layer(middleware::from_fn(refuse_cross_site_writes))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            client_address,
        ))
        .layer(middleware::from_fn_with_state(
            Hsts::new(state.settings.server.hsts_max_age_secs),
            security_headers,
        ))
        .layer(middleware::from_fn(request_id))
        .layer(record)
        .with_state(state)
}
