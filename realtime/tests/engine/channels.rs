//! `echo:*`, the test application's channel, and what the engine does with any channel: joins
//! and refusals, replies, broadcasts, failures, leaving, limits.

use async_trait::async_trait;
use model::wire::Payload;
use realtime::{Channel, ChannelCtx, ChannelFailure, Join, Joined, Reply, json_payload};
use serde_json::{Map, Value, json};

use crate::app::{Person, spawn, spawn_with};

pub struct EchoJoin;

struct Echo;

#[derive(Debug, thiserror::Error)]
#[error("failed on purpose")]
struct OnPurpose;

#[async_trait]
impl Join<Person> for EchoJoin {
    async fn join(
        &self,
        payload: Payload,
        ctx: &mut ChannelCtx<'_, Person>,
    ) -> Result<Joined<Person>, Value> {
        let payload = json_payload(payload).map_err(|_| json!({ "reason": "binary" }))?;
        if payload.contains_key("refuse") {
            return Err(json!({ "reason": "not allowed" }));
        }
        if payload.contains_key("panic") {
            panic!("a join panicking on purpose");
        }
        let name = format!("person {}", ctx.user.0);
        ctx.track_presence(Map::from_iter([("name".to_owned(), json!(name))]));
        Ok((Box::new(Echo), json!({ "topic": ctx.topic })))
    }
}

#[async_trait]
impl Channel<Person> for Echo {
    async fn handle_in(
        &mut self,
        event: &str,
        payload: Payload,
        ctx: &mut ChannelCtx<'_, Person>,
    ) -> Result<Reply, ChannelFailure> {
        let payload = match json_payload(payload) {
            Ok(map) => Value::Object(map),
            Err(refusal) => return Ok(refusal),
        };
        match event {
            "echo" => Ok(Reply::Ok(payload)),
            "shout" => {
                ctx.broadcast("shout", payload);
                Ok(Reply::Ok(json!({})))
            }
            "whisper" => {
                ctx.broadcast_from("whisper", payload);
                Ok(Reply::Ok(json!({})))
            }
            "push_back" => {
                ctx.push("pushed", payload);
                Ok(Reply::None)
            }
            "boom" => panic!("a callback panicking on purpose"),
            "fail" => Err(ChannelFailure::new("failing on purpose", OnPurpose)),
            _ => Ok(Reply::refuse("unknown event")),
        }
    }

    async fn terminate(&mut self, ctx: &mut ChannelCtx<'_, Person>) {
        ctx.untrack_presence();
    }
}

#[tokio::test]
async fn a_join_is_answered_by_the_channel_its_topic_matches_or_refused_as_unmatched() {
    let engine = spawn().await;
    let mut socket = engine.socket(1).await;
    let (_, reply) = socket.join("echo:a", json!({})).await;
    assert_eq!(reply.ok(), &json!({ "topic": "echo:a" }));
    let (_, reply) = socket.join("nowhere:1", json!({})).await;
    assert_eq!(reply.error(), &json!({ "reason": "unmatched topic" }));
    let (_, reply) = socket.join("echo:b", json!({ "refuse": true })).await;
    assert_eq!(reply.error(), &json!({ "reason": "not allowed" }));
}

#[tokio::test]
async fn a_push_is_answered_with_its_ref_and_the_channels_pushes_follow() {
    let engine = spawn().await;
    let mut socket = engine.socket(1).await;
    let (join_ref, _) = socket.join("echo:a", json!({})).await;
    let reply = socket
        .push(&join_ref, "echo:a", "echo", json!({ "n": 1 }))
        .await;
    assert_eq!(reply.ok(), &json!({ "n": 1 }));
    let reply = socket.push(&join_ref, "echo:a", "what", json!({})).await;
    assert_eq!(reply.error(), &json!({ "reason": "unknown event" }));
    socket
        .send(
            Some(&join_ref),
            Some("99"),
            "echo:a",
            "push_back",
            json!({ "n": 2 }),
        )
        .await;
    let (pushed_join_ref, _, payload) = socket.event("echo:a", "pushed").await;
    assert_eq!(payload, json!({ "n": 2 }));
    assert_eq!(pushed_join_ref.as_deref(), Some(join_ref.as_str()));
}

#[tokio::test]
async fn a_message_to_a_topic_not_joined_is_an_unmatched_topic_and_a_leave_is_ok() {
    let engine = spawn().await;
    let mut socket = engine.socket(1).await;
    let reply = socket.push("1", "echo:a", "echo", json!({})).await;
    assert_eq!(reply.error(), &json!({ "reason": "unmatched topic" }));
    let reply = socket.push("1", "echo:a", "phx_leave", json!({})).await;
    assert_eq!(reply.ok(), &json!({}));
}

#[tokio::test]
async fn leaving_answers_ok_then_closes_the_channel_and_its_broadcasts_stop() {
    let engine = spawn().await;
    let mut leaver = engine.socket(1).await;
    let mut other = engine.socket(2).await;
    let (join_ref, _) = leaver.join("echo:a", json!({})).await;
    let (other_ref, _) = other.join("echo:a", json!({})).await;
    let reply = leaver
        .push(&join_ref, "echo:a", "phx_leave", json!({}))
        .await;
    assert_eq!(reply.ok(), &json!({}));
    leaver.event("echo:a", "phx_close").await;
    other
        .push(&other_ref, "echo:a", "shout", json!({ "n": 1 }))
        .await;
    let heard = leaver
        .frames_for(std::time::Duration::from_millis(300))
        .await;
    assert!(
        heard
            .iter()
            .all(|frame| !format!("{frame:?}").contains("shout")),
        "{heard:?}"
    );
}

#[tokio::test]
async fn a_broadcast_reaches_every_subscriber_and_broadcast_from_all_but_the_sender() {
    let engine = spawn().await;
    let mut ada = engine.socket(1).await;
    let mut bo = engine.socket(2).await;
    let (ada_ref, _) = ada.join("echo:a", json!({})).await;
    bo.join("echo:a", json!({})).await;
    ada.push(&ada_ref, "echo:a", "whisper", json!({ "n": 1 }))
        .await;
    ada.push(&ada_ref, "echo:a", "shout", json!({ "n": 2 }))
        .await;
    let (_, _, whisper) = bo.event("echo:a", "whisper").await;
    assert_eq!(whisper, json!({ "n": 1 }));
    let (_, _, shout) = bo.event("echo:a", "shout").await;
    assert_eq!(shout, json!({ "n": 2 }));
    // The sender hears its shout but never its whisper: the shout comes first.
    let (_, _, own) = ada.event("echo:a", "shout").await;
    assert_eq!(own, json!({ "n": 2 }));
}

#[tokio::test]
async fn a_failing_or_panicking_channel_gets_phx_error_and_the_socket_lives_on() {
    let engine = spawn().await;
    let mut socket = engine.socket(1).await;
    for event in ["fail", "boom"] {
        let (join_ref, _) = socket.join("echo:a", json!({})).await;
        socket
            .send(Some(&join_ref), Some("7"), "echo:a", event, json!({}))
            .await;
        let (error_ref, _, payload) = socket.event("echo:a", "phx_error").await;
        assert_eq!(error_ref.as_deref(), Some(join_ref.as_str()), "{event}");
        assert_eq!(payload, json!({ "reason": "channel failed" }));
        let reply = socket.push(&join_ref, "echo:a", "echo", json!({})).await;
        assert_eq!(
            reply.error(),
            &json!({ "reason": "unmatched topic" }),
            "{event}"
        );
    }
    let (_, reply) = socket.join("echo:b", json!({ "panic": true })).await;
    assert_eq!(reply.error(), &json!({ "reason": "join failed" }));
    assert_eq!(socket.heartbeat().await.ok(), &json!({}));
}

#[tokio::test]
async fn a_socket_joins_at_most_max_channels_at_once() {
    let engine = spawn_with(|options| options.config.max_channels = 2).await;
    let mut socket = engine.socket(1).await;
    socket.join("echo:1", json!({})).await.1.ok();
    socket.join("echo:2", json!({})).await.1.ok();
    let (_, reply) = socket.join("echo:3", json!({})).await;
    assert_eq!(
        reply.error(),
        &json!({ "reason": "too many channels (at most 2)" })
    );
    // Joining a joined topic again replaces it rather than counting twice.
    socket.join("echo:2", json!({})).await.1.ok();
}

#[tokio::test]
async fn events_over_the_persons_budget_are_refused_and_the_socket_stays_open() {
    let engine = spawn_with(|options| options.budget = 2).await;
    let mut socket = engine.socket(1).await;
    let (join_ref, reply) = socket.join("echo:a", json!({})).await;
    reply.ok();
    socket
        .push(&join_ref, "echo:a", "echo", json!({}))
        .await
        .ok();
    let refused = socket.push(&join_ref, "echo:a", "echo", json!({})).await;
    assert_eq!(
        refused.error(),
        &json!({ "reason": "rate limited", "retry_after_ms": 1500 })
    );
    // A second socket of the same person brings no new budget; heartbeats and leaves are free.
    let mut again = engine.socket(1).await;
    let (_, reply) = again.join("echo:b", json!({})).await;
    assert_eq!(reply.error()["reason"], "rate limited");
    assert_eq!(again.heartbeat().await.ok(), &json!({}));
    let left = socket
        .push(&join_ref, "echo:a", "phx_leave", json!({}))
        .await;
    assert_eq!(left.ok(), &json!({}));
}
