//! The streamed file routes with a bearer token: the API's budget and problem shape, and an
//! upload that outlives its token or account is not kept.

use bytes::Bytes;
use reqwest::Method;
use serde_json::json;
use tokio::sync::mpsc;

use super::{Client, send};
use crate::{
    chat::wait_for,
    helpers::{spawn_app, spawn_app_with},
    uploads::samples,
};

/// Starts `POST /uploads?name=…` with `token` and a body sent in two halves: the answer comes
/// once `between` has run and the second half is sent.
async fn upload_in_two_halves(
    app: &crate::helpers::TestApp,
    token: &str,
    between: impl AsyncFnOnce(),
) -> reqwest::Response {
    let picture = samples::png();
    let (first, second) = picture.split_at(picture.len() / 2);
    let (sender, receiver) = mpsc::channel::<Result<Bytes, std::io::Error>>(2);
    let chunks = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|chunk| (chunk, receiver))
    });
    let body = reqwest::Body::wrap_stream(chunks);
    let request = app
        .client
        .post(app.url("/uploads"))
        .query(&[("name", "slow.png")])
        .bearer_auth(token)
        .header("content-length", picture.len())
        .body(body)
        .send();
    let sending = tokio::spawn(request);
    sender
        .send(Ok(Bytes::copy_from_slice(first)))
        .await
        .expect("first half");
    // The upload is under way once its partial file exists.
    wait_for(|| app.files_in("tmp") == 1).await;
    between().await;
    sender
        .send(Ok(Bytes::copy_from_slice(second)))
        .await
        .expect("second half");
    drop(sender);
    sending.await.expect("the request task").expect("an answer")
}

async fn problem(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let content_type = response.headers()["content-type"]
        .to_str()
        .expect("text")
        .to_owned();
    assert_eq!(content_type, "application/problem+json");
    let body: serde_json::Value = response.json().await.expect("JSON");
    (status, body["type"].as_str().expect("a type").to_owned())
}

#[tokio::test]
async fn an_upload_whose_token_is_revoked_or_account_deleted_meanwhile_is_not_kept() {
    let app = spawn_app().await;
    let (admin, _) = Client::register(&app, "root@example.com", "read write").await;
    let (ada, _) = Client::register(&app, "ada@example.com", "read write").await;
    let token_id = ada.get("/api/v2/tokens").await.body["data"][0]["id"]
        .as_i64()
        .expect("id");

    let revoked = upload_in_two_halves(&app, &ada.token, async || {
        assert_eq!(
            ada.delete(&format!("/api/v2/tokens/{token_id}"))
                .await
                .status,
            204
        );
    })
    .await;
    assert_eq!(
        problem(revoked).await,
        (401, "urn:commons:problem:unauthorized".into())
    );

    let (bo, bo_id) = Client::register(&app, "bo@example.com", "read write").await;
    let deleted = upload_in_two_halves(&app, &bo.token, async || {
        assert_eq!(
            admin.delete(&format!("/api/v2/users/{bo_id}")).await.status,
            204
        );
    })
    .await;
    assert_eq!(deleted.status(), 401);

    let stored: i64 = domain::with_pool!(&app.db, |pool| {
        sqlx::query_scalar("SELECT COUNT(*) FROM uploads")
            .fetch_one(pool)
            .await
    })
    .expect("counted");
    assert_eq!(stored, 0, "neither file was kept");
    assert_eq!(app.files_in("files"), 0);
    assert_eq!(app.files_in("tmp"), 0);
}

#[tokio::test]
async fn the_file_routes_spend_the_tokens_budget_and_refuse_in_the_apis_shape() {
    let app = spawn_app_with(|settings| {
        settings.limits.api_requests_per_minute = 1;
        settings.limits.api_burst = 4;
    })
    .await;
    let (ada, _) = Client::register(&app, "ada@example.com", "read write").await;
    let upload = async |name: &str, body: Vec<u8>| {
        app.client
            .post(app.url("/uploads"))
            .query(&[("name", name)])
            .bearer_auth(&ada.token)
            .body(body)
            .send()
            .await
            .expect("sent")
    };
    let refused = upload("tool.exe", samples::exe()).await;
    assert_eq!(refused.headers()["x-ratelimit-remaining"], "3");
    assert_eq!(
        problem(refused).await,
        (415, "urn:commons:problem:unsupported_media_type".into())
    );
    let stored = upload("diagram.png", samples::png()).await;
    assert_eq!(stored.status(), 201);
    let id = stored.json::<serde_json::Value>().await.expect("JSON")["id"]
        .as_i64()
        .expect("id");
    let download = async || {
        app.client
            .get(app.url(&format!("/uploads/{id}")))
            .bearer_auth(&ada.token)
            .send()
            .await
            .expect("sent")
    };
    assert_eq!(download().await.status(), 200);
    let missing = app
        .client
        .get(app.url("/uploads/424242"))
        .bearer_auth(&ada.token)
        .send()
        .await
        .expect("sent");
    assert_eq!(
        problem(missing).await,
        (404, "urn:commons:problem:not_found".into())
    );
    let over = download().await;
    assert_eq!(over.status(), 429, "four spent: the budget is out");
    assert!(over.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn a_cross_site_write_to_the_api_is_refused_as_a_problem() {
    let app = spawn_app().await;
    let cookie = app
        .register("Ada", "ada@example.com", crate::helpers::PASSWORD)
        .await;
    let answer = send(
        &app,
        Method::DELETE,
        "/api/v2/tokens/1",
        None,
        None,
        &[("cookie", &cookie), ("sec-fetch-site", "cross-site")],
    )
    .await;
    assert_eq!((answer.status, answer.problem()), (403, "forbidden"));
    let same_site = send(
        &app,
        Method::POST,
        "/api/v2/rooms",
        None,
        Some(json!({ "name": "general" })),
        &[("cookie", &cookie), ("origin", "https://evil.example")],
    )
    .await;
    assert_eq!((same_site.status, same_site.problem()), (403, "forbidden"));
}
