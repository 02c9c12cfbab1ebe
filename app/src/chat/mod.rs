//! The chat's server functions: the room list and what a room's creator (or an admin) may do
//! to it. Everything live — messages, typing, presence, receipts — goes over the socket
//! (`room:<id>`); these are the plain request/response parts.

use leptos::prelude::*;
use model::{
    accounts::FieldErrors,
    chat::{RoomInfo, RoomSummary},
};
use serde::{Deserialize, Serialize};

use crate::AppError;

#[cfg(feature = "ssr")]
pub mod ssr;

/// A new room the server refused when its form was posted without JavaScript: what was typed,
/// shown back with the errors.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRoomAttempt {
    pub name: String,
    pub private: bool,
    pub errors: FieldErrors,
}

/// The rooms the signed-in person may see, with member and unread counts.
#[server(prefix = "/rpc", endpoint = "chat/rooms")]
pub async fn chat_rooms() -> Result<Vec<RoomSummary>, AppError> {
    ssr::rooms().await
}

/// Creates a room (its name checked by the shared `RoomName` rules); answers its id.
#[server(prefix = "/rpc", endpoint = "chat/create_room")]
pub async fn create_room(name: String, private: bool) -> Result<i64, AppError> {
    ssr::create_in_server_fn(name, private).await
}

/// Renames a room; its creator or an admin only.
#[server(prefix = "/rpc", endpoint = "chat/rename_room")]
pub async fn rename_room(room_id: i64, name: String) -> Result<RoomInfo, AppError> {
    ssr::rename(room_id, name).await
}

/// Deletes a room with its messages; its creator or an admin only.
#[server(prefix = "/rpc", endpoint = "chat/delete_room")]
pub async fn delete_room(room_id: i64) -> Result<(), AppError> {
    ssr::delete(room_id).await
}

/// Lets the account with this email into a (private) room; its creator or an admin only.
/// Answers the address as the account has it, for the page to say in its language.
#[server(prefix = "/rpc", endpoint = "chat/invite")]
pub async fn invite_member(room_id: i64, email: String) -> Result<String, AppError> {
    ssr::invite(room_id, email).await
}
