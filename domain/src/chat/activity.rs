//! A person's week (or day) in the chat, for their digest mail: per day and room of theirs,
//! how many messages were posted and how many of them were theirs (deleted ones not counted).
//! One query, grouped in SQL.

use crate::{
    db::{Db, DbError},
    with_pool,
};

/// The messages of one day (UTC) in one room.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct RoomDay {
    /// The day's start, unix milliseconds (UTC).
    pub day: i64,
    pub room: String,
    pub messages: i64,
    /// Of those, the person's own.
    pub yours: i64,
}

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// The activity of the rooms `user_id` belongs to, from `since` to before `until` (unix ms).
pub async fn activity(
    db: &Db,
    user_id: i64,
    since: i64,
    until: i64,
) -> Result<Vec<RoomDay>, DbError> {
    let days = with_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT (m.inserted_at / $4) * $4 AS day, r.name AS room, COUNT(*) AS messages, \
             COALESCE(SUM(CASE WHEN m.author_id = $1 THEN 1 ELSE 0 END), 0) AS yours \
             FROM messages m \
             JOIN room_members rm ON rm.room_id = m.room_id AND rm.user_id = $1 \
             JOIN rooms r ON r.id = m.room_id \
             WHERE m.inserted_at >= $2 AND m.inserted_at < $3 AND m.deleted_at IS NULL \
             GROUP BY (m.inserted_at / $4) * $4, r.name \
             ORDER BY day, room",
        )
        .bind(user_id)
        .bind(since)
        .bind(until)
        .bind(DAY_MS)
        .fetch_all(pool)
        .await
    })?;
    Ok(days)
}
