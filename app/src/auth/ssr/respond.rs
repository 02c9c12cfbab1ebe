//! The answers the account flows give outside Leptos, shared by the server functions and the
//! server's plain HTTP handlers.

use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, StatusCode, header};

use crate::auth::sign_in_path;

/// 303 to `location` (a form post's answer: the browser follows it with a GET), setting
/// `cookies`.
pub fn see_other(location: &str, cookies: impl IntoIterator<Item = HeaderValue>) -> Response {
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response();
    for cookie in cookies {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// 303 to the sign-in page, which comes back to `return_to` (a local path) afterwards.
pub fn to_sign_in(return_to: &str) -> Response {
    see_other(&sign_in_path(return_to), [])
}

/// The browser's own description, kept with a session so a person can tell their sessions
/// apart.
pub fn user_agent(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::USER_AGENT)
        .and_then(|agent| agent.to_str().ok())
}
