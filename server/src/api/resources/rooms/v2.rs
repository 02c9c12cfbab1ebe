//! Rooms in v2: `visibility` where v1 had `private`, messages embedding their `author` where v1
//! named `author_id`, `created_at` where v1 said `inserted_at`, and keyset cursors.

use app::limits;
use axum::{Json, extract::State, http::StatusCode, response::Response};
use chrono::{DateTime, Utc};
use domain::chat::{Message as DomainMessage, RoomSummary};
use model::chat::{MessageBody, Reaction, ReactionCount, channel::React};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Invite, Member, NewMessage, Rename, message_location};
use crate::{
    api::{
        Version,
        caller::{Caller, Writer},
        input::{Body, Ids, Params},
        paging::{CursorParams, Cursored, Data},
        problem::ApiError,
        refusals::{ReadRefusals, WriteRefusals},
        resources::created,
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

/// A message. A deleted one stays in its place as a tombstone: `deleted`, its `body` empty, no
/// reactions.
#[derive(Debug, Serialize, ToSchema)]
pub struct Message {
    pub id: i64,
    pub room_id: i64,
    pub author: Author,
    pub body: String,
    pub created_at: DateTime<Utc>,
    /// When its author last changed it; `null` if never.
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted: bool,
    /// Its reactions, none at zero; `mine` says whether the caller gave it.
    pub reactions: Vec<ReactionCount>,
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
            edited_at: message.edited_at,
            deleted: message.deleted,
            reactions: message.reactions,
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

/// The message as the caller sees it now.
async fn reread(
    state: &AppState,
    caller: &Caller,
    room_id: i64,
    message_id: i64,
) -> Result<Json<Data<Message>>, ApiError> {
    let room = state.chat.view_room(caller.scope, room_id).await?;
    Ok(Json(Data::of(room.message(message_id).await?)))
}

/// A chat write's checks before it is tried: the room is one the caller may see (404 first,
/// whatever the budget), and the write is within their budget of chat writes, shared with their
/// sockets.
async fn may_write(state: &AppState, caller: &Caller, room_id: i64) -> Result<(), ApiError> {
    state.chat.view_room(caller.scope, room_id).await?;
    limits::check(state.limits.messages.check(&caller.scope.user_id))?;
    Ok(())
}

/// Changes the text of your own message; everyone with the room open sees it at once, marked
/// as edited.
#[utoipa::path(patch, path = "/rooms/{id}/messages/{message_id}", tag = "messages",
    request_body = NewMessage,
    params(("id" = i64, Path, description = "The room's id"),
        ("message_id" = i64, Path, description = "The message's id")),
    responses((status = 200, body = Data<Message>), WriteRefusals))]
pub async fn edit(
    State(state): State<AppState>,
    Writer(caller): Writer,
    Ids((id, message_id)): Ids<(i64, i64)>,
    Body(edit): Body<NewMessage>,
) -> Result<Json<Data<Message>>, ApiError> {
    let body =
        MessageBody::parse(&edit.body).map_err(|error| ApiError::invalid_field("body", error))?;
    may_write(&state, &caller, id).await?;
    let chat = &state.chat;
    chat.edit_message(caller.scope, id, message_id, body)
        .await?;
    reread(&state, &caller, id, message_id).await
}

/// Deletes your own message (an admin: anyone's). A tombstone stays in its place; its words and
/// reactions are gone.
#[utoipa::path(delete, path = "/rooms/{id}/messages/{message_id}", tag = "messages",
    params(("id" = i64, Path, description = "The room's id"),
        ("message_id" = i64, Path, description = "The message's id")),
    responses((status = 204, description = "Deleted"), WriteRefusals))]
pub async fn delete_message(
    State(state): State<AppState>,
    Writer(caller): Writer,
    Ids((id, message_id)): Ids<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    limits::check(state.limits.messages.check(&caller.scope.user_id))?;
    state
        .chat
        .delete_message(caller.scope, id, message_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Gives a message your reaction (again changes nothing).
#[utoipa::path(put, path = "/rooms/{id}/messages/{message_id}/reactions/{reaction}",
    tag = "messages",
    params(("id" = i64, Path, description = "The room's id"),
        ("message_id" = i64, Path, description = "The message's id"),
        ("reaction" = Reaction, Path, description = "Which reaction")),
    responses((status = 200, body = Data<Message>), WriteRefusals))]
pub async fn react(
    State(state): State<AppState>,
    Writer(caller): Writer,
    Ids((id, message_id, reaction)): Ids<(i64, i64, Reaction)>,
) -> Result<Json<Data<Message>>, ApiError> {
    set_reaction(&state, caller, id, message_id, reaction, true).await
}

/// Takes back your reaction to a message (one never given changes nothing).
#[utoipa::path(delete, path = "/rooms/{id}/messages/{message_id}/reactions/{reaction}",
    tag = "messages",
    params(("id" = i64, Path, description = "The room's id"),
        ("message_id" = i64, Path, description = "The message's id"),
        ("reaction" = Reaction, Path, description = "Which reaction")),
    responses((status = 200, body = Data<Message>), WriteRefusals))]
pub async fn unreact(
    State(state): State<AppState>,
    Writer(caller): Writer,
    Ids((id, message_id, reaction)): Ids<(i64, i64, Reaction)>,
) -> Result<Json<Data<Message>>, ApiError> {
    set_reaction(&state, caller, id, message_id, reaction, false).await
}

async fn set_reaction(
    state: &AppState,
    caller: Caller,
    room_id: i64,
    message_id: i64,
    reaction: Reaction,
    on: bool,
) -> Result<Json<Data<Message>>, ApiError> {
    may_write(state, &caller, room_id).await?;
    let react = React {
        message_id,
        reaction,
        on,
    };
    state.chat.react(caller.scope, room_id, react).await?;
    reread(state, &caller, room_id, message_id).await
}

super::shared_routes!(Version::V2);
