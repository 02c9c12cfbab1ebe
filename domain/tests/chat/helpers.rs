//! A fresh, migrated database per test, people to act as, and waiting for broadcasts.

use std::{sync::Arc, time::Duration};

use domain::{
    Scope,
    accounts::Role,
    chat::{self, Chat, EnteredRoom, Room},
    db::Db,
    testing::{TestDatabase, person},
};
use model::chat::{RoomName, channel::React};
use pubsub::{Broadcast, Delivery, PubSub, Subscription};

/// A migrated database that exists for this test only (see [`TestDatabase`]).
pub struct TestDb {
    pub db: Db,
    _database: TestDatabase,
}

impl TestDb {
    pub async fn create() -> Self {
        let database = TestDatabase::create().await;
        Self {
            db: database.open(5).await,
            _database: database,
        }
    }
}

/// A database with three accounts: an admin (the first account ever) and two ordinary people.
pub struct World {
    pub test_db: TestDb,
    pub pubsub: PubSub,
    pub admin: Scope,
    pub alice: Scope,
    pub bob: Scope,
}

impl World {
    pub async fn new() -> Self {
        let test_db = TestDb::create().await;
        let admin = person(&test_db.db, "Root", "root@example.com").await;
        let alice = person(&test_db.db, "Alice", "alice@example.com").await;
        let bob = person(&test_db.db, "Bob", "bob@example.com").await;
        assert_eq!(admin.role, Role::Admin, "the first account is the admin");
        assert_eq!((alice.role, bob.role), (Role::User, Role::User));
        Self {
            test_db,
            pubsub: PubSub::local(),
            admin,
            alice,
            bob,
        }
    }

    pub fn db(&self) -> &Db {
        &self.test_db.db
    }

    pub fn chat(&self) -> Chat {
        Chat::new(self.db().clone(), self.pubsub.clone())
    }

    /// The room's history, as its creator Alice reads it.
    pub async fn history(&self, room_id: i64) -> EnteredRoom {
        self.chat()
            .enter_room(self.alice, room_id)
            .await
            .expect("Alice enters")
    }

    /// A room `by` creates, which must succeed.
    pub async fn room(&self, by: Scope, name: &str, private: bool) -> Room {
        self.chat()
            .create_room(by, room_name(name), private)
            .await
            .expect("the room is created")
    }

    /// A message `by` posts, which must succeed.
    pub async fn say(&self, by: Scope, room: &Room, text: &str) -> chat::Message {
        let body = model::chat::MessageBody::parse(text).expect("a valid message");
        self.chat()
            .post_message(by, room.id, body)
            .await
            .expect("the message is posted")
    }
}

pub fn room_name(name: &str) -> RoomName {
    RoomName::parse(name).expect("a valid room name")
}

/// The next broadcast on `subscription`, waiting at most five seconds for it.
pub async fn next_broadcast(subscription: &mut Subscription) -> Arc<Broadcast> {
    match tokio::time::timeout(Duration::from_secs(5), subscription.recv()).await {
        Ok(Some(Delivery::Message(broadcast))) => broadcast,
        other => panic!("expected a broadcast, got {other:?}"),
    }
}

/// Asserts that nothing was broadcast on `topic` since the last broadcast read: a marker sent
/// now must be the very next thing to arrive.
pub async fn assert_nothing_broadcast(
    pubsub: &PubSub,
    topic: &str,
    subscription: &mut Subscription,
) {
    pubsub.broadcast(topic, "marker", serde_json::json!({}));
    let next = next_broadcast(subscription).await;
    assert_eq!(next.event, "marker", "unexpected {next:?}");
}

/// The message as `reader` reads it now.
pub async fn read_back(w: &World, reader: domain::Scope, message: &chat::Message) -> chat::Message {
    w.chat()
        .view_room(reader, message.room_id)
        .await
        .expect("may read the room")
        .message(message.id)
        .await
        .expect("the message is there")
}

/// Gives (`on`) or takes back `reaction` on `message`.
pub fn react(message: &chat::Message, reaction: model::chat::Reaction, on: bool) -> React {
    React {
        message_id: message.id,
        reaction,
        on,
    }
}
