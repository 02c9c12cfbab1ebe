//! The dev mailbox's files: a kept mail's HTML part (shown in a sandboxed frame on
//! `/dev/mailbox`) and its attachments. Like the page, they exist only while the node keeps its
//! mail, and only for requests from this machine.

use app::{AppError, auth::ClientAddress};
use axum::{
    Extension,
    extract::{Path, State},
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};

use crate::state::AppState;

/// The HTML part of mail `id`: no script, no request anywhere, not even for a picture.
pub(super) async fn html(
    State(state): State<AppState>,
    Extension(ClientAddress(client)): Extension<ClientAddress>,
    Path(id): Path<i64>,
) -> Response {
    let Some(mailbox) = state.dev_mailbox.for_client(client) else {
        return AppError::NotFound.into_response();
    };
    match mailbox.find(id).await {
        Ok(Some(mail)) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                ),
                (
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(
                        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
                         frame-ancestors 'self'; sandbox",
                    ),
                ),
            ],
            mail.html,
        )
            .into_response(),
        Ok(None) => AppError::NotFound.into_response(),
        Err(error) => AppError::from(error).into_response(),
    }
}

/// Attachment `position` of mail `id`, always downloaded, never shown in place.
pub(super) async fn attachment(
    State(state): State<AppState>,
    Extension(ClientAddress(client)): Extension<ClientAddress>,
    Path((id, position)): Path<(i64, i32)>,
) -> Response {
    let Some(mailbox) = state.dev_mailbox.for_client(client) else {
        return AppError::NotFound.into_response();
    };
    match mailbox.attachment(id, position).await {
        Ok(Some(file)) => {
            let name: String = file
                .filename
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let disposition = HeaderValue::try_from(format!("attachment; filename=\"{name}\""))
                .unwrap_or(HeaderValue::from_static("attachment"));
            (
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("application/octet-stream"),
                    ),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                file.content,
            )
                .into_response()
        }
        Ok(None) => AppError::NotFound.into_response(),
        Err(error) => AppError::from(error).into_response(),
    }
}
