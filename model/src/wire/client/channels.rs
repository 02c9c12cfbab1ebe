//! The channel half of the client: joining and rejoining, leaving, pushes and their replies,
//! and what arrives on a joined topic (presence merged, earlier joins' messages dropped).

use serde_json::{Map, Value};

use super::{Client, Event, Millis, Outcome, PUSH_TIMEOUT, PushId, Socket, millis};
use crate::wire::{
    CLOSE, ERROR, JOIN, LEAVE, PHOENIX_TOPIC, Payload, Status, backoff, presence::Presence,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ChannelState {
    /// Waiting to (re)join: when the socket opens, or at `rejoin_at`.
    Errored,
    Joining,
    Joined,
}

/// A push not sent yet (its channel is not joined) or sent and waiting for its reply.
#[derive(Debug)]
pub(super) struct Pending {
    pub(super) id: PushId,
    pub(super) event: String,
    pub(super) payload: Map<String, Value>,
    pub(super) deadline: Millis,
}

#[derive(Debug)]
pub(super) struct Channel {
    pub(super) params: Map<String, Value>,
    pub(super) state: ChannelState,
    /// The ref of the current join; messages carrying another are from an earlier join.
    pub(super) join_ref: Option<String>,
    pub(super) join_deadline: Millis,
    pub(super) rejoin_tries: u32,
    pub(super) rejoin_at: Option<Millis>,
    pub(super) buffer: Vec<Pending>,
    pub(super) presence: Presence,
}

/// A sent push waiting for its reply, by ref.
#[derive(Debug)]
pub(super) struct Sent {
    pub(super) topic: String,
    pub(super) id: PushId,
    pub(super) deadline: Millis,
}

impl Client {
    /// Joins `topic` with `params` (now if the socket is open, else when it opens).
    pub fn join(&mut self, topic: &str, params: Map<String, Value>, now: Millis) {
        if self.channels.contains_key(topic) {
            return;
        }
        self.channels.insert(
            topic.to_owned(),
            Channel {
                params,
                state: ChannelState::Errored,
                join_ref: None,
                join_deadline: 0,
                rejoin_tries: 0,
                rejoin_at: None,
                buffer: Vec::new(),
                presence: Presence::default(),
            },
        );
        if matches!(self.socket, Socket::Open { .. }) {
            self.send_join(topic, now);
        }
    }

    /// Replaces the params of `topic`'s next rejoin (e.g. the newest message already seen).
    pub fn set_join_params(&mut self, topic: &str, params: Map<String, Value>) {
        if let Some(channel) = self.channels.get_mut(topic) {
            channel.params = params;
        }
    }

    /// Leaves `topic`; its buffered and unanswered pushes time out.
    pub fn leave(&mut self, topic: &str) {
        let Some(channel) = self.channels.remove(topic) else {
            return;
        };
        self.time_out_buffer(topic, channel.buffer);
        if channel.state != ChannelState::Errored
            && let Some(join_ref) = channel.join_ref
            && matches!(self.socket, Socket::Open { .. })
        {
            let msg_ref = self.make_ref();
            self.send(Some(&join_ref), &msg_ref, topic, LEAVE, &Map::new());
        }
        self.time_out_sent(|sent| sent.topic == topic);
    }

    /// Pushes `event` on `topic`: sent now if the channel is joined, else when it is; answered
    /// by an [`Event::Reply`] with the returned id, at the latest after [`PUSH_TIMEOUT`].
    pub fn push(
        &mut self,
        topic: &str,
        event: &str,
        payload: Map<String, Value>,
        now: Millis,
    ) -> PushId {
        self.next_ref += 1;
        let id = PushId(self.next_ref);
        let pending = Pending {
            id,
            event: event.to_owned(),
            payload,
            deadline: now + millis(PUSH_TIMEOUT),
        };
        match self.channels.get_mut(topic) {
            None => self.events.push_back(Event::Reply {
                topic: topic.to_owned(),
                id,
                outcome: Outcome::Timeout,
            }),
            Some(channel) if channel.state == ChannelState::Joined => {
                self.send_pending(topic, pending);
            }
            Some(channel) => channel.buffer.push(pending),
        }
        id
    }

    pub(super) fn time_out_sent(&mut self, mut which: impl FnMut(&Sent) -> bool) {
        let refs: Vec<String> = self
            .sent
            .iter()
            .filter(|(_, sent)| which(sent))
            .map(|(msg_ref, _)| msg_ref.clone())
            .collect();
        for msg_ref in refs {
            if let Some(sent) = self.sent.remove(&msg_ref) {
                self.events.push_back(Event::Reply {
                    topic: sent.topic,
                    id: sent.id,
                    outcome: Outcome::Timeout,
                });
            }
        }
    }

    fn time_out_buffer(&mut self, topic: &str, buffer: Vec<Pending>) {
        for pending in buffer {
            self.events.push_back(Event::Reply {
                topic: topic.to_owned(),
                id: pending.id,
                outcome: Outcome::Timeout,
            });
        }
    }

    pub(super) fn send_join(&mut self, topic: &str, now: Millis) {
        let join_ref = self.make_ref();
        let Some(channel) = self.channels.get_mut(topic) else {
            return;
        };
        channel.state = ChannelState::Joining;
        channel.join_ref = Some(join_ref.clone());
        channel.join_deadline = now + millis(PUSH_TIMEOUT);
        channel.rejoin_at = None;
        let params = channel.params.clone();
        self.send(Some(&join_ref), &join_ref, topic, JOIN, &params);
    }

    fn send_pending(&mut self, topic: &str, pending: Pending) {
        let Some(join_ref) = self
            .channels
            .get(topic)
            .and_then(|channel| channel.join_ref.clone())
        else {
            return;
        };
        let msg_ref = self.make_ref();
        self.send(
            Some(&join_ref),
            &msg_ref,
            topic,
            &pending.event,
            &pending.payload,
        );
        self.sent.insert(
            msg_ref,
            Sent {
                topic: topic.to_owned(),
                id: pending.id,
                deadline: pending.deadline,
            },
        );
    }

    pub(super) fn reply(
        &mut self,
        msg_ref: &str,
        topic: &str,
        status: Status,
        response: Payload,
        now: Millis,
    ) {
        if topic == PHOENIX_TOPIC {
            if let Socket::Open { heartbeat_ref, .. } = &mut self.socket
                && heartbeat_ref.as_deref() == Some(msg_ref)
            {
                *heartbeat_ref = None;
            }
            return;
        }
        let is_join = self.channels.get(topic).is_some_and(|channel| {
            channel.state == ChannelState::Joining && channel.join_ref.as_deref() == Some(msg_ref)
        });
        if is_join {
            self.join_replied(topic, status, response, now);
        } else if let Some(sent) = self.sent.remove(msg_ref) {
            let outcome = match status {
                Status::Ok => Outcome::Ok(response),
                Status::Error => Outcome::Error(response),
            };
            self.events.push_back(Event::Reply {
                topic: sent.topic,
                id: sent.id,
                outcome,
            });
        }
    }

    fn join_replied(&mut self, topic: &str, status: Status, response: Payload, now: Millis) {
        let Some(channel) = self.channels.get_mut(topic) else {
            return;
        };
        match status {
            Status::Ok => {
                channel.state = ChannelState::Joined;
                channel.rejoin_tries = 0;
                let buffer = std::mem::take(&mut channel.buffer);
                self.events.push_back(Event::Joined {
                    topic: topic.to_owned(),
                    response,
                });
                for pending in buffer {
                    self.send_pending(topic, pending);
                }
            }
            Status::Error => {
                self.schedule_rejoin(topic, now);
                self.events.push_back(Event::JoinRefused {
                    topic: topic.to_owned(),
                    response,
                });
            }
        }
    }

    fn schedule_rejoin(&mut self, topic: &str, now: Millis) {
        if let Some(channel) = self.channels.get_mut(topic) {
            channel.state = ChannelState::Errored;
            channel.rejoin_tries += 1;
            channel.rejoin_at = Some(now + millis(backoff::rejoin_after(channel.rejoin_tries)));
        }
    }

    pub(super) fn message(
        &mut self,
        join_ref: Option<String>,
        topic: String,
        event: String,
        payload: Payload,
        now: Millis,
    ) {
        let Some(channel) = self.channels.get_mut(&topic) else {
            return;
        };
        // A push for an earlier join of this topic (a broadcast carries no join ref).
        if join_ref.is_some() && join_ref != channel.join_ref {
            return;
        }
        let current = channel.join_ref.clone().unwrap_or_default();
        match event.as_str() {
            CLOSE => {
                let channel = self.channels.remove(&topic);
                if let Some(channel) = channel {
                    self.time_out_buffer(&topic, channel.buffer);
                }
                self.time_out_sent(|sent| sent.topic == topic);
                self.events.push_back(Event::ChannelClosed { topic });
            }
            ERROR => {
                self.schedule_rejoin(&topic, now);
                self.time_out_sent(|sent| sent.topic == topic);
                self.events.push_back(Event::ChannelErrored { topic });
            }
            "presence_state" | "presence_diff" => {
                let changed = match (&payload, event.as_str()) {
                    (Payload::Json(map), "presence_state") => {
                        serde_json::from_value(Value::Object(map.clone()))
                            .map(|state| channel.presence.on_state(&current, state))
                    }
                    (Payload::Json(map), _) => serde_json::from_value(Value::Object(map.clone()))
                        .map(|diff| channel.presence.on_diff(&current, diff)),
                    (Payload::Binary(_), _) => return,
                };
                if changed.is_ok() {
                    self.events.push_back(Event::PresenceChanged { topic });
                }
            }
            _ => self.events.push_back(Event::Message {
                topic,
                event,
                payload,
            }),
        }
    }

    /// Times out overdue pushes and joins, and rejoins the channels whose wait is over.
    pub(super) fn tick_channels(&mut self, now: Millis) {
        self.time_out_sent(|sent| sent.deadline <= now);

        let open = matches!(self.socket, Socket::Open { .. });
        let (mut late_joins, mut rejoin) = (Vec::new(), Vec::new());
        for (topic, channel) in &mut self.channels {
            let (late, waiting): (Vec<_>, Vec<_>) = std::mem::take(&mut channel.buffer)
                .into_iter()
                .partition(|pending| pending.deadline <= now);
            channel.buffer = waiting;
            for pending in late {
                self.events.push_back(Event::Reply {
                    topic: topic.clone(),
                    id: pending.id,
                    outcome: Outcome::Timeout,
                });
            }
            if channel.state == ChannelState::Joining && channel.join_deadline <= now {
                late_joins.push(topic.clone());
            } else if open
                && channel.state == ChannelState::Errored
                && channel.rejoin_at.is_some_and(|at| at <= now)
            {
                rejoin.push(topic.clone());
            }
        }
        for topic in late_joins {
            self.schedule_rejoin(&topic, now);
            self.events.push_back(Event::ChannelErrored { topic });
        }
        for topic in rejoin {
            self.send_join(&topic, now);
        }
    }
}
