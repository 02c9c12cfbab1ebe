//! Which version answers: the path's, else the `Accept` header's, else the current (v2); v1
//! says it is deprecated.

use reqwest::Method;

use super::{Client, send};
use crate::helpers::spawn_app;

#[tokio::test]
async fn the_path_names_the_version_and_v1_says_it_is_deprecated() {
    let app = spawn_app().await;
    let (ada, _) = Client::register(&app, "ada@example.com", "read").await;

    let v1 = ada.get("/api/v1/me").await;
    assert_eq!(v1.status, 200);
    assert_eq!(v1.header("api-version"), Some("1"));
    assert!(v1.body["data"]["inserted_at"].is_string());
    assert_eq!(v1.header("deprecation"), Some("@1796083200"));
    assert_eq!(v1.header("sunset"), Some("Wed, 30 Jun 2027 23:59:59 GMT"));
    let link = v1.header("link").expect("a link to v2");
    assert!(link.contains("rel=\"successor-version\""), "{link}");
    assert!(link.contains("</api/docs>; rel=\"deprecation\""), "{link}");

    let v2 = ada.get("/api/v2/me").await;
    assert_eq!(v2.header("api-version"), Some("2"));
    assert!(v2.body["data"]["created_at"].is_string());
    assert!(v2.body["data"].get("inserted_at").is_none());
    assert_eq!(v2.header("deprecation"), None);
}

#[tokio::test]
async fn api_documents_are_data_and_its_reference_pages_are_pages() {
    let app = spawn_app().await;
    let (ada, _) = Client::register(&app, "ada@example.com", "read").await;
    for path in ["/api/v2/me", "/api/v1/me", "/api/v2/nowhere"] {
        let answer = ada.get(path).await;
        assert_eq!(
            answer.header("content-security-policy"),
            Some("default-src 'none'; frame-ancestors 'none'"),
            "{path}"
        );
        assert_eq!(answer.header("x-frame-options"), Some("DENY"), "{path}");
        assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
    }
    let page = app.get("/api/docs").await;
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .expect("ascii");
    assert!(policy.contains("frame-ancestors 'self'"), "{policy}");
    assert!(policy.contains("'nonce-"), "{policy}");
}

#[tokio::test]
async fn without_a_version_in_the_path_the_accept_header_decides_else_the_current() {
    let app = spawn_app().await;
    let (ada, _) = Client::register(&app, "ada@example.com", "read").await;
    let token = Some(ada.token.as_str());
    let ask = async |accept: &[(&str, &str)], path: &str| {
        send(&app, Method::GET, path, token, None, accept).await
    };

    let none = ask(&[], "/api/me").await;
    assert_eq!((none.status, none.header("api-version")), (200, Some("2")));
    assert_eq!(none.header("vary"), Some("accept"));

    let v1 = ask(&[("accept", "application/vnd.commons.v1+json")], "/api/me").await;
    assert_eq!(v1.header("api-version"), Some("1"));
    assert!(v1.body["data"]["inserted_at"].is_string());

    let listed = ask(
        &[("accept", "text/html, application/vnd.commons.v1+json;q=0.9")],
        "/api/me",
    )
    .await;
    assert_eq!(listed.header("api-version"), Some("1"));

    let v2 = ask(&[("accept", "application/vnd.commons.v2+json")], "/api/me").await;
    assert_eq!(v2.header("api-version"), Some("2"));

    // The path wins over the header.
    let disagreeing = ask(
        &[("accept", "application/vnd.commons.v2+json")],
        "/api/v1/me",
    )
    .await;
    assert_eq!(disagreeing.header("api-version"), Some("1"));
    let unknown = ask(&[("accept", "application/vnd.commons.v9+json")], "/api/me").await;
    assert_eq!(unknown.header("api-version"), Some("2"));
}

#[tokio::test]
async fn each_version_has_its_document_and_a_reference_page_read_from_it() {
    let app = spawn_app().await;
    for version in ["v1", "v2"] {
        let document: serde_json::Value = app
            .get(&format!("/api/{version}/openapi.json"))
            .await
            .json()
            .await
            .expect("JSON");
        assert_eq!(document["openapi"], "3.1.0");
        assert_eq!(document["servers"][0]["url"], format!("/api/{version}"));
        assert!(document["paths"]["/rooms/{id}/messages"]["post"].is_object());
        assert!(document["components"]["securitySchemes"]["bearer"].is_object());
    }
    let v1: serde_json::Value = app
        .get("/api/v1/openapi.json")
        .await
        .json()
        .await
        .expect("JSON");
    let v2: serde_json::Value = app
        .get("/api/v2/openapi.json")
        .await
        .json()
        .await
        .expect("JSON");
    let message = |document: &serde_json::Value| {
        document["components"]["schemas"]["Message"]["properties"].clone()
    };
    assert!(message(&v1).get("author_id").is_some());
    assert!(message(&v2).get("author").is_some());

    for (path, heading) in [
        ("/api/docs", "Commons API v2"),
        ("/api/docs/v1", "Commons API v1"),
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status(), 200, "{path}");
        let html = page.text().await.expect("the page");
        assert!(html.contains(heading), "{path}");
        assert!(
            html.contains("/rooms/{id}/messages"),
            "every operation is listed"
        );
        assert!(html.contains("id=\"schema-Problem\""), "and every schema");
    }
    assert_eq!(app.get("/api/docs/v9").await.status(), 404);
}
