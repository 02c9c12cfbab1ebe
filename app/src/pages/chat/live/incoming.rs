//! What arrives from the room, into its signals: the join reply, broadcasts, presence, and the
//! answers to what this page pushed. New messages follow the reader down only if they were at
//! the end; older ones keep the reader's place.

use leptos::prelude::*;
use model::{
    chat::{
        ChatMessage, ReadReceipt,
        channel::{self, JoinReply, Page, RECENT_MESSAGES, Refusal, RoomChanged, Typing, refusals},
    },
    wire::{Payload, RATE_LIMITED, client::Outcome},
};
use serde_json::Value;

use super::{Inner, Pending, parse};
use crate::pages::chat::{
    state::{Member, Notice, near_bottom},
    words,
};

impl Inner {
    pub(super) fn joined(&self, response: Payload) {
        let state = self.state;
        let Some(reply) = parse::<JoinReply>(response) else {
            state.problem.set(Some(Notice::NotUnderstood));
            return;
        };
        let first = state.messages.with_untracked(Vec::is_empty);
        state.room.set(Some(reply.room));
        state.problem.set(None);
        if let Some(channel) = self.channel.get() {
            channel.live();
        }
        state.receipts.set(
            reply
                .receipts
                .into_iter()
                .map(|receipt| (receipt.user_id, receipt.message_id))
                .collect(),
        );
        if first {
            state
                .has_older
                .set(reply.messages.len() >= RECENT_MESSAGES as usize);
        }
        self.add_messages(reply.messages, first);
        if reply.has_more {
            self.newer();
        }
        // A receipt lost with the last connection goes out again, and what was written
        // meanwhile goes out now.
        self.mark_read();
        self.send_queued();
    }

    pub(super) fn refused(&self, response: Payload) {
        let reason = parse::<Refusal>(response).map(|refusal| refusal.reason);
        let problem = match reason.as_deref() {
            // The server answers the same for a private room one was not invited to, so that
            // nobody can probe which rooms exist.
            Some(refusals::NOT_FOUND) => Notice::NoSuchRoom,
            _ => Notice::Unavailable,
        };
        self.state.problem.set(Some(problem));
        if reason.as_deref() == Some(refusals::NOT_FOUND)
            && let Some(channel) = self.channel.get()
        {
            // Asking again will not change the answer.
            channel.close();
        }
    }

    pub(super) fn message(&self, event: &str, payload: Payload) {
        let state = self.state;
        match event {
            channel::MESSAGE_EDITED | channel::MESSAGE_DELETED | channel::REACTION_CHANGED => {
                self.message_changed(event, payload);
            }
            channel::NEW_MESSAGE => {
                if let Some(message) = parse::<ChatMessage>(payload) {
                    let author = message.author.id;
                    state.typing.update(|typing| {
                        typing.remove(&author);
                    });
                    self.add_messages(vec![message], author == state.me);
                }
            }
            channel::USER_TYPING => {
                if let Some(Typing {
                    user_id,
                    name,
                    typing,
                }) = parse(payload)
                    && user_id != state.me
                {
                    state.typing.update(|list| {
                        if typing {
                            list.insert(user_id, name);
                        } else {
                            list.remove(&user_id);
                        }
                    });
                }
            }
            channel::MESSAGE_READ => {
                if let Some(receipt) = parse::<ReadReceipt>(payload) {
                    state.receipts.update(|receipts| {
                        let read = receipts.entry(receipt.user_id).or_default();
                        *read = (*read).max(receipt.message_id);
                    });
                }
            }
            channel::ROOM_RENAMED => {
                if let Some(RoomChanged { room }) = parse(payload) {
                    state.room.set(Some(room));
                    self.changed.bump();
                }
            }
            channel::ROOM_DELETED => {
                state.problem.set(Some(Notice::RoomDeleted));
                if let Some(channel) = self.channel.get() {
                    channel.close();
                }
                self.changed.bump();
            }
            _ => {}
        }
    }

    pub(super) fn presence(&self) {
        let Some(socket) = self.socket() else { return };
        let mut online: Vec<Member> = socket
            .presence(self.topic())
            .into_iter()
            .filter_map(|(key, entry)| {
                let name = entry
                    .metas
                    .first()?
                    .fields
                    .get("name")?
                    .as_str()?
                    .to_owned();
                Some(Member {
                    user_id: key.parse().ok()?,
                    name,
                    devices: entry.metas.len(),
                })
            })
            .collect();
        online.sort_by_key(|member| member.name.to_lowercase());
        self.state.online.set(online);
    }

    pub(super) fn replied(&self, pending: Pending, outcome: Outcome) {
        let state = self.state;
        match (pending, outcome) {
            (Pending::Message(sent), Outcome::Ok(payload)) => {
                state.sending.set(false);
                state.send_error.set(None);
                if state.draft.with_untracked(|draft| *draft == sent) {
                    state.draft.set(String::new());
                }
                if let Some(message) = parse::<ChatMessage>(payload) {
                    self.add_messages(vec![message], true);
                }
            }
            (Pending::Message(sent), Outcome::Error(payload)) => {
                state.sending.set(false);
                let answer = parse::<Value>(payload).unwrap_or_default();
                state
                    .send_error
                    .set(Some(refused(&sent, &answer).unwrap_or_else(|| {
                        if answer["reason"] == RATE_LIMITED {
                            Notice::SendingTooFast
                        } else {
                            Notice::SendRefused
                        }
                    })));
            }
            (Pending::Message(_), Outcome::Timeout) => {
                state.sending.set(false);
                state.send_error.set(Some(Notice::SendDropped));
            }
            (Pending::Older, Outcome::Ok(payload)) => {
                state.loading_older.set(false);
                if let Some(page) = parse::<Page>(payload) {
                    state.has_older.set(page.has_more);
                    self.add_older(page.messages);
                }
            }
            (Pending::Newer, Outcome::Ok(payload)) => {
                if let Some(page) = parse::<Page>(payload) {
                    self.add_messages(page.messages, false);
                    if page.has_more {
                        self.newer();
                    }
                }
            }
            (Pending::Change(change), outcome) => self.change_replied(change, outcome),
            (Pending::Queued(key), outcome) => self.queued_replied(key, outcome),
            (Pending::Older, _) => state.loading_older.set(false),
            (Pending::Newer, _) => {}
            (Pending::Receipt(_), Outcome::Ok(_)) => self.receipt_saved(),
            (Pending::Receipt(id), _) => {
                // Not saved: the next chance (a new message, a rejoin) sends it again.
                if self.marked.get() == id {
                    self.marked.set(0);
                }
            }
        }
    }

    /// Adds messages at the end. The view follows them down if the reader was at the end
    /// (or `follow` says so); otherwise it offers a "new messages" button and leaves the
    /// reader where they are.
    pub(super) fn add_messages(&self, messages: Vec<ChatMessage>, follow: bool) {
        let state = self.state;
        let at_end = state
            .list
            .get_untracked()
            .is_none_or(|list| near_bottom(&list));
        let mut added = 0;
        state
            .messages
            .update(|list| added = words::merge(list, messages));
        if added == 0 {
            return;
        }
        if let Some(socket) = self.socket() {
            socket.set_join_params(self.topic(), self.join_params());
        }
        let stick = at_end || follow;
        if stick {
            // The reader is at the end, and the list follows the new messages down.
            self.mark_newest();
        }
        let list = state.list;
        request_animation_frame(move || {
            if let Some(element) = list.get_untracked() {
                if stick {
                    element.set_scroll_top(element.scroll_height());
                    state.new_below.set(false);
                } else {
                    state.new_below.set(true);
                }
            }
        });
    }

    /// Adds older messages at the top, keeping what the reader is looking at in place.
    pub(super) fn add_older(&self, messages: Vec<ChatMessage>) {
        let state = self.state;
        let before = state
            .list
            .get_untracked()
            .map(|list| (list.scroll_height(), list.scroll_top()));
        state.messages.update(|list| {
            words::merge(list, messages);
        });
        let list = state.list;
        request_animation_frame(move || {
            if let (Some(element), Some((height, top))) = (list.get_untracked(), before) {
                element.set_scroll_top(top + element.scroll_height() - height);
            }
        });
    }
}

/// Why the room refused `sent`, when it was its text: the same rule, checked here, says which
/// (so it is worded in the page's language); the room's own words if this page's rules let
/// it through.
pub(super) fn refused(sent: &str, answer: &Value) -> Option<Notice> {
    let words = answer["errors"]["body"].as_str()?;
    let refusal = match model::chat::MessageBody::parse(sent) {
        Err(error) => error.into(),
        Ok(_) => words.into(),
    };
    Some(Notice::Refused(refusal))
}
