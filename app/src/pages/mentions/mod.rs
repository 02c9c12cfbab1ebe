//! `/mentions`: where someone wrote one's `@handle`, newest first, each linking to its place;
//! the ones new since the last visit marked. Opening the page marks them seen, which clears the
//! badge (`badge.rs`) in every tab. Older ones by `?before=<id>`.

mod badge;

pub use badge::MentionsBadge;
#[cfg(feature = "hydrate")]
pub use badge::watch as watch_mentions;

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::{components::Redirect, hooks::use_query_map};
use model::mentions::{MentionInfo, MentionPlace, PAGE};

use crate::{
    auth::{Viewer, sign_in_path},
    components::{Avatar, LocalTime},
    i18n::{t, t_string, use_i18n},
    mentions::my_mentions,
    refusals::failure,
};

#[component]
pub fn MentionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let Viewer(user) = expect_context::<Viewer>();
    view! {
        <Title text=move || t_string!(i18n, mentions.title) />
        <Meta name="robots" content="noindex" />
        {match user {
            None => view! { <Redirect path=sign_in_path("/mentions") /> }.into_any(),
            Some(_) => view! { <Mentions /> }.into_any(),
        }}
    }
}

#[component]
fn Mentions() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let before = Memo::new(move |_| {
        query.with(|query| {
            query
                .get("before")
                .and_then(|before| before.parse::<i64>().ok())
        })
    });
    let list = Resource::new(move || before.get(), my_mentions);
    view! {
        <section class="mentions" aria-labelledby="mentions-title">
            <h1 id="mentions-title">{t!(i18n, mentions.title)}</h1>
            <p class="muted">{t!(i18n, mentions.lead)}</p>
            <Suspense fallback=move || view! { <p class="muted">{t!(i18n, mentions.loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(mentions) => view! { <MentionList mentions /> }.into_any(),
                        Err(error) => {
                            let words = failure(i18n.get_locale_untracked(), &error);
                            view! { <p class="form-error" role="alert">{words}</p> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn MentionList(mentions: Vec<MentionInfo>) -> impl IntoView {
    let i18n = use_i18n();
    if mentions.is_empty() {
        return view! { <p class="panel">{t!(i18n, mentions.empty)}</p> }.into_any();
    }
    let older = (mentions.len() == PAGE as usize)
        .then(|| {
            mentions
                .last()
                .map(|last| format!("/mentions?before={}", last.id))
        })
        .flatten();
    view! {
        <ol class="mention-list">
            {mentions.into_iter().map(|mention| view! { <Mention mention /> }).collect_view()}
        </ol>
        {older.map(|href| view! {
            <p><a href=href>{t!(i18n, mentions.older)}</a></p>
        })}
    }
    .into_any()
}

#[component]
fn Mention(mention: MentionInfo) -> impl IntoView {
    let i18n = use_i18n();
    let href = mention.place.href();
    let by = mention.by.name.clone();
    let place = mention.place.clone();
    let said = move || match &place {
        MentionPlace::Post { title, .. } => {
            t_string!(
                i18n,
                mentions.in_post,
                name = by.clone(),
                title = title.clone()
            )
        }
        MentionPlace::Comment { title, .. } => {
            t_string!(
                i18n,
                mentions.in_comment,
                name = by.clone(),
                title = title.clone()
            )
        }
        MentionPlace::Message { room, .. } => {
            t_string!(
                i18n,
                mentions.in_message,
                name = by.clone(),
                room = room.clone()
            )
        }
    };
    let at = mention.at;
    view! {
        <li class="mention" class:mention-new=!mention.seen>
            <Avatar name=mention.by.name.clone() url=mention.by.avatar_url.clone() size="small" />
            <div>
                <p class="mention-meta">
                    <a href=href>{said}</a>
                    " · "
                    <LocalTime at />
                    {(!mention.seen).then(|| view! { " " <span class="badge">{t!(i18n, mentions.fresh)}</span> })}
                </p>
                <p class="mention-excerpt">{mention.excerpt}</p>
            </div>
        </li>
    }
}
