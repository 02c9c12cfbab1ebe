//! The board's server functions: the feed and a post's page as the reader may see them. What
//! people write goes through plain form posts (`server/src/routes/board.rs`), which work
//! without JavaScript and share [`ssr`]'s verbs.

use leptos::prelude::*;
use model::{
    accounts::FieldErrors,
    board::{
        BoardReport, CommentInfo, FeedPage, PersonStats, PostDetail, PostForm, PostSummary,
        SearchResults,
    },
};
use serde::{Deserialize, Serialize};

use crate::AppError;

#[cfg(feature = "ssr")]
pub mod ssr;

/// What a feed URL asks, as typed in it (`?tag=&author=&sort=&after=`); empty means any.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct FeedQuery {
    pub tag: String,
    pub author: String,
    pub sort: String,
    pub after: String,
}

/// A page of the feed, and the reader's own drafts on its first page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedView {
    pub page: FeedPage,
    pub drafts: Vec<PostSummary>,
}

/// A post's page: the post, its comments, and whether the reader may change it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostView {
    pub detail: PostDetail,
    pub comments: Vec<CommentInfo>,
    pub may_manage: bool,
}

/// A post form the server refused when it was posted: what was typed, with the errors.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostAttempt {
    pub form: PostForm,
    pub errors: FieldErrors,
}

/// A comment the server refused when it was posted: what was typed, with the error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentAttempt {
    pub body: String,
    pub errors: FieldErrors,
}

#[server(prefix = "/rpc", endpoint = "board/feed")]
pub async fn feed(query: FeedQuery) -> Result<FeedView, AppError> {
    ssr::feed(query).await
}

#[server(prefix = "/rpc", endpoint = "board/post")]
pub async fn open_post(id: i64) -> Result<PostView, AppError> {
    ssr::post(id).await
}

/// Published posts and comments holding every word of `q`, best first (recipe 16: the page
/// asks once per pause in typing; the server limits each address).
#[server(prefix = "/rpc", endpoint = "board/search")]
pub async fn search(q: String) -> Result<SearchResults, AppError> {
    ssr::search(q).await
}

/// A person's page: their figures and their latest posts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonView {
    pub stats: PersonStats,
    pub recent: Vec<PostSummary>,
}

/// A person's part in the board. Members see anyone's; a visitor only an author's (someone
/// with a published post), so the page never lists people who only joined.
#[server(prefix = "/rpc", endpoint = "board/person")]
pub async fn person_page(id: i64) -> Result<PersonView, AppError> {
    ssr::person(id).await
}

/// Everyone's board activity by month and role; admins only.
#[server(prefix = "/rpc", endpoint = "board/report")]
pub async fn activity_report() -> Result<BoardReport, AppError> {
    ssr::report().await
}
