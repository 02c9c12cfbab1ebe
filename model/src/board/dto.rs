//! What the server sends about posts and comments and the browser (and the API) reads.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::chat::Author;

/// Whether a post is only its author's (and the admins') yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PostState {
    Draft,
    Published,
}

impl PostState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        match input {
            "draft" => Some(Self::Draft),
            "published" => Some(Self::Published),
            _ => None,
        }
    }
}

/// A post as the feed lists it: no body, a plain-text excerpt of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostSummary {
    pub id: i64,
    pub title: String,
    pub excerpt: String,
    pub author: Author,
    pub tags: Vec<String>,
    pub state: PostState,
    pub like_count: i64,
    pub comment_count: i64,
    /// Whether the reader likes it.
    #[serde(default)]
    pub liked: bool,
    /// None for a draft.
    #[serde(default)]
    pub published_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// A post as its page shows it: the body rendered from Markdown and sanitised (safe to put in
/// the page as HTML), and the Markdown itself when the reader may edit it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostDetail {
    pub post: PostSummary,
    pub html: String,
    #[serde(default)]
    pub markdown: Option<String>,
}

/// A comment on a post, its Markdown rendered and sanitised.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentInfo {
    pub id: i64,
    pub post_id: i64,
    pub author: Author,
    pub html: String,
    pub like_count: i64,
    #[serde(default)]
    pub liked: bool,
    pub inserted_at: DateTime<Utc>,
}
