//! Editing, deleting and reacting to messages: who may, what is stored, what the room hears.

use domain::chat::{ChatError, Message, RECENT_MESSAGES};
use model::chat::{
    MessageBody, Reaction, ReactionCount,
    channel::{MessageDeleted, MessageEdited, React, ReactionChanged, topic as room_topic},
};
use pubsub::Subscriber;

use crate::helpers::{World, assert_nothing_broadcast, next_broadcast};

fn body(text: &str) -> MessageBody {
    MessageBody::parse(text).expect("a valid message")
}

fn react(message: &Message, reaction: Reaction, on: bool) -> React {
    React {
        message_id: message.id,
        reaction,
        on,
    }
}

/// The message as `reader` reads it now.
async fn read_back(w: &World, reader: domain::Scope, message: &Message) -> Message {
    w.chat()
        .view_room(reader, message.room_id)
        .await
        .expect("may read the room")
        .message(message.id)
        .await
        .expect("the message is there")
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
async fn reactions_are_counted_once_a_person_and_marked_for_their_reader() {
    let w = World::new().await;
    let room = w.room(w.alice, "lobby", false).await;
    let said = w.say(w.alice, &room, "cake in the kitchen").await;
    let chat = w.chat();
    let (listener, mut subscription) = Subscriber::new();
    w.pubsub.subscribe(&room_topic(room.id), &listener);

    let first = chat
        .react(w.bob, room.id, react(&said, Reaction::Party, true))
        .await
        .expect("Bob reacts");
    let expected = ReactionChanged {
        message_id: said.id,
        reaction: Reaction::Party,
        user_id: w.bob.user_id,
        on: true,
        count: 1,
    };
    assert_eq!(first, expected);
    let heard = next_broadcast(&mut subscription).await;
    assert_eq!(heard.event, "reaction_changed");
    let heard: ReactionChanged = serde_json::from_value(heard.payload.clone()).expect("type");
    assert_eq!(heard, expected);

    // The same reaction twice is still one, and the room hears nothing of it.
    let twice = chat
        .react(w.bob, room.id, react(&said, Reaction::Party, true))
        .await
        .expect("answers");
    assert_eq!(twice.count, 1);
    assert_nothing_broadcast(&w.pubsub, &room_topic(room.id), &mut subscription).await;

    for (who, reaction) in [
        (w.alice, Reaction::Party),
        (w.alice, Reaction::ThumbsUp),
        (w.admin, Reaction::Party),
    ] {
        chat.react(who, room.id, react(&said, reaction, true))
            .await
            .expect("reacts");
    }
    let as_bob = read_back(&w, w.bob, &said).await.reactions;
    assert_eq!(
        as_bob,
        [
            ReactionCount {
                reaction: Reaction::ThumbsUp,
                count: 1,
                mine: false
            },
            ReactionCount {
                reaction: Reaction::Party,
                count: 3,
                mine: true
            },
        ],
        "in the set's order, Bob's own marked"
    );
    let in_history = w
        .history(room.id)
        .await
        .messages_before(i64::MAX, 10)
        .await
        .expect("read");
    assert_eq!(
        in_history[0].reactions,
        [
            ReactionCount {
                reaction: Reaction::ThumbsUp,
                count: 1,
                mine: true
            },
            ReactionCount {
                reaction: Reaction::Party,
                count: 3,
                mine: true
            },
        ],
        "as Alice reads it"
    );

    let taken_back = chat
        .react(w.bob, room.id, react(&said, Reaction::Party, false))
        .await
        .expect("takes it back");
    assert_eq!((taken_back.on, taken_back.count), (false, 2));
    let never_given = chat
        .react(w.bob, room.id, react(&said, Reaction::Sad, false))
        .await
        .expect("answers");
    assert_eq!(never_given.count, 0);
    let as_bob = read_back(&w, w.bob, &said).await.reactions;
    assert!(as_bob.iter().all(|count| !count.mine), "{as_bob:?}");
}

#[tokio::test]
async fn reacting_at_once_from_many_people_loses_no_count() {
    let w = World::new().await;
    let room = w.room(w.alice, "lobby", false).await;
    let said = w.say(w.alice, &room, "vote").await;
    let chat = w.chat();
    let voters = [w.alice, w.bob, w.admin];
    let votes = voters.map(|who| {
        let chat = chat.clone();
        let react = react(&said, Reaction::ThumbsUp, true);
        tokio::spawn(async move { chat.react(who, room.id, react).await })
    });
    let mut counts = Vec::new();
    for vote in votes {
        counts.push(vote.await.expect("ran").expect("counted").count);
    }
    counts.sort_unstable();
    assert_eq!(
        counts,
        [1, 2, 3],
        "each answer counts the reactions before it"
    );
}

// On several threads, as the server runs: on one, a task is never interrupted between its
// commit and its announcement, and the race this guards against cannot happen.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_room_hears_changes_to_a_message_in_the_order_they_were_saved() {
    let w = World::new().await;
    let room = w.room(w.alice, "lobby", false).await;
    let said = w.say(w.alice, &room, "vote").await;
    let (listener, mut subscription) = Subscriber::new();
    w.pubsub.subscribe(&room_topic(room.id), &listener);
    let chat = w.chat();
    // Three people each give and take back their vote five times, all at once.
    let message_id = said.id;
    let voters = [w.alice, w.bob, w.admin].map(|who| {
        let chat = chat.clone();
        tokio::spawn(async move {
            for round in 0..10 {
                let react = React {
                    message_id,
                    reaction: Reaction::ThumbsUp,
                    on: round % 2 == 0,
                };
                chat.react(who, room.id, react).await.expect("counted");
            }
        })
    });
    for voter in voters {
        voter.await.expect("ran");
    }
    // Each broadcast's count is the one before it, one up or down as it says: none overtook
    // another.
    let mut count = 0;
    for n in 0..30 {
        let heard = next_broadcast(&mut subscription).await;
        let change: ReactionChanged =
            serde_json::from_value(heard.payload.clone()).expect("the type");
        count += if change.on { 1 } else { -1 };
        assert_eq!(change.count, count, "broadcast {n} came out of order");
    }
    assert_eq!(count, 0);
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
