//! What an API request carries, read so that bad input is always a clear 4xx problem: a body
//! that is not JSON at all (415), JSON that is not well-formed (400, naming the line and
//! column), JSON of the wrong shape (422, naming the field's path), a query or path that does
//! not parse (400).

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Path, Query, Request, rejection::BytesRejection},
    http::{StatusCode, header, request::Parts},
};
use serde::de::DeserializeOwned;
use serde_json::error::Category;

mod strict;

use super::problem::ApiError;
use strict::Strict;

/// A JSON request body of type `T`, read strictly ([`strict`]): objects from objects only,
/// integers from integral numbers.
pub struct Body<T>(pub T);

/// Whether `content_type` is JSON: `application/json` or any `+json` type, with parameters.
fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Reads `bytes` as a `T`: not well-formed → 400 with where; the wrong shape → 422 naming the
/// field by its path.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let first = bytes.iter().find(|byte| !byte.is_ascii_whitespace());
    if first.is_some() && first != Some(&b'{') {
        // Well-formed JSON of another kind is the wrong shape; anything else reads as
        // malformed below.
        if serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok() {
            return Err(ApiError::invalid_field(
                "body",
                "The body must be a JSON object.",
            ));
        }
    }
    let mut reader = serde_json::Deserializer::from_slice(bytes);
    let parsed = serde_path_to_error::deserialize(Strict(&mut reader))
        .map_err(|error| (error.path().to_string(), error.into_inner()))
        .and_then(|value| {
            reader
                .end()
                .map(|()| value)
                .map_err(|error| (String::new(), error))
        });
    parsed.map_err(|(path, inner)| match inner.classify() {
        Category::Data => {
            let field = if path == "." { "body" } else { path.as_str() };
            ApiError::invalid_field(field, without_position(&inner))
        }
        Category::Syntax | Category::Eof | Category::Io => ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            format!(
                "The body is not well-formed JSON at line {}, column {}: {}.",
                inner.line(),
                inner.column(),
                without_position(&inner)
            ),
        ),
    })
}

/// serde_json's message without its " at line 1 column 5" tail.
fn without_position(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message,
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        if !is_json(content_type) {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Send the body as JSON, with `Content-Type: application/json`.",
            ));
        }
        let bytes =
            Bytes::from_request(request, state)
                .await
                .map_err(|rejection: BytesRejection| {
                    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                        ApiError::new(
                            StatusCode::PAYLOAD_TOO_LARGE,
                            "too_large",
                            "The body is too large.",
                        )
                    } else {
                        ApiError::bad_request("The body could not be read.")
                    }
                })?;
        parse_json(&bytes).map(Self)
    }
}

/// A rejection's words, which quote what was sent, cut to a length worth reading back.
fn at_most(detail: String) -> String {
    const MAX_CHARS: usize = 200;
    match detail.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &detail[..cut]),
        None => detail,
    }
}

/// The query string as a `T`; one that does not parse is 400, saying why.
pub struct Params<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Query::from_request_parts(parts, state)
            .await
            .map(|Query(params)| Self(params))
            .map_err(|rejection| ApiError::bad_request(at_most(rejection.body_text())))
    }
}

/// The path's parameters as a `T` (ids); one that does not parse is 400.
pub struct Ids<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Ids<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::from_request_parts(parts, state)
            .await
            .map(|Path(ids)| Self(ids))
            .map_err(|rejection| ApiError::bad_request(at_most(rejection.body_text())))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[test]
    fn a_rejection_quotes_at_most_200_characters_of_what_was_sent() {
        assert_eq!(at_most("short".into()), "short");
        let long = format!("unknown variant `{}`", "é".repeat(5000));
        let cut = at_most(long);
        assert_eq!(cut.chars().count(), 201);
        assert!(cut.ends_with('…'));
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "only its parsing is tested")]
    struct Room {
        name: String,
        #[serde(default)]
        nested: Option<Nested>,
    }

    #[derive(Debug, Deserialize)]
    #[expect(dead_code, reason = "only its parsing is tested")]
    struct Nested {
        count: u8,
    }

    #[test]
    fn json_types_with_parameters_and_suffixes_are_json() {
        assert!(is_json("application/json"));
        assert!(is_json("Application/JSON; charset=utf-8"));
        assert!(is_json("application/merge-patch+json"));
        assert!(!is_json("text/plain"));
        assert!(!is_json("application/x-www-form-urlencoded"));
        assert!(!is_json(""));
    }

    #[test]
    fn malformed_json_names_its_line_and_column() {
        let error = parse_json::<Room>(b"{\n  \"name\": \"a\",,\n}").unwrap_err();
        assert_eq!(error.status(), StatusCode::BAD_REQUEST);
        assert_eq!(error.code(), "malformed_json");
        let detail = format!("{error:?}");
        assert!(detail.contains("line 2, column 15"), "{detail}");
        let trailing = parse_json::<Room>(br#"{"name": "a"} x"#).unwrap_err();
        assert_eq!(trailing.code(), "malformed_json");
    }

    #[test]
    fn the_wrong_shape_is_422_naming_the_field_path() {
        let error = parse_json::<Room>(br#"{"name": "a", "nested": {"count": 300}}"#).unwrap_err();
        assert_eq!(error.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(format!("{error:?}").contains("nested.count"));
        let unknown = parse_json::<Room>(br#"{"name": "a", "nmae": 1}"#).unwrap_err();
        assert!(format!("{unknown:?}").contains("unknown field `nmae`"));
        let not_an_object = parse_json::<Room>(b"[]").unwrap_err();
        assert_eq!(not_an_object.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
}
