//! What the server sends about rooms and messages, and the browser reads: the same types on
//! both sides, so a renamed field breaks the build instead of the page.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One message as a room shows it. Times are RFC 3339 on the wire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub id: i64,
    pub room_id: i64,
    pub author: Author,
    pub body: String,
    pub inserted_at: DateTime<Utc>,
}

/// Who wrote a message, as much as the room shows of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    pub id: i64,
    pub name: String,
    /// Their picture (`/avatars/<user id>?v=<upload id>`), when they have uploaded one.
    #[serde(default)]
    pub avatar_url: Option<String>,
}

/// A room's own facts. `created_by` is `None` once its creator's account is gone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomInfo {
    pub id: i64,
    pub name: String,
    pub private: bool,
    pub created_by: Option<i64>,
}

/// A line of the room list: the room, how many belong to it, and how many messages the reader
/// has not read yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomSummary {
    pub room: RoomInfo,
    pub member_count: i64,
    pub unread_count: i64,
}

/// How far one member has read in a room: everything up to and including `message_id`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadReceipt {
    pub room_id: i64,
    pub user_id: i64,
    pub message_id: i64,
    pub read_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_travels_with_its_time_in_rfc_3339() {
        let message = ChatMessage {
            id: 7,
            room_id: 1,
            author: Author {
                id: 2,
                name: "Ada".into(),
                avatar_url: None,
            },
            body: "hello".into(),
            inserted_at: DateTime::from_timestamp_millis(1_700_000_000_123).expect("in range"),
        };
        let json = serde_json::to_value(&message).expect("serializes");
        assert_eq!(json["inserted_at"], "2023-11-14T22:13:20.123Z");
        assert_eq!(json["author"]["name"], "Ada");
        let back: ChatMessage = serde_json::from_value(json).expect("deserializes");
        assert_eq!(back, message);
    }

    #[test]
    fn a_summary_keeps_its_room_nested() {
        let summary = RoomSummary {
            room: RoomInfo {
                id: 1,
                name: "general".into(),
                private: false,
                created_by: Some(2),
            },
            member_count: 3,
            unread_count: 4,
        };
        let json = serde_json::to_value(&summary).expect("serializes");
        assert_eq!(json["room"]["name"], "general");
        assert_eq!(json["unread_count"], 4);
    }
}
