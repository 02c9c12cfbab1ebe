//! A post's live channel (`post:<id>`): who may join, what a join catches up with, and the
//! comments, likes and deletions others make arriving as they happen — all made through the
//! same plain form posts a browser sends.

use model::board::channel;
use serde_json::json;

use super::{location, write};
use crate::helpers::{PASSWORD, TestApp, spawn_app};

/// Comments on `post_id` through the form as `cookie`.
async fn comment(app: &TestApp, cookie: &str, post_id: i64, body: &str) {
    let path = format!("/posts/{post_id}/comments");
    let response = app.post_form(&path, &[("body", body)], Some(cookie)).await;
    assert_eq!(response.status(), 303, "the comment is written");
}

#[tokio::test]
async fn a_post_page_hears_comments_likes_and_deletions_as_they_happen() {
    let app = spawn_app().await;
    let ada = app.register("Ada", "ada@example.com", PASSWORD).await;
    let bob = app.register("Bob", "bob@example.com", PASSWORD).await;
    let post_id = write(&app, &ada, "Live", "body", "", true).await;
    let topic = channel::topic(post_id);
    let mut watching = app.ws_connect(&app.socket_token(&ada).await).await;
    let (_, reply) = watching.join(&topic, json!({})).await;
    assert_eq!(
        reply.ok(),
        &json!({"like_count": 0, "comment_count": 0, "comments": [], "more": false})
    );

    comment(&app, &bob, post_id, "Hello *there*").await;
    let (_, _, added) = watching.event(&topic, channel::COMMENT_ADDED).await;
    assert_eq!(added["comment_count"], 1);
    assert_eq!(added["comment"]["author"]["name"], "Bob");
    assert_eq!(added["comment"]["html"], "<p>Hello <em>there</em></p>\n");
    assert_eq!(added["comment"]["liked"], false);
    let comment_id = added["comment"]["id"].as_i64().expect("an id");

    let response = app
        .post_form(
            &format!("/posts/{post_id}/like"),
            &[("on", "true")],
            Some(&bob),
        )
        .await;
    assert_eq!(response.status(), 303);
    let (_, _, liked) = watching.event(&topic, channel::POST_LIKED).await;
    assert_eq!(liked, json!({"like_count": 1}));

    let like = format!("/comments/{comment_id}/like");
    let response = app.post_form(&like, &[("on", "true")], Some(&ada)).await;
    assert_eq!(response.status(), 303);
    let (_, _, liked) = watching.event(&topic, channel::COMMENT_LIKED).await;
    assert_eq!(liked, json!({"comment_id": comment_id, "like_count": 1}));

    let delete = format!("/comments/{comment_id}/delete");
    let response = app.post_form(&delete, &[], Some(&bob)).await;
    assert_eq!(response.status(), 303);
    let (_, _, deleted) = watching.event(&topic, channel::COMMENT_DELETED).await;
    assert_eq!(
        deleted,
        json!({"comment_id": comment_id, "comment_count": 0})
    );

    // Back to a draft: the page hears that nothing more will come.
    let edit = format!("/posts/{post_id}");
    let fields = [("title", "Live"), ("body", "body"), ("tags", "")];
    let response = app.post_form(&edit, &fields, Some(&ada)).await;
    assert_eq!(response.status(), 303, "{}", location(&response));
    watching.event(&topic, channel::POST_GONE).await;
}

#[tokio::test]
async fn a_join_catches_up_with_the_comments_after_the_last_one_shown() {
    let app = spawn_app().await;
    let ada = app.register("Ada", "ada@example.com", PASSWORD).await;
    let post_id = write(&app, &ada, "Catch up", "body", "", true).await;
    for n in 0..3 {
        comment(&app, &ada, post_id, &format!("comment {n}")).await;
    }
    let mut socket = app.ws_connect(&app.socket_token(&ada).await).await;
    let topic = channel::topic(post_id);
    let (_, reply) = socket.join(&topic, json!({})).await;
    let ids: Vec<i64> = reply.ok()["comments"]
        .as_array()
        .expect("comments")
        .iter()
        .map(|comment| comment["id"].as_i64().expect("an id"))
        .collect();
    assert_eq!(ids.len(), 3);
    assert_eq!(reply.ok()["comment_count"], 3);

    let mut again = app.ws_connect(&app.socket_token(&ada).await).await;
    let (_, reply) = again.join(&topic, json!({"after": ids[1]})).await;
    assert_eq!(reply.ok()["comments"].as_array().map(Vec::len), Some(1));
    assert_eq!(reply.ok()["comments"][0]["id"], ids[2]);
}

#[tokio::test]
async fn only_who_may_see_a_post_may_join_it_and_garbage_is_refused() {
    let app = spawn_app().await;
    let ada = app.register("Ada", "ada@example.com", PASSWORD).await;
    let bob = app.register("Bob", "bob@example.com", PASSWORD).await;
    let draft = write(&app, &ada, "Secret", "body", "", false).await;
    let mut own = app.ws_connect(&app.socket_token(&ada).await).await;
    let (_, reply) = own.join(&channel::topic(draft), json!({})).await;
    assert_eq!(reply.ok()["comment_count"], 0, "its author may");

    let mut other = app.ws_connect(&app.socket_token(&bob).await).await;
    let not_found = json!({"reason": channel::NOT_FOUND});
    let aliases = [format!("post:0{draft}"), format!("post:+{draft}")];
    for topic in [
        channel::topic(draft).as_str(),
        "post:999999",
        "post:-1",
        "post:x",
        &aliases[0],
        &aliases[1],
    ] {
        let (_, reply) = other.join(topic, json!({})).await;
        assert_eq!(reply.error(), &not_found, "{topic}");
    }
    let published = write(&app, &ada, "Open", "body", "", true).await;
    for garbage in [
        json!({"after": "x"}),
        json!({"after": [1]}),
        json!({"after": 1.5}),
    ] {
        let (_, reply) = other
            .join(&channel::topic(published), garbage.clone())
            .await;
        assert_eq!(
            reply.error(),
            &json!({"reason": channel::BAD_JOIN}),
            "{garbage}"
        );
    }
    let (_, reply) = other
        .join(
            &channel::topic(published),
            json!({"after": -5, "extra": true}),
        )
        .await;
    assert_eq!(
        reply.ok()["comments"],
        json!([]),
        "a join with unknown keys is read"
    );
    let (reply_ref, _) = (other.next_ref(), ());
    other
        .send(
            None,
            Some(&reply_ref),
            &channel::topic(published),
            "comment",
            json!({}),
        )
        .await;
    let reply = other.reply_to(&reply_ref).await;
    assert_eq!(
        reply.status,
        model::wire::Status::Error,
        "the channel only listens"
    );
}
