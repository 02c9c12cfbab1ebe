//! The board in v1, which is deprecated: a post or a comment names its `author_id`, a comment
//! says `inserted_at`. v1 reads and writes one post, comment or like at a time and searches;
//! the lists (the feed, a post's comments) are v2's, which pages them by keyset — the board
//! never pages by number.

use axum::{Json, extract::State, http::StatusCode, response::Response};
use chrono::{DateTime, Utc};
use model::board::{CommentInfo, PostDetail, PostState};
use serde::Serialize;
use utoipa::ToSchema;

use super::{Found, Likes, NewComment, NewPost, PostChanges, SearchParams};
use crate::{
    api::{
        Version,
        caller::{Caller, Writer},
        input::{Body, Ids, Params},
        paging::Data,
        problem::ApiError,
        refusals::{ReadRefusals, WriteRefusals},
        resources::created,
    },
    state::AppState,
};

/// A post: its text rendered from Markdown and sanitised (`html`), the Markdown itself for
/// whoever may change it (else `null`).
#[derive(Debug, Serialize, ToSchema)]
pub struct Post {
    pub id: i64,
    pub title: String,
    pub author_id: i64,
    pub tags: Vec<String>,
    pub state: PostState,
    pub html: String,
    pub markdown: Option<String>,
    pub like_count: i64,
    pub comment_count: i64,
    pub liked: bool,
    pub published_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl From<PostDetail> for Post {
    fn from(detail: PostDetail) -> Self {
        let post = detail.post;
        Self {
            id: post.id,
            title: post.title,
            author_id: post.author.id,
            tags: post.tags,
            state: post.state,
            html: detail.html,
            markdown: detail.markdown,
            like_count: post.like_count,
            comment_count: post.comment_count,
            liked: post.liked,
            published_at: post.published_at,
            updated_at: post.updated_at,
        }
    }
}

/// A comment, rendered from its Markdown and sanitised.
#[derive(Debug, Serialize, ToSchema)]
pub struct Comment {
    pub id: i64,
    pub post_id: i64,
    pub author_id: i64,
    pub html: String,
    pub like_count: i64,
    pub liked: bool,
    pub inserted_at: DateTime<Utc>,
}

impl From<CommentInfo> for Comment {
    fn from(comment: CommentInfo) -> Self {
        Self {
            id: comment.id,
            post_id: comment.post_id,
            author_id: comment.author.id,
            html: comment.html,
            like_count: comment.like_count,
            liked: comment.liked,
            inserted_at: comment.inserted_at,
        }
    }
}

super::shared_routes!(Version::V1);
