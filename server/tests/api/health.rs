use serde_json::Value;

use crate::helpers::spawn_app;

#[tokio::test]
async fn liveness_answers_ok() {
    let app = spawn_app().await;
    let response = app.get("/health/live").await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn readiness_checks_the_database() {
    let app = spawn_app().await;
    let response = app.get("/health/ready").await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["checks"]["database"]["status"], "ok");
    assert!(body["checks"]["database"]["duration_ms"].is_number());
}

#[tokio::test]
async fn readiness_fails_without_leaking_details_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.db.close().await;

    let response = app.get("/health/ready").await;
    assert_eq!(response.status(), 503);
    let text = response.text().await.expect("body");
    let body: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(body["status"], "unavailable");
    assert_eq!(body["checks"]["database"]["status"], "unavailable");
    assert!(
        !text.to_lowercase().contains("pool"),
        "no internals in {text}"
    );

    let live = app.get("/health/live").await;
    assert_eq!(
        live.status(),
        200,
        "liveness does not depend on the database"
    );
}
