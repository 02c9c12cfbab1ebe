//! Talking in a room: messages, typing, read receipts, history and ping.

use std::time::Duration;

use serde_json::json;

use super::{ids, member, post, post_many, room};
use crate::helpers::spawn_app;

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
async fn an_invalid_message_is_refused_with_the_reason_and_nothing_is_saved() {
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
    let posted = post_many(&app, ada.id, &topic, 5).await;
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
async fn ping_answers_with_what_it_was_sent() {
    let app = spawn_app().await;
    let mut ada = member(&app, "Ada").await;
    let topic = room(&app, ada.id, "general", false).await;
    let (join_ref, _) = ada.socket.join(&topic, json!({})).await;
    let reply = ada
        .socket
        .push(&join_ref, &topic, "ping", json!({"sent_at": 1}))
        .await;
    assert_eq!(reply.ok(), &json!({"sent_at": 1}));
}
