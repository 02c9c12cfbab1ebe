//! Changing what was said: editing and deleting messages, reactions — who may, what everyone in
//! the room sees, and what garbage gets.

use model::{
    chat::channel::refusals,
    wire::{RATE_LIMITED, Status},
};
use serde_json::json;

use super::{member, post, room};
use crate::helpers::{spawn_app, spawn_app_with};

#[tokio::test]
async fn an_author_edits_their_message_live_for_everyone_and_nobody_else_may() {
    let app = spawn_app().await;
    let mut ada = member(&app, "Ada").await; // the first account: an admin
    let mut bob = member(&app, "Bob").await;
    let topic = room(&app, ada.id, "general", false).await;
    let said = post(&app, bob.id, &topic, "helo").await;
    let (ada_ref, _) = ada.socket.join(&topic, json!({})).await;
    let (bob_ref, _) = bob.socket.join(&topic, json!({})).await;

    let edit = json!({"message_id": said, "body": "hello"});
    let refused = ada
        .socket
        .push(&ada_ref, &topic, "edit_message", edit.clone())
        .await;
    assert_eq!(
        refused.error(),
        &json!({"reason": refusals::NOT_YOURS}),
        "not even an admin puts words in someone's mouth"
    );
    let reply = bob
        .socket
        .push(&bob_ref, &topic, "edit_message", edit)
        .await;
    let edited = reply.ok().clone();
    assert_eq!(
        (edited["message_id"].as_i64(), edited["body"].as_str()),
        (Some(said), Some("hello"))
    );
    for socket in [&mut ada.socket, &mut bob.socket] {
        let (_, _, heard) = socket.event(&topic, "message_edited").await;
        assert_eq!(heard, edited);
    }
    let (_, rejoined) = ada.socket.join(&topic, json!({})).await;
    let message = &rejoined.ok()["messages"][0];
    assert_eq!(message["body"], "hello");
    assert_eq!(message["edited_at"], edited["edited_at"], "shown as edited");
}

#[tokio::test]
async fn edits_and_deletes_of_garbage_or_of_messages_elsewhere_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let mut bob = member(&app, "Bob").await;
    let topic = room(&app, bob.id, "general", false).await;
    let elsewhere = room(&app, bob.id, "random", false).await;
    let said = post(&app, bob.id, &topic, "kept").await;
    let other_room = post(&app, bob.id, &elsewhere, "over there").await;
    let (join_ref, _) = bob.socket.join(&topic, json!({})).await;

    for (event, payload) in [
        ("edit_message", json!({"message_id": said, "body": "   "})),
        (
            "edit_message",
            json!({"message_id": said, "body": "x".repeat(4001)}),
        ),
    ] {
        let reply = bob.socket.push(&join_ref, &topic, event, payload).await;
        assert!(reply.error()["errors"]["body"].is_string(), "{reply:?}");
    }
    for (event, payload) in [
        ("edit_message", json!({"message_id": "one", "body": "x"})),
        ("edit_message", json!({"body": "x"})),
        ("delete_message", json!({"message_id": 1.5})),
        ("delete_message", json!({"message_id": null})),
        (
            "react",
            json!({"message_id": said, "reaction": "poo", "on": true}),
        ),
        (
            "react",
            json!({"message_id": said, "reaction": "heart", "on": "yes"}),
        ),
    ] {
        let reply = bob.socket.push(&join_ref, &topic, event, payload).await;
        assert_eq!(reply.error()["reason"], refusals::BAD_FIELDS, "{event}");
    }
    // A message of another room, or none at all, is not found through this one.
    for id in [other_room, i64::MAX, -1] {
        for (event, payload) in [
            ("edit_message", json!({"message_id": id, "body": "x"})),
            ("delete_message", json!({"message_id": id})),
            (
                "react",
                json!({"message_id": id, "reaction": "heart", "on": true}),
            ),
        ] {
            let reply = bob.socket.push(&join_ref, &topic, event, payload).await;
            assert_eq!(reply.error()["reason"], refusals::NOT_FOUND, "{event} {id}");
        }
    }
    let bodies: Vec<String> = domain::with_pool!(&app.db, |pool| {
        sqlx::query_scalar(
            "SELECT body FROM messages WHERE deleted_at IS NULL AND edited_at IS NULL ORDER BY id",
        )
        .fetch_all(pool)
        .await
    })
    .expect("read");
    assert_eq!(bodies, ["kept", "over there"]);
}

#[tokio::test]
async fn a_deleted_message_is_a_tombstone_for_everyone_deleted_by_its_author_or_an_admin() {
    let app = spawn_app().await;
    let mut ada = member(&app, "Ada").await; // the first account: an admin
    let mut bob = member(&app, "Bob").await;
    let mut cy = member(&app, "Cy").await;
    let topic = room(&app, bob.id, "general", false).await;
    let first = post(&app, bob.id, &topic, "oops").await;
    let second = post(&app, bob.id, &topic, "spam").await;
    let (ada_ref, _) = ada.socket.join(&topic, json!({})).await;
    let (bob_ref, _) = bob.socket.join(&topic, json!({})).await;
    let (cy_ref, _) = cy.socket.join(&topic, json!({})).await;

    let refused = cy
        .socket
        .push(
            &cy_ref,
            &topic,
            "delete_message",
            json!({"message_id": first}),
        )
        .await;
    assert_eq!(refused.error()["reason"], refusals::NOT_YOURS);

    let reply = bob
        .socket
        .push(
            &bob_ref,
            &topic,
            "delete_message",
            json!({"message_id": first}),
        )
        .await;
    assert_eq!(reply.ok(), &json!({"message_id": first}));
    let reply = ada
        .socket
        .push(
            &ada_ref,
            &topic,
            "delete_message",
            json!({"message_id": second}),
        )
        .await;
    assert_eq!(
        reply.ok(),
        &json!({"message_id": second}),
        "an admin moderates"
    );
    for id in [first, second] {
        let (_, _, heard) = cy.socket.event(&topic, "message_deleted").await;
        assert_eq!(heard, json!({"message_id": id}));
    }
    let again = bob
        .socket
        .push(
            &bob_ref,
            &topic,
            "delete_message",
            json!({"message_id": first}),
        )
        .await;
    assert_eq!(again.error()["reason"], refusals::NOT_FOUND, "gone is gone");

    let (_, rejoined) = cy.socket.join(&topic, json!({})).await;
    let messages = &rejoined.ok()["messages"];
    for (message, id) in messages
        .as_array()
        .expect("a list")
        .iter()
        .zip([first, second])
    {
        assert_eq!(message["id"], id, "the tombstone keeps its place");
        assert_eq!(
            (message["deleted"].as_bool(), message["body"].as_str()),
            (Some(true), Some(""))
        );
    }
}

#[tokio::test]
async fn reactions_are_counted_live_each_person_once_and_marked_as_the_readers_own() {
    let app = spawn_app().await;
    let mut ada = member(&app, "Ada").await;
    let mut bob = member(&app, "Bob").await;
    let topic = room(&app, ada.id, "general", false).await;
    let said = post(&app, ada.id, &topic, "shipped!").await;
    let (ada_ref, _) = ada.socket.join(&topic, json!({})).await;
    let (bob_ref, _) = bob.socket.join(&topic, json!({})).await;

    let party = |on: bool| json!({"message_id": said, "reaction": "party", "on": on});
    let reply = bob
        .socket
        .push(&bob_ref, &topic, "react", party(true))
        .await;
    let change =
        json!({"message_id": said, "reaction": "party", "user_id": bob.id, "on": true, "count": 1});
    assert_eq!(reply.ok(), &change);
    let (_, _, heard) = ada.socket.event(&topic, "reaction_changed").await;
    assert_eq!(heard, change);
    let twice = bob
        .socket
        .push(&bob_ref, &topic, "react", party(true))
        .await;
    assert_eq!(twice.ok()["count"], 1, "once a person");
    ada.socket
        .push(&ada_ref, &topic, "react", party(true))
        .await;

    // Joining again replaces the membership: later pushes go under the new join's ref.
    let (bob_ref, as_bob) = bob.socket.join(&topic, json!({})).await;
    assert_eq!(
        as_bob.ok()["messages"][0]["reactions"],
        json!([{"reaction": "party", "count": 2, "mine": true}])
    );
    let reply = bob
        .socket
        .push(&bob_ref, &topic, "react", party(false))
        .await;
    assert_eq!(reply.ok()["count"], 1);
    let (_, as_bob) = bob.socket.join(&topic, json!({})).await;
    assert_eq!(
        as_bob.ok()["messages"][0]["reactions"],
        json!([{"reaction": "party", "count": 1, "mine": false}])
    );
}

#[tokio::test]
async fn edits_deletes_and_reactions_spend_the_same_budget_as_posting() {
    let app = spawn_app_with(|settings| {
        settings.limits.messages_per_second = 1;
        settings.limits.message_burst = 3;
    })
    .await;
    let mut ada = member(&app, "Ada").await;
    let topic = room(&app, ada.id, "general", false).await;
    let said = post(&app, ada.id, &topic, "hi").await;
    let (join_ref, _) = ada.socket.join(&topic, json!({})).await;

    let heart = |on: bool| json!({"message_id": said, "reaction": "heart", "on": on});
    for (event, payload) in [
        ("react", heart(true)),
        ("react", heart(false)),
        (
            "edit_message",
            json!({"message_id": said, "body": "edited"}),
        ),
    ] {
        let reply = ada.socket.push(&join_ref, &topic, event, payload).await;
        assert_eq!(reply.status, Status::Ok, "{event}: {reply:?}");
    }
    for (event, payload) in [
        ("delete_message", json!({"message_id": said})),
        ("new_message", json!({"body": "more"})),
        ("react", heart(true)),
    ] {
        let reply = ada.socket.push(&join_ref, &topic, event, payload).await;
        assert_eq!(
            reply.error()["reason"],
            RATE_LIMITED,
            "{event}: one budget for every chat write"
        );
    }
    let kept: (String, bool) = domain::with_pool!(&app.db, |pool| {
        sqlx::query_as("SELECT body, deleted_at IS NULL FROM messages")
            .fetch_one(pool)
            .await
    })
    .expect("read");
    assert_eq!(
        kept,
        ("edited".to_owned(), true),
        "the refused delete deleted nothing"
    );
}
