//! The community board's pages: `/posts` (the feed: filtered and sorted by a GET form, so the URL
//! says what is shown, paged by a keyset cursor), a post with its comments (`post.rs`), and the
//! form that writes or edits one (`form.rs`). Every form posts without JavaScript.

mod card;
mod form;
#[cfg(feature = "hydrate")]
mod live;
mod people;
mod post;
mod search;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{hooks::use_query_map, params::ParamsMap};
use model::board::FeedSort;

use crate::{
    auth::Viewer,
    board::{FeedQuery, FeedView, feed},
    i18n::{t, t_string, use_i18n},
    refusals::failure,
};
use card::PostCard;
pub use form::{EditPostPage, NewPostPage};
pub use people::{BoardReportPage, PersonPage};
pub use post::PostPage;
pub use search::SearchPage;

fn from_query(query: &ParamsMap) -> FeedQuery {
    let text = |key: &str| query.get(key).unwrap_or_default();
    FeedQuery {
        tag: text("tag"),
        author: text("author"),
        sort: text("sort"),
        after: text("after"),
    }
}

/// The feed's URL for `query` (its cursor included when it has one).
pub(super) fn feed_href(query: &FeedQuery) -> String {
    let pairs: Vec<String> = [
        ("tag", &query.tag),
        ("author", &query.author),
        ("sort", &query.sort),
        ("after", &query.after),
    ]
    .into_iter()
    .filter(|(_, value)| !value.trim().is_empty())
    .map(|(key, value)| format!("{key}={}", super::encode(value)))
    .collect();
    if pairs.is_empty() {
        "/posts".to_owned()
    } else {
        format!("/posts?{}", pairs.join("&"))
    }
}

#[component]
pub fn FeedPage() -> impl IntoView {
    let i18n = use_i18n();
    let Viewer(user) = expect_context::<Viewer>();
    let query = use_query_map();
    let asked = Memo::new(move |_| query.with(from_query));
    let posts = Resource::new(move || asked.get(), feed);
    view! {
        <Title text=move || t_string!(i18n, board.title) />
        <section class="board" aria-labelledby="board-title">
            <header class="board-head">
                <h1 id="board-title">{t!(i18n, board.title)}</h1>
                <div class="board-links">
                    <a class="button button-secondary" href="/search">{t!(i18n, board.search)}</a>
                    {user.is_some().then(|| view! {
                        <a class="button" href="/posts/new">{t!(i18n, board.write)}</a>
                    })}
                </div>
            </header>
            <FeedFilters asked />
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, board.loading)}</p> }>
                {move || Suspend::new(async move {
                    match posts.await {
                        Ok(view) => view! { <FeedList view asked=asked.get_untracked() /> }.into_any(),
                        Err(error) => {
                            let words = failure(i18n.get_locale_untracked(), &error);
                            view! { <p class="form-error" role="alert">{words}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// The tag and the order, as a GET form; an author filter (set from an author's name) is kept
/// and can be taken off. Drawn again whenever the URL's query changes (a link followed in the
/// page, Back).
#[component]
fn FeedFilters(asked: Memo<FeedQuery>) -> impl IntoView {
    move || {
        let current = asked.get();
        view! { <FiltersForm current /> }
    }
}

#[component]
fn FiltersForm(current: FeedQuery) -> impl IntoView {
    let i18n = use_i18n();
    let sort = FeedSort::parse(&current.sort).unwrap_or_default();
    let without_author = FeedQuery {
        author: String::new(),
        after: String::new(),
        ..current.clone()
    };
    view! {
        <form class="board-filters" method="get" action="/posts" role="search" aria-label=move || t_string!(i18n, board.filters)>
            <div class="field">
                <label for="feed-tag">{t!(i18n, board.tag)}</label>
                <input id="feed-tag" name="tag" value=current.tag.clone() autocomplete="off" maxlength="40" />
            </div>
            <div class="field">
                <label for="feed-sort">{t!(i18n, board.sort)}</label>
                <select id="feed-sort" name="sort">
                    <option value="newest" selected=sort == FeedSort::Newest>{t!(i18n, board.newest)}</option>
                    <option value="most_liked" selected=sort == FeedSort::MostLiked>{t!(i18n, board.most_liked)}</option>
                </select>
            </div>
            {(!current.author.is_empty()).then(|| view! {
                <input type="hidden" name="author" value=current.author.clone() />
            })}
            <button type="submit">{t!(i18n, board.show)}</button>
            {(!current.author.is_empty()).then(|| view! {
                <a class="chip" href=feed_href(&without_author)>{t!(i18n, board.any_author)}</a>
            })}
        </form>
    }
}

#[component]
fn FeedList(view: FeedView, asked: FeedQuery) -> impl IntoView {
    let i18n = use_i18n();
    let FeedView { page, drafts } = view;
    let next = page.next.map(|after| FeedQuery {
        after,
        ..asked.clone()
    });
    let first_page = asked.after.is_empty();
    view! {
        {(!drafts.is_empty()).then(|| view! {
            <section class="panel drafts" aria-labelledby="drafts-title">
                <h2 id="drafts-title">{t!(i18n, board.your_drafts)}</h2>
                <ul class="draft-list">
                    {drafts.into_iter().map(|draft| view! {
                        <li><a href=format!("/posts/{}", draft.id)>{draft.title}</a></li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {if page.posts.is_empty() {
            let words = if first_page {
                t_string!(i18n, board.empty)
            } else {
                t_string!(i18n, board.no_more)
            };
            view! { <p class="muted board-empty">{words}</p> }.into_any()
        } else {
            view! {
                <ol class="post-list" aria-label=move || t_string!(i18n, board.title)>
                    {page.posts.into_iter().map(|post| view! { <li><PostCard post /></li> }).collect_view()}
                </ol>
            }.into_any()
        }}
        <nav class="pager" aria-label=move || t_string!(i18n, board.pages)>
            {(!first_page).then(|| {
                let first = FeedQuery { after: String::new(), ..asked.clone() };
                view! { <a href=feed_href(&first)>{t!(i18n, board.first_page)}</a> }
            })}
            {next.map(|next| view! { <a rel="next" href=feed_href(&next)>{t!(i18n, board.more)}</a> })}
        </nav>
    }
}
