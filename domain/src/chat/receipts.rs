use chrono::{DateTime, Utc};
use model::chat::ReadReceipt as ReadReceiptDto;

use super::{ChatError, ChatEvent, access::Access};
use crate::{
    Scope,
    db::{BeginWrite, Db},
    time::{UnixSeconds, now_seconds},
    with_pool,
};
use pubsub::PubSub;

/// How far one member has read in a room: everything up to and including `message_id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadReceipt {
    pub room_id: i64,
    pub user_id: i64,
    pub message_id: i64,
    /// When the marker last moved (to the second).
    pub read_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct ReceiptRow {
    room_id: i64,
    user_id: i64,
    message_id: i64,
    #[sqlx(try_from = "i64")]
    read_at: UnixSeconds,
}

impl From<ReceiptRow> for ReadReceipt {
    fn from(row: ReceiptRow) -> Self {
        Self {
            room_id: row.room_id,
            user_id: row.user_id,
            message_id: row.message_id,
            read_at: row.read_at.0,
        }
    }
}

impl From<ReadReceipt> for ReadReceiptDto {
    fn from(receipt: ReadReceipt) -> Self {
        Self {
            room_id: receipt.room_id,
            user_id: receipt.user_id,
            message_id: receipt.message_id,
            read_at: receipt.read_at,
        }
    }
}

/// Moves `scope`'s read marker in the room up to `message_id`, which must be a message of that
/// room. The marker only ever moves forward: marking an older message read changes nothing and
/// returns the marker as it stands. Others in the room hear of a move (for "seen by"). In a
/// public room this records the reader as a member, as entering does.
pub(super) async fn mark_read(
    db: &Db,
    pubsub: &PubSub,
    scope: Scope,
    room_id: i64,
    message_id: i64,
) -> Result<ReadReceipt, ChatError> {
    Access::of(db, &scope, room_id).await?.enter()?;
    // The upsert's WHERE leaves a marker that is already as far or further untouched, and then
    // returns no row: that is how a move is told from a no-op, atomically.
    let (moved, receipt) = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        let exists: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM messages WHERE id = $1 AND room_id = $2)",
        )
        .bind(message_id)
        .bind(room_id)
        .fetch_one(&mut *tx)
        .await?;
        if !exists {
            return Err(ChatError::NotFound);
        }
        let moved: Option<ReceiptRow> = sqlx::query_as(
            "INSERT INTO room_members \
             (room_id, user_id, joined_at, last_read_message_id, last_read_at) \
             VALUES ($1, $2, $3, $4, $3) \
             ON CONFLICT (room_id, user_id) DO UPDATE \
             SET last_read_message_id = excluded.last_read_message_id, \
                 last_read_at = excluded.last_read_at \
             WHERE room_members.last_read_message_id IS NULL \
                OR room_members.last_read_message_id < excluded.last_read_message_id \
             RETURNING room_id, user_id, last_read_message_id AS message_id, \
                       last_read_at AS read_at",
        )
        .bind(room_id)
        .bind(scope.user_id)
        .bind(now_seconds())
        .bind(message_id)
        .fetch_optional(&mut *tx)
        .await?;
        let result = match moved {
            Some(receipt) => (true, receipt),
            None => (
                false,
                sqlx::query_as(
                    "SELECT room_id, user_id, last_read_message_id AS message_id, \
                     last_read_at AS read_at \
                     FROM room_members WHERE room_id = $1 AND user_id = $2",
                )
                .bind(room_id)
                .bind(scope.user_id)
                .fetch_one(&mut *tx)
                .await?,
            ),
        };
        tx.commit().await?;
        Ok::<_, ChatError>(result)
    }
    .await)?;
    let receipt = ReadReceipt::from(receipt);
    if moved {
        ChatEvent::MessageRead(receipt.clone()).publish(pubsub);
    }
    Ok(receipt)
}

/// Everyone's read marker in the room, for "seen by" when someone enters it. Members who have
/// not marked anything read yet have none.
pub(super) async fn read_receipts(db: &Db, room_id: i64) -> Result<Vec<ReadReceipt>, ChatError> {
    let rows: Vec<ReceiptRow> = with_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT room_id, user_id, last_read_message_id AS message_id, \
             last_read_at AS read_at \
             FROM room_members \
             WHERE room_id = $1 AND last_read_message_id IS NOT NULL \
             ORDER BY user_id",
        )
        .bind(room_id)
        .fetch_all(pool)
        .await
    })?;
    Ok(rows.into_iter().map(ReadReceipt::from).collect())
}
