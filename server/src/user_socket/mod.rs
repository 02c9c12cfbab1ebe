//! Commons' sockets (Phoenix's `UserSocket`): who a token signs in, what can end a socket, the
//! per-person budget of socket events, and every channel a socket can join. The engine itself
//! (upgrade, connection, channels, presence) is the `realtime` crate, which knows none of this.

mod token;

pub use token::SocketClaims;

use std::{sync::Arc, time::Duration};

use app::limits::Limits;
use async_trait::async_trait;
use axum::{
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
};
use domain::{
    Scope,
    db::Db,
    sessions::{self, Ended, SessionId},
    tokens::Signer,
};
use pubsub::Broadcast;
use realtime::{ChannelRouter, Identity, SocketHandler};

use crate::http::origin;

/// The engine, as Commons runs it.
pub type Realtime = realtime::Realtime<UserSocket>;

/// A channel callback's context, for Commons' sockets.
pub type ChannelCtx<'a> = realtime::ChannelCtx<'a, SocketUser>;

/// A joined channel and its join reply, for Commons' sockets.
pub type Joined = realtime::Joined<SocketUser>;

/// The purpose socket tokens are signed for; a token made for anything else never verifies.
pub const SOCKET_TOKEN_SALT: &str = "user socket";

/// Who a socket authenticated as, for the whole of its life.
#[derive(Clone, Debug)]
pub struct SocketUser {
    pub scope: Scope,
    pub name: String,
    /// The session the socket's token was issued to: when it ends, the socket closes.
    pub session: SessionId,
}

impl Identity for SocketUser {
    fn person(&self) -> i64 {
        self.scope.user_id
    }
}

/// What Commons decides about a socket before and while it is open.
pub struct UserSocket {
    pub db: Db,
    pub tokens: Signer,
    pub token_max_age: Duration,
    /// Origins allowed besides the server's own.
    pub allowed_origins: Vec<String>,
    pub limits: Arc<Limits>,
}

impl UserSocket {
    /// A token for `claims`, valid for [`UserSocket::token_max_age`] from now.
    pub fn sign(&self, claims: &SocketClaims) -> String {
        self.tokens
            .sign(&claims.encode(), chrono::Utc::now().timestamp())
    }
}

#[async_trait]
impl SocketHandler for UserSocket {
    type Claims = SocketClaims;
    type User = SocketUser;

    /// An absent `Origin` (not a browser), the server's own (scheme, host and port), or one
    /// configured as allowed.
    fn check_origin(&self, headers: &HeaderMap) -> bool {
        let Some(origin) = headers.get(header::ORIGIN) else {
            return true;
        };
        let Ok(origin) = origin.to_str() else {
            return false;
        };
        origin::is_own(origin, headers)
            || self
                .allowed_origins
                .iter()
                .any(|allowed| allowed.trim_end_matches('/').eq_ignore_ascii_case(origin))
    }

    fn verify(&self, token: &str) -> Option<SocketClaims> {
        let now = chrono::Utc::now().timestamp();
        let data = self.tokens.verify(token, self.token_max_age, now).ok()?;
        SocketClaims::decode(&data)
    }

    /// The person's session ends are announced here.
    fn id(&self, claims: &SocketClaims) -> Option<String> {
        Some(sessions::socket_topic(claims.user_id))
    }

    /// The token's person, if the session it names is still live.
    async fn connect(&self, claims: SocketClaims) -> Result<SocketUser, Response> {
        match sessions::socket_user(&self.db, claims.user_id, &claims.session).await {
            Ok(Some(user)) => Ok(SocketUser {
                scope: Scope::for_user(&user),
                name: user.name,
                session: claims.session,
            }),
            Ok(None) => Err(realtime::token_refused()),
            Err(error) => Err(app::AppError::from(error).into_response()),
        }
    }

    fn disconnects(&self, user: &SocketUser, broadcast: &Broadcast) -> bool {
        Ended::closes(broadcast, &user.session)
    }

    /// Per person, across all their sockets: a new socket brings no new budget.
    fn allow_event(&self, user: &SocketUser) -> Result<(), Duration> {
        let limit = self.limits.socket_events.check(&user.scope.user_id);
        if limit.allowed {
            Ok(())
        } else {
            Err(limit.retry_after)
        }
    }
}

/// Every channel a socket can join, by topic pattern.
pub fn channels(
    chat: crate::chat::RoomJoin,
    dashboard: crate::dashboard::DashboardJoin,
    jobs: crate::jobs::live::JobsJoin,
    posts: crate::board::PostJoin,
    mentions: crate::mentions::MentionsJoin,
) -> ChannelRouter<SocketUser> {
    ChannelRouter::default()
        .channel(model::chat::channel::TOPICS, chat)
        .channel(model::board::channel::TOPICS, posts)
        .channel(model::mentions::TOPICS, mentions)
        .channel(model::dashboard::TOPIC, dashboard)
        .channel(model::jobs::TOPIC, jobs)
}
