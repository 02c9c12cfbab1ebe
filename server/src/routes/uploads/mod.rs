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
    auth::{CurrentUser, Flash, FlashKind},
};
use axum::{
    Extension, Json, Router,
    extract::{DefaultBodyLimit, Path, Query, Request, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use domain::uploads::{Limits, Purpose};
use model::uploads::{AvatarInfo, UploadInfo};
use serde::Deserialize;

use super::accounts::{see_other, to_sign_in};
use crate::startup::AppState;
use receive::{is_multipart, receive_form, receive_raw, refused};
use serve::send;

pub fn add_routes(router: Router<AppState>, limits: Limits) -> Router<AppState> {
    // The raw bodies are limited by the uploads' own checks as they stream; the multipart
    // forms by axum's body limit, set per route from the same settings.
    router
        .route(
            "/uploads",
            post(upload_file).layer(multipart_limit(Purpose::File, limits)),
        )
        .route("/uploads/{id}", get(download))
        .route("/uploads/{id}/thumbnail", get(thumbnail))
        .route("/uploads/{id}/delete", post(delete))
        .route(
            "/profile/avatar",
            post(upload_avatar).layer(multipart_limit(Purpose::Avatar, limits)),
        )
        .route("/avatars/{user_id}", get(avatar))
}

/// A multipart form may carry the rules' number of files, each up to the largest accepted,
/// and a little more for its field headers. Larger bodies end with 413.
fn multipart_limit(purpose: Purpose, limits: Limits) -> DefaultBodyLimit {
    const HEADERS: usize = 64 * 1024;
    let file = usize::try_from(limits.max_file_bytes).unwrap_or(usize::MAX);
    DefaultBodyLimit::max(
        file.saturating_mul(purpose.rules().max_entries)
            .saturating_add(HEADERS),
    )
}

#[derive(Deserialize)]
struct Named {
    name: Option<String>,
}

async fn upload_file(
    State(state): State<AppState>,
    user: Option<Extension<CurrentUser>>,
    Query(query): Query<Named>,
    request: Request,
) -> Response {
    let Some(Extension(user)) = user else {
        return refused(AppError::Unauthorized);
    };
    if is_multipart(request.headers()) {
        let outcome = receive_form(&state, user.scope(), Purpose::File, "file", request).await;
        return see_other("/uploads", [state.cookies.flash(&outcome)]);
    }
    match receive_raw(&state, user.scope(), Purpose::File, query.name, request).await {
        Ok(upload) => (StatusCode::CREATED, Json(UploadInfo::from(upload))).into_response(),
        Err(error) => refused(error),
    }
}

async fn upload_avatar(
    State(state): State<AppState>,
    user: Option<Extension<CurrentUser>>,
    Query(query): Query<Named>,
    request: Request,
) -> Response {
    let Some(Extension(user)) = user else {
        return refused(AppError::Unauthorized);
    };
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

async fn download(
    State(state): State<AppState>,
    user: Option<Extension<CurrentUser>>,
    Path(id): Path<i64>,
) -> Response {
    let Some(Extension(user)) = user else {
        return to_sign_in(&format!("/uploads/{id}"));
    };
    send(state.uploads.file(&state.db, user.scope(), id).await).await
}

async fn thumbnail(
    State(state): State<AppState>,
    user: Option<Extension<CurrentUser>>,
    Path(id): Path<i64>,
) -> Response {
    let Some(Extension(user)) = user else {
        return AppError::Unauthorized.into_response();
    };
    send(state.uploads.thumbnail(&state.db, user.scope(), id).await).await
}

async fn avatar(
    State(state): State<AppState>,
    user: Option<Extension<CurrentUser>>,
    Path(user_id): Path<i64>,
) -> Response {
    let Some(Extension(user)) = user else {
        return AppError::Unauthorized.into_response();
    };
    send(state.uploads.avatar(&state.db, user.scope(), user_id).await).await
}

/// The plain form's delete button.
async fn delete(
    State(state): State<AppState>,
    user: Option<Extension<CurrentUser>>,
    Path(id): Path<i64>,
) -> Response {
    let Some(Extension(user)) = user else {
        return to_sign_in("/uploads");
    };
    match state.uploads.delete(&state.db, user.scope(), id).await {
        Ok(()) => see_other(
            "/uploads",
            [state.cookies.flash(&Flash {
                kind: FlashKind::Info,
                message: "File deleted.".into(),
            })],
        ),
        Err(error) => AppError::from(error).into_response(),
    }
}
