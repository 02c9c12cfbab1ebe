//! Messages written while the room is not connected (offline, reconnecting): queued in the
//! page, shown as such, and sent one at a time, in order, once the room is joined again — each
//! gone from the queue when the room acknowledges it, so nothing is sent twice or lost.

use std::time::Duration;

use leptos::prelude::*;
use model::{
    chat::{
        ChatMessage,
        channel::{self, NewMessage},
    },
    wire::{RATE_LIMITED, client::Outcome},
};
use serde_json::Value;

use super::{Inner, Pending, parse};
use crate::{
    components::Link,
    pages::chat::state::{Notice, Queued},
};

impl Inner {
    /// Queues `body` to be sent once the room is live (now, if it is and nothing is ahead of
    /// it).
    pub(super) fn queue(&self, body: String) {
        let key = self.next_queued.get();
        self.next_queued.set(key.wrapping_add(1));
        self.state.queued.update(|queued| {
            queued.push(Queued {
                key,
                body,
                sending: false,
            });
        });
        self.send_queued();
    }

    /// Sends the oldest queued message if the room is live and none is awaiting its answer.
    pub(super) fn send_queued(&self) {
        let state = self.state;
        if state.link.get_untracked() != Link::Live {
            return;
        }
        let next = state.queued.with_untracked(|queued| match queued.first() {
            Some(first) if !first.sending => Some((first.key, first.body.clone())),
            _ => None,
        });
        let Some((key, body)) = next else { return };
        state.queued.update(|queued| {
            if let Some(first) = queued.first_mut() {
                first.sending = true;
            }
        });
        self.push(
            channel::NEW_MESSAGE,
            NewMessage { body },
            Some(Pending::Queued(key)),
        );
    }

    pub(super) fn queued_replied(&self, key: u32, outcome: Outcome) {
        let state = self.state;
        match outcome {
            Outcome::Ok(payload) => {
                state
                    .queued
                    .update(|queued| queued.retain(|message| message.key != key));
                if let Some(message) = parse::<ChatMessage>(payload) {
                    self.add_messages(vec![message], true);
                }
                self.send_queued();
            }
            Outcome::Error(payload) => {
                let refusal = parse::<Value>(payload).unwrap_or_default();
                self.unsend(key);
                if refusal["reason"] == RATE_LIMITED {
                    // Faster than the room allows: again once it allows one more.
                    let wait = refusal["retry_after_ms"].as_u64().unwrap_or(1000);
                    let this = self.this.clone();
                    set_timeout(
                        move || {
                            if let Some(inner) = this.upgrade() {
                                inner.send_queued();
                            }
                        },
                        Duration::from_millis(wait),
                    );
                } else {
                    // Refused for good (it was checked before it was queued, so this is rare):
                    // the text goes back to the composer rather than being lost.
                    let body = state.queued.with_untracked(|queued| {
                        queued
                            .iter()
                            .find(|message| message.key == key)
                            .map(|message| message.body.clone())
                    });
                    state
                        .queued
                        .update(|queued| queued.retain(|message| message.key != key));
                    let sent = body.as_deref().unwrap_or_default();
                    let why = match super::incoming::refused(sent, &refusal) {
                        Some(Notice::Refused(why)) => Notice::QueuedRefused(why),
                        _ => Notice::SendRefused,
                    };
                    if let Some(body) = body
                        && state.draft.with_untracked(String::is_empty)
                    {
                        state.draft.set(body);
                    }
                    state.send_error.set(Some(why));
                    self.send_queued();
                }
            }
            // The connection dropped again: it goes with the next join.
            Outcome::Timeout => self.unsend(key),
        }
    }

    /// Marks a queued message as waiting again.
    fn unsend(&self, key: u32) {
        self.state.queued.update(|queued| {
            if let Some(message) = queued.iter_mut().find(|message| message.key == key) {
                message.sending = false;
            }
        });
    }
}
