//! The API's reference page's data: each version's OpenAPI document, as the server generated it
//! from its handlers and types (`server/src/api`). The page renders it (`pages::api_docs`).

use leptos::prelude::*;
use serde_json::Value;

use crate::AppError;

/// The versions the page shows, newest first, and which one is deprecated.
pub const VERSIONS: [(&str, bool); 2] = [("v2", false), ("v1", true)];

/// Both documents, put in the server functions' context by the server.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug)]
pub struct ApiDocuments {
    pub v1: std::sync::Arc<Value>,
    pub v2: std::sync::Arc<Value>,
}

/// `version`'s OpenAPI document ("v1" or "v2").
#[server(prefix = "/rpc", endpoint = "api_docs/document")]
pub async fn api_document(version: String) -> Result<Value, AppError> {
    let documents = use_context::<ApiDocuments>().ok_or_else(|| {
        tracing::error!("the API documents are missing from the server function context");
        AppError::Internal
    })?;
    match version.as_str() {
        "v1" => Ok(documents.v1.as_ref().clone()),
        "v2" => Ok(documents.v2.as_ref().clone()),
        _ => Err(AppError::NotFound),
    }
}
