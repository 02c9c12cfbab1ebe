//! The server half of [`AppError`]: HTTP responses, and the one mapping from domain errors.

use std::error::Error;

use axum::{
    Json,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use domain::{
    access_tokens::{self, AccessTokenError},
    accounts::{self, AccountsError},
    chat::ChatError,
    db::DbError,
    schedules::{self, ScheduleError},
    uploads::UploadsError,
};
use model::{
    accounts::{PasswordChangeForm, RegistrationForm, ResetPasswordForm},
    refusal::Refusal,
    schedules::ScheduleInput,
};
use serde_json::json;

use super::AppError;

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TimedOut(_) => StatusCode::REQUEST_TIMEOUT,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal | Self::Network => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Logs `cause` with its whole chain (inside the request's span, so with its id) and
    /// returns the opaque error the client gets.
    pub fn internal(cause: &(dyn Error + 'static)) -> Self {
        tracing::error!(error = %chain(cause), "internal error");
        Self::Internal
    }
}

/// A server function's request body that could not be read: over the body limit (axum's,
/// 2 MB, which server functions read under), or not text.
pub(super) fn unreadable_request(message: &str) -> AppError {
    if message.contains("length limit exceeded") {
        AppError::TooLarge(Refusal::RequestTooLarge)
    } else {
        AppError::BadRequest(Refusal::RequestUnreadable)
    }
}

/// Gives the server function's answer `error`'s status (and rate-limit headers): errors the
/// server-function machinery raises itself would otherwise all answer 500.
pub(crate) fn answer_with_status(error: &AppError) {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(error.status());
        for (name, value) in &error.rate_limit_headers() {
            response.insert_header(name.clone(), value.clone());
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let fields = match &self {
            Self::Invalid(errors) => Some(&errors.0),
            _ => None,
        };
        let body = json!({ "error": { "code": self.code(), "message": self.to_string(), "fields": fields } });
        let mut response = (self.status(), Json(body)).into_response();
        response.headers_mut().extend(self.rate_limit_headers());
        // What it was, for a layer that answers in another shape (the API's problems).
        response.extensions_mut().insert(self);
        response
    }
}

impl AppError {
    /// For a rate-limit refusal, the headers that say so (`retry-after`, `x-ratelimit-*`);
    /// nothing for any other error.
    pub fn rate_limit_headers(&self) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Self::RateLimited {
            limit,
            retry_after_secs,
        } = *self
        {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            headers.insert("x-ratelimit-limit", HeaderValue::from(limit));
            headers.insert("x-ratelimit-remaining", HeaderValue::from(0));
            headers.insert("x-ratelimit-reset", HeaderValue::from(retry_after_secs));
        }
        headers
    }
}

impl From<AccountsError> for AppError {
    fn from(error: AccountsError) -> Self {
        match error {
            AccountsError::EmailTaken => {
                Self::invalid_field(RegistrationForm::EMAIL, Refusal::EmailTaken)
            }
            AccountsError::InvalidCredentials => Self::BadRequest(Refusal::InvalidCredentials),
            AccountsError::WrongCurrentPassword => Self::invalid_field(
                PasswordChangeForm::CURRENT_PASSWORD,
                Refusal::WrongCurrentPassword,
            ),
            AccountsError::InvalidResetToken => {
                Self::invalid_field(ResetPasswordForm::TOKEN, Refusal::ResetLinkSpent)
            }
            AccountsError::UnknownUser => Self::Unauthorized,
            AccountsError::NotFound => Self::NotFound,
            AccountsError::Forbidden => Self::Forbidden,
            AccountsError::OwnAccount => Self::Conflict(Refusal::OwnAccount),
            AccountsError::LastAdmin => Self::Conflict(Refusal::LastAdmin),
            AccountsError::TooManyAttempts { retry_after } => Self::RateLimited {
                limit: u32::try_from(accounts::MAX_FAILURES).unwrap_or(u32::MAX),
                retry_after_secs: retry_after.as_secs().max(1),
            },
            AccountsError::Db(error) => error.into(),
            AccountsError::Hashing(_) | AccountsError::Uploads(_) => Self::internal(&error),
        }
    }
}

impl From<ChatError> for AppError {
    fn from(error: ChatError) -> Self {
        match error {
            ChatError::NotFound | ChatError::Unauthorized => Self::NotFound,
            ChatError::Forbidden | ChatError::NotAuthor => Self::Forbidden,
            ChatError::NameTaken => Self::invalid_field("name", Refusal::RoomNameTaken),
            ChatError::UnknownUser => Self::BadRequest(Refusal::NoSuchAccount),
            ChatError::Db(error) => error.into(),
        }
    }
}

impl From<AccessTokenError> for AppError {
    fn from(error: AccessTokenError) -> Self {
        match error {
            AccessTokenError::NotFound => Self::NotFound,
            AccessTokenError::TooMany => Self::Conflict(Refusal::TooManyTokens {
                max: usize::try_from(access_tokens::MAX_PER_PERSON).unwrap_or(usize::MAX),
            }),
            AccessTokenError::Db(error) => error.into(),
        }
    }
}

impl From<UploadsError> for AppError {
    fn from(error: UploadsError) -> Self {
        match error {
            UploadsError::TooLarge { limit } => {
                Self::TooLarge(Refusal::FileTooLarge { max_bytes: limit })
            }
            UploadsError::QuotaExceeded { used, quota } => Self::TooLarge(Refusal::QuotaExceeded {
                used_bytes: used,
                quota_bytes: quota,
            }),
            UploadsError::NotAccepted => Self::UnsupportedType(Refusal::FileTypeNotAccepted),
            UploadsError::ContentMismatch { extension, .. } => {
                Self::UnsupportedType(Refusal::FileContentMismatch {
                    extension: extension.to_owned(),
                })
            }
            UploadsError::TooMany { max } => Self::TooMany(Refusal::TooManyFiles { max }),
            UploadsError::Empty => Self::Unprocessable(Refusal::FileEmpty),
            UploadsError::NotAnImage => Self::Unprocessable(Refusal::PictureUnreadable),
            UploadsError::TooManyPixels { max } => Self::Unprocessable(Refusal::PictureTooLarge {
                max_megapixels: max / 1_000_000,
            }),
            UploadsError::NotFound => Self::NotFound,
            UploadsError::OwnerGone => Self::Unauthorized,
            UploadsError::Db(error) => error.into(),
            UploadsError::Storage(_) => Self::internal(&error),
        }
    }
}

impl From<ScheduleError> for AppError {
    fn from(error: ScheduleError) -> Self {
        match error {
            ScheduleError::InvalidCron(detail) => {
                Self::invalid_field(ScheduleInput::CRON, Refusal::CronInvalid { detail })
            }
            ScheduleError::UnknownTimeZone(zone) => {
                Self::invalid_field(ScheduleInput::TIMEZONE, Refusal::TimeZoneUnknown { zone })
            }
            ScheduleError::InvalidName => Self::invalid_field(
                ScheduleInput::NAME,
                Refusal::ScheduleNameInvalid {
                    max: schedules::MAX_NAME_CHARS,
                },
            ),
            ScheduleError::NameTaken => {
                Self::invalid_field(ScheduleInput::NAME, Refusal::ScheduleNameTaken)
            }
            ScheduleError::NotFound => Self::NotFound,
            ScheduleError::Builtin => Self::Conflict(Refusal::ScheduleBuiltin),
            ScheduleError::Forbidden => Self::Forbidden,
            ScheduleError::Db(error) => error.into(),
        }
    }
}

impl From<DbError> for AppError {
    fn from(error: DbError) -> Self {
        if error.is_pool_exhausted() {
            tracing::warn!(error = %chain(&error), "database pool exhausted");
            Self::Unavailable
        } else {
            Self::internal(&error)
        }
    }
}

/// `outer: inner: root`, the way an operator wants to read a failure.
pub use ops::error_chain as chain;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_never_carry_their_cause_to_the_client() {
        let cause =
            DbError::CreateDir("/srv/secret-xyz".into(), std::io::Error::other("disk full"));
        let error = AppError::from(cause);
        assert_eq!(error, AppError::Internal);
        assert!(!error.to_string().contains("xyz"));
        assert_eq!(error.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn the_cause_chain_reads_outermost_first() {
        let cause = DbError::CreateDir("data".into(), std::io::Error::other("disk full"));
        assert_eq!(
            chain(&cause),
            "could not create the database directory data: disk full"
        );
    }
}
