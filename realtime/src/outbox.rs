//! Frames a socket will write once its current step is done, encoded as V2 text: replies, pushes
//! to this client, control pushes, and broadcasts (encoded once for every subscriber).
//!
//! The outbox writes its text frames to the socket itself — a two-to-ten-byte header and the
//! payload in one vectored write — rather than through tungstenite, which would copy each frame
//! into a per-socket buffer that keeps the capacity of the largest frame ever written (a
//! `presence_state` grows with its room). A broadcast's encoding is shared, never copied.

use std::{io::IoSlice, sync::Arc};

use bytes::Bytes;
use futures_util::SinkExt;
use model::wire::{self, REPLY, Status};
use pubsub::Broadcast;
use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio_tungstenite::{WebSocketStream, tungstenite};

use crate::channel::{Push, Reply};

#[derive(Default)]
pub(crate) struct Outbox {
    /// Text frames' payloads, UTF-8 by construction.
    frames: Vec<Bytes>,
}

impl Outbox {
    fn text(&mut self, text: String) {
        self.frames.push(Bytes::from(text));
    }

    /// `[join_ref, ref, topic, "phx_reply", {status, response}]`; nothing for [`Reply::None`].
    pub(crate) fn reply(
        &mut self,
        join_ref: Option<&str>,
        msg_ref: Option<&str>,
        topic: &str,
        reply: Reply,
    ) {
        let (status, response) = match reply {
            Reply::Ok(response) => (Status::Ok, response),
            Reply::Error(response) => (Status::Error, response),
            Reply::None => return,
        };
        let payload = json!({ "status": status.as_str(), "response": response });
        self.text(wire::encode_server_text(
            join_ref, msg_ref, topic, REPLY, &payload,
        ));
    }

    /// A channel's pushes to this client: `[join_ref, null, topic, event, payload]`.
    pub(crate) fn pushes(&mut self, join_ref: &str, topic: &str, pushes: Vec<Push>) {
        for push in pushes {
            let text = match push {
                Push::Value(event, payload) => {
                    wire::encode_server_text(Some(join_ref), None, topic, &event, &payload)
                }
                Push::Encoded(event, payload) => {
                    encode_with_payload(join_ref, topic, &event, &payload)
                }
            };
            self.text(text);
        }
    }

    /// `phx_close` and `phx_error`, which carry the join_ref as their ref too.
    pub(crate) fn control(&mut self, join_ref: &str, topic: &str, event: &str, payload: Value) {
        self.text(wire::encode_server_text(
            Some(join_ref),
            Some(join_ref),
            topic,
            event,
            &payload,
        ));
    }

    /// `[null, null, topic, event, payload]`, sharing the encoding with every other subscriber.
    pub(crate) fn broadcast(&mut self, broadcast: &Broadcast) {
        let text = broadcast
            .encoded(|b| wire::encode_server_text(None, None, &b.topic, &b.event, &b.payload));
        self.frames.push(shared_text(text));
    }

    /// Writes the frames, in order, after whatever tungstenite still holds (a pong, say).
    pub(crate) async fn write_to<S>(
        &mut self,
        ws: &mut WebSocketStream<S>,
    ) -> Result<(), tungstenite::Error>
    where
        S: AsyncRead + AsyncWrite + Unpin,
    {
        if self.frames.is_empty() {
            return Ok(());
        }
        ws.flush().await?;
        let stream = ws.get_mut();
        for payload in self.frames.drain(..) {
            let mut header = [0; 10];
            let header = text_header(&mut header, payload.len());
            write_all_vectored(stream, header, &payload).await?;
        }
        Ok(())
    }
}

/// A final, unmasked text frame's header (RFC 6455 5.2) for `len` bytes of payload.
fn text_header(buf: &mut [u8; 10], len: usize) -> &[u8] {
    buf[0] = 0x81;
    if len < 126 {
        buf[1] = len as u8;
        &buf[..2]
    } else if let Ok(len) = u16::try_from(len) {
        buf[1] = 126;
        buf[2..4].copy_from_slice(&len.to_be_bytes());
        &buf[..4]
    } else {
        buf[1] = 127;
        buf[2..10].copy_from_slice(&(len as u64).to_be_bytes());
        &buf[..10]
    }
}

/// Writes `head` then `body` with as few syscalls as the socket allows (one, usually).
async fn write_all_vectored<W: tokio::io::AsyncWrite + Unpin>(
    stream: &mut W,
    mut head: &[u8],
    mut body: &[u8],
) -> std::io::Result<()> {
    while !head.is_empty() || !body.is_empty() {
        let written = stream
            .write_vectored(&[IoSlice::new(head), IoSlice::new(body)])
            .await?;
        if written == 0 {
            return Err(std::io::ErrorKind::WriteZero.into());
        }
        let from_head = written.min(head.len());
        head = &head[from_head..];
        body = &body[written - from_head..];
    }
    Ok(())
}

/// `[join_ref, null, topic, event, payload]` around a payload that is JSON already, the same
/// text [`wire::encode_server_text`] would write for it.
fn encode_with_payload(join_ref: &str, topic: &str, event: &str, payload: &str) -> String {
    let head = wire::encode_server_text(Some(join_ref), None, topic, event, &Value::Null);
    let head = head
        .strip_suffix("null]")
        .expect("a frame ends with its payload");
    let mut text = String::with_capacity(head.len() + payload.len() + 1);
    text.push_str(head);
    text.push_str(payload);
    text.push(']');
    text
}

/// Wraps a shared encoding as a frame's payload without copying the text.
fn shared_text(text: Arc<str>) -> Bytes {
    struct Owner(Arc<str>);
    impl AsRef<[u8]> for Owner {
        fn as_ref(&self) -> &[u8] {
            self.0.as_bytes()
        }
    }
    Bytes::from_owner(Owner(text))
}

#[cfg(test)]
mod tests {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::{Message, protocol::Role};

    use super::*;

    /// Frames of every header size, written through a pipe too small for any of them to go in
    /// one write, arrive whole and in order at a real WebSocket client.
    #[tokio::test]
    async fn frames_written_directly_are_read_back_by_a_websocket_client() {
        let (server_end, client_end) = tokio::io::duplex(64);
        let mut server = WebSocketStream::from_raw_socket(server_end, Role::Server, None).await;
        let mut client = WebSocketStream::from_raw_socket(client_end, Role::Client, None).await;
        let sizes = [0, 1, 125, 126, 65_535, 65_536, 200_000];
        let texts: Vec<String> = sizes
            .iter()
            .map(|&size| "é".repeat(size / 2) + &"x".repeat(size % 2))
            .collect();

        let mut outbox = Outbox::default();
        for text in &texts {
            outbox.text(text.clone());
        }
        let reader = tokio::spawn(async move {
            let mut received = Vec::new();
            while received.len() < sizes.len() {
                match client.next().await {
                    Some(Ok(Message::Text(text))) => received.push(text.to_string()),
                    other => panic!("expected a text frame, got {other:?}"),
                }
            }
            received
        });
        outbox.write_to(&mut server).await.expect("written");
        assert!(outbox.frames.is_empty());
        assert_eq!(reader.await.expect("the reader ends"), texts);
    }

    #[test]
    fn a_push_of_an_encoded_payload_is_the_frame_a_value_would_make() {
        let payload = json!({ "7": { "metas": [{ "phx_ref": "a.1", "name": "Ada \"A\"" }] } });
        let encoded = serde_json::to_string(&payload).unwrap();
        assert_eq!(
            encode_with_payload("3", "room:1", "presence_state", &encoded),
            wire::encode_server_text(Some("3"), None, "room:1", "presence_state", &payload)
        );
    }
}
