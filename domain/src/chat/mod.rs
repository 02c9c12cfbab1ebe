//! Rooms people talk in, the messages they post there, and how far each has read (cookbook
//! recipes 29–31), behind the [`Chat`] handle. Every verb that acts for someone takes their
//! [`Scope`] and checks it in [`access`]; a room's history is read only through the
//! [`EnteredRoom`] that entering it gives; every change is announced as a [`ChatEvent`] after
//! it commits.

mod access;
mod activity;
mod edits;
mod events;
mod listing;
mod messages;
mod reactions;
mod receipts;
mod rooms;

pub use activity::{RoomDay, activity};
pub use events::ChatEvent;
pub use listing::RoomSummary;
pub use messages::{MAX_PAGE, Message, RECENT_MESSAGES};
pub use receipts::ReadReceipt;
pub use rooms::{Member, ROOMS_NAME_KEY, Room};

use model::chat::{
    MessageBody, RoomName,
    channel::{MessageDeleted, MessageEdited, React, ReactionChanged},
};
use pubsub::PubSub;

use crate::mentions::Mentions;

use crate::{
    Scope,
    db::{Db, DbError},
    paging::Page,
};

/// The chat, as its callers hold it: where its rooms live and where it announces what changed.
/// Cheap to clone. Every verb that acts for someone takes their [`Scope`] first.
#[derive(Clone, Debug)]
pub struct Chat {
    db: Db,
    pubsub: PubSub,
    /// Who a message mentions hears of it.
    mentions: Mentions,
}

impl Chat {
    pub fn new(db: Db, pubsub: PubSub) -> Self {
        let mentions = Mentions::new(db.clone(), pubsub.clone());
        Self {
            db,
            pubsub,
            mentions,
        }
    }

    /// The rooms `scope` may see (public ones, and private ones they belong to), with their
    /// member and unread counts.
    pub async fn list_rooms(&self, scope: Scope) -> Result<Vec<RoomSummary>, ChatError> {
        listing::list_rooms(&self.db, scope).await
    }

    /// The names of rooms `ids`, private ones included, for an admin's view of the node.
    pub async fn room_names(
        &self,
        scope: Scope,
        ids: &[i64],
    ) -> Result<std::collections::HashMap<i64, String>, ChatError> {
        listing::room_names(&self.db, scope, ids).await
    }

    /// A page of the rooms `scope` may see, in the order they were made (see [`Page`]).
    pub async fn rooms_page(
        &self,
        scope: Scope,
        page: Page,
    ) -> Result<Vec<RoomSummary>, ChatError> {
        listing::rooms_page(&self.db, scope, page).await
    }

    /// How many rooms `scope` may see.
    pub async fn count_rooms(&self, scope: Scope) -> Result<i64, ChatError> {
        listing::count_rooms(&self.db, scope).await
    }

    /// One room `scope` may see, with its counts.
    pub async fn room_summary(&self, scope: Scope, room_id: i64) -> Result<RoomSummary, ChatError> {
        rooms::view_room(&self.db, scope, room_id).await?;
        listing::summary(&self.db, scope, room_id).await
    }

    /// Creates a room; its creator is its first member.
    pub async fn create_room(
        &self,
        scope: Scope,
        name: RoomName,
        private: bool,
    ) -> Result<Room, ChatError> {
        rooms::create_room(&self.db, &self.pubsub, scope, name, private).await
    }

    pub async fn rename_room(
        &self,
        scope: Scope,
        room_id: i64,
        name: RoomName,
    ) -> Result<Room, ChatError> {
        rooms::rename_room(&self.db, &self.pubsub, scope, room_id, name).await
    }

    pub async fn delete_room(&self, scope: Scope, room_id: i64) -> Result<(), ChatError> {
        rooms::delete_room(&self.db, &self.pubsub, scope, room_id).await
    }

    /// Lets `user_id` into a private room `scope` manages.
    pub async fn invite(&self, scope: Scope, room_id: i64, user_id: i64) -> Result<(), ChatError> {
        rooms::invite(&self.db, scope, room_id, user_id).await
    }

    /// Lets `scope` into the room (joining a public one as a member), and answers the only
    /// means of reading its history: what was said, and how far each member has read.
    pub async fn enter_room(&self, scope: Scope, room_id: i64) -> Result<EnteredRoom, ChatError> {
        let room = rooms::enter_room(&self.db, scope, room_id).await?;
        Ok(EnteredRoom {
            db: self.db.clone(),
            room,
            reader: scope.user_id,
        })
    }

    /// Lets `scope` read a room's history and members without joining it, as an API's read
    /// does: a public room, or a private one they belong to.
    pub async fn view_room(&self, scope: Scope, room_id: i64) -> Result<EnteredRoom, ChatError> {
        let room = rooms::view_room(&self.db, scope, room_id).await?;
        Ok(EnteredRoom {
            db: self.db.clone(),
            room,
            reader: scope.user_id,
        })
    }

    /// Saves what `scope` says in a room they may use, then sends it to everyone in the room;
    /// whoever it mentions (in a private room, among its members) hears of it.
    pub async fn post_message(
        &self,
        scope: Scope,
        room_id: i64,
        body: MessageBody,
    ) -> Result<Message, ChatError> {
        let (message, mentioned) =
            messages::post_message(&self.db, &self.pubsub, scope, room_id, body).await?;
        mentioned.announce(&self.mentions).await;
        Ok(message)
    }

    /// Replaces the text of `scope`'s own message, and tells the room (and whoever it now names
    /// for the first time). Nobody else may edit it ([`ChatError::NotAuthor`]); a deleted one is
    /// [`ChatError::NotFound`].
    pub async fn edit_message(
        &self,
        scope: Scope,
        room_id: i64,
        message_id: i64,
        body: MessageBody,
    ) -> Result<MessageEdited, ChatError> {
        let (edited, mentioned) =
            edits::edit(&self.db, &self.pubsub, scope, room_id, message_id, body).await?;
        mentioned.announce(&self.mentions).await;
        Ok(edited)
    }

    /// Deletes `scope`'s own message (an admin: anyone's), leaving a tombstone, and tells the
    /// room.
    pub async fn delete_message(
        &self,
        scope: Scope,
        room_id: i64,
        message_id: i64,
    ) -> Result<MessageDeleted, ChatError> {
        edits::delete(&self.db, &self.pubsub, scope, room_id, message_id).await
    }

    /// Gives or takes back `scope`'s reaction to a message, and tells the room if that changed
    /// anything.
    pub async fn react(
        &self,
        scope: Scope,
        room_id: i64,
        react: React,
    ) -> Result<ReactionChanged, ChatError> {
        reactions::react(&self.db, &self.pubsub, scope, room_id, react).await
    }

    /// Marks the room read up to `message_id` for `scope`, and tells the room.
    pub async fn mark_read(
        &self,
        scope: Scope,
        room_id: i64,
        message_id: i64,
    ) -> Result<ReadReceipt, ChatError> {
        receipts::mark_read(&self.db, &self.pubsub, scope, room_id, message_id).await
    }
}

/// A room someone was let into ([`Chat::enter_room`]): reading its history needs one. It is
/// checked once, when made, as a channel's join is; whoever holds it (a socket's membership
/// of the room) reads on without asking again.
#[derive(Clone, Debug)]
pub struct EnteredRoom {
    db: Db,
    room: Room,
    /// Who entered: their reactions are the ones marked `mine`.
    reader: i64,
}

impl EnteredRoom {
    pub fn room(&self) -> &Room {
        &self.room
    }

    fn reading(&self) -> messages::Reading {
        messages::Reading {
            room_id: self.room.id,
            reader: self.reader,
        }
    }

    /// Catching up, oldest first: with `after: None` the room's last `limit` messages (what
    /// entering shows, see [`RECENT_MESSAGES`]); with `Some(id)` the first `limit` messages
    /// newer than `id`, so a client that was away asks again until a page comes back short.
    /// `limit` is clamped to 1 to [`MAX_PAGE`].
    pub async fn messages_after(
        &self,
        after: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Message>, ChatError> {
        messages::messages_after(&self.db, self.reading(), after, limit).await
    }

    /// History for scrolling up: the `limit` (1 to [`MAX_PAGE`]) messages just older than
    /// `before`, oldest first.
    pub async fn messages_before(
        &self,
        before: i64,
        limit: u32,
    ) -> Result<Vec<Message>, ChatError> {
        messages::messages_before(&self.db, self.reading(), before, limit).await
    }

    /// The history newest first, a page at a time (see [`Page`]; an `After` page starts
    /// after, that is older than, the message it names).
    pub async fn messages_newest_first(&self, page: Page) -> Result<Vec<Message>, ChatError> {
        messages::newest_first(&self.db, self.reading(), page).await
    }

    /// One of the room's messages.
    pub async fn message(&self, id: i64) -> Result<Message, ChatError> {
        messages::one(&self.db, self.reading(), id).await
    }

    /// How many messages the room holds.
    pub async fn message_count(&self) -> Result<i64, ChatError> {
        messages::count(&self.db, self.room.id).await
    }

    /// Who belongs to the room, in the order they joined.
    pub async fn members(&self) -> Result<Vec<Member>, ChatError> {
        rooms::members(&self.db, self.room.id).await
    }

    /// How far each member has read.
    pub async fn read_receipts(&self) -> Result<Vec<ReadReceipt>, ChatError> {
        receipts::read_receipts(&self.db, self.room.id).await
    }
}

/// Why a chat verb refused; the edge maps each case to one status and message.
#[derive(Debug, thiserror::Error)]
pub enum ChatError {
    /// The room (or the message named in it) does not exist.
    #[error("no such room or message")]
    NotFound,
    /// A private room the person does not belong to: they may neither see nor enter it.
    #[error("this room is private")]
    Unauthorized,
    /// A room the person may use but not manage (only its creator and admins may).
    #[error("only the room's creator or an admin may do this")]
    Forbidden,
    #[error("a room with this name already exists")]
    NameTaken,
    /// A message only its author may edit (and only they or an admin delete).
    #[error("only its author may change this message")]
    NotAuthor,
    /// The person to invite has no account.
    #[error("no such account")]
    UnknownUser,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for ChatError {
    fn from(error: sqlx::Error) -> Self {
        Self::Db(DbError::Query(error))
    }
}
