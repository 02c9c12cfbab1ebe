//! A socket's ear for what can end it: its [`crate::SocketHandler::id`] topic.

use pubsub::{Broadcast, PubSub, Subscriber, SubscriberId};

/// A subscription to a socket's id topic, held from before its user was looked up, so an end
/// between the lookup and the socket's first step is still heard. However the socket ends —
/// even when its upgrade never completes — dropping this stops the listening.
pub(crate) struct Watch {
    pubsub: PubSub,
    topic: String,
    subscriber: SubscriberId,
}

impl Watch {
    pub(crate) fn start(pubsub: &PubSub, topic: String, subscriber: &Subscriber) -> Self {
        pubsub.subscribe(&topic, subscriber);
        Self {
            pubsub: pubsub.clone(),
            topic,
            subscriber: subscriber.id(),
        }
    }

    /// Whether `broadcast` is on this watch's topic (and so not a channel's).
    pub(crate) fn hears(&self, broadcast: &Broadcast) -> bool {
        broadcast.topic == self.topic
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.pubsub.unsubscribe(&self.topic, self.subscriber);
    }
}
