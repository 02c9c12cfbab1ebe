//! The client side of the protocol without its I/O ("sans-IO"): what the browser's socket
//! should send, when, and what the frames it receives mean — the JS `phoenix` client's rules
//! (refs, heartbeats, join / rejoin / leave, buffered pushes, reply timeouts, reconnect and
//! rejoin schedules, presence sync), as a state machine the tests drive natively.
//!
//! The driver (the browser's `WebSocket` in `app`) feeds it what happens — [`Client::opened`],
//! [`Client::closed`], [`Client::received`], [`Client::tick`] with the time — and carries out
//! the [`Command`]s it asks for; the UI reads the [`Event`]s. Time is milliseconds on any
//! monotonic clock the driver chooses.

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use serde_json::{Map, Value};

use super::{
    HEARTBEAT, PHOENIX_TOPIC, Payload, ServerFrame, backoff, decode_server_text,
    encode_client_text, presence::State,
};

mod channels;
#[cfg(test)]
mod tests;

use channels::{Channel, ChannelState, Sent};

/// Milliseconds on the driver's monotonic clock.
pub type Millis = u64;

/// How often a heartbeat goes out, as the JS client does; the server closes a socket it has
/// not heard from for longer.
pub const HEARTBEAT_EVERY: Duration = Duration::from_secs(30);
/// How long a push (a join too) waits for its reply.
pub const PUSH_TIMEOUT: Duration = Duration::from_secs(10);

fn millis(duration: Duration) -> Millis {
    Millis::try_from(duration.as_millis()).unwrap_or(Millis::MAX)
}

/// Identifies one push, so the UI can match the [`Event::Reply`] that answers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PushId(u64);

/// What the driver must do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Open a new socket (fetching a fresh token first), then call [`Client::opened`] or
    /// [`Client::closed`].
    Open,
    /// Send this text frame on the open socket.
    Send(String),
    /// Close the current socket and forget it: the client already counts it as closed, so that
    /// socket's own close event must not reach [`Client::closed`].
    Close,
}

/// Where the connection stands, for the UI to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connection {
    /// Not connected and not trying (before [`Client::connect`], after [`Client::disconnect`]).
    Idle,
    /// The first socket is being opened.
    Connecting,
    Open,
    /// `tries` sockets in a row closed or failed to open; the next opens after its backoff.
    Reconnecting {
        tries: u32,
    },
    /// The session this page was signed in with is over (the driver learnt it from the token
    /// request, answered 401): nothing reconnects until the person signs in again.
    SignedOut,
}

/// The answer to a push.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Ok(Payload),
    Error(Payload),
    /// No reply within [`PUSH_TIMEOUT`], or the socket closed first: the server may or may not
    /// have acted on it.
    Timeout,
}

/// What happened, for the UI.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    Connection(Connection),
    /// A join (or rejoin) was accepted with `response`.
    Joined {
        topic: String,
        response: Payload,
    },
    /// A join was refused; the client tries again on the rejoin schedule.
    JoinRefused {
        topic: String,
        response: Payload,
    },
    /// The channel failed on the server or lost its socket; it rejoins by itself.
    ChannelErrored {
        topic: String,
    },
    /// The server closed the channel (`phx_close`); it is gone.
    ChannelClosed {
        topic: String,
    },
    /// A push or broadcast on a joined channel (presence ones are merged, see
    /// [`Event::PresenceChanged`]).
    Message {
        topic: String,
        event: String,
        payload: Payload,
    },
    /// `presence_state` or `presence_diff` changed [`Client::presence`] of `topic`.
    PresenceChanged {
        topic: String,
    },
    Reply {
        topic: String,
        id: PushId,
        outcome: Outcome,
    },
}

#[derive(Debug)]
enum Socket {
    Idle,
    SignedOut,
    Connecting,
    Open {
        next_heartbeat: Millis,
        heartbeat_ref: Option<String>,
    },
    Closed {
        reconnect_at: Millis,
    },
}

/// One socket's worth of channels; see the module docs.
#[derive(Debug)]
pub struct Client {
    socket: Socket,
    /// Sockets closed or refused since one last opened: the reconnect backoff's step.
    failures: u32,
    next_ref: u64,
    channels: BTreeMap<String, Channel>,
    sent: BTreeMap<String, Sent>,
    commands: VecDeque<Command>,
    events: VecDeque<Event>,
}

impl Default for Client {
    fn default() -> Self {
        Self::new()
    }
}

impl Client {
    pub fn new() -> Self {
        Self {
            socket: Socket::Idle,
            failures: 0,
            next_ref: 0,
            channels: BTreeMap::new(),
            sent: BTreeMap::new(),
            commands: VecDeque::new(),
            events: VecDeque::new(),
        }
    }

    /// The next thing the driver must do.
    pub fn next_command(&mut self) -> Option<Command> {
        self.commands.pop_front()
    }

    /// The next thing that happened.
    pub fn next_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    pub fn connection(&self) -> Connection {
        match self.socket {
            Socket::Idle => Connection::Idle,
            Socket::SignedOut => Connection::SignedOut,
            Socket::Connecting if self.failures == 0 => Connection::Connecting,
            Socket::Connecting | Socket::Closed { .. } => Connection::Reconnecting {
                tries: self.failures,
            },
            Socket::Open { .. } => Connection::Open,
        }
    }

    /// Whether `topic` is joined right now.
    pub fn is_joined(&self, topic: &str) -> bool {
        self.channels
            .get(topic)
            .is_some_and(|channel| channel.state == ChannelState::Joined)
    }

    /// Who is present on `topic`, merged as the JS `Presence` does.
    pub fn presence(&self, topic: &str) -> Option<&State> {
        self.channels
            .get(topic)
            .map(|channel| channel.presence.state())
    }

    /// Starts connecting, and reconnecting whenever the socket closes, until
    /// [`Client::disconnect`].
    pub fn connect(&mut self) {
        if matches!(self.socket, Socket::Idle | Socket::SignedOut) {
            self.set_socket(Socket::Connecting);
            self.commands.push_back(Command::Open);
        }
    }

    /// Closes the socket for good; channels stay, to rejoin on the next [`Client::connect`].
    pub fn disconnect(&mut self) {
        if !matches!(self.socket, Socket::Idle | Socket::SignedOut) {
            self.commands.push_back(Command::Close);
            self.lose_socket();
            self.failures = 0;
            self.set_socket(Socket::Idle);
        }
    }

    /// The socket opened: heartbeats start and every channel (re)joins.
    pub fn opened(&mut self, now: Millis) {
        if !matches!(self.socket, Socket::Connecting) {
            return;
        }
        self.failures = 0;
        self.set_socket(Socket::Open {
            next_heartbeat: now + millis(HEARTBEAT_EVERY),
            heartbeat_ref: None,
        });
        let topics: Vec<String> = self.channels.keys().cloned().collect();
        for topic in topics {
            if let Some(channel) = self.channels.get_mut(&topic) {
                channel.rejoin_tries = 0;
            }
            self.send_join(&topic, now);
        }
    }

    /// The socket closed (or could not open): channels wait to rejoin, pushes in flight are
    /// answered [`Outcome::Timeout`], and a reconnect is scheduled on Phoenix's backoff.
    pub fn closed(&mut self, now: Millis) {
        if matches!(
            self.socket,
            Socket::Idle | Socket::SignedOut | Socket::Closed { .. }
        ) {
            return;
        }
        self.failures += 1;
        let tries = self.failures;
        self.lose_socket();
        self.set_socket(Socket::Closed {
            reconnect_at: now + millis(backoff::reconnect_after(tries)),
        });
    }

    /// The socket could not open because the session is over (its token request was refused as
    /// unauthorised): unlike [`Client::closed`], nothing is scheduled — retrying would be a loop
    /// of refusals. Pushes in flight time out; channels stay, for a later [`Client::connect`].
    pub fn signed_out(&mut self) {
        if matches!(self.socket, Socket::Idle | Socket::SignedOut) {
            return;
        }
        self.lose_socket();
        self.failures = 0;
        self.set_socket(Socket::SignedOut);
    }

    /// Skips the rest of the reconnect backoff (e.g. the browser says the network is back):
    /// the next [`Client::tick`] opens a socket.
    pub fn retry_now(&mut self, now: Millis) {
        if let Socket::Closed { reconnect_at } = &mut self.socket {
            *reconnect_at = (*reconnect_at).min(now);
        }
    }

    /// A text frame from the server. A frame that is not one is ignored, as the JS client does.
    pub fn received(&mut self, text: &str, now: Millis) {
        if let Ok(frame) = decode_server_text(text) {
            self.receive(frame, now);
        }
    }

    /// A decoded frame from the server (binary frames are decoded by the driver).
    pub fn receive(&mut self, frame: ServerFrame, now: Millis) {
        match frame {
            ServerFrame::Reply {
                msg_ref,
                topic,
                status,
                response,
                ..
            } => self.reply(&msg_ref, &topic, status, response, now),
            ServerFrame::Message {
                join_ref,
                topic,
                event,
                payload,
                ..
            } => self.message(join_ref, topic, event, payload, now),
        }
    }

    /// Fires what is due at `now`: heartbeats (closing a socket whose last one went
    /// unanswered), reply timeouts, rejoins and the reconnect.
    pub fn tick(&mut self, now: Millis) {
        match self.socket {
            Socket::Closed { reconnect_at, .. } if now >= reconnect_at => {
                self.set_socket(Socket::Connecting);
                self.commands.push_back(Command::Open);
            }
            Socket::Open {
                next_heartbeat,
                ref heartbeat_ref,
            } if now >= next_heartbeat => {
                if heartbeat_ref.is_some() {
                    // The server did not answer the last one in a whole period: the connection
                    // is dead even if the browser has not noticed.
                    self.commands.push_back(Command::Close);
                    self.closed(now);
                    return;
                }
                let msg_ref = self.make_ref();
                self.send(None, &msg_ref, PHOENIX_TOPIC, HEARTBEAT, &Map::new());
                self.socket = Socket::Open {
                    next_heartbeat: now + millis(HEARTBEAT_EVERY),
                    heartbeat_ref: Some(msg_ref),
                };
            }
            _ => {}
        }

        self.tick_channels(now);
    }

    fn set_socket(&mut self, socket: Socket) {
        let before = self.connection();
        self.socket = socket;
        let after = self.connection();
        if before != after {
            self.events.push_back(Event::Connection(after));
        }
    }

    /// The socket is gone: joined and joining channels wait to rejoin, sent pushes time out.
    fn lose_socket(&mut self) {
        for (topic, channel) in &mut self.channels {
            if channel.state != ChannelState::Errored {
                channel.state = ChannelState::Errored;
                self.events.push_back(Event::ChannelErrored {
                    topic: topic.clone(),
                });
            }
            channel.rejoin_at = None;
        }
        self.time_out_sent(|_| true);
    }

    fn make_ref(&mut self) -> String {
        self.next_ref += 1;
        self.next_ref.to_string()
    }

    fn send(
        &mut self,
        join_ref: Option<&str>,
        msg_ref: &str,
        topic: &str,
        event: &str,
        payload: &Map<String, Value>,
    ) {
        let frame = encode_client_text(join_ref, Some(msg_ref), topic, event, payload);
        self.commands.push_back(Command::Send(frame));
    }
}
