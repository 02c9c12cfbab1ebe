//! `/me`: one's own account, and a partial update of the profile and nested preferences.

use serde_json::json;

use super::Client;
use crate::helpers::spawn_app;

#[tokio::test]
async fn a_partial_update_changes_what_it_names_and_leaves_the_rest() {
    let app = spawn_app().await;
    let (ada, _) = Client::register(&app, "ada@example.com", "read write").await;
    let me = ada.get("/api/v2/me").await;
    assert_eq!(me.body["data"]["preferences"]["theme"], "system");
    assert_eq!(
        me.body["data"]["preferences"]["notifications"]["mentions_by_mail"],
        true
    );

    let changed = ada
        .patch(
            "/api/v2/me",
            json!({ "age": 36, "preferences": { "theme": "dark" } }),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.body["data"]["name"], "Ada", "left alone");
    assert_eq!(changed.body["data"]["age"], 36);
    let deeper = ada
        .patch(
            "/api/v1/me",
            json!({ "preferences": { "notifications": { "digest": "never" } } }),
        )
        .await;
    let preferences = &deeper.body["data"]["preferences"];
    assert_eq!(preferences["theme"], "dark", "an earlier key stays");
    assert_eq!(preferences["notifications"]["digest"], "never");
    assert_eq!(
        preferences["notifications"]["mentions_by_mail"], true,
        "its sibling stays"
    );
    assert_eq!(deeper.body["data"]["age"], 36);

    let cleared = ada
        .patch("/api/v2/me", json!({ "age": null, "name": "Ada L." }))
        .await;
    assert_eq!(cleared.body["data"]["age"], serde_json::Value::Null);
    assert_eq!(cleared.body["data"]["name"], "Ada L.");
    assert_eq!(cleared.body["data"]["preferences"]["theme"], "dark");
}

#[tokio::test]
async fn an_update_with_any_field_wrong_writes_nothing() {
    let app = spawn_app().await;
    let (ada, _) = Client::register(&app, "ada@example.com", "read write").await;
    let too_young = ada
        .patch(
            "/api/v2/me",
            json!({ "age": 5, "preferences": { "theme": "dark" } }),
        )
        .await;
    assert_eq!((too_young.status, too_young.problem()), (422, "invalid"));
    assert!(too_young.body["errors"]["age"].is_string());
    let typo = ada
        .patch(
            "/api/v2/me",
            json!({ "name": "Bo", "preferences": { "chat": { "enter": true } } }),
        )
        .await;
    assert_eq!(typo.status, 422);
    let field = typo.body["errors"]
        .as_object()
        .expect("errors")
        .keys()
        .next()
        .cloned();
    assert_eq!(
        field.as_deref(),
        Some("preferences.chat.enter"),
        "{}",
        typo.body
    );
    let me = ada.get("/api/v2/me").await;
    assert_eq!(me.body["data"]["name"], "Ada");
    assert_eq!(me.body["data"]["preferences"]["theme"], "system");
}

#[tokio::test]
async fn a_read_token_reads_and_is_refused_any_write_at_once() {
    let app = spawn_app().await;
    let (reader, _) = Client::register(&app, "ada@example.com", "read").await;
    assert_eq!(reader.get("/api/v2/me").await.status, 200);
    let write = reader.patch("/api/v2/me", json!({ "name": "Eve" })).await;
    assert_eq!((write.status, write.problem()), (403, "insufficient_scope"));
    assert_eq!(
        write.header("www-authenticate"),
        Some("Bearer realm=\"commons\", error=\"insufficient_scope\", scope=\"read write\"")
    );
    let room = reader
        .post("/api/v2/rooms", json!({ "name": "general" }))
        .await;
    assert_eq!(room.status, 403);
}

#[tokio::test]
async fn updates_of_different_preferences_at_once_all_stay() {
    let app = spawn_app().await;
    let (ada, _) = Client::register(&app, "ada@example.com", "read write").await;
    let patches = [
        json!({ "preferences": { "theme": "light" } }),
        json!({ "preferences": { "notifications": { "digest": "daily" } } }),
        json!({ "preferences": { "notifications": { "mentions_by_mail": false } } }),
        json!({ "preferences": { "chat": { "enter_sends": false } } }),
        json!({ "preferences": { "chat": { "show_typing": false } } }),
        json!({ "preferences": { "language": "fr" } }),
    ];
    let answers = futures_util::future::join_all(
        patches
            .iter()
            .map(|patch| ada.patch("/api/v2/me", patch.clone())),
    )
    .await;
    assert!(answers.iter().all(|answer| answer.status == 200));
    let preferences = ada.get("/api/v2/me").await.body["data"]["preferences"].clone();
    assert_eq!(
        preferences,
        json!({
            "language": "fr",
            "theme": "light",
            "notifications": { "mentions_by_mail": false, "digest": "daily" },
            "chat": { "enter_sends": false, "show_typing": false }
        })
    );
}
