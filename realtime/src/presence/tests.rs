use model::wire::presence::{self as merge, Diff, State};
use pubsub::{Delivery, Subscriber, Subscription};

use super::*;

const WINDOW: Duration = Duration::from_millis(40);

async fn diff(rx: &mut Subscription) -> Value {
    let next = tokio::time::timeout(Duration::from_secs(2), rx.recv()).await;
    match next {
        Ok(Some(Delivery::Message(b))) if b.event == "presence_diff" => b.payload.clone(),
        other => panic!("expected a presence_diff, got {other:?}"),
    }
}

/// Nothing more arrives within a couple of windows.
async fn quiet(rx: &mut Subscription) {
    let next = tokio::time::timeout(WINDOW * 3, rx.recv()).await;
    assert!(next.is_err(), "expected nothing, got {next:?}");
}

fn meta(device: &str) -> Map<String, Value> {
    Map::from_iter([("device".to_owned(), json!(device))])
}

fn setup() -> (Presence, Subscription) {
    let pubsub = PubSub::local();
    let (watcher, rx) = Subscriber::new();
    pubsub.subscribe("room:1", &watcher);
    (Presence::with_window(pubsub, WINDOW), rx)
}

fn refs(side: &Value, key: &str) -> Vec<String> {
    side[key]["metas"]
        .as_array()
        .map(|metas| {
            metas
                .iter()
                .filter_map(|m| m["phx_ref"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_key_leaves_only_when_its_last_meta_leaves() {
    let (presence, mut rx) = setup();
    let (phone, _) = Subscriber::new();
    let (laptop, _) = Subscriber::new();

    assert!(presence.track("room:1", "7", phone.id(), meta("phone")));
    assert!(!presence.track("room:1", "7", laptop.id(), meta("laptop")));
    let joined = diff(&mut rx).await;
    assert_eq!(joined["joins"]["7"]["metas"][0]["device"], "phone");
    assert!(joined["joins"]["7"]["metas"][0]["phx_ref"].is_string());
    assert_eq!(joined["leaves"], json!({}));
    let laptop_joined = diff(&mut rx).await;
    assert_eq!(laptop_joined["joins"]["7"]["metas"][0]["device"], "laptop");

    let state = presence.list("room:1");
    assert_eq!(state["7"]["metas"].as_array().map(Vec::len), Some(2));

    assert_eq!(
        presence.untrack("room:1", phone.id()),
        [("7".to_owned(), Left::StillPresent)]
    );
    assert_eq!(
        diff(&mut rx).await["leaves"]["7"]["metas"][0]["device"],
        "phone"
    );
    assert_eq!(
        presence.untrack("room:1", laptop.id()),
        [("7".to_owned(), Left::Entirely)]
    );
    assert_eq!(presence.list("room:1"), json!({}));
    assert!(presence.untrack("room:1", laptop.id()).is_empty());
    assert_eq!(
        diff(&mut rx).await["leaves"]["7"]["metas"][0]["device"],
        "laptop"
    );
}

#[tokio::test]
async fn an_update_joins_the_new_meta_naming_the_old_and_leaves_the_old() {
    let (presence, mut rx) = setup();
    let (socket, _) = Subscriber::new();
    presence.track("room:1", "__proto__", socket.id(), meta("phone"));
    let old_ref = diff(&mut rx).await["joins"]["__proto__"]["metas"][0]["phx_ref"].clone();

    presence.update("room:1", "__proto__", socket.id(), meta("tablet"));
    let update = diff(&mut rx).await;
    let joined = &update["joins"]["__proto__"]["metas"][0];
    assert_eq!(joined["device"], "tablet");
    assert_eq!(joined["phx_ref_prev"], old_ref);
    assert_ne!(joined["phx_ref"], old_ref);
    assert_eq!(
        update["leaves"]["__proto__"]["metas"][0]["phx_ref"],
        old_ref
    );
    assert!(
        presence.list("room:1")["__proto__"]["metas"][0]
            .get("phx_ref_prev")
            .is_none()
    );
}

#[tokio::test]
async fn changes_within_a_window_go_out_as_one_diff_after_the_first() {
    let (presence, mut rx) = setup();
    let sockets: Vec<_> = (0..5).map(|_| Subscriber::new().0).collect();
    for (n, socket) in sockets.iter().enumerate() {
        presence.track("room:1", &n.to_string(), socket.id(), meta("web"));
    }
    let first = diff(&mut rx).await;
    assert_eq!(first["joins"].as_object().map(Map::len), Some(1));
    let rest = diff(&mut rx).await;
    let keys: Vec<&String> = rest["joins"]
        .as_object()
        .map(|j| j.keys().collect())
        .unwrap();
    assert_eq!(keys, ["1", "2", "3", "4"]);
    assert_eq!(rest["leaves"], json!({}));
    quiet(&mut rx).await;

    // The window closed: the next change goes out at once again.
    presence.untrack("room:1", sockets[0].id());
    assert_eq!(refs(&diff(&mut rx).await["leaves"], "0").len(), 1);
}

#[tokio::test]
async fn a_meta_that_joins_and_leaves_within_a_window_is_never_shown() {
    let (presence, mut rx) = setup();
    let (ada, _) = Subscriber::new();
    let (tab1, _) = Subscriber::new();
    let (tab2, _) = Subscriber::new();
    presence.track("room:1", "ada", ada.id(), meta("web"));
    let opened = diff(&mut rx).await;
    let ada_ref = refs(&opened["joins"], "ada");

    // Within the window: bob arrives on two tabs, one of which goes again, and ada leaves.
    presence.track("room:1", "bob", tab1.id(), meta("tab1"));
    presence.track("room:1", "bob", tab2.id(), meta("tab2"));
    assert_eq!(
        presence.untrack("room:1", tab1.id()),
        [("bob".to_owned(), Left::StillPresent)]
    );
    presence.untrack("room:1", ada.id());
    let batch = diff(&mut rx).await;
    let bob = &batch["joins"]["bob"]["metas"];
    assert_eq!(bob.as_array().map(Vec::len), Some(1));
    assert_eq!(bob[0]["device"], "tab2");
    assert_eq!(refs(&batch["leaves"], "ada"), ada_ref);
    assert!(batch["leaves"].get("bob").is_none(), "tab1 was never shown");

    // A meta that comes and goes entirely within a window sends nothing at all.
    let (flap, _) = Subscriber::new();
    presence.track("room:1", "carol", flap.id(), meta("web"));
    presence.untrack("room:1", flap.id());
    quiet(&mut rx).await;
}

/// Every client ends with the true state, whenever it joined: its `presence_state`, then
/// every diff broadcast after it subscribed, merged as the JS client merges them.
#[tokio::test]
async fn a_joiner_in_the_middle_of_a_window_ends_with_the_true_state() {
    let pubsub = PubSub::local();
    let presence = Presence::with_window(pubsub.clone(), WINDOW);
    let sockets: Vec<_> = (0..6).map(|_| Subscriber::new().0).collect();
    presence.track("room:1", "a", sockets[0].id(), meta("1"));
    presence.track("room:1", "b", sockets[1].id(), meta("2"));

    // A client joins mid-window: subscribe, then take the state (as a join does).
    let (late, mut late_rx) = Subscriber::new();
    pubsub.subscribe("room:1", &late);
    let state: State = serde_json::from_str(&presence.state("room:1")).unwrap();
    assert!(
        state.contains_key("a") && !state.contains_key("b"),
        "{state:?}"
    );
    let mut seen = state;

    // More changes in the same window and the next ones.
    presence.track("room:1", "c", sockets[2].id(), meta("3"));
    presence.untrack("room:1", sockets[0].id());
    presence.track("room:1", "b", sockets[3].id(), meta("4"));
    tokio::time::sleep(WINDOW * 2).await;
    presence.untrack("room:1", sockets[1].id());
    presence.track("room:1", "d", sockets[4].id(), meta("5"));
    presence.untrack("room:1", sockets[4].id());

    tokio::time::sleep(WINDOW * 3).await;
    while let Ok(Some(Delivery::Message(b))) =
        tokio::time::timeout(Duration::from_millis(5), late_rx.recv()).await
    {
        let diff: Diff = serde_json::from_value(b.payload.clone()).unwrap();
        merge::sync_diff(&mut seen, diff);
    }
    let truth: State = serde_json::from_value(presence.list("room:1")).unwrap();
    assert_eq!(seen, truth);
    assert_eq!(truth.keys().collect::<Vec<_>>(), ["b", "c"]);
    // And the state a new joiner gets now, with nothing pending, is the current one.
    let now: State = serde_json::from_str(&presence.state("room:1")).unwrap();
    assert_eq!(now, truth);
}

#[test]
fn a_topic_with_many_subscribers_gets_a_longer_window() {
    let pubsub = PubSub::local();
    let presence = Presence::with_window(pubsub.clone(), WINDOW);
    let subscribers: Vec<_> = (0..5000).map(|_| Subscriber::new().0).collect();
    assert_eq!(presence.window("room:1"), WINDOW);
    for subscriber in &subscribers[..100] {
        pubsub.subscribe("room:1", subscriber);
    }
    assert_eq!(presence.window("room:1"), WINDOW);
    for subscriber in &subscribers {
        pubsub.subscribe("room:1", subscriber);
    }
    assert_eq!(presence.window("room:1"), Duration::from_millis(200));
    for n in 0..30_000 {
        pubsub.subscribe("room:1", &Subscriber::new().0);
        if n == 0 {
            assert!(presence.window("room:1") > Duration::from_millis(200));
        }
    }
    assert_eq!(presence.window("room:1"), MAX_WINDOW);
}

#[tokio::test]
async fn flush_sends_the_pending_diff_at_once() {
    let (presence, mut rx) = setup();
    let (ada, _) = Subscriber::new();
    let (bob, _) = Subscriber::new();
    presence.track("room:1", "ada", ada.id(), meta("web"));
    diff(&mut rx).await;
    presence.track("room:1", "bob", bob.id(), meta("web"));
    presence.flush("room:1");
    let flushed = tokio::time::timeout(WINDOW / 4, rx.recv()).await;
    assert!(
        matches!(flushed, Ok(Some(Delivery::Message(ref b))) if b.payload["joins"].get("bob").is_some()),
        "{flushed:?}"
    );
    quiet(&mut rx).await;
}
