//! `GET /socket/token`: a fresh socket token for the signed-in user. Clients fetch one before
//! each (re)connect, so a token never needs to outlive the page that asked for it. A cross-site
//! page cannot read the answer (no CORS), and only the session cookie proves who asks.

use app::auth::CurrentUser;
use axum::{
    Extension, Json,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;

use crate::startup::AppState;

pub async fn issue(
    State(state): State<AppState>,
    user: Option<Extension<CurrentUser>>,
) -> Response {
    let Some(Extension(user)) = user else {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({ "error": "sign in first" })),
        )
            .into_response();
    };
    let token = state
        .realtime
        .tokens
        .sign(user.id, chrono::Utc::now().timestamp());
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({ "token": token })),
    )
        .into_response()
}
