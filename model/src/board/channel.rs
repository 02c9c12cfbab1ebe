//! The `post:<id>` channel's contract: a post's page hears the comments others write, and its
//! counts change as they happen. Only the server speaks on it; a page only listens.
//!
//! | event                | direction        | payload            | reply         |
//! |----------------------|------------------|--------------------|---------------|
//! | `phx_join`           | client → post    | [`JoinParams`]     | [`JoinReply`] |
//! | [`COMMENT_ADDED`]    | post → everyone  | [`CommentAdded`]   |               |
//! | [`COMMENT_DELETED`]  | post → everyone  | [`CommentDeleted`] |               |
//! | [`POST_LIKED`]       | post → everyone  | [`PostLiked`]      |               |
//! | [`COMMENT_LIKED`]    | post → everyone  | [`CommentLiked`]   |               |
//! | [`POST_GONE`]        | post → everyone  | `{}`               |               |
//!
//! A join names the last comment the page shows; the reply carries the comments written since
//! (at most [`CATCH_UP`]) and the counts as they are, so a page rendered a while ago — or one
//! that lost its connection — misses nothing. A join is refused with [`NOT_FOUND`] for a post
//! the reader may not see (none, or someone else's draft), [`BAD_JOIN`] for parameters that are
//! not [`JoinParams`].

use serde::{Deserialize, Serialize};

use super::CommentInfo;

/// The pattern every post's topic matches (for the socket's channel router).
pub const TOPICS: &str = "post:*";
const PREFIX: &str = "post:";

/// The topic of post `post_id`.
pub fn topic(post_id: i64) -> String {
    format!("{PREFIX}{post_id}")
}

/// The post a topic names — written exactly as [`topic`] writes it (`post:01` names nothing).
pub fn post_id(topic: &str) -> Option<i64> {
    let id: i64 = topic.strip_prefix(PREFIX)?.parse().ok()?;
    (id > 0 && self::topic(id) == topic).then_some(id)
}

/// Someone commented; broadcast once saved.
pub const COMMENT_ADDED: &str = "comment_added";
/// A comment was deleted; broadcast once done.
pub const COMMENT_DELETED: &str = "comment_deleted";
/// The post's likes changed.
pub const POST_LIKED: &str = "post_liked";
/// A comment's likes changed.
pub const COMMENT_LIKED: &str = "comment_liked";
/// The post was deleted or went back to being a draft: nothing more will come.
pub const POST_GONE: &str = "post_gone";

/// The reason a join is refused with when the post is not the reader's to see.
pub const NOT_FOUND: &str = "not_found";
/// The reason a join is refused with when its parameters are not [`JoinParams`].
pub const BAD_JOIN: &str = "bad_join";
/// The reason a join is refused with when the server could not answer it now (try again).
pub const UNAVAILABLE: &str = "unavailable";
/// The most comments a join's reply catches up with; a page further behind reloads.
pub const CATCH_UP: u32 = 100;

/// What a page joins with: the last comment it shows, if any.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinParams {
    #[serde(default)]
    pub after: Option<i64>,
}

/// What a join answers: the post's counts now and the comments after the page's last one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinReply {
    pub like_count: i64,
    pub comment_count: i64,
    /// Oldest first, as the reader sees them (their own likes marked).
    pub comments: Vec<CommentInfo>,
    /// Whether more were written than [`CATCH_UP`]: the page is too far behind to patch.
    pub more: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentAdded {
    /// As anyone sees it: `liked` is false, as nobody has liked it yet.
    pub comment: CommentInfo,
    pub comment_count: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentDeleted {
    pub comment_id: i64,
    pub comment_count: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostLiked {
    pub like_count: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentLiked {
    pub comment_id: i64,
    pub like_count: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_topic_names_one_post_in_one_spelling() {
        assert_eq!(post_id(&topic(42)), Some(42));
        for other in [
            "post:", "post:01", "post:+1", "post:0", "post:-3", "post:1x", "room:1",
        ] {
            assert_eq!(post_id(other), None, "{other}");
        }
    }

    #[test]
    fn a_join_may_name_nothing() {
        let params: JoinParams = serde_json::from_str("{}").unwrap();
        assert_eq!(params.after, None);
        let params: JoinParams = serde_json::from_str(r#"{"after": 7}"#).unwrap();
        assert_eq!(params.after, Some(7));
    }
}
