//! Opening a socket ([`Realtime::connect`], whatever path the application routes to it):
//! every check happens before the upgrade, so a refused client gets a plain HTTP status (and
//! its browser retries with backoff) and nothing is joined.

use std::sync::Arc;

use axum::{
    body::Body,
    extract::{Query, Request},
    http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header},
    response::{IntoResponse, Response},
};
use base64::{
    Engine,
    engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD},
};
use hyper_util::rt::TokioIo;
use pubsub::Subscriber;
use serde::Deserialize;
use tokio_tungstenite::{
    WebSocketStream,
    tungstenite::{
        handshake::derive_accept_key,
        protocol::{Role, WebSocketConfig},
    },
};

use crate::{Identity, Realtime, SocketHandler, connection::Connection, watch::Watch};

/// The subprotocol the JS client offers with `authToken`; we must choose it in our answer.
const PHOENIX_PROTOCOL: &str = "phoenix";
/// How the JS client's `authToken` travels: `Sec-WebSocket-Protocol: phoenix, <prefix><base64>`.
const AUTH_TOKEN_PREFIX: &str = "base64url.bearer.phx.";

#[derive(Deserialize)]
struct ConnectParams {
    vsn: Option<String>,
    token: Option<String>,
}

impl<H: SocketHandler> Realtime<H> {
    /// Answers a request to open a socket: refused with a plain status (400 not a `GET` or not
    /// an upgrade, 403 origin, version or token, 429 too many sockets for the person), or
    /// upgraded, with one task running the socket from then on. `hold` lives as long as the
    /// socket (e.g. its connection's place among the node's connections).
    pub async fn connect(
        self: &Arc<Self>,
        mut request: Request,
        hold: impl Send + 'static,
    ) -> Response {
        let headers = request.headers();
        if request.method() != Method::GET {
            return (StatusCode::BAD_REQUEST, "a socket is opened with GET").into_response();
        }
        if !self.handler.check_origin(headers) {
            return (StatusCode::FORBIDDEN, "this origin may not open a socket").into_response();
        }
        let Ok(Query(params)) = Query::<ConnectParams>::try_from_uri(request.uri()) else {
            return (StatusCode::BAD_REQUEST, "the query string is malformed").into_response();
        };
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
        let token = params.token.or_else(|| auth_token_protocol(headers));
        let Some(claims) = token
            .as_deref()
            .and_then(|token| self.handler.verify(token))
        else {
            return token_refused();
        };
        let Some(accept) = upgrade_accept(headers) else {
            return (StatusCode::BAD_REQUEST, "not a WebSocket upgrade").into_response();
        };
        let phoenix = offers_protocol(headers, PHOENIX_PROTOCOL);
        // Listen for what can end the socket before looking its user up: an end in between
        // would go unheard, and the socket outlive, say, its session.
        let (subscriber, subscription) = Subscriber::new();
        let watch = self
            .handler
            .id(&claims)
            .map(|topic| Watch::start(&self.pubsub, topic, &subscriber));
        let user = match self.handler.connect(claims).await {
            Ok(user) => user,
            Err(response) => return response,
        };
        let cap = self.config.sockets_per_person;
        let Some(counted) = self.online.try_enter(user.person(), cap) else {
            return too_many_sockets(cap);
        };
        let on_upgrade = hyper::upgrade::on(&mut request);
        let max_frame = self.config.max_frame_bytes;
        // Small buffers keep an idle socket cheap: the read buffer grows for the frames that
        // need more, and tungstenite's write buffer only ever holds control frames (pongs, the
        // close): data frames are written by the connection itself (see `outbox`).
        let config = WebSocketConfig::default()
            .read_buffer_size(crate::READ_BUFFER)
            .write_buffer_size(0)
            .max_message_size(Some(max_frame))
            .max_frame_size(Some(max_frame));
        let connection = Connection::new(self.clone(), user, subscriber, watch);
        self.sockets.spawn(async move {
            let upgraded = match on_upgrade.await {
                Ok(upgraded) => upgraded,
                Err(error) => {
                    tracing::debug!(%error, "the upgrade failed");
                    return;
                }
            };
            let ws = WebSocketStream::from_raw_socket(
                TokioIo::new(upgraded),
                Role::Server,
                Some(config),
            )
            .await;
            let (_counted, _held) = (counted, hold);
            connection.run(ws, subscription).await;
        });
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
        let answer = response.headers_mut();
        answer.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
        answer.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
        answer.insert(header::SEC_WEBSOCKET_ACCEPT, accept);
        if phoenix {
            answer.insert(
                header::SEC_WEBSOCKET_PROTOCOL,
                HeaderValue::from_static(PHOENIX_PROTOCOL),
            );
        }
        response
    }
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
fn upgrade_accept(headers: &HeaderMap) -> Option<HeaderValue> {
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
    HeaderValue::from_str(&derive_accept_key(key.as_bytes())).ok()
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

/// The answer to a socket whose token opens nothing (none, forged, expired, or naming what has
/// ended): 403, the same whatever the reason.
pub fn token_refused() -> Response {
    (StatusCode::FORBIDDEN, "a valid socket token is required").into_response()
}
