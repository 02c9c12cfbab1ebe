use crate::helpers::{spawn_app, spawn_app_with};

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
async fn the_home_page_and_the_recipes_are_rendered_on_the_server_and_admins_see_the_database() {
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
        !body.contains("Running on"),
        "node facts are for admins: {body}"
    );
    assert!(body.contains("Create an account"), "{body}");
    let (status, _, recipes) = html(&app, "/recipes").await;
    assert_eq!(status, 200);
    assert_eq!(recipes.matches(r#"<li class="recipe">"#).count(), 48);

    let admin = app
        .register("Ada", "ada@example.com", crate::helpers::PASSWORD)
        .await;
    let body = app
        .get_page("/", Some(&admin))
        .await
        .text()
        .await
        .expect("body")
        // The markers hydration finds a translation's interpolated values by.
        .replace("<!>", "");
    assert!(
        body.contains(&format!("Running on {}", app.db.backend().name())),
        "node facts in {body}"
    );
}

#[tokio::test]
async fn the_node_status_function_answers_admins_only() {
    let app = spawn_app().await;
    let admin = app
        .register("Ada", "ada@example.com", crate::helpers::PASSWORD)
        .await;
    let member = app
        .register("Bo", "bo@example.com", crate::helpers::PASSWORD)
        .await;
    assert_eq!(app.call("node_status", &[], None).await.status(), 401);
    assert_eq!(
        app.call("node_status", &[], Some(&member)).await.status(),
        403
    );
    let answer = app.call("node_status", &[], Some(&admin)).await;
    assert_eq!(answer.status(), 200);
    let status: serde_json::Value = answer.json().await.expect("JSON");
    assert_eq!(status["database"], app.db.backend().name());
}

#[tokio::test]
async fn strict_transport_security_is_sent_when_configured_as_prod_does() {
    let plain = spawn_app().await;
    assert!(
        plain
            .get("/")
            .await
            .headers()
            .get("strict-transport-security")
            .is_none()
    );
    let app = spawn_app_with(|settings| settings.server.hsts_max_age_secs = 31_536_000).await;
    for path in ["/", "/login", "/health/live", "/nothing-here"] {
        let response = app.get(path).await;
        assert_eq!(
            response.headers()["strict-transport-security"],
            "max-age=31536000; includeSubDomains",
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_recipe_search_works_without_javascript() {
    let app = spawn_app().await;
    let (status, _, body) = html(&app, "/recipes?q=websocket").await;
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

/// The pages that need a signed-in person, and where they send a visitor.
const SIGN_IN_FIRST: [(&str, &str); 5] = [
    ("/profile", "/login?return_to=%2Fprofile"),
    ("/chat", "/login?return_to=%2Fchat"),
    ("/dashboard", "/login?return_to=%2Fdashboard"),
    ("/uploads", "/login?return_to=%2Fuploads"),
    ("/admin/system", "/login?return_to=%2Fadmin%2Fsystem"),
];

#[tokio::test]
async fn a_visitor_is_sent_to_sign_in_whatever_the_client_accepts() {
    let app = spawn_app().await;
    // curl's default, a browser's, a script that says nothing, and a JSON client.
    for accept in [
        Some("*/*"),
        Some("text/html"),
        None,
        Some("application/json"),
    ] {
        for (path, sign_in) in SIGN_IN_FIRST {
            let mut request = app.client.get(app.url(path));
            if let Some(accept) = accept {
                request = request.header("accept", accept);
            }
            let response = request.send().await.expect("sent");
            assert_eq!(response.status(), 302, "{path} with Accept {accept:?}");
            assert_eq!(response.headers()["location"], sign_in, "{path}");
            let body = response.text().await.expect("body");
            assert!(body.is_empty(), "{path}: never a page: {body}");
        }
    }
}

#[tokio::test]
async fn a_head_request_is_sent_to_sign_in_too() {
    let app = spawn_app().await;
    for (path, sign_in) in SIGN_IN_FIRST {
        let response = app.client.head(app.url(path)).send().await.expect("sent");
        assert_eq!(response.status(), 302, "{path}");
        assert_eq!(response.headers()["location"], sign_in, "{path}");
    }
}

#[tokio::test]
async fn a_member_gets_403_for_the_admin_page_whatever_the_client_accepts() {
    let app = spawn_app().await;
    app.register("Ada", "ada@example.com", crate::helpers::PASSWORD)
        .await;
    let member = app
        .register("Bo", "bo@example.com", crate::helpers::PASSWORD)
        .await;
    for accept in ["*/*", "text/html"] {
        let response = app
            .client
            .get(app.url("/admin/system"))
            .header("accept", accept)
            .header("cookie", &member)
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), 403, "Accept {accept}");
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
async fn a_path_no_file_could_have_is_simply_not_found() {
    let app = spawn_app().await;
    for path in [
        format!("/{}", "a".repeat(256)),
        format!("/icons/{}.png", "a".repeat(300)),
        format!("/{}", "a/".repeat(2000)),
        format!("/pkg/{}", "b".repeat(256)),
    ] {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 404, "{}…", &path[..20]);
    }
}

#[tokio::test]
async fn a_directory_is_not_found_and_never_redirects_to_another_host() {
    let app = spawn_app().await;
    for path in ["/icons", "//icons", "/icons/", "//icons/", "/pkg", "/pkg/"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert!(response.headers().get("location").is_none(), "{path}");
    }
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
