//! Writing a message: Enter sends, Shift+Enter starts a new line; typing notices go out as
//! the reader types (throttled by the live room).

use leptos::{ev::KeyboardEvent, prelude::*};
use model::chat::MessageBody;

use super::state::{Ask, RoomState};

#[component]
pub fn Composer(state: RoomState) -> impl IntoView {
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
            ev.prevent_default();
            state.ask(Ask::Send);
        }
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
                aria-describedby="composer-error"
                on:input=move |ev| {
                    state.draft.set(event_target_value(&ev));
                    state.send_error.set(None);
                    state.ask(Ask::Typed);
                }
                on:keydown=on_keydown
            ></textarea>
            <button type="submit" disabled=move || state.sending.get()>"Send"</button>
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
