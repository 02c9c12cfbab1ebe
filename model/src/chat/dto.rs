//! What the server sends about rooms and messages, and the browser reads: the same types on
//! both sides, so a renamed field breaks the build instead of the page.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ReactionCount;

/// One message as a room shows it. Times are RFC 3339 on the wire. A deleted message stays
/// in its place as a tombstone: `deleted`, with no body and no reactions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub id: i64,
    pub room_id: i64,
    pub author: Author,
    pub body: String,
    pub inserted_at: DateTime<Utc>,
    /// When its author last changed it.
    #[serde(default)]
    pub edited_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub deleted: bool,
    /// The reactions it was given, in [`super::Reaction::ALL`]'s order, none at zero.
    #[serde(default)]
    pub reactions: Vec<ReactionCount>,
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

/// A line of the room list: the room, how many belong to it, how many messages the reader
/// has not read yet, and the newest message (none in a room nobody has written in).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomSummary {
    pub room: RoomInfo,
    pub member_count: i64,
    pub unread_count: i64,
    #[serde(default)]
    pub last_message: Option<LastMessage>,
}

/// A room's newest message as its line in the room list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastMessage {
    pub author_name: String,
    /// The start of its text on one line (see [`LastMessage::preview`]).
    pub preview: String,
    pub inserted_at: DateTime<Utc>,
    /// It was deleted (the preview is empty).
    #[serde(default)]
    pub deleted: bool,
}

impl LastMessage {
    /// The longest preview, in characters, "…" included.
    pub const PREVIEW_CHARS: usize = 80;

    /// `body` on one line (every run of white space one space) and at most
    /// [`Self::PREVIEW_CHARS`] characters, ending in "…" when cut.
    pub fn preview(body: &str) -> String {
        let line = body.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.chars().count() <= Self::PREVIEW_CHARS {
            return line;
        }
        let mut cut: String = line.chars().take(Self::PREVIEW_CHARS - 1).collect();
        // At a word's end when there is one to cut at; inside the only word otherwise.
        if let Some(space) = cut.rfind(' ') {
            cut.truncate(space);
        }
        cut.push('…');
        cut
    }
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
            edited_at: None,
            deleted: false,
            reactions: Vec::new(),
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
            last_message: None,
        };
        let json = serde_json::to_value(&summary).expect("serializes");
        assert_eq!(json["room"]["name"], "general");
        assert_eq!(json["unread_count"], 4);
    }

    #[test]
    fn a_preview_is_one_line_cut_at_a_word_with_an_ellipsis() {
        assert_eq!(
            LastMessage::preview("  hello\n\n  world\t!  "),
            "hello world !"
        );
        assert_eq!(LastMessage::preview(""), "");
        let long = "word ".repeat(40);
        let preview = LastMessage::preview(&long);
        assert!(preview.ends_with("word…"), "{preview}");
        assert!(preview.chars().count() <= LastMessage::PREVIEW_CHARS);
        // One endless word is cut inside it; characters, not bytes, are counted.
        let endless = "é".repeat(200);
        let preview = LastMessage::preview(&endless);
        assert_eq!(preview.chars().count(), LastMessage::PREVIEW_CHARS);
        assert!(preview.ends_with('…'));
        // Exactly as long as allowed: kept whole.
        let fits = "a".repeat(LastMessage::PREVIEW_CHARS);
        assert_eq!(LastMessage::preview(&fits), fits);
    }
}
