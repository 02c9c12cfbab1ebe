//! `GET /metrics`: the node's figures for Prometheus to scrape. They include what only admins
//! see on the dashboard (the process's memory, the database pool), so a scraper shows the
//! bearer token of the settings (`node.metrics_token`), or the request is an admin's session.

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};

use crate::{http::extract::MaybeSignedIn, state::AppState};

pub(super) async fn metrics(
    State(state): State<AppState>,
    MaybeSignedIn(user): MaybeSignedIn,
    headers: HeaderMap,
) -> Response {
    let scraper = bearer_matches(&state, &headers);
    let admin = user.as_ref().is_some_and(|user| user.is_admin);
    if !(scraper || admin) {
        return refusal(user.is_some());
    }
    match state.metrics.exporter.render() {
        Ok((text, content_type)) => ([(header::CONTENT_TYPE, content_type)], text).into_response(),
        Err(error) => {
            tracing::error!(
                error = &error as &dyn std::error::Error,
                "encoding the metrics failed"
            );
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Whether the request carries the configured bearer token. The two are compared as SHA-256
/// digests, so the comparison's time tells nothing about the token.
fn bearer_matches(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(expected) = &state.settings.node.metrics_token else {
        return false;
    };
    headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .is_some_and(|given| {
            Sha256::digest(given.trim().as_bytes())
                == Sha256::digest(expected.expose_secret().as_bytes())
        })
}

/// 403 for a signed-in person who is not an admin; 401 with a bearer challenge for anyone else.
fn refusal(signed_in: bool) -> Response {
    if signed_in {
        return (StatusCode::FORBIDDEN, "admins only").into_response();
    }
    (
        StatusCode::UNAUTHORIZED,
        [(header::WWW_AUTHENTICATE, "Bearer realm=\"metrics\"")],
        "the metrics need the scrape token or an admin's session",
    )
        .into_response()
}
