//! A test application: tokens are `person:<n>` (person 0 is disabled: the token verifies but
//! the lookup refuses it), a socket can be ended by `disconnect` on `person_socket:<n>`, each
//! person has a budget of events, and the channels are `echo:*` (see `channels.rs`).

use std::{
    collections::HashMap,
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::Duration,
};

use async_trait::async_trait;
use axum::{
    Router,
    extract::{Request, State},
    http::{HeaderMap, header},
    response::Response,
    routing::any,
};
use pubsub::{Broadcast, PubSub};
use realtime::{
    ChannelRouter, Identity, Realtime, SocketConfig, SocketHandler, testing::WsClient,
    token_refused,
};
use tokio_tungstenite::tungstenite::{self, client::IntoClientRequest};

use crate::channels::EchoJoin;

#[derive(Clone, Debug)]
pub struct Person(pub i64);

impl Identity for Person {
    fn person(&self) -> i64 {
        self.0
    }
}

pub struct TestSockets {
    /// Events each person may still send.
    budgets: Mutex<HashMap<i64, u32>>,
    budget: u32,
}

pub const ALLOWED_ORIGIN: &str = "https://allowed.example";

#[async_trait]
impl SocketHandler for TestSockets {
    type Claims = i64;
    type User = Person;

    fn check_origin(&self, headers: &HeaderMap) -> bool {
        headers
            .get(header::ORIGIN)
            .is_none_or(|origin| origin == ALLOWED_ORIGIN)
    }

    fn verify(&self, token: &str) -> Option<i64> {
        token.strip_prefix("person:")?.parse().ok()
    }

    fn id(&self, person: &i64) -> Option<String> {
        Some(format!("person_socket:{person}"))
    }

    async fn connect(&self, person: i64) -> Result<Person, Response> {
        if person == 0 {
            Err(token_refused())
        } else {
            Ok(Person(person))
        }
    }

    fn disconnects(&self, _user: &Person, broadcast: &Broadcast) -> bool {
        broadcast.event == "disconnect"
    }

    fn allow_event(&self, user: &Person) -> Result<(), Duration> {
        let mut budgets = self.budgets.lock().expect("not poisoned");
        let left = budgets.entry(user.0).or_insert(self.budget);
        if *left == 0 {
            return Err(Duration::from_millis(1500));
        }
        *left -= 1;
        Ok(())
    }
}

/// An engine serving on a port of its own.
pub struct TestEngine {
    pub address: SocketAddr,
    pub realtime: Arc<Realtime<TestSockets>>,
}

pub struct Options {
    pub config: SocketConfig,
    pub budget: u32,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            config: SocketConfig {
                max_frame_bytes: 64 * 1024,
                idle_timeout: Duration::from_secs(60),
                max_channels: 100,
                sockets_per_person: 20,
            },
            budget: u32::MAX,
        }
    }
}

pub async fn spawn() -> TestEngine {
    spawn_with(|_| {}).await
}

pub async fn spawn_with(change: impl FnOnce(&mut Options)) -> TestEngine {
    let mut options = Options::default();
    change(&mut options);
    let handler = TestSockets {
        budgets: Mutex::default(),
        budget: options.budget,
    };
    let channels = ChannelRouter::default().channel("echo:*", EchoJoin);
    let realtime = Arc::new(Realtime::new(
        handler,
        channels,
        options.config,
        PubSub::local(),
    ));
    let router = Router::new()
        .route("/socket/websocket", any(connect))
        .with_state(realtime.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    TestEngine { address, realtime }
}

async fn connect(State(realtime): State<Arc<Realtime<TestSockets>>>, request: Request) -> Response {
    realtime.connect(request, ()).await
}

impl TestEngine {
    pub fn url(&self, query: &str) -> String {
        format!("ws://{}/socket/websocket?{query}", self.address)
    }

    pub fn http_url(&self, query: &str) -> String {
        format!("http://{}/socket/websocket?{query}", self.address)
    }

    /// A socket as `person`, with `vsn=2.0.0`.
    pub async fn socket(&self, person: i64) -> WsClient {
        self.open(&format!("vsn=2.0.0&token=person:{person}"))
            .await
            .expect("the socket opens")
    }

    pub async fn open(&self, query: &str) -> Result<WsClient, tungstenite::Error> {
        let request = self.url(query).into_client_request().expect("a request");
        WsClient::open(request).await
    }
}
