//! One page's live channel (browser only): a [`LiveSocket`] joined to one topic, and the page's
//! connection line kept true — live, reconnecting, offline as soon as the browser knows (and
//! reconnecting the moment it is back), signed out, closed. The chat room and the dashboard are
//! both one of these plus what they make of the channel's events.

use std::{
    cell::{Cell, OnceCell, RefCell},
    rc::{Rc, Weak},
};

use leptos::{ev, prelude::*};
use model::wire::client::{Connection, Event};
use serde_json::{Map, Value};

use crate::{
    components::Link,
    socket::{LiveSocket, online},
};

/// A socket joined to one topic; [`LiveChannel::stop`] it when the page goes.
#[derive(Clone)]
pub struct LiveChannel(Rc<Inner>);

struct Inner {
    topic: String,
    link: RwSignal<Link>,
    socket: OnceCell<LiveSocket>,
    /// Whether the channel is joined right now (the link then says live when back online).
    joined: Cell<bool>,
    /// The browser's listeners, removed on stop.
    listeners: RefCell<Vec<WindowListenerHandle>>,
}

impl LiveChannel {
    /// Connects, joins `topic` with `params`, and from then on hands every event to
    /// `on_event`, with the channel — after the connection line has followed it
    /// (reconnecting, signed out, an errored or closed channel). A join is the page's to
    /// judge: it calls [`LiveChannel::live`] once it understood the reply.
    pub fn start(
        topic: String,
        params: Map<String, Value>,
        link: RwSignal<Link>,
        mut on_event: impl FnMut(&LiveChannel, Event) + 'static,
    ) -> Self {
        let inner = Rc::new(Inner {
            topic,
            link,
            socket: OnceCell::new(),
            joined: Cell::new(false),
            listeners: RefCell::new(Vec::new()),
        });
        let weak = Rc::downgrade(&inner);
        // The socket's handler holds the channel weakly: dropping the last handle after
        // `stop` frees both.
        let socket = LiveSocket::connect(move |event| {
            if let Some(inner) = weak.upgrade() {
                inner.follow(&event);
                on_event(&LiveChannel(inner), event);
            }
        });
        socket.join(&inner.topic, params);
        // Set once, right after it is made.
        let _ = inner.socket.set(socket);
        inner.watch_network();
        Self(inner)
    }

    pub fn topic(&self) -> &str {
        &self.0.topic
    }

    /// The socket, to push on, read presence from, or change the join's parameters.
    pub fn socket(&self) -> Option<&LiveSocket> {
        self.0.socket.get()
    }

    /// The join was answered and understood: the line says live (or offline, if the browser
    /// says so).
    pub fn live(&self) {
        self.0.joined.set(true);
        self.0
            .link
            .set(if online() { Link::Live } else { Link::Offline });
    }

    /// The channel is not live for now (e.g. a join refused until it is retried).
    pub fn not_live(&self) {
        self.0.link.set(self.0.not_live());
    }

    /// Leaves the channel, closes the socket for good and marks the line closed (asking again
    /// would not change the answer: the room is gone, or not the reader's).
    pub fn close(&self) {
        self.leave();
        self.0.joined.set(false);
        self.0.link.set(Link::Closed);
    }

    /// Removes `listener` when the channel stops.
    pub fn keep(&self, listener: WindowListenerHandle) {
        self.0.listeners.borrow_mut().push(listener);
    }

    /// Keeps the channel for as long as the component being built lives, and stops it when the
    /// component goes.
    pub fn stop_on_cleanup(self) {
        let live = StoredValue::new_local(Some(self));
        on_cleanup(move || {
            live.update_value(|live| {
                if let Some(live) = live.take() {
                    live.stop();
                }
            });
        });
    }

    /// Leaves the channel, closes the socket for good and forgets the browser's listeners.
    pub fn stop(&self) {
        for listener in self.0.listeners.borrow_mut().drain(..) {
            listener.remove();
        }
        self.leave();
    }

    fn leave(&self) {
        if let Some(socket) = self.socket() {
            socket.leave(&self.0.topic);
            socket.stop();
        }
    }
}

impl Inner {
    /// What the connection line makes of an event.
    fn follow(&self, event: &Event) {
        match event {
            Event::Connection(Connection::Reconnecting { .. }) | Event::ChannelErrored { .. } => {
                self.link.set(self.not_live());
            }
            Event::Connection(Connection::SignedOut) => {
                self.joined.set(false);
                self.link.set(Link::SignedOut);
            }
            Event::ChannelClosed { .. } => {
                self.joined.set(false);
                self.link.set(Link::Closed);
            }
            _ => {}
        }
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

    /// Shows "offline" as soon as the browser knows, and reconnects as soon as it is back.
    fn watch_network(self: &Rc<Self>) {
        let changes = |weak: Weak<Self>, back: bool| {
            move |_| {
                let Some(inner) = weak.upgrade() else { return };
                if inner.link.get_untracked() == Link::SignedOut {
                    return;
                }
                if !back {
                    inner.link.set(Link::Offline);
                    return;
                }
                inner.link.set(if inner.joined.get() {
                    Link::Live
                } else {
                    Link::Reconnecting
                });
                if let Some(socket) = inner.socket.get() {
                    socket.retry_now();
                }
            }
        };
        let offline = window_event_listener(ev::offline, changes(Rc::downgrade(self), false));
        let online = window_event_listener(ev::online, changes(Rc::downgrade(self), true));
        self.listeners.borrow_mut().extend([offline, online]);
    }
}
