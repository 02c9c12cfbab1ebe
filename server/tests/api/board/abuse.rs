//! What an attacker would send: garbage, no session, another site's form, too much.

use super::{location, page, write};
use crate::helpers::{PASSWORD, spawn_app};

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
