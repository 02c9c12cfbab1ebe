//! Editing one's own message in place.

use leptos::{ev::KeyboardEvent, html, prelude::*};
use model::chat::MessageBody;

use super::focus_actions;
use crate::{
    i18n::{t, use_i18n},
    pages::chat::state::{Ask, Notice, RoomState},
};

/// The message's text in a form of its own: Enter (or Save) saves, Shift+Enter starts a new
/// line, Escape (or Cancel) leaves it as it was.
#[component]
pub(super) fn EditForm(id: i64, state: RoomState, body: String) -> impl IntoView {
    let original = StoredValue::new(body.clone());
    let draft = RwSignal::new(body);
    let area = NodeRef::<html::Textarea>::new();
    Effect::new(move |_| {
        if let Some(area) = area.get() {
            let _ = area.focus();
            let end = u32::try_from(area.value().len()).unwrap_or(u32::MAX);
            let _ = area.set_selection_range(end, end);
        }
    });
    let cancel = move || {
        state.editing.set(None);
        state.change_error.set(None);
        focus_actions(id);
    };
    let save = move || {
        let text = draft.get_untracked();
        if original.with_value(|original| *original == text) {
            cancel();
            return;
        }
        match MessageBody::parse(&text) {
            Ok(_) => state.ask(Ask::Edit {
                message_id: id,
                body: text,
            }),
            Err(error) => state
                .change_error
                .set(Some((id, Notice::Refused(error.into())))),
        }
    };
    let on_keydown = move |ev: KeyboardEvent| match ev.key().as_str() {
        "Enter" if !ev.shift_key() && !ev.is_composing() => {
            ev.prevent_default();
            save();
        }
        "Escape" => {
            ev.prevent_default();
            cancel();
        }
        _ => {}
    };
    let field = format!("message-{id}-edit");
    let i18n = use_i18n();
    view! {
        <form
            class="message-edit"
            on:submit=move |ev| {
                ev.prevent_default();
                save();
            }
        >
            <label for=field.clone() class="visually-hidden">{t!(i18n, chat.edit.label)}</label>
            <textarea
                id=field
                rows="2"
                node_ref=area
                prop:value=move || draft.get()
                on:input=move |ev| draft.set(event_target_value(&ev))
                on:keydown=on_keydown
            ></textarea>
            <div class="message-edit-buttons">
                <button type="submit" class="small">{t!(i18n, chat.edit.save)}</button>
                <button type="button" class="small secondary" on:click=move |_| cancel()>
                    {t!(i18n, chat.edit.cancel)}
                </button>
                <span class="muted">{t!(i18n, chat.edit.keys)}</span>
            </div>
        </form>
    }
}
