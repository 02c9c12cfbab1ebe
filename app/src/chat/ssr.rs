use domain::{accounts, chat::Chat};
use model::{
    accounts::Email,
    chat::{RoomInfo, RoomName, RoomSummary},
    refusal::Refusal,
};

use ops::limits::Verdict;

use crate::{
    AppError,
    auth::{CurrentUser, ssr::for_signed_in},
    limits::{self, Limits},
};

pub(super) async fn rooms() -> Result<Vec<RoomSummary>, AppError> {
    for_signed_in(async |ctx, user| {
        let rooms = ctx.chat().list_rooms(user.scope()).await?;
        Ok(rooms.into_iter().map(RoomSummary::from).collect())
    })
    .await
}

/// Creates a room named `name` for `user`, within their budget of new rooms; the server
/// function and the plain form post share it. Answers the room's id, and where the person
/// stands against the limit (for the answer's headers).
pub async fn create_room(
    chat: &Chat,
    limits: &Limits,
    user: &CurrentUser,
    name: &str,
    private: bool,
) -> Result<(i64, Verdict), AppError> {
    let name = RoomName::parse(name).map_err(|error| AppError::invalid_field("name", error))?;
    let allowed = limits::check(limits.rooms.check(&user.id))?;
    let room = chat.create_room(user.scope(), name, private).await?;
    Ok((room.id, allowed))
}

pub(super) async fn create_in_server_fn(name: String, private: bool) -> Result<i64, AppError> {
    for_signed_in(async |ctx, user| {
        let limits = limits::from_context()?;
        let (id, allowed) = create_room(&ctx.chat(), &limits, user, &name, private).await?;
        limits::note(&allowed);
        Ok(id)
    })
    .await
}

pub(super) async fn rename(room_id: i64, name: String) -> Result<RoomInfo, AppError> {
    for_signed_in(async |ctx, user| {
        let name =
            RoomName::parse(&name).map_err(|error| AppError::invalid_field("name", error))?;
        let room = ctx.chat().rename_room(user.scope(), room_id, name).await?;
        Ok(room.into())
    })
    .await
}

pub(super) async fn delete(room_id: i64) -> Result<(), AppError> {
    for_signed_in(async |ctx, user| {
        ctx.chat().delete_room(user.scope(), room_id).await?;
        Ok(())
    })
    .await
}

pub(super) async fn invite(room_id: i64, email: String) -> Result<String, AppError> {
    for_signed_in(async |ctx, user| {
        let email =
            Email::parse(&email).map_err(|error| AppError::invalid_field("email", error))?;
        let invitee = accounts::user_id_by_email(&ctx.db, &email)
            .await?
            .ok_or_else(|| AppError::invalid_field("email", Refusal::NoAccountWithEmail))?;
        ctx.chat().invite(user.scope(), room_id, invitee).await?;
        Ok(email.to_string())
    })
    .await
}
