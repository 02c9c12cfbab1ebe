//! Rooms in v2: `visibility` where v1 had `private`, messages embedding their `author` where v1
//! named `author_id`, `created_at` where v1 said `inserted_at`, and keyset cursors.

use axum::{Json, extract::State, http::StatusCode, response::Response};
use chrono::{DateTime, Utc};
use domain::chat::{Message as DomainMessage, RoomSummary};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Invite, Member, NewMessage, Rename, created, message_location};
use crate::{
    api::{
        Version,
        caller::{Caller, Writer},
        input::{Body, Ids, Params},
        paging::{CursorParams, Cursored, Data},
        problem::ApiError,
        refusals::{ReadRefusals, WriteRefusals},
    },
    state::AppState,
};

/// Who may see a room: everyone signed in, or its members only.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    #[default]
    Public,
    Private,
}

impl Visibility {
    fn of(private: bool) -> Self {
        if private { Self::Private } else { Self::Public }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Room {
    pub id: i64,
    pub name: String,
    pub visibility: Visibility,
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
            visibility: Visibility::of(summary.room.private),
            created_by: summary.room.created_by,
            member_count: summary.member_count,
            unread_count: summary.unread_count,
        }
    }
}

/// Who wrote a message.
#[derive(Debug, Serialize, ToSchema)]
pub struct Author {
    pub id: i64,
    pub name: String,
    pub avatar_url: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Message {
    pub id: i64,
    pub room_id: i64,
    pub author: Author,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

impl From<DomainMessage> for Message {
    fn from(message: DomainMessage) -> Self {
        Self {
            id: message.id,
            room_id: message.room_id,
            author: Author {
                id: message.author_id,
                name: message.author_name,
                avatar_url: message.author_avatar_url,
            },
            body: message.body,
            created_at: message.inserted_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRoom {
    /// At most 50 characters once spaces are collapsed; no control characters.
    #[schema(min_length = 1)]
    pub name: String,
    /// `public` if left out.
    #[serde(default)]
    pub visibility: Visibility,
}

/// The rooms you may see, in the order they were made.
#[utoipa::path(get, path = "/rooms", tag = "rooms", params(CursorParams),
    responses((status = 200, body = Cursored<Room>), ReadRefusals))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Params(params): Params<CursorParams>,
) -> Result<Json<Cursored<Room>>, ApiError> {
    let page = params.page()?;
    let rooms = state.chat.rooms_page(caller.scope, page).await?;
    let rooms = rooms.into_iter().map(Room::from).collect();
    Ok(Json(Cursored::new(rooms, page, |room: &Room| room.id)))
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
    let room = super::create(
        &state,
        caller,
        &new.name,
        matches!(new.visibility, Visibility::Private),
    )
    .await?;
    let location = format!("{}/rooms/{}", Version::V2.prefix(), room.room.id);
    Ok(created(location, Json(Data::<Room>::of(room))))
}

/// Who belongs to a room, in the order they joined.
#[utoipa::path(get, path = "/rooms/{id}/members", tag = "rooms",
    params(("id" = i64, Path, description = "The room's id")),
    responses((status = 200, body = Cursored<Member>), ReadRefusals))]
pub async fn members(
    State(state): State<AppState>,
    caller: Caller,
    Ids(id): Ids<i64>,
) -> Result<Json<Cursored<Member>>, ApiError> {
    Ok(Json(Cursored::whole(
        super::members(&state, caller, id).await?,
    )))
}

/// A room's messages, newest first; `next_cursor` goes back in time.
#[utoipa::path(get, path = "/rooms/{id}/messages", tag = "messages",
    params(("id" = i64, Path, description = "The room's id"), CursorParams),
    responses((status = 200, body = Cursored<Message>), ReadRefusals))]
pub async fn messages(
    State(state): State<AppState>,
    caller: Caller,
    Ids(id): Ids<i64>,
    Params(params): Params<CursorParams>,
) -> Result<Json<Cursored<Message>>, ApiError> {
    let page = params.page()?;
    let room = state.chat.view_room(caller.scope, id).await?;
    let messages = room.messages_newest_first(page).await?;
    let messages = messages.into_iter().map(Message::from).collect();
    Ok(Json(Cursored::new(messages, page, |message: &Message| {
        message.id
    })))
}

super::shared_routes!(Version::V2);
