//! What a room view shows, as signals ([`RoomState`]), and what it asks of the live room
//! ([`Ask`]): the views read and write the one, the live half (`live/`) fills the other and
//! carries out the asks, and neither knows the other.

use std::collections::BTreeMap;

use leptos::{html, prelude::*};
use model::{
    chat::{ChatMessage, Reaction, RoomInfo},
    refusal::Refusal,
};

use crate::components::Link;

/// Within this many pixels of the end counts as reading the newest messages.
#[cfg(feature = "hydrate")]
const NEAR_BOTTOM_PX: i32 = 60;

/// Whether `list` is scrolled to (nearly) its end.
#[cfg(feature = "hydrate")]
pub fn near_bottom(list: &web_sys::Element) -> bool {
    list.scroll_height() - list.scroll_top() - list.client_height() < NEAR_BOTTOM_PX
}

/// What carries out the view's asks.
#[cfg(feature = "hydrate")]
type CarryOut = Box<dyn Fn(Ask)>;

/// Someone present in the room, with how many tabs or devices they have it open in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub user_id: i64,
    pub name: String,
    pub devices: usize,
}

/// A message written while the room was not connected: shown as queued, sent in order once
/// it is, and gone from here when the room acknowledges it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Queued {
    /// This page's own number for it.
    pub key: u32,
    pub body: String,
    /// Pushed, its answer awaited.
    pub sending: bool,
}

/// What the room has to tell the reader: kept as what happened, not as words, so the view says
/// it in the page's language (and says it again when the language changes).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub enum Notice {
    /// The join's answer was not what this page understands.
    NotUnderstood,
    /// No such room, or a private one the reader was not invited to (one answer for both).
    NoSuchRoom,
    /// The room could not be read; the page tries again.
    Unavailable,
    /// The room was deleted while open.
    RoomDeleted,
    /// The message's text breaks a rule.
    Refused(Refusal),
    /// A queued message was refused for good; its text is back in the composer.
    QueuedRefused(Refusal),
    /// Sent faster than the room allows.
    SendingTooFast,
    /// The room refused the message, saying nothing more.
    SendRefused,
    /// The connection dropped before the room answered.
    SendDropped,
    /// The reader's session ended.
    SignedOut,
    /// The room is not connected and will not be.
    NotConnected,
    /// Changes (edits, deletes, reactions) faster than the room allows.
    ChangingTooFast,
    /// Someone else's message: only its author edits it.
    OnlyAuthorEdits,
    /// Someone else's message: only its author or an admin deletes it.
    OnlyAuthorDeletes,
    /// The message is gone.
    MessageGone,
    /// The room refused the change, saying nothing more.
    ChangeRefused,
    /// The connection dropped before the room answered the change.
    ChangeDropped,
}

/// What the view asks of the live room.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ask {
    /// Send the composer's text.
    Send,
    /// The composer's text changed (typing notices are throttled).
    Typed,
    /// Load the page of messages before the oldest shown.
    Older,
    /// The reader is at the newest message: mark it read.
    SawLatest,
    /// Replace the text of the reader's own message.
    Edit { message_id: i64, body: String },
    /// Delete a message (the reader's own; an admin's, anyone's).
    Delete { message_id: i64 },
    /// Give (`on`) or take back a reaction.
    React {
        message_id: i64,
        reaction: Reaction,
        on: bool,
    },
}

/// Everything the room view shows, as signals.
#[derive(Clone, Copy)]
pub struct RoomState {
    pub room_id: i64,
    pub me: i64,
    /// The reader is an admin: they may delete anyone's message.
    pub admin: bool,
    pub room: RwSignal<Option<RoomInfo>>,
    pub messages: RwSignal<Vec<ChatMessage>>,
    pub has_older: RwSignal<bool>,
    pub loading_older: RwSignal<bool>,
    /// Who is typing, by user id.
    pub typing: RwSignal<BTreeMap<i64, String>>,
    pub online: RwSignal<Vec<Member>>,
    /// How far each member has read: user id → message id.
    pub receipts: RwSignal<BTreeMap<i64, i64>>,
    pub link: RwSignal<Link>,
    /// Why the room cannot be shown (not found, not allowed, deleted).
    pub problem: RwSignal<Option<Notice>>,
    pub draft: RwSignal<String>,
    pub sending: RwSignal<bool>,
    /// Messages waiting for the connection, oldest first.
    pub queued: RwSignal<Vec<Queued>>,
    pub send_error: RwSignal<Option<Notice>>,
    /// New messages arrived while the reader was scrolled up.
    pub new_below: RwSignal<bool>,
    /// The message whose actions are open, if any (one at a time).
    pub actions_open: RwSignal<Option<i64>>,
    /// The message being edited, if any (one at a time).
    pub editing: RwSignal<Option<i64>>,
    /// Why the last change to a message (edit, delete, reaction) was refused, by message id.
    pub change_error: RwSignal<Option<(i64, Notice)>>,
    /// The scrolled region the messages are in.
    pub list: NodeRef<html::Div>,
    /// Who carries out what the view asks: the live room, in the browser.
    #[cfg(feature = "hydrate")]
    asked: StoredValue<Option<CarryOut>, LocalStorage>,
}

impl RoomState {
    pub fn new(room_id: i64, me: i64, admin: bool) -> Self {
        Self {
            room_id,
            me,
            admin,
            room: RwSignal::new(None),
            messages: RwSignal::new(Vec::new()),
            has_older: RwSignal::new(false),
            loading_older: RwSignal::new(false),
            typing: RwSignal::new(BTreeMap::new()),
            online: RwSignal::new(Vec::new()),
            receipts: RwSignal::new(BTreeMap::new()),
            link: RwSignal::new(Link::Connecting),
            problem: RwSignal::new(None),
            draft: RwSignal::new(String::new()),
            sending: RwSignal::new(false),
            queued: RwSignal::new(Vec::new()),
            send_error: RwSignal::new(None),
            new_below: RwSignal::new(false),
            actions_open: RwSignal::new(None),
            editing: RwSignal::new(None),
            change_error: RwSignal::new(None),
            list: NodeRef::new(),
            #[cfg(feature = "hydrate")]
            asked: StoredValue::new_local(None),
        }
    }

    /// Hands `ask` to whoever carries it out (the live room, in the browser; on the server
    /// there is none).
    pub fn ask(self, ask: Ask) {
        #[cfg(feature = "hydrate")]
        self.asked.with_value(|asked| {
            if let Some(asked) = asked {
                asked(ask);
            }
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = ask;
    }

    /// Who carries out what the view asks from now on.
    #[cfg(feature = "hydrate")]
    pub fn on_ask(self, carry_out: impl Fn(Ask) + 'static) {
        self.asked.set_value(Some(Box::new(carry_out)));
    }

    /// Everyone's name this room knows of (authors and those online), for "seen by".
    pub fn names(self) -> BTreeMap<i64, String> {
        let mut names: BTreeMap<i64, String> = self.messages.with(|messages| {
            messages
                .iter()
                .map(|message| (message.author.id, message.author.name.clone()))
                .collect()
        });
        self.online.with(|online| {
            names.extend(
                online
                    .iter()
                    .map(|member| (member.user_id, member.name.clone())),
            );
        });
        names
    }
}
