//! The `room:<id>` channel over raw frames, and the helpers its tests share: people with open
//! sockets, rooms and messages made through the domain.

mod changes;
mod joining;
mod limits;
mod messaging;
mod rooms;
mod supervision;

use std::time::Duration;

use domain::{Scope, accounts::Role, chat::Chat};
use model::chat::{MessageBody, RoomName, channel};
use pubsub::PubSub;
use serde_json::Value;

use crate::{helpers::TestApp, socket_client::WsClient};

pub struct Member {
    pub id: i64,
    pub socket: WsClient,
}

pub async fn member(app: &TestApp, name: &str) -> Member {
    let email = format!("{}@example.com", name.to_lowercase());
    let socket = app.ws_user(name, &email).await;
    let id: i64 = domain::with_pool!(&app.db, |pool| {
        sqlx::query_scalar("SELECT id FROM users WHERE email_key = $1")
            .bind(&email)
            .fetch_one(pool)
            .await
    })
    .expect("the user exists");
    Member { id, socket }
}

pub fn scope(user_id: i64) -> Scope {
    Scope {
        user_id,
        role: Role::User,
    }
}

/// The node's chat, announcing on a PubSub of its own: what a test sets up this way reaches no
/// socket.
pub fn quiet_chat(app: &TestApp) -> Chat {
    Chat::new(app.db.clone(), PubSub::local())
}

pub async fn room(app: &TestApp, creator: i64, name: &str, private: bool) -> String {
    let name = RoomName::parse(name).expect("a valid name");
    let room = quiet_chat(app)
        .create_room(scope(creator), name, private)
        .await
        .expect("room created");
    channel::topic(room.id)
}

pub async fn post(app: &TestApp, author: i64, topic: &str, body: &str) -> i64 {
    let room_id = channel::room_id(topic).expect("a room's topic");
    let body = MessageBody::parse(body).expect("a valid body");
    quiet_chat(app)
        .post_message(scope(author), room_id, body)
        .await
        .expect("posted")
        .id
}

pub fn ids(messages: &Value) -> Vec<i64> {
    messages
        .as_array()
        .expect("a list")
        .iter()
        .map(|m| m["id"].as_i64().expect("an id"))
        .collect()
}

/// `count` messages by `author`, oldest first; returns their ids.
pub async fn post_many(app: &TestApp, author: i64, topic: &str, count: usize) -> Vec<i64> {
    let mut ids = Vec::with_capacity(count);
    for n in 0..count {
        ids.push(post(app, author, topic, &format!("message {n}")).await);
    }
    ids
}

/// Waits (polling) until `condition` holds, failing after 10 s.
pub async fn wait_for(condition: impl Fn() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !condition() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "condition not met in time"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
