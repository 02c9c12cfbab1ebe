//! What the reader does, pushed to the room: sending, typing notices (throttled: recipe 16),
//! asking for older or newer pages, and read receipts.

use std::time::Duration;

use leptos::prelude::*;
use model::chat::{
    MessageBody,
    channel::{
        self, HistoryRequest, MAX_PAGE, NewMessage, RECENT_MESSAGES, ReadUpTo, TypingNotice,
    },
};

use super::{Inner, Pending, page_visible};
use crate::components::Link;
use crate::pages::chat::state::{Notice, near_bottom};

/// At most one "typing" notice per this many milliseconds while typing.
const TYPING_EVERY_MS: f64 = 2000.0;
/// The least time between two loads of the room list that saved receipts cause.
const LIST_EVERY_MS: f64 = 2000.0;

impl Inner {
    pub(super) fn send(&self) {
        let state = self.state;
        if state.sending.get_untracked() {
            return;
        }
        let text = state.draft.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        if let Err(error) = MessageBody::parse(&text) {
            state.send_error.set(Some(Notice::Refused(error.into())));
            return;
        }
        let link = state.link.get_untracked();
        let refused = match link {
            Link::SignedOut => Some(Notice::SignedOut),
            Link::Closed => Some(Notice::NotConnected),
            _ => None,
        };
        if let Some(why) = refused {
            state.send_error.set(Some(why));
            return;
        }
        // Not connected, or others are waiting: it goes in the queue, in order.
        if link != Link::Live || !state.queued.with_untracked(Vec::is_empty) {
            state.draft.set(String::new());
            state.send_error.set(None);
            self.typed_at.set(0.0);
            self.queue(text);
            return;
        }
        state.sending.set(true);
        self.typed_at.set(0.0);
        self.push(
            channel::NEW_MESSAGE,
            NewMessage { body: text.clone() },
            Some(Pending::Message(text)),
        );
    }

    pub(super) fn typed(&self) {
        let empty = self
            .state
            .draft
            .with_untracked(|draft| draft.trim().is_empty());
        let now = js_sys::Date::now();
        if !empty && now - self.typed_at.get() >= TYPING_EVERY_MS {
            self.typed_at.set(now);
            self.push(channel::TYPING, TypingNotice { typing: true }, None);
        } else if empty && self.typed_at.get() > 0.0 {
            self.typed_at.set(0.0);
            self.push(channel::TYPING, TypingNotice { typing: false }, None);
        }
    }

    pub(super) fn older(&self) {
        let state = self.state;
        if !state.has_older.get_untracked() || state.loading_older.get_untracked() {
            return;
        }
        let Some(oldest) = state
            .messages
            .with_untracked(|messages| messages.first().map(|message| message.id))
        else {
            return;
        };
        state.loading_older.set(true);
        let older = HistoryRequest {
            before: Some(oldest),
            after: None,
            limit: Some(RECENT_MESSAGES),
        };
        self.push(channel::HISTORY, older, Some(Pending::Older));
    }

    /// Asks for the messages after the newest shown (a catch-up longer than one join reply).
    pub(super) fn newer(&self) {
        let newest = self
            .state
            .messages
            .with_untracked(|messages| messages.last().map(|message| message.id));
        if let Some(newest) = newest {
            let newer = HistoryRequest {
                before: None,
                after: Some(newest),
                limit: Some(MAX_PAGE),
            };
            self.push(channel::HISTORY, newer, Some(Pending::Newer));
        }
    }

    /// Marks the newest message read if the reader is at the end of the list.
    pub(super) fn mark_read(&self) {
        let at_end = self
            .state
            .list
            .get_untracked()
            .is_none_or(|list| near_bottom(&list));
        if at_end {
            self.mark_newest();
        }
    }

    /// Marks the newest message read, once, if the page is in front of the reader (a hidden
    /// tab marks it when it is shown again).
    pub(super) fn mark_newest(&self) {
        let newest = self
            .state
            .messages
            .with_untracked(|messages| messages.last().map(|message| message.id));
        let Some(newest) = newest else { return };
        if newest > self.marked.get() && page_visible() {
            self.marked.set(newest);
            self.push(
                channel::READ_RECEIPT,
                ReadUpTo { message_id: newest },
                Some(Pending::Receipt(newest)),
            );
        }
    }

    /// A receipt was saved, so the room list's unread count for this room is stale: the list
    /// loads again at once, and then at most once every [`LIST_EVERY_MS`] while messages keep
    /// coming (the open room's badge clears with the first load, and stays clear). A load per
    /// message would be a query per message for every reader of a busy room.
    pub(super) fn receipt_saved(&self) {
        if self.list_due.get() {
            return; // a load is already on its way, and will see this receipt
        }
        let wait = self.list_loaded_at.get() + LIST_EVERY_MS - js_sys::Date::now();
        if wait <= 0.0 {
            self.load_list();
            return;
        }
        self.list_due.set(true);
        let this = self.this.clone();
        set_timeout(
            move || {
                if let Some(inner) = this.upgrade() {
                    inner.list_due.set(false);
                    inner.load_list();
                }
            },
            Duration::from_millis(wait as u64),
        );
    }

    fn load_list(&self) {
        self.list_loaded_at.set(js_sys::Date::now());
        self.changed.bump();
    }
}
