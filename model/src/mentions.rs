//! Mentions: someone wrote `@handle` in a post, a comment or a chat message. What a person's
//! list of mentions shows, and the `mentions:<user id>` channel's contract — the badge in the
//! navigation, kept true on every page and in every tab:
//!
//! | event         | direction           | payload    | reply      |
//! |---------------|---------------------|------------|------------|
//! | `phx_join`    | client → mentions   | `{}`       | [`Unread`] |
//! | [`UNREAD`]    | mentions → its tabs | [`Unread`] |            |
//!
//! Only the person themselves may join their topic; anyone else's join is refused with
//! [`NOT_YOURS`]. [`UNREAD`] is sent whenever the count changes (a new mention, or the list
//! opened in another tab), so a page that lost its connection is right again at its rejoin.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::chat::Author;

/// The most people one text may notify: the first ones written count, the rest do not.
pub const MAX_PER_TEXT: usize = 10;
/// The most mention mails one person gets in an hour, however many texts name them: a flood of
/// comments naming someone fills their list, not their mailbox.
pub const MAILS_PER_HOUR: i64 = 10;
/// The most mentions a page of the list shows.
pub const PAGE: u32 = 50;

/// The pattern every person's mentions topic matches (for the socket's channel router).
pub const TOPICS: &str = "mentions:*";
const PREFIX: &str = "mentions:";

/// The topic of person `user_id`'s mentions.
pub fn topic(user_id: i64) -> String {
    format!("{PREFIX}{user_id}")
}

/// The person a topic names — written exactly as [`topic`] writes it.
pub fn person(topic: &str) -> Option<i64> {
    let id: i64 = topic.strip_prefix(PREFIX)?.parse().ok()?;
    (id > 0 && self::topic(id) == topic).then_some(id)
}

/// How many unseen mentions the person has now.
pub const UNREAD: &str = "unread";
/// The reason a join of someone else's mentions is refused with.
pub const NOT_YOURS: &str = "not_yours";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unread {
    pub count: i64,
}

/// Where someone was mentioned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MentionPlace {
    Post {
        post_id: i64,
        title: String,
    },
    Comment {
        post_id: i64,
        comment_id: i64,
        title: String,
    },
    Message {
        room_id: i64,
        room: String,
    },
}

impl MentionPlace {
    /// The page that shows it.
    pub fn href(&self) -> String {
        match self {
            Self::Post { post_id, .. } => format!("/posts/{post_id}"),
            Self::Comment {
                post_id,
                comment_id,
                ..
            } => format!("/posts/{post_id}#comment-{comment_id}"),
            Self::Message { room_id, .. } => format!("/chat/{room_id}"),
        }
    }
}

/// One mention, as the person's list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionInfo {
    pub id: i64,
    pub by: Author,
    pub place: MentionPlace,
    /// The start of what was written, as plain text.
    pub excerpt: String,
    pub at: DateTime<Utc>,
    /// Whether it had been seen before this reading of the list.
    pub seen: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_topic_names_one_person_in_one_spelling() {
        assert_eq!(person(&topic(7)), Some(7));
        for other in [
            "mentions:",
            "mentions:07",
            "mentions:+7",
            "mentions:0",
            "mentions:x",
        ] {
            assert_eq!(person(other), None, "{other}");
        }
    }

    #[test]
    fn each_place_links_to_its_page() {
        let comment = MentionPlace::Comment {
            post_id: 3,
            comment_id: 9,
            title: "t".into(),
        };
        assert_eq!(comment.href(), "/posts/3#comment-9");
        let message = MentionPlace::Message {
            room_id: 2,
            room: "general".into(),
        };
        assert_eq!(message.href(), "/chat/2");
    }
}
