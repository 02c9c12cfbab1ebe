//! Every route of the node, listed here and nowhere else, grouped by the middleware each group
//! needs. The handlers live in this folder's files (and the socket's in `user_socket`).

mod accounts;
mod assets;
mod board;
mod chat;
mod health;
mod mailbox;
mod metrics;
pub(crate) mod offline;
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
        compression,
        edge::{Edge, edge},
        extract::ReturnTo,
        session::resolve_session,
    },
    metrics::RecordLayer,
    state::AppState,
};

/// The whole HTTP surface. Every response is timed into the node's metrics and carries a
/// request id and the security headers, and HTML and JSON go out compressed as they stream;
/// every request's client address is resolved, and a cross-site write is refused before any
/// handler runs.
pub fn router(state: AppState) -> Router {
    // Nobody's session is looked up: probes, the bundle, and the socket (its token says who
    // it is, checked by `crate::user_socket::UserSocket`).
    let probes = Router::new()
        .route("/health/live", get(health::live))
        .route("/health/ready", get(health::ready));
    let bundle = Router::new()
        .route("/sw.js", get(assets::service_worker))
        .route("/offline/{locale}", get(offline::offline_page))
        .nest("/pkg", assets::bundle(&state))
        .layer(assets::always_revalidated())
        .nest(
            &format!("/{}", state.assets.pkg_path()),
            assets::bundle(&state).layer(assets::kept_forever()),
        );
    let socket = Router::new().route("/socket/websocket", any(socket::connect));

    // Small requests, answered within the request timeout (408 otherwise). A plain form post
    // that needs a session sends the signed-out to sign in, and back to its page (`ReturnTo`).
    let forms = Router::new()
        .route("/register", post(accounts::register))
        .route("/login", post(accounts::sign_in))
        .route("/logout", post(accounts::sign_out))
        .route("/password/forgot", post(accounts::forgot_password))
        .route("/password/reset", post(accounts::reset_password))
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
        )
        .merge(
            Router::new()
                .route("/posts", post(board::create_post))
                .route("/posts/{id}", post(board::update_post))
                .route("/posts/{id}/delete", post(board::delete_post))
                .route("/posts/{id}/comments", post(board::add_comment))
                .route("/posts/{id}/like", post(board::like_post))
                .route("/comments/{id}/like", post(board::like_comment))
                .route("/comments/{id}/delete", post(board::delete_comment))
                .route_layer(Extension(ReturnTo("/posts"))),
        );
    let small = pages::leptos(&state)
        .merge(forms)
        .route("/metrics", get(metrics::metrics))
        .route("/socket/token", get(socket::issue_token))
        .route("/dev/mailbox/{id}/html", get(mailbox::html))
        .route(
            "/dev/mailbox/{id}/attachments/{position}",
            get(mailbox::attachment),
        )
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

    // The API finds its own caller (a token, else the session cookie: `api::caller`) and has no
    // use for a page's flash or redirect, so it is not behind them; its reference pages
    // (`/api/docs`) are pages like the others. Answered within the request timeout too.
    let api = api::router(&state).route_layer(pages::answered_in_time(&state));
    let mut routes = Router::new()
        .merge(probes)
        .merge(bundle)
        .merge(socket)
        .merge(api);
    for page in pages::paths_under("/api/") {
        routes = routes.route_service(page, signed.clone());
    }
    let routes = routes.fallback_service(signed).with_state(state.clone());

    // Around every request: its timing, then the edge's steps (`http::edge`). Around the
    // router rather than `Router::layer`, which wraps each route in a boxed service that
    // `from_fn` would clone on every call; here what is cloned is the router, one count.
    let edge = ServiceBuilder::new()
        .layer(RecordLayer::new(state.metrics.clone()))
        .layer(middleware::from_fn_with_state(
            Edge::new(&state.settings),
            edge,
        ))
        .layer(middleware::from_fn(compression::compress))
        .service(routes);
    Router::new().fallback_service(edge)
}
