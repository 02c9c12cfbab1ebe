//! What the chat announces, after the change has committed: one enum, whose topics, event
//! names and payloads are the channel contract's (`model::chat::channel`).

use model::chat::{
    ChatMessage, ReadReceipt as ReadReceiptDto,
    channel::{
        self, MessageDeleted, MessageEdited, ROOMS_TOPIC, ReactionChanged, RoomChanged, RoomDeleted,
    },
};
use pubsub::PubSub;

use super::{Message, ReadReceipt, Room};

/// Something that happened in the chat, for those listening.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChatEvent {
    /// `new_message` on the room's topic, with the [`ChatMessage`].
    MessagePosted(Message),
    /// `message_read` on the room's topic, with the [`ReadReceiptDto`].
    MessageRead(ReadReceipt),
    /// `message_edited` on the room's topic.
    MessageEdited { room_id: i64, edited: MessageEdited },
    /// `message_deleted` on the room's topic.
    MessageDeleted {
        room_id: i64,
        deleted: MessageDeleted,
    },
    /// `reaction_changed` on the room's topic.
    ReactionChanged {
        room_id: i64,
        change: ReactionChanged,
    },
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

impl ChatEvent {
    /// The event name clients match on.
    pub fn name(&self) -> &'static str {
        match self {
            Self::MessagePosted(_) => channel::NEW_MESSAGE,
            Self::MessageRead(_) => channel::MESSAGE_READ,
            Self::MessageEdited { .. } => channel::MESSAGE_EDITED,
            Self::MessageDeleted { .. } => channel::MESSAGE_DELETED,
            Self::ReactionChanged { .. } => channel::REACTION_CHANGED,
            Self::RoomRenamed(_) => channel::ROOM_RENAMED,
            Self::RoomDeleted { .. } => channel::ROOM_DELETED,
            Self::RoomCreated(_) => channel::ROOM_CREATED,
        }
    }

    /// The topics that hear of it.
    fn topics(&self) -> Vec<String> {
        let (room_id, private) = match self {
            Self::MessagePosted(message) => return vec![channel::topic(message.room_id)],
            Self::MessageRead(receipt) => return vec![channel::topic(receipt.room_id)],
            Self::MessageEdited { room_id, .. }
            | Self::MessageDeleted { room_id, .. }
            | Self::ReactionChanged { room_id, .. } => return vec![channel::topic(*room_id)],
            Self::RoomCreated(room) if room.private => return Vec::new(),
            Self::RoomCreated(_) => return vec![ROOMS_TOPIC.to_owned()],
            Self::RoomRenamed(room) => (room.id, room.private),
            Self::RoomDeleted { room_id, private } => (*room_id, *private),
        };
        let mut topics = vec![channel::topic(room_id)];
        if !private {
            topics.push(ROOMS_TOPIC.to_owned());
        }
        topics
    }

    fn payload(self) -> Result<serde_json::Value, serde_json::Error> {
        match self {
            Self::MessagePosted(message) => serde_json::to_value(ChatMessage::from(message)),
            Self::MessageRead(receipt) => serde_json::to_value(ReadReceiptDto::from(receipt)),
            Self::MessageEdited { edited, .. } => serde_json::to_value(edited),
            Self::MessageDeleted { deleted, .. } => serde_json::to_value(deleted),
            Self::ReactionChanged { change, .. } => serde_json::to_value(change),
            Self::RoomRenamed(room) | Self::RoomCreated(room) => {
                serde_json::to_value(RoomChanged { room: room.into() })
            }
            Self::RoomDeleted { room_id, .. } => serde_json::to_value(RoomDeleted { room_id }),
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
