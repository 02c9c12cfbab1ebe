//! `/rooms`, their members and messages: the chat's verbs with the chat's rules. A private
//! room one does not belong to does not exist here (404); reading never joins a room; a
//! message posted here reaches the room's open sockets exactly as one posted over a socket.

use app::limits;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use domain::chat::{Member as DomainMember, Message, RoomSummary};
use model::chat::{MessageBody, RoomName};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    api::{Version, caller::Caller, problem::ApiError},
    state::AppState,
};

/// Someone who belongs to a room (the same in both versions).
#[derive(Debug, Serialize, ToSchema)]
pub struct Member {
    pub user_id: i64,
    pub name: String,
    pub avatar_url: Option<String>,
    pub joined_at: DateTime<Utc>,
}

impl From<DomainMember> for Member {
    fn from(member: DomainMember) -> Self {
        Self {
            user_id: member.user_id,
            name: member.name,
            avatar_url: member.avatar_url,
            joined_at: DateTime::from_timestamp(member.joined_at, 0).unwrap_or_default(),
        }
    }
}

/// A new name for a room.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Rename {
    /// At most 50 characters once spaces are collapsed; no control characters.
    #[schema(min_length = 1)]
    pub name: String,
}

/// Someone to let into a private room.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Invite {
    pub user_id: i64,
}

/// A message's text: a new one's, or an edit's.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMessage {
    /// 1 to 4,000 characters, not only spaces; line breaks and tabs are the only control
    /// characters allowed.
    #[schema(min_length = 1, max_length = 4000)]
    pub body: String,
}

fn room_name(name: &str) -> Result<RoomName, ApiError> {
    RoomName::parse(name).map_err(|error| ApiError::invalid_field("name", error))
}

/// Creates a room within the person's budget of new rooms, as the chat page does.
async fn create(
    state: &AppState,
    caller: Caller,
    name: &str,
    private: bool,
) -> Result<RoomSummary, ApiError> {
    let name = room_name(name)?;
    limits::check(state.limits.rooms.check(&caller.scope.user_id))?;
    let room = state.chat.create_room(caller.scope, name, private).await?;
    Ok(state.chat.room_summary(caller.scope, room.id).await?)
}

async fn rename(
    state: &AppState,
    caller: Caller,
    room_id: i64,
    rename: Rename,
) -> Result<RoomSummary, ApiError> {
    let name = room_name(&rename.name)?;
    state.chat.rename_room(caller.scope, room_id, name).await?;
    Ok(state.chat.room_summary(caller.scope, room_id).await?)
}

async fn delete(state: &AppState, caller: Caller, room_id: i64) -> Result<StatusCode, ApiError> {
    state.chat.delete_room(caller.scope, room_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn members(state: &AppState, caller: Caller, room_id: i64) -> Result<Vec<Member>, ApiError> {
    let room = state.chat.view_room(caller.scope, room_id).await?;
    Ok(room
        .members()
        .await?
        .into_iter()
        .map(Member::from)
        .collect())
}

async fn invite(
    state: &AppState,
    caller: Caller,
    room_id: i64,
    invite: Invite,
) -> Result<StatusCode, ApiError> {
    state
        .chat
        .invite(caller.scope, room_id, invite.user_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Posts within the person's message budget (shared with their sockets), then the chat
/// announces it to the room as it does a socket's post.
async fn post(
    state: &AppState,
    caller: Caller,
    room_id: i64,
    message: NewMessage,
) -> Result<Message, ApiError> {
    let body = MessageBody::parse(&message.body)
        .map_err(|error| ApiError::invalid_field("body", error))?;
    // The room is checked first, so a room one cannot see is 404 whatever the budget.
    state.chat.view_room(caller.scope, room_id).await?;
    limits::check(state.limits.messages.check(&caller.scope.user_id))?;
    let posted = state.chat.post_message(caller.scope, room_id, body).await?;
    state.metrics.record_message();
    Ok(posted)
}

async fn message(
    state: &AppState,
    caller: Caller,
    room_id: i64,
    id: i64,
) -> Result<Message, ApiError> {
    let room = state.chat.view_room(caller.scope, room_id).await?;
    Ok(room.message(id).await?)
}

fn message_location(version: Version, message: &Message) -> String {
    format!(
        "{}/rooms/{}/messages/{}",
        version.prefix(),
        message.room_id,
        message.id
    )
}

/// The handlers both versions share but for their `Room` and `Message` (the calling module's)
/// and the addresses they answer with.
macro_rules! shared_routes {
    ($version:expr) => {
        /// One room.
        #[utoipa::path(get, path = "/rooms/{id}", tag = "rooms",
            params(("id" = i64, Path, description = "The room's id")),
            responses((status = 200, body = Data<Room>), ReadRefusals))]
        pub async fn show(
            State(state): State<AppState>,
            caller: Caller,
            Ids(id): Ids<i64>,
        ) -> Result<Json<Data<Room>>, ApiError> {
            Ok(Json(Data::of(
                state.chat.room_summary(caller.scope, id).await?,
            )))
        }
        /// Renames a room (its creator or an admin).
        #[utoipa::path(patch, path = "/rooms/{id}", tag = "rooms", request_body = Rename,
            params(("id" = i64, Path, description = "The room's id")),
            responses((status = 200, body = Data<Room>), WriteRefusals))]
        pub async fn rename(
            State(state): State<AppState>,
            Writer(caller): Writer,
            Ids(id): Ids<i64>,
            Body(rename): Body<Rename>,
        ) -> Result<Json<Data<Room>>, ApiError> {
            Ok(Json(Data::of(
                super::rename(&state, caller, id, rename).await?,
            )))
        }
        /// Deletes a room and its messages (its creator or an admin).
        #[utoipa::path(delete, path = "/rooms/{id}", tag = "rooms",
            params(("id" = i64, Path, description = "The room's id")),
            responses((status = 204, description = "Deleted"), WriteRefusals))]
        pub async fn delete(
            State(state): State<AppState>,
            Writer(caller): Writer,
            Ids(id): Ids<i64>,
        ) -> Result<StatusCode, ApiError> {
            super::delete(&state, caller, id).await
        }
        /// Lets someone into a private room (its creator or an admin).
        #[utoipa::path(post, path = "/rooms/{id}/members", tag = "rooms", request_body = Invite,
            params(("id" = i64, Path, description = "The room's id")),
            responses((status = 204, description = "They are a member"), WriteRefusals))]
        pub async fn invite(
            State(state): State<AppState>,
            Writer(caller): Writer,
            Ids(id): Ids<i64>,
            Body(invite): Body<Invite>,
        ) -> Result<StatusCode, ApiError> {
            super::invite(&state, caller, id, invite).await
        }
        /// Posts a message; everyone with the room open sees it at once.
        #[utoipa::path(post, path = "/rooms/{id}/messages", tag = "messages", request_body = NewMessage,
            params(("id" = i64, Path, description = "The room's id")),
            responses((status = 201, body = Data<Message>,
                headers(("location" = String, description = "Where the message is"))), WriteRefusals))]
        pub async fn post(
            State(state): State<AppState>,
            Writer(caller): Writer,
            Ids(id): Ids<i64>,
            Body(message): Body<NewMessage>,
        ) -> Result<Response, ApiError> {
            let posted = super::post(&state, caller, id, message).await?;
            let location = message_location($version, &posted);
            Ok(created(location, Json(Data::<Message>::of(posted))))
        }
        /// One message.
        #[utoipa::path(get, path = "/rooms/{id}/messages/{message_id}", tag = "messages",
            params(("id" = i64, Path, description = "The room's id"),
                ("message_id" = i64, Path, description = "The message's id")),
            responses((status = 200, body = Data<Message>), ReadRefusals))]
        pub async fn message(
            State(state): State<AppState>,
            caller: Caller,
            Ids((id, message_id)): Ids<(i64, i64)>,
        ) -> Result<Json<Data<Message>>, ApiError> {
            Ok(Json(Data::of(
                super::message(&state, caller, id, message_id).await?,
            )))
        }
    };
}
pub(super) use shared_routes;

pub mod v1;
pub mod v2;
