//! Uploads over HTTP (recipe 43): receiving a file as it streams in, and sending stored files
//! back only to whom they belong.
//!
//! A page with JavaScript sends each file as the raw body of its own request
//! (`POST /uploads?name=…`), so the browser reports the bytes actually sent and the server
//! never buffers a multipart body; without JavaScript the same routes take the form's
//! `multipart/form-data` post, field by field, and answer with a redirect.

mod receive;
mod serve;

use app::{
    AppError,
    auth::{CurrentUser, Flash, FlashKind, ssr::respond::see_other},
    i18n::td_string,
};
use axum::{
    Json,
    extract::{DefaultBodyLimit, FromRequestParts, Path, Query, Request, State},
    http::{StatusCode, request::Parts},
    response::{IntoResponse, Response},
};
use domain::uploads::{Limits, Purpose};
use model::uploads::{AvatarInfo, UploadInfo};
use serde::Deserialize;

use crate::{
    http::{
        extract::{SignedIn, SignedInPage},
        locale,
    },
    state::AppState,
};
use receive::{is_multipart, receive_form, receive_raw, refused};
use serve::send;

/// A multipart form may carry the rules' number of files, each up to the largest accepted,
/// and a little more for its field headers. Larger bodies end with 413. (The raw bodies are
/// limited by the uploads' own checks as they stream.)
pub(super) fn multipart_limit(purpose: Purpose, limits: Limits) -> DefaultBodyLimit {
    const HEADERS: usize = 64 * 1024;
    let file = usize::try_from(limits.max_file_bytes).unwrap_or(usize::MAX);
    DefaultBodyLimit::max(
        file.saturating_mul(purpose.rules().max_entries)
            .saturating_add(HEADERS),
    )
}

/// The signed-in person sending a file; anyone else gets 401 in the uploads' refusal shape,
/// which the uploader shows.
pub(super) struct Sender(CurrentUser);

impl FromRequestParts<AppState> for Sender {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        match SignedIn::from_request_parts(parts, state).await {
            Ok(SignedIn(user)) => Ok(Self(user)),
            Err(refusal) => Err(refused(refusal)),
        }
    }
}

#[derive(Deserialize)]
pub(super) struct Named {
    name: Option<String>,
}

pub(super) async fn upload_file(
    State(state): State<AppState>,
    Sender(user): Sender,
    Query(query): Query<Named>,
    request: Request,
) -> Response {
    if is_multipart(request.headers()) {
        let outcome = receive_form(&state, user.scope(), Purpose::File, "file", request).await;
        return see_other("/uploads", [state.cookies.flash(&outcome)]);
    }
    match receive_raw(&state, user.scope(), Purpose::File, query.name, request).await {
        Ok(upload) => (StatusCode::CREATED, Json(UploadInfo::from(upload))).into_response(),
        Err(error) => refused(error),
    }
}

pub(super) async fn upload_avatar(
    State(state): State<AppState>,
    Sender(user): Sender,
    Query(query): Query<Named>,
    request: Request,
) -> Response {
    if is_multipart(request.headers()) {
        let outcome = receive_form(&state, user.scope(), Purpose::Avatar, "avatar", request).await;
        return see_other("/profile", [state.cookies.flash(&outcome)]);
    }
    match receive_raw(&state, user.scope(), Purpose::Avatar, query.name, request).await {
        Ok(upload) => Json(AvatarInfo {
            avatar_url: upload.avatar_url(),
        })
        .into_response(),
        Err(error) => refused(error),
    }
}

pub(super) async fn download(
    State(state): State<AppState>,
    SignedInPage(user): SignedInPage,
    Path(id): Path<i64>,
) -> Response {
    send(state.uploads.file(user.scope(), id).await).await
}

pub(super) async fn thumbnail(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> Response {
    send(state.uploads.thumbnail(user.scope(), id).await).await
}

pub(super) async fn avatar(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(user_id): Path<i64>,
) -> Response {
    send(state.uploads.avatar(user.scope(), user_id).await).await
}

/// The plain form's delete button.
pub(super) async fn delete(
    State(state): State<AppState>,
    SignedInPage(user): SignedInPage,
    Path(id): Path<i64>,
) -> Response {
    match state.uploads.delete(user.scope(), id).await {
        Ok(()) => see_other(
            "/uploads",
            [state.cookies.flash(&Flash {
                kind: FlashKind::Info,
                message: td_string!(locale::translations(), uploads.deleted).into(),
            })],
        ),
        Err(error) => AppError::from(error).into_response(),
    }
}
