//! What people type and read in the chat: room names and message bodies with their rules, and
//! the shapes rooms, messages and read receipts take on the wire (HTTP and WebSocket alike).

mod body;
pub mod channel;
mod dto;
pub mod links;
mod reaction;
mod room_name;

pub use body::{MessageBody, MessageBodyError};
pub use dto::{Author, ChatMessage, LastMessage, ReadReceipt, RoomInfo, RoomSummary};
pub use reaction::{Reaction, ReactionCount};
pub use room_name::{RoomName, RoomNameError};
