//! A client's mistakes get a 4xx that says so, never a 5xx: arguments that do not parse, a
//! missing field, a body of the wrong kind, a body over the limit.

use crate::helpers::{PASSWORD, TestApp, spawn_app};

async fn raw_call(
    app: &TestApp,
    endpoint: &str,
    content_type: &str,
    body: impl Into<reqwest::Body>,
    cookie: &str,
) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/rpc/{endpoint}")))
        .header("sec-fetch-site", "same-origin")
        .header("content-type", content_type)
        .header("cookie", cookie)
        .body(body)
        .send()
        .await
        .expect("sent")
}

#[tokio::test]
async fn server_functions_answer_bad_arguments_with_400_and_huge_bodies_with_413() {
    let app = spawn_app().await;
    let ada = app.register("Ada", "ada@example.com", PASSWORD).await;
    let form = "application/x-www-form-urlencoded";
    for (endpoint, content_type, body) in [
        ("chat/delete_room", form, "room_id=abc".to_owned()),
        ("chat/delete_room", form, String::new()),
        ("chat/create_room", form, "name=lobby".to_owned()),
        (
            "chat/create_room",
            "application/json",
            r#"{"name":"lobby","private":false}"#.to_owned(),
        ),
        ("uploads/delete", form, "id=%FF%FE".to_owned()),
    ] {
        let response = raw_call(&app, endpoint, content_type, body.clone(), &ada).await;
        assert_eq!(response.status(), 400, "{endpoint} {body}");
        let error: serde_json::Value = response.json().await.expect("the error as JSON");
        assert!(error.get("BadRequest").is_some(), "{error}");
    }
    let huge = format!("name={}&private=false", "a".repeat(3 * 1024 * 1024));
    let response = raw_call(&app, "chat/create_room", form, huge, &ada).await;
    assert_eq!(response.status(), 413);

    let invalid_utf8 = raw_call(&app, "chat/create_room", form, vec![0xff, 0xfe, 0xfd], &ada).await;
    assert_eq!(invalid_utf8.status(), 400);
}

#[tokio::test]
async fn none_of_that_counts_as_a_server_error() {
    let app = spawn_app().await;
    let ada = app.register("Ada", "ada@example.com", PASSWORD).await;
    for _ in 0..3 {
        raw_call(
            &app,
            "chat/delete_room",
            "application/x-www-form-urlencoded",
            "room_id=abc",
            &ada,
        )
        .await;
        app.get(&format!("/{}", "x".repeat(300))).await;
    }
    let metrics = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth(crate::helpers::METRICS_TOKEN)
        .send()
        .await
        .expect("sent")
        .text()
        .await
        .expect("text");
    let server_errors = metrics
        .lines()
        .find(|line| line.starts_with(r#"commons_http_responses_total{class="5xx"}"#));
    assert!(
        server_errors.is_none_or(|line| line.ends_with(" 0")),
        "{server_errors:?}"
    );
}
