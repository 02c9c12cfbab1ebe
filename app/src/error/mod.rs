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
/// something went wrong, and the cause is logged with the request id instead. What a person
/// could act on is a [`Refusal`] (a code with its values), worded in the reader's language by
/// [`crate::refusals::failure`]; `Display` is its English, for logs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    /// A request refused as it is: wrong credentials, a filter that matches nothing, or what
    /// only the program that sent it can fix (unreadable arguments: `Refusal::Said`, English).
    BadRequest(Refusal),
    /// A form with fields to correct; each refusal names what is wrong with its field.
    Invalid(FieldErrors),
    /// Over a rate limit of `limit`; another try is let through after `retry_after_secs`.
    RateLimited {
        limit: u32,
        retry_after_secs: u64,
    },
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict(Refusal),
    /// A body over a size limit or a quota.
    TooLarge(Refusal),
    /// Content of a type not accepted (or not what it claims to be).
    UnsupportedType(Refusal),
    /// More at once than allowed (uploads in progress).
    TooMany(Refusal),
    /// Well-formed but unusable content (a picture that cannot be read).
    Unprocessable(Refusal),
    /// The client stopped sending in the middle of a request.
    TimedOut(Refusal),
    Unavailable,
    Internal,
    /// The browser could not reach the server or understand its answer.
    Network,
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::refusals::failure(crate::i18n::Locale::en, self))
    }
}

impl std::error::Error for AppError {}

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
                Self::BadRequest(Refusal::Said { words: message })
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
