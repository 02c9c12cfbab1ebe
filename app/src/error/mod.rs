//! The one error type at the edge: what every HTTP handler and server function returns.
//!
//! Domain modules keep their own `thiserror` enums; the edge maps each case once, here, to a
//! status and a message a person can act on. It lives in the UI crate because server functions
//! name it in the browser build too; its server half (HTTP responses and the mapping from domain
//! errors) sits behind the `ssr` feature in [`ssr`].

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use model::accounts::FieldErrors;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod ssr;
#[cfg(feature = "ssr")]
pub use ssr::chain;

/// A failure as the user may see it. Messages never carry internals: a 5xx says only that
/// something went wrong, and the cause is logged with the request id instead.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("{0}")]
    BadRequest(String),
    /// A form with fields to correct; each message names what is wrong with its field.
    #[error("Please correct the highlighted fields.")]
    Invalid(FieldErrors),
    #[error("Too many attempts. Please try again in {} minute(s).", .retry_after_secs.div_ceil(60))]
    RateLimited { retry_after_secs: u64 },
    #[error("Please sign in first.")]
    Unauthorized,
    #[error("You are not allowed to do that.")]
    Forbidden,
    #[error("We could not find that.")]
    NotFound,
    #[error("{0}")]
    Conflict(String),
    /// A body over a size limit or a quota.
    #[error("{0}")]
    TooLarge(String),
    /// Content of a type not accepted (or not what it claims to be).
    #[error("{0}")]
    UnsupportedType(String),
    /// More at once than allowed (uploads in progress).
    #[error("{0}")]
    TooMany(String),
    /// Well-formed but unusable content (a picture that cannot be read).
    #[error("{0}")]
    Unprocessable(String),
    #[error("The service is busy right now. Please try again in a moment.")]
    Unavailable,
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    /// The browser could not reach the server or understand its answer.
    #[error("Could not reach the server. Check your connection and try again.")]
    Network,
}

impl AppError {
    /// A form refused for one field, with what is wrong with it.
    pub fn invalid_field(field: &str, message: impl ToString) -> Self {
        let mut errors = FieldErrors::default();
        errors.insert(field, message);
        Self::Invalid(errors)
    }

    /// A stable, machine-readable name for the case, sent beside the message.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "bad_request",
            Self::Invalid(_) => "invalid",
            Self::RateLimited { .. } => "rate_limited",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::Conflict(_) => "conflict",
            Self::TooLarge(_) => "too_large",
            Self::UnsupportedType(_) => "unsupported_type",
            Self::TooMany(_) => "too_many",
            Self::Unprocessable(_) => "unprocessable",
            Self::Unavailable => "unavailable",
            Self::Internal => "internal",
            Self::Network => "network",
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        match error {
            ServerFnErrorErr::Args(message) | ServerFnErrorErr::MissingArg(message) => {
                Self::BadRequest(message)
            }
            ServerFnErrorErr::Registration(_) | ServerFnErrorErr::UnsupportedRequestMethod(_) => {
                Self::NotFound
            }
            ServerFnErrorErr::Request(_)
            | ServerFnErrorErr::Response(_)
            | ServerFnErrorErr::Deserialization(_) => Self::Network,
            ServerFnErrorErr::ServerError(_)
            | ServerFnErrorErr::MiddlewareError(_)
            | ServerFnErrorErr::Serialization(_) => Self::Internal,
        }
    }
}
