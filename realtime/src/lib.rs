//! A socket engine that speaks the Phoenix Channels protocol V2 (cookbook recipes 27 and 29;
//! the frames are `model::wire`'s, the rules `docs/protocol.md`), so the official `phoenix` JS
//! client and our own browser client both work against it.
//!
//! The engine knows sockets, topics, channels, presence and [`PubSub`]; it knows nothing of the
//! application that uses it. The application says who a socket is through a [`SocketHandler`]
//! (Phoenix's `UserSocket`: check the origin, verify the token, look the user up, name the
//! topic that can disconnect the socket) and which channel serves a topic through a
//! [`ChannelRouter`] of its [`Join`]s. Each channel carries what it needs itself.
//!
//! ```text
//! GET /socket/websocket ──► Realtime::connect ──► SocketHandler (origin, token, user)
//!                                │ upgrade
//!                                ▼
//!                        one task per socket (connection) ──► ChannelRouter ──► Join / Channel
//!                                ▲                                              │
//!                       PubSub deliveries ◄──────── broadcasts, presence ◄──────┘
//! ```

mod channel;
mod connection;
mod endpoint;
mod online;
mod outbox;
mod presence;
#[cfg(feature = "testing")]
pub mod testing;
mod watch;

pub use channel::{
    Channel, ChannelCtx, ChannelFailure, ChannelRouter, Join, Joined, ListenOnly, Outbound, Reply,
    Tracked, json_payload,
};
pub use endpoint::token_refused;
pub use online::{Online, OnlineSocket};
pub use presence::{Left, Presence};

use std::{sync::Arc, time::Duration};

use async_trait::async_trait;
use axum::{http::HeaderMap, response::Response};
use pubsub::{Broadcast, PubSub};
use tokio_util::{sync::CancellationToken, task::TaskTracker};

/// Initial read buffer of a socket. tungstenite's default (128 KiB) would make each idle
/// connection cost that much, and it is all touched; frames larger than this grow the buffer as
/// they arrive. A client's frames are small (joins, heartbeats, messages), so 1 KiB reads them
/// whole; 4 KiB cost every idle socket 3 KiB more.
pub const READ_BUFFER: usize = 1024;

/// Who a socket acts for, as the engine needs to know it: one person, whatever their sockets.
pub trait Identity: Clone + Send + Sync + 'static {
    /// The person: presence tracks them under this key (one meta per socket beneath it), and
    /// the cap on sockets counts per person.
    fn person(&self) -> i64;
}

/// What the application decides about its sockets (Phoenix's `UserSocket`). Every check runs
/// before the upgrade, so a refused client gets a plain HTTP status and joins nothing.
#[async_trait]
pub trait SocketHandler: Send + Sync + 'static {
    /// What a token says once verified, before anything is looked up.
    type Claims: Send + 'static;
    /// Who a socket acts for, for its whole life; channels see it as [`ChannelCtx::user`].
    type User: Identity;

    /// Whether a request with these headers may open a socket (Phoenix's `check_origin`).
    fn check_origin(&self, headers: &HeaderMap) -> bool;

    /// What `token` says, if it is one this application made and it is still fresh. No I/O:
    /// a refused client retries forever, so refusals must be cheap.
    fn verify(&self, token: &str) -> Option<Self::Claims>;

    /// The topic on which a broadcast can end this socket (Phoenix's socket `id`), subscribed
    /// to *before* [`SocketHandler::connect`] runs, so an end in between is still heard.
    fn id(&self, claims: &Self::Claims) -> Option<String>;

    /// Who the claims sign in, or the answer refusing the socket (a 403, or a 5xx when the
    /// lookup failed).
    async fn connect(&self, claims: Self::Claims) -> Result<Self::User, Response>;

    /// Whether `broadcast`, heard on the socket's [`SocketHandler::id`] topic, ends it. It then
    /// closes every channel (`phx_close`, so none is rejoined) and closes with
    /// [`model::wire::SIGNED_OUT_CODE`].
    fn disconnects(&self, user: &Self::User, broadcast: &Broadcast) -> bool;

    /// Whether the user may send one more event (a join, a push; not a heartbeat or a leave),
    /// or how long until they may. The budget is the application's: per person, across sockets.
    fn allow_event(&self, user: &Self::User) -> Result<(), Duration>;
}

/// The bounds every socket keeps.
#[derive(Clone, Debug)]
pub struct SocketConfig {
    /// The largest frame read (a larger one closes the socket with 1009).
    pub max_frame_bytes: usize,
    /// How long a socket may stay silent (heartbeats count) before it is closed with 1001.
    pub idle_timeout: Duration,
    /// How many channels one socket may have joined at once.
    pub max_channels: usize,
    /// How many sockets one person may have open on this node (more are refused with 429).
    pub sockets_per_person: usize,
}

/// The engine: what every socket shares — the application's [`SocketHandler`], the channels
/// it can join, PubSub, presence — and the means to close every socket when the node stops.
pub struct Realtime<H: SocketHandler> {
    handler: H,
    channels: ChannelRouter<H::User>,
    config: SocketConfig,
    pubsub: PubSub,
    presence: Presence,
    online: Arc<Online>,
    shutdown: CancellationToken,
    sockets: TaskTracker,
}

impl<H: SocketHandler> Realtime<H> {
    pub fn new(
        handler: H,
        channels: ChannelRouter<H::User>,
        config: SocketConfig,
        pubsub: PubSub,
    ) -> Self {
        Self {
            handler,
            channels,
            config,
            presence: Presence::new(pubsub.clone()),
            pubsub,
            online: Arc::default(),
            shutdown: CancellationToken::new(),
            sockets: TaskTracker::new(),
        }
    }

    pub fn pubsub(&self) -> &PubSub {
        &self.pubsub
    }

    pub fn presence(&self) -> &Presence {
        &self.presence
    }

    /// Who has a socket open on this node.
    pub fn online(&self) -> &Arc<Online> {
        &self.online
    }

    pub fn handler(&self) -> &H {
        &self.handler
    }

    /// Closes every socket with code 1012 (so clients reconnect to the next node or after the
    /// restart) and waits for them to finish.
    pub async fn close_all(&self) {
        self.shutdown.cancel();
        self.sockets.close();
        self.sockets.wait().await;
    }
}
