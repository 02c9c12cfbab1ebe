use chrono::{DateTime, Utc};
use model::chat::{RoomInfo, RoomName};

use super::{ChatError, ChatEvent, access::Access};
use crate::time::now_seconds;
use crate::{
    Scope,
    db::{BeginWrite, Db, UniqueIndex},
    with_pool,
};
use pubsub::PubSub;

/// A chat room. `created_by` is `None` once its creator's account is gone; the room stays.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Room {
    pub id: i64,
    pub name: String,
    pub private: bool,
    pub created_by: Option<i64>,
    pub inserted_at: DateTime<Utc>,
}

impl From<Room> for RoomInfo {
    fn from(room: Room) -> Self {
        Self {
            id: room.id,
            name: room.name,
            private: room.private,
            created_by: room.created_by,
        }
    }
}

/// One room per name, whatever its letter case (see the `rooms` migration).
pub const ROOMS_NAME_KEY: UniqueIndex = UniqueIndex {
    name: "rooms_name_key",
    columns: "rooms.name_key",
};

/// A refused insert or update of a room's name means the name is taken, when this index says so.
fn name_taken_or(error: sqlx::Error) -> ChatError {
    if ROOMS_NAME_KEY.is_violated_by(&error) {
        ChatError::NameTaken
    } else {
        error.into()
    }
}

/// Opens a room with `scope` as its creator and first member (in one transaction), and tells the
/// room list about it if it is public.
pub(super) async fn create_room(
    db: &Db,
    pubsub: &PubSub,
    scope: Scope,
    name: RoomName,
    private: bool,
) -> Result<Room, ChatError> {
    let created = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        let room: Room = sqlx::query_as(
            "INSERT INTO rooms (name, name_key, private, created_by) VALUES ($1, $2, $3, $4) \
             RETURNING id, name, private, created_by, inserted_at",
        )
        .bind(name.as_str())
        .bind(name.key())
        .bind(private)
        .bind(scope.user_id)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO room_members (room_id, user_id, joined_at) VALUES ($1, $2, $3)")
            .bind(room.id)
            .bind(scope.user_id)
            .bind(now_seconds())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(room)
    }
    .await)
    .map_err(name_taken_or)?;
    ChatEvent::RoomCreated(created.clone()).publish(pubsub);
    Ok(created)
}

/// Gives a room a new name; its creator or an admin only.
pub(super) async fn rename_room(
    db: &Db,
    pubsub: &PubSub,
    scope: Scope,
    room_id: i64,
    name: RoomName,
) -> Result<Room, ChatError> {
    Access::of(db, &scope, room_id).await?.manage(&scope)?;
    let renamed: Option<Room> = with_pool!(db, |pool| {
        sqlx::query_as(
            "UPDATE rooms SET name = $1, name_key = $2 WHERE id = $3 \
             RETURNING id, name, private, created_by, inserted_at",
        )
        .bind(name.as_str())
        .bind(name.key())
        .bind(room_id)
        .fetch_optional(pool)
        .await
    })
    .map_err(name_taken_or)?;
    let room = renamed.ok_or(ChatError::NotFound)?;
    ChatEvent::RoomRenamed(room.clone()).publish(pubsub);
    Ok(room)
}

/// Deletes a room with its messages and memberships; its creator or an admin only.
pub(super) async fn delete_room(
    db: &Db,
    pubsub: &PubSub,
    scope: Scope,
    room_id: i64,
) -> Result<(), ChatError> {
    let room = Access::of(db, &scope, room_id).await?.manage(&scope)?;
    let deleted = with_pool!(db, |pool| {
        sqlx::query("DELETE FROM rooms WHERE id = $1")
            .bind(room_id)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
    })?;
    if deleted == 0 {
        return Err(ChatError::NotFound);
    }
    ChatEvent::RoomDeleted {
        room_id,
        private: room.private,
    }
    .publish(pubsub);
    Ok(())
}

/// Makes `user_id` a member of the room (the way into a private one); its creator or an admin
/// only. Inviting a member again changes nothing.
pub(super) async fn invite(
    db: &Db,
    scope: Scope,
    room_id: i64,
    user_id: i64,
) -> Result<(), ChatError> {
    Access::of(db, &scope, room_id).await?.manage(&scope)?;
    let invitee_exists: bool = with_pool!(db, |pool| {
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE id = $1)")
            .bind(user_id)
            .fetch_one(pool)
            .await
    })?;
    if !invitee_exists {
        return Err(ChatError::UnknownUser);
    }
    join(db, room_id, user_id).await
}

/// Lets `scope` into a room, as joining its channel does: a public room records them as a
/// member, a private one admits members only.
pub(super) async fn enter_room(db: &Db, scope: Scope, room_id: i64) -> Result<Room, ChatError> {
    let access = Access::of(db, &scope, room_id).await?;
    let member = access.is_member();
    let room = access.enter()?;
    if !member {
        join(db, room_id, scope.user_id).await?;
    }
    Ok(room)
}

/// Lets `scope` read a room without joining it (an API's read): a public room, or a private
/// one they belong to.
pub(super) async fn view_room(db: &Db, scope: Scope, room_id: i64) -> Result<Room, ChatError> {
    Access::of(db, &scope, room_id).await?.enter()
}

/// Someone who belongs to a room.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Member {
    pub user_id: i64,
    pub name: String,
    pub avatar_url: Option<String>,
    /// Unix seconds.
    pub joined_at: i64,
}

/// A room's members, in the order they joined.
pub(super) async fn members(db: &Db, room_id: i64) -> Result<Vec<Member>, ChatError> {
    let members = with_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT u.id AS user_id, u.name, u.avatar_url, m.joined_at \
             FROM room_members m JOIN users u ON u.id = m.user_id \
             WHERE m.room_id = $1 ORDER BY m.joined_at, u.id",
        )
        .bind(room_id)
        .fetch_all(pool)
        .await
    })?;
    Ok(members)
}

/// Records a membership, unless it exists already.
async fn join(db: &Db, room_id: i64, user_id: i64) -> Result<(), ChatError> {
    with_pool!(db, |pool| {
        sqlx::query(
            "INSERT INTO room_members (room_id, user_id, joined_at) VALUES ($1, $2, $3) \
             ON CONFLICT (room_id, user_id) DO NOTHING",
        )
        .bind(room_id)
        .bind(user_id)
        .bind(now_seconds())
        .execute(pool)
        .await
        .map(drop)
    })?;
    Ok(())
}
