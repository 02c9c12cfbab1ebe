//! The list of messages (each one in `message`): under a heading per day, grouped by author,
//! older ones on scroll-up, and last those written while not connected, marked as queued. It is a `role="log"` region, so a screen reader reads new messages
//! as they come.

use super::{
    message::MessageItem,
    state::{Ask, RoomState},
    words,
};
use crate::{
    components::{day_heading, local, now},
    i18n::{t, t_string, use_i18n},
};
use leptos::prelude::*;

#[component]
pub fn MessageList(state: RoomState) -> impl IntoView {
    let i18n = use_i18n();
    let rows = move || {
        let locale = i18n.get_locale();
        let today = local(now()).date();
        state.messages.with(|messages| {
            messages
                .iter()
                .enumerate()
                .map(|(index, message)| {
                    let previous = index.checked_sub(1).and_then(|at| messages.get(at));
                    let day = local(message.inserted_at).date();
                    let new_day =
                        previous.is_none_or(|previous| local(previous.inserted_at).date() != day);
                    let heading = new_day.then(|| day_heading(locale, day, today));
                    let continued = !new_day && words::continues(previous, message);
                    (message.clone(), continued, heading)
                })
                .collect::<Vec<_>>()
        })
    };
    let on_scroll = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(list) = state.list.get_untracked() {
            if list.scroll_top() < 40 {
                state.ask(Ask::Older);
            }
            if super::state::near_bottom(&list) {
                state.new_below.set(false);
                state.ask(Ask::SawLatest);
            }
        }
    };
    let jump_to_latest = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(list) = state.list.get_untracked() {
            list.set_scroll_top(list.scroll_height());
        }
        state.new_below.set(false);
        state.ask(Ask::SawLatest);
    };

    view! {
        <div class="messages-frame">
            // Scrolled, so reachable by keyboard; its list sits at its bottom, above the composer.
            <div
                class="messages"
                role="log"
                aria-label=move || t_string!(i18n, chat.messages)
                tabindex="0"
                node_ref=state.list
                on:scroll=on_scroll
            >
            <ol>
                {move || {
                    state
                        .has_older
                        .get()
                        .then(|| {
                            view! {
                                <li class="older">
                                    <button
                                        type="button"
                                        class="link-button"
                                        disabled=move || state.loading_older.get()
                                        on:click=move |_| state.ask(Ask::Older)
                                    >
                                        {move || if state.loading_older.get() { t!(i18n, chat.loading).into_any() } else { t!(i18n, chat.load_older).into_any() }}
                                    </button>
                                </li>
                            }
                        })
                }}
                <For
                    each=rows
                    key=|(message, continued, heading)| (message.id, *continued, heading.clone())
                    children=move |(message, continued, heading)| {
                        view! {
                            {heading.map(|day| view! { <li class="day"><h2>{day}</h2></li> })}
                            <MessageItem message continued state />
                        }
                        .into_any()
                    }
                />
                <For
                    each=move || state.queued.get()
                    key=|queued| (queued.key, queued.sending)
                    let:queued
                >
                    <li class="message mine queued" data-queued=queued.key>
                        <p class="message-body">{queued.body}</p>
                        <p class="queued-note">
                            {if queued.sending {
                                t!(i18n, chat.sending).into_any()
                            } else {
                                t!(i18n, chat.queued).into_any()
                            }}
                        </p>
                    </li>
                </For>
            </ol>
            </div>
            {move || {
                state
                    .new_below
                    .get()
                    .then(|| {
                        view! {
                            <button type="button" class="new-below" on:click=jump_to_latest>
                                {t!(i18n, chat.new_below)}
                            </button>
                        }
                    })
            }}
        </div>
    }
    .into_any()
}
