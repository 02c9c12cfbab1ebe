//! Serving the browser bundle and the service worker (`crate::assets` finds them at start-up).

use axum::{
    Router,
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
};
use tower_http::{services::ServeDir, set_header::SetResponseHeaderLayer};

use crate::state::AppState;

/// The bundle's files (to nest at `/pkg`). The build leaves a brotli and a gzip copy beside
/// each file; the one the browser accepts is sent (brotli first, 27 % smaller for the wasm),
/// and caches are told the answer depends on `Accept-Encoding`.
pub(super) fn bundle(state: &AppState) -> Router<AppState> {
    let files = ServeDir::new(state.assets.pkg_dir())
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false);
    Router::new()
        .fallback_service(files)
        .layer(SetResponseHeaderLayer::appending(
            header::VARY,
            HeaderValue::from_static("accept-encoding"),
        ))
        .layer(middleware::from_fn(only_servable_paths))
}

/// The bundle under its build id (`/pkg/<id>/…`, what pages load): the id is a hash of the
/// files, so the answer for a path never changes and browsers keep it without asking again.
pub(super) fn kept_forever() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    )
}

/// The service worker must never be stale, nor the bundle under its plain names (`/pkg/…`,
/// which the offline page links), so browsers revalidate them every time (304s come from
/// Last-Modified).
pub(super) fn always_revalidated() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))
}

/// The longest file name the file system takes (`NAME_MAX`): a longer path segment names no
/// file, and asking the file system fails (`ENAMETOOLONG`, which `ServeDir` answers 500) where
/// it should just not find it.
const MAX_SEGMENT_BYTES: usize = 255;
/// Far below `PATH_MAX`, and far above any file's path here.
const MAX_PATH_BYTES: usize = 1024;

/// Whether `path` could name a file at all; anything else is simply not found.
pub(super) fn servable(path: &str) -> bool {
    path.len() <= MAX_PATH_BYTES
        && path
            .split('/')
            .all(|segment| segment.len() <= MAX_SEGMENT_BYTES)
}

async fn only_servable_paths(request: Request, next: Next) -> Response {
    if servable(request.uri().path()) {
        next.run(request).await
    } else {
        StatusCode::NOT_FOUND.into_response()
    }
}

pub(super) async fn service_worker(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        state.assets.service_worker.clone(),
    )
}
