use domain::chat::{self, ChatError, Message, RECENT_MESSAGES};
use model::chat::ChatMessage;
use model::chat::channel::topic as room_topic;
use pubsub::Subscriber;

use crate::helpers::{World, next_broadcast};

fn bodies(messages: &[Message]) -> Vec<String> {
    messages.iter().map(|m| m.body.clone()).collect()
}

fn numbered(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|n| format!("message {n}")).collect()
}

/// A public room with `count` messages by Alice, "message 0" the oldest.
async fn room_with_messages(w: &World, count: usize) -> (chat::Room, Vec<Message>) {
    let room = w.room(w.alice, "busy", false).await;
    let mut posted = Vec::with_capacity(count);
    for n in 0..count {
        posted.push(w.say(w.alice, &room, &format!("message {n}")).await);
    }
    (room, posted)
}

#[tokio::test]
async fn a_posted_message_is_saved_as_typed_and_broadcast_to_the_room() {
    let w = World::new().await;
    let room = w.room(w.alice, "lobby", false).await;
    let (listener, mut subscription) = Subscriber::new();
    w.pubsub.subscribe(&room_topic(room.id), &listener);

    let typed = "  hello,\n\t<b>world</b>  ";
    let message = w.say(w.bob, &room, typed).await;
    assert_eq!(message.body, typed);
    assert_eq!(
        (message.author_id, message.author_name.as_str()),
        (w.bob.user_id, "Bob")
    );
    assert_eq!(message.room_id, room.id);

    let broadcast = next_broadcast(&mut subscription).await;
    assert_eq!(broadcast.event, "new_message");
    let sent: ChatMessage =
        serde_json::from_value(broadcast.payload.clone()).expect("a ChatMessage");
    assert_eq!(sent, ChatMessage::from(message.clone()));

    let stored = w
        .history(room.id)
        .await
        .messages_after(None, RECENT_MESSAGES)
        .await
        .expect("read back");
    assert_eq!(stored, [message]);
}

#[tokio::test]
async fn posting_in_a_room_that_does_not_exist_is_not_found() {
    let w = World::new().await;
    let body = model::chat::MessageBody::parse("anyone?").expect("valid");
    let posted = w.chat().post_message(w.alice, 12_345, body).await;
    assert!(matches!(posted, Err(ChatError::NotFound)), "{posted:?}");
}

#[tokio::test]
async fn entering_shows_the_last_fifty_of_sixty_messages_oldest_first() {
    let w = World::new().await;
    let (room, _) = room_with_messages(&w, 60).await;
    let elsewhere = w.room(w.bob, "elsewhere", false).await;
    w.say(w.bob, &elsewhere, "not here").await;

    let recent = w
        .history(room.id)
        .await
        .messages_after(None, RECENT_MESSAGES)
        .await
        .expect("read");
    assert_eq!(bodies(&recent), numbered(10..60));
    assert!(recent.windows(2).all(|pair| pair[0].id < pair[1].id));
}

#[tokio::test]
async fn catching_up_after_a_message_returns_only_newer_ones_a_page_at_a_time() {
    let w = World::new().await;
    let (room, posted) = room_with_messages(&w, 60).await;

    let newer = w
        .history(room.id)
        .await
        .messages_after(Some(posted[55].id), RECENT_MESSAGES)
        .await
        .expect("read");
    assert_eq!(bodies(&newer), numbered(56..60));
    let first_page = w
        .history(room.id)
        .await
        .messages_after(Some(posted[5].id), 3)
        .await
        .expect("read");
    assert_eq!(
        bodies(&first_page),
        numbered(6..9),
        "the oldest newer ones first"
    );
    let up_to_date = w
        .history(room.id)
        .await
        .messages_after(Some(posted[59].id), 50)
        .await
        .expect("read");
    assert!(up_to_date.is_empty());
}

#[tokio::test]
async fn history_pages_backwards_from_the_oldest_message_shown() {
    let w = World::new().await;
    let (room, posted) = room_with_messages(&w, 60).await;

    let shown = w
        .history(room.id)
        .await
        .messages_after(None, RECENT_MESSAGES)
        .await
        .expect("read");
    let older = w
        .history(room.id)
        .await
        .messages_before(shown[0].id, 6)
        .await
        .expect("read");
    assert_eq!(bodies(&older), numbered(4..10));
    let oldest = w
        .history(room.id)
        .await
        .messages_before(older[0].id, 6)
        .await
        .expect("read");
    assert_eq!(bodies(&oldest), numbered(0..4));
    let none = w
        .history(room.id)
        .await
        .messages_before(posted[0].id, 6)
        .await
        .expect("read");
    assert!(none.is_empty());
}

#[tokio::test]
async fn a_page_holds_at_least_one_and_at_most_a_hundred_messages() {
    let w = World::new().await;
    let (room, posted) = room_with_messages(&w, 101).await;
    let end = posted[100].id + 1;

    let one = w
        .history(room.id)
        .await
        .messages_before(end, 0)
        .await
        .expect("read");
    assert_eq!(bodies(&one), numbered(100..101));
    let capped = w
        .history(room.id)
        .await
        .messages_before(end, 1_000)
        .await
        .expect("read");
    assert_eq!(bodies(&capped), numbered(1..101));
}
