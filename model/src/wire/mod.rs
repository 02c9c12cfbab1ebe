//! The Phoenix Channels wire format, serializer V2 (`docs/protocol.md`): what the server's
//! socket and the browser's client both speak, so each side decodes exactly what the other
//! encodes.
//!
//! Text frames are JSON arrays `[join_ref, ref, topic, event, payload]`; binary frames carry a
//! raw payload behind a kind byte and one-byte string lengths ([`binary`]).

pub mod backoff;
pub mod binary;
pub mod client;
pub mod presence;
mod text;

use serde_json::{Map, Value};

pub use text::{decode_client_text, decode_server_text, encode_client_text, encode_server_text};

/// The topic of the socket-level heartbeat.
pub const PHOENIX_TOPIC: &str = "phoenix";
pub const HEARTBEAT: &str = "heartbeat";
pub const JOIN: &str = "phx_join";
pub const LEAVE: &str = "phx_leave";
pub const REPLY: &str = "phx_reply";
pub const CLOSE: &str = "phx_close";
pub const ERROR: &str = "phx_error";

/// The close code and reason of a socket whose session ended (sign-out, sign out everywhere, a
/// password change). Each joined channel gets `phx_close` first, so no client rejoins it; a
/// client that then cannot fetch a new token (`/socket/token` answers 401) is signed out and
/// must stop reconnecting. 4000–4999 are the codes RFC 6455 leaves to applications.
pub const SIGNED_OUT_CODE: u16 = 4001;
/// The `reason` of a reply refused by a rate limit; the reply also says `retry_after_ms`. The
/// socket stays open: only that push was refused.
pub const RATE_LIMITED: &str = "rate limited";
pub const SIGNED_OUT_REASON: &str = "signed out";

/// A message body: a JSON object in text frames, raw bytes in binary ones.
#[derive(Clone, Debug, PartialEq)]
pub enum Payload {
    Json(Map<String, Value>),
    Binary(Vec<u8>),
}

/// What a client sends: every client message, join and heartbeat included.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientFrame {
    pub join_ref: Option<String>,
    pub msg_ref: Option<String>,
    pub topic: String,
    pub event: String,
    pub payload: Payload,
}

/// Whether a reply accepts or refuses what it answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Ok,
    Error,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Error => "error",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "ok" => Some(Self::Ok),
            "error" => Some(Self::Error),
            _ => None,
        }
    }
}

/// What a server sends: a reply to one client message, or a message on a topic — a push to
/// one client (`join_ref` set; `msg_ref` too for `phx_close`) or a broadcast (both `None`).
#[derive(Clone, Debug, PartialEq)]
pub enum ServerFrame {
    Reply {
        join_ref: Option<String>,
        msg_ref: String,
        topic: String,
        status: Status,
        response: Payload,
    },
    Message {
        join_ref: Option<String>,
        msg_ref: Option<String>,
        topic: String,
        event: String,
        payload: Payload,
    },
}

/// A frame ready for the socket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Encoded {
    Text(String),
    Binary(Vec<u8>),
}

/// Why bytes from the wire are not a frame. Each case closes at most the one connection.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("a frame must be a JSON array [join_ref, ref, topic, event, payload]")]
    NotAFrame,
    #[error("a frame's payload must be a JSON object")]
    PayloadNotAnObject,
    #[error("a reply must carry {{\"status\": \"ok\"|\"error\", \"response\": {{…}}}}")]
    MalformedReply,
    #[error("a binary frame is shorter than its header says")]
    Truncated,
    #[error("unknown binary frame kind {0}")]
    UnknownKind(u8),
    #[error("a binary frame's string is not UTF-8")]
    NotUtf8,
}

/// Why a frame cannot be written in the binary format.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    #[error("{0} is longer than the 255 bytes a binary frame allows")]
    TooLong(&'static str),
}
