//! Commons' sockets before the upgrade: the token route, what the tokens open, the origins
//! allowed, and the node's drain. The engine's own rules (frames, heartbeats, joins, limits,
//! closes) are tested in `realtime/tests/engine`.

use serde_json::json;
use tokio_tungstenite::tungstenite::{client::IntoClientRequest, http::HeaderValue};

use crate::{
    helpers::{PASSWORD, disable_every_account, spawn_app, spawn_app_with},
    socket_client::refusal_status,
};

async fn token_for(app: &crate::helpers::TestApp, email: &str) -> String {
    let cookie = app.register("Ada", email, PASSWORD).await;
    app.socket_token(&cookie).await
}

#[tokio::test]
async fn a_socket_token_needs_a_session() {
    let app = spawn_app().await;
    let response = app.get("/socket/token").await;
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn a_socket_without_a_valid_token_is_refused_with_403() {
    let app = spawn_app().await;
    let token = token_for(&app, "ada@example.com").await;
    let mut tampered = token.clone();
    tampered.insert(3, 'x');
    for query in [
        "vsn=2.0.0".to_owned(),
        "vsn=2.0.0&token=".to_owned(),
        "vsn=2.0.0&token=nonsense".to_owned(),
        format!("vsn=2.0.0&token={tampered}"),
    ] {
        let request = app.ws_url(&query).into_client_request().expect("a request");
        assert_eq!(refusal_status(app.ws_open(request).await), 403, "{query}");
    }
}

#[tokio::test]
async fn a_token_of_a_disabled_account_is_refused() {
    let app = spawn_app().await;
    let token = token_for(&app, "ada@example.com").await;
    disable_every_account(&app.db).await;
    let request = app
        .ws_url(&format!("vsn=2.0.0&token={token}"))
        .into_client_request()
        .expect("a request");
    assert_eq!(refusal_status(app.ws_open(request).await), 403);
}

#[tokio::test]
async fn a_foreign_origin_is_refused_and_the_own_or_a_configured_one_is_not() {
    let app = spawn_app_with(|settings| {
        settings.realtime.allowed_origins = vec!["https://app.example.com".into()];
    })
    .await;
    let token = token_for(&app, "ada@example.com").await;
    let url = app.ws_url(&format!("vsn=2.0.0&token={token}"));
    let with_origin = |origin: &str| {
        let mut request = url.clone().into_client_request().expect("a request");
        request
            .headers_mut()
            .insert("origin", HeaderValue::from_str(origin).expect("a header"));
        request
    };
    assert_eq!(
        refusal_status(app.ws_open(with_origin("https://evil.example")).await),
        403
    );
    // The own host and port under another scheme is another origin.
    let host = app.address.trim_start_matches("http://");
    for other_scheme in [format!("evil://{host}"), format!("https://{host}")] {
        assert_eq!(
            refusal_status(app.ws_open(with_origin(&other_scheme)).await),
            403,
            "{other_scheme}"
        );
    }
    assert!(
        app.ws_open(with_origin(&app.address)).await.is_ok(),
        "own origin"
    );
    assert!(
        app.ws_open(with_origin("https://app.example.com"))
            .await
            .is_ok(),
        "configured"
    );
}

#[tokio::test]
async fn stopping_the_node_closes_sockets_with_1012_so_clients_come_back() {
    let mut app = spawn_app().await;
    let mut socket = app.ws_user("Ada", "ada@example.com").await;
    assert_eq!(socket.heartbeat().await.ok(), &json!({}));
    app.begin_shutdown();
    assert_eq!(socket.closed().await, 1012);
    app.stopped().await.expect("a clean stop");
}
