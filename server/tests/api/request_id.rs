use crate::helpers::spawn_app;

fn request_id(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("x-request-id")
        .expect("every response carries x-request-id")
        .to_str()
        .expect("ascii")
        .to_owned()
}

#[tokio::test]
async fn a_request_without_an_id_gets_a_fresh_uuid() {
    let app = spawn_app().await;
    let first = request_id(&app.get("/health/live").await);
    let second = request_id(&app.get("/health/live").await);
    assert!(uuid::Uuid::parse_str(&first).is_ok(), "{first} is a UUID");
    assert_ne!(first, second);
}

#[tokio::test]
async fn the_callers_request_id_is_echoed() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/"))
        .header("x-request-id", "edge-7f3a.42")
        .send()
        .await
        .expect("sent");
    assert_eq!(request_id(&response), "edge-7f3a.42");
}

#[tokio::test]
async fn an_unacceptable_request_id_is_replaced() {
    let app = spawn_app().await;
    let forged = "x".repeat(200);
    let response = app
        .client
        .get(app.url("/health/live"))
        .header("x-request-id", &forged)
        .send()
        .await
        .expect("sent");
    let id = request_id(&response);
    assert_ne!(id, forged);
    assert!(uuid::Uuid::parse_str(&id).is_ok());
}

#[tokio::test]
async fn error_responses_carry_the_request_id_too() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/no/such/page"))
        .header("x-request-id", "trace-404")
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 404);
    assert_eq!(request_id(&response), "trace-404");
}
