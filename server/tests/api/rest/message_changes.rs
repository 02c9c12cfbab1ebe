//! v2's edits, deletes and reactions: who may, what garbage gets, and what the room's open
//! sockets hear.

use serde_json::json;

use reqwest::Method;

use super::{Client, send, sign_in};
use crate::{
    chat::member,
    helpers::{spawn_app, spawn_app_with},
};

#[tokio::test]
async fn an_author_edits_and_deletes_their_message_and_the_rooms_sockets_hear_it() {
    let app = spawn_app().await;
    let (ada, _) = Client::register(&app, "ada@example.com", "read write").await; // an admin
    let mut listener = member(&app, "Bob").await;
    let bob = Client {
        app: &app,
        token: sign_in(&app, "bob@example.com", "read write").await,
    };
    let (cy, _) = Client::register(&app, "cy@example.com", "read write").await;
    let room = ada
        .post("/api/v2/rooms", json!({ "name": "general" }))
        .await;
    let room_id = room.body["data"]["id"].as_i64().expect("an id");
    let topic = model::chat::channel::topic(room_id);
    listener.socket.join(&topic, json!({})).await;
    let messages = format!("/api/v2/rooms/{room_id}/messages");
    let posted = bob.post(&messages, json!({ "body": "helo" })).await;
    let message = posted.header("location").expect("a location").to_owned();
    let fresh = &posted.body["data"];
    assert_eq!(
        (&fresh["edited_at"], &fresh["deleted"], &fresh["reactions"]),
        (&json!(null), &json!(false), &json!([]))
    );

    for other in [&ada, &cy] {
        let refused = other.patch(&message, json!({ "body": "hijacked" })).await;
        assert_eq!((refused.status, refused.problem()), (403, "forbidden"));
    }
    let blank = bob.patch(&message, json!({ "body": " " })).await;
    assert_eq!((blank.status, blank.problem()), (422, "invalid"));
    assert!(blank.body["errors"]["body"].is_string());
    let unknown_field = bob.patch(&message, json!({ "text": "hello" })).await;
    assert_eq!(unknown_field.status, 422, "{}", unknown_field.body);

    let edited = bob.patch(&message, json!({ "body": "hello" })).await;
    assert_eq!(edited.status, 200, "{}", edited.body);
    assert_eq!(edited.body["data"]["body"], "hello");
    assert!(edited.body["data"]["edited_at"].is_string());
    let (_, _, heard) = listener.socket.event(&topic, "message_edited").await;
    assert_eq!(heard["body"], "hello");
    assert_eq!(heard["edited_at"], edited.body["data"]["edited_at"]);

    let refused = cy.delete(&message).await;
    assert_eq!((refused.status, refused.problem()), (403, "forbidden"));
    assert_eq!(bob.delete(&message).await.status, 204);
    let (_, _, heard) = listener.socket.event(&topic, "message_deleted").await;
    assert_eq!(heard["message_id"], fresh["id"]);
    let tombstone = cy.get(&message).await;
    assert_eq!(
        (
            &tombstone.body["data"]["deleted"],
            &tombstone.body["data"]["body"]
        ),
        (&json!(true), &json!(""))
    );
    for gone in [
        bob.patch(&message, json!({ "body": "back" })).await,
        bob.delete(&message).await,
        bob.put(&format!("{message}/reactions/heart")).await,
    ] {
        assert_eq!((gone.status, gone.problem()), (404, "not_found"));
    }

    // An admin moderates anyone's message.
    let spam = cy.post(&messages, json!({ "body": "spam" })).await;
    let spam = spam.header("location").expect("a location").to_owned();
    assert_eq!(ada.delete(&spam).await.status, 204);
}

#[tokio::test]
async fn reactions_are_given_once_taken_back_and_marked_as_the_callers_own() {
    let app = spawn_app().await;
    let (ada, _) = Client::register(&app, "ada@example.com", "read write").await;
    let (bob, _) = Client::register(&app, "bob@example.com", "read write").await;
    let room = ada
        .post("/api/v2/rooms", json!({ "name": "general" }))
        .await;
    let room_id = room.body["data"]["id"].as_i64().expect("an id");
    let posted = ada
        .post(
            &format!("/api/v2/rooms/{room_id}/messages"),
            json!({ "body": "shipped" }),
        )
        .await;
    let message = posted.header("location").expect("a location").to_owned();
    let party = format!("{message}/reactions/party");

    let given = bob.put(&party).await;
    assert_eq!(given.status, 200, "{}", given.body);
    let mine = json!([{ "reaction": "party", "count": 1, "mine": true }]);
    assert_eq!(given.body["data"]["reactions"], mine);
    assert_eq!(
        bob.put(&party).await.body["data"]["reactions"],
        mine,
        "once a person"
    );
    assert_eq!(
        ada.get(&message).await.body["data"]["reactions"],
        json!([{ "reaction": "party", "count": 1, "mine": false }])
    );
    for garbage in ["poo", "Party", "%F0%9F%8E%89", "party%00"] {
        let refused = bob.put(&format!("{message}/reactions/{garbage}")).await;
        assert_eq!(
            (refused.status, refused.problem()),
            (400, "bad_request"),
            "{garbage}"
        );
    }
    let taken = bob.delete(&party).await;
    assert_eq!(taken.status, 200, "{}", taken.body);
    assert_eq!(taken.body["data"]["reactions"], json!([]));
    let never_given = bob.delete(&party).await;
    assert_eq!(never_given.body["data"]["reactions"], json!([]));

    // A read-only token changes nothing; an outsider of a private room finds nothing.
    let reader = Client {
        app: &app,
        token: sign_in(&app, "bob@example.com", "read").await,
    };
    let refused = reader.put(&party).await;
    assert_eq!(
        (refused.status, refused.problem()),
        (403, "insufficient_scope")
    );
    let private = ada
        .post(
            "/api/v2/rooms",
            json!({ "name": "staff", "visibility": "private" }),
        )
        .await;
    let private_id = private.body["data"]["id"].as_i64().expect("an id");
    let secret = ada
        .post(
            &format!("/api/v2/rooms/{private_id}/messages"),
            json!({ "body": "secret" }),
        )
        .await;
    let secret = secret.header("location").expect("a location").to_owned();
    for outsider in [
        bob.put(&format!("{secret}/reactions/heart")).await,
        bob.patch(&secret, json!({ "body": "x" })).await,
        bob.delete(&secret).await,
    ] {
        assert_eq!((outsider.status, outsider.problem()), (404, "not_found"));
    }
}

#[tokio::test]
async fn changes_over_the_api_spend_the_chat_budget_and_a_revoked_token_changes_nothing() {
    let app = spawn_app_with(|settings| {
        settings.limits.messages_per_second = 1;
        settings.limits.message_burst = 3;
    })
    .await;
    let (ada, _) = Client::register(&app, "ada@example.com", "read write").await;
    let room = ada
        .post("/api/v2/rooms", json!({ "name": "general" }))
        .await;
    let room_id = room.body["data"]["id"].as_i64().expect("an id");
    let posted = ada
        .post(
            &format!("/api/v2/rooms/{room_id}/messages"),
            json!({ "body": "hi" }),
        )
        .await;
    let message = posted.header("location").expect("a location").to_owned();
    let heart = format!("{message}/reactions/heart");
    // The post spent one of three; two more changes pass, the next is refused.
    assert_eq!(ada.put(&heart).await.status, 200);
    assert_eq!(
        ada.patch(&message, json!({ "body": "edited" }))
            .await
            .status,
        200
    );
    for refused in [ada.delete(&heart).await, ada.delete(&message).await] {
        assert_eq!((refused.status, refused.problem()), (429, "rate_limited"));
        assert!(refused.header("retry-after").is_some());
    }

    // Bob's token, revoked (his session at the API ended): it opens nothing, so it changes
    // nothing.
    let (bob, _) = Client::register(&app, "bob@example.com", "read write").await;
    let list = send(
        &app,
        Method::GET,
        "/api/v2/tokens",
        Some(&bob.token),
        None,
        &[],
    )
    .await;
    let bobs = list.body["data"][0]["id"].as_i64().expect("an id");
    assert_eq!(
        bob.delete(&format!("/api/v2/tokens/{bobs}")).await.status,
        204
    );
    let after = bob.put(&heart).await;
    assert_eq!((after.status, after.problem()), (401, "unauthorized"));
    let kept = ada.get(&message).await;
    assert_eq!(kept.body["data"]["body"], "edited");
    assert_eq!(
        kept.body["data"]["reactions"],
        json!([{ "reaction": "heart", "count": 1, "mine": true }])
    );
}
