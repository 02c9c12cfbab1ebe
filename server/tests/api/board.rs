//! The board over HTTP: its pages and its plain form posts, as a browser without JavaScript
//! uses them, with what an attacker would send.

use crate::{
    helpers::{PASSWORD, TestApp, spawn_app},
    mail::flash,
};

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"]
        .to_str()
        .expect("a location")
        .to_owned()
}

/// Writes a post through the form as `cookie`; answers its id.
async fn write(
    app: &TestApp,
    cookie: &str,
    title: &str,
    body: &str,
    tags: &str,
    publish: bool,
) -> i64 {
    let mut fields = vec![("title", title), ("body", body), ("tags", tags)];
    if publish {
        fields.push(("publish", "1"));
    }
    let response = app.post_form("/posts", &fields, Some(cookie)).await;
    assert_eq!(response.status(), 303, "the post is written");
    let to = location(&response);
    to.strip_prefix("/posts/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("sent to the post, not {to}"))
}

async fn page(app: &TestApp, path: &str, cookie: Option<&str>) -> (u16, String) {
    let response = app.get_page(path, cookie).await;
    let status = response.status().as_u16();
    (status, response.text().await.expect("a body"))
}

#[tokio::test]
async fn a_post_written_without_javascript_is_shown_rendered_and_safe() {
    let app = spawn_app().await;
    let ada = app.register("Ada", "ada@example.com", PASSWORD).await;
    let body = "Hello **world**\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))";
    let response = app
        .post_form(
            "/posts",
            &[
                ("title", "First"),
                ("body", body),
                ("tags", "Rust, Web Dev"),
                ("publish", "1"),
            ],
            Some(&ada),
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(flash(&response), "Your post is published.");
    let path = location(&response);
    let (status, html) = page(&app, &path, None).await;
    assert_eq!(status, 200);
    assert!(html.contains("<strong>world</strong>"), "{html}");
    assert!(!html.contains("<script>alert(1)"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("href=\"javascript"));
    assert!(html.contains("href=\"/posts?tag=rust\""), "tags shown");
    assert!(html.contains("href=\"/posts?tag=web-dev\""), "normalised");

    let (status, feed) = page(&app, "/posts", None).await;
    assert_eq!(status, 200);
    assert!(feed.contains("First"));
    let (_, tagged) = page(&app, "/posts?tag=web-dev", None).await;
    assert!(tagged.contains("First"));
    let (_, other) = page(&app, "/posts?tag=elixir", None).await;
    assert!(!other.contains("First"));
}

#[tokio::test]
async fn a_refused_post_comes_back_with_what_was_typed() {
    let app = spawn_app().await;
    let ada = app.register("Ada", "ada@example.com", PASSWORD).await;
    let response = app
        .post_form(
            "/posts",
            &[
                ("title", "  "),
                (
                    "body",
                    "kept <b>text</b></textarea><script>alert(1)</script>",
                ),
                ("tags", "a,b,c,d,e,f"),
            ],
            Some(&ada),
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Give the post a title."), "{html}");
    assert!(html.contains("At most 5 tags."));
    assert!(
        html.contains("kept &lt;b&gt;text&lt;/b&gt;&lt;/textarea&gt;"),
        "typed, escaped"
    );
    assert!(!html.contains("<script>alert(1)"), "{html}");

    // In French, the same refusal in French.
    let response = app
        .client
        .post(app.url("/posts?locale=fr"))
        .header("sec-fetch-site", "same-origin")
        .header("cookie", &ada)
        .form(&[("title", ""), ("body", "x"), ("tags", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("Donnez un titre"), "{html}");
}

#[tokio::test]
async fn a_draft_is_nobody_else_s_business() {
    let app = spawn_app().await;
    let _admin = app.register("Root", "root@example.com", PASSWORD).await;
    let ada = app.register("Ada", "ada@example.com", PASSWORD).await;
    let bob = app.register("Bob", "bob@example.com", PASSWORD).await;
    let id = write(&app, &ada, "Secret plans", "soon", "", false).await;
    let path = format!("/posts/{id}");
    assert_eq!(page(&app, &path, Some(&ada)).await.0, 200);
    for who in [None, Some(bob.as_str())] {
        let (status, html) = page(&app, &path, who).await;
        assert_eq!(status, 404, "{who:?}");
        assert!(!html.contains("Secret plans"));
        assert_eq!(page(&app, &format!("{path}/edit"), Some(&bob)).await.0, 404);
        let (_, feed) = page(&app, "/posts", who).await;
        assert!(!feed.contains("Secret plans"));
    }
    // Her own feed lists it among her drafts.
    let (_, feed) = page(&app, "/posts", Some(&ada)).await;
    assert!(feed.contains("Secret plans"));
    // Bob can neither change, delete, like nor comment on it.
    for (action, fields) in [
        (
            path.clone(),
            vec![("title", "Mine"), ("body", "x"), ("publish", "1")],
        ),
        (format!("{path}/delete"), vec![]),
        (format!("{path}/like"), vec![("on", "true")]),
        (format!("{path}/comments"), vec![("body", "hi")]),
    ] {
        let response = app.post_form(&action, &fields, Some(&bob)).await;
        assert_eq!(response.status(), 404, "{action}");
    }
    assert_eq!(page(&app, &path, Some(&ada)).await.0, 200, "still there");
}

#[tokio::test]
async fn comments_and_likes_go_through_forms_and_come_back() {
    let app = spawn_app().await;
    let _admin = app.register("Root", "root@example.com", PASSWORD).await;
    let ada = app.register("Ada", "ada@example.com", PASSWORD).await;
    let bob = app.register("Bob", "bob@example.com", PASSWORD).await;
    let id = write(&app, &ada, "Talk", "about it", "", true).await;
    let path = format!("/posts/{id}");

    let response = app
        .post_form(
            &format!("{path}/comments"),
            &[("body", "*Nice*")],
            Some(&bob),
        )
        .await;
    assert_eq!(response.status(), 303);
    let back = location(&response);
    assert!(back.starts_with(&format!("{path}#comment-")), "{back}");
    let comment_id = back.rsplit('-').next().unwrap().to_owned();

    let response = app
        .post_form(&format!("{path}/like"), &[("on", "true")], Some(&bob))
        .await;
    assert_eq!(
        (response.status().as_u16(), location(&response)),
        (303, path.clone())
    );
    let response = app
        .post_form(
            &format!("/comments/{comment_id}/like"),
            &[("on", "true")],
            Some(&ada),
        )
        .await;
    assert_eq!(response.status(), 303);

    let (_, html) = page(&app, &path, Some(&bob)).await;
    assert!(html.contains("<em>Nice</em>"), "{html}");
    assert!(html.contains("1 comment"));
    assert!(html.contains("aria-pressed=\"true\""), "Bob likes it");

    // An empty comment comes back refused, in the form.
    let response = app
        .post_form(&format!("{path}/comments"), &[("body", "  ")], Some(&bob))
        .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Write a comment first.")
    );

    // Only its author or an admin deletes a comment.
    let response = app
        .post_form(&format!("/comments/{comment_id}/delete"), &[], Some(&ada))
        .await;
    assert_eq!(response.status(), 403);
    let response = app
        .post_form(&format!("/comments/{comment_id}/delete"), &[], Some(&bob))
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(flash(&response), "The comment was deleted.");

    // Only its author or an admin deletes a post.
    let response = app
        .post_form(&format!("{path}/delete"), &[], Some(&bob))
        .await;
    assert_eq!(response.status(), 403);
    let response = app
        .post_form(&format!("{path}/delete"), &[], Some(&ada))
        .await;
    assert_eq!(
        (response.status().as_u16(), location(&response)),
        (303, "/posts".to_owned())
    );
    assert_eq!(page(&app, &path, None).await.0, 404);
}

#[tokio::test]
async fn garbage_gets_a_clear_4xx() {
    let app = spawn_app().await;
    let ada = app.register("Ada", "ada@example.com", PASSWORD).await;
    write(&app, &ada, "One", "x", "", true).await;
    for (path, status) in [
        ("/posts/abc", 404),
        ("/posts/99999999999999999999", 404),
        ("/posts/-1", 404),
        ("/posts/1/edit?x=%00", 200),
    ] {
        assert_eq!(page(&app, path, Some(&ada)).await.0, status, "{path}");
    }
    for query in [
        "after=garbage",
        "after=l1.2",
        "tag=%3Cscript%3E",
        "author=x",
        "after=n99999999999999999999.1",
    ] {
        let (status, html) = page(&app, &format!("/posts?{query}"), None).await;
        assert_eq!(status, 400, "{query}");
        assert!(!html.contains("<script>"), "{query}");
    }
    assert_eq!(
        page(&app, "/posts?sort=sideways", None).await.0,
        200,
        "an unknown order is the default"
    );
    for (path, fields) in [
        ("/posts/abc/like", vec![("on", "true")]),
        ("/posts/abc/comments", vec![("body", "x")]),
        ("/comments/abc/delete", vec![]),
    ] {
        let response = app.post_form(path, &fields, Some(&ada)).await;
        assert!(
            response.status().is_client_error(),
            "{path}: {}",
            response.status()
        );
    }
    // A NUL in a title is refused, not a database error.
    let response = app
        .post_form("/posts", &[("title", "a\u{0}b"), ("body", "x")], Some(&ada))
        .await;
    assert_eq!(response.status(), 422);
    // A body over the limit too.
    let long = "x".repeat(20_001);
    let response = app
        .post_form("/posts", &[("title", "t"), ("body", &long)], Some(&ada))
        .await;
    assert_eq!(response.status(), 422);
}

#[tokio::test]
async fn writing_needs_a_session_and_a_same_site_form() {
    let app = spawn_app().await;
    let ada = app.register("Ada", "ada@example.com", PASSWORD).await;
    let id = write(&app, &ada, "Mine", "x", "", true).await;
    // Signed out: sent to sign in, nothing written.
    let response = app
        .post_form(
            "/posts",
            &[("title", "Anon"), ("body", "x"), ("publish", "1")],
            None,
        )
        .await;
    assert_eq!(response.status(), 303);
    assert!(location(&response).starts_with("/login"));
    // After signing out, the old cookie writes nothing.
    let response = app.post_form("/logout", &[], Some(&ada)).await;
    assert_eq!(response.status(), 303);
    let response = app
        .post_form(&format!("/posts/{id}/delete"), &[], Some(&ada))
        .await;
    assert!(location(&response).starts_with("/login"));
    // Cross-site: refused before any handler.
    let response = app
        .client
        .post(app.url("/posts"))
        .header("sec-fetch-site", "cross-site")
        .header("cookie", &ada)
        .form(&[("title", "CSRF"), ("body", "x"), ("publish", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let (_, feed) = page(&app, "/posts", None).await;
    assert!(!feed.contains("Anon") && !feed.contains("CSRF"));
}

#[tokio::test]
async fn writing_posts_is_rate_limited_per_person() {
    let app = crate::helpers::spawn_app_with(|settings| {
        settings.limits.posts_per_window = 2;
        settings.limits.board_actions_per_minute = 1;
        settings.limits.board_action_burst = 2;
    })
    .await;
    let ada = app.register("Ada", "ada@example.com", PASSWORD).await;
    let id = write(&app, &ada, "1", "x", "", true).await;
    write(&app, &ada, "2", "x", "", true).await;
    let response = app
        .post_form(
            "/posts",
            &[("title", "3"), ("body", "x"), ("publish", "1")],
            Some(&ada),
        )
        .await;
    assert_eq!(response.status(), 429);
    assert!(response.headers().contains_key("retry-after"));
    for _ in 0..2 {
        let response = app
            .post_form(
                &format!("/posts/{id}/comments"),
                &[("body", "hi")],
                Some(&ada),
            )
            .await;
        assert_eq!(response.status(), 303);
    }
    let response = app
        .post_form(
            &format!("/posts/{id}/comments"),
            &[("body", "hi")],
            Some(&ada),
        )
        .await;
    assert_eq!(response.status(), 429);
}

#[tokio::test]
async fn search_answers_as_you_type_escaped_and_limited() {
    let app = crate::helpers::spawn_app_with(|settings| {
        settings.limits.searches_per_minute = 1;
        settings.limits.search_burst = 2;
    })
    .await;
    let ada = app.register("Ada", "ada@example.com", PASSWORD).await;
    let id = write(
        &app,
        &ada,
        "Ownership",
        "Rust <script>alert(1)</script> owns",
        "",
        true,
    )
    .await;
    write(&app, &ada, "Hidden", "rust draft", "", false).await;

    let (status, found) = app.call_json("board/search", &[("q", "rust")], &ada).await;
    assert_eq!(status, 200, "{found}");
    let posts = found["posts"].as_array().unwrap();
    assert_eq!(posts.len(), 1, "the draft is not found: {found}");
    assert_eq!(posts[0]["post_id"], id);
    let matched: Vec<&str> = posts[0]["snippet"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|part| part["matched"] == true)
        .map(|part| part["text"].as_str().unwrap())
        .collect();
    assert_eq!(matched, ["Rust"]);

    // Too little, too much, or only syntax: a clear 400.
    for q in ["r", "***", &"x".repeat(101)] {
        let (status, _) = app.call_json("board/search", &[("q", q)], &ada).await;
        assert_eq!(status, 400, "{q}");
    }
    // The page without JavaScript: the snippet's text is escaped.
    let (status, html) = page(&app, "/search?q=rust", None).await;
    assert_eq!(status, 200);
    assert!(html.contains("<mark>Rust"), "{html}");
    assert!(!html.contains("<script>alert(1)"), "escaped");
    // Past the address's budget: 429.
    let (status, _) = app.call_json("board/search", &[("q", "owns")], &ada).await;
    assert_eq!(status, 429);
}

#[tokio::test]
async fn a_person_s_page_and_the_admins_report() {
    let app = spawn_app().await;
    let root = app.register("Root", "root@example.com", PASSWORD).await;
    let ada = app
        .register("Ada Lovelace", "ada@example.com", PASSWORD)
        .await;
    let bob = app.register("Bob", "bob@example.com", PASSWORD).await;
    let id = write(&app, &ada, "Engines", "notes", "math, engines", true).await;
    let response = app
        .post_form(&format!("/posts/{id}/like"), &[("on", "true")], Some(&bob))
        .await;
    assert_eq!(response.status(), 303);

    // Ada is 2, Bob 3: ids in the order they joined.
    let (status, html) = page(&app, "/people/2", None).await;
    assert_eq!(status, 200, "an author's page is open to all");
    assert!(html.contains("ada_lovelace"), "{html}");
    assert!(html.contains("Engines"));
    assert!(html.contains("href=\"/posts?tag=math\""));
    let (status, _) = page(&app, "/people/3", None).await;
    assert_eq!(
        status, 404,
        "someone who never posted is nobody's business but members'"
    );
    assert_eq!(page(&app, "/people/3", Some(&ada)).await.0, 200);
    for garbage in ["/people/x", "/people/99999", "/people/-1"] {
        assert_eq!(page(&app, garbage, Some(&ada)).await.0, 404, "{garbage}");
    }
    let (status, figures) = app.call_json("board/person", &[("id", "2")], &bob).await;
    assert_eq!(status, 200);
    assert_eq!(
        (
            &figures["stats"]["posts"],
            &figures["stats"]["likes_received"]
        ),
        (&serde_json::json!(1), &serde_json::json!(1))
    );

    let (status, _) = app.call_json("board/report", &[], &ada).await;
    assert_eq!(status, 403);
    let (status, report) = app.call_json("board/report", &[], &root).await;
    assert_eq!(status, 200, "{report}");
    let months = report["months"].as_array().unwrap();
    assert_eq!(months.len(), 1, "one month, one role (members): {report}");
    assert_eq!(
        (&months[0]["posts"], &months[0]["likes"]),
        (&serde_json::json!(1), &serde_json::json!(1))
    );
    assert_eq!(page(&app, "/admin/board", Some(&ada)).await.0, 403);
    assert_eq!(page(&app, "/admin/board", Some(&root)).await.0, 200);
}
