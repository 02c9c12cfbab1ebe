//! Who may do what with a room, decided in one place: anyone may use a public room, only its
//! members a private one; only its creator or an admin may manage (rename, delete, invite to) it.

use super::{ChatError, Room};
use crate::{Scope, db::Db, with_pool};

/// A room as one person finds it: its facts, and whether they belong to it.
#[derive(sqlx::FromRow)]
pub(super) struct Access {
    #[sqlx(flatten)]
    room: Room,
    member: bool,
}

impl Access {
    /// Looks up `room_id` for `scope`; [`ChatError::NotFound`] when there is no such room.
    pub(super) async fn of(db: &Db, scope: &Scope, room_id: i64) -> Result<Self, ChatError> {
        let found: Option<Self> = with_pool!(db, |pool| {
            sqlx::query_as(
                "SELECT r.id, r.name, r.private, r.created_by, r.inserted_at, \
                 EXISTS (SELECT 1 FROM room_members m WHERE m.room_id = r.id AND m.user_id = $2) \
                 AS member \
                 FROM rooms r WHERE r.id = $1",
            )
            .bind(room_id)
            .bind(scope.user_id)
            .fetch_optional(pool)
            .await
        })?;
        found.ok_or(ChatError::NotFound)
    }

    /// Whether they already belong to the room.
    pub(super) fn is_member(&self) -> bool {
        self.member
    }

    /// The room, if they may see it, enter it and post in it: it is public or they are a member.
    pub(super) fn enter(self) -> Result<Room, ChatError> {
        if self.room.private && !self.member {
            return Err(ChatError::Unauthorized);
        }
        Ok(self.room)
    }

    /// The room, if `scope` may manage it: its creator, or an admin (who may manage any room,
    /// private ones included, without being a member). Others learn nothing of a private room
    /// ([`ChatError::Unauthorized`]) and are refused a public one ([`ChatError::Forbidden`]).
    pub(super) fn manage(self, scope: &Scope) -> Result<Room, ChatError> {
        let may_manage = match self.room.created_by {
            Some(creator) => scope.may_manage(creator),
            None => scope.is_admin(),
        };
        if may_manage {
            return Ok(self.room);
        }
        self.enter()?;
        Err(ChatError::Forbidden)
    }
}
