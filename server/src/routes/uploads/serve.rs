//! Sending a stored file back.

use app::AppError;
use axum::{
    body::Body,
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use domain::uploads::{StoredFile, UploadsError};
use tokio_util::io::ReaderStream;

/// Sends what was found, or why nothing was.
pub(super) async fn send(found: Result<StoredFile, UploadsError>) -> Response {
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
