//! Editing, deleting and reacting to messages: who may, what is stored, what the room hears.

use domain::chat::{ChatError, RECENT_MESSAGES};
use model::chat::{
    MessageBody, Reaction,
    channel::{MessageDeleted, MessageEdited, topic as room_topic},
};
use pubsub::Subscriber;

use crate::helpers::{World, assert_nothing_broadcast, next_broadcast, react, read_back};

fn body(text: &str) -> MessageBody {
    MessageBody::parse(text).expect("a valid message")
}

#[tokio::test]
async fn an_author_edits_their_message_and_the_room_hears_the_new_text() {
    let w = World::new().await;
    let room = w.room(w.alice, "lobby", false).await;
    let said = w.say(w.bob, &room, "helo").await;
    let (listener, mut subscription) = Subscriber::new();
    w.pubsub.subscribe(&room_topic(room.id), &listener);

    let edited = w
        .chat()
        .edit_message(w.bob, room.id, said.id, body("hello"))
        .await
        .expect("Bob edits his own message");
    assert_eq!(
        (edited.message_id, edited.body.as_str()),
        (said.id, "hello")
    );

    let heard = next_broadcast(&mut subscription).await;
    assert_eq!(heard.event, "message_edited");
    let heard: MessageEdited = serde_json::from_value(heard.payload.clone()).expect("the type");
    assert_eq!(heard, edited);

    let stored = read_back(&w, w.alice, &said).await;
    assert_eq!(stored.body, "hello");
    assert_eq!(stored.edited_at, Some(edited.edited_at));
    assert!(stored.edited_at.expect("edited") >= said.inserted_at);
    assert!(said.edited_at.is_none() && !stored.deleted);
}

#[tokio::test]
async fn nobody_else_may_edit_a_message_not_even_an_admin() {
    let w = World::new().await;
    let room = w.room(w.alice, "lobby", false).await;
    let said = w.say(w.alice, &room, "mine").await;
    let (listener, mut subscription) = Subscriber::new();
    w.pubsub.subscribe(&room_topic(room.id), &listener);

    for someone in [w.bob, w.admin] {
        let edit = w
            .chat()
            .edit_message(someone, room.id, said.id, body("theirs"))
            .await;
        assert!(matches!(edit, Err(ChatError::NotAuthor)), "{edit:?}");
    }
    assert_eq!(read_back(&w, w.alice, &said).await.body, "mine");
    assert_nothing_broadcast(&w.pubsub, &room_topic(room.id), &mut subscription).await;
}

#[tokio::test]
async fn a_message_is_found_only_in_its_own_room() {
    let w = World::new().await;
    let room = w.room(w.alice, "lobby", false).await;
    let other = w.room(w.alice, "other", false).await;
    let said = w.say(w.alice, &room, "here").await;

    let chat = w.chat();
    let edit = chat
        .edit_message(w.alice, other.id, said.id, body("moved"))
        .await;
    assert!(matches!(edit, Err(ChatError::NotFound)), "{edit:?}");
    let delete = chat.delete_message(w.alice, other.id, said.id).await;
    assert!(matches!(delete, Err(ChatError::NotFound)), "{delete:?}");
    let reacted = chat
        .react(w.alice, other.id, react(&said, Reaction::Heart, true))
        .await;
    assert!(matches!(reacted, Err(ChatError::NotFound)), "{reacted:?}");
    let missing = chat
        .edit_message(w.alice, room.id, said.id + 1_000, body("x"))
        .await;
    assert!(matches!(missing, Err(ChatError::NotFound)), "{missing:?}");
}

#[tokio::test]
async fn a_deleted_message_is_a_tombstone_without_its_words_or_reactions() {
    let w = World::new().await;
    let room = w.room(w.alice, "lobby", false).await;
    let before = w.say(w.alice, &room, "before").await;
    let said = w.say(w.bob, &room, "a secret I regret").await;
    let after = w.say(w.alice, &room, "after").await;
    let chat = w.chat();
    chat.react(w.alice, room.id, react(&said, Reaction::Laugh, true))
        .await
        .expect("reacts");
    let (listener, mut subscription) = Subscriber::new();
    w.pubsub.subscribe(&room_topic(room.id), &listener);

    let deleted = chat
        .delete_message(w.bob, room.id, said.id)
        .await
        .expect("Bob deletes his own message");
    assert_eq!(
        deleted,
        MessageDeleted {
            message_id: said.id
        }
    );
    let heard = next_broadcast(&mut subscription).await;
    assert_eq!(heard.event, "message_deleted");
    assert_eq!(heard.payload, serde_json::json!({ "message_id": said.id }));

    let history = w
        .history(room.id)
        .await
        .messages_after(None, RECENT_MESSAGES)
        .await
        .expect("read");
    let ids: Vec<i64> = history.iter().map(|m| m.id).collect();
    assert_eq!(
        ids,
        [before.id, said.id, after.id],
        "the tombstone keeps its place"
    );
    let tombstone = &history[1];
    assert!(tombstone.deleted);
    assert_eq!(tombstone.body, "", "the words are gone from the database");
    assert!(tombstone.reactions.is_empty());
    assert_eq!(tombstone.author_id, w.bob.user_id);

    // Gone is gone: no second delete, no edit, no reaction.
    let again = chat.delete_message(w.bob, room.id, said.id).await;
    assert!(matches!(again, Err(ChatError::NotFound)), "{again:?}");
    let edit = chat
        .edit_message(w.bob, room.id, said.id, body("back"))
        .await;
    assert!(matches!(edit, Err(ChatError::NotFound)), "{edit:?}");
    let reacted = chat
        .react(w.alice, room.id, react(&said, Reaction::Heart, true))
        .await;
    assert!(matches!(reacted, Err(ChatError::NotFound)), "{reacted:?}");
}

#[tokio::test]
async fn only_the_author_or_an_admin_deletes_and_an_admin_anywhere() {
    let w = World::new().await;
    let public = w.room(w.alice, "lobby", false).await;
    let said = w.say(w.alice, &public, "mine").await;
    let chat = w.chat();
    let by_bob = chat.delete_message(w.bob, public.id, said.id).await;
    assert!(matches!(by_bob, Err(ChatError::NotAuthor)), "{by_bob:?}");
    assert!(!read_back(&w, w.alice, &said).await.deleted);

    // A private room the admin does not belong to: they moderate it all the same.
    let private = w.room(w.alice, "hideout", true).await;
    let hidden = w.say(w.alice, &private, "spam").await;
    chat.delete_message(w.admin, private.id, hidden.id)
        .await
        .expect("an admin deletes anyone's message");
    assert!(read_back(&w, w.alice, &hidden).await.deleted);

    // An outsider learns nothing of a private room's messages.
    let kept = w.say(w.alice, &private, "still here").await;
    let outsider = chat.delete_message(w.bob, private.id, kept.id).await;
    assert!(
        matches!(outsider, Err(ChatError::Unauthorized)),
        "{outsider:?}"
    );
    let reacted = chat
        .react(w.bob, private.id, react(&kept, Reaction::Heart, true))
        .await;
    assert!(
        matches!(reacted, Err(ChatError::Unauthorized)),
        "{reacted:?}"
    );
}

#[tokio::test]
async fn the_room_list_shows_a_deleted_last_message_and_does_not_count_it_unread() {
    let w = World::new().await;
    let room = w.room(w.alice, "lobby", false).await;
    w.say(w.bob, &room, "one").await;
    let last = w.say(w.bob, &room, "two").await;
    let chat = w.chat();
    chat.delete_message(w.bob, room.id, last.id)
        .await
        .expect("deleted");

    let summary = chat.room_summary(w.alice, room.id).await.expect("listed");
    assert_eq!(summary.unread_count, 1, "the tombstone waits for nobody");
    let line = summary.last_message.expect("a last message");
    assert!(line.deleted);
    assert_eq!(line.preview, "");
}

#[tokio::test]
async fn a_deleted_message_is_not_counted_in_anyones_digest() {
    let w = World::new().await;
    let room = w.room(w.alice, "lobby", false).await;
    let kept = w.say(w.alice, &room, "kept").await;
    let gone = w.say(w.alice, &room, "gone").await;
    w.chat()
        .delete_message(w.alice, room.id, gone.id)
        .await
        .expect("deleted");
    let since = kept.inserted_at.timestamp_millis() - 1;
    let until = gone.inserted_at.timestamp_millis() + 1;
    let days = domain::chat::activity(w.db(), w.alice.user_id, since, until)
        .await
        .expect("read");
    let counted: Vec<(i64, i64)> = days.iter().map(|day| (day.messages, day.yours)).collect();
    assert_eq!(counted, [(1, 1)], "{days:?}");
}
