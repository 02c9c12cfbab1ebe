//! `/posts/<id>`: a post, rendered from its Markdown (sanitised by the server), with its likes,
//! its comments and the comment form. Likes, comments and deletions are plain form posts that
//! come back here.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;
use model::board::{CommentBody, CommentInfo, PostState};

use super::card::{Byline, TagList};
use crate::{
    AppError,
    auth::{Viewer, sign_in_path},
    board::{CommentAttempt, PostView, open_post},
    components::{LocalTime, textarea_text},
    i18n::{t, t_string, use_i18n},
    pages::NotFound,
    refusals::{failure, say},
};

#[component]
pub fn PostPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())));
    let post = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => open_post(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, board.loading)}</p> }>
            {move || Suspend::new(async move {
                match post.await {
                    Ok(view) => view! { <Post view /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => {
                        let words = failure(i18n.get_locale_untracked(), &error);
                        view! { <p class="form-error" role="alert">{words}</p> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Post(view: PostView) -> impl IntoView {
    let i18n = use_i18n();
    let Viewer(user) = expect_context::<Viewer>();
    let PostView {
        detail,
        comments,
        may_manage,
    } = view;
    let post = detail.post;
    let id = post.id;
    let published = post.state == PostState::Published;
    let title = post.title.clone();
    let (liked, likes) = (post.liked, post.like_count);
    let signed_in = user.is_some();
    let viewer = user.map(|user| (user.id, user.is_admin));
    let comment_count = post.comment_count;
    view! {
        <Title text=title.clone() />
        {(!published).then(|| view! { <Meta name="robots" content="noindex" /> })}
        <article class="post" aria-labelledby="post-title">
            <header>
                <h1 id="post-title">{title}</h1>
                <Byline post=post.clone() person=true />
                <TagList tags=post.tags.clone() />
            </header>
            // Rendered from Markdown and sanitised to an allow-list by the server.
            <div class="post-body" inner_html=detail.html></div>
            <footer class="post-actions">
                {(published && signed_in).then(|| view! {
                    <form method="post" action=format!("/posts/{id}/like")>
                        <input type="hidden" name="on" value=(!liked).to_string() />
                        <button type="submit" class="small" aria-pressed=liked.to_string()>
                            {move || t_string!(i18n, board.like_button, count = likes)}
                        </button>
                    </form>
                })}
                {(published && !signed_in).then(|| view! {
                    <span class="muted">{move || t_string!(i18n, board.likes, count = likes)}</span>
                })}
                {may_manage.then(|| view! {
                    <a class="button small-link" href=format!("/posts/{id}/edit")>{t!(i18n, board.edit)}</a>
                    <form method="post" action=format!("/posts/{id}/delete")>
                        <button type="submit" class="small danger">{t!(i18n, board.delete)}</button>
                    </form>
                })}
            </footer>
        </article>
        {published.then(|| view! {
            <section class="comments" aria-labelledby="comments-title">
                <h2 id="comments-title">{move || t_string!(i18n, board.comments, count = comment_count)}</h2>
                <ol class="comment-list">
                    {comments.into_iter().map(|comment| view! { <Comment comment viewer /> }).collect_view()}
                </ol>
                {if signed_in {
                    view! { <CommentForm post_id=id /> }.into_any()
                } else {
                    view! {
                        <p><a href=sign_in_path(&format!("/posts/{id}"))>{t!(i18n, board.sign_in_to_comment)}</a></p>
                    }.into_any()
                }}
            </section>
        })}
    }
}

#[component]
fn Comment(comment: CommentInfo, viewer: Option<(i64, bool)>) -> impl IntoView {
    let i18n = use_i18n();
    let id = comment.id;
    let may_delete = viewer.is_some_and(|(me, admin)| admin || me == comment.author.id);
    let (liked, likes) = (comment.liked, comment.like_count);
    let at = comment.inserted_at;
    view! {
        <li class="comment" id=format!("comment-{id}")>
            <p class="comment-meta">
                <strong>{comment.author.name}</strong>
                " · "
                <LocalTime at />
            </p>
            <div class="comment-body" inner_html=comment.html></div>
            <div class="comment-actions">
                {match viewer {
                    Some(_) => view! {
                        <form method="post" action=format!("/comments/{id}/like")>
                            <input type="hidden" name="on" value=(!liked).to_string() />
                            <button type="submit" class="small" aria-pressed=liked.to_string()>
                                {move || t_string!(i18n, board.like_button, count = likes)}
                            </button>
                        </form>
                    }.into_any(),
                    None => view! {
                        <span class="muted">{move || t_string!(i18n, board.likes, count = likes)}</span>
                    }.into_any(),
                }}
                {may_delete.then(|| view! {
                    <form method="post" action=format!("/comments/{id}/delete")>
                        <button type="submit" class="small danger">{t!(i18n, board.delete_comment)}</button>
                    </form>
                })}
            </div>
        </li>
    }
}

/// The comment form; posted without JavaScript and refused, what was typed comes back.
#[component]
fn CommentForm(post_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let attempt =
        SharedValue::new(|| use_context::<CommentAttempt>().unwrap_or_default()).into_inner();
    let refused = attempt.errors.get("body").cloned();
    let body = RwSignal::new(attempt.body.clone());
    let touched = RwSignal::new(refused.is_some());
    let error = Memo::new(move |_| {
        body.with(|typed| CommentBody::parse(typed).err())
            .map(|error| say(i18n.get_locale(), &model::refusal::Refusal::comment(error)))
    });
    let shown = Signal::derive(move || {
        touched.get().then(|| error.get()).flatten().or_else(|| {
            refused
                .as_ref()
                .map(|refused| say(i18n.get_locale(), refused))
        })
    });
    let initial = attempt.body;
    view! {
        <form class="form comment-form" method="post" action=format!("/posts/{post_id}/comments") novalidate>
            <div class="field" class:field-invalid=move || shown.get().is_some()>
                <label for="comment-body">{t!(i18n, board.your_comment)}</label>
                <textarea
                    id="comment-body"
                    name="body"
                    rows="4"
                    maxlength=CommentBody::MAX_CHARS.to_string()
                    aria-invalid=move || shown.get().is_some().to_string()
                    aria-describedby="comment-body-hint comment-body-error"
                    prop:value=body
                    on:input=move |ev| {
                        body.set(event_target_value(&ev));
                        touched.set(true);
                    }
                >
                    {textarea_text(initial)}
                </textarea>
                <p class="field-hint" id="comment-body-hint">{t!(i18n, board.markdown_hint)}</p>
                <p class="field-error" id="comment-body-error" aria-live="polite">{move || shown.get()}</p>
            </div>
            <button type="submit">{t!(i18n, board.send_comment)}</button>
        </form>
    }
}
