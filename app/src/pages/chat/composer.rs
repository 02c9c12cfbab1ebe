//! Writing a message (queued while the room is not connected, which it says): Enter sends, Shift+Enter starts a new line, Up in an empty composer
//! edits one's last message; typing notices go out as the reader types (throttled by the live
//! room).

use leptos::{ev::KeyboardEvent, prelude::*};
use model::chat::MessageBody;

use super::state::{Ask, RoomState};
use super::words;
use crate::{
    components::Link,
    i18n::{t, t_string, use_i18n},
    refusals::say,
};

#[component]
pub fn Composer(state: RoomState) -> impl IntoView {
    let i18n = use_i18n();
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
            <label for="composer-text" class="visually-hidden">{t!(i18n, chat.composer.label)}</label>
            <textarea
                id="composer-text"
                name="body"
                rows="2"
                placeholder=move || t_string!(i18n, chat.composer.placeholder)
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
            <button type="submit" disabled=move || state.sending.get()>{t!(i18n, chat.composer.send)}</button>
            {move || {
                matches!(state.link.get(), Link::Offline | Link::Reconnecting)
                    .then(|| {
                        view! {
                            <p class="composer-note" id="composer-note">
                                {t!(i18n, chat.composer.queued_note)}
                            </p>
                        }
                    })
            }}
            <p class="form-error" id="composer-error" role="alert">
                {move || {
                    let locale = i18n.get_locale();
                    if too_long() {
                        let max = MessageBody::MAX_CHARS;
                        Some(say(locale, &model::refusal::Refusal::MessageTooLong { max }))
                    } else {
                        state.send_error.with(|error| error.as_ref().map(|error| words::notice(locale, error)))
                    }
                }}
            </p>
        </form>
    }
    .into_any()
}
