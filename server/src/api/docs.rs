//! Each version's OpenAPI 3.1 document: its frame here, its paths and schemas from the handlers
//! (`#[utoipa::path]`) and types (`ToSchema`). The reference page people read is the app's
//! (`/api/docs`), rendered from these same documents.

use axum::{
    Router,
    body::Bytes,
    http::header,
    routing::{MethodRouter, get},
};
use utoipa::openapi::{
    ComponentsBuilder, InfoBuilder, OpenApi, OpenApiBuilder,
    security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme},
    server::Server,
};

use super::{Version, problem::Problem};
use crate::state::AppState;

const ABOUT: &str = "Commons' public API: the same rooms, messages, files and accounts as the \
pages and the socket, with the same rules.\n\n\
Authenticate with a personal access token (`Authorization: Bearer cmn_…`), made on your \
profile page or with `POST /sessions`. A `read` token may only read. Every authenticated \
request spends from the token's budget (`x-ratelimit-*` headers; 429 with `retry-after` when \
it is spent). Every error is `application/problem+json` (RFC 9457).";

/// The frame of `version`'s document: what it is, where it is served, how to authenticate.
pub fn document(version: Version) -> OpenApi {
    let description = match version {
        Version::V1 => format!(
            "{ABOUT}\n\n**Deprecated**: v1 ends on 30 June 2027; move to v2 (cursors instead of \
             page numbers, `created_at` for `inserted_at`, authors embedded in messages, a \
             room's `visibility` for `private`)."
        ),
        Version::V2 => ABOUT.to_owned(),
    };
    let bearer = HttpBuilder::new()
        .scheme(HttpAuthScheme::Bearer)
        .bearer_format("cmn_ followed by 43 characters")
        .build();
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Commons API")
                .version(version.number())
                .description(Some(description))
                .build(),
        )
        .servers(Some([Server::new(version.prefix())]))
        .components(Some(
            ComponentsBuilder::new()
                .schema_from::<Problem>()
                .security_scheme("bearer", SecurityScheme::Http(bearer))
                .build(),
        ))
        .security(Some([SecurityRequirement::new(
            "bearer",
            Vec::<String>::new(),
        )]))
        .build()
}

/// `/api/v1/openapi.json` and `/api/v2/openapi.json`.
pub fn router(v1: &OpenApi, v2: &OpenApi) -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", served(v1))
        .route("/api/v2/openapi.json", served(v2))
}

/// A document as JSON, serialised once.
fn served(document: &OpenApi) -> MethodRouter<AppState> {
    let json = Bytes::from(
        document
            .to_json()
            .expect("an OpenAPI document of plain data serializes to JSON"),
    );
    get(move || {
        let json = json.clone();
        async move { ([(header::CONTENT_TYPE, "application/json")], json) }
    })
}
