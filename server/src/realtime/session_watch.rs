//! A socket's ear for its person's session ends ([`sessions::socket_topic`]).

use domain::{
    pubsub::{Broadcast, PubSub, Subscriber, SubscriberId},
    sessions,
};

/// A subscription to a person's session ends ([`sessions::socket_topic`]), held from before
/// their session was checked, so an end between the check and the socket's first step is
/// still heard. However the socket ends — even when its upgrade never completes — dropping
/// this stops the listening.
pub(super) struct SessionWatch {
    pubsub: PubSub,
    topic: String,
    subscriber: SubscriberId,
}

impl SessionWatch {
    pub(super) fn start(pubsub: &PubSub, user_id: i64, subscriber: &Subscriber) -> Self {
        let topic = sessions::socket_topic(user_id);
        pubsub.subscribe(&topic, subscriber);
        Self {
            pubsub: pubsub.clone(),
            topic,
            subscriber: subscriber.id(),
        }
    }
}

impl SessionWatch {
    /// Whether `broadcast` is on this watch's topic (and so not a channel's).
    pub(super) fn hears(&self, broadcast: &Broadcast) -> bool {
        broadcast.topic == self.topic
    }
}

impl Drop for SessionWatch {
    fn drop(&mut self) {
        self.pubsub.unsubscribe(&self.topic, self.subscriber);
    }
}
