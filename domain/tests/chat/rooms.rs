use domain::chat::ChatError;
use model::chat::channel::{ROOMS_TOPIC, topic as room_topic};
use pubsub::Subscriber;

use crate::helpers::{World, assert_nothing_broadcast, next_broadcast, room_name};

#[tokio::test]
async fn rooms_are_listed_by_name_with_their_member_and_unread_counts() {
    let w = World::new().await;
    let general = w.room(w.admin, "general", false).await;
    let zeta = w.room(w.alice, "Zeta", true).await;
    w.chat()
        .enter_room(w.alice, general.id)
        .await
        .expect("a public room lets anyone in");
    w.say(w.bob, &general, "one").await;
    w.say(w.bob, &general, "two").await;
    w.say(w.alice, &general, "mine").await;

    let alice_sees = w.chat().list_rooms(w.alice).await.expect("listed");
    let lines: Vec<_> = alice_sees
        .iter()
        .map(|s| (s.room.name.as_str(), s.member_count, s.unread_count))
        .collect();
    assert_eq!(
        lines,
        [("general", 2, 2), ("Zeta", 1, 0)],
        "ordered by name whatever its case; her own message is not unread"
    );
    assert_eq!(alice_sees[1].room, zeta);
    let last = alice_sees[0]
        .last_message
        .as_ref()
        .expect("general has messages");
    assert_eq!(
        (last.author_name.as_str(), last.preview.as_str()),
        ("Alice", "mine")
    );
    assert_eq!(alice_sees[1].last_message, None, "nobody wrote in Zeta");

    let bob_sees = w.chat().list_rooms(w.bob).await.expect("listed");
    let lines: Vec<_> = bob_sees
        .iter()
        .map(|s| (s.room.name.as_str(), s.unread_count))
        .collect();
    assert_eq!(
        lines,
        [("general", 1)],
        "a private room of others is not listed"
    );

    // The newest message of each room, a long one as its preview on one line.
    w.chat()
        .invite(w.alice, zeta.id, w.bob.user_id)
        .await
        .expect("Alice invites Bob");
    let long = format!("{}\n\nend", "word ".repeat(30));
    w.say(w.bob, &zeta, &long).await;
    let page = w.chat().list_rooms(w.alice).await.expect("listed");
    let zeta_line = page[1].last_message.as_ref().expect("Bob wrote in Zeta");
    assert_eq!(zeta_line.author_name, "Bob");
    assert!(
        zeta_line.preview.ends_with("word…"),
        "{}",
        zeta_line.preview
    );
    assert!(!zeta_line.preview.contains('\n'));
}

#[tokio::test]
async fn a_room_name_is_taken_whatever_its_letter_case() {
    let w = World::new().await;
    w.room(w.alice, "Général", false).await;
    let taken = w
        .chat()
        .create_room(w.bob, room_name("gÉNÉRAL"), true)
        .await;
    assert!(matches!(taken, Err(ChatError::NameTaken)), "{taken:?}");

    let other = w.room(w.bob, "random", false).await;
    let renamed = w
        .chat()
        .rename_room(w.bob, other.id, room_name("GÉNÉRAL"))
        .await;
    assert!(matches!(renamed, Err(ChatError::NameTaken)), "{renamed:?}");
}

#[tokio::test]
async fn a_private_room_refuses_non_members_until_they_are_invited() {
    let w = World::new().await;
    let secret = w.room(w.alice, "secret", true).await;

    let entered = w.chat().enter_room(w.bob, secret.id).await;
    assert!(
        matches!(entered, Err(ChatError::Unauthorized)),
        "{entered:?}"
    );
    let body = model::chat::MessageBody::parse("hi").expect("valid");
    let posted = w.chat().post_message(w.bob, secret.id, body).await;
    assert!(matches!(posted, Err(ChatError::Unauthorized)), "{posted:?}");
    let self_invite = w.chat().invite(w.bob, secret.id, w.bob.user_id).await;
    assert!(
        matches!(self_invite, Err(ChatError::Unauthorized)),
        "{self_invite:?}"
    );

    let unknown = w.chat().invite(w.alice, secret.id, 999_999).await;
    assert!(
        matches!(unknown, Err(ChatError::UnknownUser)),
        "{unknown:?}"
    );
    for _ in 0..2 {
        w.chat()
            .invite(w.alice, secret.id, w.bob.user_id)
            .await
            .expect("inviting is allowed to the creator, and twice is harmless");
    }
    let entered = w
        .chat()
        .enter_room(w.bob, secret.id)
        .await
        .expect("a member may enter");
    assert_eq!(entered.room(), &secret);
    let listed = w.chat().list_rooms(w.bob).await.expect("listed");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].member_count, 2);

    let absent = w.chat().enter_room(w.bob, secret.id + 100).await;
    assert!(matches!(absent, Err(ChatError::NotFound)), "{absent:?}");
}

#[tokio::test]
async fn only_the_creator_or_an_admin_may_rename_or_delete_a_room() {
    let w = World::new().await;
    let public = w.room(w.alice, "alice's", false).await;
    let private = w.room(w.alice, "alice's secret", true).await;

    let renamed = w
        .chat()
        .rename_room(w.bob, public.id, room_name("bob's"))
        .await;
    assert!(matches!(renamed, Err(ChatError::Forbidden)), "{renamed:?}");
    let deleted = w.chat().delete_room(w.bob, public.id).await;
    assert!(matches!(deleted, Err(ChatError::Forbidden)), "{deleted:?}");
    let invited = w.chat().invite(w.bob, public.id, w.bob.user_id).await;
    assert!(matches!(invited, Err(ChatError::Forbidden)), "{invited:?}");
    let hidden = w.chat().delete_room(w.bob, private.id).await;
    assert!(matches!(hidden, Err(ChatError::Unauthorized)), "{hidden:?}");

    let by_creator = w
        .chat()
        .rename_room(w.alice, public.id, room_name("a"))
        .await
        .expect("the creator may rename");
    assert_eq!(by_creator.name, "a");
    let by_admin = w
        .chat()
        .rename_room(w.admin, public.id, room_name("b"))
        .await
        .expect("an admin may rename");
    assert_eq!(by_admin.name, "b");
    for room in [&public, &private] {
        w.chat()
            .delete_room(w.admin, room.id)
            .await
            .expect("an admin may delete any room");
    }
    let gone = w
        .chat()
        .rename_room(w.alice, public.id, room_name("c"))
        .await;
    assert!(matches!(gone, Err(ChatError::NotFound)), "{gone:?}");
    assert!(
        w.chat()
            .list_rooms(w.alice)
            .await
            .expect("listed")
            .is_empty()
    );
}

#[tokio::test]
async fn room_changes_are_announced_on_the_room_and_public_ones_on_the_room_list() {
    let w = World::new().await;
    let (listener, mut list) = Subscriber::new();
    w.pubsub.subscribe(ROOMS_TOPIC, &listener);

    let public = w.room(w.alice, "lobby", false).await;
    let created = next_broadcast(&mut list).await;
    assert_eq!(created.event, "room_created");
    assert_eq!(created.payload["room"]["name"], "lobby");
    let private = w.room(w.alice, "hideout", true).await;
    assert_nothing_broadcast(&w.pubsub, ROOMS_TOPIC, &mut list).await;

    let (member, mut in_room) = Subscriber::new();
    w.pubsub.subscribe(&room_topic(public.id), &member);
    w.pubsub.subscribe(&room_topic(private.id), &member);
    w.chat()
        .rename_room(w.alice, public.id, room_name("hall"))
        .await
        .expect("renamed");
    for subscription in [&mut in_room, &mut list] {
        let renamed = next_broadcast(subscription).await;
        assert_eq!(renamed.event, "room_renamed");
        assert_eq!(renamed.payload["room"]["name"], "hall");
        assert_eq!(renamed.payload["room"]["id"], public.id);
    }
    w.chat()
        .delete_room(w.alice, public.id)
        .await
        .expect("deleted");
    for subscription in [&mut in_room, &mut list] {
        let deleted = next_broadcast(subscription).await;
        assert_eq!(deleted.event, "room_deleted");
        assert_eq!(deleted.payload, serde_json::json!({ "room_id": public.id }));
    }

    w.chat()
        .rename_room(w.alice, private.id, room_name("den"))
        .await
        .expect("renamed");
    assert_eq!(next_broadcast(&mut in_room).await.event, "room_renamed");
    assert_nothing_broadcast(&w.pubsub, ROOMS_TOPIC, &mut list).await;
}

#[tokio::test]
async fn an_admin_reads_any_rooms_names_and_nobody_else_does() {
    let w = World::new().await;
    let public = w.room(w.alice, "lobby", false).await;
    let private = w.room(w.bob, "secret plans", true).await;
    let chat = w.chat();
    let names = chat
        .room_names(w.admin, &[public.id, private.id, i64::MAX])
        .await
        .expect("an admin may");
    assert_eq!(names.len(), 2, "a room that does not exist has no name");
    assert_eq!(names[&public.id], "lobby");
    assert_eq!(names[&private.id], "secret plans", "private ones too");
    let refused = chat.room_names(w.alice, &[public.id]).await;
    assert!(matches!(refused, Err(ChatError::Forbidden)), "{refused:?}");
    assert!(
        chat.room_names(w.admin, &[])
            .await
            .expect("none")
            .is_empty()
    );
}
