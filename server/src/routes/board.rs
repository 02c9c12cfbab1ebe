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
use ops::limits::Verdict;
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

/// The answer to a board action that needs no form back: to `location` with the limit's
/// headers (and `done`'s flash, in the page's language), or the error as itself.
fn answered(
    state: &AppState,
    outcome: Result<(String, Verdict), AppError>,
    done: Option<(Done, Locale)>,
) -> Response {
    match outcome {
        Ok((location, allowed)) => {
            let flash = done.map(|(done, language)| state.cookies.flash(&done.flash(language)));
            let mut response = see_other(&location, flash);
            with_limit_headers(&mut response, &allowed);
            response
        }
        Err(error) => error.into_response(),
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
        Ok(("/posts".to_owned(), allowed))
    };
    answered(&state, deleted.await, Some((Done::Deleted, language)))
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
        let on = like.on == "true";
        state.board.like_post(user.scope(), id, on).await?;
        Ok((format!("/posts/{id}"), allowed))
    };
    answered(&state, liked.await, None)
}

pub(super) async fn like_comment(
    State(state): State<AppState>,
    SignedInPage(user): SignedInPage,
    Path(id): Path<i64>,
    Form(like): Form<Like>,
) -> Response {
    let liked = async {
        let allowed = ssr::act(&state.limits, &user)?;
        let on = like.on == "true";
        let (post_id, _) = state.board.like_comment(user.scope(), id, on).await?;
        Ok((format!("/posts/{post_id}#comment-{id}"), allowed))
    };
    answered(&state, liked.await, None)
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
        Ok((format!("/posts/{post_id}#comments-title"), allowed))
    };
    answered(
        &state,
        deleted.await,
        Some((Done::CommentDeleted, language)),
    )
}
