//! What keeps a room alive: a failing channel, and the room's supervised task.

use model::system::TaskState;
use serde_json::json;

use super::{member, room, wait_for};
use crate::helpers::{spawn_app, spawn_app_with};

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
    let room_id = model::chat::channel::room_id(&topic).expect("a room's topic");
    assert!(app.rooms.list().is_empty());
    let (ada_ref, _) = ada.socket.join(&topic, json!({})).await;
    bob.socket.join(&topic, json!({})).await;
    assert_eq!(app.rooms.list()[0].room_id, room_id);

    // The room's task is supervised under the room's topic.
    let task = || {
        app.node
            .supervisor()
            .tasks()
            .into_iter()
            .find(|task| task.name == topic)
    };
    assert!(task().is_some_and(|task| task.restarts == 0));
    assert!(app.rooms.kill(room_id));
    wait_for(|| task().is_some_and(|task| task.restarts == 1 && task.state == TaskState::Running))
        .await;
    assert!(
        task()
            .and_then(|task| task.last_error)
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
    wait_for(|| app.rooms.list().is_empty() && task().is_none()).await;
}
