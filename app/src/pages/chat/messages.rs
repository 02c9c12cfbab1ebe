//! The list of messages (each one in `message`): under a heading per day, grouped by author,
//! older ones on scroll-up, and last those written while not connected, marked as queued. It is a `role="log"` region, so a screen reader reads new messages
//! as they come.

use super::{
    message::MessageItem,
    state::{Ask, RoomState},
    words,
};
use crate::components::{local, now};
use leptos::prelude::*;

#[component]
pub fn MessageList(state: RoomState) -> impl IntoView {
    let rows = move || {
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
                    let heading = new_day.then(|| words::day_label(day, today));
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
                aria-label="Messages"
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
                                        {move || if state.loading_older.get() { "Loading…" } else { "Load older messages" }}
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
                                "Sending…"
                            } else {
                                "Queued: sends when the connection is back"
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
                                "New messages ↓"
                            </button>
                        }
                    })
            }}
        </div>
    }
    .into_any()
}
