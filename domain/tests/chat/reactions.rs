//! Reactions: counted once a person, marked for their reader, and heard by the room in the
//! order they were saved.

use model::chat::{
    Reaction, ReactionCount,
    channel::{React, ReactionChanged, topic as room_topic},
};
use pubsub::Subscriber;

use crate::helpers::{World, assert_nothing_broadcast, next_broadcast, react, read_back};

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
