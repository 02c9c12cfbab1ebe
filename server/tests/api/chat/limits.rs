//! Limits on what a person's sockets may do (recipe 41): messages at a steady rate with a
//! burst, every other event within a budget, typing announced at most once per throttle
//! period, and a cap on sockets — all per person, so a new socket brings no new budget.

use std::time::Duration;

use model::wire::{Payload, RATE_LIMITED, ServerFrame, Status};
use serde_json::json;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use super::{member, room};
use crate::{
    helpers::{PASSWORD, spawn_app, spawn_app_with},
    socket_client::refusal_status,
};

async fn stored_messages(app: &crate::helpers::TestApp) -> i64 {
    domain::with_pool!(&app.db, |pool| {
        sqlx::query_scalar("SELECT COUNT(*) FROM messages")
            .fetch_one(pool)
            .await
    })
    .expect("counted")
}

#[tokio::test]
async fn a_flood_of_messages_gets_the_burst_then_the_rate_and_the_socket_stays_open() {
    let app = spawn_app().await;
    let mut ada = member(&app, "Ada").await;
    let topic = room(&app, ada.id, "general", false).await;
    let (join_ref, _) = ada.socket.join(&topic, json!({})).await;

    let started = tokio::time::Instant::now();
    let refs: Vec<String> = (0..40).map(|_| ada.socket.next_ref()).collect();
    for (n, msg_ref) in refs.iter().enumerate() {
        ada.socket
            .send(
                Some(&join_ref),
                Some(msg_ref),
                &topic,
                "new_message",
                json!({ "body": format!("flood {n}") }),
            )
            .await;
    }
    let (mut accepted, mut refused) = (0, 0);
    for msg_ref in &refs {
        let reply = ada.socket.reply_to(msg_ref).await;
        if reply.status == Status::Ok {
            accepted += 1;
        } else {
            assert_eq!(reply.error()["reason"], RATE_LIMITED);
            assert!(reply.error()["retry_after_ms"].as_u64().expect("a wait") >= 1);
            refused += 1;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    // The burst of ten, then five a second for as long as the flood took.
    let most = 10 + (elapsed * 5.0).ceil() as i64;
    assert!(
        (10..=most).contains(&accepted),
        "{accepted} accepted in {elapsed:.2} s"
    );
    assert_eq!(accepted + refused, 40);
    assert_eq!(
        stored_messages(&app).await,
        accepted,
        "only the accepted were stored"
    );
    ada.socket.heartbeat().await.ok();
}

#[tokio::test]
async fn a_new_socket_brings_no_new_message_budget() {
    let app = spawn_app().await;
    let cookie = app.register("Ada", "ada@example.com", PASSWORD).await;
    let ada_id: i64 = domain::with_pool!(&app.db, |pool| {
        sqlx::query_scalar("SELECT id FROM users")
            .fetch_one(pool)
            .await
    })
    .expect("Ada");
    let topic = room(&app, ada_id, "general", false).await;
    let mut first = app.ws_connect(&app.socket_token(&cookie).await).await;
    let (join_ref, _) = first.join(&topic, json!({})).await;
    for n in 0..10 {
        let reply = first
            .push(
                &join_ref,
                &topic,
                "new_message",
                json!({ "body": format!("m{n}") }),
            )
            .await;
        reply.ok();
    }
    drop(first);
    let mut second = app.ws_connect(&app.socket_token(&cookie).await).await;
    let (join_ref, _) = second.join(&topic, json!({})).await;
    let reply = second
        .push(&join_ref, &topic, "new_message", json!({ "body": "again" }))
        .await;
    assert_eq!(reply.error()["reason"], RATE_LIMITED);
}

#[tokio::test]
async fn every_other_event_has_a_budget_too_but_heartbeats_always_answer() {
    let app = spawn_app_with(|settings| {
        settings.limits.socket_events_per_second = 1;
        settings.limits.socket_event_burst = 3;
    })
    .await;
    let mut ada = member(&app, "Ada").await;
    let topic = room(&app, ada.id, "general", false).await;
    let (join_ref, _) = ada.socket.join(&topic, json!({})).await; // the first of three
    ada.socket
        .push(&join_ref, &topic, "ping", json!({}))
        .await
        .ok();
    ada.socket
        .push(&join_ref, &topic, "ping", json!({}))
        .await
        .ok();
    let refused = ada.socket.push(&join_ref, &topic, "ping", json!({})).await;
    assert_eq!(refused.error()["reason"], RATE_LIMITED);
    for _ in 0..20 {
        ada.socket.heartbeat().await.ok();
    }
}

#[tokio::test]
async fn a_typing_flood_is_announced_at_most_once_per_throttle_period() {
    let app = spawn_app().await;
    let mut ada = member(&app, "Ada").await;
    let mut bob = member(&app, "Bob").await;
    let topic = room(&app, ada.id, "general", false).await;
    let (ada_ref, _) = ada.socket.join(&topic, json!({})).await;
    bob.socket.join(&topic, json!({})).await;
    // Let the joins' own broadcasts pass.
    bob.socket.frames_for(Duration::from_millis(300)).await;

    // Started and stopped as fast as a script can (within the events budget's burst).
    for n in 0..40 {
        ada.socket
            .send(
                Some(&ada_ref),
                None,
                &topic,
                "typing",
                json!({ "typing": n % 2 == 0 }),
            )
            .await;
    }
    let typing: Vec<bool> = bob
        .socket
        .frames_for(Duration::from_millis(1500))
        .await
        .into_iter()
        .filter_map(|frame| match frame {
            ServerFrame::Message {
                event,
                payload: Payload::Json(payload),
                ..
            } if event == "user_typing" => payload["typing"].as_bool(),
            _ => None,
        })
        .collect();
    assert_eq!(
        typing,
        [true, false],
        "one start and one stop, not twenty of each"
    );
}

#[tokio::test]
async fn a_person_gets_no_more_sockets_than_the_cap() {
    let app = spawn_app_with(|settings| settings.limits.sockets_per_person = 3).await;
    let cookie = app.register("Ada", "ada@example.com", PASSWORD).await;
    let token = app.socket_token(&cookie).await;
    let mut open = Vec::new();
    for _ in 0..3 {
        open.push(app.ws_connect(&token).await);
    }
    let request = app
        .ws_url(&format!("vsn=2.0.0&token={token}"))
        .into_client_request()
        .expect("a request");
    assert_eq!(refusal_status(app.ws_open(request).await), 429);
    let grace = app.register("Grace", "grace@example.com", PASSWORD).await;
    app.ws_connect(&app.socket_token(&grace).await).await;

    // Once one closes, another may open.
    let mut closing = open.pop().expect("a socket");
    closing.close().await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let request = app
            .ws_url(&format!("vsn=2.0.0&token={token}"))
            .into_client_request()
            .expect("a request");
        if app.ws_open(request).await.is_ok() {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the closed socket was never let go"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
