//! Every API error in one shape: `application/problem+json` (RFC 9457), with a stable `type`
//! a program can switch on, the status, a `title` per type, a `detail` for people, and for
//! 422 the field errors from the same parse-types the forms use.
//!
//! What a person could act on — a refused field, a limit, a permission, signing in — is worded
//! in the request's language (`Accept-Language`, as the edge negotiated it; the same words the
//! pages use). What only the program that sent the request can fix (a malformed body, an
//! unknown parameter) is in English, as the `title`s are.

use std::collections::BTreeMap;

use app::AppError;
use app::{
    i18n::td_string,
    language,
    refusals::{failure, say},
};
use axum::{
    Json,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use domain::{
    access_tokens::AccessTokenError, accounts::AccountsError, chat::ChatError,
    uploads::UploadsError,
};
use model::{accounts::FieldErrors, locale::Locale, refusal::Refusal as Refused};
use serde::Serialize;
use utoipa::ToSchema;

/// What the API answers when it refuses or fails.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:commons:problem:invalid",
    "title": "The request has fields to correct",
    "status": 422,
    "detail": "Please correct the highlighted fields.",
    "errors": { "name": "Give the token a name." }
}))]
pub struct Problem {
    /// A stable name of the kind of problem, `urn:commons:problem:<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The same for every problem of this type.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong this time, for a person to read.
    pub detail: String,
    /// For 422: what is wrong with each field, by the field's name (a nested field is named
    /// by its path, `preferences.theme`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<BTreeMap<String, String>>,
}

/// A refusal or failure on its way to becoming a [`Problem`] response (boxed: it travels in
/// every handler's `Result`).
#[derive(Debug)]
pub struct ApiError(Box<Refusal>);

#[derive(Debug)]
struct Refusal {
    status: StatusCode,
    code: &'static str,
    detail: Detail,
    errors: Option<FieldErrors>,
    headers: HeaderMap,
}

/// A problem's `detail`, worded when it is answered, in the request's language.
#[derive(Debug)]
enum Detail {
    Failure(AppError),
    Refused(Refused),
    NoCredentials,
    TokenNotValid,
    InvalidCredentials,
    InsufficientScope,
    /// For the program that sent the request; English.
    Plain(String),
}

impl Detail {
    fn in_language(&self, language: Locale) -> String {
        let locale = language::of(language);
        match self {
            Self::Failure(error) => failure(locale, error),
            Self::Refused(refused) => say(locale, refused),
            Self::NoCredentials => td_string!(locale, problem.no_credentials).to_owned(),
            Self::TokenNotValid => td_string!(locale, problem.token_not_valid).to_owned(),
            Self::InvalidCredentials => td_string!(locale, problem.invalid_credentials).to_owned(),
            Self::InsufficientScope => td_string!(locale, problem.insufficient_scope).to_owned(),
            Self::Plain(words) => words.clone(),
        }
    }
}

/// The `WWW-Authenticate` challenge of a bearer API (RFC 6750).
const REALM: &str = "Bearer realm=\"commons\"";

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        Self::worded(status, code, Detail::Plain(detail.into()))
    }

    fn worded(status: StatusCode, code: &'static str, detail: Detail) -> Self {
        Self(Box::new(Refusal {
            status,
            code,
            detail,
            errors: None,
            headers: HeaderMap::new(),
        }))
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", detail)
    }

    pub fn not_found() -> Self {
        AppError::NotFound.into()
    }

    /// No credentials, or ones that open nothing: `invalid_token` when a token was given.
    pub fn unauthorized(token_given: bool) -> Self {
        let (challenge, detail) = if token_given {
            (
                format!("{REALM}, error=\"invalid_token\""),
                Detail::TokenNotValid,
            )
        } else {
            (REALM.to_owned(), Detail::NoCredentials)
        };
        Self::worded(StatusCode::UNAUTHORIZED, "unauthorized", detail)
            .with_header(header::WWW_AUTHENTICATE, challenge)
    }

    /// Email and password that open nothing (the same for an unknown email).
    pub fn invalid_credentials() -> Self {
        Self::worded(
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
            Detail::InvalidCredentials,
        )
        .with_header(header::WWW_AUTHENTICATE, REALM.to_owned())
    }

    /// A read-only token asked to write.
    pub fn insufficient_scope() -> Self {
        Self::worded(
            StatusCode::FORBIDDEN,
            "insufficient_scope",
            Detail::InsufficientScope,
        )
        .with_header(
            header::WWW_AUTHENTICATE,
            format!("{REALM}, error=\"insufficient_scope\", scope=\"read write\""),
        )
    }

    /// One field to correct.
    pub fn invalid_field(field: &str, refused: impl Into<Refused>) -> Self {
        AppError::invalid_field(field, refused).into()
    }

    /// A conflict with what exists, naming the field that conflicts.
    pub fn conflict(field: &str, refused: Refused) -> Self {
        let mut errors = FieldErrors::default();
        errors.insert(field, refused.clone());
        let mut conflict = Self::worded(StatusCode::CONFLICT, "conflict", Detail::Refused(refused));
        conflict.0.errors = Some(errors);
        conflict
    }

    /// The same problem, answered with `headers` too.
    pub fn with_headers(mut self, headers: HeaderMap) -> Self {
        self.0.headers.extend(headers);
        self
    }

    fn with_header(mut self, name: header::HeaderName, value: String) -> Self {
        if let Ok(value) = HeaderValue::from_str(&value) {
            self.0.headers.insert(name, value);
        }
        self
    }

    #[cfg(test)]
    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    #[cfg(test)]
    pub fn code(&self) -> &'static str {
        self.0.code
    }
}

/// The title every problem of a type shares.
fn title(code: &str) -> &'static str {
    match code {
        "bad_request" => "The request is not valid",
        "malformed_json" => "The body is not well-formed JSON",
        "invalid" => "The request has fields to correct",
        "unsupported_media_type" => "The body's content type is not accepted",
        "unauthorized" => "Authentication is required",
        "invalid_credentials" => "The credentials are not correct",
        "insufficient_scope" => "The access token's scope does not allow this",
        "forbidden" => "Not allowed",
        "not_found" => "Not found",
        "method_not_allowed" => "The method is not allowed here",
        "conflict" => "The request conflicts with what exists",
        "rate_limited" => "Too many requests",
        "too_large" => "The request is too large",
        "too_many" => "Too many at once",
        "unprocessable" => "The content cannot be used",
        "timed_out" => "The request took too long",
        "unavailable" => "The service is busy",
        _ => "Internal error",
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        let code = match &error {
            AppError::UnsupportedType(_) => "unsupported_media_type",
            other => other.code(),
        };
        if error == AppError::Unauthorized {
            return Self::unauthorized(false);
        }
        let status = error.status();
        let headers = error.rate_limit_headers();
        let errors = match &error {
            AppError::Invalid(errors) => Some(errors.clone()),
            _ => None,
        };
        let mut api = Self::worded(status, code, Detail::Failure(error));
        api.0.headers = headers;
        api.0.errors = errors;
        api
    }
}

impl From<ChatError> for ApiError {
    fn from(error: ChatError) -> Self {
        match error {
            ChatError::NameTaken => Self::conflict("name", Refused::RoomNameTaken),
            ChatError::UnknownUser => Self::invalid_field("user_id", Refused::NoSuchAccount),
            other => AppError::from(other).into(),
        }
    }
}

impl From<AccountsError> for ApiError {
    fn from(error: AccountsError) -> Self {
        match error {
            AccountsError::EmailTaken => Self::conflict("email", Refused::EmailTaken),
            // The account acting was deleted mid-request: its credentials open nothing now.
            AccountsError::UnknownUser => Self::unauthorized(true),
            other => AppError::from(other).into(),
        }
    }
}

impl From<UploadsError> for ApiError {
    fn from(error: UploadsError) -> Self {
        AppError::from(error).into()
    }
}

impl From<AccessTokenError> for ApiError {
    fn from(error: AccessTokenError) -> Self {
        AppError::from(error).into()
    }
}

impl IntoResponse for ApiError {
    /// In the language of the request being answered ([`crate::http::locale::current`]).
    fn into_response(self) -> Response {
        self.in_language(crate::http::locale::current())
    }
}

impl ApiError {
    /// The problem, worded in `language`.
    pub fn in_language(self, language: Locale) -> Response {
        let Refusal {
            status,
            code,
            detail,
            errors,
            headers,
        } = *self.0;
        let locale = language::of(language);
        let problem = Problem {
            kind: format!("urn:commons:problem:{code}"),
            title: title(code).to_owned(),
            status: status.as_u16(),
            detail: detail.in_language(language),
            errors: errors.map(|errors| {
                errors
                    .0
                    .iter()
                    .map(|(field, refused)| (field.clone(), say(locale, refused)))
                    .collect()
            }),
        };
        let mut response = (status, Json(problem)).into_response();
        let own = response.headers_mut();
        own.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        own.extend(headers);
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn body(error: ApiError) -> (StatusCode, HeaderMap, serde_json::Value) {
        let response = error.into_response();
        let (parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, usize::MAX)
            .await
            .expect("a body");
        (
            parts.status,
            parts.headers,
            serde_json::from_slice(&bytes).expect("JSON"),
        )
    }

    #[tokio::test]
    async fn a_problem_has_its_type_title_status_and_detail() {
        let (status, headers, json) = body(ApiError::not_found()).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(headers[header::CONTENT_TYPE], "application/problem+json");
        assert_eq!(json["type"], "urn:commons:problem:not_found");
        assert_eq!(json["title"], "Not found");
        assert_eq!(json["status"], 404);
        assert!(json.get("errors").is_none());
    }

    #[tokio::test]
    async fn field_errors_and_challenges_travel_with_the_problem() {
        let (status, _, json) = body(ApiError::invalid_field("name", "Give it a name.")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(json["errors"]["name"], "Give it a name.");

        let (status, headers, _) = body(ApiError::unauthorized(true)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            headers[header::WWW_AUTHENTICATE],
            "Bearer realm=\"commons\", error=\"invalid_token\""
        );
        let (_, headers, json) = body(AppError::Unauthorized.into()).await;
        assert_eq!(
            headers[header::WWW_AUTHENTICATE],
            "Bearer realm=\"commons\""
        );
        assert_eq!(json["status"], 401);
    }

    #[tokio::test]
    async fn internal_errors_say_nothing_of_their_cause() {
        let (status, _, json) = body(AppError::Internal.into()).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(json["type"], "urn:commons:problem:internal");
        assert_eq!(
            json["detail"],
            "Something went wrong on our side. Please try again."
        );
    }
}
