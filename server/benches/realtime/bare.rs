//! The yardstick: a bare tokio-tungstenite server doing the same socket work as ours — decode
//! the Phoenix V2 text frames with the same codec, keep topic → subscribers, answer joins,
//! pings and heartbeats, and broadcast `new_message` to a topic encoded once and shared — but
//! with no database, no authentication, no presence and no channel machinery.
//! Its sockets are tuned like ours (the same read buffer, no write buffer).

use std::{
    collections::HashMap,
    sync::{
        Arc, PoisonError, RwLock,
        atomic::{AtomicU64, Ordering},
    },
};

use futures_util::{SinkExt, StreamExt};
use model::wire::{self, HEARTBEAT, JOIN, PHOENIX_TOPIC, Payload, REPLY};
use serde_json::{Value, json};
use tokio::{net::TcpListener, sync::mpsc};
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};

use super::load::server_config;

/// Same bound as `pubsub`'s per-subscriber queue.
const QUEUE: usize = 1024;

type Subscribers = HashMap<u64, mpsc::Sender<Utf8Bytes>>;

#[derive(Default)]
struct Registry {
    topics: RwLock<HashMap<String, Subscribers>>,
    next_id: AtomicU64,
    next_message: AtomicU64,
}

impl Registry {
    fn subscribe(&self, topic: &str, id: u64, queue: &mpsc::Sender<Utf8Bytes>) {
        let mut topics = self.topics.write().unwrap_or_else(PoisonError::into_inner);
        topics
            .entry(topic.to_owned())
            .or_default()
            .insert(id, queue.clone());
    }

    fn unsubscribe_all(&self, id: u64, joined: &[String]) {
        let mut topics = self.topics.write().unwrap_or_else(PoisonError::into_inner);
        for topic in joined {
            if let Some(subscribers) = topics.get_mut(topic) {
                subscribers.remove(&id);
            }
        }
    }

    fn dispatch(&self, topic: &str, text: &Utf8Bytes) {
        let topics = self.topics.read().unwrap_or_else(PoisonError::into_inner);
        for queue in topics.get(topic).into_iter().flat_map(HashMap::values) {
            // A full queue drops the frame here; ours closes the lagging socket instead.
            let _dropped = queue.try_send(text.clone());
        }
    }
}

/// Runs the bare server on a multi-thread runtime (one worker once pinned to one core, as ours)
/// and prints `listening on ws://…` for the generator.
pub fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        println!("listening on ws://{}", listener.local_addr()?);
        let registry = Arc::new(Registry::default());
        loop {
            let (stream, _) = listener.accept().await?;
            let registry = registry.clone();
            tokio::spawn(async move {
                let Ok(ws) =
                    tokio_tungstenite::accept_async_with_config(stream, Some(server_config()))
                        .await
                else {
                    return;
                };
                serve(ws, registry).await;
            });
        }
    })
}

async fn serve(
    mut ws: tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>,
    registry: Arc<Registry>,
) {
    let id = registry.next_id.fetch_add(1, Ordering::Relaxed);
    let (queue, mut deliveries) = mpsc::channel::<Utf8Bytes>(QUEUE);
    let mut joined: Vec<String> = Vec::new();
    loop {
        let out = tokio::select! {
            frame = ws.next() => match frame {
                Some(Ok(Message::Text(text))) => on_text(&text, id, &queue, &mut joined, &registry),
                Some(Ok(_)) => None,
                None | Some(Err(_)) => break,
            },
            Some(text) = deliveries.recv() => Some(text),
        };
        if let Some(text) = out
            && ws.send(Message::Text(text)).await.is_err()
        {
            break;
        }
    }
    registry.unsubscribe_all(id, &joined);
}

/// Handles one client frame; returns the reply to write, if any.
fn on_text(
    text: &str,
    id: u64,
    queue: &mpsc::Sender<Utf8Bytes>,
    joined: &mut Vec<String>,
    registry: &Registry,
) -> Option<Utf8Bytes> {
    let frame = wire::decode_client_text(text).ok()?;
    let Payload::Json(payload) = frame.payload else {
        return None;
    };
    let reply = |response: Value| {
        let payload = json!({ "status": "ok", "response": response });
        let text = wire::encode_server_text(
            frame.join_ref.as_deref(),
            frame.msg_ref.as_deref(),
            &frame.topic,
            REPLY,
            &payload,
        );
        Some(Utf8Bytes::from(text))
    };
    match frame.event.as_str() {
        HEARTBEAT if frame.topic == PHOENIX_TOPIC => reply(json!({})),
        JOIN => {
            registry.subscribe(&frame.topic, id, queue);
            joined.push(frame.topic.clone());
            reply(json!({}))
        }
        "ping" => reply(Value::Object(payload)),
        "new_message" => {
            // A payload shaped like ours (`ChatMessage`), minus what the database would add.
            let message_id = registry.next_message.fetch_add(1, Ordering::Relaxed);
            let message = json!({
                "id": message_id,
                "author_id": 1,
                "author_name": "bench",
                "body": payload.get("body").cloned().unwrap_or(Value::Null),
                "inserted_at": 0,
            });
            let text = wire::encode_server_text(None, None, &frame.topic, "new_message", &message);
            registry.dispatch(&frame.topic, &Utf8Bytes::from(text));
            reply(message)
        }
        _ => reply(json!({})),
    }
}
