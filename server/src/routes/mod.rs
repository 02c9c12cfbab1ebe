//! Every route of the node, listed here and nowhere else, grouped by the middleware each group
//! needs. The handlers live in this folder's files (and the socket's in `user_socket`).

mod accounts;
mod assets;
mod chat;
mod health;
mod metrics;
mod pages;
mod socket;
mod uploads;

use axum::{
    Extension, Router, middleware,
    routing::{any, get, post},
};
use domain::uploads::Purpose;
use tower::ServiceBuilder;

use crate::{
    api,
    http::{
        client_address::client_address,
        csrf::refuse_cross_site_writes,
        extract::ReturnTo,
        request_id::request_id,
        security::{Hsts, security_headers},
        session::resolve_session,
    },
    metrics::RecordLayer,
    state::AppState,
};

/// The whole HTTP surface. Every response is timed into the node's metrics and carries a
/// request id and the security headers; every request's client address is resolved, and a
/// cross-site write is refused before any handler runs.
pub fn router(state: AppState) -> Router {
    // Nobody's session is looked up: probes, the bundle, and the socket (its token says who
    // it is, checked by `crate::user_socket::UserSocket`).
    let probes = Router::new()
        .route("/health/live", get(health::live))
        .route("/health/ready", get(health::ready));
    let bundle = Router::new()
        .route("/sw.js", get(assets::service_worker))
        .nest("/pkg", assets::bundle(&state))
        .layer(assets::always_revalidated());
    let socket = Router::new().route("/socket/websocket", any(socket::connect));

    // Small requests, answered within the request timeout (408 otherwise). A plain form post
    // that needs a session sends the signed-out to sign in, and back to its page (`ReturnTo`).
    let forms = Router::new()
        .route("/register", post(accounts::register))
        .route("/login", post(accounts::sign_in))
        .route("/logout", post(accounts::sign_out))
        .merge(
            Router::new()
                .route("/profile", post(accounts::save_details))
                .route("/profile/password", post(accounts::change_password))
                .route("/logout/everywhere", post(accounts::sign_out_everywhere))
                .route_layer(Extension(ReturnTo("/profile"))),
        )
        .route(
            "/chat/rooms",
            post(chat::create_room).route_layer(Extension(ReturnTo("/chat"))),
        );
    let small = pages::leptos(&state)
        .merge(forms)
        .merge(api::router(&state))
        .route("/metrics", get(metrics::metrics))
        .route("/socket/token", get(socket::issue_token))
        .route_layer(pages::answered_in_time(&state));

    // Files: long by nature, so they keep a pace instead of a deadline (`uploads::receive`);
    // a multipart form is bounded by axum's body limit, set per route from the settings.
    let limits = state.uploads.limits();
    let files = Router::new()
        .route(
            "/uploads",
            post(uploads::upload_file)
                .layer(uploads::multipart_limit(Purpose::File, limits))
                .layer(middleware::from_fn_with_state(
                    state.clone(),
                    api::bearer_signs_in,
                )),
        )
        .route(
            "/uploads/{id}",
            get(uploads::download).layer(middleware::from_fn_with_state(
                state.clone(),
                api::bearer_signs_in,
            )),
        )
        .route(
            "/uploads/{id}/thumbnail",
            get(uploads::thumbnail).layer(middleware::from_fn_with_state(
                state.clone(),
                api::bearer_signs_in,
            )),
        )
        .route(
            "/uploads/{id}/delete",
            post(uploads::delete).route_layer(Extension(ReturnTo("/uploads"))),
        )
        .route(
            "/profile/avatar",
            post(uploads::upload_avatar).layer(uploads::multipart_limit(Purpose::Avatar, limits)),
        )
        .route("/avatars/{user_id}", get(uploads::avatar));

    // Who is signed in is resolved once for all of these (`http::extract` reads it), and a
    // page that redirects answers a real redirect. What no route matches is a public file or
    // the 404 page.
    let signed = ServiceBuilder::new()
        .layer(middleware::from_fn_with_state(
            state.clone(),
            resolve_session,
        ))
        .layer(middleware::from_fn(pages::redirects_are_redirects))
        .service(
            small
                .merge(files)
                .fallback(pages::public_files(&state))
                .with_state(state.clone()),
        );
    let routes = Router::new()
        .merge(probes)
        .merge(bundle)
        .merge(socket)
        .fallback_service(signed)
        .with_state(state.clone());

    // Around every request, outermost first. A tower stack around the router rather than
    // `Router::layer`: a layer added to a router wraps each route in a boxed service, and
    // `from_fn` clones what it wraps on every call, so every request re-boxed the whole chain
    // below each layer (a quarter of a small request's time). Here what is cloned is the
    // router, one reference count.
    let edge = ServiceBuilder::new()
        .layer(RecordLayer::new(state.metrics.clone()))
        .layer(middleware::from_fn(request_id))
        .layer(middleware::from_fn_with_state(
            Hsts::new(state.settings.server.hsts_max_age_secs),
            security_headers,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            client_address,
        ))
        .layer(middleware::from_fn(api::problems))
        .layer(middleware::from_fn(refuse_cross_site_writes))
        .service(routes);
    Router::new().fallback_service(edge)
}
