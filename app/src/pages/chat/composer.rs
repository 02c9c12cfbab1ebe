//! Writing a message (queued while the room is not connected, which it says): Enter sends, Shift+Enter starts a new line, Up in an empty composer
//! edits one's last message; typing notices go out as the reader types (throttled by the live
//! room).

use leptos::{ev::KeyboardEvent, prelude::*};
use model::chat::MessageBody;

use super::state::{Ask, RoomState};
use crate::components::Link;

#[component]
pub fn Composer(state: RoomState) -> impl IntoView {
    let on_keydown = move |ev: KeyboardEvent| match ev.key().as_str() {
        "Enter" if !ev.shift_key() && !ev.is_composing() => {
            ev.prevent_default();
            state.ask(Ask::Send);
        }
        // As in Slack: Up in an empty composer edits one's last message.
        "ArrowUp" if state.draft.with_untracked(String::is_empty) => {
            let last = state.messages.with_untracked(|messages| {
                messages
                    .iter()
                    .rev()
                    .find(|message| message.author.id == state.me && !message.deleted)
                    .map(|message| message.id)
            });
            if let Some(id) = last {
                ev.prevent_default();
                state.actions_open.set(None);
                state.change_error.set(None);
                state.editing.set(Some(id));
            }
        }
        _ => {}
    };
    let too_long = move || {
        state
            .draft
            .with(|draft| draft.chars().count() > MessageBody::MAX_CHARS)
    };
    view! {
        <form
            class="composer"
            on:submit=move |ev| {
                ev.prevent_default();
                state.ask(Ask::Send);
            }
        >
            <label for="composer-text" class="visually-hidden">"Message"</label>
            <textarea
                id="composer-text"
                name="body"
                rows="2"
                placeholder="Message · Enter sends, Shift+Enter: new line"
                prop:value=move || state.draft.get()
                aria-invalid=move || too_long().to_string()
                aria-describedby=move || {
                    if matches!(state.link.get(), Link::Offline | Link::Reconnecting) {
                        "composer-error composer-note"
                    } else {
                        "composer-error"
                    }
                }
                on:input=move |ev| {
                    state.draft.set(event_target_value(&ev));
                    state.send_error.set(None);
                    state.ask(Ask::Typed);
                }
                on:keydown=on_keydown
            ></textarea>
            <button type="submit" disabled=move || state.sending.get()>"Send"</button>
            {move || {
                matches!(state.link.get(), Link::Offline | Link::Reconnecting)
                    .then(|| {
                        view! {
                            <p class="composer-note" id="composer-note">
                                "Not connected: what you send now is queued and goes when the connection is back."
                            </p>
                        }
                    })
            }}
            <p class="form-error" id="composer-error" role="alert">
                {move || {
                    if too_long() {
                        Some(format!("Keep it under {} characters.", MessageBody::MAX_CHARS))
                    } else {
                        state.send_error.get()
                    }
                }}
            </p>
        </form>
    }
    .into_any()
}
