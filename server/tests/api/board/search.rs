use super::{page, write};
use crate::helpers::PASSWORD;

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
