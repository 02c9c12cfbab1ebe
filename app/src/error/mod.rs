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
use model::{accounts::FieldErrors, refusal::Refusal};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod ssr;
#[cfg(feature = "ssr")]
pub(crate) use ssr::answer_with_status;
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
    /// Over a rate limit of `limit`; another try is let through after `retry_after_secs`.
    #[error("Too many attempts. Please try again in {}.", wait_in_words(*.retry_after_secs))]
    RateLimited { limit: u32, retry_after_secs: u64 },
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
    /// The client stopped sending in the middle of a request.
    #[error("{0}")]
    TimedOut(String),
    #[error("The service is busy right now. Please try again in a moment.")]
    Unavailable,
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    /// The browser could not reach the server or understand its answer.
    #[error("Could not reach the server. Check your connection and try again.")]
    Network,
}

/// "1 second", "40 seconds", "1 minute", "15 minutes": how long a wait reads.
fn wait_in_words(secs: u64) -> String {
    match secs {
        0 | 1 => "1 second".to_owned(),
        2..=59 => format!("{secs} seconds"),
        _ => match secs.div_ceil(60) {
            1 => "1 minute".to_owned(),
            minutes => format!("{minutes} minutes"),
        },
    }
}

impl AppError {
    /// A form refused for one field, with what is wrong with it.
    pub fn invalid_field(field: &str, refusal: impl Into<Refusal>) -> Self {
        let mut errors = FieldErrors::default();
        errors.insert(field, refusal);
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
            Self::TimedOut(_) => "timed_out",
            Self::Unavailable => "unavailable",
            Self::Internal => "internal",
            Self::Network => "network",
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// On the server these are the caller's mistakes — arguments that do not parse, a body
    /// that cannot be read or is over the size limit — and answer 400 or 413 (never a 5xx);
    /// in the browser they are a failed round trip.
    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        let error = match error {
            ServerFnErrorErr::Args(message) | ServerFnErrorErr::MissingArg(message) => {
                Self::BadRequest(message)
            }
            ServerFnErrorErr::Registration(_) | ServerFnErrorErr::UnsupportedRequestMethod(_) => {
                Self::NotFound
            }
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(message) => ssr::unreadable_request(&message),
            #[cfg(not(feature = "ssr"))]
            ServerFnErrorErr::Deserialization(_) => Self::Network,
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => Self::Network,
            ServerFnErrorErr::ServerError(_)
            | ServerFnErrorErr::MiddlewareError(_)
            | ServerFnErrorErr::Serialization(_) => Self::Internal,
        };
        #[cfg(feature = "ssr")]
        ssr::answer_with_status(&error);
        error
    }
}

#[cfg(test)]
mod tests {
    use super::AppError;

    #[test]
    fn a_rate_limit_says_how_long_to_wait_in_words() {
        let after = |retry_after_secs| {
            AppError::RateLimited {
                limit: 5,
                retry_after_secs,
            }
            .to_string()
        };
        assert_eq!(after(1), "Too many attempts. Please try again in 1 second.");
        assert_eq!(
            after(40),
            "Too many attempts. Please try again in 40 seconds."
        );
        assert_eq!(
            after(60),
            "Too many attempts. Please try again in 1 minute."
        );
        assert_eq!(
            after(61),
            "Too many attempts. Please try again in 2 minutes."
        );
        assert_eq!(
            after(900),
            "Too many attempts. Please try again in 15 minutes."
        );
    }
}
