//! One room, live: its messages, who is typing, who is online (beside it; on a phone behind a
//! button), who has seen what, and the state of the connection. The signals live in [`RoomState`]; in the browser the live half
//! (`live/`) fills them from the socket and carries out what the view asks.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{
    composer::Composer, messages::MessageList, settings::RoomSettings, state::RoomState, words,
};
use crate::{
    auth::Viewer,
    components::LinkStatus,
    i18n::{t, t_string, use_i18n},
};

/// Who is in the room right now, from presence.
#[component]
fn OnlineList(state: RoomState) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <aside class="online" id="room-online" aria-label=move || t_string!(i18n, chat.online_now) popover="auto">
            <h2>{t!(i18n, chat.online)}</h2>
            <ul>
                <For
                    each=move || state.online.get()
                    key=|member| (member.user_id, member.devices)
                    let:member
                >
                    <li>
                        <span class="dot" aria-hidden="true"></span>
                        {member.name.clone()}
                        {(member.user_id == state.me).then(|| view! { " " {t!(i18n, chat.you)} })}
                        {(member.devices > 1)
                            .then(|| {
                                let devices = member.devices;
                                view! { <span class="muted">" · " {t!(i18n, chat.tabs, count = move || devices)}</span> }
                            })}
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
    let state = RoomState::new(id, user.id, user.is_admin);
    let i18n = use_i18n();

    #[cfg(feature = "hydrate")]
    {
        let live = super::live::LiveRoom::start(state, expect_context::<super::RoomsChanged>());
        let live = StoredValue::new_local(Some(live));
        state.on_ask(move |ask| {
            live.with_value(|live| {
                if let Some(live) = live {
                    live.ask(ask.clone());
                }
            });
        });
        on_cleanup(move || {
            live.update_value(|live| {
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
            .unwrap_or_else(|| t_string!(i18n, chat.title).to_owned())
    };
    let typing = move || {
        let names: Vec<String> = state
            .typing
            .with(|typing| typing.values().cloned().collect());
        words::typing_line(i18n.get_locale(), &names)
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
        words::seen_line(i18n.get_locale(), &named, unnamed)
    };

    view! {
        <Title text=title />
        <section class="room" aria-labelledby="room-title">
            {view! {
                <header class="room-head">
                    // On a phone the room is shown alone: the way back to the list, and who
                    // is online behind a button.
                    <a class="room-back" href="/chat">
                        <span aria-hidden="true">"← "</span>
                        {t!(i18n, chat.rooms)}
                    </a>
                    <h1 id="room-title">
                        {title}
                        {move || {
                            state
                                .room
                                .with(|room| room.as_ref().is_some_and(|room| room.private))
                                .then(|| view! { <span class="room-private">{t!(i18n, chat.private)}</span> })
                        }}
                    </h1>
                    <LinkStatus
                        link=state.link
                        offline=move || t_string!(i18n, chat.offline)
                    />
                    <button type="button" class="small secondary online-toggle" popovertarget="room-online">
                        {t!(i18n, chat.online_count, count = move || state.online.with(Vec::len))}
                    </button>
                </header>
            }
                .into_any()}
            <noscript>
                <p class="panel">{t!(i18n, chat.needs_javascript)}</p>
            </noscript>
            {move || {
                state
                    .problem
                    .get()
                    .map(|problem| {
                        let words = words::notice(i18n.get_locale(), &problem);
                        view! { <p class="flash flash-error room-problem" role="alert">{words}</p> }
                    })
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
