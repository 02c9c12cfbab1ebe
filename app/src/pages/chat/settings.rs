//! What a room's creator (or an admin) may do to it: rename, invite to a private room, delete.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_router::hooks::use_navigate;
use model::chat::RoomName;

use super::{RoomsChanged, state::RoomState};
use crate::{
    AppError,
    auth::CurrentUser,
    chat::{delete_room, invite_member, rename_room},
    i18n::{Locale, t, t_string, use_i18n},
    refusals::{failure, say},
};

/// What a refused change says: its field's refusal, or the failure.
fn refusal(locale: Locale, error: AppError, field: &str) -> String {
    match &error {
        AppError::Invalid(errors) => match errors.get(field) {
            Some(refusal) => say(locale, refusal),
            None => failure(locale, &error),
        },
        other => failure(locale, other),
    }
}

#[component]
pub fn RoomSettings(state: RoomState, user: CurrentUser) -> impl IntoView {
    let changed = expect_context::<RoomsChanged>();
    let may_manage = move || {
        state.room.with(|room| {
            room.as_ref()
                .is_some_and(|room| user.is_admin || room.created_by == Some(user.id))
        })
    };
    let private = move || {
        state
            .room
            .with(|room| room.as_ref().is_some_and(|room| room.private))
    };
    let new_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let notice = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let i18n = use_i18n();
    let locale = move || i18n.get_locale_untracked();

    let rename = move |ev: SubmitEvent| {
        ev.prevent_default();
        let name = new_name.get_untracked();
        if let Err(error) = RoomName::parse(&name) {
            notice.set(Some((false, say(locale(), &error.into()))));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match rename_room(state.room_id, name).await {
                Ok(room) => {
                    let words = t_string!(i18n, chat.settings.renamed, name = room.name.clone());
                    notice.set(Some((true, words)));
                    state.room.set(Some(room));
                    new_name.set(String::new());
                    changed.bump();
                }
                Err(error) => notice.set(Some((false, refusal(locale(), error, "name")))),
            }
            busy.set(false);
        });
    };
    let invite = move |ev: SubmitEvent| {
        ev.prevent_default();
        let address = email.get_untracked();
        busy.set(true);
        spawn_local(async move {
            match invite_member(state.room_id, address).await {
                Ok(invited) => {
                    let words = t_string!(i18n, chat.settings.invited, email = invited);
                    notice.set(Some((true, words)));
                    email.set(String::new());
                }
                Err(error) => notice.set(Some((false, refusal(locale(), error, "email")))),
            }
            busy.set(false);
        });
    };
    let delete = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let sure = window()
                .confirm_with_message(t_string!(i18n, chat.settings.confirm_delete))
                .unwrap_or(false);
            if !sure {
                return;
            }
        }
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match delete_room(state.room_id).await {
                Ok(()) => {
                    changed.bump();
                    navigate("/chat", Default::default());
                }
                Err(error) => notice.set(Some((false, failure(locale(), &error)))),
            }
            busy.set(false);
        });
    };

    move || {
        may_manage().then(|| {
            let delete = delete.clone();
            view! {
                <details class="room-settings">
                    <summary>{t!(i18n, chat.settings.heading)}</summary>
                    <form class="inline-form" on:submit=rename>
                        <label for="rename-room">{t!(i18n, chat.settings.new_name)}</label>
                        <input
                            id="rename-room"
                            maxlength="50"
                            prop:value=new_name
                            on:input=move |ev| new_name.set(event_target_value(&ev))
                        />
                        <button type="submit" disabled=move || busy.get()>{t!(i18n, chat.settings.rename)}</button>
                    </form>
                    {private()
                        .then(|| {
                            view! {
                                <form class="inline-form" on:submit=invite>
                                    <label for="invite-email">{t!(i18n, chat.settings.invite_by_email)}</label>
                                    <input
                                        id="invite-email"
                                        type="email"
                                        autocomplete="off"
                                        prop:value=email
                                        on:input=move |ev| email.set(event_target_value(&ev))
                                    />
                                    <button type="submit" disabled=move || busy.get()>{t!(i18n, chat.settings.invite)}</button>
                                </form>
                            }
                        })}
                    <button type="button" class="danger" disabled=move || busy.get() on:click=delete>
                        {t!(i18n, chat.settings.delete)}
                    </button>
                    {move || {
                        notice
                            .get()
                            .map(|(ok, text)| {
                                let class = if ok { "notice" } else { "form-error" };
                                view! { <p class=class role="status">{text}</p> }
                            })
                    }}
                </details>
            }
            .into_any()
        })
    }
}
