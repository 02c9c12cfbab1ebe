use std::collections::HashMap;

use chrono::{DateTime, Utc};
use model::chat::{LastMessage, RoomSummary as RoomSummaryDto};

use super::{ChatError, Room};
use crate::{
    Scope,
    db::{Db, placeholders},
    paging::Page,
    with_pool,
};

/// A line of someone's room list: the room, its member count, their unread count, and the
/// room's newest message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomSummary {
    pub room: Room,
    pub member_count: i64,
    /// Messages by others newer than the reader's read marker (all of them before the first).
    pub unread_count: i64,
    /// None in a room nobody has written in.
    pub last_message: Option<LastMessage>,
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    #[sqlx(flatten)]
    room: Room,
    member_count: i64,
    unread_count: i64,
    last_author: Option<String>,
    last_body: Option<String>,
    last_at: Option<i64>,
    last_deleted_at: Option<i64>,
}

impl From<SummaryRow> for RoomSummary {
    fn from(row: SummaryRow) -> Self {
        let last_message = match (row.last_author, row.last_body, row.last_at) {
            (Some(author_name), Some(body), Some(at)) => Some(LastMessage {
                author_name,
                preview: LastMessage::preview(&body),
                inserted_at: DateTime::<Utc>::from_timestamp_millis(at).unwrap_or_default(),
                deleted: row.last_deleted_at.is_some(),
            }),
            _ => None,
        };
        Self {
            room: row.room,
            member_count: row.member_count,
            unread_count: row.unread_count,
            last_message,
        }
    }
}

impl From<RoomSummary> for RoomSummaryDto {
    fn from(summary: RoomSummary) -> Self {
        Self {
            room: summary.room.into(),
            member_count: summary.member_count,
            unread_count: summary.unread_count,
            last_message: summary.last_message,
        }
    }
}

/// What every listing selects for `$1`, the reader: the rooms they may see, with their counts
/// (a deleted message is not waiting to be read) and newest message, a tombstone included
/// (found by `messages_room_id_id`, one index probe a room).
const VISIBLE_ROOMS: &str = "SELECT r.id, r.name, r.private, r.created_by, r.inserted_at, \
     (SELECT COUNT(*) FROM room_members c WHERE c.room_id = r.id) AS member_count, \
     (SELECT COUNT(*) FROM messages msg \
      WHERE msg.room_id = r.id AND msg.author_id <> $1 \
      AND msg.id > COALESCE(me.last_read_message_id, 0) AND msg.deleted_at IS NULL) \
     AS unread_count, \
     lu.name AS last_author, lm.body AS last_body, lm.inserted_at AS last_at, \
     lm.deleted_at AS last_deleted_at \
     FROM rooms r \
     LEFT JOIN room_members me ON me.room_id = r.id AND me.user_id = $1 \
     LEFT JOIN messages lm ON lm.id = \
      (SELECT MAX(newest.id) FROM messages newest WHERE newest.room_id = r.id) \
     LEFT JOIN users lu ON lu.id = lm.author_id \
     WHERE (NOT r.private OR me.user_id IS NOT NULL)";

/// A page of the rooms `scope` may see, in the order they were made (by id; a page `After`
/// names the last id seen), with their counts.
pub(super) async fn rooms_page(
    db: &Db,
    scope: Scope,
    page: Page,
) -> Result<Vec<RoomSummary>, ChatError> {
    let (offset, after, limit) = page.bounds();
    let sql =
        format!("{VISIBLE_ROOMS} AND ($2 IS NULL OR r.id > $2) ORDER BY r.id LIMIT $3 OFFSET $4");
    let rooms: Vec<SummaryRow> = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(scope.user_id)
            .bind(after)
            .bind(limit)
            .bind(offset)
            .fetch_all(pool)
            .await
    })?;
    Ok(rooms.into_iter().map(RoomSummary::from).collect())
}

/// How many rooms `scope` may see.
pub(super) async fn count_rooms(db: &Db, scope: Scope) -> Result<i64, ChatError> {
    let count = with_pool!(db, |pool| {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM rooms r \
             WHERE NOT r.private OR EXISTS \
             (SELECT 1 FROM room_members m WHERE m.room_id = r.id AND m.user_id = $1)",
        )
        .bind(scope.user_id)
        .fetch_one(pool)
        .await
    })?;
    Ok(count)
}

/// The rooms `scope` may see — every public room and the private ones they belong to — by name,
/// with their counts, in one query.
pub(super) async fn list_rooms(db: &Db, scope: Scope) -> Result<Vec<RoomSummary>, ChatError> {
    let rooms: Vec<SummaryRow> = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{VISIBLE_ROOMS} ORDER BY r.name_key"
        )))
        .bind(scope.user_id)
        .fetch_all(pool)
        .await
    })?;
    Ok(rooms.into_iter().map(RoomSummary::from).collect())
}

/// One room's line, for a reader already let see it.
pub(super) async fn summary(db: &Db, scope: Scope, room_id: i64) -> Result<RoomSummary, ChatError> {
    let sql = format!("{VISIBLE_ROOMS} AND r.id = $2");
    let found: Option<SummaryRow> = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(scope.user_id)
            .bind(room_id)
            .fetch_optional(pool)
            .await
    })?;
    found.map(RoomSummary::from).ok_or(ChatError::NotFound)
}

/// The names of rooms `ids`, whatever their privacy, for an operator (`scope` an admin, else
/// [`ChatError::Forbidden`]); a room that no longer exists has none.
pub(super) async fn room_names(
    db: &Db,
    scope: Scope,
    ids: &[i64],
) -> Result<HashMap<i64, String>, ChatError> {
    if !scope.is_admin() {
        return Err(ChatError::Forbidden);
    }
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT id, name FROM rooms WHERE id IN ({})",
        placeholders(1, ids.len())
    );
    let rows: Vec<(i64, String)> = with_pool!(db, |pool| {
        let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
        for id in ids {
            query = query.bind(*id);
        }
        query.fetch_all(pool).await
    })?;
    Ok(rows.into_iter().collect())
}
