//! Gives every request an id (cookbook recipe 37): the caller's `x-request-id` when it is sane,
//! a fresh UUID otherwise. The id is on every log line of the request and echoed in the response.

use std::time::Instant;

use axum::{extract::Request, response::Response};
use http::{HeaderName, HeaderValue};
use tracing::Span;
use uuid::Builder;

pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Accepts ids of 1–128 characters from `[A-Za-z0-9._:-]`; anything else could forge or
/// flood log lines, and is replaced.
fn acceptable(value: &HeaderValue) -> bool {
    let bytes = value.as_bytes();
    (1..=128).contains(&bytes.len())
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'))
}

/// The request's id: the caller's own when it is acceptable, else a new random one.
pub fn of(request: &Request) -> HeaderValue {
    request
        .headers()
        .get(&X_REQUEST_ID)
        .filter(|value| acceptable(value))
        .cloned()
        .unwrap_or_else(|| {
            // A version-4 UUID from the thread's generator: `Uuid::new_v4` asks the kernel
            // for its bytes, a system call on every request.
            let id = Builder::from_random_bytes(rand::random()).into_uuid();
            HeaderValue::try_from(id.to_string()).expect("a UUID is a valid header value")
        })
}

/// The span every log line of the request is recorded in.
pub fn span(id: &HeaderValue, request: &Request) -> Span {
    tracing::info_span!(
        "request",
        request_id = %String::from_utf8_lossy(id.as_bytes()),
        method = %request.method(),
        path = %request.uri().path(),
    )
}

/// Logs the answer (inside the request's span) and echoes the id in it.
pub fn finish(response: &mut Response, id: HeaderValue, started: Instant) {
    tracing::info!(
        status = response.status().as_u16(),
        latency_ms = started.elapsed().as_secs_f64() * 1000.0,
        "request finished"
    );
    response.headers_mut().insert(X_REQUEST_ID.clone(), id);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_ids_are_accepted() {
        assert!(acceptable(&HeaderValue::from_static(
            "3f1c9a2e-7b7d-4c44-9f0e-1d2a3b4c5d6e"
        )));
        assert!(acceptable(&HeaderValue::from_static("trace.01:abc_DEF")));
    }

    #[test]
    fn empty_long_or_odd_ids_are_replaced() {
        assert!(!acceptable(&HeaderValue::from_static("")));
        assert!(!acceptable(&HeaderValue::from_static("has space")));
        assert!(!acceptable(&HeaderValue::from_static("line\tbreak")));
        assert!(!acceptable(
            &HeaderValue::from_str(&"a".repeat(129)).expect("ascii")
        ));
    }
}
