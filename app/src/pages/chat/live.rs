//! The room over the socket (browser only): joins `room:<id>`, turns what arrives into the
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
    chat::{ChatMessage, MessageBody, ReadReceipt, RoomInfo},
    wire::{
        Payload,
        client::{Connection, Event, Outcome, PushId},
    },
};
use serde::{Deserialize, de::DeserializeOwned};
use serde_json::{Map, Value, json};

use super::{
    RoomsChanged,
    room::{Ask, Link, Member, RoomState},
    words,
};
use crate::socket::LiveSocket;

/// At most one "typing" notice per this many milliseconds while typing.
const TYPING_EVERY_MS: f64 = 2000.0;
/// How many older messages one scroll-up loads.
const OLDER_PAGE: u32 = 50;
/// The join replies with this many recent messages; fewer means there is nothing older.
const RECENT: usize = 50;
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

#[derive(Deserialize)]
struct JoinReply {
    room: RoomInfo,
    messages: Vec<ChatMessage>,
    has_more: bool,
    receipts: Vec<ReadReceipt>,
}

#[derive(Deserialize)]
struct Page {
    messages: Vec<ChatMessage>,
    has_more: bool,
}

#[derive(Deserialize)]
struct Typing {
    user_id: i64,
    name: String,
    typing: bool,
}

#[derive(Deserialize)]
struct Renamed {
    room: RoomInfo,
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

fn parse<T: DeserializeOwned>(payload: Payload) -> Option<T> {
    match payload {
        Payload::Json(map) => serde_json::from_value(Value::Object(map)).ok(),
        Payload::Binary(_) => None,
    }
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Whether `list` is scrolled to (nearly) its end.
pub fn near_bottom(list: &web_sys::Element) -> bool {
    list.scroll_height() - list.scroll_top() - list.client_height() < NEAR_BOTTOM_PX
}

fn online() -> bool {
    window().navigator().on_line()
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
            topic: format!("room:{}", state.room_id),
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

    fn push(&self, event: &str, payload: Value, pending: Option<Pending>) {
        if let Some(socket) = self.socket() {
            let id = socket.push(&self.topic, event, object(payload));
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
        object(json!({ "last_seen_id": newest, "device": device() }))
    }

    /// Shows "offline" as soon as the browser knows, and reconnects as soon as it is back;
    /// marks what a hidden tab received as read once it is shown.
    fn watch_network(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        let offline = window_event_listener(ev::offline, move |_| {
            if let Some(inner) = weak.upgrade() {
                inner.state.link.set(Link::Offline);
            }
        });
        let weak = Rc::downgrade(self);
        let online = window_event_listener(ev::online, move |_| {
            if let Some(inner) = weak.upgrade() {
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
            Event::Connection(_) => {}
            Event::Joined { response, .. } => match parse::<JoinReply>(response) {
                Some(reply) => self.joined(reply),
                None => state.problem.set(Some(
                    "The room answered in a way this page does not understand.".into(),
                )),
            },
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

    fn joined(&self, reply: JoinReply) {
        let state = self.state;
        let first = state.messages.with_untracked(Vec::is_empty);
        state.room.set(Some(reply.room));
        state.problem.set(None);
        self.joined.set(true);
        state
            .link
            .set(if online() { Link::Live } else { Link::Offline });
        state.receipts.set(
            reply
                .receipts
                .into_iter()
                .map(|receipt| (receipt.user_id, receipt.message_id))
                .collect(),
        );
        if first {
            state.has_older.set(reply.messages.len() >= RECENT);
        }
        self.add_messages(reply.messages, first);
        if reply.has_more {
            self.newer();
        }
        // A receipt lost with the last connection goes out again.
        self.mark_read();
    }

    fn refused(&self, response: Payload) {
        #[derive(Deserialize)]
        struct Refusal {
            reason: String,
        }
        let reason = parse::<Refusal>(response).map(|refusal| refusal.reason);
        let problem = match reason.as_deref() {
            Some("not found") => "There is no such room.",
            Some("unauthorized") => "This room is private: ask its creator for an invitation.",
            _ => "The room is unavailable right now; trying again…",
        };
        self.state.problem.set(Some(problem.to_owned()));
        if matches!(reason.as_deref(), Some("not found" | "unauthorized"))
            && let Some(socket) = self.socket()
        {
            // Asking again will not change the answer.
            socket.stop();
            self.state.link.set(Link::Closed);
        }
    }

    fn message(&self, event: &str, payload: Payload) {
        let state = self.state;
        match event {
            "new_message" => {
                if let Some(message) = parse::<ChatMessage>(payload) {
                    let author = message.author.id;
                    state.typing.update(|typing| {
                        typing.remove(&author);
                    });
                    self.add_messages(vec![message], author == state.me);
                }
            }
            "user_typing" => {
                if let Some(Typing {
                    user_id,
                    name,
                    typing,
                }) = parse(payload)
                    && user_id != state.me
                {
                    state.typing.update(|list| {
                        if typing {
                            list.insert(user_id, name);
                        } else {
                            list.remove(&user_id);
                        }
                    });
                }
            }
            "message_read" => {
                if let Some(receipt) = parse::<ReadReceipt>(payload) {
                    state.receipts.update(|receipts| {
                        let read = receipts.entry(receipt.user_id).or_default();
                        *read = (*read).max(receipt.message_id);
                    });
                }
            }
            "room_renamed" => {
                if let Some(Renamed { room }) = parse(payload) {
                    state.room.set(Some(room));
                    self.changed.bump();
                }
            }
            "room_deleted" => {
                state
                    .problem
                    .set(Some("This room has been deleted.".to_owned()));
                if let Some(socket) = self.socket() {
                    socket.leave(&self.topic);
                    socket.stop();
                }
                self.joined.set(false);
                state.link.set(Link::Closed);
                self.changed.bump();
            }
            _ => {}
        }
    }

    fn presence(&self) {
        let Some(socket) = self.socket() else { return };
        let mut online: Vec<Member> = socket
            .presence(&self.topic)
            .into_iter()
            .filter_map(|(key, entry)| {
                let name = entry
                    .metas
                    .first()?
                    .fields
                    .get("name")?
                    .as_str()?
                    .to_owned();
                Some(Member {
                    user_id: key.parse().ok()?,
                    name,
                    devices: entry.metas.len(),
                })
            })
            .collect();
        online.sort_by_key(|member| member.name.to_lowercase());
        self.state.online.set(online);
    }

    fn replied(&self, pending: Pending, outcome: Outcome) {
        let state = self.state;
        match (pending, outcome) {
            (Pending::Message(sent), Outcome::Ok(payload)) => {
                state.sending.set(false);
                state.send_error.set(None);
                if state.draft.with_untracked(|draft| *draft == sent) {
                    state.draft.set(String::new());
                }
                if let Some(message) = parse::<ChatMessage>(payload) {
                    self.add_messages(vec![message], true);
                }
            }
            (Pending::Message(_), Outcome::Error(payload)) => {
                state.sending.set(false);
                let reason = parse::<Value>(payload).and_then(|value| {
                    value["errors"]["body"]
                        .as_str()
                        .or(value["reason"].as_str())
                        .map(str::to_owned)
                });
                state.send_error.set(Some(
                    reason.unwrap_or_else(|| "The message was refused.".to_owned()),
                ));
            }
            (Pending::Message(_), Outcome::Timeout) => {
                state.sending.set(false);
                state.send_error.set(Some(
                    "Not sent: the connection dropped. Your text is still here; send it again."
                        .to_owned(),
                ));
            }
            (Pending::Older, Outcome::Ok(payload)) => {
                state.loading_older.set(false);
                if let Some(page) = parse::<Page>(payload) {
                    state.has_older.set(page.has_more);
                    self.add_older(page.messages);
                }
            }
            (Pending::Newer, Outcome::Ok(payload)) => {
                if let Some(page) = parse::<Page>(payload) {
                    self.add_messages(page.messages, false);
                    if page.has_more {
                        self.newer();
                    }
                }
            }
            (Pending::Older, _) => state.loading_older.set(false),
            (Pending::Newer, _) | (Pending::Receipt(_), Outcome::Ok(_)) => {}
            (Pending::Receipt(id), _) => {
                // Not saved: the next chance (a new message, a rejoin) sends it again.
                if self.marked.get() == id {
                    self.marked.set(0);
                }
            }
        }
    }

    /// Adds messages at the end. The view follows them down if the reader was at the end
    /// (or `follow` says so); otherwise it offers a "new messages" button and leaves the
    /// reader where they are.
    fn add_messages(&self, messages: Vec<ChatMessage>, follow: bool) {
        let state = self.state;
        let at_end = state
            .list
            .get_untracked()
            .is_none_or(|list| near_bottom(&list));
        let mut added = 0;
        state
            .messages
            .update(|list| added = words::merge(list, messages));
        if added == 0 {
            return;
        }
        if let Some(socket) = self.socket() {
            socket.set_join_params(&self.topic, self.join_params());
        }
        let stick = at_end || follow;
        if stick {
            // The reader is at the end, and the list follows the new messages down.
            self.mark_newest();
        }
        let list = state.list;
        request_animation_frame(move || {
            if let Some(element) = list.get_untracked() {
                if stick {
                    element.set_scroll_top(element.scroll_height());
                    state.new_below.set(false);
                } else {
                    state.new_below.set(true);
                }
            }
        });
    }

    /// Adds older messages at the top, keeping what the reader is looking at in place.
    fn add_older(&self, messages: Vec<ChatMessage>) {
        let state = self.state;
        let before = state
            .list
            .get_untracked()
            .map(|list| (list.scroll_height(), list.scroll_top()));
        state.messages.update(|list| {
            words::merge(list, messages);
        });
        let list = state.list;
        request_animation_frame(move || {
            if let (Some(element), Some((height, top))) = (list.get_untracked(), before) {
                element.set_scroll_top(top + element.scroll_height() - height);
            }
        });
    }

    fn send(&self) {
        let state = self.state;
        if state.sending.get_untracked() {
            return;
        }
        let text = state.draft.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        if let Err(error) = MessageBody::parse(&text) {
            state.send_error.set(Some(error.to_string()));
            return;
        }
        state.sending.set(true);
        self.typed_at.set(0.0);
        self.push(
            "new_message",
            json!({ "body": text }),
            Some(Pending::Message(text)),
        );
    }

    fn typed(&self) {
        let empty = self
            .state
            .draft
            .with_untracked(|draft| draft.trim().is_empty());
        let now = js_sys::Date::now();
        if !empty && now - self.typed_at.get() >= TYPING_EVERY_MS {
            self.typed_at.set(now);
            self.push("typing", json!({ "typing": true }), None);
        } else if empty && self.typed_at.get() > 0.0 {
            self.typed_at.set(0.0);
            self.push("typing", json!({ "typing": false }), None);
        }
    }

    fn older(&self) {
        let state = self.state;
        if !state.has_older.get_untracked() || state.loading_older.get_untracked() {
            return;
        }
        let Some(oldest) = state
            .messages
            .with_untracked(|messages| messages.first().map(|message| message.id))
        else {
            return;
        };
        state.loading_older.set(true);
        self.push(
            "history",
            json!({ "before": oldest, "limit": OLDER_PAGE }),
            Some(Pending::Older),
        );
    }

    /// Asks for the messages after the newest shown (a catch-up longer than one join reply).
    fn newer(&self) {
        let newest = self
            .state
            .messages
            .with_untracked(|messages| messages.last().map(|message| message.id));
        if let Some(newest) = newest {
            self.push(
                "history",
                json!({ "after": newest, "limit": 100 }),
                Some(Pending::Newer),
            );
        }
    }

    /// Marks the newest message read if the reader is at the end of the list.
    fn mark_read(&self) {
        let at_end = self
            .state
            .list
            .get_untracked()
            .is_none_or(|list| near_bottom(&list));
        if at_end {
            self.mark_newest();
        }
    }

    /// Marks the newest message read, once, if the page is in front of the reader (a hidden
    /// tab marks it when it is shown again).
    fn mark_newest(&self) {
        let newest = self
            .state
            .messages
            .with_untracked(|messages| messages.last().map(|message| message.id));
        let Some(newest) = newest else { return };
        if newest > self.marked.get() && page_visible() {
            self.marked.set(newest);
            self.push(
                "read_receipt",
                json!({ "message_id": newest }),
                Some(Pending::Receipt(newest)),
            );
        }
    }
}
