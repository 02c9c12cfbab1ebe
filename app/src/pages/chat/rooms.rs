//! The room list with unread badges, and the form that creates a room.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_router::hooks::{use_location, use_navigate};
use model::chat::{RoomName, RoomSummary};

use super::RoomsChanged;
use crate::{
    AppError,
    chat::{NewRoomAttempt, chat_rooms, create_room},
    components::{LocalTime, TimeStyle},
    i18n::{t, t_string, use_i18n},
    refusals::{failure, say},
};

/// Every room the reader may see, loaded again when they move between rooms or one changes.
#[component]
pub fn RoomList() -> impl IntoView {
    let RoomsChanged(changed) = expect_context::<RoomsChanged>();
    let path = use_location().pathname;
    let rooms = Resource::new(move || (path.get(), changed.get()), |_| chat_rooms());
    let i18n = use_i18n();

    view! {
        <nav class="room-list" aria-label=move || t_string!(i18n, chat.rooms)>
            <h2>{t!(i18n, chat.rooms)}</h2>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, chat.loading_rooms)}</p> }>
                {move || Suspend::new(async move {
                    match rooms.await {
                        Ok(list) if list.is_empty() => {
                            view! { <p class="muted">{t!(i18n, chat.no_rooms)}</p> }
                                .into_any()
                        }
                        Ok(list) => view! {
                            <ul>
                                {list
                                    .into_iter()
                                    .map(|summary| view! { <RoomLink summary path /> })
                                    .collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(error) => {
                            let words = failure(i18n.get_locale_untracked(), &error);
                            view! { <p class="form-error" role="alert">{words}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
        </nav>
    }
}

/// A room's line: its name, when its newest message came, who wrote what, how many unread,
/// how many members.
#[component]
pub(crate) fn RoomLink(summary: RoomSummary, path: Memo<String>) -> impl IntoView {
    let RoomSummary {
        room,
        member_count,
        unread_count,
        last_message,
    } = summary;
    let href = format!("/chat/{}", room.id);
    let current = {
        let href = href.clone();
        move || path.get() == href
    };
    let i18n = use_i18n();
    let members = move || t_string!(i18n, chat.members, count = member_count);
    let when = last_message
        .as_ref()
        .map(|last| view! { <LocalTime at=last.inserted_at style=TimeStyle::Brief /> });
    let last = move || match &last_message {
        Some(last) if last.deleted => {
            t_string!(i18n, chat.last_deleted, name = last.author_name.clone())
        }
        Some(last) => t_string!(
            i18n,
            chat.last_message,
            name = last.author_name.clone(),
            text = last.preview.clone()
        ),
        None => t_string!(i18n, chat.no_messages).to_string(),
    };
    view! {
        <li>
            <a
                href=href
                class="room-link"
                class:current=current.clone()
                aria-current=move || current().then_some("page")
            >
                <span class="room-top">
                    <span class="room-name">{room.name}</span>
                    {room.private.then(|| view! { <span class="room-private">{t!(i18n, chat.private)}</span> })}
                    <span class="room-when">{when}</span>
                </span>
                <span class="room-bottom">
                    <span class="room-last">{last}</span>
                    {(unread_count > 0)
                        .then(|| {
                            view! {
                                <span class="unread" aria-label=move || t_string!(i18n, chat.unread, count = unread_count)>
                                    {unread_count.min(99)}
                                    {(unread_count > 99).then_some("+")}
                                </span>
                            }
                        })}
                </span>
                <span class="room-members">{members}</span>
            </a>
        </li>
    }
}

/// Creates a room: the name is checked as it is typed with the same rules the server applies;
/// without JavaScript the form posts to `/chat/rooms`.
#[component]
pub fn NewRoomForm() -> impl IntoView {
    let changed = expect_context::<RoomsChanged>();
    // Posted without JavaScript and refused: what was typed comes back with the error.
    let attempt =
        SharedValue::new(|| use_context::<NewRoomAttempt>().unwrap_or_default()).into_inner();
    let i18n = use_i18n();
    let refused = attempt
        .errors
        .get("name")
        .map(|refusal| say(i18n.get_locale_untracked(), refusal));
    let initial = attempt.name.clone();
    let name = RwSignal::new(attempt.name.clone());
    let private = RwSignal::new(attempt.private);
    let touched = RwSignal::new(refused.is_some());
    let server_error = RwSignal::new(refused.map(|message| (attempt.name, message)));
    let pending = RwSignal::new(false);
    let error = Memo::new(move |_| {
        let typed = name.get();
        let from_server = server_error.with(|refused| {
            refused
                .as_ref()
                .filter(|(sent, _)| *sent == typed)
                .map(|(_, message)| message.clone())
        });
        from_server.or_else(|| {
            let refused = RoomName::parse(&typed).err()?;
            Some(say(i18n.get_locale(), &refused.into()))
        })
    });
    let shown = move || touched.get().then(|| error.get()).flatten();
    let navigate = use_navigate();

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        touched.set(true);
        if error.get_untracked().is_some() || pending.get_untracked() {
            return;
        }
        let sent = name.get_untracked();
        pending.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match create_room(sent.clone(), private.get_untracked()).await {
                Ok(id) => {
                    name.set(String::new());
                    touched.set(false);
                    changed.bump();
                    navigate(&format!("/chat/{id}"), Default::default());
                }
                Err(AppError::Invalid(errors)) => {
                    let locale = i18n.get_locale_untracked();
                    let message = errors.get("name").map(|refusal| say(locale, refusal));
                    server_error.set(Some((sent, message.unwrap_or_default())));
                }
                Err(other) => {
                    let message = failure(i18n.get_locale_untracked(), &other);
                    server_error.set(Some((sent, message)));
                }
            }
            pending.set(false);
        });
    };

    view! {
        <form class="form new-room" method="post" action="/chat/rooms" novalidate on:submit=submit>
            <h2>{t!(i18n, chat.new_room)}</h2>
            <div class="field" class:field-invalid=move || shown().is_some()>
                <label for="room-name">{t!(i18n, chat.room_name)}</label>
                <input
                    id="room-name"
                    name="name"
                    autocomplete="off"
                    maxlength="50"
                    value=initial
                    prop:value=name
                    aria-invalid=move || shown().is_some().to_string()
                    aria-describedby="room-name-error"
                    on:input=move |ev| {
                        name.set(event_target_value(&ev));
                        touched.set(true);
                    }
                />
                <p class="field-error" id="room-name-error" aria-live="polite">{shown}</p>
            </div>
            <label class="check">
                <input
                    type="checkbox"
                    name="private"
                    checked=attempt.private
                    prop:checked=private
                    on:change=move |ev| private.set(event_target_checked(&ev))
                />
                {t!(i18n, chat.private_room)}
            </label>
            <button type="submit" disabled=move || pending.get()>{t!(i18n, chat.create_room)}</button>
        </form>
    }
}
