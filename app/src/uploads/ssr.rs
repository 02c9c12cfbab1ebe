use std::sync::Arc;

use domain::uploads::Uploads;
use leptos::prelude::use_context;
use model::uploads::UploadInfo;

use crate::{AppError, auth::ssr::for_signed_in};

fn uploads() -> Result<Arc<Uploads>, AppError> {
    use_context::<Arc<Uploads>>().ok_or_else(|| {
        tracing::error!("Uploads is missing from the server function context");
        AppError::Internal
    })
}

pub(super) async fn list() -> Result<Vec<UploadInfo>, AppError> {
    for_signed_in(async |_, user| {
        let files = uploads()?.list(user.scope()).await?;
        Ok(files.into_iter().map(UploadInfo::from).collect())
    })
    .await
}

pub(super) async fn delete(id: i64) -> Result<(), AppError> {
    for_signed_in(async |_, user| Ok(uploads()?.delete(user.scope(), id).await?)).await
}
