//! `/posts/<id>`: a post, rendered from its Markdown (sanitised by the server), with its likes,
//! its comments and the comment form. Likes, comments and deletions are plain form posts that
//! come back here; once the page is live (signed in, the post published), others' comments,
//! deletions and likes arrive as they happen (`live.rs`).

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;
use model::board::{CommentBody, CommentInfo, PostState};

use super::card::{Byline, TagList};
use crate::{
    AppError,
    auth::{Viewer, sign_in_path},
    board::{CommentAttempt, PostView, open_post},
    components::{Link, LinkStatus, LocalTime, textarea_text},
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

/// A comment as the page shows it: its likes change as others like it.
#[derive(Clone)]
pub(super) struct ShownComment {
    pub id: i64,
    pub info: CommentInfo,
    pub likes: RwSignal<i64>,
}

/// What of a post changes while its page is open, as signals the live half sets.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Copy)]
pub(super) struct LivePost {
    pub id: i64,
    /// Oldest first.
    pub comments: RwSignal<Vec<ShownComment>>,
    pub comment_count: RwSignal<i64>,
    pub likes: RwSignal<i64>,
    /// Deleted or a draft again: nothing more will come.
    pub gone: RwSignal<bool>,
    /// More comments came meanwhile than a join catches up with: the page should reload.
    pub behind: RwSignal<bool>,
    /// Who wrote the comment that arrived last, for screen readers.
    pub arrived: RwSignal<Option<String>>,
    pub link: RwSignal<Link>,
}

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
impl LivePost {
    fn new(id: i64, comments: Vec<CommentInfo>, likes: i64, comment_count: i64) -> Self {
        let post = Self {
            id,
            comments: RwSignal::new(Vec::new()),
            comment_count: RwSignal::new(comment_count),
            likes: RwSignal::new(likes),
            gone: RwSignal::new(false),
            behind: RwSignal::new(false),
            arrived: RwSignal::new(None),
            link: RwSignal::new(Link::Connecting),
        };
        for comment in comments {
            post.add(comment);
        }
        post
    }

    /// The newest comment shown.
    pub fn newest_comment(&self) -> Option<i64> {
        self.comments
            .with_untracked(|comments| comments.iter().map(|shown| shown.id).max())
    }

    /// Shows `comment` in its place, unless it is shown already.
    pub fn add(&self, comment: CommentInfo) {
        self.comments.update(|comments| {
            if let Err(at) = comments.binary_search_by_key(&comment.id, |shown| shown.id) {
                let shown = ShownComment {
                    id: comment.id,
                    likes: RwSignal::new(comment.like_count),
                    info: comment,
                };
                comments.insert(at, shown);
            }
        });
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
    let liked = post.liked;
    let signed_in = user.is_some();
    let viewer = user.map(|user| (user.id, user.is_admin));
    let live = LivePost::new(id, comments, post.like_count, post.comment_count);
    let LivePost {
        likes,
        comment_count,
        ..
    } = live;
    #[cfg(feature = "hydrate")]
    if published && signed_in {
        super::live::start(live).stop_on_cleanup();
    }
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
                            {move || t_string!(i18n, board.like_button, count = likes.get())}
                        </button>
                    </form>
                })}
                {(published && !signed_in).then(|| view! {
                    <span class="muted">{move || t_string!(i18n, board.likes, count = likes.get())}</span>
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
                <h2 id="comments-title">{move || t_string!(i18n, board.comments, count = comment_count.get())}</h2>
                <LiveLine live />
                <ol class="comment-list">
                    <For each=move || live.comments.get() key=|shown| shown.id let(comment)>
                        <Comment comment viewer />
                    </For>
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

/// How the page's live half is doing, once it has started: the connection, a post gone, a page
/// too far behind, and (for screen readers) who just commented.
#[component]
fn LiveLine(live: LivePost) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/posts/{}", live.id);
    view! {
        {move || {
            (live.link.get() != Link::Connecting && !live.gone.get()).then(|| view! {
                <LinkStatus link=live.link offline=move || t_string!(i18n, board.live_offline) />
            })
        }}
        {move || live.gone.get().then(|| view! {
            <p class="panel" role="status">{t!(i18n, board.post_gone)}</p>
        })}
        {move || live.behind.get().then(|| view! {
            <p class="panel">{t!(i18n, board.behind)} " " <a href=href.clone()>{t!(i18n, board.show_newest)}</a></p>
        })}
        <p class="visually-hidden" role="status">
            {move || live.arrived.get().map(|name| t_string!(i18n, board.comment_arrived, name = name))}
        </p>
    }
}

#[component]
fn Comment(comment: ShownComment, viewer: Option<(i64, bool)>) -> impl IntoView {
    let i18n = use_i18n();
    let ShownComment {
        id,
        info: comment,
        likes,
    } = comment;
    let may_delete = viewer.is_some_and(|(me, admin)| admin || me == comment.author.id);
    let liked = comment.liked;
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
                                {move || t_string!(i18n, board.like_button, count = likes.get())}
                            </button>
                        </form>
                    }.into_any(),
                    None => view! {
                        <span class="muted">{move || t_string!(i18n, board.likes, count = likes.get())}</span>
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
