//! Rooms in v1: `private` as a boolean, messages naming their `author_id`, pages by number.

use axum::{Json, extract::State, http::StatusCode, response::Response};
use chrono::{DateTime, Utc};
use domain::chat::{Message as DomainMessage, RoomSummary};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Invite, Member, NewMessage, Rename, message_location};
use crate::{
    api::{
        Version,
        caller::{Caller, Writer},
        input::{Body, Ids, Params},
        paging::{Data, PageParams, Paged},
        problem::ApiError,
        refusals::{ReadRefusals, WriteRefusals},
        resources::created,
    },
    state::AppState,
};

#[derive(Debug, Serialize, ToSchema)]
pub struct Room {
    pub id: i64,
    pub name: String,
    pub private: bool,
    /// `null` once its creator's account is gone.
    pub created_by: Option<i64>,
    pub member_count: i64,
    /// Messages by others the caller has not read.
    pub unread_count: i64,
}

impl From<RoomSummary> for Room {
    fn from(summary: RoomSummary) -> Self {
        Self {
            id: summary.room.id,
            name: summary.room.name,
            private: summary.room.private,
            created_by: summary.room.created_by,
            member_count: summary.member_count,
            unread_count: summary.unread_count,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Message {
    pub id: i64,
    pub room_id: i64,
    pub author_id: i64,
    pub body: String,
    pub inserted_at: DateTime<Utc>,
}

impl From<DomainMessage> for Message {
    fn from(message: DomainMessage) -> Self {
        Self {
            id: message.id,
            room_id: message.room_id,
            author_id: message.author_id,
            body: message.body,
            inserted_at: message.inserted_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRoom {
    /// At most 50 characters once spaces are collapsed; no control characters.
    #[schema(min_length = 1)]
    pub name: String,
    /// Only members see a private room. `false` if left out.
    #[serde(default)]
    pub private: bool,
}

/// The rooms you may see, in the order they were made.
#[utoipa::path(get, path = "/rooms", tag = "rooms", params(PageParams),
    responses((status = 200, body = Paged<Room>), ReadRefusals))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Params(params): Params<PageParams>,
) -> Result<Json<Paged<Room>>, ApiError> {
    let page = params.page()?;
    let rooms = state.chat.rooms_page(caller.scope, page).await?;
    let total = state.chat.count_rooms(caller.scope).await?;
    Ok(Json(Paged {
        data: rooms.into_iter().map(Room::from).collect(),
        total,
    }))
}

/// Makes a room; you are its first member.
#[utoipa::path(post, path = "/rooms", tag = "rooms", request_body = NewRoom,
    responses((status = 201, body = Data<Room>,
        headers(("location" = String, description = "Where the room is"))), WriteRefusals))]
pub async fn create(
    State(state): State<AppState>,
    Writer(caller): Writer,
    Body(new): Body<NewRoom>,
) -> Result<Response, ApiError> {
    let room = super::create(&state, caller, &new.name, new.private).await?;
    let location = format!("{}/rooms/{}", Version::V1.prefix(), room.room.id);
    Ok(created(location, Json(Data::<Room>::of(room))))
}

/// Who belongs to a room, in the order they joined.
#[utoipa::path(get, path = "/rooms/{id}/members", tag = "rooms",
    params(("id" = i64, Path, description = "The room's id")),
    responses((status = 200, body = Paged<Member>), ReadRefusals))]
pub async fn members(
    State(state): State<AppState>,
    caller: Caller,
    Ids(id): Ids<i64>,
) -> Result<Json<Paged<Member>>, ApiError> {
    let data = super::members(&state, caller, id).await?;
    let total = i64::try_from(data.len()).unwrap_or(i64::MAX);
    Ok(Json(Paged { data, total }))
}

/// A room's messages, newest first.
#[utoipa::path(get, path = "/rooms/{id}/messages", tag = "messages",
    params(("id" = i64, Path, description = "The room's id"), PageParams),
    responses((status = 200, body = Paged<Message>), ReadRefusals))]
pub async fn messages(
    State(state): State<AppState>,
    caller: Caller,
    Ids(id): Ids<i64>,
    Params(params): Params<PageParams>,
) -> Result<Json<Paged<Message>>, ApiError> {
    let page = params.page()?;
    let room = state.chat.view_room(caller.scope, id).await?;
    let messages = room.messages_newest_first(page).await?;
    let total = room.message_count().await?;
    Ok(Json(Paged {
        data: messages.into_iter().map(Message::from).collect(),
        total,
    }))
}

super::shared_routes!(Version::V1);
