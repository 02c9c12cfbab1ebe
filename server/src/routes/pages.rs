//! The Leptos pages and server functions, the static files and 404 page behind them, and the
//! render of a page with extra context that the plain form posts answer with.

use app::{
    App,
    auth::{CurrentUser, Flash},
    shell,
};
use axum::{
    Router,
    body::Body,
    extract::Request,
    handler::HandlerWithoutStateExt,
    http::{Method, StatusCode, Uri, header, request::Parts},
    middleware::Next,
    response::{IntoResponse, Response},
};
use futures_util::future::BoxFuture;
use leptos::{context::provide_context, nonce::Nonce, prelude::use_context};
use leptos_axum::{
    AxumRouteListing, LeptosRoutes, generate_route_list, render_app_to_stream_with_context,
};
use model::locale::Locale;
use std::{sync::LazyLock, time::Duration};
use tower::ServiceExt;
use tower_http::{services::ServeDir, timeout::TimeoutLayer};

use super::assets::servable;
use crate::{http::security::CspNonce, state::AppState};

/// The app's route table, generated once per process. Generating it sets a process-wide flag in
/// `leptos_server` (`SuppressResourceLoad`) that stops resources from loading in every render
/// running at that moment, on any thread; so it must never overlap a render, which a second
/// generation could (several nodes in one process, as in the tests).
static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));

/// Every page and server function Leptos serves.
pub(super) fn leptos(state: &AppState) -> Router<AppState> {
    let context = leptos_context(state);
    let options = state.leptos.clone();
    Router::new().leptos_routes_with_context(state, ROUTES.clone(), context, move || {
        shell(options.clone())
    })
}

/// The paths of the app's pages under `prefix`: what a router in front of the pages hands
/// back to them (the API's reference pages, under `/api/`).
pub(super) fn paths_under(prefix: &'static str) -> impl Iterator<Item = &'static str> {
    ROUTES
        .iter()
        .map(AxumRouteListing::path)
        .filter(move |path| path.starts_with(prefix))
}

/// What no route matched: a file of the public directory, or the 404 page. A directory is
/// not a page: no redirect to `<dir>/` (for `//icons` that would be `Location: //icons/`,
/// another host to a browser), the 404 page instead.
pub(super) fn public_files(
    state: &AppState,
) -> impl Fn(Request) -> BoxFuture<'static, Response> + Clone + Send + Sync + 'static {
    let options = state.leptos.clone();
    let not_found =
        render_app_to_stream_with_context(leptos_context(state), move || shell(options.clone()))
            .into_service();
    let files = ServeDir::new(&state.settings.assets.public_dir)
        .append_index_html_on_directories(false)
        .call_fallback_on_method_not_allowed(true)
        .fallback(not_found.clone());
    move |request: Request| {
        let (files, not_found) = (files.clone(), not_found.clone());
        Box::pin(async move {
            if servable(request.uri().path()) {
                files.oneshot(request).await.into_response()
            } else {
                not_found.oneshot(request).await.into_response()
            }
        })
    }
}

/// Everything but an upload is small: it must arrive and be answered within the request
/// timeout (408 otherwise), so a body trickled byte by byte cannot hold a connection.
pub(super) fn answered_in_time(state: &AppState) -> TimeoutLayer {
    let deadline = Duration::from_secs(state.settings.server.request_timeout_secs.max(1));
    TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, deadline)
}

/// A page that redirects while it renders (`<Redirect>`: sign in first) answers 302, whatever
/// the request's `Accept` says. Leptos sets the status only for clients that accept HTML and
/// otherwise leaves a 200 with an empty page and a `Location` that curl, scripts and crawlers
/// ignore; a page never answers that way, and a redirect carries no page. Server functions
/// (`/rpc/…`) are left alone: their client reads the `Location` itself.
pub(super) async fn redirects_are_redirects(request: Request, next: Next) -> Response {
    let page = matches!(*request.method(), Method::GET | Method::HEAD)
        && !request.uri().path().starts_with("/rpc/");
    let mut response = next.run(request).await;
    let status = response.status();
    let redirected = (status == StatusCode::OK || status.is_redirection())
        && response.headers().contains_key(header::LOCATION);
    if page && redirected {
        if status == StatusCode::OK {
            *response.status_mut() = StatusCode::FOUND;
        }
        // The page rendered before it redirected is nobody's to read.
        *response.body_mut() = Body::empty();
        let headers = response.headers_mut();
        headers.remove(header::CONTENT_TYPE);
        headers.remove(header::CONTENT_LENGTH);
        headers.remove("serverfnredirect");
    }
    response
}

/// Renders the page at `page` (a path) for this request, with extra context (e.g. a refused
/// form to show back), answering with `status`.
pub async fn render_page(
    state: &AppState,
    page: &str,
    mut parts: Parts,
    status: StatusCode,
    extra: impl Fn() + Clone + Send + Sync + 'static,
) -> Response {
    let base = leptos_context(state);
    let options = state.leptos.clone();
    let render = render_app_to_stream_with_context(
        move || {
            base();
            extra();
        },
        move || shell(options.clone()),
    );
    parts.method = Method::GET;
    parts.uri = page.parse().unwrap_or_else(|_| Uri::from_static("/"));
    let mut response = render(Request::from_parts(parts, Body::empty())).await;
    *response.status_mut() = status;
    response
}

/// What every page render and server function can reach through Leptos context: the database,
/// the rate limits, PubSub (for verbs that announce what they changed), the node (the system page's view of
/// it), the cookie policy, the CSP nonce the security middleware chose for this request, and
/// who is signed in and any flash message (both resolved by the session middleware), and the
/// request's language (the edge's).
fn leptos_context(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let db = state.db.clone();
    let pubsub = state.pubsub.clone();
    let cookies = state.cookies;
    let node = state.node.clone();
    let uploads = state.uploads.clone();
    let limits = state.limits.clone();
    let api_documents = state.api_documents.clone();
    let dev_mailbox = state.dev_mailbox.clone();
    move || {
        provide_context(api_documents.clone());
        provide_context(dev_mailbox.clone());
        provide_context(db.clone());
        provide_context(limits.clone());
        provide_context(uploads.clone());
        provide_context(pubsub.clone());
        provide_context(node.clone());
        provide_context(cookies);
        let Some(parts) = use_context::<Parts>() else {
            return;
        };
        if let Some(CspNonce(nonce)) = parts.extensions.get::<CspNonce>().cloned() {
            provide_context(Nonce::from_value(nonce));
        }
        if let Some(user) = parts.extensions.get::<CurrentUser>().cloned() {
            provide_context(user);
        }
        if let Some(flash) = parts.extensions.get::<Flash>().cloned() {
            provide_context(flash);
        }
        if let Some(locale) = parts.extensions.get::<Locale>().copied() {
            provide_context(locale);
        }
    }
}
