//! What the board announces on a post's topic once a change has committed: the names and
//! payloads are the channel contract's (`model::board::channel`).

use model::board::channel::{
    self, COMMENT_ADDED, COMMENT_DELETED, COMMENT_LIKED, CommentAdded, CommentDeleted,
    CommentLiked, POST_GONE, POST_LIKED, PostLiked,
};
use pubsub::PubSub;
use serde::Serialize;

/// Something that happened to a post, for the pages showing it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BoardEvent {
    CommentAdded {
        post_id: i64,
        added: CommentAdded,
    },
    CommentDeleted {
        post_id: i64,
        deleted: CommentDeleted,
    },
    PostLiked {
        post_id: i64,
        liked: PostLiked,
    },
    CommentLiked {
        post_id: i64,
        liked: CommentLiked,
    },
    /// Deleted, or a draft again.
    PostGone {
        post_id: i64,
    },
}

impl BoardEvent {
    /// Broadcasts the event on its post's topic. Call it only once the change has committed.
    pub fn publish(self, pubsub: &PubSub) {
        fn encoded(payload: impl Serialize) -> Result<serde_json::Value, serde_json::Error> {
            serde_json::to_value(payload)
        }
        let (post_id, name, payload) = match self {
            Self::CommentAdded { post_id, added } => (post_id, COMMENT_ADDED, encoded(added)),
            Self::CommentDeleted { post_id, deleted } => {
                (post_id, COMMENT_DELETED, encoded(deleted))
            }
            Self::PostLiked { post_id, liked } => (post_id, POST_LIKED, encoded(liked)),
            Self::CommentLiked { post_id, liked } => (post_id, COMMENT_LIKED, encoded(liked)),
            Self::PostGone { post_id } => (post_id, POST_GONE, Ok(serde_json::json!({}))),
        };
        match payload {
            Ok(payload) => pubsub.broadcast(&channel::topic(post_id), name, payload),
            // Plain data always encodes; should that ever change, the change itself has
            // committed and must not be reported as failed.
            Err(error) => {
                tracing::error!(%error, event = name, "a board event could not be encoded")
            }
        }
    }
}
