//! Changes to messages already shown: the reader's edits, deletes and reactions pushed to the
//! room and their answers, and everyone's arriving as broadcasts — both applied the same way
//! (`pages::chat::changes`), so either may come first.

use leptos::prelude::*;
use model::{
    chat::channel::{
        self, DeleteMessage, EditMessage, MessageDeleted, MessageEdited, React, ReactionChanged,
        refusals,
    },
    wire::{Payload, RATE_LIMITED, client::Outcome},
};
use serde_json::Value;

use super::{Inner, Pending, parse};
use crate::pages::chat::{changes, message, state::Notice};

/// What a push changing a message is waiting for, by the message's id.
#[derive(Clone, Copy, Debug)]
pub(super) enum Change {
    Edit(i64),
    Delete(i64),
    React(i64),
}

impl Change {
    fn message_id(self) -> i64 {
        match self {
            Self::Edit(id) | Self::Delete(id) | Self::React(id) => id,
        }
    }
}

impl Inner {
    pub(super) fn edit(&self, message_id: i64, body: String) {
        let edit = EditMessage { message_id, body };
        self.push(
            channel::EDIT_MESSAGE,
            edit,
            Some(Pending::Change(Change::Edit(message_id))),
        );
    }

    pub(super) fn delete(&self, message_id: i64) {
        self.push(
            channel::DELETE_MESSAGE,
            DeleteMessage { message_id },
            Some(Pending::Change(Change::Delete(message_id))),
        );
    }

    pub(super) fn react(&self, react: React) {
        let pending = Pending::Change(Change::React(react.message_id));
        self.push(channel::REACT, react, Some(pending));
    }

    /// A broadcast changing a shown message.
    pub(super) fn message_changed(&self, event: &str, payload: Payload) {
        match event {
            channel::MESSAGE_EDITED => {
                if let Some(edited) = parse::<MessageEdited>(payload) {
                    self.apply_edit(&edited);
                }
            }
            channel::MESSAGE_DELETED => {
                if let Some(MessageDeleted { message_id }) = parse(payload) {
                    self.apply_delete(message_id);
                }
            }
            channel::REACTION_CHANGED => {
                if let Some(change) = parse::<ReactionChanged>(payload) {
                    self.apply_reaction(&change);
                }
            }
            _ => {}
        }
    }

    pub(super) fn change_replied(&self, change: Change, outcome: Outcome) {
        let state = self.state;
        let id = change.message_id();
        let answer = match outcome {
            Outcome::Ok(payload) => payload,
            Outcome::Error(payload) => {
                let why = parse::<Value>(payload)
                    .map_or(Notice::ChangeRefused, |value| refusal(change, &value));
                state.change_error.set(Some((id, why)));
                return;
            }
            Outcome::Timeout => {
                state.change_error.set(Some((id, Notice::ChangeDropped)));
                return;
            }
        };
        if state
            .change_error
            .with_untracked(|error| error.as_ref().is_some_and(|(on, _)| *on == id))
        {
            state.change_error.set(None);
        }
        match change {
            Change::Edit(_) => {
                if let Some(edited) = parse::<MessageEdited>(answer) {
                    self.apply_edit(&edited);
                }
                if state.editing.get_untracked() == Some(id) {
                    state.editing.set(None);
                    message::focus_actions(id);
                }
            }
            Change::Delete(_) => {
                self.apply_delete(id);
                message::focus_tombstone(id);
            }
            Change::React(_) => {
                if let Some(change) = parse::<ReactionChanged>(answer) {
                    self.apply_reaction(&change);
                    if change.count == 0 {
                        message::refocus_if_lost(id);
                    }
                }
            }
        }
    }

    fn apply_edit(&self, edited: &MessageEdited) {
        let mut changed = false;
        self.state
            .messages
            .update(|messages| changed = changes::edit(messages, edited));
        if changed && self.is_newest(edited.message_id) {
            // The room list shows the newest message's text.
            self.changed.bump();
        }
    }

    fn apply_delete(&self, message_id: i64) {
        let mut changed = false;
        self.state
            .messages
            .update(|messages| changed = changes::delete(messages, message_id));
        if changed && self.is_newest(message_id) {
            self.changed.bump();
        }
    }

    fn apply_reaction(&self, change: &ReactionChanged) {
        let me = self.state.me;
        self.state
            .messages
            .update(|messages| changes::react(messages, change, me));
    }

    fn is_newest(&self, message_id: i64) -> bool {
        self.state
            .messages
            .with_untracked(|messages| messages.last().is_some_and(|last| last.id == message_id))
    }
}

/// Why a change was refused.
fn refusal(change: Change, answer: &Value) -> Notice {
    if let Some(words) = answer["errors"]["body"].as_str() {
        return Notice::Refused(words.into());
    }
    match answer["reason"].as_str() {
        Some(RATE_LIMITED) => Notice::ChangingTooFast,
        Some(refusals::NOT_YOURS) => match change {
            Change::Edit(_) => Notice::OnlyAuthorEdits,
            _ => Notice::OnlyAuthorDeletes,
        },
        Some(refusals::NOT_FOUND) => Notice::MessageGone,
        _ => Notice::ChangeRefused,
    }
}
