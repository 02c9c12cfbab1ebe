//! `/posts`, their comments and likes, and `/search`: the board's verbs with the board's rules,
//! within the limits its forms have (20 new posts an hour; comments, likes, edits and deletes 30
//! a minute, a person). A draft that is not the caller's does not exist here (404), as on the
//! pages. A post is written in Markdown and read back rendered and sanitised (`html`); its
//! `markdown` goes only to whoever may change it.

use app::{AppError, board::FeedQuery, board::ssr::filter_of, limits};
use axum::http::StatusCode;
use domain::board::{BoardError, COMMENTS_PAGE, FEED_PAGE, SEARCH_HITS};
use model::board::{
    CommentBody, CommentInfo, FeedPage, FeedSort, PostDetail, PostForm, PostState, SearchResults,
    SearchTerms,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{
    api::{caller::Caller, problem::ApiError},
    state::AppState,
};

impl From<BoardError> for ApiError {
    fn from(error: BoardError) -> Self {
        AppError::from(error).into()
    }
}

/// A new post.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPost {
    /// 1 to 150 characters once trimmed; no line breaks.
    #[schema(min_length = 1, max_length = 150)]
    pub title: String,
    /// Markdown, 1 to 20,000 characters.
    #[schema(min_length = 1, max_length = 20000)]
    pub body: String,
    /// At most 5 once normalised (trimmed, `#` dropped, spaces made `-`, lower-cased, empty
    /// ones and repeats dropped), each then letters, digits, `-` and `_`.
    #[serde(default)]
    pub tags: Vec<String>,
    /// `draft` (only you and the admins see it) if left out.
    #[serde(default = "draft")]
    pub state: PostState,
}

fn draft() -> PostState {
    PostState::Draft
}

/// What changes in a post: what is left out stays as it is.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostChanges {
    #[schema(min_length = 1, max_length = 150)]
    pub title: Option<String>,
    #[schema(min_length = 1, max_length = 20000)]
    pub body: Option<String>,
    pub tags: Option<Vec<String>>,
    pub state: Option<PostState>,
}

/// A comment's text.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewComment {
    /// Markdown, 1 to 4,000 characters, not only spaces.
    #[schema(min_length = 1, max_length = 4000)]
    pub body: String,
}

/// A post's or a comment's likes after a like was given or taken back.
#[derive(Debug, Serialize, ToSchema)]
pub struct Likes {
    pub like_count: i64,
    /// Whether you like it now.
    pub liked: bool,
}

/// Which posts a page of the feed holds.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedParams {
    /// Posts with this tag (normalised as tags are).
    pub tag: Option<String>,
    /// Posts by this person.
    pub author: Option<i64>,
    /// `newest` (the default) or `most_liked`.
    #[param(inline)]
    pub sort: Option<FeedSort>,
    /// Where to go on from: the `next_cursor` of the page before, in the same order.
    pub cursor: Option<String>,
    /// Posts a page.
    #[param(minimum = 1, maximum = 50, default = 20)]
    pub limit: Option<u32>,
}

/// What to look for.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words (two characters at least), each matched as the start of a word; every one must
    /// match.
    pub q: String,
}

fn checked_limit(limit: Option<u32>, max: u32) -> Result<u32, ApiError> {
    match limit.unwrap_or(20.min(max)) {
        limit if (1..=max).contains(&limit) => Ok(limit),
        _ => Err(ApiError::bad_request(format!(
            "`limit` must be from 1 to {max}."
        ))),
    }
}

/// A post's form as the pages have it, from the API's fields.
fn form(title: String, body: String, tags: &[String], state: PostState) -> PostForm {
    PostForm {
        title,
        body,
        tags: tags.join(", "),
        publish: (state == PostState::Published).then(String::new),
    }
}

/// Checks that post `id` takes comments and likes: a 404 if the caller may not see it (someone
/// else's draft), a 409 if it is their own draft (publish it first).
async fn published(state: &AppState, caller: &Caller, id: i64) -> Result<(), ApiError> {
    let post = state.board.post(Some(caller.scope), id).await?;
    if post.post.state == PostState::Draft {
        return Err(ApiError::conflict(
            "state",
            model::refusal::Refusal::DraftClosed,
        ));
    }
    Ok(())
}

/// Spends one of the caller's board actions (a comment, a like, an edit, a delete).
fn act(state: &AppState, caller: &Caller) -> Result<(), ApiError> {
    limits::check(state.limits.board_actions.check(&caller.scope.user_id))?;
    Ok(())
}

async fn feed(
    state: &AppState,
    caller: &Caller,
    params: FeedParams,
) -> Result<(FeedPage, u32), ApiError> {
    let limit = checked_limit(params.limit, FEED_PAGE)?;
    let query = FeedQuery {
        tag: params.tag.unwrap_or_default(),
        author: params.author.map(|id| id.to_string()).unwrap_or_default(),
        sort: params.sort.unwrap_or_default().as_str().to_owned(),
        after: params.cursor.unwrap_or_default(),
    };
    let (filter, after) = filter_of(&query)?;
    let page = state
        .board
        .feed(Some(caller.scope), &filter, after, limit)
        .await?;
    Ok((page, limit))
}

/// A post as the caller may see it: its source only for whoever may change it.
async fn detail(state: &AppState, caller: &Caller, id: i64) -> Result<PostDetail, ApiError> {
    let mut detail = state.board.post(Some(caller.scope), id).await?;
    if !caller.scope.may_manage(detail.post.author.id) {
        detail.markdown = None;
    }
    Ok(detail)
}

async fn create(state: &AppState, caller: &Caller, new: NewPost) -> Result<PostDetail, ApiError> {
    let post = form(new.title, new.body, &new.tags, new.state)
        .parse()
        .map_err(AppError::Invalid)?;
    limits::check(state.limits.posts.check(&caller.scope.user_id))?;
    let id = state.board.create_post(caller.scope, post).await?;
    detail(state, caller, id).await
}

async fn change(
    state: &AppState,
    caller: &Caller,
    id: i64,
    changes: PostChanges,
) -> Result<PostDetail, ApiError> {
    let now = state.board.post(Some(caller.scope), id).await?;
    // Someone else's published post is theirs to change: the same answer as changing it.
    if !caller.scope.may_manage(now.post.author.id) {
        return Err(BoardError::Forbidden.into());
    }
    let post = form(
        changes.title.unwrap_or(now.post.title),
        changes.body.or(now.markdown).unwrap_or_default(),
        &changes.tags.unwrap_or(now.post.tags),
        changes.state.unwrap_or(now.post.state),
    )
    .parse()
    .map_err(AppError::Invalid)?;
    act(state, caller)?;
    state.board.update_post(caller.scope, id, post).await?;
    detail(state, caller, id).await
}

async fn delete(state: &AppState, caller: &Caller, id: i64) -> Result<StatusCode, ApiError> {
    act(state, caller)?;
    state.board.delete_post(caller.scope, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn comments(
    state: &AppState,
    caller: &Caller,
    post_id: i64,
    after: Option<i64>,
    limit: Option<u32>,
) -> Result<(Vec<CommentInfo>, u32), ApiError> {
    let limit = checked_limit(limit, COMMENTS_PAGE)?;
    let comments = state
        .board
        .comments(Some(caller.scope), post_id, after, limit)
        .await?;
    Ok((comments, limit))
}

async fn comment(
    state: &AppState,
    caller: &Caller,
    post_id: i64,
    new: NewComment,
) -> Result<CommentInfo, ApiError> {
    let body = CommentBody::parse(&new.body).map_err(|error| {
        ApiError::invalid_field("body", model::refusal::Refusal::comment(error))
    })?;
    // The post is checked first, so a draft one cannot see is 404 whatever the budget.
    published(state, caller, post_id).await?;
    act(state, caller)?;
    Ok(state.board.add_comment(caller.scope, post_id, body).await?)
}

async fn delete_comment(
    state: &AppState,
    caller: &Caller,
    comment_id: i64,
) -> Result<StatusCode, ApiError> {
    act(state, caller)?;
    state.board.delete_comment(caller.scope, comment_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn like_post(
    state: &AppState,
    caller: &Caller,
    id: i64,
    on: bool,
) -> Result<Likes, ApiError> {
    published(state, caller, id).await?;
    act(state, caller)?;
    let like_count = state.board.like_post(caller.scope, id, on).await?;
    Ok(Likes {
        like_count,
        liked: on,
    })
}

async fn like_comment(
    state: &AppState,
    caller: &Caller,
    id: i64,
    on: bool,
) -> Result<Likes, ApiError> {
    act(state, caller)?;
    let (_, like_count) = state.board.like_comment(caller.scope, id, on).await?;
    Ok(Likes {
        like_count,
        liked: on,
    })
}

async fn search(state: &AppState, params: SearchParams) -> Result<SearchResults, ApiError> {
    let terms =
        SearchTerms::parse(&params.q).map_err(|error| AppError::BadRequest(error.into()))?;
    Ok(state.board.search(&terms, SEARCH_HITS).await?)
}

/// Where a search found its words: a post, or a comment on one (then `comment_id`).
#[derive(Debug, Serialize, ToSchema)]
pub struct Hit {
    pub post_id: i64,
    pub comment_id: Option<i64>,
    pub post_title: String,
    /// The text around the words, in parts; `matched` parts are the words found.
    pub snippet: Vec<model::board::SnippetPart>,
}

/// What a search found, best first: posts, then comments, each at most 20.
#[derive(Debug, Serialize, ToSchema)]
pub struct Found {
    pub posts: Vec<Hit>,
    pub comments: Vec<Hit>,
}

impl From<SearchResults> for Found {
    fn from(results: SearchResults) -> Self {
        let hits = |hits: Vec<model::board::SearchHit>| {
            hits.into_iter()
                .map(|hit| Hit {
                    post_id: hit.post_id,
                    comment_id: hit.comment_id,
                    post_title: hit.post_title,
                    snippet: hit.snippet,
                })
                .collect()
        };
        Self {
            posts: hits(results.posts),
            comments: hits(results.comments),
        }
    }
}

/// The handlers both versions share but for their `Post` and `Comment` (the calling module's)
/// and the addresses they answer with.
macro_rules! shared_routes {
    ($version:expr) => {
        /// One post; a draft only for its author and the admins.
        #[utoipa::path(get, path = "/posts/{id}", tag = "posts",
            params(("id" = i64, Path, description = "The post's id")),
            responses((status = 200, body = Data<Post>), ReadRefusals))]
        pub async fn show(
            State(state): State<AppState>,
            caller: Caller,
            Ids(id): Ids<i64>,
        ) -> Result<Json<Data<Post>>, ApiError> {
            Ok(Json(Data::of(super::detail(&state, &caller, id).await?)))
        }
        /// Writes a post, a draft unless `state` is `published`. Whoever its published text
        /// mentions (`@handle`) hears of it.
        #[utoipa::path(post, path = "/posts", tag = "posts", request_body = NewPost,
            responses((status = 201, body = Data<Post>,
                headers(("location" = String, description = "Where the post is"))), WriteRefusals))]
        pub async fn create(
            State(state): State<AppState>,
            Writer(caller): Writer,
            Body(new): Body<NewPost>,
        ) -> Result<Response, ApiError> {
            let post = super::create(&state, &caller, new).await?;
            let location = format!("{}/posts/{}", $version.prefix(), post.post.id);
            Ok(created(location, Json(Data::<Post>::of(post))))
        }
        /// Changes a post (its author or an admin): what is left out stays.
        #[utoipa::path(patch, path = "/posts/{id}", tag = "posts", request_body = PostChanges,
            params(("id" = i64, Path, description = "The post's id")),
            responses((status = 200, body = Data<Post>), WriteRefusals))]
        pub async fn update(
            State(state): State<AppState>,
            Writer(caller): Writer,
            Ids(id): Ids<i64>,
            Body(changes): Body<PostChanges>,
        ) -> Result<Json<Data<Post>>, ApiError> {
            Ok(Json(Data::of(
                super::change(&state, &caller, id, changes).await?,
            )))
        }
        /// Deletes a post with its comments and likes (its author or an admin).
        #[utoipa::path(delete, path = "/posts/{id}", tag = "posts",
            params(("id" = i64, Path, description = "The post's id")),
            responses((status = 204, description = "Deleted"), WriteRefusals))]
        pub async fn delete(
            State(state): State<AppState>,
            Writer(caller): Writer,
            Ids(id): Ids<i64>,
        ) -> Result<StatusCode, ApiError> {
            super::delete(&state, &caller, id).await
        }
        /// Comments on a published post; whoever it mentions hears of it, and the post's open
        /// pages see it arrive.
        #[utoipa::path(post, path = "/posts/{id}/comments", tag = "comments",
            request_body = NewComment,
            params(("id" = i64, Path, description = "The post's id")),
            responses((status = 201, body = Data<Comment>), WriteRefusals))]
        pub async fn comment(
            State(state): State<AppState>,
            Writer(caller): Writer,
            Ids(id): Ids<i64>,
            Body(new): Body<NewComment>,
        ) -> Result<(StatusCode, Json<Data<Comment>>), ApiError> {
            let comment = super::comment(&state, &caller, id, new).await?;
            Ok((StatusCode::CREATED, Json(Data::of(comment))))
        }
        /// Deletes a comment (its author or an admin).
        #[utoipa::path(delete, path = "/comments/{id}", tag = "comments",
            params(("id" = i64, Path, description = "The comment's id")),
            responses((status = 204, description = "Deleted"), WriteRefusals))]
        pub async fn delete_comment(
            State(state): State<AppState>,
            Writer(caller): Writer,
            Ids(id): Ids<i64>,
        ) -> Result<StatusCode, ApiError> {
            super::delete_comment(&state, &caller, id).await
        }
        /// Likes a published post (liking it again changes nothing).
        #[utoipa::path(put, path = "/posts/{id}/like", tag = "likes",
            params(("id" = i64, Path, description = "The post's id")),
            responses((status = 200, body = Data<Likes>), WriteRefusals))]
        pub async fn like(
            State(state): State<AppState>,
            Writer(caller): Writer,
            Ids(id): Ids<i64>,
        ) -> Result<Json<Data<Likes>>, ApiError> {
            Ok(Json(Data::of(super::like_post(&state, &caller, id, true).await?)))
        }
        /// Stops liking a post.
        #[utoipa::path(delete, path = "/posts/{id}/like", tag = "likes",
            params(("id" = i64, Path, description = "The post's id")),
            responses((status = 200, body = Data<Likes>), WriteRefusals))]
        pub async fn unlike(
            State(state): State<AppState>,
            Writer(caller): Writer,
            Ids(id): Ids<i64>,
        ) -> Result<Json<Data<Likes>>, ApiError> {
            Ok(Json(Data::of(super::like_post(&state, &caller, id, false).await?)))
        }
        /// Likes a comment on a published post.
        #[utoipa::path(put, path = "/comments/{id}/like", tag = "likes",
            params(("id" = i64, Path, description = "The comment's id")),
            responses((status = 200, body = Data<Likes>), WriteRefusals))]
        pub async fn like_comment(
            State(state): State<AppState>,
            Writer(caller): Writer,
            Ids(id): Ids<i64>,
        ) -> Result<Json<Data<Likes>>, ApiError> {
            Ok(Json(Data::of(
                super::like_comment(&state, &caller, id, true).await?,
            )))
        }
        /// Stops liking a comment.
        #[utoipa::path(delete, path = "/comments/{id}/like", tag = "likes",
            params(("id" = i64, Path, description = "The comment's id")),
            responses((status = 200, body = Data<Likes>), WriteRefusals))]
        pub async fn unlike_comment(
            State(state): State<AppState>,
            Writer(caller): Writer,
            Ids(id): Ids<i64>,
        ) -> Result<Json<Data<Likes>>, ApiError> {
            Ok(Json(Data::of(
                super::like_comment(&state, &caller, id, false).await?,
            )))
        }
        /// Published posts and their comments holding every word, best first.
        #[utoipa::path(get, path = "/search", tag = "posts", params(SearchParams),
            responses((status = 200, body = Data<Found>), ReadRefusals))]
        pub async fn search(
            State(state): State<AppState>,
            _caller: Caller,
            Params(params): Params<SearchParams>,
        ) -> Result<Json<Data<Found>>, ApiError> {
            Ok(Json(Data::of(super::search(&state, params).await?)))
        }
    };
}
pub(super) use shared_routes;

pub mod v1;
pub mod v2;
