//! The board over the API: posts written, read, changed and deleted with the pages' rules,
//! drafts that do not exist for others, comments and likes, the feed and a post's comments by
//! cursor, search, and what garbage and a read-only token get.

use serde_json::{Value, json};

use super::{Client, sign_in};
use crate::helpers::spawn_app;

fn id(answer: &Value) -> i64 {
    answer["data"]["id"].as_i64().expect("an id")
}

#[tokio::test]
async fn a_post_is_written_read_and_changed_through_the_api_with_the_pages_rules() {
    let app = spawn_app().await;
    let (ada, ada_id) = Client::register(&app, "ada@example.com", "read write").await;
    let (bob, _) = Client::register(&app, "bob@example.com", "read write").await;
    let written = ada
        .post(
            "/api/v2/posts",
            json!({
                "title": "  Hello  ",
                "body": "Some **bold** <script>alert(1)</script>",
                "tags": ["Rust", "#web dev", "rust"],
                "state": "published"
            }),
        )
        .await;
    assert_eq!(written.status, 201, "{}", written.body);
    let post = id(&written.body);
    assert_eq!(
        written.header("location"),
        Some(format!("/api/v2/posts/{post}").as_str())
    );
    let data = &written.body["data"];
    assert_eq!(data["title"], "Hello");
    assert_eq!(data["tags"], json!(["rust", "web-dev"]));
    assert_eq!(data["author"]["id"], ada_id);
    assert!(
        data["html"]
            .as_str()
            .unwrap()
            .contains("<strong>bold</strong>")
    );
    assert!(!data["html"].as_str().unwrap().contains("<script>"));
    assert_eq!(data["markdown"], "Some **bold** <script>alert(1)</script>");

    // Another reader sees it rendered, without its source, and may not change it.
    let read = bob.get(&format!("/api/v2/posts/{post}")).await;
    assert_eq!(read.status, 200);
    assert_eq!(read.body["data"]["markdown"], Value::Null);
    let refused = bob
        .patch(&format!("/api/v2/posts/{post}"), json!({"title": "Mine"}))
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);

    // A change names only what changes; v1 names the author by id.
    let changed = ada
        .patch(
            &format!("/api/v1/posts/{post}"),
            json!({"title": "Hello again"}),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    let data = &changed.body["data"];
    assert_eq!(
        (&data["title"], &data["author_id"]),
        (&json!("Hello again"), &json!(ada_id))
    );
    assert_eq!(data["tags"], json!(["rust", "web-dev"]), "the tags stay");
    assert_eq!(data["state"], "published");

    // Refused input names its fields; garbage is a 4xx.
    let refused = ada
        .post(
            "/api/v2/posts",
            json!({"title": " ", "body": "x", "tags": ["a", "b", "c", "d", "e", "f"]}),
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused.body["errors"]["title"].is_string(),
        "{}",
        refused.body
    );
    assert!(
        refused.body["errors"]["tags"].is_string(),
        "{}",
        refused.body
    );
    for garbage in [
        json!({"title": "t", "body": "b", "extra": 1}),
        json!({"title": 5}),
        json!([]),
    ] {
        let answer = ada.post("/api/v2/posts", garbage.clone()).await;
        assert!(
            (400..500).contains(&answer.status),
            "{garbage}: {}",
            answer.status
        );
    }

    let deleted = ada.delete(&format!("/api/v2/posts/{post}")).await;
    assert_eq!(deleted.status, 204);
    assert_eq!(bob.get(&format!("/api/v2/posts/{post}")).await.status, 404);
}

#[tokio::test]
async fn a_draft_is_nobody_elses_on_the_api_either() {
    let app = spawn_app().await;
    let (ada, _) = Client::register(&app, "ada@example.com", "read write").await;
    let (_, _) = Client::register(&app, "bob@example.com", "read write").await;
    let bob = Client {
        app: &app,
        token: sign_in(&app, "bob@example.com", "read write").await,
    };
    let written = ada
        .post(
            "/api/v2/posts",
            json!({"title": "Secret", "body": "not yet"}),
        )
        .await;
    assert_eq!(written.body["data"]["state"], "draft");
    let post = id(&written.body);
    for (method, path) in [
        ("GET", format!("/api/v2/posts/{post}")),
        ("GET", format!("/api/v2/posts/{post}/comments")),
        ("PATCH", format!("/api/v2/posts/{post}")),
        ("DELETE", format!("/api/v2/posts/{post}")),
        ("POST", format!("/api/v2/posts/{post}/comments")),
        ("PUT", format!("/api/v2/posts/{post}/like")),
    ] {
        let answer = match method {
            "GET" => bob.get(&path).await,
            "PATCH" => bob.patch(&path, json!({"title": "x"})).await,
            "DELETE" => bob.delete(&path).await,
            "POST" => bob.post(&path, json!({"body": "hi"})).await,
            _ => bob.put(&path).await,
        };
        assert_eq!(answer.status, 404, "{method} {path}: {}", answer.body);
        assert_eq!(answer.problem(), "not_found");
    }
}

#[tokio::test]
async fn comments_likes_the_feed_and_search_over_the_api() {
    let app = spawn_app().await;
    let (ada, _) = Client::register(&app, "ada@example.com", "read write").await;
    let (bob, bob_id) = Client::register(&app, "bob@example.com", "read write").await;
    let (cy, _) = Client::register(&app, "cy@example.com", "read write").await;
    let mut posts = Vec::new();
    for n in 0..3 {
        let written = ada
            .post(
                "/api/v2/posts",
                json!({"title": format!("Quokka {n}"), "body": "about quokkas", "tags": ["zoo"], "state": "published"}),
            )
            .await;
        posts.push(id(&written.body));
    }
    let post = posts[0];

    let commented = bob
        .post(
            &format!("/api/v1/posts/{post}/comments"),
            json!({"body": "So *cute*"}),
        )
        .await;
    assert_eq!(commented.status, 201, "{}", commented.body);
    assert_eq!(commented.body["data"]["author_id"], bob_id);
    assert_eq!(commented.body["data"]["html"], "<p>So <em>cute</em></p>\n");
    let comment = id(&commented.body);
    for n in 0..2 {
        bob.post(
            &format!("/api/v2/posts/{post}/comments"),
            json!({"body": format!("more {n}")}),
        )
        .await;
    }
    let page = bob
        .get(&format!("/api/v2/posts/{post}/comments?limit=2"))
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.body["data"][0]["id"], comment);
    assert_eq!(page.body["data"][0]["author"]["id"], bob_id);
    let cursor = page.body["meta"]["next_cursor"]
        .as_str()
        .expect("a next page")
        .to_owned();
    let rest = bob
        .get(&format!(
            "/api/v2/posts/{post}/comments?limit=2&cursor={cursor}"
        ))
        .await;
    assert_eq!(rest.body["data"].as_array().map(Vec::len), Some(1));

    // Likes: given once however often asked, taken back, counted on the post.
    let like = format!("/api/v2/posts/{post}/like");
    assert_eq!(
        cy.put(&like).await.body["data"],
        json!({"like_count": 1, "liked": true})
    );
    assert_eq!(cy.put(&like).await.body["data"]["like_count"], 1);
    assert_eq!(
        cy.get(&format!("/api/v2/posts/{post}")).await.body["data"]["liked"],
        true
    );
    assert_eq!(
        cy.delete(&like).await.body["data"],
        json!({"like_count": 0, "liked": false})
    );
    let like_comment = format!("/api/v1/comments/{comment}/like");
    assert_eq!(ada.put(&like_comment).await.body["data"]["like_count"], 1);

    // Someone else's comment: not Cy's to delete; Bob's own, and gone.
    assert_eq!(
        cy.delete(&format!("/api/v2/comments/{comment}"))
            .await
            .status,
        403
    );
    assert_eq!(
        bob.delete(&format!("/api/v2/comments/{comment}"))
            .await
            .status,
        204
    );
    assert_eq!(
        bob.delete(&format!("/api/v2/comments/{comment}"))
            .await
            .status,
        404
    );

    // The feed by tag, a page at a time; a cursor keeps its order.
    let first = cy.get("/api/v2/posts?tag=zoo&limit=2").await;
    assert_eq!(first.status, 200, "{}", first.body);
    let ids: Vec<i64> = first.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [posts[2], posts[1]]);
    let cursor = first.body["meta"]["next_cursor"]
        .as_str()
        .expect("more")
        .to_owned();
    let next = cy
        .get(&format!("/api/v2/posts?tag=zoo&limit=2&cursor={cursor}"))
        .await;
    assert_eq!(next.body["data"][0]["id"], posts[0]);
    assert_eq!(next.body["meta"]["next_cursor"], Value::Null);
    for bad in [
        format!("/api/v2/posts?sort=most_liked&cursor={cursor}"),
        "/api/v2/posts?sort=oldest".to_owned(),
        "/api/v2/posts?limit=0".to_owned(),
        "/api/v2/posts?limit=51".to_owned(),
        "/api/v2/posts?tag=%3Cb%3E".to_owned(),
        "/api/v2/posts?cursor=garbage".to_owned(),
        "/api/v2/posts?author=x".to_owned(),
    ] {
        let answer = cy.get(&bad).await;
        assert_eq!(answer.status, 400, "{bad}: {}", answer.body);
    }

    let found = cy.get("/api/v2/search?q=quok").await;
    assert_eq!(found.status, 200, "{}", found.body);
    assert_eq!(
        found.body["data"]["posts"].as_array().map(Vec::len),
        Some(3)
    );
    assert_eq!(cy.get("/api/v1/search?q=q").await.status, 400);

    // A read-only token reads and writes nothing.
    let reader = Client {
        app: &app,
        token: sign_in(&app, "cy@example.com", "read").await,
    };
    assert_eq!(
        reader.get(&format!("/api/v2/posts/{post}")).await.status,
        200
    );
    let refused = reader
        .post("/api/v2/posts", json!({"title": "t", "body": "b"}))
        .await;
    assert_eq!(refused.status, 403);
    assert_eq!(reader.put(&like).await.status, 403);
}

#[tokio::test]
async fn ones_own_draft_takes_no_comment_or_like_and_says_why() {
    let app = spawn_app().await;
    let (ada, _) = Client::register(&app, "ada@example.com", "read write").await;
    let written = ada
        .post("/api/v2/posts", json!({"title": "Draft", "body": "soon"}))
        .await;
    let post = id(&written.body);
    let comment = ada
        .post(
            &format!("/api/v2/posts/{post}/comments"),
            json!({"body": "hi"}),
        )
        .await;
    assert_eq!(comment.status, 409, "{}", comment.body);
    assert_eq!(comment.problem(), "conflict");
    assert_eq!(
        ada.put(&format!("/api/v2/posts/{post}/like")).await.status,
        409
    );
    let published = ada
        .patch(
            &format!("/api/v2/posts/{post}"),
            json!({"state": "published"}),
        )
        .await;
    assert_eq!(published.body["data"]["state"], "published");
    let comment = ada
        .post(
            &format!("/api/v2/posts/{post}/comments"),
            json!({"body": "hi"}),
        )
        .await;
    assert_eq!(comment.status, 201);
}
