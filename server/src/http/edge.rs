//! What every request passes through before its route and every answer after it, in one
//! middleware, as a Phoenix endpoint runs its plugs in order: an id and a span for its logs,
//! the client's address, the page's CSP nonce, the request's language, the CSRF check; then
//! the API's refusals as problems, the language cookie a `?locale=` chose, the security
//! headers and the id on the way out. Each step is its module's; this
//! is only their order.
//!
//! One middleware rather than one each: every `from_fn` layer boxes the request's future and
//! clones what it wraps, and six of them were a measurable part of a small API answer.

use std::{net::IpAddr, sync::Arc, time::Instant};

use app::{AppError, auth::ssr::CookiePolicy};
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::HeaderValue;
use tracing::Instrument;

use super::{
    client_address, csrf, locale, request_id,
    security::{self, CspNonce},
};
use crate::{api, settings::Settings};

/// What the edge needs from the settings, read once.
#[derive(Clone)]
pub struct Edge(Arc<Config>);

struct Config {
    hsts: Option<HeaderValue>,
    trusted_proxies: Vec<IpAddr>,
    cookies: CookiePolicy,
}

impl Edge {
    pub fn new(settings: &Settings) -> Self {
        Self(Arc::new(Config {
            hsts: security::hsts(settings.server.hsts_max_age_secs),
            trusted_proxies: settings.server.trusted_proxies.clone(),
            cookies: settings.profile.cookies(),
        }))
    }
}

/// The middleware: the steps before the route, the route (unless the CSRF check refused), the
/// steps after it, all inside the request's span.
pub async fn edge(State(Edge(config)): State<Edge>, mut request: Request, next: Next) -> Response {
    let id = request_id::of(&request);
    let span = request_id::span(&id, &request);
    async move {
        let started = Instant::now();
        let address = client_address::of(&request, &config.trusted_proxies);
        let api = api::owns(request.uri().path());
        let nonce = CspNonce::generate();
        let language = locale::negotiate(&request, config.cookies);
        let extensions = request.extensions_mut();
        extensions.insert(address);
        extensions.insert(nonce.clone());
        extensions.insert(language.locale);

        let response = if csrf::refuses(&request) {
            AppError::Forbidden.into_response()
        } else {
            locale::answering_in(language.locale, next.run(request)).await
        };

        let mut response = if api {
            api::as_problem(response, language.locale)
        } else {
            response
        };
        locale::remember(language, config.cookies, &mut response);
        security::stamp(response.headers_mut(), config.hsts.as_ref(), api, &nonce);
        request_id::finish(&mut response, id, started);
        response
    }
    .instrument(span)
    .await
}
