//! `GET /socket/websocket`: every check happens before the upgrade, so a refused client gets a
//! plain HTTP status (and its browser retries with backoff) and nothing is joined.

use axum::{
    extract::{
        Query, State,
        ws::{WebSocketUpgrade, rejection::WebSocketUpgradeRejection},
    },
    http::{HeaderMap, Method, StatusCode, header},
    response::{IntoResponse, Response},
};
use base64::{
    Engine,
    engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD},
};
use domain::{Scope, accounts};
use serde::Deserialize;

use super::{channel::SocketUser, connection::Connection};
use crate::startup::AppState;

/// The subprotocol the JS client offers with `authToken`; we must choose it in our answer.
const PHOENIX_PROTOCOL: &str = "phoenix";
/// How the JS client's `authToken` travels: `Sec-WebSocket-Protocol: phoenix, <prefix><base64>`.
const AUTH_TOKEN_PREFIX: &str = "base64url.bearer.phx.";

#[derive(Deserialize)]
pub struct ConnectParams {
    vsn: Option<String>,
    token: Option<String>,
}

pub async fn connect(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    Query(params): Query<ConnectParams>,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    if method != Method::GET {
        return (StatusCode::BAD_REQUEST, "a socket is opened with GET").into_response();
    }
    if !origin_allowed(&state, &headers) {
        return (StatusCode::FORBIDDEN, "this origin may not open a socket").into_response();
    }
    if !params
        .vsn
        .as_deref()
        .is_some_and(|vsn| vsn.starts_with("2."))
    {
        return (
            StatusCode::FORBIDDEN,
            "only protocol version 2.x is spoken here",
        )
            .into_response();
    }
    let token = params.token.or_else(|| auth_token_protocol(&headers));
    let user = match authenticate(&state, token.as_deref()).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let upgrade = match upgrade {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    let limits = &state.settings.realtime;
    let max_frame = limits.max_frame_bytes;
    let upgrade = upgrade
        .protocols([PHOENIX_PROTOCOL])
        // Small buffers keep an idle socket cheap; they grow for the frames that need more.
        .read_buffer_size(super::READ_BUFFER)
        .write_buffer_size(0)
        .max_message_size(max_frame)
        .max_frame_size(max_frame);
    let realtime = state.realtime.clone();
    let (connection, subscription) = Connection::new(state, user);
    upgrade.on_upgrade(move |socket| {
        realtime
            .sockets
            .track_future(connection.run(socket, subscription))
    })
}

/// Whether `Origin` is absent (not a browser), the server's own, or configured as allowed.
fn origin_allowed(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let own = headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .and_then(|host| origin.split_once("://").map(|(_, rest)| rest == host))
        .unwrap_or(false);
    own || state
        .settings
        .realtime
        .allowed_origins
        .iter()
        .any(|allowed| allowed.trim_end_matches('/') == origin)
}

/// The token carried as a subprotocol, if the client offered one.
fn auth_token_protocol(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .find_map(|protocol| protocol.trim().strip_prefix(AUTH_TOKEN_PREFIX))
        .and_then(|encoded| {
            // The JS client uses the standard alphabet despite the prefix's name; accept both.
            let encoded = encoded.trim_end_matches('=');
            URL_SAFE_NO_PAD
                .decode(encoded)
                .or_else(|_| STANDARD_NO_PAD.decode(encoded))
                .ok()
        })
        .and_then(|bytes| String::from_utf8(bytes).ok())
}

async fn authenticate(state: &AppState, token: Option<&str>) -> Result<SocketUser, Response> {
    let refused = || (StatusCode::FORBIDDEN, "a valid socket token is required").into_response();
    let token = token.ok_or_else(refused)?;
    let now = chrono::Utc::now().timestamp();
    let max_age = state.settings.realtime.token_max_age();
    let user_id = state
        .realtime
        .tokens
        .verify(token, max_age, now)
        .map_err(|_| refused())?;
    match accounts::active_user(&state.db, user_id).await {
        Ok(Some(user)) => Ok(SocketUser {
            scope: Scope::for_user(&user),
            name: user.name,
        }),
        Ok(None) => Err(refused()),
        Err(error) => Err(app::AppError::from(error).into_response()),
    }
}
