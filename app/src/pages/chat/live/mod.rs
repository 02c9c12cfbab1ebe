//! The room over the socket (browser only; what arrives is in `incoming`, what the reader
//! does in `outgoing`): a [`LiveChannel`] on the room's topic (which keeps the connection line),
//! turning what arrives into the [`RoomState`] signals and carrying out the view's [`Ask`]s —
//! sending, throttled typing notices (recipe 16: at most one every 2 s), older pages, read
//! receipts, and changes to messages (`changes`). On a reconnect the join carries the newest message id shown, so whatever was said
//! meanwhile is caught up.

use std::{
    cell::{Cell, OnceCell, RefCell},
    collections::HashMap,
    rc::{Rc, Weak},
};

use leptos::{ev, prelude::*};
use model::{
    chat::channel::{self, JoinParams, React},
    wire::client::{Event, PushId},
};
use serde::Serialize;
use serde_json::{Map, Value};

use super::{
    RoomsChanged,
    state::{Ask, RoomState},
};
use crate::{
    components::Link,
    live::LiveChannel,
    socket::{LiveSocket, parse},
};

mod changes;
mod incoming;
mod outgoing;
mod queue;

/// A push waiting for its answer.
enum Pending {
    Message(String),
    /// A queued message, by its key.
    Queued(u32),
    /// An edit, a delete or a reaction.
    Change(changes::Change),
    Older,
    Newer,
    /// A read receipt up to this message id.
    Receipt(i64),
}

/// The room's live half; [`LiveRoom::stop`] it when the page goes.
#[derive(Clone)]
pub struct LiveRoom(Rc<Inner>);

struct Inner {
    /// Itself, for what runs later (a queued message's retry).
    this: Weak<Inner>,
    state: RoomState,
    changed: RoomsChanged,
    channel: OnceCell<LiveChannel>,
    pending: RefCell<HashMap<PushId, Pending>>,
    /// When the last "typing" notice went out (0: the reader is not typing).
    typed_at: Cell<f64>,
    /// The newest message this reader has marked read.
    marked: Cell<i64>,
    /// When a saved receipt last had the room list load again, and whether one is waiting.
    list_loaded_at: Cell<f64>,
    list_due: Cell<bool>,
    /// The key the next queued message gets.
    next_queued: Cell<u32>,
}

/// A push's payload: one of the channel contract's types, as the JSON object it is.
fn payload(value: impl Serialize) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

fn page_visible() -> bool {
    !document().hidden()
}

/// A label for this device in the room's presence.
fn device() -> &'static str {
    let agent = window().navigator().user_agent().unwrap_or_default();
    if agent.contains("Mobi") {
        "phone"
    } else {
        "desktop"
    }
}

impl LiveRoom {
    pub fn start(state: RoomState, changed: RoomsChanged) -> Self {
        let inner = Rc::new_cyclic(|this| Inner {
            this: this.clone(),
            state,
            changed,
            channel: OnceCell::new(),
            pending: RefCell::new(HashMap::new()),
            typed_at: Cell::new(0.0),
            marked: Cell::new(0),
            list_loaded_at: Cell::new(f64::NEG_INFINITY),
            list_due: Cell::new(false),
            next_queued: Cell::new(0),
        });
        let weak = Rc::downgrade(&inner);
        let channel = LiveChannel::start(
            channel::topic(state.room_id),
            inner.join_params(),
            state.link,
            move |_, event| {
                if let Some(inner) = weak.upgrade() {
                    inner.on_event(event);
                }
            },
        );
        // What a hidden tab received is marked read once it is shown.
        let weak = Rc::downgrade(&inner);
        channel.keep(window_event_listener(ev::visibilitychange, move |_| {
            if let Some(inner) = weak.upgrade() {
                inner.mark_read();
            }
        }));
        // What was queued goes as soon as the room is live again (a rejoin, or the browser
        // back online on a socket that stayed open).
        let weak = Rc::downgrade(&inner);
        Effect::new(move |_| {
            if state.link.get() == Link::Live
                && let Some(inner) = weak.upgrade()
            {
                inner.send_queued();
            }
        });
        // Set once, right after it is made.
        let _ = inner.channel.set(channel);
        Self(inner)
    }

    pub fn ask(&self, ask: Ask) {
        let inner = &self.0;
        match ask {
            Ask::Send => inner.send(),
            Ask::Typed => inner.typed(),
            Ask::Older => inner.older(),
            Ask::SawLatest => inner.mark_read(),
            Ask::Edit { message_id, body } => inner.edit(message_id, body),
            Ask::Delete { message_id } => inner.delete(message_id),
            Ask::React {
                message_id,
                reaction,
                on,
            } => inner.react(React {
                message_id,
                reaction,
                on,
            }),
        }
    }

    pub fn stop(&self) {
        if let Some(channel) = self.0.channel.get() {
            channel.stop();
        }
    }
}

impl Inner {
    fn socket(&self) -> Option<&LiveSocket> {
        self.channel.get().and_then(LiveChannel::socket)
    }

    fn topic(&self) -> &str {
        self.channel.get().map_or("", LiveChannel::topic)
    }

    /// Pushes `event` with `message` (a type of the channel contract), remembering what its
    /// answer is for.
    fn push(&self, event: &str, message: impl Serialize, pending: Option<Pending>) {
        if let Some(socket) = self.socket() {
            let id = socket.push(self.topic(), event, payload(message));
            if let Some(pending) = pending {
                self.pending.borrow_mut().insert(id, pending);
            }
        }
    }

    /// What a (re)join sends: the newest message shown, so the reply holds what came after.
    fn join_params(&self) -> Map<String, Value> {
        let newest = self
            .state
            .messages
            .with_untracked(|messages| messages.last().map(|message| message.id));
        payload(JoinParams {
            last_seen_id: newest,
            device: Some(device().to_owned()),
        })
    }

    fn on_event(&self, event: Event) {
        let state = self.state;
        // The connection line has followed the event already (see `LiveChannel`).
        match event {
            Event::Connection(_) | Event::ChannelClosed { .. } => {}
            Event::Joined { response, .. } => self.joined(response),
            Event::JoinRefused { response, .. } => self.refused(response),
            Event::ChannelErrored { .. } => state.typing.set(Default::default()),
            Event::Message { event, payload, .. } => self.message(&event, payload),
            Event::PresenceChanged { .. } => self.presence(),
            Event::Reply { id, outcome, .. } => {
                let pending = self.pending.borrow_mut().remove(&id);
                if let Some(pending) = pending {
                    self.replied(pending, outcome);
                }
            }
        }
    }
}
