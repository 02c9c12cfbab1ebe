//! The browser's Phoenix socket: [`model::wire::client::Client`] (the protocol's rules, tested
//! natively) driven by the browser's `WebSocket` and a timer. Before each connect it fetches a
//! fresh token from `/socket/token`, so a page left open for days still reconnects.
//!
//! Single-threaded by construction (`Rc`, `RefCell`): event handlers hold only a `Weak`, so
//! dropping the last [`LiveSocket`] after [`LiveSocket::stop`] frees everything.

use std::{
    cell::{Cell, RefCell},
    collections::BTreeMap,
    rc::{Rc, Weak},
};

use model::wire::{
    Payload,
    client::{Client, Command, Event, Millis, PushId},
    presence::State,
};
use serde::{Deserialize, de::DeserializeOwned};
use serde_json::{Map, Value};
use wasm_bindgen::{JsCast, prelude::Closure};
use web_sys::{CloseEvent, MessageEvent, WebSocket};

/// How often timers (heartbeats, reply timeouts, rejoins, the reconnect) are checked.
const TICK_MS: i32 = 100;

/// A socket to this site's `/socket/websocket`, shared by whoever clones it.
#[derive(Clone)]
pub struct LiveSocket(Rc<Inner>);

struct Inner {
    client: RefCell<Client>,
    socket: RefCell<Option<OpenSocket>>,
    /// Bumped whenever the current socket is replaced or forgotten; handlers of an older one
    /// see a different number and do nothing.
    generation: Cell<u64>,
    on_event: RefCell<Box<dyn FnMut(Event)>>,
    dispatching: Cell<bool>,
    ticker: RefCell<Option<Ticker>>,
}

/// The browser interval that drives the client's timers: its id and the callback it calls.
struct Ticker {
    id: i32,
    _tick: Closure<dyn FnMut()>,
}

/// A browser `WebSocket` and the handlers it calls, which must live as long as it does.
struct OpenSocket {
    socket: WebSocket,
    _on_open: Closure<dyn FnMut()>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
}

impl Drop for OpenSocket {
    fn drop(&mut self) {
        self.socket.set_onopen(None);
        self.socket.set_onmessage(None);
        self.socket.set_onclose(None);
        let _ = self.socket.close();
    }
}

/// A payload read as `T`; `None` when it is binary or not of that shape.
pub fn parse<T: DeserializeOwned>(payload: Payload) -> Option<T> {
    match payload {
        Payload::Json(map) => serde_json::from_value(serde_json::Value::Object(map)).ok(),
        Payload::Binary(_) => None,
    }
}

/// Whether the browser believes it has a network.
pub fn online() -> bool {
    leptos::prelude::window().navigator().on_line()
}

fn now() -> Millis {
    let millis = web_sys::window()
        .and_then(|window| window.performance())
        .map_or_else(js_sys::Date::now, |performance| performance.now());
    // Non-negative and far below 2^53 in any browser session.
    millis as Millis
}

impl LiveSocket {
    /// Connects, and keeps reconnecting until [`LiveSocket::stop`]; every [`Event`] goes to
    /// `on_event`, which may call back into the socket.
    pub fn connect(on_event: impl FnMut(Event) + 'static) -> Self {
        let inner = Rc::new(Inner {
            client: RefCell::new(Client::new()),
            socket: RefCell::new(None),
            generation: Cell::new(0),
            on_event: RefCell::new(Box::new(on_event)),
            dispatching: Cell::new(false),
            ticker: RefCell::new(None),
        });
        let weak = Rc::downgrade(&inner);
        let tick = Closure::<dyn FnMut()>::new(move || {
            with(&weak, |inner| inner.client.borrow_mut().tick(now()));
        });
        if let Some(window) = web_sys::window()
            && let Ok(id) = window.set_interval_with_callback_and_timeout_and_arguments_0(
                tick.as_ref().unchecked_ref(),
                TICK_MS,
            )
        {
            *inner.ticker.borrow_mut() = Some(Ticker { id, _tick: tick });
        }
        inner.client.borrow_mut().connect();
        inner.pump();
        Self(inner)
    }

    pub fn join(&self, topic: &str, params: Map<String, Value>) {
        self.act(|client| client.join(topic, params, now()));
    }

    pub fn set_join_params(&self, topic: &str, params: Map<String, Value>) {
        self.act(|client| client.set_join_params(topic, params));
    }

    pub fn push(&self, topic: &str, event: &str, payload: Map<String, Value>) -> PushId {
        self.act(|client| client.push(topic, event, payload, now()))
    }

    /// Reconnects at once instead of waiting out the backoff.
    pub fn retry_now(&self) {
        self.act(|client| client.retry_now(now()));
    }

    pub fn leave(&self, topic: &str) {
        self.act(|client| client.leave(topic));
    }

    pub fn presence(&self, topic: &str) -> State {
        self.0
            .client
            .borrow()
            .presence(topic)
            .cloned()
            .unwrap_or_else(BTreeMap::new)
    }

    /// Closes the socket for good and stops the timer.
    pub fn stop(&self) {
        self.act(Client::disconnect);
        if let Some(ticker) = self.0.ticker.borrow_mut().take() {
            if let Some(window) = web_sys::window() {
                window.clear_interval_with_handle(ticker.id);
            }
            // Freed a moment later: this may run inside the tick itself.
            wasm_bindgen_futures::spawn_local(async move { drop(ticker) });
        }
    }

    fn act<T>(&self, change: impl FnOnce(&mut Client) -> T) -> T {
        let result = change(&mut self.0.client.borrow_mut());
        self.0.pump();
        result
    }
}

/// Runs `change` on the client behind `weak`, if it is still alive, then carries out what
/// it asks for.
fn with(weak: &Weak<Inner>, change: impl FnOnce(&Inner)) {
    if let Some(inner) = weak.upgrade() {
        change(&inner);
        inner.pump();
    }
}

impl Inner {
    /// Carries out the client's commands, then hands its events to `on_event` — never while
    /// holding a borrow, so the handler may push, join or leave.
    fn pump(self: &Rc<Self>) {
        self.run_commands();
        // A handler calling back in lands here again: the outer loop delivers its events.
        if self.dispatching.replace(true) {
            return;
        }
        loop {
            let event = self.client.borrow_mut().next_event();
            let Some(event) = event else { break };
            (self.on_event.borrow_mut())(event);
            self.run_commands();
        }
        self.dispatching.set(false);
    }

    fn run_commands(self: &Rc<Self>) {
        loop {
            let command = self.client.borrow_mut().next_command();
            match command {
                None => break,
                Some(Command::Open) => self.open(),
                Some(Command::Send(frame)) => {
                    if let Some(open) = self.socket.borrow().as_ref()
                        && let Err(error) = open.socket.send_with_str(&frame)
                    {
                        leptos::logging::warn!("could not send on the socket: {error:?}");
                    }
                }
                Some(Command::Close) => self.forget_socket(),
            }
        }
    }

    /// Closes and detaches the current socket. Its handlers are freed a moment later, since
    /// this may run inside one of them.
    fn forget_socket(&self) {
        self.generation.set(self.generation.get() + 1);
        if let Some(open) = self.socket.borrow_mut().take() {
            wasm_bindgen_futures::spawn_local(async move { drop(open) });
        }
    }

    /// Fetches a token, then opens a socket with it; a failure at either step counts as a
    /// closed socket, so the client's backoff decides when to try again.
    fn open(self: &Rc<Self>) {
        self.forget_socket();
        let generation = self.generation.get();
        let weak = Rc::downgrade(self);
        wasm_bindgen_futures::spawn_local(async move {
            let token = socket_token().await;
            let Some(inner) = weak.upgrade() else { return };
            if inner.generation.get() != generation {
                return;
            }
            let opened = token.and_then(|token| {
                inner
                    .open_with(&token, generation)
                    .map_err(TokenError::Other)
            });
            match opened {
                Ok(open) => *inner.socket.borrow_mut() = Some(open),
                // The session is over (signed out here or elsewhere): stop, do not loop.
                Err(TokenError::SignedOut) => inner.client.borrow_mut().signed_out(),
                Err(TokenError::Other(error)) => {
                    leptos::logging::warn!("could not connect the socket: {error}");
                    inner.client.borrow_mut().closed(now());
                }
            }
            inner.pump();
        });
    }

    fn open_with(self: &Rc<Self>, token: &str, generation: u64) -> Result<OpenSocket, String> {
        let location = web_sys::window().ok_or("no window")?.location();
        let scheme = match location.protocol().as_deref() {
            Ok("https:") => "wss",
            _ => "ws",
        };
        let host = location.host().map_err(|_| "no host")?;
        let token = js_sys::encode_uri_component(token);
        let url = format!("{scheme}://{host}/socket/websocket?vsn=2.0.0&token={token}");
        let socket = WebSocket::new(&url).map_err(|error| format!("{error:?}"))?;

        // Each handler acts only while its socket is the current one.
        let current = {
            let weak = Rc::downgrade(self);
            move |act: &dyn Fn(&Inner)| {
                if let Some(inner) = weak.upgrade()
                    && inner.generation.get() == generation
                {
                    act(&inner);
                    inner.pump();
                }
            }
        };
        let on_open = {
            let current = current.clone();
            Closure::<dyn FnMut()>::new(move || {
                current(&|inner| inner.client.borrow_mut().opened(now()));
            })
        };
        let on_message = {
            let current = current.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
                if let Some(text) = message.data().as_string() {
                    current(&|inner| inner.client.borrow_mut().received(&text, now()));
                }
            })
        };
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |_: CloseEvent| {
            current(&|inner| {
                inner.forget_socket();
                inner.client.borrow_mut().closed(now());
            });
        });
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        Ok(OpenSocket {
            socket,
            _on_open: on_open,
            _on_message: on_message,
            _on_close: on_close,
        })
    }
}

#[derive(Deserialize)]
struct Token {
    token: String,
}

/// Why no socket could be opened.
enum TokenError {
    /// `/socket/token` answered 401: this page's session has ended.
    SignedOut,
    Other(String),
}

async fn socket_token() -> Result<String, TokenError> {
    let response = gloo_net::http::Request::get("/socket/token")
        .send()
        .await
        .map_err(|error| TokenError::Other(error.to_string()))?;
    if response.status() == 401 {
        return Err(TokenError::SignedOut);
    }
    if !response.ok() {
        return Err(TokenError::Other(format!(
            "the token request answered {}",
            response.status()
        )));
    }
    let Token { token } = response
        .json()
        .await
        .map_err(|error| TokenError::Other(error.to_string()))?;
    Ok(token)
}
