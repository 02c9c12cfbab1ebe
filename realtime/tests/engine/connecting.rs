//! Opening, keeping and closing a socket: refusals before the upgrade, the token as a
//! subprotocol, bad frames, idleness, the cap per person, the application ending a socket, and
//! the node stopping.

use std::time::Duration;

use model::wire::binary;
use realtime::testing::refusal_status;
use serde_json::json;
use tokio_tungstenite::tungstenite::{client::IntoClientRequest, http::HeaderValue};

use crate::app::{ALLOWED_ORIGIN, spawn, spawn_with};

#[tokio::test]
async fn a_non_get_or_a_plain_get_is_refused_with_400() {
    let engine = spawn().await;
    let client = reqwest::Client::new();
    let url = engine.http_url("vsn=2.0.0&token=person:1");
    let post = client.post(&url).send().await.expect("sent");
    assert_eq!(post.status(), 400);
    let get = client.get(&url).send().await.expect("sent");
    assert_eq!(get.status(), 400);
    assert_eq!(get.text().await.expect("a body"), "not a WebSocket upgrade");
}

#[tokio::test]
async fn a_socket_without_a_token_the_application_accepts_is_refused_with_403() {
    let engine = spawn().await;
    for query in [
        "vsn=2.0.0",
        "vsn=2.0.0&token=",
        "vsn=2.0.0&token=nonsense",
        "vsn=2.0.0&token=person:x",
        // Verifies, but the lookup refuses it (a disabled account, an ended session).
        "vsn=2.0.0&token=person:0",
    ] {
        assert_eq!(refusal_status(engine.open(query).await), 403, "{query}");
    }
}

#[tokio::test]
async fn only_protocol_version_2_is_spoken() {
    let engine = spawn().await;
    for query in [
        "vsn=1.0.0&token=person:1",
        "vsn=3.0.0&token=person:1",
        "vsn=&token=person:1",
        "token=person:1",
    ] {
        assert_eq!(refusal_status(engine.open(query).await), 403, "{query}");
    }
}

#[tokio::test]
async fn the_applications_origin_check_refuses_a_foreign_origin_and_lets_an_allowed_one_in() {
    let engine = spawn().await;
    let with_origin = |origin: &str| {
        let mut request = engine
            .url("vsn=2.0.0&token=person:1")
            .into_client_request()
            .expect("a request");
        request
            .headers_mut()
            .insert("origin", HeaderValue::from_str(origin).expect("a header"));
        request
    };
    let refused = realtime::testing::WsClient::open(with_origin("https://evil.example")).await;
    assert_eq!(refusal_status(refused), 403);
    let allowed = realtime::testing::WsClient::open(with_origin(ALLOWED_ORIGIN)).await;
    assert!(allowed.is_ok());
}

#[tokio::test]
async fn the_token_may_come_as_the_auth_token_subprotocol_and_phoenix_is_chosen() {
    use base64::Engine;
    let engine = spawn().await;
    // What the JS client sends for `authToken`: base64 without padding, behind the prefix.
    let encoded = base64::engine::general_purpose::STANDARD_NO_PAD.encode("person:1");
    let mut request = engine
        .url("vsn=2.0.0")
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
async fn a_client_that_closes_gets_the_close_frame_back() {
    let engine = spawn().await;
    let mut socket = engine.socket(1).await;
    socket.join("echo:a", json!({})).await.1.ok();
    assert_eq!(socket.close_handshake(1000).await, Some(1000));
}

#[tokio::test]
async fn a_heartbeat_is_answered_ok_without_joining_anything() {
    let engine = spawn().await;
    let mut socket = engine.socket(1).await;
    assert_eq!(socket.heartbeat().await.ok(), &json!({}));
}

#[tokio::test]
async fn a_malformed_frame_closes_only_its_own_socket() {
    let engine = spawn().await;
    let mut bystander = engine.socket(1).await;
    for junk in [
        "not json",
        "[]",
        r#"["1","1","t","e"]"#,
        r#"["1","1","t","e",[]]"#,
        r#"[1,2,3,4,5]"#,
        r#"{"topic":"t"}"#,
    ] {
        let mut socket = engine.socket(1).await;
        socket.send_text(junk).await;
        assert_eq!(socket.closed().await, 1007, "{junk}");
    }
    for junk in [
        vec![],
        vec![0, 5, 5],
        vec![9, 1, 2],
        vec![0, 1, 0, 0, 0, 0xff],
    ] {
        let mut socket = engine.socket(1).await;
        socket.send_binary(junk.clone()).await;
        assert_eq!(socket.closed().await, 1007, "{junk:?}");
    }
    assert_eq!(bystander.heartbeat().await.ok(), &json!({}));
}

#[tokio::test]
async fn a_binary_push_is_read_like_a_text_one() {
    let engine = spawn().await;
    let mut socket = engine.socket(1).await;
    let frame = binary::encode_client("1", "7", "echo:a", "upload", &[1, 2, 3]).expect("encodes");
    socket.send_binary(frame).await;
    let reply = socket.reply_to("7").await;
    assert_eq!(reply.error(), &json!({ "reason": "unmatched topic" }));
}

#[tokio::test]
async fn a_frame_over_the_size_limit_closes_the_socket_with_1009() {
    let engine = spawn_with(|options| options.config.max_frame_bytes = 1024).await;
    let mut socket = engine.socket(1).await;
    let body = "x".repeat(2048);
    socket
        .send(
            Some("1"),
            Some("1"),
            "echo:a",
            "echo",
            json!({ "body": body }),
        )
        .await;
    assert_eq!(socket.closed().await, 1009);
}

#[tokio::test]
async fn a_silent_socket_is_closed_after_the_idle_timeout_and_a_heartbeat_keeps_it_open() {
    let engine = spawn_with(|options| options.config.idle_timeout = Duration::from_secs(1)).await;
    let mut chatty = engine.socket(1).await;
    let mut silent = engine.socket(2).await;
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
async fn a_person_gets_at_most_the_cap_of_sockets_until_one_closes() {
    let engine = spawn_with(|options| options.config.sockets_per_person = 2).await;
    let mut first = engine.socket(1).await;
    let _second = engine.socket(1).await;
    assert_eq!(
        refusal_status(engine.open("vsn=2.0.0&token=person:1").await),
        429
    );
    let _other_person = engine.socket(2).await;
    first.close().await;
    // The server notices the close on its own time.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while engine.open("vsn=2.0.0&token=person:1").await.is_err() {
        assert!(tokio::time::Instant::now() < deadline, "the slot came back");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_disconnect_on_the_sockets_id_closes_every_channel_then_the_socket_with_4001() {
    let engine = spawn().await;
    let mut ada = engine.socket(1).await;
    let mut bo = engine.socket(2).await;
    let (join_ref, _) = ada.join("echo:a", json!({})).await;
    engine
        .realtime
        .pubsub()
        .broadcast("person_socket:1", "not_this", json!({}));
    assert_eq!(
        ada.heartbeat().await.ok(),
        &json!({}),
        "only what ends it ends it"
    );
    engine
        .realtime
        .pubsub()
        .broadcast("person_socket:1", "disconnect", json!({}));
    let (close_ref, _, _) = ada.event("echo:a", "phx_close").await;
    assert_eq!(close_ref.as_deref(), Some(join_ref.as_str()));
    assert_eq!(
        ada.closed_with_reason().await,
        (
            model::wire::SIGNED_OUT_CODE,
            model::wire::SIGNED_OUT_REASON.to_owned()
        )
    );
    assert_eq!(
        bo.heartbeat().await.ok(),
        &json!({}),
        "another person's socket stays"
    );
}

#[tokio::test]
async fn closing_all_closes_every_socket_with_1012_so_clients_come_back() {
    let engine = spawn().await;
    let mut sockets = [engine.socket(1).await, engine.socket(2).await];
    let realtime = engine.realtime.clone();
    let closing = tokio::spawn(async move { realtime.close_all().await });
    for socket in &mut sockets {
        assert_eq!(socket.closed().await, 1012);
    }
    closing.await.expect("every socket finished");
}
