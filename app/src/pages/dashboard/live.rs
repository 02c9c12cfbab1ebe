//! The dashboard over the socket (browser only): joins [`TOPIC`], takes the history the join
//! replies with (again on every rejoin, so a gap while disconnected is filled from the node),
//! records each pushed snapshot, and says where the connection stands — "offline" as soon as
//! the browser knows, with an immediate reconnect when it is back.

use std::{
    cell::{Cell, OnceCell, RefCell},
    rc::Rc,
};

use leptos::{ev, prelude::*};
use model::{
    dashboard::{ADMIN_UPDATE, DashboardJoin, Snapshot, TOPIC, UPDATE},
    wire::client::{Connection, Event},
};
use serde_json::Map;

use super::{DashboardState, Link};
use crate::socket::{LiveSocket, online, parse};

/// The dashboard's live half; [`LiveDashboard::stop`] it when the page goes.
pub struct LiveDashboard(Rc<Inner>);

struct Inner {
    state: DashboardState,
    socket: OnceCell<LiveSocket>,
    joined: Cell<bool>,
    /// The browser's `online` and `offline` listeners, removed on stop.
    network: RefCell<Vec<WindowListenerHandle>>,
}

impl LiveDashboard {
    /// Connects and joins the dashboard channel; what arrives fills `state`.
    pub fn start(state: DashboardState) -> Self {
        let inner = Rc::new(Inner {
            state,
            socket: OnceCell::new(),
            joined: Cell::new(false),
            network: RefCell::new(Vec::new()),
        });
        let weak = Rc::downgrade(&inner);
        let socket = LiveSocket::connect(move |event| {
            if let Some(inner) = weak.upgrade() {
                inner.on_event(event);
            }
        });
        socket.join(TOPIC, Map::new());
        // Set once, right after it is made.
        let _ = inner.socket.set(socket);
        inner.watch_network();
        Self(inner)
    }

    /// Leaves the channel, closes the socket for good and forgets the browser's listeners.
    pub fn stop(&self) {
        for listener in self.0.network.borrow_mut().drain(..) {
            listener.remove();
        }
        if let Some(socket) = self.0.socket.get() {
            socket.leave(TOPIC);
            socket.stop();
        }
    }
}

impl Inner {
    fn on_event(&self, event: Event) {
        let state = self.state;
        match event {
            Event::Connection(Connection::Reconnecting { .. }) | Event::ChannelErrored { .. } => {
                state.link.set(self.not_live());
            }
            Event::Connection(Connection::SignedOut) => {
                self.joined.set(false);
                state.link.set(Link::SignedOut);
            }
            Event::Joined { response, .. } => match parse::<DashboardJoin>(response) {
                Some(join) => {
                    self.joined.set(true);
                    state.history.set(join.history);
                    state.interval_ms.set(Some(join.interval_ms));
                    state.problem.set(None);
                    state
                        .link
                        .set(if online() { Link::Live } else { Link::Offline });
                }
                None => state.problem.set(Some(
                    "The dashboard answered in a way this page does not understand.".to_owned(),
                )),
            },
            Event::JoinRefused { .. } => {
                state.problem.set(Some(
                    "The figures are unavailable right now; trying again…".to_owned(),
                ));
                state.link.set(self.not_live());
            }
            Event::ChannelClosed { .. } => {
                self.joined.set(false);
                state.link.set(Link::Closed);
            }
            Event::Message { event, payload, .. } if event == UPDATE || event == ADMIN_UPDATE => {
                if let Some(snapshot) = parse::<Snapshot>(payload) {
                    state.history.update(|history| history.record(snapshot));
                }
            }
            Event::Connection(_)
            | Event::Message { .. }
            | Event::PresenceChanged { .. }
            | Event::Reply { .. } => {}
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
                let link = if inner.joined.get() {
                    Link::Live
                } else {
                    Link::Reconnecting
                };
                inner.state.link.set(link);
                if let Some(socket) = inner.socket.get() {
                    socket.retry_now();
                }
            }
        });
        self.network.borrow_mut().extend([offline, online]);
    }
}
