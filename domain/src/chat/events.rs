//! What the chat announces, after the change has committed: one enum, so every topic, event
//! name and payload shape lives here and nowhere else.

use model::chat::{ChatMessage, ReadReceipt as ReadReceiptDto, RoomInfo};
use serde::Serialize;

use super::{Message, ReadReceipt, Room};
use pubsub::PubSub;

/// The topic of the room list: public rooms appearing, changing and going away.
pub const ROOMS_TOPIC: &str = "rooms";

/// The topic of one room, which its channel subscribes to.
pub fn room_topic(room_id: i64) -> String {
    format!("room:{room_id}")
}

/// Something that happened in the chat, for those listening.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChatEvent {
    /// `new_message` on the room's topic, with the [`ChatMessage`].
    MessagePosted(Message),
    /// `message_read` on the room's topic, with the [`ReadReceiptDto`].
    MessageRead(ReadReceipt),
    /// `room_renamed` with `{"room": RoomInfo}` on the room's topic, and on [`ROOMS_TOPIC`] if
    /// the room is public.
    RoomRenamed(Room),
    /// `room_deleted` with `{"room_id": id}` on the room's topic, and on [`ROOMS_TOPIC`] if the
    /// room was public.
    RoomDeleted { room_id: i64, private: bool },
    /// `room_created` with `{"room": RoomInfo}` on [`ROOMS_TOPIC`] if the room is public (a
    /// private room's name is for its members only).
    RoomCreated(Room),
}

#[derive(Serialize)]
struct RoomPayload {
    room: RoomInfo,
}

#[derive(Serialize)]
struct RoomIdPayload {
    room_id: i64,
}

impl ChatEvent {
    /// The event name clients match on.
    pub fn name(&self) -> &'static str {
        match self {
            Self::MessagePosted(_) => "new_message",
            Self::MessageRead(_) => "message_read",
            Self::RoomRenamed(_) => "room_renamed",
            Self::RoomDeleted { .. } => "room_deleted",
            Self::RoomCreated(_) => "room_created",
        }
    }

    /// The topics that hear of it.
    fn topics(&self) -> Vec<String> {
        let (room_id, private) = match self {
            Self::MessagePosted(message) => return vec![room_topic(message.room_id)],
            Self::MessageRead(receipt) => return vec![room_topic(receipt.room_id)],
            Self::RoomCreated(room) if room.private => return Vec::new(),
            Self::RoomCreated(_) => return vec![ROOMS_TOPIC.to_owned()],
            Self::RoomRenamed(room) => (room.id, room.private),
            Self::RoomDeleted { room_id, private } => (*room_id, *private),
        };
        let mut topics = vec![room_topic(room_id)];
        if !private {
            topics.push(ROOMS_TOPIC.to_owned());
        }
        topics
    }

    fn payload(self) -> Result<serde_json::Value, serde_json::Error> {
        match self {
            Self::MessagePosted(message) => serde_json::to_value(ChatMessage::from(message)),
            Self::MessageRead(receipt) => serde_json::to_value(ReadReceiptDto::from(receipt)),
            Self::RoomRenamed(room) | Self::RoomCreated(room) => {
                serde_json::to_value(RoomPayload { room: room.into() })
            }
            Self::RoomDeleted { room_id, .. } => serde_json::to_value(RoomIdPayload { room_id }),
        }
    }

    /// Broadcasts the event on each of its topics. Call it only once the change has committed,
    /// so nobody hears of something that then did not happen.
    pub fn publish(self, pubsub: &PubSub) {
        let (name, topics) = (self.name(), self.topics());
        match self.payload() {
            Ok(payload) => {
                for topic in topics {
                    pubsub.broadcast(&topic, name, payload.clone());
                }
            }
            // These payloads are plain data and always encode; should that ever change, the
            // change itself has committed and must not be reported as failed.
            Err(error) => {
                tracing::error!(%error, event = name, "a chat event could not be encoded")
            }
        }
    }
}
