//! One room, live: its messages, who is typing, who is online, who has seen what, and the
//! state of the connection. The signals live in [`RoomState`]; in the browser `live.rs` fills
//! them from the socket and carries out what the view asks ([`Ask`]).

use std::collections::BTreeMap;

use leptos::{html, prelude::*};
use leptos_meta::Title;
use model::chat::{ChatMessage, RoomInfo};

use super::{composer::Composer, messages::MessageList, settings::RoomSettings, words};
pub use crate::components::Link;
use crate::{auth::Viewer, components::LinkStatus};

/// Someone present in the room, with how many tabs or devices they have it open in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub user_id: i64,
    pub name: String,
    pub devices: usize,
}

/// What the view asks of the live room.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// Send the composer's text.
    Send,
    /// The composer's text changed (typing notices are throttled).
    Typed,
    /// Load the page of messages before the oldest shown.
    Older,
    /// The reader is at the newest message: mark it read.
    SawLatest,
}

/// Everything the room view shows, as signals.
#[derive(Clone, Copy)]
pub struct RoomState {
    pub room_id: i64,
    pub me: i64,
    pub room: RwSignal<Option<RoomInfo>>,
    pub messages: RwSignal<Vec<ChatMessage>>,
    pub has_older: RwSignal<bool>,
    pub loading_older: RwSignal<bool>,
    /// Who is typing, by user id.
    pub typing: RwSignal<BTreeMap<i64, String>>,
    pub online: RwSignal<Vec<Member>>,
    /// How far each member has read: user id → message id.
    pub receipts: RwSignal<BTreeMap<i64, i64>>,
    pub link: RwSignal<Link>,
    /// Why the room cannot be shown (not found, not allowed, deleted).
    pub problem: RwSignal<Option<String>>,
    pub draft: RwSignal<String>,
    pub sending: RwSignal<bool>,
    pub send_error: RwSignal<Option<String>>,
    /// New messages arrived while the reader was scrolled up.
    pub new_below: RwSignal<bool>,
    pub list: NodeRef<html::Ol>,
    #[cfg(feature = "hydrate")]
    live: StoredValue<Option<super::live::LiveRoom>, LocalStorage>,
}

impl RoomState {
    fn new(room_id: i64, me: i64) -> Self {
        Self {
            room_id,
            me,
            room: RwSignal::new(None),
            messages: RwSignal::new(Vec::new()),
            has_older: RwSignal::new(false),
            loading_older: RwSignal::new(false),
            typing: RwSignal::new(BTreeMap::new()),
            online: RwSignal::new(Vec::new()),
            receipts: RwSignal::new(BTreeMap::new()),
            link: RwSignal::new(Link::Connecting),
            problem: RwSignal::new(None),
            draft: RwSignal::new(String::new()),
            sending: RwSignal::new(false),
            send_error: RwSignal::new(None),
            new_below: RwSignal::new(false),
            list: NodeRef::new(),
            #[cfg(feature = "hydrate")]
            live: StoredValue::new_local(None),
        }
    }

    /// Hands `ask` to the live room (in the browser; there is none on the server).
    pub fn ask(self, ask: Ask) {
        #[cfg(feature = "hydrate")]
        self.live.with_value(|live| {
            if let Some(live) = live {
                live.ask(ask);
            }
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = ask;
    }

    /// Everyone's name this room knows of (authors and those online), for "seen by".
    fn names(self) -> BTreeMap<i64, String> {
        let mut names: BTreeMap<i64, String> = self.messages.with(|messages| {
            messages
                .iter()
                .map(|message| (message.author.id, message.author.name.clone()))
                .collect()
        });
        self.online.with(|online| {
            names.extend(
                online
                    .iter()
                    .map(|member| (member.user_id, member.name.clone())),
            );
        });
        names
    }
}

/// Who is in the room right now, from presence.
#[component]
fn OnlineList(state: RoomState) -> impl IntoView {
    view! {
        <aside class="online" aria-label="Online now">
            <h2>"Online"</h2>
            <ul>
                <For
                    each=move || state.online.get()
                    key=|member| (member.user_id, member.devices)
                    let:member
                >
                    <li>
                        <span class="dot" aria-hidden="true"></span>
                        {member.name.clone()}
                        {(member.user_id == state.me).then_some(" (you)")}
                        {(member.devices > 1)
                            .then(|| view! { <span class="muted">{format!(" · {} tabs", member.devices)}</span> })}
                    </li>
                </For>
            </ul>
        </aside>
    }
    .into_any()
}

/// The room `id`, joined over the socket for as long as the view is shown.
#[component]
pub fn Room(id: i64) -> impl IntoView {
    let Viewer(user) = expect_context::<Viewer>();
    let Some(user) = user else {
        return ().into_any();
    };
    let state = RoomState::new(id, user.id);

    #[cfg(feature = "hydrate")]
    {
        let live = super::live::LiveRoom::start(state, expect_context::<super::RoomsChanged>());
        state.live.set_value(Some(live));
        on_cleanup(move || {
            state.live.update_value(|live| {
                if let Some(live) = live.take() {
                    live.stop();
                }
            });
        });
    }

    let title = move || {
        state
            .room
            .with(|room| room.as_ref().map(|room| room.name.clone()))
            .unwrap_or_else(|| "Chat".to_owned())
    };
    let typing = move || {
        let names: Vec<String> = state
            .typing
            .with(|typing| typing.values().cloned().collect());
        words::typing_line(&names)
    };
    let seen = move || {
        let latest = state.messages.with(|messages| {
            messages
                .last()
                .map(|message| (message.id, message.author.id))
        })?;
        let names = state.names();
        let (mut named, mut unnamed) = (Vec::new(), 0);
        state.receipts.with(|receipts| {
            for (&reader, &read_up_to) in receipts {
                if reader == latest.1 || reader == state.me || read_up_to < latest.0 {
                    continue;
                }
                match names.get(&reader) {
                    Some(name) => named.push(name.clone()),
                    None => unnamed += 1,
                }
            }
        });
        words::seen_line(&named, unnamed)
    };

    view! {
        <Title text=title />
        <section class="room" aria-labelledby="room-title">
            {view! {
                <header class="room-head">
                    <h1 id="room-title">
                        {title}
                        {move || {
                            state
                                .room
                                .with(|room| room.as_ref().is_some_and(|room| room.private))
                                .then(|| view! { <span class="room-private">"private"</span> })
                        }}
                    </h1>
                    <LinkStatus
                        link=state.link
                        offline="Offline: messages will arrive when you are back"
                    />
                </header>
            }
                .into_any()}
            <noscript>
                <p class="panel">"The room is live over a WebSocket, so it needs JavaScript."</p>
            </noscript>
            {move || {
                state
                    .problem
                    .get()
                    .map(|problem| view! { <p class="flash flash-error room-problem" role="alert">{problem}</p> })
            }}
            <div class="room-body">
                <div class="room-conversation">
                    <MessageList state />
                    <p class="seen" data-testid="seen">{seen}</p>
                    <p class="typing" aria-live="polite">{typing}</p>
                    <Composer state />
                </div>
                <OnlineList state />
            </div>
            <RoomSettings state user=user.clone() />
        </section>
    }
    .into_any()
}
