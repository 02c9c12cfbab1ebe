//! `GET /socket/token`: a fresh socket token for the signed-in session. Clients fetch one
//! before each (re)connect, so a token never needs to outlive the page that asked for it. A
//! cross-site page cannot read the answer (no CORS), and only the session cookie proves who
//! asks. The token names the session, not the person: once the session ends (sign-out, sign
//! out everywhere, a password change) the token opens nothing, on any node.

use axum::{
    Extension, Json,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use domain::sessions::SessionId;
use serde_json::json;

use crate::startup::AppState;

pub async fn issue(
    State(state): State<AppState>,
    session: Option<Extension<SessionId>>,
) -> Response {
    let Some(Extension(session)) = session else {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({ "error": "sign in first" })),
        )
            .into_response();
    };
    let token = state
        .realtime
        .tokens
        .sign(session.as_str(), chrono::Utc::now().timestamp());
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({ "token": token })),
    )
        .into_response()
}
