//! The board's plain HTTP posts: writing, editing and deleting posts, commenting and liking all
//! work from forms, without JavaScript, and come back to a page with what happened.

use app::{
    AppError,
    auth::ssr::respond::see_other,
    board::{
        CommentAttempt, PostAttempt,
        ssr::{self, Done},
    },
};
use axum::{
    Extension, Form,
    extract::{Path, State},
    http::request::Parts,
    response::{IntoResponse, Response},
};
use model::{board::PostForm, locale::Locale};
use serde::Deserialize;

use super::accounts::{show_refusal, with_limit_headers};
use crate::{http::extract::SignedInPage, state::AppState};

/// Writes a post and shows it; a refused form comes back at `/posts/new` with what was typed.
pub(super) async fn create_post(
    State(state): State<AppState>,
    SignedInPage(user): SignedInPage,
    Extension(language): Extension<Locale>,
    parts: Parts,
    Form(form): Form<PostForm>,
) -> Response {
    match ssr::create_post(&state.board, &state.limits, &user, &form).await {
        Ok((id, allowed)) => {
            let done = if form.publish.is_some() {
                Done::Published
            } else {
                Done::DraftSaved
            };
            let flash = state.cookies.flash(&done.flash(language));
            let mut response = see_other(&format!("/posts/{id}"), [flash]);
            with_limit_headers(&mut response, &allowed);
            response
        }
        Err(error) => {
            show_refusal(
                &state,
                "/posts/new",
                parts,
                error,
                PostForm::TITLE,
                |errors| PostAttempt { form, errors },
            )
            .await
        }
    }
}

pub(super) async fn update_post(
    State(state): State<AppState>,
    SignedInPage(user): SignedInPage,
    Extension(language): Extension<Locale>,
    Path(id): Path<i64>,
    parts: Parts,
    Form(form): Form<PostForm>,
) -> Response {
    match ssr::update_post(&state.board, &state.limits, &user, id, &form).await {
        Ok(allowed) => {
            let done = if form.publish.is_some() {
                Done::Saved
            } else {
                Done::DraftSaved
            };
            let flash = state.cookies.flash(&done.flash(language));
            let mut response = see_other(&format!("/posts/{id}"), [flash]);
            with_limit_headers(&mut response, &allowed);
            response
        }
        Err(error) => {
            let page = format!("/posts/{id}/edit");
            show_refusal(&state, &page, parts, error, PostForm::TITLE, |errors| {
                PostAttempt { form, errors }
            })
            .await
        }
    }
}

pub(super) async fn delete_post(
    State(state): State<AppState>,
    SignedInPage(user): SignedInPage,
    Extension(language): Extension<Locale>,
    Path(id): Path<i64>,
) -> Response {
    let deleted = async {
        let allowed = ssr::act(&state.limits, &user)?;
        state.board.delete_post(user.scope(), id).await?;
        Ok::<_, AppError>(allowed)
    };
    match deleted.await {
        Ok(allowed) => {
            let flash = state.cookies.flash(&Done::Deleted.flash(language));
            let mut response = see_other("/posts", [flash]);
            with_limit_headers(&mut response, &allowed);
            response
        }
        Err(error) => error.into_response(),
    }
}

#[derive(Deserialize)]
pub(super) struct NewComment {
    #[serde(default)]
    body: String,
}

/// Comments and goes back to the comment; a refused one comes back in the form.
pub(super) async fn add_comment(
    State(state): State<AppState>,
    SignedInPage(user): SignedInPage,
    Path(id): Path<i64>,
    parts: Parts,
    Form(form): Form<NewComment>,
) -> Response {
    match ssr::add_comment(&state.board, &state.limits, &user, id, &form.body).await {
        Ok((comment, allowed)) => {
            let mut response = see_other(&format!("/posts/{id}#comment-{}", comment.id), []);
            with_limit_headers(&mut response, &allowed);
            response
        }
        Err(error) => {
            let page = format!("/posts/{id}");
            show_refusal(&state, &page, parts, error, "body", |errors| {
                CommentAttempt {
                    body: form.body,
                    errors,
                }
            })
            .await
        }
    }
}

#[derive(Deserialize)]
pub(super) struct Like {
    /// `true` to like, anything else to take a like back.
    #[serde(default)]
    on: String,
}

pub(super) async fn like_post(
    State(state): State<AppState>,
    SignedInPage(user): SignedInPage,
    Path(id): Path<i64>,
    Form(like): Form<Like>,
) -> Response {
    let liked = async {
        let allowed = ssr::act(&state.limits, &user)?;
        state
            .board
            .like_post(user.scope(), id, like.on == "true")
            .await?;
        Ok::<_, AppError>(allowed)
    };
    match liked.await {
        Ok(allowed) => {
            let mut response = see_other(&format!("/posts/{id}"), []);
            with_limit_headers(&mut response, &allowed);
            response
        }
        Err(error) => error.into_response(),
    }
}

pub(super) async fn like_comment(
    State(state): State<AppState>,
    SignedInPage(user): SignedInPage,
    Path(id): Path<i64>,
    Form(like): Form<Like>,
) -> Response {
    let liked = async {
        let allowed = ssr::act(&state.limits, &user)?;
        let (post_id, _) = state
            .board
            .like_comment(user.scope(), id, like.on == "true")
            .await?;
        Ok::<_, AppError>((post_id, allowed))
    };
    match liked.await {
        Ok((post_id, allowed)) => {
            let mut response = see_other(&format!("/posts/{post_id}#comment-{id}"), []);
            with_limit_headers(&mut response, &allowed);
            response
        }
        Err(error) => error.into_response(),
    }
}

pub(super) async fn delete_comment(
    State(state): State<AppState>,
    SignedInPage(user): SignedInPage,
    Extension(language): Extension<Locale>,
    Path(id): Path<i64>,
) -> Response {
    let deleted = async {
        let allowed = ssr::act(&state.limits, &user)?;
        let post_id = state.board.delete_comment(user.scope(), id).await?;
        Ok::<_, AppError>((post_id, allowed))
    };
    match deleted.await {
        Ok((post_id, allowed)) => {
            let flash = state.cookies.flash(&Done::CommentDeleted.flash(language));
            let mut response = see_other(&format!("/posts/{post_id}#comments-title"), [flash]);
            with_limit_headers(&mut response, &allowed);
            response
        }
        Err(error) => error.into_response(),
    }
}
