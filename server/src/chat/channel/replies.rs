//! How the room channel turns what it was sent into the contract's types, and what it answers
//! into replies: refusals that never tell a private room's existence, field errors, and
//! contract types as JSON.

use domain::chat::{ChatError, Message};
use model::{
    chat::{ChatMessage, MessageBody, channel::refusals},
    wire::Payload,
};
use realtime::{ChannelFailure, Reply, json_payload};
use serde::Serialize;
use serde_json::{Value, json};

pub(super) fn messages(list: Vec<Message>) -> Vec<ChatMessage> {
    list.into_iter().map(ChatMessage::from).collect()
}

pub(super) fn refusal(error: ChatError) -> Value {
    let reason = match error {
        // One answer for a room that does not exist and one this person may not enter, so a
        // join cannot tell a private room's existence.
        ChatError::NotFound | ChatError::Unauthorized | ChatError::Forbidden => refusals::NOT_FOUND,
        ChatError::NotAuthor => refusals::NOT_YOURS,
        other => {
            tracing::error!(
                error = &other as &dyn std::error::Error,
                "a room request failed"
            );
            refusals::UNAVAILABLE
        }
    };
    json!({ "reason": reason })
}

/// Reads a payload as `T`, or answers why not.
pub(super) fn params<T: serde::de::DeserializeOwned>(payload: Payload) -> Result<T, Reply> {
    let map = json_payload(payload)?;
    serde_json::from_value(Value::Object(map)).map_err(|_| Reply::refuse(refusals::BAD_FIELDS))
}

/// A message's text by the rules of one, or the refusal that names the field.
pub(super) fn message_body(text: &str) -> Result<MessageBody, Reply> {
    MessageBody::parse(text)
        .map_err(|error| Reply::Error(json!({ "errors": { "body": error.to_string() } })))
}

/// A contract type as the JSON a reply or broadcast carries. They are plain data and always
/// encode; should one ever not, the channel fails (the client gets `phx_error`).
pub(super) fn to_json(value: impl Serialize) -> Result<Value, ChannelFailure> {
    serde_json::to_value(value)
        .map_err(|error| ChannelFailure::new("encoding a reply failed", error))
}
