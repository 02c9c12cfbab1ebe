//! This node's subscribers, by topic: the local half of every [`super::PubSub`].

use std::{
    collections::HashMap,
    sync::{
        Arc, PoisonError, RwLock,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
};

use tokio::sync::mpsc;

use super::Broadcast;

/// How many undelivered broadcasts a subscriber may have queued before it counts as lagging.
const QUEUE: usize = 1024;

/// Tells subscribers apart (a socket is one subscriber, whatever its topics).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SubscriberId(u64);

/// The sending side of one subscriber's queue, as the registry keeps it.
#[derive(Clone, Debug)]
pub struct Subscriber {
    id: SubscriberId,
    queue: mpsc::Sender<Arc<Broadcast>>,
    lagged: Arc<AtomicBool>,
}

/// The receiving side: what a socket reads its broadcasts from.
#[derive(Debug)]
pub struct Subscription {
    queue: mpsc::Receiver<Arc<Broadcast>>,
    lagged: Arc<AtomicBool>,
}

/// What [`Subscription::recv`] yields.
#[derive(Debug)]
pub enum Delivery {
    Message(Arc<Broadcast>),
    /// The subscriber fell so far behind that a broadcast could not be queued. It has missed
    /// something and should start over (a socket closes so its client reconnects and catches up).
    Lagged,
}

impl Subscriber {
    /// A new subscriber and the subscription it delivers to.
    pub fn new() -> (Self, Subscription) {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let (queue, receiver) = mpsc::channel(QUEUE);
        let lagged = Arc::new(AtomicBool::new(false));
        let id = SubscriberId(NEXT.fetch_add(1, Ordering::Relaxed));
        let subscription = Subscription {
            queue: receiver,
            lagged: lagged.clone(),
        };
        (Self { id, queue, lagged }, subscription)
    }

    pub fn id(&self) -> SubscriberId {
        self.id
    }

    fn deliver(&self, broadcast: &Arc<Broadcast>) {
        match self.queue.try_send(broadcast.clone()) {
            Ok(()) | Err(mpsc::error::TrySendError::Closed(_)) => {}
            Err(mpsc::error::TrySendError::Full(_)) => self.lagged.store(true, Ordering::Relaxed),
        }
    }
}

impl Subscription {
    /// The next broadcast, or `None` once every [`Subscriber`] handle is gone.
    pub async fn recv(&mut self) -> Option<Delivery> {
        if self.lagged.load(Ordering::Relaxed) {
            return Some(Delivery::Lagged);
        }
        self.queue.recv().await.map(Delivery::Message)
    }
}

/// Topic → subscribers. Dispatch takes a read lock and never awaits: a full queue marks its
/// subscriber as lagging instead of slowing everybody else down.
#[derive(Debug, Default)]
pub struct Registry {
    topics: RwLock<HashMap<String, HashMap<SubscriberId, Subscriber>>>,
}

impl Registry {
    pub fn subscribe(&self, topic: &str, subscriber: &Subscriber) {
        let mut topics = self.topics.write().unwrap_or_else(PoisonError::into_inner);
        topics
            .entry(topic.to_owned())
            .or_default()
            .insert(subscriber.id, subscriber.clone());
    }

    pub fn unsubscribe(&self, topic: &str, id: SubscriberId) {
        let mut topics = self.topics.write().unwrap_or_else(PoisonError::into_inner);
        if let Some(subscribers) = topics.get_mut(topic) {
            subscribers.remove(&id);
            if subscribers.is_empty() {
                topics.remove(topic);
            }
        }
    }

    /// Queues `broadcast` for every subscriber of its topic except its sender.
    pub fn dispatch(&self, broadcast: &Arc<Broadcast>) {
        let topics = self.topics.read().unwrap_or_else(PoisonError::into_inner);
        let Some(subscribers) = topics.get(&broadcast.topic) else {
            return;
        };
        for (id, subscriber) in subscribers {
            if Some(*id) != broadcast.from {
                subscriber.deliver(broadcast);
            }
        }
    }

    pub fn count(&self, topic: &str) -> usize {
        let topics = self.topics.read().unwrap_or_else(PoisonError::into_inner);
        topics.get(topic).map_or(0, HashMap::len)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::PubSub;

    async fn next(subscription: &mut Subscription) -> Arc<Broadcast> {
        match subscription.recv().await {
            Some(Delivery::Message(message)) => message,
            other => panic!("expected a message, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_broadcast_reaches_every_subscriber_of_its_topic_and_no_other() {
        let pubsub = PubSub::local();
        let (alice, mut alice_rx) = Subscriber::new();
        let (bob, mut bob_rx) = Subscriber::new();
        pubsub.subscribe("room:1", &alice);
        pubsub.subscribe("room:1", &bob);
        pubsub.subscribe("room:2", &bob);

        pubsub.broadcast("room:2", "only_bob", json!({}));
        pubsub.broadcast("room:1", "both", json!({"n": 1}));

        assert_eq!(next(&mut alice_rx).await.event, "both");
        assert_eq!(next(&mut bob_rx).await.event, "only_bob");
        assert_eq!(next(&mut bob_rx).await.payload, json!({"n": 1}));
    }

    #[tokio::test]
    async fn broadcast_from_skips_its_sender() {
        let pubsub = PubSub::local();
        let (alice, mut alice_rx) = Subscriber::new();
        let (bob, mut bob_rx) = Subscriber::new();
        pubsub.subscribe("room:1", &alice);
        pubsub.subscribe("room:1", &bob);

        pubsub.broadcast_from(alice.id(), "room:1", "typing", json!({}));
        pubsub.broadcast("room:1", "after", json!({}));

        assert_eq!(next(&mut bob_rx).await.event, "typing");
        assert_eq!(next(&mut alice_rx).await.event, "after");
    }

    #[tokio::test]
    async fn unsubscribing_stops_delivery_and_forgets_empty_topics() {
        let pubsub = PubSub::local();
        let (alice, mut alice_rx) = Subscriber::new();
        pubsub.subscribe("room:1", &alice);
        pubsub.unsubscribe("room:1", alice.id());
        assert_eq!(pubsub.local_subscribers("room:1"), 0);

        pubsub.broadcast("room:1", "lost", json!({}));
        pubsub.subscribe("room:9", &alice);
        pubsub.broadcast("room:9", "kept", json!({}));
        assert_eq!(next(&mut alice_rx).await.event, "kept");
    }

    #[tokio::test]
    async fn a_subscriber_that_falls_behind_is_told_it_lagged() {
        let pubsub = PubSub::local();
        let (slow, mut slow_rx) = Subscriber::new();
        pubsub.subscribe("room:1", &slow);
        for _ in 0..=QUEUE {
            pubsub.broadcast("room:1", "flood", json!({}));
        }
        assert!(matches!(slow_rx.recv().await, Some(Delivery::Lagged)));
    }

    #[test]
    fn an_encoding_is_computed_once_and_shared() {
        let broadcast = Broadcast::new("t", "e", json!({}), None);
        let first = broadcast.encoded(|b| format!("{}/{}", b.topic, b.event));
        let second = broadcast.encoded(|_| unreachable!("encoded twice"));
        assert!(Arc::ptr_eq(&first, &second));
    }
}
