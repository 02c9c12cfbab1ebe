//! The files page's server functions: listing and deleting one's files. The files themselves
//! travel over plain HTTP (`server/src/routes/uploads.rs`): a server function would buffer the
//! body, and the page wants the bytes' progress.

use leptos::prelude::*;
use model::uploads::UploadInfo;

use crate::AppError;

#[cfg(feature = "ssr")]
mod ssr;

/// The signed-in person's files, newest first.
#[server(prefix = "/rpc", endpoint = "uploads/list")]
pub async fn list_uploads() -> Result<Vec<UploadInfo>, AppError> {
    ssr::list().await
}

/// Deletes one of the signed-in person's files (anyone else's is not found).
#[server(prefix = "/rpc", endpoint = "uploads/delete")]
pub async fn delete_upload(id: i64) -> Result<(), AppError> {
    ssr::delete(id).await
}
