//! `GET /socket/websocket`: every check happens before the upgrade, so a refused client gets a
//! plain HTTP status (and its browser retries with backoff) and nothing is joined.

use axum::{
    body::Body,
    extract::{Query, Request, State},
    http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header},
    response::{IntoResponse, Response},
};
use base64::{
    Engine,
    engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD},
};
use domain::{Scope, pubsub::Subscriber, sessions};
use hyper_util::rt::TokioIo;
use serde::Deserialize;
use tokio_tungstenite::{
    WebSocketStream,
    tungstenite::{
        handshake::derive_accept_key,
        protocol::{Role, WebSocketConfig},
    },
};

use super::{
    channel::SocketUser, connection::Connection, session_watch::SessionWatch, token::SocketClaims,
};
use crate::{
    http::{origin, serve::ConnectionSlot},
    startup::AppState,
};

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
    mut request: Request,
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
    let Some(claims) = token
        .as_deref()
        .and_then(|token| verify_token(&state, token))
    else {
        return refused();
    };
    let Some(accept) = upgrade_accept(&headers) else {
        return (StatusCode::BAD_REQUEST, "not a WebSocket upgrade").into_response();
    };
    // Listen for the session's end before checking that it is live: an end between the check
    // and the subscription would go unheard, and the socket outlive its session.
    let (subscriber, subscription) = Subscriber::new();
    let watch = SessionWatch::start(&state.realtime.pubsub, claims.user_id, &subscriber);
    let user = match live_session(&state, claims).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let cap = state.limits.sockets_per_person;
    let Some(counted) = state.realtime.online.try_enter(user.scope.user_id, cap) else {
        return too_many_sockets(cap);
    };
    let on_upgrade = hyper::upgrade::on(&mut request);
    // The socket goes on holding its connection's place among the node's connections.
    let slot = request.extensions().get::<ConnectionSlot>().cloned();
    let limits = &state.settings.realtime;
    let max_frame = limits.max_frame_bytes;
    // Small buffers keep an idle socket cheap: the read buffer grows for the frames that need
    // more, and tungstenite's write buffer only ever holds control frames (pongs, the close):
    // data frames are written by the connection itself (see `outbox`).
    let config = WebSocketConfig::default()
        .read_buffer_size(super::READ_BUFFER)
        .write_buffer_size(0)
        .max_message_size(Some(max_frame))
        .max_frame_size(Some(max_frame));
    let realtime = state.realtime.clone();
    let connection = Connection::new(state, user, subscriber, watch);
    realtime.sockets.spawn(async move {
        let upgraded = match on_upgrade.await {
            Ok(upgraded) => upgraded,
            Err(error) => {
                tracing::debug!(%error, "the upgrade failed");
                return;
            }
        };
        let ws =
            WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Server, Some(config))
                .await;
        let (_counted, _slot) = (counted, slot);
        connection.run(ws, subscription).await;
    });
    let mut response = Response::builder()
        .status(StatusCode::SWITCHING_PROTOCOLS)
        .header(header::CONNECTION, HeaderValue::from_static("upgrade"))
        .header(header::UPGRADE, HeaderValue::from_static("websocket"))
        .header(header::SEC_WEBSOCKET_ACCEPT, accept)
        .body(Body::empty())
        .unwrap_or_else(|_| unreachable!("static, valid headers"));
    if offers_protocol(&headers, PHOENIX_PROTOCOL) {
        response.headers_mut().insert(
            header::SEC_WEBSOCKET_PROTOCOL,
            HeaderValue::from_static(PHOENIX_PROTOCOL),
        );
    }
    response
}

/// How long a client refused for having too many sockets should wait: the time it takes a
/// closed tab's socket to be noticed.
const SOCKETS_RETRY_AFTER_SECS: u32 = 5;

/// 429 for a person who already has `cap` sockets open here; the JS client retries on its
/// backoff, and gets in once one of the others closes.
fn too_many_sockets(cap: usize) -> Response {
    let cap = u32::try_from(cap).unwrap_or(u32::MAX);
    (
        StatusCode::TOO_MANY_REQUESTS,
        [
            (header::RETRY_AFTER, SOCKETS_RETRY_AFTER_SECS),
            (HeaderName::from_static("x-ratelimit-limit"), cap),
            (HeaderName::from_static("x-ratelimit-remaining"), 0),
            (
                HeaderName::from_static("x-ratelimit-reset"),
                SOCKETS_RETRY_AFTER_SECS,
            ),
        ],
        "too many sockets open for this account",
    )
        .into_response()
}

/// The `Sec-WebSocket-Accept` answer to an HTTP/1.1 WebSocket upgrade (RFC 6455 4.2.1), or
/// `None` if the request is not one.
fn upgrade_accept(headers: &HeaderMap) -> Option<String> {
    let has_token = |name: header::HeaderName, token: &str| {
        headers
            .get_all(name)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(token))
    };
    let version_13 = headers
        .get(header::SEC_WEBSOCKET_VERSION)
        .is_some_and(|version| version == "13");
    if !(has_token(header::CONNECTION, "upgrade")
        && has_token(header::UPGRADE, "websocket")
        && version_13)
    {
        return None;
    }
    let key = headers.get(header::SEC_WEBSOCKET_KEY)?;
    Some(derive_accept_key(key.as_bytes()))
}

/// Whether the client offered `protocol` in `Sec-WebSocket-Protocol`.
fn offers_protocol(headers: &HeaderMap, protocol: &str) -> bool {
    headers
        .get_all(header::SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|offered| offered.trim() == protocol)
}

/// Whether `Origin` is absent (not a browser), the server's own (scheme, host and port), or
/// configured as allowed.
fn origin_allowed(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    origin::is_own(origin, headers)
        || state
            .settings
            .realtime
            .allowed_origins
            .iter()
            .any(|allowed| allowed.trim_end_matches('/').eq_ignore_ascii_case(origin))
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

fn refused() -> Response {
    (StatusCode::FORBIDDEN, "a valid socket token is required").into_response()
}

/// What a token made by this node, and not expired, says (no database yet).
fn verify_token(state: &AppState, token: &str) -> Option<SocketClaims> {
    let now = chrono::Utc::now().timestamp();
    let max_age = state.settings.realtime.token_max_age();
    let data = state.realtime.tokens.verify(token, max_age, now).ok()?;
    SocketClaims::decode(&data)
}

/// Who the token's session signs in, if that session is still live.
async fn live_session(state: &AppState, claims: SocketClaims) -> Result<SocketUser, Response> {
    match sessions::socket_user(&state.db, claims.user_id, &claims.session).await {
        Ok(Some(user)) => Ok(SocketUser {
            scope: Scope::for_user(&user),
            name: user.name,
            session: claims.session,
        }),
        Ok(None) => Err(refused()),
        Err(error) => Err(app::AppError::from(error).into_response()),
    }
}
