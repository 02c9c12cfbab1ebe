//! The real-time edge (cookbook recipes 27 and 29): a WebSocket endpoint that speaks the Phoenix
//! Channels protocol V2 (`shared/PROTOCOL.md`), so the official `phoenix` JS client and our own
//! browser client both work against it. Channels are routed by topic; broadcasts come from the
//! domain through [`PubSub`]; presence is tracked per topic.

mod channel;
mod connection;
mod endpoint;
mod online;
mod outbox;
mod presence;
mod session_watch;
mod token;

pub use channel::{
    Channel, ChannelCtx, ChannelFailure, ChannelRouter, Join, Joined, Outbound, Reply, SocketUser,
    Tracked, json_payload,
};
pub use online::Online;
pub use presence::{Left, Presence};

use std::sync::Arc;

use axum::{
    Router, middleware,
    routing::{any, get},
};
use domain::{pubsub::PubSub, tokens::Signer};
use tokio_util::{sync::CancellationToken, task::TaskTracker};

use crate::{http::session::resolve_session, startup::AppState};

/// Initial read buffer of a socket. tungstenite's default (128 KiB) would make each idle
/// connection cost that much, and it is all touched; frames larger than this grow the buffer as
/// they arrive. A client's frames are small (joins, heartbeats, messages), so 1 KiB reads them
/// whole; 4 KiB cost every idle socket 3 KiB more.
pub const READ_BUFFER: usize = 1024;

/// What every socket shares: the channels it can join, PubSub, presence, the token verifier,
/// and the means to close every socket when the node stops.
pub struct Realtime {
    pub pubsub: PubSub,
    pub presence: Presence,
    pub tokens: Signer,
    /// Who has a socket open (the dashboard's figures).
    pub online: Arc<Online>,
    channels: ChannelRouter,
    shutdown: CancellationToken,
    sockets: TaskTracker,
}

/// The purpose socket tokens are signed for; a token made for anything else never verifies.
pub const SOCKET_TOKEN_SALT: &str = "user socket";

impl Realtime {
    pub fn new(pubsub: PubSub, tokens: Signer, channels: ChannelRouter) -> Self {
        Self {
            presence: Presence::new(pubsub.clone()),
            pubsub,
            tokens,
            online: Arc::default(),
            channels,
            shutdown: CancellationToken::new(),
            sockets: TaskTracker::new(),
        }
    }

    /// Closes every socket with code 1012 (so clients reconnect to the next node or after the
    /// restart) and waits for them to finish.
    pub async fn close_all(&self) {
        self.shutdown.cancel();
        self.sockets.close();
        self.sockets.wait().await;
    }
}

/// The socket endpoint, and the token route behind the session middleware.
pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/socket/token", get(token::issue))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            resolve_session,
        ))
        .route("/socket/websocket", any(endpoint::connect))
}
