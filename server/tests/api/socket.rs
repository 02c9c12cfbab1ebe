//! The socket endpoint over raw frames: every refusal happens before the upgrade, and each rule
//! of `shared/PROTOCOL.md` that needs no particular channel.

use std::time::Duration;

use model::wire::binary;
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
async fn a_non_get_upgrade_is_refused_with_400() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/socket/websocket?vsn=2.0.0"))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn a_plain_get_with_a_valid_token_is_not_an_upgrade_and_gets_400() {
    let app = spawn_app().await;
    let cookie = app.register("Ada", "ada@example.com", PASSWORD).await;
    let token = app.socket_token(&cookie).await;
    let response = app
        .get(&format!("/socket/websocket?vsn=2.0.0&token={token}"))
        .await;
    assert_eq!(response.status(), 400);
    assert_eq!(response.text().await.unwrap(), "not a WebSocket upgrade");
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
async fn only_protocol_version_2_is_spoken() {
    let app = spawn_app().await;
    let token = token_for(&app, "ada@example.com").await;
    for vsn in ["1.0.0", "3.0.0", ""] {
        let request = app
            .ws_url(&format!("vsn={vsn}&token={token}"))
            .into_client_request()
            .expect("a request");
        assert_eq!(refusal_status(app.ws_open(request).await), 403, "vsn {vsn}");
    }
    let request = app
        .ws_url(&format!("token={token}"))
        .into_client_request()
        .expect("a request");
    assert_eq!(refusal_status(app.ws_open(request).await), 403, "no vsn");
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
async fn the_token_may_come_as_the_auth_token_subprotocol_and_phoenix_is_chosen() {
    let app = spawn_app().await;
    let token = token_for(&app, "ada@example.com").await;
    // What the JS client sends for `authToken`: base64 without padding, behind the prefix.
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD_NO_PAD.encode(&token);
    let mut request = app
        .ws_url("vsn=2.0.0")
        .into_client_request()
        .expect("a request");
    request.headers_mut().insert(
        "sec-websocket-protocol",
        HeaderValue::from_str(&format!("phoenix, base64url.bearer.phx.{encoded}"))
            .expect("a header"),
    );
    let (_stream, response) = tokio_tungstenite::connect_async(request)
        .await
        .expect("the socket opens");
    assert_eq!(
        response
            .headers()
            .get("sec-websocket-protocol")
            .map(|v| v.as_bytes()),
        Some(&b"phoenix"[..])
    );
}

#[tokio::test]
async fn a_heartbeat_is_answered_ok_without_joining_anything() {
    let app = spawn_app().await;
    let mut socket = app.ws_user("Ada", "ada@example.com").await;
    let reply = socket.heartbeat().await;
    assert_eq!(reply.ok(), &json!({}));
}

#[tokio::test]
async fn a_join_to_a_topic_no_channel_handles_is_an_unmatched_topic() {
    let app = spawn_app().await;
    let mut socket = app.ws_user("Ada", "ada@example.com").await;
    let (_, reply) = socket.join("nowhere:1", json!({})).await;
    assert_eq!(reply.error(), &json!({"reason": "unmatched topic"}));
}

#[tokio::test]
async fn a_message_to_a_topic_not_joined_is_an_unmatched_topic_and_a_leave_is_ok() {
    let app = spawn_app().await;
    let mut socket = app.ws_user("Ada", "ada@example.com").await;
    let reply = socket
        .push("1", "room:1", "new_message", json!({"body": "hi"}))
        .await;
    assert_eq!(reply.error(), &json!({"reason": "unmatched topic"}));
    let reply = socket.push("1", "room:1", "phx_leave", json!({})).await;
    assert_eq!(reply.ok(), &json!({}));
}

#[tokio::test]
async fn a_malformed_frame_closes_only_its_own_socket() {
    let app = spawn_app().await;
    let token = token_for(&app, "ada@example.com").await;
    let mut bystander = app.ws_connect(&token).await;
    for junk in [
        "not json",
        "[]",
        r#"["1","1","t","e"]"#,
        r#"["1","1","t","e",[]]"#,
        r#"[1,2,3,4,5]"#,
        r#"{"topic":"t"}"#,
    ] {
        let mut socket = app.ws_connect(&token).await;
        socket.send_text(junk).await;
        assert_eq!(socket.closed().await, 1007, "{junk}");
    }
    for junk in [
        vec![],
        vec![0, 5, 5],
        vec![9, 1, 2],
        vec![0, 1, 0, 0, 0, 0xff],
    ] {
        let mut socket = app.ws_connect(&token).await;
        socket.send_binary(junk.clone()).await;
        assert_eq!(socket.closed().await, 1007, "{junk:?}");
    }
    assert_eq!(bystander.heartbeat().await.ok(), &json!({}));
}

#[tokio::test]
async fn a_binary_push_is_read_like_a_text_one() {
    let app = spawn_app().await;
    let mut socket = app.ws_user("Ada", "ada@example.com").await;
    let frame = binary::encode_client("1", "7", "room:1", "upload", &[1, 2, 3]).expect("encodes");
    socket.send_binary(frame).await;
    let reply = socket.reply_to("7").await;
    assert_eq!(reply.error(), &json!({"reason": "unmatched topic"}));
}

#[tokio::test]
async fn a_frame_over_the_size_limit_closes_the_socket_with_1009() {
    let app = spawn_app_with(|settings| settings.realtime.max_frame_bytes = 1024).await;
    let mut socket = app.ws_user("Ada", "ada@example.com").await;
    let body = "x".repeat(2048);
    socket
        .send(
            Some("1"),
            Some("1"),
            "room:1",
            "new_message",
            json!({"body": body}),
        )
        .await;
    assert_eq!(socket.closed().await, 1009);
}

#[tokio::test]
async fn a_silent_socket_is_closed_after_the_idle_timeout_and_a_heartbeat_keeps_it_open() {
    let app = spawn_app_with(|settings| settings.realtime.idle_timeout_secs = 1).await;
    let mut chatty = app.ws_user("Ada", "ada@example.com").await;
    let token = app
        .socket_token(&app.register("Bob", "bob@example.com", PASSWORD).await)
        .await;
    let mut silent = app.ws_connect(&token).await;
    let started = tokio::time::Instant::now();
    // Heartbeats every 400 ms keep one socket open past the other's timeout.
    let heartbeats = async {
        while started.elapsed() < Duration::from_millis(2500) {
            assert_eq!(chatty.heartbeat().await.ok(), &json!({}));
            tokio::time::sleep(Duration::from_millis(400)).await;
        }
        chatty
    };
    let (code, mut chatty) = tokio::join!(silent.closed(), heartbeats);
    assert_eq!(
        code, 1001,
        "idle sockets are told to go away (and come back)"
    );
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(chatty.heartbeat().await.ok(), &json!({}));
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
