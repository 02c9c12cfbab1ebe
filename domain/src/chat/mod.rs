//! Rooms people talk in, the messages they post there, and how far each has read (cookbook
//! recipes 29–31). Every verb that acts for someone takes their [`Scope`](crate::Scope) and
//! checks it in [`access`]; every change is announced as a [`ChatEvent`] after it commits.

mod access;
mod events;
mod listing;
mod messages;
mod receipts;
mod rooms;

pub use events::ChatEvent;
pub use listing::{RoomSummary, list_rooms};
pub use messages::{
    MAX_PAGE, Message, RECENT_MESSAGES, messages_after, messages_before, post_message,
};
pub use receipts::{ReadReceipt, mark_read, read_receipts};
pub use rooms::{ROOMS_NAME_KEY, Room, create_room, delete_room, enter_room, invite, rename_room};

use crate::db::DbError;

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
