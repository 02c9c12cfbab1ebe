//! Publish/subscribe between the parts of the node (cookbook recipe 29): the domain publishes
//! what happened on a topic after its transaction commits, and every socket subscribed to that
//! topic forwards it.
//!
//! [`PubSub`] is the one handle everybody holds. Delivery to this node's subscribers is always
//! local ([`Registry`]); *how a message reaches every node* is the [`Adapter`]'s job. Today the
//! only adapter is [`Local`] (one node); a PostgreSQL `LISTEN/NOTIFY` adapter slots in behind the
//! same handle for cluster mode ([`PubSub::with_adapter`]), and neither channels nor the domain
//! change. This crate knows nothing of what is published: topics are strings, payloads JSON.

mod registry;

use std::sync::{Arc, OnceLock};

pub use registry::{Delivery, Registry, Subscriber, SubscriberId, Subscription};

/// One message on a topic. Shared (`Arc`) by every subscriber it reaches, so a broadcast to ten
/// thousand sockets allocates once; [`Broadcast::encoded`] lets them share one encoding too.
#[derive(Debug)]
pub struct Broadcast {
    pub topic: String,
    pub event: String,
    pub payload: serde_json::Value,
    /// The subscriber that sent it with [`PubSub::broadcast_from`]; it does not receive it.
    pub from: Option<SubscriberId>,
    encoded: OnceLock<Arc<str>>,
}

impl Broadcast {
    pub fn new(
        topic: impl Into<String>,
        event: impl Into<String>,
        payload: serde_json::Value,
        from: Option<SubscriberId>,
    ) -> Self {
        Self {
            topic: topic.into(),
            event: event.into(),
            payload,
            from,
            encoded: OnceLock::new(),
        }
    }

    /// The message's encoding for the wire, computed by the first subscriber that needs it and
    /// reused by all the others (Phoenix calls this "fastlane").
    pub fn encoded(&self, encode: impl FnOnce(&Self) -> String) -> Arc<str> {
        self.encoded.get_or_init(|| encode(self).into()).clone()
    }
}

/// Carries broadcasts to every node of the cluster, each of which hands them to its own
/// [`Registry`]. Implementations must deliver a node's own broadcasts to that node too.
pub trait Adapter: Send + Sync + 'static {
    fn publish(&self, broadcast: Arc<Broadcast>);
}

/// The single-node adapter: this node is the whole cluster.
pub struct Local {
    registry: Arc<Registry>,
}

impl Adapter for Local {
    fn publish(&self, broadcast: Arc<Broadcast>) {
        self.registry.dispatch(&broadcast);
    }
}

/// The handle to publish and subscribe with. Cheap to clone.
#[derive(Clone)]
pub struct PubSub {
    registry: Arc<Registry>,
    adapter: Arc<dyn Adapter>,
}

impl PubSub {
    /// A PubSub for a node that is alone (SQLite, or one PostgreSQL node).
    pub fn local() -> Self {
        Self::with_adapter(|registry| Local { registry })
    }

    /// A PubSub whose broadcasts travel through the adapter `connect` makes from this node's
    /// registry: the adapter publishes to every node, and hands what other nodes published to
    /// the registry ([`Registry::dispatch`]). This is the cluster's seam: nothing that holds a
    /// `PubSub` changes when the adapter does.
    pub fn with_adapter<A: Adapter>(connect: impl FnOnce(Arc<Registry>) -> A) -> Self {
        let registry = Arc::new(Registry::default());
        Self {
            adapter: Arc::new(connect(registry.clone())),
            registry,
        }
    }

    /// Starts receiving `topic`'s broadcasts on `subscriber`. Subscribing twice is harmless.
    pub fn subscribe(&self, topic: &str, subscriber: &Subscriber) {
        self.registry.subscribe(topic, subscriber);
    }

    pub fn unsubscribe(&self, topic: &str, id: SubscriberId) {
        self.registry.unsubscribe(topic, id);
    }

    /// Sends `event` with `payload` to every subscriber of `topic`, on every node.
    pub fn broadcast(&self, topic: &str, event: &str, payload: serde_json::Value) {
        self.adapter
            .publish(Arc::new(Broadcast::new(topic, event, payload, None)));
    }

    /// Like [`PubSub::broadcast`], but not to `from` (e.g. "Alice is typing" goes to the others).
    pub fn broadcast_from(
        &self,
        from: SubscriberId,
        topic: &str,
        event: &str,
        payload: serde_json::Value,
    ) {
        self.adapter
            .publish(Arc::new(Broadcast::new(topic, event, payload, Some(from))));
    }

    /// How many subscribers this node has on `topic`.
    pub fn local_subscribers(&self, topic: &str) -> usize {
        self.registry.count(topic)
    }
}

impl std::fmt::Debug for PubSub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PubSub").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use serde_json::json;

    use super::*;

    /// Two nodes in one process: each one's adapter hands every broadcast to both registries,
    /// as a cluster's adapter (LISTEN/NOTIFY) does across processes.
    #[derive(Default)]
    struct Cluster {
        registries: Mutex<Vec<Arc<Registry>>>,
    }

    struct Bridge(Arc<Cluster>);

    impl Adapter for Bridge {
        fn publish(&self, broadcast: Arc<Broadcast>) {
            let registries = self.0.registries.lock().expect("not poisoned").clone();
            for registry in registries {
                registry.dispatch(&broadcast);
            }
        }
    }

    fn node(cluster: &Arc<Cluster>) -> PubSub {
        PubSub::with_adapter(|registry| {
            cluster
                .registries
                .lock()
                .expect("not poisoned")
                .push(registry);
            Bridge(cluster.clone())
        })
    }

    #[tokio::test]
    async fn an_adapter_carries_a_broadcast_to_the_subscribers_of_every_node() {
        let cluster = Arc::new(Cluster::default());
        let (one, two) = (node(&cluster), node(&cluster));
        let (here, mut here_rx) = Subscriber::new();
        let (there, mut there_rx) = Subscriber::new();
        one.subscribe("room:1", &here);
        two.subscribe("room:1", &there);

        one.broadcast("room:1", "new_message", json!({ "body": "hi" }));

        for rx in [&mut here_rx, &mut there_rx] {
            match rx.recv().await {
                Some(Delivery::Message(broadcast)) => {
                    assert_eq!(broadcast.event, "new_message");
                    assert_eq!(broadcast.payload, json!({ "body": "hi" }));
                }
                other => panic!("expected the broadcast, got {other:?}"),
            }
        }
        assert_eq!(
            one.local_subscribers("room:1"),
            1,
            "each node counts its own"
        );
    }
}
