//! The `room:<id>` channel's contract, once for everyone who speaks it: the server's channel
//! and room tasks, the domain's announcements, and the browser's live room. Topics, event
//! names, what each event carries, the refusals and the page sizes live here and nowhere else;
//! a renamed field breaks the build on both sides instead of the page.
//!
//! | event            | direction                  | payload                      | reply              |
//! |------------------|----------------------------|------------------------------|--------------------|
//! | `phx_join`       | client → room              | [`JoinParams`]               | [`JoinReply`]      |
//! | [`NEW_MESSAGE`]  | client → room              | [`NewMessage`]               | [`ChatMessage`]    |
//! | [`TYPING`]       | client → room              | [`TypingNotice`]             | none               |
//! | [`READ_RECEIPT`] | client → room              | [`ReadUpTo`]                 | [`ReadReceipt`]    |
//! | [`HISTORY`]      | client → room              | [`HistoryRequest`]           | [`Page`]           |
//! | [`EDIT_MESSAGE`] | client → room              | [`EditMessage`]              | [`MessageEdited`]  |
//! | [`DELETE_MESSAGE`] | client → room            | [`DeleteMessage`]            | [`MessageDeleted`] |
//! | [`REACT`]        | client → room              | [`React`]                    | [`ReactionChanged`] |
//! | [`PING`]         | client → room              | anything (echoed)            | the same           |
//! | [`NEW_MESSAGE`]  | room → everyone            | [`ChatMessage`]              |                    |
//! | [`MESSAGE_READ`] | room → everyone            | [`ReadReceipt`]              |                    |
//! | [`MESSAGE_EDITED`] | room → everyone          | [`MessageEdited`]            |                    |
//! | [`MESSAGE_DELETED`] | room → everyone         | [`MessageDeleted`]           |                    |
//! | [`REACTION_CHANGED`] | room → everyone        | [`ReactionChanged`]          |                    |
//! | [`USER_TYPING`]  | room → all but the typist  | [`Typing`]                   |                    |
//! | [`USER_JOINED`]  | room → all but the joiner  | [`UserJoined`]               |                    |
//! | [`USER_LEFT`]    | room → everyone            | [`UserLeft`]                 |                    |
//! | [`ROOM_RENAMED`] | room (and [`ROOMS_TOPIC`]) | [`RoomChanged`]              |                    |
//! | [`ROOM_DELETED`] | room (and [`ROOMS_TOPIC`]) | [`RoomDeleted`]              |                    |
//! | [`ROOM_CREATED`] | [`ROOMS_TOPIC`]            | [`RoomChanged`]              |                    |

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{ChatMessage, Reaction, ReadReceipt, RoomInfo};

/// The pattern every room's topic matches (for the socket's channel router).
pub const TOPICS: &str = "room:*";
const PREFIX: &str = "room:";

/// The list of public rooms: rooms appearing, changing and going away.
pub const ROOMS_TOPIC: &str = "rooms";

/// The topic of room `room_id`.
pub fn topic(room_id: i64) -> String {
    format!("{PREFIX}{room_id}")
}

/// The room a topic names, if it is a room's topic — written exactly as [`topic`] writes it,
/// so that `room:01` or `room:+1` are not second names for room 1.
pub fn room_id(topic: &str) -> Option<i64> {
    let id: i64 = topic.strip_prefix(PREFIX)?.parse().ok()?;
    (self::topic(id) == topic).then_some(id)
}

/// A message posted: pushed by its author, broadcast once saved.
pub const NEW_MESSAGE: &str = "new_message";
/// The reader is (or stopped) typing; pushed, never broadcast as is.
pub const TYPING: &str = "typing";
/// Who is typing, broadcast by the room's task (throttled, and expired when they stop).
pub const USER_TYPING: &str = "user_typing";
/// The reader has read up to a message; pushed.
pub const READ_RECEIPT: &str = "read_receipt";
/// Someone has read up to a message; broadcast once saved.
pub const MESSAGE_READ: &str = "message_read";
/// A page of older or newer messages; pushed, answered with a [`Page`].
pub const HISTORY: &str = "history";
/// The author changes their message's text; pushed, answered with a [`MessageEdited`].
pub const EDIT_MESSAGE: &str = "edit_message";
/// A message's text changed; broadcast once saved.
pub const MESSAGE_EDITED: &str = "message_edited";
/// The author (or an admin) deletes a message; pushed, answered with a [`MessageDeleted`].
pub const DELETE_MESSAGE: &str = "delete_message";
/// A message became a tombstone; broadcast once saved.
pub const MESSAGE_DELETED: &str = "message_deleted";
/// The reader gives or takes back a reaction; pushed, answered with a [`ReactionChanged`].
pub const REACT: &str = "react";
/// Someone gave or took back a reaction; broadcast once saved, when something changed.
pub const REACTION_CHANGED: &str = "reaction_changed";
/// Echoed back: the client measures its round trip with it.
pub const PING: &str = "ping";
/// Someone's first socket joined the room.
pub const USER_JOINED: &str = "user_joined";
/// Someone's last socket left the room.
pub const USER_LEFT: &str = "user_left";
pub const ROOM_RENAMED: &str = "room_renamed";
pub const ROOM_DELETED: &str = "room_deleted";
pub const ROOM_CREATED: &str = "room_created";

/// How many messages a first join brings, and one scroll up loads.
pub const RECENT_MESSAGES: u32 = 50;
/// The most messages one reply carries (a catch-up or a history page).
pub const MAX_PAGE: u32 = 100;
/// The longest device label a client may give its presence.
pub const MAX_DEVICE_CHARS: usize = 40;

/// Why a join or a push was refused (`{"reason": …}`).
pub mod refusals {
    /// No such room, or one the person may not enter: one answer for both, so a join cannot
    /// tell a private room's existence.
    pub const NOT_FOUND: &str = "not found";
    /// The room could not be read right now; the client tries again.
    pub const UNAVAILABLE: &str = "unavailable";
    /// The join's parameters are not [`super::JoinParams`].
    pub const BAD_JOIN: &str = "bad join parameters";
    /// A push's fields are not what its event carries.
    pub const BAD_FIELDS: &str = "the message's fields are not as expected";
    /// A history request must say `before` or `after`, not both or neither.
    pub const BEFORE_OR_AFTER: &str = "give either before or after";
    pub const UNKNOWN_EVENT: &str = "unknown event";
    /// Only a message's author may edit it; only they or an admin may delete it.
    pub const NOT_YOURS: &str = "only its author may change this message";
}

/// `phx_join`'s payload.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct JoinParams {
    /// The newest message the client already has; the reply then carries what came after
    /// (at most [`MAX_PAGE`]) instead of the [`RECENT_MESSAGES`] newest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen_id: Option<i64>,
    /// What the reader's presence shows (at most [`MAX_DEVICE_CHARS`]); "web" when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
}

/// The answer to a join: the room, its messages, and how far each member has read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinReply {
    pub room: RoomInfo,
    /// Oldest first.
    pub messages: Vec<ChatMessage>,
    /// A catch-up filled its page: more came after; ask with [`HISTORY`] `after`.
    pub has_more: bool,
    pub receipts: Vec<ReadReceipt>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMessage {
    pub body: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypingNotice {
    pub typing: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadUpTo {
    pub message_id: i64,
}

/// [`EDIT_MESSAGE`]'s payload: the message's new text (the rules of a new message's).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditMessage {
    pub message_id: i64,
    pub body: String,
}

/// [`MESSAGE_EDITED`]'s payload, and the answer to [`EDIT_MESSAGE`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageEdited {
    pub message_id: i64,
    pub body: String,
    pub edited_at: DateTime<Utc>,
}

/// [`DELETE_MESSAGE`]'s payload, [`MESSAGE_DELETED`]'s, and the answer to the push.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageDeleted {
    pub message_id: i64,
}

/// [`DELETE_MESSAGE`]'s payload.
pub type DeleteMessage = MessageDeleted;

/// [`REACT`]'s payload: give (`on`) or take back a reaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct React {
    pub message_id: i64,
    pub reaction: Reaction,
    pub on: bool,
}

/// [`REACTION_CHANGED`]'s payload, and the answer to [`REACT`]: who changed what, and how many
/// now give the message that reaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReactionChanged {
    pub message_id: i64,
    pub reaction: Reaction,
    pub user_id: i64,
    pub on: bool,
    pub count: i64,
}

/// A page of history: the messages just older than `before`, or just newer than `after`;
/// `limit` is 1 to [`MAX_PAGE`] ([`RECENT_MESSAGES`] when absent).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

impl HistoryRequest {
    /// The page size asked for, as the server serves it.
    pub fn page_size(&self) -> u32 {
        self.limit.unwrap_or(RECENT_MESSAGES).clamp(1, MAX_PAGE)
    }
}

/// The answer to [`HISTORY`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    /// Oldest first.
    pub messages: Vec<ChatMessage>,
    /// The page is full: there may be more in the same direction.
    pub has_more: bool,
}

/// [`USER_TYPING`]'s payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Typing {
    pub user_id: i64,
    pub name: String,
    pub typing: bool,
}

/// [`USER_JOINED`]'s payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserJoined {
    pub user_id: i64,
    pub name: String,
    pub joined_at: DateTime<Utc>,
}

/// [`USER_LEFT`]'s payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserLeft {
    pub user_id: i64,
    pub name: String,
    pub left_at: DateTime<Utc>,
}

/// [`ROOM_RENAMED`]'s and [`ROOM_CREATED`]'s payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomChanged {
    pub room: RoomInfo,
}

/// [`ROOM_DELETED`]'s payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomDeleted {
    pub room_id: i64,
}

/// A refusal's payload: `{"reason": …}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_topic_names_its_room_and_nothing_else_does() {
        assert_eq!(topic(42), "room:42");
        assert_eq!(room_id(&topic(42)), Some(42));
        for other in [
            "room:",
            "room:x",
            "rooms",
            "room:4.2",
            "dashboard:updates",
            "room: 1",
        ] {
            assert_eq!(room_id(other), None, "{other}");
        }
        assert!(topic(7).starts_with(TOPICS.trim_end_matches('*')));
    }

    #[test]
    fn join_params_are_all_optional_and_absent_ones_are_not_sent() {
        let empty: JoinParams = serde_json::from_value(json!({})).expect("parses");
        assert_eq!(empty, JoinParams::default());
        assert_eq!(serde_json::to_value(&empty).expect("encodes"), json!({}));
        let full = JoinParams {
            last_seen_id: Some(9),
            device: Some("phone".into()),
        };
        assert_eq!(
            serde_json::to_value(&full).expect("encodes"),
            json!({ "last_seen_id": 9, "device": "phone" })
        );
    }

    #[test]
    fn a_history_page_is_one_to_max_page_messages() {
        let ask = |limit| HistoryRequest {
            before: Some(1),
            after: None,
            limit,
        };
        assert_eq!(ask(None).page_size(), RECENT_MESSAGES);
        assert_eq!(ask(Some(0)).page_size(), 1);
        assert_eq!(ask(Some(10_000)).page_size(), MAX_PAGE);
        assert_eq!(
            serde_json::to_value(ask(Some(5))).expect("encodes"),
            json!({ "before": 1, "limit": 5 })
        );
    }
}
