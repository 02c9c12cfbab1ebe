use crate::helpers::{TestApp, spawn_app};

async fn post(app: &TestApp, headers: &[(&str, &str)]) -> reqwest::StatusCode {
    let mut request = app
        .client
        .post(app.url("/rpc/email_taken"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("email=ada%40example.com");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("sent").status()
}

#[tokio::test]
async fn a_cross_site_post_is_refused_with_403() {
    let app = spawn_app().await;
    assert_eq!(post(&app, &[("sec-fetch-site", "cross-site")]).await, 403);
    assert_eq!(post(&app, &[("origin", "https://evil.example")]).await, 403);
}

#[tokio::test]
async fn a_same_origin_post_goes_through() {
    let app = spawn_app().await;
    assert_eq!(post(&app, &[("sec-fetch-site", "same-origin")]).await, 200);
    assert_eq!(post(&app, &[("origin", app.address.as_str())]).await, 200);
}

#[tokio::test]
async fn a_post_from_a_non_browser_client_goes_through() {
    let app = spawn_app().await;
    assert_eq!(post(&app, &[]).await, 200);
}

#[tokio::test]
async fn cross_site_reads_are_not_writes_and_pass() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 200);
}
