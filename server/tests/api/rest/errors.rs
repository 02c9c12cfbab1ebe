//! Every refusal is a problem body with a stable type, and bad input is never a 5xx.

use reqwest::Method;
use serde_json::json;

use super::{Client, send};
use crate::helpers::spawn_app;

#[tokio::test]
async fn no_token_or_a_bad_one_is_401_with_a_bearer_challenge() {
    let app = spawn_app().await;
    let nobody = send(&app, Method::GET, "/api/v2/me", None, None, &[]).await;
    assert_eq!(nobody.status, 401);
    assert_eq!(nobody.problem(), "unauthorized");
    assert_eq!(
        nobody.header("www-authenticate"),
        Some("Bearer realm=\"commons\"")
    );
    assert_eq!(nobody.body["status"], 401);
    assert!(nobody.body["title"].is_string() && nobody.body["detail"].is_string());

    for token in ["cmn_not-a-token", "someone-elses-scheme"] {
        let bad = send(&app, Method::GET, "/api/v1/rooms", Some(token), None, &[]).await;
        assert_eq!(bad.status, 401);
        assert_eq!(
            bad.header("www-authenticate"),
            Some("Bearer realm=\"commons\", error=\"invalid_token\"")
        );
    }
    let basic = send(
        &app,
        Method::GET,
        "/api/v1/rooms",
        None,
        None,
        &[("authorization", "Basic YTpi")],
    )
    .await;
    assert_eq!(basic.status, 401);
}

#[tokio::test]
async fn malformed_json_wrong_types_and_wrong_shapes_are_400_415_and_422() {
    let app = spawn_app().await;
    let (ada, _) = Client::register(&app, "ada@example.com", "read write").await;
    let token = ada.token.as_str();
    let raw = async |content_type: &str, body: &str| {
        let response = app
            .client
            .post(app.url("/api/v2/rooms"))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(body.to_owned())
            .send()
            .await
            .expect("sent");
        let status = response.status().as_u16();
        let problem: serde_json::Value = response.json().await.expect("a problem");
        (status, problem)
    };

    let (status, problem) = raw("application/json", "{\n  \"name\": \"x\",,\n}").await;
    assert_eq!(
        (status, problem["type"].as_str()),
        (400, Some("urn:commons:problem:malformed_json"))
    );
    let detail = problem["detail"].as_str().expect("a detail");
    assert!(detail.contains("line 2, column 15"), "{detail}");

    let (status, problem) = raw("text/plain", "{\"name\": \"x\"}").await;
    assert_eq!(
        (status, problem["type"].as_str()),
        (415, Some("urn:commons:problem:unsupported_media_type"))
    );
    let (status, _) = raw("application/x-www-form-urlencoded", "name=x").await;
    assert_eq!(status, 415);

    let (status, problem) = raw("application/json", "{\"name\": 7}").await;
    assert_eq!(status, 422);
    assert!(
        problem["errors"]["name"]
            .as_str()
            .expect("the field")
            .contains("invalid type")
    );
    let (status, problem) = raw("application/json", "{\"name\": \"x\", \"colour\": \"red\"}").await;
    assert_eq!(status, 422);
    let unknown = problem["errors"]["colour"]
        .as_str()
        .expect("named by its path");
    assert!(unknown.contains("unknown field `colour`"), "{unknown}");
    let (status, problem) = raw("application/json", "[1, 2]").await;
    assert_eq!(status, 422);
    assert!(
        problem["errors"]["body"].is_string(),
        "the whole body is the wrong shape: {problem}"
    );

    let empty_name = ada.post("/api/v2/rooms", json!({ "name": "  " })).await;
    assert_eq!((empty_name.status, empty_name.problem()), (422, "invalid"));
    assert!(
        empty_name.body["errors"]["name"].is_string(),
        "the form's own rule"
    );
}

#[tokio::test]
async fn paths_queries_and_methods_that_do_not_fit_are_4xx_problems() {
    let app = spawn_app().await;
    let (ada, _) = Client::register(&app, "ada@example.com", "read write").await;
    for path in [
        "/api/v2/rooms/abc",
        "/api/v2/rooms/99999999999999999999999",
        "/api/v1/rooms?page=0",
        "/api/v1/rooms?limit=101",
        "/api/v1/rooms?limit=-1",
        "/api/v2/rooms?cursor=forged",
        "/api/v2/rooms?limit=abc",
    ] {
        let answer = ada.get(path).await;
        assert_eq!(
            (answer.status, answer.problem()),
            (400, "bad_request"),
            "{path}"
        );
    }
    let missing = ada.get("/api/v2/nothing-here").await;
    assert_eq!((missing.status, missing.problem()), (404, "not_found"));
    let no_room = ada.get("/api/v2/rooms/424242").await;
    assert_eq!((no_room.status, no_room.problem()), (404, "not_found"));
    let wrong_method = ada.send(Method::PUT, "/api/v2/me", None).await;
    assert_eq!(
        (wrong_method.status, wrong_method.problem()),
        (405, "method_not_allowed")
    );
}
