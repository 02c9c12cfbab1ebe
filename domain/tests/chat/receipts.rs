use domain::chat::{ChatError, RECENT_MESSAGES};
use model::chat::ReadReceipt;
use model::chat::channel::topic as room_topic;
use pubsub::Subscriber;

use crate::helpers::{World, assert_nothing_broadcast, next_broadcast};

#[tokio::test]
async fn the_read_marker_only_moves_forward_and_each_move_is_announced() {
    let w = World::new().await;
    let room = w.room(w.alice, "lobby", false).await;
    let first = w.say(w.alice, &room, "one").await;
    let second = w.say(w.alice, &room, "two").await;
    let third = w.say(w.alice, &room, "three").await;
    w.chat().enter_room(w.bob, room.id).await.expect("entered");
    let topic = room_topic(room.id);
    let (listener, mut subscription) = Subscriber::new();
    w.pubsub.subscribe(&topic, &listener);

    let receipt = w
        .chat()
        .mark_read(w.bob, room.id, second.id)
        .await
        .expect("marked");
    assert_eq!(
        (receipt.user_id, receipt.message_id),
        (w.bob.user_id, second.id)
    );
    let announced = next_broadcast(&mut subscription).await;
    assert_eq!(announced.event, "message_read");
    let sent: ReadReceipt =
        serde_json::from_value(announced.payload.clone()).expect("a ReadReceipt");
    assert_eq!(sent, ReadReceipt::from(receipt.clone()));

    let back = w
        .chat()
        .mark_read(w.bob, room.id, first.id)
        .await
        .expect("marking an older message is not an error");
    assert_eq!(back, receipt, "the marker stays where it was");
    assert_nothing_broadcast(&w.pubsub, &topic, &mut subscription).await;

    let forward = w
        .chat()
        .mark_read(w.bob, room.id, third.id)
        .await
        .expect("marked");
    assert_eq!(forward.message_id, third.id);
    assert_eq!(
        next_broadcast(&mut subscription).await.event,
        "message_read"
    );

    let receipts = w
        .history(room.id)
        .await
        .read_receipts()
        .await
        .expect("read");
    assert_eq!(
        receipts,
        [forward],
        "Alice has marked nothing yet, so only Bob shows"
    );
}

#[tokio::test]
async fn only_a_message_of_the_room_can_be_marked_read() {
    let w = World::new().await;
    let room = w.room(w.alice, "lobby", false).await;
    let other = w.room(w.alice, "other", false).await;
    let elsewhere = w.say(w.alice, &other, "elsewhere").await;

    for message_id in [elsewhere.id, elsewhere.id + 100] {
        let marked = w.chat().mark_read(w.alice, room.id, message_id).await;
        assert!(matches!(marked, Err(ChatError::NotFound)), "{marked:?}");
    }
    let secret = w.room(w.alice, "secret", true).await;
    let hidden = w.say(w.alice, &secret, "psst").await;
    let marked = w.chat().mark_read(w.bob, secret.id, hidden.id).await;
    assert!(matches!(marked, Err(ChatError::Unauthorized)), "{marked:?}");
}

#[tokio::test]
async fn the_unread_count_drops_as_messages_are_marked_read() {
    let w = World::new().await;
    let room = w.room(w.alice, "lobby", false).await;
    for text in ["one", "two", "three"] {
        w.say(w.alice, &room, text).await;
    }
    let unread = async |scope| {
        let rooms = w.chat().list_rooms(scope).await.expect("listed");
        rooms[0].unread_count
    };
    assert_eq!(unread(w.bob).await, 3);

    let shown = w
        .history(room.id)
        .await
        .messages_after(None, RECENT_MESSAGES)
        .await
        .expect("read");
    w.chat()
        .mark_read(w.bob, room.id, shown[1].id)
        .await
        .expect("marked");
    assert_eq!(unread(w.bob).await, 1);
    w.say(w.bob, &room, "his own").await;
    assert_eq!(unread(w.bob).await, 1, "his own message is never unread");
    assert_eq!(unread(w.alice).await, 1);
}

/// Read receipts and posts from many connections at once: every one succeeds. (On SQLite a
/// transaction that reads before it writes must take the write lock up front; a deferred one
/// fails at once with "database is locked" when another connection wrote in between.)
#[tokio::test]
async fn receipts_and_posts_at_the_same_time_all_succeed() {
    let w = World::new().await;
    let room = w.room(w.alice, "busy", false).await;
    w.chat().enter_room(w.bob, room.id).await.expect("entered");
    let first = w.say(w.alice, &room, "first").await;

    let mut tasks = tokio::task::JoinSet::new();
    for round in 0..40 {
        let chat = w.chat();
        let (alice, bob, room_id) = (w.alice, w.bob, room.id);
        tasks.spawn(async move {
            let body = model::chat::MessageBody::parse(&format!("message {round}")).unwrap();
            let posted = chat.post_message(alice, room_id, body).await?;
            chat.mark_read(bob, room_id, posted.id.max(first.id))
                .await?;
            Ok::<_, ChatError>(())
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("the task ran")
            .expect("every post and receipt succeeds");
    }
}
