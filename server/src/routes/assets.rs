//! The browser bundle and the PWA files.
//!
//! The service worker is served from a template with this build's id written in, so its bytes
//! (and therefore its cache name) change whenever the bundle does: browsers install the new
//! worker, which drops the old cache, and a deploy never serves stale JS or WASM.

use std::path::{Path, PathBuf};

use axum::{
    Router,
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};
use tower_http::{services::ServeDir, set_header::SetResponseHeaderLayer};

use crate::{settings::AssetSettings, state::AppState};

/// The bundle files the build id covers, relative to `<site_root>/pkg`.
const BUNDLE: [&str; 3] = ["app.js", "app_bg.wasm", "main.css"];
/// The public files the build id covers, relative to the public dir.
const SHELL: [&str; 3] = ["sw.js", "offline.html", "manifest.webmanifest"];
const BUILD_ID_PLACEHOLDER: &str = "__BUILD_ID__";

/// Loaded once at start-up.
#[derive(Debug)]
pub struct Assets {
    pub build_id: String,
    service_worker: String,
    pkg_dir: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum AssetsError {
    #[error("could not read the service worker template {0}")]
    ServiceWorker(String, #[source] std::io::Error),
}

impl Assets {
    pub async fn load(settings: &AssetSettings) -> Result<Self, AssetsError> {
        let pkg_dir = settings.site_root.join("pkg");
        let template_path = settings.public_dir.join("sw.js");
        let template = tokio::fs::read_to_string(&template_path)
            .await
            .map_err(|e| AssetsError::ServiceWorker(template_path.display().to_string(), e))?;

        let files = BUNDLE
            .iter()
            .map(|name| pkg_dir.join(name))
            .chain(SHELL.iter().map(|name| settings.public_dir.join(name)));
        let mut hasher = Sha256::new();
        for file in files {
            match tokio::fs::read(&file).await {
                Ok(bytes) => {
                    hasher.update(
                        file.file_name()
                            .map(|n| n.as_encoded_bytes())
                            .unwrap_or_default(),
                    );
                    hasher.update(bytes);
                }
                Err(_) => tracing::warn!(
                    file = %file.display(),
                    "missing from the browser bundle: pages render but will not hydrate (run scripts/build-assets)"
                ),
            }
        }
        let build_id: String = hasher
            .finalize()
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect();
        let service_worker = template.replace(BUILD_ID_PLACEHOLDER, &build_id);
        Ok(Self {
            build_id,
            service_worker,
            pkg_dir,
        })
    }

    pub fn pkg_dir(&self) -> &Path {
        &self.pkg_dir
    }
}

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

/// Bundle names carry no hash and the service worker must never be stale, so browsers
/// revalidate them every time (304s come from Last-Modified).
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
