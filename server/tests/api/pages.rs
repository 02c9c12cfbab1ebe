use crate::helpers::spawn_app;

async fn html(
    app: &crate::helpers::TestApp,
    path: &str,
) -> (reqwest::StatusCode, reqwest::header::HeaderMap, String) {
    let response = app.get(path).await;
    let status = response.status();
    let headers = response.headers().clone();
    (status, headers, response.text().await.expect("body"))
}

#[tokio::test]
async fn the_home_page_is_rendered_on_the_server_with_the_database_it_runs_on() {
    let app = spawn_app().await;
    let (status, headers, body) = html(&app, "/").await;
    assert_eq!(status, 200);
    assert!(
        headers["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("text/html")
    );
    assert!(body.contains("<title>Commons</title>"), "{body}");
    assert!(
        body.contains(&format!("Running on {}", app.db.backend().name())),
        "node facts in {body}"
    );
    assert_eq!(body.matches(r#"<li class="recipe">"#).count(), 48);
}

#[tokio::test]
async fn the_recipe_search_works_without_javascript() {
    let app = spawn_app().await;
    let (status, _, body) = html(&app, "/?q=websocket").await;
    assert_eq!(status, 200);
    assert_eq!(body.matches(r#"<li class="recipe">"#).count(), 1);
    assert!(body.contains("WebSocket channels"));
    assert!(body.contains("1 of 48 shown"));
}

#[tokio::test]
async fn every_inline_script_carries_the_nonce_of_the_pages_policy() {
    let app = spawn_app().await;
    let (_, headers, body) = html(&app, "/").await;
    let policy = headers["content-security-policy"].to_str().expect("ascii");
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the policy");
    let scripts = body.matches("<script").count();
    assert!(scripts >= 1, "the hydration script is inline");
    assert_eq!(
        body.matches(&format!(r#"nonce="{nonce}""#)).count(),
        scripts,
        "{body}"
    );
    assert!(!policy.contains("unsafe-inline"));

    let (_, second, _) = html(&app, "/").await;
    assert_ne!(
        second["content-security-policy"], headers["content-security-policy"],
        "a new nonce per response"
    );
}

#[tokio::test]
async fn html_responses_carry_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/", "/chat", "/missing"] {
        let (_, headers, _) = html(&app, path).await;
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(
            headers["referrer-policy"], "strict-origin-when-cross-origin",
            "{path}"
        );
        let policy = headers["content-security-policy"].to_str().expect("ascii");
        assert!(
            policy.contains("frame-ancestors 'self'"),
            "{path}: {policy}"
        );
    }
}

#[tokio::test]
async fn an_unknown_path_answers_404_with_the_not_found_page() {
    let app = spawn_app().await;
    let (status, _, body) = html(&app, "/there/is/nothing/here").await;
    assert_eq!(status, 404);
    assert!(
        body.contains("<title>Page not found · Commons</title>"),
        "{body}"
    );

    let post = app
        .client
        .post(app.url("/nothing"))
        .send()
        .await
        .expect("sent");
    assert_eq!(post.status(), 404);
}

#[tokio::test]
async fn the_manifest_is_served_as_a_web_app_manifest() {
    let app = spawn_app().await;
    let response = app.get("/manifest.webmanifest").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/manifest+json"
    );
    let manifest: serde_json::Value = response.json().await.expect("valid JSON");
    assert_eq!(manifest["display"], "standalone");
}

#[tokio::test]
async fn the_service_worker_is_stamped_with_the_build_and_always_revalidated() {
    let app = spawn_app().await;
    let response = app.get("/sw.js").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("text/javascript")
    );
    assert_eq!(response.headers()["cache-control"], "no-cache");
    let script = response.text().await.expect("body");
    assert!(!script.contains("__BUILD_ID__"));
    let build = script
        .split(r#"const BUILD = ""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a build id");
    assert_eq!(build.len(), 16);
    assert!(build.chars().all(|c| c.is_ascii_hexdigit()), "{build}");
}
