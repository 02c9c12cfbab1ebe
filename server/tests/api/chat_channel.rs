//! The `room:<id>` channel over raw frames: joining, posting, typing, receipts, history, and the
//! protocol rules that need a joined channel (duplicate join, stale join_ref, leave, the cap).

use std::time::Duration;

use domain::{Scope, accounts::Role, chat, pubsub::PubSub};
use model::chat::{MessageBody, RoomName};
use serde_json::{Value, json};

use crate::{
    helpers::{TestApp, spawn_app, spawn_app_with},
    socket_client::WsClient,
};

/// A user with an open socket.
struct Member {
    id: i64,
    socket: WsClient,
}

async fn member(app: &TestApp, name: &str) -> Member {
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

fn scope(user_id: i64) -> Scope {
    Scope {
        user_id,
        role: Role::User,
    }
}

async fn room(app: &TestApp, creator: i64, name: &str, private: bool) -> String {
    let name = RoomName::parse(name).expect("a valid name");
    let room = chat::create_room(&app.db, &PubSub::local(), scope(creator), name, private)
        .await
        .expect("room created");
    format!("room:{}", room.id)
}

async fn post(app: &TestApp, author: i64, topic: &str, body: &str) -> i64 {
    let room_id = topic["room:".len()..].parse().expect("a room id");
    let body = MessageBody::parse(body).expect("a valid body");
    chat::post_message(&app.db, &PubSub::local(), scope(author), room_id, body)
        .await
        .expect("posted")
        .id
}

fn ids(messages: &Value) -> Vec<i64> {
    messages
        .as_array()
        .expect("a list")
        .iter()
        .map(|m| m["id"].as_i64().expect("an id"))
        .collect()
}

#[tokio::test]
async fn joining_a_room_replies_with_the_room_and_its_last_50_messages_then_presence() {
    let app = spawn_app().await;
    let mut ada = member(&app, "Ada").await;
    let topic = room(&app, ada.id, "general", false).await;
    let mut posted = Vec::new();
    for n in 0..60 {
        posted.push(post(&app, ada.id, &topic, &format!("message {n}")).await);
    }
    let (join_ref, reply) = ada.socket.join(&topic, json!({})).await;
    let reply = reply.ok();
    assert_eq!(reply["room"]["name"], "general");
    assert_eq!(ids(&reply["messages"]), posted[10..]);
    let (push_ref, _, state) = ada.socket.event(&topic, "presence_state").await;
    assert_eq!(push_ref.as_deref(), Some(join_ref.as_str()));
    assert_eq!(state, json!({}), "nobody was here before");
    let (_, _, diff) = ada.socket.event(&topic, "presence_diff").await;
    let meta = &diff["joins"][ada.id.to_string()]["metas"][0];
    assert_eq!(meta["name"], "Ada");
    assert!(meta["phx_ref"].is_string() && meta["online_at"].is_string());
}

#[tokio::test]
async fn a_rejoin_with_the_last_seen_id_gets_only_what_came_after() {
    let app = spawn_app().await;
    let mut ada = member(&app, "Ada").await;
    let topic = room(&app, ada.id, "general", false).await;
    let seen = post(&app, ada.id, &topic, "seen").await;
    let missed = post(&app, ada.id, &topic, "missed").await;
    let (_, reply) = ada.socket.join(&topic, json!({"last_seen_id": seen})).await;
    assert_eq!(ids(&reply.ok()["messages"]), [missed]);
    assert_eq!(reply.ok()["has_more"], false);
}

#[tokio::test]
async fn a_private_room_refuses_whoever_was_not_invited_and_a_missing_room_is_not_found() {
    let app = spawn_app().await;
    let ada = member(&app, "Ada").await;
    let mut bob = member(&app, "Bob").await;
    let topic = room(&app, ada.id, "secret", true).await;
    let (_, reply) = bob.socket.join(&topic, json!({})).await;
    assert_eq!(reply.error(), &json!({"reason": "unauthorized"}));

    let room_id = topic["room:".len()..].parse().expect("an id");
    chat::invite(&app.db, scope(ada.id), room_id, bob.id)
        .await
        .expect("invited");
    let (_, reply) = bob.socket.join(&topic, json!({})).await;
    assert_eq!(reply.ok()["room"]["private"], true);

    for missing in ["room:99999", "room:lobby"] {
        let (_, reply) = bob.socket.join(missing, json!({})).await;
        assert_eq!(reply.error(), &json!({"reason": "not found"}), "{missing}");
    }
}

#[tokio::test]
async fn a_new_message_is_saved_replied_and_broadcast_to_everyone_in_the_room() {
    let app = spawn_app().await;
    let mut ada = member(&app, "Ada").await;
    let mut bob = member(&app, "Bob").await;
    let topic = room(&app, ada.id, "general", false).await;
    let (ada_ref, _) = ada.socket.join(&topic, json!({})).await;
    bob.socket.join(&topic, json!({})).await;

    let body = "<script>alert('x')</script> & <b>bold</b>\nsecond line";
    let reply = ada
        .socket
        .push(&ada_ref, &topic, "new_message", json!({"body": body}))
        .await;
    let saved = reply.ok().clone();
    assert_eq!(saved["body"], body, "stored exactly as typed");
    assert_eq!(saved["author"]["name"], "Ada");

    for socket in [&mut ada.socket, &mut bob.socket] {
        let (join_ref, msg_ref, message) = socket.event(&topic, "new_message").await;
        assert_eq!((join_ref, msg_ref), (None, None), "a broadcast");
        assert_eq!(message, saved);
    }
    let (_, rejoin) = bob.socket.join(&topic, json!({})).await;
    assert_eq!(rejoin.ok()["messages"][0], saved);
}

#[tokio::test]
async fn an_invalid_message_is_refused_with_the_reason_and_nothing_is_sent() {
    let app = spawn_app().await;
    let mut ada = member(&app, "Ada").await;
    let topic = room(&app, ada.id, "general", false).await;
    let (join_ref, _) = ada.socket.join(&topic, json!({})).await;
    for (body, reason) in [
        (json!("   "), "Write a message first."),
        (
            json!("x".repeat(4001)),
            "A message has at most 4000 characters.",
        ),
    ] {
        let reply = ada
            .socket
            .push(&join_ref, &topic, "new_message", json!({"body": body}))
            .await;
        assert_eq!(reply.error(), &json!({"errors": {"body": reason}}));
    }
    let reply = ada
        .socket
        .push(&join_ref, &topic, "new_message", json!({"text": "hi"}))
        .await;
    assert!(reply.error()["reason"].is_string());
    let reply = ada
        .socket
        .push(&join_ref, &topic, "history", json!({"before": i64::MAX}))
        .await;
    assert_eq!(reply.ok()["messages"], json!([]));
}

#[tokio::test]
async fn typing_reaches_the_others_only_and_expires_on_the_server() {
    let app = spawn_app().await;
    let mut ada = member(&app, "Ada").await;
    let mut bob = member(&app, "Bob").await;
    let topic = room(&app, ada.id, "general", false).await;
    let (ada_ref, _) = ada.socket.join(&topic, json!({})).await;
    bob.socket.join(&topic, json!({})).await;

    let sent = tokio::time::Instant::now();
    ada.socket
        .send(
            Some(&ada_ref),
            Some("t1"),
            &topic,
            "typing",
            json!({"typing": true}),
        )
        .await;
    let (_, _, typing) = bob.socket.event(&topic, "user_typing").await;
    assert_eq!(
        typing,
        json!({"user_id": ada.id, "name": "Ada", "typing": true})
    );
    // Ada never says she stopped: the room's task says it for her.
    let (_, _, stopped) = bob.socket.event(&topic, "user_typing").await;
    assert_eq!(stopped["typing"], false);
    assert!(
        sent.elapsed() >= Duration::from_secs(4),
        "expired, not cancelled"
    );
    // Ada herself saw neither: nothing she received up to a heartbeat's reply was typing.
    let heartbeat_ref = ada.socket.next_ref();
    ada.socket
        .send(
            None,
            Some(&heartbeat_ref),
            "phoenix",
            "heartbeat",
            json!({}),
        )
        .await;
    loop {
        match ada.socket.recv().await {
            model::wire::ServerFrame::Reply { msg_ref, .. } if msg_ref == heartbeat_ref => break,
            model::wire::ServerFrame::Message { event, .. } => assert_ne!(event, "user_typing"),
            model::wire::ServerFrame::Reply { .. } => {}
        }
    }
}

#[tokio::test]
async fn a_read_receipt_is_saved_and_broadcast() {
    let app = spawn_app().await;
    let mut ada = member(&app, "Ada").await;
    let mut bob = member(&app, "Bob").await;
    let topic = room(&app, ada.id, "general", false).await;
    let message = post(&app, ada.id, &topic, "hello").await;
    ada.socket.join(&topic, json!({})).await;
    let (bob_ref, _) = bob.socket.join(&topic, json!({})).await;

    let reply = bob
        .socket
        .push(
            &bob_ref,
            &topic,
            "read_receipt",
            json!({"message_id": message}),
        )
        .await;
    assert_eq!(reply.ok()["message_id"], message);
    let (_, _, read) = ada.socket.event(&topic, "message_read").await;
    assert_eq!(
        (read["user_id"].as_i64(), read["message_id"].as_i64()),
        (Some(bob.id), Some(message))
    );
    let (_, rejoin) = ada.socket.join(&topic, json!({})).await;
    assert_eq!(rejoin.ok()["receipts"][0]["user_id"], bob.id);
}

#[tokio::test]
async fn history_pages_backwards_by_message_id() {
    let app = spawn_app().await;
    let mut ada = member(&app, "Ada").await;
    let topic = room(&app, ada.id, "general", false).await;
    let mut posted = Vec::new();
    for n in 0..5 {
        posted.push(post(&app, ada.id, &topic, &format!("m{n}")).await);
    }
    let (join_ref, _) = ada.socket.join(&topic, json!({})).await;
    let page = ada
        .socket
        .push(
            &join_ref,
            &topic,
            "history",
            json!({"before": posted[4], "limit": 2}),
        )
        .await;
    assert_eq!(ids(&page.ok()["messages"]), posted[2..4]);
    assert_eq!(page.ok()["has_more"], true);
    let page = ada
        .socket
        .push(
            &join_ref,
            &topic,
            "history",
            json!({"before": posted[2], "limit": 2}),
        )
        .await;
    assert_eq!(ids(&page.ok()["messages"]), posted[0..2]);
}

#[tokio::test]
async fn joining_a_joined_topic_closes_the_old_channel_first() {
    let app = spawn_app().await;
    let mut ada = member(&app, "Ada").await;
    let topic = room(&app, ada.id, "general", false).await;
    let (first, _) = ada.socket.join(&topic, json!({})).await;
    let second = ada.socket.next_ref();
    ada.socket
        .send(Some(&second), Some(&second), &topic, "phx_join", json!({}))
        .await;
    let (join_ref, msg_ref, payload) = ada.socket.event(&topic, "phx_close").await;
    assert_eq!(
        (join_ref.as_deref(), msg_ref.as_deref()),
        (Some(first.as_str()), Some(first.as_str()))
    );
    assert_eq!(payload, json!({}));
    ada.socket.reply_to(&second).await.ok();
    // The old join_ref is stale now: its messages are dropped without a reply.
    ada.socket
        .send(
            Some(&first),
            Some("stale"),
            &topic,
            "new_message",
            json!({"body": "lost"}),
        )
        .await;
    let reply = ada
        .socket
        .push(&second, &topic, "new_message", json!({"body": "kept"}))
        .await;
    assert_eq!(reply.ok()["body"], "kept");
    let history = ada
        .socket
        .push(&second, &topic, "history", json!({"before": i64::MAX}))
        .await;
    assert_eq!(history.ok()["messages"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn leaving_replies_ok_closes_the_channel_and_tells_the_others() {
    let app = spawn_app().await;
    let mut ada = member(&app, "Ada").await;
    let mut bob = member(&app, "Bob").await;
    let topic = room(&app, ada.id, "general", false).await;
    ada.socket.join(&topic, json!({})).await;
    let (bob_ref, _) = bob.socket.join(&topic, json!({})).await;
    let (_, _, joined) = ada.socket.event(&topic, "user_joined").await;
    assert_eq!(joined["user_id"], bob.id);

    let reply = bob
        .socket
        .push(&bob_ref, &topic, "phx_leave", json!({}))
        .await;
    assert_eq!(reply.ok(), &json!({}));
    let (join_ref, msg_ref, _) = bob.socket.event(&topic, "phx_close").await;
    assert_eq!(
        (join_ref.as_deref(), msg_ref.as_deref()),
        (Some(bob_ref.as_str()), Some(bob_ref.as_str()))
    );
    let (_, _, left) = ada.socket.event(&topic, "user_left").await;
    assert_eq!(left["user_id"], bob.id);
    let reply = bob
        .socket
        .push(&bob_ref, &topic, "new_message", json!({"body": "hi"}))
        .await;
    assert_eq!(reply.error(), &json!({"reason": "unmatched topic"}));
}

#[tokio::test]
async fn a_closed_socket_leaves_presence_and_its_room() {
    let app = spawn_app().await;
    let mut ada = member(&app, "Ada").await;
    let bob = member(&app, "Bob").await;
    let topic = room(&app, ada.id, "general", false).await;
    ada.socket.join(&topic, json!({})).await;
    let Member {
        id: bob_id,
        mut socket,
    } = bob;
    socket.join(&topic, json!({})).await;
    drop(socket);
    loop {
        let (_, _, diff) = ada.socket.event(&topic, "presence_diff").await;
        if diff["leaves"].get(bob_id.to_string()).is_some() {
            break;
        }
    }
    let (_, _, left) = ada.socket.event(&topic, "user_left").await;
    assert_eq!(left["user_id"], bob_id);
}

#[tokio::test]
async fn the_101st_channel_is_refused() {
    let app = spawn_app_with(|settings| settings.realtime.max_channels = 100).await;
    let mut ada = member(&app, "Ada").await;
    for n in 0..101 {
        let topic = room(&app, ada.id, &format!("room {n}"), false).await;
        let (_, reply) = ada.socket.join(&topic, json!({})).await;
        if n < 100 {
            reply.ok();
        } else {
            assert_eq!(
                reply.error(),
                &json!({"reason": "too many channels (at most 100)"})
            );
        }
    }
}

#[tokio::test]
async fn a_failing_channel_pushes_phx_error_and_the_socket_lives_on() {
    let app = spawn_app().await;
    let mut ada = member(&app, "Ada").await;
    let topic = room(&app, ada.id, "general", false).await;
    let (join_ref, _) = ada.socket.join(&topic, json!({})).await;
    app.db.close().await;
    ada.socket
        .send(
            Some(&join_ref),
            Some("boom"),
            &topic,
            "new_message",
            json!({"body": "hi"}),
        )
        .await;
    let (jr, msg_ref, payload) = ada.socket.event(&topic, "phx_error").await;
    assert_eq!(
        (jr.as_deref(), msg_ref.as_deref()),
        (Some(join_ref.as_str()), Some(join_ref.as_str()))
    );
    assert!(payload["reason"].is_string());
    assert_eq!(ada.socket.heartbeat().await.ok(), &json!({}));
}

#[tokio::test]
async fn a_room_task_starts_on_join_restarts_after_a_failure_and_stops_when_idle() {
    let app = spawn_app_with(|settings| settings.realtime.room_idle_secs = 1).await;
    let mut ada = member(&app, "Ada").await;
    let mut bob = member(&app, "Bob").await;
    let topic = room(&app, ada.id, "general", false).await;
    let room_id: i64 = topic["room:".len()..].parse().expect("an id");
    assert!(app.rooms.list().is_empty());
    let (ada_ref, _) = ada.socket.join(&topic, json!({})).await;
    bob.socket.join(&topic, json!({})).await;
    assert_eq!(app.rooms.list()[0].room_id, room_id);

    assert!(app.rooms.kill(room_id));
    wait_for(|| app.rooms.list().first().is_some_and(|r| r.restarts == 1)).await;
    assert!(
        app.rooms.list()[0]
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("killed"))
    );
    // The restarted task still knows who is in the room and serves typing.
    ada.socket
        .send(
            Some(&ada_ref),
            None,
            &topic,
            "typing",
            json!({"typing": true}),
        )
        .await;
    let (_, _, typing) = bob.socket.event(&topic, "user_typing").await;
    assert_eq!(typing["typing"], true);
    assert_eq!(app.rooms.list()[0].sockets, 2);

    drop(ada);
    drop(bob);
    wait_for(|| app.rooms.list().is_empty()).await;
}

async fn wait_for(condition: impl Fn() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !condition() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "condition not met in time"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
