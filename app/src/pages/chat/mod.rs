//! `/chat` (recipes 15, 16, 27): the room list beside the open room. The list and the room
//! settings are server functions; the room itself is live over the Phoenix socket, so it is
//! rendered in the browser only (a page without JavaScript shows the list and says so).

mod changes;
mod composer;
#[cfg(feature = "hydrate")]
mod live;
mod message;
mod messages;
mod room;
mod rooms;
mod settings;
mod state;
mod words;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::{Outlet, Redirect},
    hooks::use_params_map,
};

use crate::{
    auth::{Viewer, sign_in_path},
    i18n::{t, t_string, use_i18n},
};
pub use room::Room;
pub(crate) use rooms::RoomLink;
use rooms::{NewRoomForm, RoomList};

/// Bumped to make the room list load again (a room was created, renamed, deleted or read).
#[derive(Clone, Copy)]
pub(crate) struct RoomsChanged(pub RwSignal<u32>);

impl RoomsChanged {
    /// Nothing happens once the chat pages are gone (a late timer, after navigating away).
    pub fn bump(self) {
        self.0.try_update(|count| *count += 1);
    }
}

/// The frame of every chat page: the rooms on the side, the open room (or a hint) beside.
#[component]
pub fn ChatLayout() -> impl IntoView {
    let Viewer(user) = expect_context::<Viewer>();
    provide_context(RoomsChanged(RwSignal::new(0)));
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, chat.title) />
        {match user {
            None => view! { <Redirect path=sign_in_path("/chat") /> }.into_any(),
            Some(_) => view! {
                <div class="chat">
                    <aside class="chat-side" aria-label=move || t_string!(i18n, chat.rooms)>
                        <RoomList />
                        <NewRoomForm />
                    </aside>
                    <div class="chat-main">
                        <Outlet />
                    </div>
                </div>
            }
            .into_any(),
        }}
    }
}

/// `/chat` with no room open.
#[component]
pub fn ChatIndex() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel chat-empty">
            <h1>{t!(i18n, chat.title)}</h1>
            <p class="lead">{t!(i18n, chat.pick)}</p>
            <p class="muted">{t!(i18n, chat.socket)}</p>
        </section>
    }
}

/// `/chat/:id`: a fresh room view for each room id, so leaving one room leaves its channel.
#[component]
pub fn ChatRoom() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let room_id = Memo::new(move |_| params.with(|params| params.get("id")?.parse::<i64>().ok()));
    move || match room_id.get() {
        Some(id) => view! { <Room id /> }.into_any(),
        None => view! {
            <section class="panel" role="alert">
                <h1>{t!(i18n, chat.no_such_room)}</h1>
                <a href="/chat">{t!(i18n, chat.back_to_rooms)}</a>
            </section>
        }
        .into_any(),
    }
}
