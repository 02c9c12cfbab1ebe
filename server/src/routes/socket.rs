//! The socket's two routes: the upgrade, which the engine answers, and the token a page fetches
//! before each (re)connect, so a token never needs to outlive the page that asked for it. A
//! cross-site page cannot read the token (no CORS), and only the session cookie proves who asks.

use axum::{
    Extension, Json,
    extract::{Request, State},
    http::header,
    response::{IntoResponse, Response},
};
use domain::sessions::SessionId;
use serde_json::json;

use crate::{
    http::{extract::SignedIn, serve::ConnectionSlot},
    state::AppState,
    user_socket::SocketClaims,
};

/// `GET /socket/websocket`: the socket keeps its connection's place among the node's
/// connections for its whole life.
pub(super) async fn connect(State(state): State<AppState>, request: Request) -> Response {
    let slot = request.extensions().get::<ConnectionSlot>().cloned();
    state.realtime.connect(request, slot).await
}

/// `GET /socket/token`: a fresh token for the signed-in session.
pub(super) async fn issue_token(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Extension(session): Extension<SessionId>,
) -> Response {
    let token = state.realtime.handler().sign(&SocketClaims {
        user_id: user.id,
        session,
    });
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({ "token": token })),
    )
        .into_response()
}
