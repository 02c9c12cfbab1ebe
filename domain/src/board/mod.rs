//! The community board (recipes 3, 6–13, 30, 35): posts in Markdown with tags, drafts and
//! published, comments, likes; the feed by keyset. Behind the [`Board`] handle; every verb that
//! writes takes the acting [`Scope`], every read the reader (`None`: a visitor). A draft is its
//! author's and the admins' only: for anyone else it does not exist.

mod comments;
mod events;
mod likes;
pub mod markdown;
mod posts;
mod rows;
mod search;
mod stats;

use model::board::{
    BoardReport, CommentBody, CommentInfo, FeedCursor, FeedFilter, FeedPage, NewPost, PersonStats,
    PostDetail, PostSummary, SearchResults, SearchTerms,
    channel::{CommentAdded, CommentDeleted, CommentLiked, JoinReply, PostLiked},
};
use pubsub::PubSub;

use crate::{
    Scope,
    db::{Db, DbError},
    mentions::Mentions,
};

pub use comments::COMMENTS_PAGE;
pub use events::BoardEvent;
#[cfg(feature = "testing")]
pub use posts::explain_feed;
#[cfg(feature = "testing")]
pub(crate) use posts::{Arg, explain};
pub use posts::{EXCERPT_CHARS, FEED_PAGE};
pub use search::SEARCH_HITS;
#[cfg(feature = "testing")]
pub use search::explain_search;

/// The board, as its callers hold it. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Board {
    db: Db,
    /// Where each change is announced once committed (a post's topic: `post:<id>`).
    pubsub: PubSub,
    /// Who a published post or a comment mentions hears of it.
    mentions: Mentions,
}

impl Board {
    pub fn new(db: Db, pubsub: PubSub) -> Self {
        let mentions = Mentions::new(db.clone(), pubsub.clone());
        Self {
            db,
            pubsub,
            mentions,
        }
    }

    /// Writes a post, a draft or published; answers its id. Published, whoever it mentions
    /// hears of it.
    pub async fn create_post(&self, scope: Scope, post: NewPost) -> Result<i64, BoardError> {
        let (id, mentioned) = posts::create(&self.db, scope, post).await?;
        mentioned.announce(&self.mentions).await;
        Ok(id)
    }

    /// Replaces a post's title, body, tags and state: its author or an admin. Whoever the
    /// published text mentions for the first time hears of it.
    pub async fn update_post(
        &self,
        scope: Scope,
        post_id: i64,
        post: NewPost,
    ) -> Result<(), BoardError> {
        let posts::Updated {
            withdrawn,
            mentioned,
        } = posts::update(&self.db, scope, post_id, post).await?;
        mentioned.announce(&self.mentions).await;
        if withdrawn {
            BoardEvent::PostGone { post_id }.publish(&self.pubsub);
        }
        Ok(())
    }

    /// Deletes a post with its comments and likes: its author or an admin.
    pub async fn delete_post(&self, scope: Scope, post_id: i64) -> Result<(), BoardError> {
        posts::delete(&self.db, scope, post_id).await?;
        BoardEvent::PostGone { post_id }.publish(&self.pubsub);
        Ok(())
    }

    /// One post as `reader` may see it.
    pub async fn post(
        &self,
        reader: Option<Scope>,
        post_id: i64,
    ) -> Result<PostDetail, BoardError> {
        posts::detail(&self.db, reader, post_id).await
    }

    /// A page of published posts: [`FEED_PAGE`] at most, after `after` (from its sort).
    pub async fn feed(
        &self,
        reader: Option<Scope>,
        filter: &FeedFilter,
        after: Option<FeedCursor>,
        limit: u32,
    ) -> Result<FeedPage, BoardError> {
        posts::feed(&self.db, reader, filter, after, limit).await
    }

    /// Published posts and comments on them that hold every term, best first: at most
    /// `limit` ([`SEARCH_HITS`] at most) of each. Anyone may search.
    pub async fn search(
        &self,
        terms: &SearchTerms,
        limit: u32,
    ) -> Result<SearchResults, BoardError> {
        search::search(&self.db, terms, limit).await
    }

    /// A person's part in the board: published posts, comments, likes received, top tags.
    pub async fn person(&self, user_id: i64) -> Result<PersonStats, BoardError> {
        stats::person(&self.db, user_id).await
    }

    /// Everyone's activity by month and role, for an admin.
    pub async fn report(&self, scope: Scope) -> Result<BoardReport, BoardError> {
        stats::report(&self.db, scope).await
    }

    /// `scope`'s drafts, the last changed first.
    pub async fn drafts(&self, scope: Scope) -> Result<Vec<PostSummary>, BoardError> {
        posts::drafts(&self.db, scope).await
    }

    /// Comments on a post `reader` may see, oldest first, after the comment `after`.
    pub async fn comments(
        &self,
        reader: Option<Scope>,
        post_id: i64,
        after: Option<i64>,
        limit: u32,
    ) -> Result<Vec<CommentInfo>, BoardError> {
        comments::list(&self.db, reader, post_id, after, limit).await
    }

    /// What a page showing post `post_id`'s comments up to `after` has missed: the comments
    /// since (at most `channel::CATCH_UP`) and its counts now. For a post `reader` may see.
    pub async fn catch_up(
        &self,
        reader: Scope,
        post_id: i64,
        after: Option<i64>,
    ) -> Result<JoinReply, BoardError> {
        comments::catch_up(&self.db, reader, post_id, after).await
    }

    /// Comments on a published post.
    pub async fn add_comment(
        &self,
        scope: Scope,
        post_id: i64,
        body: CommentBody,
    ) -> Result<CommentInfo, BoardError> {
        let comments::Added {
            comment,
            count,
            mentioned,
        } = comments::add(&self.db, scope, post_id, body).await?;
        mentioned.announce(&self.mentions).await;
        let added = CommentAdded {
            comment: CommentInfo {
                liked: false,
                ..comment.clone()
            },
            comment_count: count,
        };
        BoardEvent::CommentAdded { post_id, added }.publish(&self.pubsub);
        Ok(comment)
    }

    /// Deletes a comment: its author or an admin. Answers the post it was on.
    pub async fn delete_comment(&self, scope: Scope, comment_id: i64) -> Result<i64, BoardError> {
        let (post_id, comment_count) = comments::delete(&self.db, scope, comment_id).await?;
        let deleted = CommentDeleted {
            comment_id,
            comment_count,
        };
        BoardEvent::CommentDeleted { post_id, deleted }.publish(&self.pubsub);
        Ok(post_id)
    }

    /// Likes (`on`) or stops liking a published post; answers its like count after.
    pub async fn like_post(&self, scope: Scope, post_id: i64, on: bool) -> Result<i64, BoardError> {
        let like_count = likes::post(&self.db, scope, post_id, on).await?;
        let liked = PostLiked { like_count };
        BoardEvent::PostLiked { post_id, liked }.publish(&self.pubsub);
        Ok(like_count)
    }

    /// Likes or stops liking a comment on a published post; answers (its post, its count).
    pub async fn like_comment(
        &self,
        scope: Scope,
        comment_id: i64,
        on: bool,
    ) -> Result<(i64, i64), BoardError> {
        let (post_id, like_count) = likes::comment(&self.db, scope, comment_id, on).await?;
        let liked = CommentLiked {
            comment_id,
            like_count,
        };
        BoardEvent::CommentLiked { post_id, liked }.publish(&self.pubsub);
        Ok((post_id, like_count))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BoardError {
    /// No such post or comment — or a draft the reader may not see, which is the same to them.
    #[error("no such post or comment")]
    NotFound,
    /// Someone else's post or comment, which only its author or an admin may change.
    #[error("only its author or an admin may change this")]
    Forbidden,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for BoardError {
    fn from(error: sqlx::Error) -> Self {
        Self::Db(DbError::Query(error))
    }
}
