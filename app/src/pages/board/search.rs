//! `/search?q=`: the board searched (recipe 16). A GET form, so it works without JavaScript and
//! the URL says what was asked; once live, results follow the typing — asked once typing
//! pauses, never per keystroke, and an older answer never replaces a newer one.

use std::time::Duration;

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use model::board::{SearchHit, SearchResults, SearchTerms};

use crate::{
    AppError,
    board::search,
    debounce::debounced,
    i18n::{t, t_string, use_i18n},
    refusals::failure,
};

/// How long typing must pause before the page asks.
const PAUSE: Duration = Duration::from_millis(250);

#[component]
pub fn SearchPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let asked = query.with_untracked(|query| query.get("q").unwrap_or_default());
    let typed = RwSignal::new(asked.clone());
    let settled: ReadSignal<String> = debounced(typed.into(), PAUSE);
    let results = Resource::new(
        move || settled.get().trim().to_owned(),
        |q| async move {
            // Too little to search for is no search yet, not a mistake.
            if SearchTerms::parse(&q).is_err() && q.chars().count() <= SearchTerms::MAX_CHARS {
                return Ok(None);
            }
            search(q).await.map(Some)
        },
    );
    view! {
        <Title text=move || t_string!(i18n, board.search_title) />
        <Meta name="robots" content="noindex" />
        <section class="board" aria-labelledby="search-title">
            <h1 id="search-title">{t!(i18n, board.search_title)}</h1>
            <form class="search" method="get" action="/search" role="search">
                <label for="search-q">{t!(i18n, board.search_label)}</label>
                <input
                    id="search-q"
                    name="q"
                    type="search"
                    autocomplete="off"
                    maxlength=SearchTerms::MAX_CHARS.to_string()
                    value=asked
                    aria-describedby="search-hint"
                    aria-controls="search-results"
                    prop:value=typed
                    on:input=move |ev| typed.set(event_target_value(&ev))
                />
                <button type="submit">{t!(i18n, board.search)}</button>
                <p class="field-hint" id="search-hint">{t!(i18n, board.search_hint)}</p>
            </form>
            <div id="search-results" aria-live="polite">
                <Transition fallback=move || view! { <p class="muted">{t!(i18n, board.searching)}</p> }>
                    {move || Suspend::new(async move {
                        match results.await {
                            Ok(Some(found)) => view! { <Found found /> }.into_any(),
                            Ok(None) => ().into_any(),
                            Err(error) => view! { <Refused error /> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </section>
    }
}

#[component]
fn Refused(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let words = failure(i18n.get_locale_untracked(), &error);
    view! { <p class="form-error" role="alert">{words}</p> }
}

#[component]
fn Found(found: SearchResults) -> impl IntoView {
    let i18n = use_i18n();
    if found.posts.is_empty() && found.comments.is_empty() {
        return view! { <p class="muted">{t!(i18n, board.nothing_found)}</p> }.into_any();
    }
    let SearchResults { posts, comments } = found;
    view! {
        {(!posts.is_empty()).then(|| view! {
            <h2>{t!(i18n, board.found_posts)}</h2>
            <ol class="search-hits">
                {posts.into_iter().map(|hit| view! { <Hit hit /> }).collect_view()}
            </ol>
        })}
        {(!comments.is_empty()).then(|| view! {
            <h2>{t!(i18n, board.found_comments)}</h2>
            <ol class="search-hits">
                {comments.into_iter().map(|hit| view! { <Hit hit /> }).collect_view()}
            </ol>
        })}
    }
    .into_any()
}

/// One place found: a link to it, and the words around what matched, marked (as text, escaped
/// like any other).
#[component]
fn Hit(hit: SearchHit) -> impl IntoView {
    let i18n = use_i18n();
    let (href, title) = match hit.comment_id {
        Some(comment) => (format!("/posts/{}#comment-{comment}", hit.post_id), {
            let title = hit.post_title.clone();
            view! { {move || t_string!(i18n, board.comment_on, title = title.clone())} }.into_any()
        }),
        None => (
            format!("/posts/{}", hit.post_id),
            view! { {hit.post_title.clone()} }.into_any(),
        ),
    };
    view! {
        <li class="search-hit">
            <a href=href>{title}</a>
            <p class="search-snippet">
                {hit.snippet.into_iter().map(|part| {
                    if part.matched {
                        view! { <mark>{part.text}</mark> }.into_any()
                    } else {
                        part.text.into_any()
                    }
                }).collect_view()}
            </p>
        </li>
    }
}
