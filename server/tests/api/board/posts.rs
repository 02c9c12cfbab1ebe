use super::{location, page, write};
use crate::{
    helpers::{PASSWORD, spawn_app},
    mail::flash,
};

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
