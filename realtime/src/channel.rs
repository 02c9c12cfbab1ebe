//! Channels: what a socket can join. Each is a small trait implementation — [`Join`] decides
//! whether a join is allowed and answers it, the [`Channel`] it returns handles the client's
//! messages and the topic's broadcasts — routed by topic pattern in [`ChannelRouter`].

use std::sync::Arc;

use async_trait::async_trait;
use model::wire::{Payload, RATE_LIMITED};
use pubsub::{Broadcast, PubSub, SubscriberId};
use serde_json::{Map, Value, json};

use crate::{
    Identity,
    presence::{Left, Presence},
};

/// What a channel's callbacks can reach and do: the socket's user, pushes to this client,
/// broadcasts to the topic, and presence on it. What else a channel needs (the database, the
/// application's services) it carries itself, from the [`Join`] that made it.
pub struct ChannelCtx<'a, U> {
    pub topic: &'a str,
    pub user: &'a U,
    pub(crate) pubsub: &'a PubSub,
    pub(crate) presence: &'a Presence,
    pub(crate) socket: SubscriberId,
    pub(crate) pushes: &'a mut Vec<Push>,
}

/// A push to this client: `(event, payload)`, the payload as a value or already encoded.
pub(crate) enum Push {
    Value(String, Value),
    Encoded(String, Arc<str>),
}

impl<U: Identity> ChannelCtx<'_, U> {
    /// Sends `event` to this client only (after the reply, when called while joining).
    pub fn push(&mut self, event: &str, payload: Value) {
        self.pushes.push(Push::Value(event.to_owned(), payload));
    }

    /// Sends `event` to every subscriber of the topic, this socket included, after the topic's
    /// pending presence diff (so e.g. `user_left` never overtakes it).
    pub fn broadcast(&self, event: &str, payload: Value) {
        self.presence.flush(self.topic);
        self.pubsub.broadcast(self.topic, event, payload);
    }

    /// Sends `event` to every subscriber of the topic except this socket, after the topic's
    /// pending presence diff.
    pub fn broadcast_from(&self, event: &str, payload: Value) {
        self.presence.flush(self.topic);
        self.pubsub
            .broadcast_from(self.socket, self.topic, event, payload);
    }

    /// This socket, as PubSub and presence know it.
    pub fn socket(&self) -> SubscriberId {
        self.socket
    }

    /// Tracks this socket's user as present on the topic with `meta` (one entry per socket),
    /// after pushing the topic's `presence_state` to this client. The state is shared, encoded,
    /// by every joiner until the topic's presence changes (see `presence`'s notes).
    pub fn track_presence(&mut self, meta: Map<String, Value>) -> Tracked {
        let state = self.presence.state(self.topic);
        self.pushes
            .push(Push::Encoded("presence_state".to_owned(), state));
        let key = self.user.person().to_string();
        let first = self.presence.track(self.topic, &key, self.socket, meta);
        Tracked { first }
    }

    /// Stops tracking this socket on the topic. Returns whether its user has now left entirely.
    pub fn untrack_presence(&self) -> bool {
        let left = self.presence.untrack(self.topic, self.socket);
        left.iter().any(|(_, left)| *left == Left::Entirely)
    }
}

/// What [`ChannelCtx::track_presence`] found.
pub struct Tracked {
    /// Whether the user was absent before (their first tab or device).
    pub first: bool,
}

/// What a channel answers a client message with.
#[derive(Debug)]
pub enum Reply {
    Ok(Value),
    Error(Value),
    /// No reply (e.g. `typing`, which only broadcasts).
    None,
}

impl Reply {
    /// `error {"reason": reason}`, Phoenix's usual refusal shape.
    pub fn refuse(reason: &str) -> Self {
        Self::Error(json!({ "reason": reason }))
    }

    /// The refusal of a push over a rate limit: when another would be let through.
    pub fn rate_limited(retry_after: std::time::Duration) -> Self {
        let retry_after_ms = u64::try_from(retry_after.as_millis()).unwrap_or(u64::MAX);
        Self::Error(json!({ "reason": RATE_LIMITED, "retry_after_ms": retry_after_ms.max(1) }))
    }
}

/// A channel failed while running: the client gets `phx_error` and will rejoin. The cause is
/// logged, never sent.
#[derive(Debug, thiserror::Error)]
#[error("{context}")]
pub struct ChannelFailure {
    context: &'static str,
    #[source]
    source: Box<dyn std::error::Error + Send + Sync>,
}

/// The cause of a failure that was a panic (its message went to the panic hook's log).
#[derive(Debug, thiserror::Error)]
#[error("the channel panicked")]
struct Panicked;

impl ChannelFailure {
    pub(crate) fn panicked() -> Self {
        Self::new("a channel callback panicked", Panicked)
    }

    pub fn new(
        context: &'static str,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self {
            context,
            source: source.into(),
        }
    }
}

/// What to do with a broadcast on the topic before it reaches this client.
pub enum Outbound {
    Forward,
    Skip,
}

/// A joined channel's behaviour, for sockets whose user is a `U`.
#[async_trait]
pub trait Channel<U>: Send {
    /// A client message on the topic (not join, leave or heartbeat: the socket handles those).
    async fn handle_in(
        &mut self,
        event: &str,
        payload: Payload,
        ctx: &mut ChannelCtx<'_, U>,
    ) -> Result<Reply, ChannelFailure>;

    /// A broadcast on the topic, before it is forwarded to this client.
    fn handle_out(&mut self, _broadcast: &Broadcast) -> Outbound {
        Outbound::Forward
    }

    /// The channel is going away: the client left, the socket closed, or the channel failed.
    async fn terminate(&mut self, _ctx: &mut ChannelCtx<'_, U>) {}
}

/// A channel whose client only listens: every broadcast on the topic is forwarded, and anything
/// the client sends is refused with `{"reason": <the channel's words>}`.
pub struct ListenOnly(pub &'static str);

#[async_trait]
impl<U: Send + Sync> Channel<U> for ListenOnly {
    async fn handle_in(
        &mut self,
        _event: &str,
        _payload: Payload,
        _ctx: &mut ChannelCtx<'_, U>,
    ) -> Result<Reply, ChannelFailure> {
        Ok(Reply::refuse(self.0))
    }
}

/// A joined channel and what to answer the join with.
pub type Joined<U> = (Box<dyn Channel<U>>, Value);

/// Decides a join to a topic its pattern matched: `Ok` with the channel and the join reply,
/// or `Err` with the refusal (e.g. `{"reason": "unauthorized"}`). Refusals must be cheap: a
/// refused client retries forever.
#[async_trait]
pub trait Join<U>: Send + Sync + 'static {
    async fn join(&self, payload: Payload, ctx: &mut ChannelCtx<'_, U>)
    -> Result<Joined<U>, Value>;
}

/// Topic patterns to channels: `"room:*"` matches every topic starting `room:`; any other
/// pattern matches only itself.
pub struct ChannelRouter<U> {
    routes: Vec<(&'static str, Box<dyn Join<U>>)>,
}

impl<U> Default for ChannelRouter<U> {
    fn default() -> Self {
        Self { routes: Vec::new() }
    }
}

impl<U> ChannelRouter<U> {
    pub fn channel(mut self, pattern: &'static str, join: impl Join<U>) -> Self {
        self.routes.push((pattern, Box::new(join)));
        self
    }

    pub fn route(&self, topic: &str) -> Option<&dyn Join<U>> {
        self.routes
            .iter()
            .find(|(pattern, _)| match pattern.strip_suffix('*') {
                Some(prefix) => topic.starts_with(prefix),
                None => topic == *pattern,
            })
            .map(|(_, join)| join.as_ref())
    }
}

/// The payload as a JSON object; channels that accept no binary payloads use this.
pub fn json_payload(payload: Payload) -> Result<Map<String, Value>, Reply> {
    match payload {
        Payload::Json(map) => Ok(map),
        Payload::Binary(_) => Err(Reply::refuse("binary payloads are not accepted here")),
    }
}
