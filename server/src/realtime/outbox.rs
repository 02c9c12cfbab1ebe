//! Frames a socket will write once its current step is done, encoded as V2 text: replies, pushes
//! to this client, control pushes, and broadcasts (encoded once for every subscriber).

use std::sync::Arc;

use axum::extract::ws::{Message, Utf8Bytes};
use bytes::Bytes;
use domain::pubsub::Broadcast;
use model::wire::{self, REPLY, Status};
use serde_json::{Value, json};

use super::channel::{Push, Reply};

#[derive(Default)]
pub(super) struct Outbox {
    frames: Vec<Message>,
}

impl Outbox {
    fn text(&mut self, text: String) {
        self.frames.push(Message::Text(text.into()));
    }

    /// `[join_ref, ref, topic, "phx_reply", {status, response}]`; nothing for [`Reply::None`].
    pub(super) fn reply(
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
    pub(super) fn pushes(&mut self, join_ref: &str, topic: &str, pushes: Vec<Push>) {
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
    pub(super) fn control(&mut self, join_ref: &str, topic: &str, event: &str, payload: Value) {
        self.text(wire::encode_server_text(
            Some(join_ref),
            Some(join_ref),
            topic,
            event,
            &payload,
        ));
    }

    /// `[null, null, topic, event, payload]`, sharing the encoding with every other subscriber.
    pub(super) fn broadcast(&mut self, broadcast: &Broadcast) {
        let text = broadcast
            .encoded(|b| wire::encode_server_text(None, None, &b.topic, &b.event, &b.payload));
        self.frames.push(Message::Text(shared_text(text)));
    }

    pub(super) fn take(&mut self) -> std::vec::Drain<'_, Message> {
        self.frames.drain(..)
    }
}

/// `[join_ref, null, topic, event, payload]` around a payload that is JSON already, the same
/// text [`wire::encode_server_text`] would write for it.
fn encode_with_payload(join_ref: &str, topic: &str, event: &str, payload: &str) -> String {
    let head = wire::encode_server_text(Some(join_ref), None, topic, event, &Value::Null);
    let head = head
        .strip_suffix("null]")
        .unwrap_or_else(|| unreachable!("the frame ends with its payload"));
    let mut text = String::with_capacity(head.len() + payload.len() + 1);
    text.push_str(head);
    text.push_str(payload);
    text.push(']');
    text
}

/// Wraps a shared encoding as a frame without copying the text.
fn shared_text(text: Arc<str>) -> Utf8Bytes {
    struct Owner(Arc<str>);
    impl AsRef<[u8]> for Owner {
        fn as_ref(&self) -> &[u8] {
            self.0.as_bytes()
        }
    }
    Utf8Bytes::try_from(Bytes::from_owner(Owner(text)))
        .unwrap_or_else(|_| unreachable!("a str is UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
