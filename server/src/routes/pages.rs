//! The Leptos pages and server functions, and the static files and 404 page behind them.

use app::{App, shell};
use axum::{Router, handler::HandlerWithoutStateExt};
use http::request::Parts;
use leptos::{context::provide_context, nonce::Nonce, prelude::use_context};
use leptos_axum::{LeptosRoutes, generate_route_list, render_app_to_stream_with_context};
use tower_http::services::ServeDir;

use crate::{http::security::CspNonce, startup::AppState};

pub fn router(state: &AppState) -> Router<AppState> {
    let context = leptos_context(state);
    let options = state.leptos.clone();
    let not_found =
        render_app_to_stream_with_context(context.clone(), move || shell(options.clone()));
    let public = ServeDir::new(&state.settings.assets.public_dir)
        .call_fallback_on_method_not_allowed(true)
        .fallback(not_found.into_service());

    let options = state.leptos.clone();
    Router::new()
        .leptos_routes_with_context(state, generate_route_list(App), context, move || {
            shell(options.clone())
        })
        .fallback_service(public)
}

/// What every page render and server function can reach through Leptos context: the database,
/// and the CSP nonce the security middleware chose for this request.
fn leptos_context(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let db = state.db.clone();
    move || {
        provide_context(db.clone());
        let nonce =
            use_context::<Parts>().and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
        if let Some(CspNonce(nonce)) = nonce {
            provide_context(Nonce::from_value(nonce));
        }
    }
}
