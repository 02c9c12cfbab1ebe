//! One socket's life after the upgrade: read frames, run them through the joined channels,
//! forward the topics' broadcasts, answer heartbeats, and close on idleness, overflow, a
//! malformed frame or shutdown — never taking anything but this one connection down.

use std::{collections::HashMap, panic::AssertUnwindSafe, sync::Arc};

use futures_util::{FutureExt, SinkExt, StreamExt};
use hyper_util::rt::TokioIo;
use model::wire::{
    self, CLOSE, ClientFrame, ERROR, HEARTBEAT, JOIN, LEAVE, PHOENIX_TOPIC, Payload,
    SIGNED_OUT_CODE, SIGNED_OUT_REASON, binary,
};
use serde_json::json;
use tokio::time::{Instant, sleep_until};
use tokio_tungstenite::{
    WebSocketStream,
    tungstenite::{
        self, Message, Utf8Bytes,
        protocol::{CloseFrame, frame::coding::CloseCode},
    },
};

use pubsub::{Broadcast, Delivery, Subscriber, Subscription};

use crate::{
    Identity, Realtime, SocketHandler,
    channel::{Channel, ChannelCtx, ChannelFailure, Outbound, Push, Reply},
    outbox::Outbox,
    watch::Watch,
};

/// An upgraded socket, as the connection reads and writes it.
pub(crate) type Ws = WebSocketStream<TokioIo<hyper::upgrade::Upgraded>>;

/// Close codes (RFC 6455 7.4.1) for what goes wrong with a client's frames or its silence.
const GOING_AWAY: u16 = 1001;
const INVALID_PAYLOAD: u16 = 1007;
const TOO_BIG: u16 = 1009;

/// Close code for a client that fell too far behind its broadcasts (it reconnects and catches
/// up). 1013 is "try again later".
const LAGGED: u16 = 1013;
/// Close code when the node restarts or drains, so clients come back.
const SERVICE_RESTART: u16 = 1012;

struct JoinedChannel<U> {
    join_ref: String,
    channel: Box<dyn Channel<U>>,
}

pub(crate) struct Connection<H: SocketHandler> {
    realtime: Arc<Realtime<H>>,
    user: H::User,
    subscriber: Subscriber,
    /// Where this socket hears what can end it; stops listening when dropped.
    watch: Option<Watch>,
    channels: HashMap<String, JoinedChannel<H::User>>,
    /// Frames to write once the current step is done.
    out: Outbox,
}

/// Why the loop ended, and what to tell the client.
enum End {
    /// The connection is gone (or failed): nobody to tell.
    Closed,
    /// The client closed: tungstenite has queued the echo of its Close frame, which the
    /// handshake needs (RFC 6455 5.5.1) before the connection ends.
    ClosedByClient,
    Close(u16, &'static str),
}

impl<H: SocketHandler> Connection<H> {
    /// The connection of `user`, whose broadcasts `subscriber` receives and whose id topic
    /// `watch` already listens to.
    pub(crate) fn new(
        realtime: Arc<Realtime<H>>,
        user: H::User,
        subscriber: Subscriber,
        watch: Option<Watch>,
    ) -> Self {
        Self {
            realtime,
            user,
            subscriber,
            watch,
            channels: HashMap::new(),
            out: Outbox::default(),
        }
    }

    pub(crate) async fn run(mut self, mut ws: Ws, mut subscription: Subscription) {
        let realtime = self.realtime.clone();
        let idle = realtime.config.idle_timeout;
        // Both made once, not per step: each costs a registration (the token's waiter list, the
        // timer wheel) that a busy socket would otherwise redo for every frame.
        let shutdown = realtime.shutdown.cancelled();
        tokio::pin!(shutdown);
        let mut heard = Instant::now();
        let idle_timer = sleep_until(heard + idle);
        tokio::pin!(idle_timer);
        let end = loop {
            let step = tokio::select! {
                () = &mut shutdown => Err(End::Close(SERVICE_RESTART, "server restart")),
                () = &mut idle_timer => {
                    // The timer is moved on only when it fires, not at every frame.
                    let deadline = heard + idle;
                    if Instant::now() >= deadline {
                        Err(End::Close(GOING_AWAY, "idle timeout"))
                    } else {
                        idle_timer.as_mut().reset(deadline);
                        Ok(())
                    }
                }
                frame = ws.next() => {
                    heard = Instant::now();
                    // Boxed: handling a frame (a join, a channel's callback) needs more state
                    // than anything else here, and inline it would enlarge every idle socket.
                    self.on_frame(frame).boxed().await
                }
                delivery = subscription.recv() => self.on_delivery(delivery),
            };
            if let Err(end) = step {
                break end;
            }
            if self.flush(&mut ws).await.is_err() {
                break End::Closed;
            }
        };
        match end {
            End::Close(code, reason) => {
                // What the step queued before it ended (a signed-out socket's phx_close frames).
                let _unsent = self.flush(&mut ws).await;
                let frame = CloseFrame {
                    code: CloseCode::from(code),
                    reason: Utf8Bytes::from_static(reason),
                };
                // The peer may already be gone; there is nobody left to tell.
                let _unsent = ws.send(Message::Close(Some(frame))).await;
            }
            // The peer may already be gone; there is nobody left to tell.
            End::ClosedByClient => {
                let _unsent = ws.flush().await;
            }
            End::Closed => {}
        }
        self.leave_all().boxed().await;
    }

    async fn flush(&mut self, ws: &mut Ws) -> Result<(), tungstenite::Error> {
        self.out.write_to(ws).await
    }

    async fn on_frame(
        &mut self,
        frame: Option<Result<Message, tungstenite::Error>>,
    ) -> Result<(), End> {
        let frame = match frame {
            None => return Err(End::Closed),
            Some(Ok(Message::Close(_))) => return Err(End::ClosedByClient),
            Some(Err(error)) => {
                tracing::debug!(%error, "socket read failed");
                return Err(End::Close(TOO_BIG, "frame too large or malformed"));
            }
            Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => return Ok(()),
            Some(Ok(Message::Text(text))) => wire::decode_client_text(&text),
            Some(Ok(Message::Binary(bytes))) => binary::decode_client(&bytes),
        };
        match frame {
            Ok(frame) => {
                self.dispatch(frame).await;
                Ok(())
            }
            Err(error) => {
                tracing::debug!(%error, "malformed frame; closing this socket");
                Err(End::Close(INVALID_PAYLOAD, "malformed frame"))
            }
        }
    }

    async fn dispatch(&mut self, frame: ClientFrame) {
        let ClientFrame {
            join_ref,
            msg_ref,
            topic,
            event,
            payload,
        } = frame;
        if topic == PHOENIX_TOPIC && event == HEARTBEAT {
            return self
                .out
                .reply(None, msg_ref.as_deref(), &topic, Reply::Ok(json!({})));
        }
        // Everything else a client sends costs something (a join reads the database): each
        // person has a budget across all their sockets, and what is over it is refused
        // without being run. The socket stays open; reconnecting does not refill it.
        if event != LEAVE
            && let Err(retry_after) = self.realtime.handler.allow_event(&self.user)
        {
            let refused = Reply::rate_limited(retry_after);
            return self
                .out
                .reply(join_ref.as_deref(), msg_ref.as_deref(), &topic, refused);
        }
        if event == JOIN {
            let join_ref = msg_ref.clone().or(join_ref).unwrap_or_default();
            return self.join(join_ref, msg_ref, topic, payload).await;
        }
        let Some(joined) = self.channels.get(&topic) else {
            let unmatched = if event == LEAVE {
                Reply::Ok(json!({}))
            } else {
                Reply::refuse("unmatched topic")
            };
            return self
                .out
                .reply(join_ref.as_deref(), msg_ref.as_deref(), &topic, unmatched);
        };
        if join_ref.as_ref().is_some_and(|jr| *jr != joined.join_ref) {
            tracing::debug!(%topic, %event, "dropping a message with a stale join_ref");
            return;
        }
        let join_ref = joined.join_ref.clone();
        if event == LEAVE {
            self.remove(&topic).await;
            self.out.reply(
                Some(&join_ref),
                msg_ref.as_deref(),
                &topic,
                Reply::Ok(json!({})),
            );
            return self.out.control(&join_ref, &topic, CLOSE, json!({}));
        }
        self.handle_in(join_ref, msg_ref, topic, event, payload)
            .await;
    }

    async fn handle_in(
        &mut self,
        join_ref: String,
        msg_ref: Option<String>,
        topic: String,
        event: String,
        payload: Payload,
    ) {
        let Some(mut joined) = self.channels.remove(&topic) else {
            return;
        };
        let mut pushes = Vec::new();
        let outcome = {
            let mut ctx = self.ctx(&topic, &mut pushes);
            // A panicking channel fails like an erroring one: only this channel goes.
            AssertUnwindSafe(joined.channel.handle_in(&event, payload, &mut ctx))
                .catch_unwind()
                .await
                .unwrap_or_else(|_| Err(ChannelFailure::panicked()))
        };
        match outcome {
            Ok(reply) => {
                self.channels.insert(topic.clone(), joined);
                self.out
                    .reply(Some(&join_ref), msg_ref.as_deref(), &topic, reply);
                self.out.pushes(&join_ref, &topic, pushes);
            }
            Err(failure) => {
                tracing::error!(%topic, %event, error = &failure as &dyn std::error::Error, "channel failed");
                self.terminate(&topic, joined).await;
                let reason = json!({ "reason": "channel failed" });
                self.out.control(&join_ref, &topic, ERROR, reason);
            }
        }
    }

    async fn join(
        &mut self,
        join_ref: String,
        msg_ref: Option<String>,
        topic: String,
        payload: Payload,
    ) {
        if let Some(old) = self.channels.get(&topic) {
            let old_ref = old.join_ref.clone();
            self.remove(&topic).await;
            self.out.control(&old_ref, &topic, CLOSE, json!({}));
        }
        let max = self.realtime.config.max_channels;
        if self.channels.len() >= max {
            let refusal = Reply::refuse(&format!("too many channels (at most {max})"));
            return self
                .out
                .reply(Some(&join_ref), msg_ref.as_deref(), &topic, refusal);
        }
        let realtime = self.realtime.clone();
        let Some(joiner) = realtime.channels.route(&topic) else {
            let unmatched = Reply::refuse("unmatched topic");
            return self
                .out
                .reply(Some(&join_ref), msg_ref.as_deref(), &topic, unmatched);
        };
        let mut pushes = Vec::new();
        let joined = {
            let mut ctx = self.ctx(&topic, &mut pushes);
            // Subscribe first, so nothing broadcast while the join runs is missed.
            realtime.pubsub.subscribe(&topic, &self.subscriber);
            AssertUnwindSafe(joiner.join(payload, &mut ctx))
                .catch_unwind()
                .await
                .unwrap_or_else(|_| {
                    tracing::error!(%topic, "a join panicked");
                    Err(json!({ "reason": "join failed" }))
                })
        };
        match joined {
            Ok((channel, response)) => {
                self.channels.insert(
                    topic.clone(),
                    JoinedChannel {
                        join_ref: join_ref.clone(),
                        channel,
                    },
                );
                self.out.reply(
                    Some(&join_ref),
                    msg_ref.as_deref(),
                    &topic,
                    Reply::Ok(response),
                );
                self.out.pushes(&join_ref, &topic, pushes);
            }
            Err(refusal) => {
                realtime.pubsub.unsubscribe(&topic, self.subscriber.id());
                realtime.presence.untrack(&topic, self.subscriber.id());
                let refusal = Reply::Error(refusal);
                self.out
                    .reply(Some(&join_ref), msg_ref.as_deref(), &topic, refusal);
            }
        }
    }

    fn on_delivery(&mut self, delivery: Option<Delivery>) -> Result<(), End> {
        match delivery {
            Some(Delivery::Message(broadcast))
                if self
                    .watch
                    .as_ref()
                    .is_some_and(|watch| watch.hears(&broadcast)) =>
            {
                if self.realtime.handler.disconnects(&self.user, &broadcast) {
                    self.signed_out();
                    Err(End::Close(SIGNED_OUT_CODE, SIGNED_OUT_REASON))
                } else {
                    Ok(())
                }
            }
            Some(Delivery::Message(broadcast)) => {
                self.forward(&broadcast);
                Ok(())
            }
            Some(Delivery::Lagged) => Err(End::Close(LAGGED, "too far behind; reconnect")),
            // This connection holds a subscriber handle, so the queue cannot close.
            None => Err(End::Closed),
        }
    }

    /// The application ended the socket (its session ended): every channel is closed
    /// (`phx_close`, so no client rejoins it) before the socket closes with [`SIGNED_OUT_CODE`].
    fn signed_out(&mut self) {
        tracing::info!(
            person = self.user.person(),
            "closing a socket: the application ended it"
        );
        for (topic, joined) in &self.channels {
            self.out.control(&joined.join_ref, topic, CLOSE, json!({}));
        }
    }

    fn forward(&mut self, broadcast: &Arc<Broadcast>) {
        let Some(joined) = self.channels.get_mut(&broadcast.topic) else {
            return;
        };
        if let Outbound::Skip = joined.channel.handle_out(broadcast) {
            return;
        }
        self.out.broadcast(broadcast);
    }

    fn ctx<'a>(&'a self, topic: &'a str, pushes: &'a mut Vec<Push>) -> ChannelCtx<'a, H::User> {
        ChannelCtx {
            topic,
            user: &self.user,
            pubsub: &self.realtime.pubsub,
            presence: &self.realtime.presence,
            socket: self.subscriber.id(),
            pushes,
        }
    }

    async fn remove(&mut self, topic: &str) {
        if let Some(joined) = self.channels.remove(topic) {
            self.terminate(topic, joined).await;
        }
    }

    /// Ends a channel: its own clean-up first, then its subscription and presence.
    async fn terminate(&mut self, topic: &str, mut joined: JoinedChannel<H::User>) {
        let mut pushes = Vec::new();
        {
            let mut ctx = self.ctx(topic, &mut pushes);
            joined.channel.terminate(&mut ctx).await;
        }
        let realtime = &self.realtime;
        realtime.pubsub.unsubscribe(topic, self.subscriber.id());
        realtime.presence.untrack(topic, self.subscriber.id());
    }

    async fn leave_all(&mut self) {
        let topics: Vec<String> = self.channels.keys().cloned().collect();
        for topic in topics {
            self.remove(&topic).await;
        }
    }
}
