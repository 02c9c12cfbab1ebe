//! One message: its head (avatar, name, time) unless it continues its author's previous one;
//! its text, links made clickable and everything else — markup included — shown as typed, and
//! "(edited)" once changed; its reactions; and behind one button per message, its actions:
//! react, and for its author edit and delete (an admin may delete any). A deleted message stays
//! as a tombstone. Everything after the head follows the message as it changes. The actions
//! are in `actions`, the edit form in `edit`.

use leptos::prelude::*;
use model::chat::{ChatMessage, Reaction, links};

mod actions;
mod edit;

use actions::Actions;
use edit::EditForm;

use super::{
    changes,
    state::{Ask, RoomState},
    words,
};
use crate::{
    components::{Avatar, LocalTime, TimeStyle, focus_later},
    i18n::{t, t_string, use_i18n},
};

/// The id of message `id`'s actions button.
fn actions_id(id: i64) -> String {
    format!("message-{id}-actions")
}

/// Focus back on message `id`'s actions button (after an edit, or a closed menu).
pub fn focus_actions(id: i64) {
    focus_later(format!("#{}", actions_id(id)));
}

/// Focus back on message `id`'s actions button if it was on something now gone (a reaction
/// taken back by its last giver).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub fn refocus_if_lost(id: i64) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        let document = document();
        let lost = document
            .active_element()
            .is_none_or(|active| document.body().is_some_and(|body| *body == active));
        if lost {
            focus_actions(id);
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// Focus on what is left of a deleted message, so the reader keeps their place.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub fn focus_tombstone(id: i64) {
    focus_later(format!(".message[data-id=\"{id}\"] .tombstone"));
}

#[component]
pub fn MessageItem(message: ChatMessage, continued: bool, state: RoomState) -> impl IntoView {
    let id = message.id;
    let mine = message.author.id == state.me;
    // The message as it is now: edits, deletes and reactions come after it is first shown.
    let current = Memo::new(move |_| state.messages.with(|list| changes::get(list, id).cloned()));
    let deleted = move || current.with(|message| message.as_ref().is_some_and(|m| m.deleted));
    let editing = move || state.editing.get() == Some(id);
    let at = message.inserted_at;
    let author = message.author.name.clone();
    let i18n = use_i18n();
    let error = move || {
        state
            .change_error
            .with(|error| {
                error
                    .as_ref()
                    .filter(|(on, _)| *on == id)
                    .map(|(_, why)| words::notice(i18n.get_locale(), why))
            })
            .map(|why| view! { <p class="form-error" role="alert">{why}</p> })
    };
    view! {
        <li class="message" class:continued=continued class:mine=mine data-id=id>
            {(!continued)
                .then(|| {
                    view! {
                        <p class="message-head">
                            <Avatar url=message.author.avatar_url.clone() name=author.clone() />
                            <span class="author">{author.clone()}</span>
                            <LocalTime at style=TimeStyle::Clock />
                        </p>
                    }
                })}
            {move || {
                if editing() {
                    let body = current.with_untracked(|message| {
                        message.as_ref().map(|m| m.body.clone()).unwrap_or_default()
                    });
                    view! { <EditForm id state body /> }.into_any()
                } else {
                    view! { <Text current /> }.into_any()
                }
            }}
            <Reactions id state current />
            {move || {
                (!deleted() && !editing())
                    .then(|| {
                        let author = author.clone();
                        view! { <Actions id author at mine state current /> }
                    })
            }}
            {error}
        </li>
    }
}

/// The message's text, "(edited)" if it changed, or its tombstone.
#[component]
fn Text(current: Memo<Option<ChatMessage>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        current.with(|message| {
            let Some(message) = message else {
                return ().into_any();
            };
            if message.deleted {
                return view! {
                    <p class="message-body tombstone" tabindex="-1">{t!(i18n, chat.message_deleted)}</p>
                }
                .into_any();
            }
            let body = links::segments(&message.body)
                .into_iter()
                .map(|segment| match segment {
                    links::Segment::Text(text) => text.to_owned().into_any(),
                    links::Segment::Link(link) => view! {
                        <a href=link.to_owned() rel="noopener noreferrer nofollow ugc" target="_blank">
                            {link.to_owned()}
                        </a>
                    }
                    .into_any(),
                })
                .collect_view();
            let edited = message
                .edited_at
                .map(|_| view! { " " <span class="edited">{t!(i18n, chat.edited)}</span> });
            view! { <p class="message-body">{body}{edited}</p> }.into_any()
        })
    }
}

/// The reactions a message was given, each a toggle: pressed if the reader gave it.
#[component]
fn Reactions(id: i64, state: RoomState, current: Memo<Option<ChatMessage>>) -> impl IntoView {
    let i18n = use_i18n();
    let given = move || {
        current.with(|message| {
            message
                .as_ref()
                .map(|m| {
                    m.reactions
                        .iter()
                        .map(|count| count.reaction)
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let count_of = move |reaction: Reaction| {
        current.with(|message| {
            message
                .as_ref()
                .and_then(|m| m.reactions.iter().find(|count| count.reaction == reaction))
                .map_or((0, false), |count| (count.count, count.mine))
        })
    };
    view! {
        <ul class="reactions" aria-label=move || t_string!(i18n, chat.reactions.label) hidden=move || given().is_empty()>
            <For each=given key=|reaction| *reaction let:reaction>
                <li>
                    <button
                        type="button"
                        class="reaction"
                        aria-pressed=move || count_of(reaction).1.to_string()
                        aria-label=move || {
                            let name = words::reaction(i18n.get_locale(), reaction);
                            t_string!(i18n, chat.reactions.count, reaction = name, count = count_of(reaction).0)
                        }
                        on:click=move |_| {
                            let on = !count_of(reaction).1;
                            state.ask(Ask::React { message_id: id, reaction, on });
                        }
                    >
                        <span aria-hidden="true">{reaction.emoji()}</span>
                        " "
                        {move || count_of(reaction).0}
                    </button>
                </li>
            </For>
        </ul>
    }
}
