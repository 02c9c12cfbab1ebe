//! Uploads over HTTP (recipe 43): receiving a file as it streams in, and sending stored files
//! back only to whom they belong.
//!
//! A page with JavaScript sends each file as the raw body of its own request
//! (`POST /uploads?name=…`), so the browser reports the bytes actually sent and the server
//! never buffers a multipart body; without JavaScript the same routes take the form's
//! `multipart/form-data` post, field by field, and answer with a redirect.

use app::{
    AppError,
    auth::{CurrentUser, Flash, FlashKind},
};
use axum::{
    Extension, Json, Router,
    body::Body,
    extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Query, Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use domain::{
    Scope,
    uploads::{Incoming, Limits, Purpose, StoredFile, Upload, UploadsError},
};
use futures_util::StreamExt;
use model::uploads::{AvatarInfo, Refusal, UploadInfo};
use serde::Deserialize;
use tokio_util::io::ReaderStream;

use super::accounts::{see_other, to_sign_in};
use crate::startup::AppState;

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

/// A refused upload: its status, and what to show next to the file.
fn refused(error: AppError) -> Response {
    (
        error.status(),
        Json(Refusal {
            error: error.to_string(),
        }),
    )
        .into_response()
}

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("multipart/form-data"))
}

/// Streams a raw request body into an upload. Refusals that need no bytes (type, declared
/// size, quota, too many at once) come before any is read.
async fn receive_raw(
    state: &AppState,
    scope: Scope,
    purpose: Purpose,
    name: Option<String>,
    request: Request,
) -> Result<Upload, AppError> {
    let name = name
        .filter(|name| !name.trim().is_empty())
        .ok_or_else(|| AppError::BadRequest("Name the file: POST …?name=<file name>".into()))?;
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
    let mut body = request.into_body().into_data_stream();
    let mut incoming = match state
        .uploads
        .begin(&state.db, scope, purpose, &name, declared)
        .await
    {
        Ok(incoming) => incoming,
        Err(refusal) => {
            // A browser still sending its body when the answer comes and the connection
            // closes may report a network error instead of the answer. A body within the
            // limit is read and dropped first; a larger one is not worth it.
            let limit = state.uploads.limits().max_file_bytes;
            if declared.is_some_and(|size| size <= limit) {
                while let Some(Ok(_dropped)) = body.next().await {}
            }
            return Err(refusal.into());
        }
    };
    while let Some(chunk) = body.next().await {
        incoming.write(&chunk.map_err(interrupted)?).await?;
    }
    Ok(incoming.finish(&state.db).await?)
}

/// The client went away (or sent a broken body) mid-upload; what arrived is deleted.
fn interrupted(error: axum::Error) -> AppError {
    tracing::info!(%error, "an upload was interrupted");
    AppError::BadRequest("The upload was interrupted.".into())
}

/// Takes each file of a form posted without JavaScript, and says how it went.
async fn receive_form(
    state: &AppState,
    scope: Scope,
    purpose: Purpose,
    field_name: &str,
    request: Request,
) -> Flash {
    let mut multipart = match Multipart::from_request(request, state).await {
        Ok(multipart) => multipart,
        Err(rejection) => return error_flash(rejection.body_text()),
    };
    let mut saved = Vec::new();
    let mut problems = Vec::new();
    let mut files = 0;
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => {
                problems.push(error.body_text());
                break;
            }
        };
        let name = field.file_name().unwrap_or_default().to_owned();
        // A file input left empty still sends its field, with no name.
        if field.name() != Some(field_name) || name.is_empty() {
            continue;
        }
        files += 1;
        if files > purpose.rules().max_entries {
            problems.push(format!("{name}: {}", model::uploads::UploadError::TooMany));
            break;
        }
        let received = async {
            let mut incoming: Incoming = state
                .uploads
                .begin(&state.db, scope, purpose, &name, None)
                .await?;
            while let Some(chunk) = field
                .chunk()
                .await
                .map_err(|error| AppError::BadRequest(error.body_text()))?
            {
                incoming.write(&chunk).await?;
            }
            Ok::<_, AppError>(incoming.finish(&state.db).await?)
        }
        .await;
        match received {
            Ok(upload) => saved.push(upload.original_name),
            Err(error) => {
                problems.push(format!("{}: {error}", model::uploads::display_name(&name)))
            }
        }
    }
    if problems.is_empty() && saved.is_empty() {
        return error_flash("Choose a file first.".into());
    }
    if !problems.is_empty() {
        return error_flash(problems.join(" · "));
    }
    Flash {
        kind: FlashKind::Info,
        message: format!("Uploaded {}.", saved.join(", ")),
    }
}

fn error_flash(message: String) -> Flash {
    Flash {
        kind: FlashKind::Error,
        message,
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

/// Sends what was found, or why nothing was.
async fn send(found: Result<StoredFile, UploadsError>) -> Response {
    match found {
        Ok(file) => serve(file).await,
        Err(error) => AppError::from(error).into_response(),
    }
}

/// Sends a stored file, streamed from disk, as what the server found it to be: pictures shown
/// in place, anything else only saved (`attachment`), never sniffed into something else, and
/// sandboxed should a browser render it anyway.
async fn serve(file: StoredFile) -> Response {
    let opened = match tokio::fs::File::open(&file.path).await {
        Ok(opened) => opened,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return AppError::NotFound.into_response();
        }
        Err(error) => return AppError::internal(&error).into_response(),
    };
    let length = match opened.metadata().await {
        Ok(metadata) => metadata.len(),
        Err(error) => return AppError::internal(&error).into_response(),
    };
    let disposition = if file.is_image() {
        "inline"
    } else {
        "attachment"
    };
    let mut response = Body::from_stream(ReaderStream::new(opened)).into_response();
    let headers = response.headers_mut();
    let mut set = |name, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    };
    set(header::CONTENT_TYPE, file.content_type.clone());
    set(header::CONTENT_LENGTH, length.to_string());
    set(
        header::CONTENT_DISPOSITION,
        format!("{disposition}; {}", filename_parameters(&file.name)),
    );
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff".into());
    set(
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; sandbox".into(),
    );
    // A stored file never changes (a new upload is a new id); only its owner's browser keeps it.
    set(header::CACHE_CONTROL, "private, max-age=86400".into());
    response
}

/// `filename="…"; filename*=UTF-8''…` (RFC 6266): an ASCII fallback for old clients, and the
/// exact name percent-encoded.
fn filename_parameters(name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_quoted_safely_and_exactly() {
        assert_eq!(
            filename_parameters("rapport \"final\" é.pdf"),
            "filename=\"rapport _final_ _.pdf\"; \
             filename*=UTF-8''rapport%20%22final%22%20%C3%A9.pdf"
        );
    }
}
