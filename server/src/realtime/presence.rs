//! Who is on a topic (Phoenix.Presence): per topic, keyed by user id, one meta per socket.
//! Changes go out as `presence_diff` broadcasts on the topic; a joiner gets the whole
//! `presence_state`. The shapes are those of `shared/PROTOCOL.md`, which the JS `Presence` and
//! the browser client both merge by `phx_ref`.
//!
//! The state lives in this node's memory; cluster mode will replicate it through PubSub.

use std::{
    collections::HashMap,
    sync::{
        Mutex, PoisonError,
        atomic::{AtomicU64, Ordering},
    },
};

use domain::pubsub::{PubSub, SubscriberId};
use serde_json::{Map, Value, json};

/// Whether an untracked key still has other metas on the topic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Left {
    Entirely,
    StillPresent,
}

struct Entry {
    socket: SubscriberId,
    phx_ref: String,
    meta: Map<String, Value>,
}

impl Entry {
    fn to_json(&self) -> Value {
        let mut meta = self.meta.clone();
        meta.insert("phx_ref".into(), Value::String(self.phx_ref.clone()));
        Value::Object(meta)
    }
}

type Topic = HashMap<String, Vec<Entry>>;

pub struct Presence {
    pubsub: PubSub,
    topics: Mutex<HashMap<String, Topic>>,
    next_ref: AtomicU64,
    /// Makes `phx_ref`s unique across nodes and restarts.
    node: u64,
}

fn metas<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> Value {
    json!({ "metas": entries.into_iter().map(Entry::to_json).collect::<Vec<_>>() })
}

impl Presence {
    pub fn new(pubsub: PubSub) -> Self {
        Self {
            pubsub,
            topics: Mutex::default(),
            next_ref: AtomicU64::new(1),
            node: rand::random(),
        }
    }

    fn new_ref(&self) -> String {
        let n = self.next_ref.fetch_add(1, Ordering::Relaxed);
        format!("{:x}.{n}", self.node)
    }

    fn diff(&self, topic: &str, joins: Map<String, Value>, leaves: Map<String, Value>) {
        self.pubsub.broadcast(
            topic,
            "presence_diff",
            json!({ "joins": joins, "leaves": leaves }),
        );
    }

    /// Adds `socket` under `key` with `meta` and broadcasts the join. Returns whether `key` was
    /// absent before.
    pub fn track(
        &self,
        topic: &str,
        key: &str,
        socket: SubscriberId,
        meta: Map<String, Value>,
    ) -> bool {
        let entry = Entry {
            socket,
            phx_ref: self.new_ref(),
            meta,
        };
        let joins = Map::from_iter([(key.to_owned(), metas([&entry]))]);
        let first = {
            let mut topics = self.topics.lock().unwrap_or_else(PoisonError::into_inner);
            let entries = topics
                .entry(topic.to_owned())
                .or_default()
                .entry(key.to_owned())
                .or_default();
            entries.push(entry);
            entries.len() == 1
        };
        self.diff(topic, joins, Map::new());
        first
    }

    /// Replaces `socket`'s meta under `key`: a join of the new meta (which names the old one's
    /// `phx_ref` as `phx_ref_prev`) and a leave of the old, in one diff.
    pub fn update(&self, topic: &str, key: &str, socket: SubscriberId, meta: Map<String, Value>) {
        let new_ref = self.new_ref();
        let (joins, leaves) = {
            let mut topics = self.topics.lock().unwrap_or_else(PoisonError::into_inner);
            let Some(entry) = topics
                .get_mut(topic)
                .and_then(|keys| keys.get_mut(key))
                .and_then(|entries| entries.iter_mut().find(|e| e.socket == socket))
            else {
                return;
            };
            let old = metas([&*entry]);
            entry.meta = meta;
            entry
                .meta
                .insert("phx_ref_prev".into(), Value::String(entry.phx_ref.clone()));
            entry.phx_ref = new_ref;
            let new = metas([&*entry]);
            entry.meta.remove("phx_ref_prev");
            (
                Map::from_iter([(key.to_owned(), new)]),
                Map::from_iter([(key.to_owned(), old)]),
            )
        };
        self.diff(topic, joins, leaves);
    }

    /// Removes every entry of `socket` on `topic` and broadcasts the leaves. Returns the keys it
    /// held and whether each has left entirely.
    pub fn untrack(&self, topic: &str, socket: SubscriberId) -> Vec<(String, Left)> {
        let mut leaves = Map::new();
        let mut left = Vec::new();
        {
            let mut topics = self.topics.lock().unwrap_or_else(PoisonError::into_inner);
            let Some(keys) = topics.get_mut(topic) else {
                return left;
            };
            keys.retain(|key, entries| {
                let (gone, kept): (Vec<_>, Vec<_>) =
                    entries.drain(..).partition(|e| e.socket == socket);
                *entries = kept;
                if !gone.is_empty() {
                    leaves.insert(key.clone(), metas(&gone));
                    left.push((
                        key.clone(),
                        if entries.is_empty() {
                            Left::Entirely
                        } else {
                            Left::StillPresent
                        },
                    ));
                }
                !entries.is_empty()
            });
            if keys.is_empty() {
                topics.remove(topic);
            }
        }
        if !leaves.is_empty() {
            self.diff(topic, Map::new(), leaves);
        }
        left
    }

    /// The topic's whole state, `{key: {metas: [...]}}`, as `presence_state` carries it.
    pub fn list(&self, topic: &str) -> Value {
        let topics = self.topics.lock().unwrap_or_else(PoisonError::into_inner);
        let state = topics
            .get(topic)
            .map(|keys| {
                keys.iter()
                    .map(|(key, entries)| (key.clone(), metas(entries)))
                    .collect::<Map<_, _>>()
            })
            .unwrap_or_default();
        Value::Object(state)
    }
}

#[cfg(test)]
mod tests {
    use domain::pubsub::{Delivery, Subscriber, Subscription};

    use super::*;

    async fn diff(rx: &mut Subscription) -> Value {
        match rx.recv().await {
            Some(Delivery::Message(b)) if b.event == "presence_diff" => b.payload.clone(),
            other => panic!("expected a presence_diff, got {other:?}"),
        }
    }

    fn meta(device: &str) -> Map<String, Value> {
        Map::from_iter([("device".to_owned(), json!(device))])
    }

    #[tokio::test]
    async fn a_key_leaves_only_when_its_last_meta_leaves() {
        let pubsub = PubSub::local();
        let (watcher, mut rx) = Subscriber::new();
        pubsub.subscribe("room:1", &watcher);
        let presence = Presence::new(pubsub);
        let (phone, _) = Subscriber::new();
        let (laptop, _) = Subscriber::new();

        assert!(presence.track("room:1", "7", phone.id(), meta("phone")));
        assert!(!presence.track("room:1", "7", laptop.id(), meta("laptop")));
        let joined = diff(&mut rx).await;
        assert_eq!(joined["joins"]["7"]["metas"][0]["device"], "phone");
        assert!(joined["joins"]["7"]["metas"][0]["phx_ref"].is_string());
        assert_eq!(joined["leaves"], json!({}));
        diff(&mut rx).await;

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
    }

    #[tokio::test]
    async fn an_update_joins_the_new_meta_naming_the_old_and_leaves_the_old() {
        let pubsub = PubSub::local();
        let (watcher, mut rx) = Subscriber::new();
        pubsub.subscribe("t", &watcher);
        let presence = Presence::new(pubsub);
        let (socket, _) = Subscriber::new();
        presence.track("t", "__proto__", socket.id(), meta("phone"));
        let old_ref = diff(&mut rx).await["joins"]["__proto__"]["metas"][0]["phx_ref"].clone();

        presence.update("t", "__proto__", socket.id(), meta("tablet"));
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
            presence.list("t")["__proto__"]["metas"][0]
                .get("phx_ref_prev")
                .is_none()
        );
    }
}
