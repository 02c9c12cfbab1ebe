//! Entering and leaving rooms: the join reply, catch-up, who may enter, duplicate joins,
//! leaves and closes, and the channel cap.

use model::chat::channel;
use serde_json::json;

use super::{Member, ids, member, post, post_many, quiet_chat, room, scope};
use crate::helpers::{spawn_app, spawn_app_with};

#[tokio::test]
async fn joining_a_room_replies_with_the_room_and_its_last_50_messages_then_presence() {
    let app = spawn_app().await;
    let mut ada = member(&app, "Ada").await;
    let topic = room(&app, ada.id, "general", false).await;
    let posted = post_many(&app, ada.id, &topic, 60).await;
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
async fn a_private_room_refuses_whoever_was_not_invited_exactly_as_a_missing_room() {
    let app = spawn_app().await;
    let ada = member(&app, "Ada").await;
    let mut bob = member(&app, "Bob").await;
    let topic = room(&app, ada.id, "secret", true).await;
    let (_, reply) = bob.socket.join(&topic, json!({})).await;
    // The same answer as for a room that does not exist: a join cannot probe for rooms.
    assert_eq!(reply.error(), &json!({"reason": "not found"}));

    let room_id = channel::room_id(&topic).expect("a room's topic");
    quiet_chat(&app)
        .invite(scope(ada.id), room_id, bob.id)
        .await
        .expect("invited");
    let (_, reply) = bob.socket.join(&topic, json!({})).await;
    assert_eq!(reply.ok()["room"]["private"], true);

    // A second name for the room (a leading zero, a sign) is no name at all.
    let aliases = [format!("room:0{room_id}"), format!("room:+{room_id}")];
    for missing in ["room:99999", "room:lobby", &aliases[0], &aliases[1]] {
        let (_, reply) = bob.socket.join(missing, json!({})).await;
        assert_eq!(reply.error(), &json!({"reason": "not found"}), "{missing}");
    }
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
    let app = spawn_app_with(|settings| {
        settings.realtime.max_channels = 100;
        // 101 joins in a row are more than a person's event budget allows at once.
        settings.limits.socket_event_burst = 200;
    })
    .await;
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
