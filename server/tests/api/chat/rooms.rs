//! Rooms over HTTP: the list, create, rename, delete and invite server functions the chat page
//! calls, and the plain form post that creates a room without JavaScript.

use serde_json::Value;

use crate::helpers::{PASSWORD, TestApp, spawn_app};

async fn person(app: &TestApp, name: &str) -> String {
    let email = format!("{}@example.com", name.to_lowercase());
    app.register(name, &email, PASSWORD).await
}

async fn json(response: reqwest::Response) -> Value {
    response.json().await.expect("a JSON body")
}

async fn try_create(app: &TestApp, cookie: &str, name: &str, private: bool) -> reqwest::Response {
    let private = if private { "true" } else { "false" };
    app.call(
        "chat/create_room",
        &[("name", name), ("private", private)],
        Some(cookie),
    )
    .await
}

async fn create(app: &TestApp, cookie: &str, name: &str, private: bool) -> i64 {
    let response = try_create(app, cookie, name, private).await;
    assert_eq!(response.status(), 200);
    json(response).await.as_i64().expect("the new room's id")
}

async fn room_names(app: &TestApp, cookie: &str) -> Vec<String> {
    let list = json(app.call("chat/rooms", &[], Some(cookie)).await).await;
    list.as_array()
        .expect("a list")
        .iter()
        .map(|summary| summary["room"]["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_room_functions_need_a_signed_in_person() {
    let app = spawn_app().await;
    for (endpoint, fields) in [
        ("chat/rooms", vec![]),
        (
            "chat/create_room",
            vec![("name", "x"), ("private", "false")],
        ),
        ("chat/delete_room", vec![("room_id", "1")]),
    ] {
        let response = app.call(endpoint, &fields, None).await;
        assert_eq!(response.status(), 401, "{endpoint}");
    }
}

#[tokio::test]
async fn rooms_are_listed_with_counts_and_private_ones_only_for_members() {
    let app = spawn_app().await;
    let ada = person(&app, "Ada").await;
    let bo = person(&app, "Bo").await;
    create(&app, &ada, "lobby", false).await;
    let secret = create(&app, &ada, "secret", true).await;

    assert_eq!(room_names(&app, &ada).await, ["lobby", "secret"]);
    assert_eq!(room_names(&app, &bo).await, ["lobby"]);

    let list = json(app.call("chat/rooms", &[], Some(&ada)).await).await;
    assert_eq!(list[0]["member_count"], 1);
    assert_eq!(list[0]["unread_count"], 0);

    // An invitation by email lets Bo see it.
    let id = secret.to_string();
    let response = app
        .call(
            "chat/invite",
            &[("room_id", &id), ("email", "BO@example.com")],
            Some(&ada),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(room_names(&app, &bo).await, ["lobby", "secret"]);
}

#[tokio::test]
async fn a_bad_name_or_unknown_invitee_is_a_field_error() {
    let app = spawn_app().await;
    let ada = person(&app, "Ada").await;
    let response = try_create(&app, &ada, "   ", false).await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("name"), "{body}");

    create(&app, &ada, "Lobby", false).await;
    let response = try_create(&app, &ada, "lobby", false).await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains(r#"{"code":"room_name_taken"}"#)
    );

    let secret = create(&app, &ada, "secret", true).await.to_string();
    let response = app
        .call(
            "chat/invite",
            &[("room_id", &secret), ("email", "nobody@example.com")],
            Some(&ada),
        )
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains(r#"{"code":"no_account_with_email"}"#)
    );
}

#[tokio::test]
async fn only_the_creator_renames_or_deletes_a_room() {
    let app = spawn_app().await;
    let ada = person(&app, "Ada").await;
    let bo = person(&app, "Bo").await;
    let room = create(&app, &ada, "lobby", false).await.to_string();

    for (endpoint, fields) in [
        (
            "chat/rename_room",
            vec![("room_id", room.as_str()), ("name", "mine now")],
        ),
        ("chat/delete_room", vec![("room_id", room.as_str())]),
    ] {
        let response = app.call(endpoint, &fields, Some(&bo)).await;
        assert_eq!(response.status(), 403, "{endpoint}");
    }
    assert_eq!(room_names(&app, &bo).await, ["lobby"]);

    let renamed = app
        .call(
            "chat/rename_room",
            &[("room_id", &room), ("name", "hall")],
            Some(&ada),
        )
        .await;
    assert_eq!(renamed.status(), 200);
    assert_eq!(json(renamed).await["name"], "hall");

    let deleted = app
        .call("chat/delete_room", &[("room_id", &room)], Some(&ada))
        .await;
    assert_eq!(deleted.status(), 200);
    assert!(room_names(&app, &ada).await.is_empty());
    let again = app
        .call("chat/delete_room", &[("room_id", &room)], Some(&ada))
        .await;
    assert_eq!(again.status(), 404);
}

#[tokio::test]
async fn the_plain_form_creates_a_room_or_shows_the_page_again_with_what_was_typed() {
    let app = spawn_app().await;
    let ada = person(&app, "Ada").await;

    let created = app
        .post_form("/chat/rooms", &[("name", "lobby")], Some(&ada))
        .await;
    assert_eq!(created.status(), 303);
    let location = created.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/chat/"), "{location}");

    let refused = app
        .post_form(
            "/chat/rooms",
            &[("name", "Lobby"), ("private", "on")],
            Some(&ada),
        )
        .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(
        page.contains("A room with this name already exists."),
        "{page}"
    );
    assert!(page.contains(r#"value="Lobby""#), "the name typed is kept");
    assert!(
        page.contains(r#"name="private" checked"#),
        "the private box stays ticked"
    );

    let signed_out = app.post_form("/chat/rooms", &[("name", "x")], None).await;
    assert_eq!(signed_out.status(), 303);
    assert!(
        signed_out.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login")
    );
}

#[tokio::test]
async fn the_chat_page_lists_rooms_from_the_server_and_asks_others_to_sign_in() {
    let app = spawn_app().await;
    let ada = person(&app, "Ada").await;
    create(&app, &ada, "lobby <b>", false).await;

    let page = app.get_page("/chat", Some(&ada)).await;
    assert_eq!(page.status(), 200);
    let body = page.text().await.unwrap();
    assert!(body.contains("<title>Chat · Commons</title>"), "{body}");
    assert!(
        body.contains("lobby &lt;b&gt;"),
        "the room list is rendered, escaped"
    );
    assert!(
        body.contains(r#"action="/chat/rooms""#),
        "the new-room form posts without JS"
    );

    let signed_out = app.get_page("/chat", None).await;
    assert_eq!(signed_out.status(), 302);
    assert_eq!(signed_out.headers()["location"], "/login?return_to=%2Fchat");
}
