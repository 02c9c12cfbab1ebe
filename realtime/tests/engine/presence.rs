//! Presence through the engine: a joiner gets the topic's state, then diffs, and whatever the
//! moment it joined, merging them as the JS client does gives the true picture; a person's
//! last socket leaving takes them out.

use model::wire::presence::{self as merge, Diff, State};
use realtime::testing::WsClient;
use serde_json::json;

use crate::app::spawn;

/// Joins `topic` and returns the presence state it was sent.
async fn join(socket: &mut WsClient, topic: &str) -> State {
    socket.join(topic, json!({})).await.1.ok();
    let (_, _, state) = socket.event(topic, "presence_state").await;
    serde_json::from_value(state).expect("a presence state")
}

/// Merges diffs into `view` until it names exactly `keys`.
async fn until(socket: &mut WsClient, topic: &str, view: &mut State, keys: &[&str]) {
    while view.keys().map(String::as_str).ne(keys.iter().copied()) {
        let (_, _, diff) = socket.event(topic, "presence_diff").await;
        let diff: Diff = serde_json::from_value(diff).expect("a presence diff");
        merge::sync_diff(view, diff);
    }
}

#[tokio::test]
async fn every_joiner_comes_to_see_everyone_present_and_a_leaver_goes() {
    let engine = spawn().await;
    let mut ada = engine.socket(1).await;
    let mut ada_view = join(&mut ada, "echo:a").await;
    until(&mut ada, "echo:a", &mut ada_view, &["1"]).await;

    let mut bo = engine.socket(2).await;
    let mut bo_view = join(&mut bo, "echo:a").await;
    until(&mut bo, "echo:a", &mut bo_view, &["1", "2"]).await;
    until(&mut ada, "echo:a", &mut ada_view, &["1", "2"]).await;
    assert_eq!(bo_view["2"].metas[0].fields["name"], "person 2");

    // Ada's second tab: still one key, two metas.
    let mut ada_tab = engine.socket(1).await;
    join(&mut ada_tab, "echo:a").await;
    while ada_view["1"].metas.len() < 2 {
        let (_, _, diff) = ada.event("echo:a", "presence_diff").await;
        merge::sync_diff(&mut ada_view, serde_json::from_value(diff).expect("a diff"));
    }

    bo.close().await;
    until(&mut ada, "echo:a", &mut ada_view, &["1"]).await;
}
