//! A post as the feed shows it.

use leptos::prelude::*;
use model::board::{PostState, PostSummary};

use super::feed_href;
use crate::{
    board::FeedQuery,
    components::LocalTime,
    i18n::{t, t_string, use_i18n},
};

/// Its tags, each a link to the feed of that tag.
#[component]
pub(super) fn TagList(tags: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    (!tags.is_empty()).then(|| {
        view! {
            <ul class="tags" aria-label=move || t_string!(i18n, board.tags)>
                {tags.into_iter().map(|tag| {
                    let href = feed_href(&FeedQuery { tag: tag.clone(), ..FeedQuery::default() });
                    view! { <li><a href=href>"#"{tag}</a></li> }
                }).collect_view()}
            </ul>
        }
    })
}

/// Who wrote it (a link to their posts) and when it was published.
/// In the feed the name lists their posts; on a post's page it leads to their page (`person`).
#[component]
pub(super) fn Byline(post: PostSummary, #[prop(optional)] person: bool) -> impl IntoView {
    let i18n = use_i18n();
    let by = if person {
        format!("/people/{}", post.author.id)
    } else {
        feed_href(&FeedQuery {
            author: post.author.id.to_string(),
            ..FeedQuery::default()
        })
    };
    view! {
        <p class="post-meta">
            <a href=by>{post.author.name}</a>
            " · "
            {match post.published_at {
                Some(at) => view! { <LocalTime at /> }.into_any(),
                None => view! { <span class="badge">{t!(i18n, board.draft)}</span> }.into_any(),
            }}
        </p>
    }
}

#[component]
pub(super) fn PostCard(post: PostSummary) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/posts/{}", post.id);
    let (likes, comments) = (post.like_count, post.comment_count);
    let draft = post.state == PostState::Draft;
    view! {
        <article class="post-card">
            <h2><a href=href>{post.title.clone()}</a></h2>
            <Byline post=post.clone() />
            <p class="post-excerpt">{post.excerpt.clone()}</p>
            <TagList tags=post.tags.clone() />
            <p class="post-counts muted">
                {move || t_string!(i18n, board.likes, count = likes)}
                " · "
                {move || t_string!(i18n, board.comments, count = comments)}
                {draft.then(|| view! { " · " {t!(i18n, board.draft)} })}
            </p>
        </article>
    }
}
