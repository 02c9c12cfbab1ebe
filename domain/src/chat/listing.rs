use model::chat::RoomSummary as RoomSummaryDto;

use super::{ChatError, Room};
use crate::{Scope, db::Db, with_pool};

/// A line of someone's room list: the room, its member count, and their unread count.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct RoomSummary {
    #[sqlx(flatten)]
    pub room: Room,
    pub member_count: i64,
    /// Messages by others newer than the reader's read marker (all of them before the first).
    pub unread_count: i64,
}

impl From<RoomSummary> for RoomSummaryDto {
    fn from(summary: RoomSummary) -> Self {
        Self {
            room: summary.room.into(),
            member_count: summary.member_count,
            unread_count: summary.unread_count,
        }
    }
}

/// The rooms `scope` may see — every public room and the private ones they belong to — by name,
/// with their counts, in one query.
pub(super) async fn list_rooms(db: &Db, scope: Scope) -> Result<Vec<RoomSummary>, ChatError> {
    let rooms = with_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT r.id, r.name, r.private, r.created_by, r.inserted_at, \
             (SELECT COUNT(*) FROM room_members c WHERE c.room_id = r.id) AS member_count, \
             (SELECT COUNT(*) FROM messages msg \
              WHERE msg.room_id = r.id AND msg.author_id <> $1 \
              AND msg.id > COALESCE(me.last_read_message_id, 0)) AS unread_count \
             FROM rooms r \
             LEFT JOIN room_members me ON me.room_id = r.id AND me.user_id = $1 \
             WHERE NOT r.private OR me.user_id IS NOT NULL \
             ORDER BY r.name_key",
        )
        .bind(scope.user_id)
        .fetch_all(pool)
        .await
    })?;
    Ok(rooms)
}
