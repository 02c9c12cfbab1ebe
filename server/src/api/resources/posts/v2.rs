//! The board in v2: posts and comments embedding their `author`, comments' `created_at`, and
//! keyset cursors for the feed and a post's comments.

use axum::{Json, extract::State, http::StatusCode, response::Response};
use chrono::{DateTime, Utc};
use model::board::{CommentInfo, PostDetail, PostState, PostSummary};
use serde::Serialize;
use utoipa::ToSchema;

use super::{FeedParams, Found, Likes, NewComment, NewPost, PostChanges, SearchParams};
use crate::{
    api::{
        Version,
        caller::{Caller, Writer},
        input::{Body, Ids, Params},
        paging::{CursorMeta, CursorParams, Cursored, Data},
        problem::ApiError,
        refusals::{ReadRefusals, WriteRefusals},
        resources::created,
    },
    state::AppState,
};

/// Who wrote a post or a comment.
#[derive(Debug, Serialize, ToSchema)]
pub struct Author {
    pub id: i64,
    pub name: String,
    pub avatar_url: Option<String>,
}

impl From<model::chat::Author> for Author {
    fn from(author: model::chat::Author) -> Self {
        Self {
            id: author.id,
            name: author.name,
            avatar_url: author.avatar_url,
        }
    }
}

/// A post as the feed lists it: an excerpt of its text, no body.
#[derive(Debug, Serialize, ToSchema)]
pub struct PostItem {
    pub id: i64,
    pub title: String,
    /// The start of its text, as plain text.
    pub excerpt: String,
    pub author: Author,
    pub tags: Vec<String>,
    pub state: PostState,
    pub like_count: i64,
    pub comment_count: i64,
    /// Whether you like it.
    pub liked: bool,
    /// `null` while a draft.
    pub published_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl From<PostSummary> for PostItem {
    fn from(post: PostSummary) -> Self {
        Self {
            id: post.id,
            title: post.title,
            excerpt: post.excerpt,
            author: post.author.into(),
            tags: post.tags,
            state: post.state,
            like_count: post.like_count,
            comment_count: post.comment_count,
            liked: post.liked,
            published_at: post.published_at,
            updated_at: post.updated_at,
        }
    }
}

/// A post: its text rendered from Markdown and sanitised (`html`), the Markdown itself for
/// whoever may change it (else `null`).
#[derive(Debug, Serialize, ToSchema)]
pub struct Post {
    #[serde(flatten)]
    pub item: PostItem,
    pub html: String,
    pub markdown: Option<String>,
}

impl From<PostDetail> for Post {
    fn from(detail: PostDetail) -> Self {
        Self {
            item: detail.post.into(),
            html: detail.html,
            markdown: detail.markdown,
        }
    }
}

/// A comment, rendered from its Markdown and sanitised.
#[derive(Debug, Serialize, ToSchema)]
pub struct Comment {
    pub id: i64,
    pub post_id: i64,
    pub author: Author,
    pub html: String,
    pub like_count: i64,
    /// Whether you like it.
    pub liked: bool,
    pub created_at: DateTime<Utc>,
}

impl From<CommentInfo> for Comment {
    fn from(comment: CommentInfo) -> Self {
        Self {
            id: comment.id,
            post_id: comment.post_id,
            author: comment.author.into(),
            html: comment.html,
            like_count: comment.like_count,
            liked: comment.liked,
            created_at: comment.inserted_at,
        }
    }
}

/// Published posts (and your drafts are not among them), newest or most liked first, by tag or
/// author; the cursor keeps its order.
#[utoipa::path(get, path = "/posts", tag = "posts", params(FeedParams),
    responses((status = 200, body = Cursored<PostItem>), ReadRefusals))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Params(params): Params<FeedParams>,
) -> Result<Json<Cursored<PostItem>>, ApiError> {
    let (page, limit) = super::feed(&state, &caller, params).await?;
    Ok(Json(Cursored {
        data: page.posts.into_iter().map(PostItem::from).collect(),
        meta: CursorMeta {
            next_cursor: page.next,
            limit,
        },
    }))
}

/// A post's comments, oldest first.
#[utoipa::path(get, path = "/posts/{id}/comments", tag = "comments", params(
        ("id" = i64, Path, description = "The post's id"), CursorParams),
    responses((status = 200, body = Cursored<Comment>), ReadRefusals))]
pub async fn comments(
    State(state): State<AppState>,
    caller: Caller,
    Ids(id): Ids<i64>,
    Params(params): Params<CursorParams>,
) -> Result<Json<Cursored<Comment>>, ApiError> {
    let page = params.page()?;
    let after = match page {
        domain::paging::Page::After { after, .. } => after,
        domain::paging::Page::Numbered { .. } => None,
    };
    let (comments, _) = super::comments(&state, &caller, id, after, Some(page.limit())).await?;
    let comments = comments.into_iter().map(Comment::from).collect();
    Ok(Json(Cursored::new(comments, page, |comment: &Comment| {
        comment.id
    })))
}

super::shared_routes!(Version::V2);
