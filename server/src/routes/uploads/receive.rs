//! Taking a file in: a raw body streamed into an upload (the page), or each file field of a
//! multipart form (no JavaScript).

use app::{
    AppError,
    auth::{Flash, FlashKind},
    i18n::td_string,
    language,
    refusals::failure,
};
use axum::{
    Json,
    extract::{FromRequest, Multipart, Request},
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
};
use domain::{
    Scope,
    uploads::{Purpose, Upload},
};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use model::{refusal::Refusal, uploads::Refusal as Refused};

use crate::{
    http::{extract::Credential, locale},
    state::AppState,
};

/// A refused upload: its status, and what to show next to the file.
pub(super) fn refused(error: AppError) -> Response {
    let mut response = (
        error.status(),
        Json(Refused {
            error: failure(language::of(locale::current()), &error),
        }),
    )
        .into_response();
    // What it was, for an API caller's problem body (`api::bearer_signs_in`).
    response.extensions_mut().insert(error);
    response
}

pub(super) fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("multipart/form-data"))
}

/// Streams a raw request body into an upload. Refusals that need no bytes (type, declared
/// size, quota, too many at once) come before any is read.
pub(super) async fn receive_raw(
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
    let credential = Credential::of(request.extensions());
    let mut body = request.into_body().into_data_stream();
    let mut incoming = match state.uploads.begin(scope, purpose, &name, declared).await {
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
    let mut pace = Pace::new(state.settings.uploads.stall_timeout());
    while let Some(chunk) = pace.next(body.next()).await? {
        let chunk = chunk.map_err(interrupted)?;
        pace.received(chunk.len())?;
        incoming.write(&chunk).await?;
    }
    // The body may have taken long: the session or token that began it must still be live.
    if let Some(credential) = &credential
        && !credential.still_valid(&state.db).await?
    {
        return Err(AppError::Unauthorized);
    }
    Ok(incoming.finish().await?)
}

/// The slowest an upload may go, on average, once it has had a stall period to get going: a
/// poor mobile link sends far more; a body trickled to hold a connection sends far less.
const MIN_BYTES_PER_SEC: u64 = 1024;

/// How an upload must keep moving: something at least every `stall`, and from then on
/// [`MIN_BYTES_PER_SEC`] on average. Otherwise it is given up (408), and what arrived is
/// deleted with it.
struct Pace {
    stall: Duration,
    started: Instant,
    bytes: u64,
}

impl Pace {
    fn new(stall: Duration) -> Self {
        Self {
            stall,
            started: Instant::now(),
            bytes: 0,
        }
    }

    /// `next` (the body's next chunk), unless nothing arrives for a stall period.
    async fn next<T>(&self, next: impl Future<Output = T>) -> Result<T, AppError> {
        tokio::time::timeout(self.stall, next).await.map_err(|_| {
            tracing::info!(stall_secs = self.stall.as_secs(), "an upload stalled");
            AppError::TimedOut(Refusal::UploadStalled {
                secs: self.stall.as_secs(),
            })
        })
    }

    /// Counts `bytes` more, and refuses an upload going slower than the pace.
    fn received(&mut self, bytes: usize) -> Result<(), AppError> {
        self.bytes += u64::try_from(bytes).unwrap_or(u64::MAX);
        let elapsed = self.started.elapsed();
        if elapsed > self.stall && self.bytes < elapsed.as_secs() * MIN_BYTES_PER_SEC {
            tracing::info!(
                bytes = self.bytes,
                secs = elapsed.as_secs(),
                "an upload crawled"
            );
            return Err(AppError::TimedOut(Refusal::UploadTooSlow {
                min_kb_per_sec: MIN_BYTES_PER_SEC / 1024,
            }));
        }
        Ok(())
    }
}

/// The client went away (or sent a broken body) mid-upload; what arrived is deleted.
fn interrupted(error: axum::Error) -> AppError {
    tracing::info!(%error, "an upload was interrupted");
    AppError::BadRequest(Refusal::UploadInterrupted)
}

/// Takes each file of a form posted without JavaScript, and says how it went.
pub(super) async fn receive_form(
    state: &AppState,
    scope: Scope,
    purpose: Purpose,
    field_name: &str,
    request: Request,
) -> Flash {
    let credential = Credential::of(request.extensions());
    let language = language::of(locale::current());
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
            let max = purpose.rules().max_entries;
            let too_many = AppError::TooMany(Refusal::TooManyFiles { max });
            problems.push(format!("{name}: {}", failure(language, &too_many)));
            break;
        }
        let received = async {
            let mut incoming = state.uploads.begin(scope, purpose, &name, None).await?;
            let mut pace = Pace::new(state.settings.uploads.stall_timeout());
            while let Some(chunk) = pace
                .next(field.chunk())
                .await?
                .map_err(|error| AppError::BadRequest(error.body_text().into()))?
            {
                pace.received(chunk.len())?;
                incoming.write(&chunk).await?;
            }
            if let Some(credential) = &credential
                && !credential.still_valid(&state.db).await?
            {
                return Err(AppError::Unauthorized);
            }
            Ok::<_, AppError>(incoming.finish().await?)
        }
        .await;
        match received {
            Ok(upload) => saved.push(upload.original_name),
            Err(error) => {
                let name = model::uploads::display_name(&name);
                problems.push(format!("{name}: {}", failure(language, &error)));
            }
        }
    }
    if problems.is_empty() && saved.is_empty() {
        return error_flash(td_string!(language, uploads.choose_first).to_owned());
    }
    if !problems.is_empty() {
        return error_flash(problems.join(" · "));
    }
    Flash {
        kind: FlashKind::Info,
        message: td_string!(language, uploads.uploaded_names, names = saved.join(", ")),
    }
}

fn error_flash(message: String) -> Flash {
    Flash {
        kind: FlashKind::Error,
        message,
    }
}
