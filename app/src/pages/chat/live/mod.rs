//! The room over the socket (browser only; what arrives is in `incoming`, what the reader
//! does in `outgoing`): joins `room:<id>`, turns what arrives into the
//! [`RoomState`] signals, and carries out the view's [`Ask`]s — sending, throttled typing
//! notices (recipe 16: at most one every 2 s), older pages, read receipts. On a reconnect the
//! join carries the newest message id shown, so whatever was said meanwhile is caught up.

use std::{
    cell::{Cell, OnceCell, RefCell},
    collections::HashMap,
    rc::Rc,
};

use leptos::{ev, prelude::*};
use model::{
    chat::channel::{self, JoinParams},
    wire::client::{Connection, Event, PushId},
};
use serde::Serialize;
use serde_json::{Map, Value};

use super::{
    RoomsChanged,
    room::{Ask, Link, RoomState},
};
use crate::socket::{LiveSocket, online, parse};

mod incoming;
mod outgoing;

/// Within this many pixels of the end counts as reading the newest messages.
const NEAR_BOTTOM_PX: i32 = 60;

/// A push waiting for its answer.
enum Pending {
    Message(String),
    Older,
    Newer,
    /// A read receipt up to this message id.
    Receipt(i64),
}

#[derive(Clone)]
pub struct LiveRoom(Rc<Inner>);

struct Inner {
    state: RoomState,
    changed: RoomsChanged,
    topic: String,
    socket: OnceCell<LiveSocket>,
    pending: RefCell<HashMap<PushId, Pending>>,
    /// When the last "typing" notice went out (0: the reader is not typing).
    typed_at: Cell<f64>,
    /// The newest message this reader has marked read.
    marked: Cell<i64>,
    joined: Cell<bool>,
    /// The browser's `online`, `offline` and `visibilitychange` listeners, removed on stop.
    network: RefCell<Vec<WindowListenerHandle>>,
}

/// A push's payload: one of the channel contract's types, as the JSON object it is.
fn payload(value: impl Serialize) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// Whether `list` is scrolled to (nearly) its end.
pub fn near_bottom(list: &web_sys::Element) -> bool {
    list.scroll_height() - list.scroll_top() - list.client_height() < NEAR_BOTTOM_PX
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
        let inner = Rc::new(Inner {
            state,
            changed,
            topic: channel::topic(state.room_id),
            socket: OnceCell::new(),
            pending: RefCell::new(HashMap::new()),
            typed_at: Cell::new(0.0),
            marked: Cell::new(0),
            joined: Cell::new(false),
            network: RefCell::new(Vec::new()),
        });
        let weak = Rc::downgrade(&inner);
        let socket = LiveSocket::connect(move |event| {
            if let Some(inner) = weak.upgrade() {
                inner.on_event(event);
            }
        });
        let _ = inner.socket.set(socket.clone());
        socket.join(&inner.topic, inner.join_params());
        inner.watch_network();
        Self(inner)
    }

    pub fn ask(&self, ask: Ask) {
        let inner = &self.0;
        match ask {
            Ask::Send => inner.send(),
            Ask::Typed => inner.typed(),
            Ask::Older => inner.older(),
            Ask::SawLatest => inner.mark_read(),
        }
    }

    pub fn stop(&self) {
        for listener in self.0.network.borrow_mut().drain(..) {
            listener.remove();
        }
        if let Some(socket) = self.0.socket.get() {
            socket.leave(&self.0.topic);
            socket.stop();
        }
    }
}

impl Inner {
    fn socket(&self) -> Option<&LiveSocket> {
        self.socket.get()
    }

    /// Pushes `event` with `message` (a type of the channel contract), remembering what its
    /// answer is for.
    fn push(&self, event: &str, message: impl Serialize, pending: Option<Pending>) {
        if let Some(socket) = self.socket() {
            let id = socket.push(&self.topic, event, payload(message));
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

    /// Shows "offline" as soon as the browser knows, and reconnects as soon as it is back;
    /// marks what a hidden tab received as read once it is shown.
    fn watch_network(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        let offline = window_event_listener(ev::offline, move |_| {
            if let Some(inner) = weak.upgrade()
                && inner.state.link.get_untracked() != Link::SignedOut
            {
                inner.state.link.set(Link::Offline);
            }
        });
        let weak = Rc::downgrade(self);
        let online = window_event_listener(ev::online, move |_| {
            if let Some(inner) = weak.upgrade()
                && inner.state.link.get_untracked() != Link::SignedOut
            {
                let joined = inner.joined.get();
                inner.state.link.set(if joined {
                    Link::Live
                } else {
                    Link::Reconnecting
                });
                if let Some(socket) = inner.socket() {
                    socket.retry_now();
                }
            }
        });
        let weak = Rc::downgrade(self);
        let shown = window_event_listener(ev::visibilitychange, move |_| {
            if let Some(inner) = weak.upgrade() {
                inner.mark_read();
            }
        });
        self.network.borrow_mut().extend([offline, online, shown]);
    }

    /// How a connection that is not live looks: offline if the browser says so.
    fn not_live(&self) -> Link {
        self.joined.set(false);
        if online() {
            Link::Reconnecting
        } else {
            Link::Offline
        }
    }

    fn on_event(&self, event: Event) {
        let state = self.state;
        match event {
            Event::Connection(Connection::Reconnecting { .. }) => state.link.set(self.not_live()),
            Event::Connection(Connection::SignedOut) => {
                self.joined.set(false);
                state.link.set(Link::SignedOut);
            }
            Event::Connection(_) => {}
            Event::Joined { response, .. } => self.joined(response),
            Event::JoinRefused { response, .. } => self.refused(response),
            Event::ChannelErrored { .. } => {
                state.typing.set(Default::default());
                state.link.set(self.not_live());
            }
            Event::ChannelClosed { .. } => {
                self.joined.set(false);
                state.link.set(Link::Closed);
            }
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
