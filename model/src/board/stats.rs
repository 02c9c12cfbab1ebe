//! What the board counts (recipes 3, 30, 35): one person's part in it, and the admins' report of
//! everyone's by month and role — each worked out by the database with joins and aggregates.

use serde::{Deserialize, Serialize};

use crate::chat::Author;

/// One person's page: who they are, how much they wrote and how it was liked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonStats {
    pub person: Author,
    pub handle: String,
    /// Published posts.
    pub posts: i64,
    pub comments: i64,
    /// Likes given to their published posts and to their comments.
    pub likes_received: i64,
    /// The tags they use most on published posts, most used first (at most five).
    pub top_tags: Vec<TagCount>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagCount {
    pub tag: String,
    pub posts: i64,
}

/// One month's activity by the people of one role (`YYYY-MM`, UTC).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardMonth {
    pub month: String,
    /// `admin` or `user`.
    pub role: String,
    pub posts: i64,
    pub comments: i64,
    pub likes: i64,
}

/// The admins' report: months newest first, each month's roles in name order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardReport {
    pub months: Vec<BoardMonth>,
}
