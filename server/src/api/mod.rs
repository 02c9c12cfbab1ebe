//! The public JSON API (recipes 24, 25, 40): `/api/v1` and `/api/v2` over the same domain
//! verbs as the pages and the socket, each version's OpenAPI 3.1 document generated from its
//! handlers and types, and a docs page that works with no network.
//!
//! - **Versions.** The path names one (`/api/v2/rooms`); a path without one (`/api/rooms`)
//!   takes it from `Accept: application/vnd.commons.v1+json` (or `v2`), else the current one.
//!   The path wins over the header. v1 is deprecated: its answers carry `Deprecation`,
//!   `Sunset` and a `Link` to v2's documents.
//! - **Callers.** A bearer token or the browser's session ([`caller`]); every authenticated
//!   request spends from the caller's token bucket.
//! - **Errors.** One shape, `application/problem+json` ([`problem`]); bad input is a 4xx.

mod caller;
mod docs;
mod input;
mod paging;
mod problem;
mod refusals;
pub(crate) mod resources;

use std::{convert::Infallible, sync::Arc};

use app::api_docs::ApiDocuments;
use axum::{
    Router,
    extract::Request,
    http::{HeaderValue, header},
    middleware,
    response::Response,
};
use tower::{Service, ServiceExt, service_fn};
use utoipa_axum::{router::OpenApiRouter, routes};

pub use caller::bearer_signs_in;
use problem::ApiError;
use resources::{csv, me, posts, rooms, tokens, uploads, users};

use crate::state::AppState;

/// A version of the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    V1,
    V2,
}

impl Version {
    /// What a path without a version gets.
    pub const CURRENT: Self = Self::V2;

    pub fn prefix(self) -> &'static str {
        match self {
            Self::V1 => "/api/v1",
            Self::V2 => "/api/v2",
        }
    }

    fn number(self) -> &'static str {
        match self {
            Self::V1 => "1",
            Self::V2 => "2",
        }
    }

    /// The version an `Accept` header asks for (`application/vnd.commons.v1+json`), if any.
    fn accepted(request: &Request) -> Option<Self> {
        request
            .headers()
            .get_all(header::ACCEPT)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .find_map(|media| {
                let essence = media.split(';').next()?.trim().to_ascii_lowercase();
                match essence.as_str() {
                    "application/vnd.commons.v1+json" => Some(Self::V1),
                    "application/vnd.commons.v2+json" => Some(Self::V2),
                    _ => None,
                }
            })
    }
}

/// When v1 was deprecated (RFC 9745: `@` and unix seconds), and when it goes (RFC 8594).
const V1_DEPRECATED: &str = "@1796083200";
const V1_SUNSET: &str = "Wed, 30 Jun 2027 23:59:59 GMT";
const V1_LINK: &str = "</api/docs>; rel=\"deprecation\"; type=\"text/html\", \
     </api/v2/openapi.json>; rel=\"successor-version\"; type=\"application/openapi+json\"";

/// `router` (one version's), every answer of which says its version; v1's also say it is
/// going. A service around the router rather than a `Router::layer`, which would wrap (and on
/// every request re-clone) each route.
fn versioned(
    version: Version,
    router: Router,
) -> impl Service<Request, Response = Response, Error = Infallible, Future: Send>
+ Clone
+ Send
+ Sync
+ 'static {
    service_fn(move |request: Request| {
        let router = router.clone();
        async move {
            let Ok(mut response) = router.oneshot(request).await;
            let headers = response.headers_mut();
            headers.insert("api-version", HeaderValue::from_static(version.number()));
            if version == Version::V1 {
                headers.insert("deprecation", HeaderValue::from_static(V1_DEPRECATED));
                headers.insert("sunset", HeaderValue::from_static(V1_SUNSET));
                headers.insert(header::LINK, HeaderValue::from_static(V1_LINK));
            }
            Ok(response)
        }
    })
}

/// Whether `path` is the API's: what answers it, before or after the API's own handlers (the
/// CSRF check, the request timeout), answers a problem.
pub fn owns(path: &str) -> bool {
    path.starts_with("/api/")
}

/// `response` to an API request as a problem, if it is a refusal from outside the API's own
/// handlers (the edge's `AppError`, a timeout's bare 408), worded in `language`.
pub fn as_problem(mut response: Response, language: model::locale::Locale) -> Response {
    if let Some(error) = response.extensions_mut().remove::<app::AppError>() {
        return ApiError::from(error).in_language(language);
    }
    let bare = !response.headers().contains_key(header::CONTENT_TYPE);
    if bare && response.status() == axum::http::StatusCode::REQUEST_TIMEOUT {
        return ApiError::from(app::AppError::TimedOut(
            model::refusal::Refusal::RequestTimedOut,
        ))
        .in_language(language);
    }
    response
}

/// Both versions' OpenAPI documents, for the reference page.
pub fn documents() -> ApiDocuments {
    let json = |version| {
        let (public, authenticated) = routes(version);
        let (_, document) = OpenApiRouter::with_openapi(docs::document(version))
            .merge(public)
            .merge(authenticated)
            .split_for_parts();
        Arc::new(serde_json::to_value(document).expect("an OpenAPI document is plain data"))
    };
    ApiDocuments {
        v1: json(Version::V1),
        v2: json(Version::V2),
    }
}

/// One version's routes: `/sessions` for anyone, the rest for an authenticated caller.
fn routes(version: Version) -> (OpenApiRouter<AppState>, OpenApiRouter<AppState>) {
    match version {
        Version::V1 => (
            OpenApiRouter::new().routes(routes!(tokens::v1::sign_in)),
            OpenApiRouter::new()
                .routes(routes!(me::v1::show, me::v1::update))
                .routes(routes!(users::v1::list))
                .routes(routes!(users::report))
                .routes(routes!(csv::export_users))
                .routes(routes!(csv::import_users))
                .routes(routes!(
                    users::v1::show,
                    users::v1::update,
                    users::v1::delete
                ))
                .routes(routes!(rooms::v1::list, rooms::v1::create))
                .routes(routes!(
                    rooms::v1::show,
                    rooms::v1::rename,
                    rooms::v1::delete
                ))
                .routes(routes!(rooms::v1::members, rooms::v1::invite))
                .routes(routes!(rooms::v1::messages, rooms::v1::post))
                .routes(routes!(rooms::v1::message))
                .routes(routes!(csv::export_history))
                .routes(routes!(uploads::v1::list))
                .routes(routes!(uploads::v1::show, uploads::v1::delete))
                .routes(routes!(tokens::v1::list, tokens::v1::create))
                .routes(routes!(tokens::v1::show, tokens::v1::revoke))
                .routes(routes!(posts::v1::create))
                .routes(routes!(
                    posts::v1::show,
                    posts::v1::update,
                    posts::v1::delete
                ))
                .routes(routes!(posts::v1::comment))
                .routes(routes!(posts::v1::delete_comment))
                .routes(routes!(posts::v1::like, posts::v1::unlike))
                .routes(routes!(posts::v1::like_comment, posts::v1::unlike_comment))
                .routes(routes!(posts::v1::search)),
        ),
        Version::V2 => (
            OpenApiRouter::new().routes(routes!(tokens::v2::sign_in)),
            OpenApiRouter::new()
                .routes(routes!(me::v2::show, me::v2::update))
                .routes(routes!(users::v2::list))
                .routes(routes!(users::report))
                .routes(routes!(csv::export_users))
                .routes(routes!(csv::import_users))
                .routes(routes!(
                    users::v2::show,
                    users::v2::update,
                    users::v2::delete
                ))
                .routes(routes!(rooms::v2::list, rooms::v2::create))
                .routes(routes!(
                    rooms::v2::show,
                    rooms::v2::rename,
                    rooms::v2::delete
                ))
                .routes(routes!(rooms::v2::members, rooms::v2::invite))
                .routes(routes!(rooms::v2::messages, rooms::v2::post))
                .routes(routes!(
                    rooms::v2::message,
                    rooms::v2::edit,
                    rooms::v2::delete_message
                ))
                .routes(routes!(rooms::v2::react, rooms::v2::unreact))
                .routes(routes!(csv::export_history))
                .routes(routes!(uploads::v2::list))
                .routes(routes!(uploads::v2::show, uploads::v2::delete))
                .routes(routes!(tokens::v2::list, tokens::v2::create))
                .routes(routes!(tokens::v2::show, tokens::v2::revoke))
                .routes(routes!(posts::v2::create, posts::v2::list))
                .routes(routes!(
                    posts::v2::show,
                    posts::v2::update,
                    posts::v2::delete
                ))
                .routes(routes!(posts::v2::comment, posts::v2::comments))
                .routes(routes!(posts::v2::delete_comment))
                .routes(routes!(posts::v2::like, posts::v2::unlike))
                .routes(routes!(posts::v2::like_comment, posts::v2::unlike_comment))
                .routes(routes!(posts::v2::search)),
        ),
    }
}

/// One version's router, its authenticated routes behind the caller's check and budget, and its
/// document.
fn version(state: &AppState, version: Version) -> (Router, utoipa::openapi::OpenApi) {
    let (public, authenticated) = routes(version);
    let authenticated = authenticated.route_layer(middleware::from_fn_with_state(
        state.clone(),
        caller::authenticate,
    ));
    let (router, paths) = OpenApiRouter::with_openapi(docs::document(version))
        .merge(public)
        .merge(authenticated)
        .split_for_parts();
    let router = router
        .fallback(async || ApiError::not_found())
        .method_not_allowed_fallback(async || {
            ApiError::new(
                axum::http::StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "This path does not take that method.",
            )
        })
        .with_state(state.clone());
    (router, paths)
}

/// The whole API: both versions, the unversioned paths and the documents (the reference page
/// that reads them is the app's, `/api/docs`).
pub fn router(state: &AppState) -> Router<AppState> {
    let (v1, v1_document) = version(state, Version::V1);
    let (v2, v2_document) = version(state, Version::V2);
    let (v1, v2) = (versioned(Version::V1, v1), versioned(Version::V2, v2));
    let negotiated = {
        let (v1, v2) = (v1.clone(), v2.clone());
        service_fn(move |request: Request| {
            let chosen = match Version::accepted(&request).unwrap_or(Version::CURRENT) {
                Version::V1 => v1.clone(),
                Version::V2 => v2.clone(),
            };
            async move {
                let Ok(mut response) = chosen.oneshot(request).await;
                response
                    .headers_mut()
                    .append(header::VARY, HeaderValue::from_static("accept"));
                Ok::<_, Infallible>(response)
            }
        })
    };
    Router::new()
        .merge(docs::router(&v1_document, &v2_document))
        .nest_service("/api/v1", v1)
        .nest_service("/api/v2", v2)
        .nest_service("/api", negotiated)
}
