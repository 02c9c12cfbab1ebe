//! `/rooms`, members and messages in each version, with the chat's rules, and a post reaching
//! the room's open sockets as a socket's post does.

use serde_json::{Value, json};

use super::{Client, sign_in};
use crate::{
    chat::member,
    helpers::{TestApp, spawn_app},
};

async fn people(app: &TestApp) -> (Client<'_>, Client<'_>, i64) {
    let (ada, _) = Client::register(app, "ada@example.com", "read write").await;
    let (bob, bob_id) = Client::register(app, "bob@example.com", "read write").await;
    (ada, bob, bob_id)
}

fn ids(list: &Value) -> Vec<i64> {
    list["data"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|item| item["id"].as_i64().expect("an id"))
        .collect()
}

#[tokio::test]
async fn v1_makes_renames_lists_by_page_and_deletes_rooms() {
    let app = spawn_app().await;
    let (ada, bob, _) = people(&app).await;
    let made = ada
        .post("/api/v1/rooms", json!({ "name": "general" }))
        .await;
    assert_eq!(made.status, 201, "{}", made.body);
    let id = made.body["data"]["id"].as_i64().expect("an id");
    assert_eq!(
        made.header("location"),
        Some(format!("/api/v1/rooms/{id}").as_str())
    );
    assert_eq!(made.body["data"]["private"], false);
    assert_eq!(made.body["data"]["member_count"], 1);
    let fetched = ada.get(made.header("location").expect("a location")).await;
    assert_eq!(fetched.body, made.body);

    for name in ["random", "music", "books"] {
        assert_eq!(
            ada.post("/api/v1/rooms", json!({ "name": name }))
                .await
                .status,
            201
        );
    }
    let page = bob.get("/api/v1/rooms?page=2&limit=3").await;
    assert_eq!(page.body["total"], 4);
    assert_eq!(ids(&page.body).len(), 1);
    assert!(page.body.get("meta").is_none(), "v1 has no cursors");

    let taken = ada
        .patch(&format!("/api/v1/rooms/{id}"), json!({ "name": "Random" }))
        .await;
    assert_eq!((taken.status, taken.problem()), (409, "conflict"));
    assert!(taken.body["errors"]["name"].is_string());
    let not_theirs = bob
        .patch(&format!("/api/v1/rooms/{id}"), json!({ "name": "bob's" }))
        .await;
    assert_eq!(
        (not_theirs.status, not_theirs.problem()),
        (403, "forbidden")
    );
    let renamed = ada
        .patch(&format!("/api/v1/rooms/{id}"), json!({ "name": "lobby" }))
        .await;
    assert_eq!(renamed.body["data"]["name"], "lobby");

    assert_eq!(bob.delete(&format!("/api/v1/rooms/{id}")).await.status, 403);
    let deleted = ada.delete(&format!("/api/v1/rooms/{id}")).await;
    assert_eq!((deleted.status, deleted.body.clone()), (204, Value::Null));
    assert_eq!(ada.get(&format!("/api/v1/rooms/{id}")).await.status, 404);
    assert_eq!(ada.delete(&format!("/api/v1/rooms/{id}")).await.status, 404);
}

#[tokio::test]
async fn a_private_room_does_not_exist_for_those_outside_it_until_they_are_invited() {
    let app = spawn_app().await;
    let (ada, bob, bob_id) = people(&app).await;
    let made = ada
        .post(
            "/api/v2/rooms",
            json!({ "name": "secret", "visibility": "private" }),
        )
        .await;
    assert_eq!(made.body["data"]["visibility"], "private");
    let id = made.body["data"]["id"].as_i64().expect("an id");
    for path in [
        format!("/api/v2/rooms/{id}"),
        format!("/api/v2/rooms/{id}/messages"),
        format!("/api/v2/rooms/{id}/members"),
        format!("/api/v1/rooms/{id}/messages"),
    ] {
        let hidden = bob.get(&path).await;
        assert_eq!(
            (hidden.status, hidden.problem()),
            (404, "not_found"),
            "{path}"
        );
    }
    let post = bob
        .post(
            &format!("/api/v2/rooms/{id}/messages"),
            json!({ "body": "hi" }),
        )
        .await;
    assert_eq!(post.status, 404);
    let rename = bob
        .patch(&format!("/api/v2/rooms/{id}"), json!({ "name": "mine" }))
        .await;
    assert_eq!(rename.status, 404, "managing it reveals nothing either");
    assert!(ids(&bob.get("/api/v2/rooms").await.body).is_empty());

    let nobody = ada
        .post(
            &format!("/api/v2/rooms/{id}/members"),
            json!({ "user_id": 999_999 }),
        )
        .await;
    assert_eq!((nobody.status, nobody.problem()), (422, "invalid"));
    let invited = ada
        .post(
            &format!("/api/v2/rooms/{id}/members"),
            json!({ "user_id": bob_id }),
        )
        .await;
    assert_eq!(invited.status, 204);
    let members = bob.get(&format!("/api/v2/rooms/{id}/members")).await;
    let names: Vec<&str> = members.body["data"]
        .as_array()
        .expect("members")
        .iter()
        .map(|member| member["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(names, ["Ada", "Ada"], "both test people are called Ada");
    assert_eq!(members.body["data"][1]["user_id"], bob_id);
}

#[tokio::test]
async fn reading_a_public_room_never_joins_it() {
    let app = spawn_app().await;
    let (ada, bob, _) = people(&app).await;
    let id = ada
        .post("/api/v2/rooms", json!({ "name": "general" }))
        .await
        .body["data"]["id"]
        .as_i64()
        .expect("an id");
    assert_eq!(
        bob.get(&format!("/api/v2/rooms/{id}/messages"))
            .await
            .status,
        200
    );
    let members = bob.get(&format!("/api/v1/rooms/{id}/members")).await;
    assert_eq!(members.body["total"], 1);
    // Posting is taking part, as in the page: the post is allowed in a public room.
    let posted = bob
        .post(
            &format!("/api/v1/rooms/{id}/messages"),
            json!({ "body": "hello" }),
        )
        .await;
    assert_eq!(posted.status, 201);
}

#[tokio::test]
async fn history_pages_by_number_in_v1_and_by_cursor_in_v2_newest_first() {
    let app = spawn_app().await;
    let (ada, _, _) = people(&app).await;
    let id = ada
        .post("/api/v2/rooms", json!({ "name": "general" }))
        .await
        .body["data"]["id"]
        .as_i64()
        .expect("an id");
    let path = format!("/api/v2/rooms/{id}/messages");
    let mut posted = Vec::new();
    for n in 0..7 {
        let answer = ada
            .post(&path, json!({ "body": format!("message {n}") }))
            .await;
        assert_eq!(answer.status, 201, "{}", answer.body);
        let message = &answer.body["data"];
        assert_eq!(message["author"]["name"], "Ada", "v2 embeds the author");
        let location = answer.header("location").expect("a location").to_owned();
        assert_eq!(ada.get(&location).await.body, answer.body);
        posted.push(message["id"].as_i64().expect("an id"));
    }
    let newest_first: Vec<i64> = posted.iter().rev().copied().collect();

    let v1 = ada
        .get(&format!("/api/v1/rooms/{id}/messages?page=2&limit=3"))
        .await;
    assert_eq!(v1.body["total"], 7);
    assert_eq!(ids(&v1.body), newest_first[3..6]);
    assert!(
        v1.body["data"][0]["author_id"].is_i64(),
        "v1 names the author"
    );
    assert!(v1.body["data"][0]["inserted_at"].is_string());

    let mut seen = Vec::new();
    let mut next = format!("{path}?limit=3");
    loop {
        let page = ada.get(&next).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert_eq!(page.body["meta"]["limit"], 3);
        seen.extend(ids(&page.body));
        match page.body["meta"]["next_cursor"].as_str() {
            Some(cursor) => next = format!("{path}?limit=3&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, newest_first, "every message once, in order");
    assert!(ada.get(&path).await.body["data"][0]["created_at"].is_string());
}

#[tokio::test]
async fn a_message_posted_over_the_api_reaches_the_rooms_sockets_as_a_socket_post_does() {
    let app = spawn_app().await;
    let mut listener = member(&app, "Cy").await;
    let poster = Client {
        app: &app,
        token: sign_in(&app, "cy@example.com", "read write").await,
    };
    let id = poster
        .post("/api/v2/rooms", json!({ "name": "general" }))
        .await
        .body["data"]["id"]
        .as_i64()
        .expect("an id");
    let topic = model::chat::channel::topic(id);
    listener.socket.join(&topic, json!({})).await;

    let posted = poster
        .post(
            &format!("/api/v2/rooms/{id}/messages"),
            json!({ "body": "over HTTP" }),
        )
        .await;
    let (_, _, heard) = listener.socket.event(&topic, "new_message").await;
    assert_eq!(heard["id"], posted.body["data"]["id"]);
    assert_eq!(heard["body"], "over HTTP");
    assert_eq!(heard["author"]["name"], "Cy");

    let too_long = poster
        .post(
            &format!("/api/v2/rooms/{id}/messages"),
            json!({ "body": "x".repeat(4001) }),
        )
        .await;
    assert_eq!((too_long.status, too_long.problem()), (422, "invalid"));
    assert_eq!(
        too_long.body["errors"]["body"],
        "A message has at most 4000 characters."
    );
}

#[tokio::test]
async fn the_api_shares_the_message_budget_with_the_persons_sockets() {
    let app = spawn_app().await;
    let (ada, _, _) = people(&app).await;
    let id = ada
        .post("/api/v2/rooms", json!({ "name": "general" }))
        .await
        .body["data"]["id"]
        .as_i64()
        .expect("an id");
    let path = format!("/api/v2/rooms/{id}/messages");
    let mut refused = None;
    for n in 0..40 {
        let answer = ada.post(&path, json!({ "body": format!("{n}") })).await;
        if answer.status == 429 {
            refused = Some(answer);
            break;
        }
    }
    let refused = refused.expect("a flood is refused");
    assert_eq!(refused.problem(), "rate_limited");
    assert!(refused.header("retry-after").is_some());
}
