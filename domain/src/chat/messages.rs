use chrono::{DateTime, Utc};
use model::chat::{Author, ChatMessage, MessageBody, ReactionCount};

use super::{ChatError, ChatEvent, access::Access, reactions};
use crate::{
    Scope,
    db::{Backend, BeginWrite, Db},
    mentions::{Place, RecordMentions, Recorded},
    paging::Page,
    time::{UnixMillis, now_millis},
    with_pool,
};
use pubsub::PubSub;

pub use model::chat::channel::{MAX_PAGE, RECENT_MESSAGES};

/// A message as a room shows it, with its author's current name. A deleted one is a
/// tombstone: `deleted`, its body empty, no reactions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub id: i64,
    pub room_id: i64,
    pub author_id: i64,
    pub author_name: String,
    /// The author's picture, when they have one.
    pub author_avatar_url: Option<String>,
    pub body: String,
    pub inserted_at: DateTime<Utc>,
    /// When its author last changed it.
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted: bool,
    /// Its reactions as the reader sees them, in `Reaction::ALL`'s order.
    pub reactions: Vec<ReactionCount>,
}

#[derive(sqlx::FromRow)]
pub(super) struct MessageRow {
    id: i64,
    room_id: i64,
    author_id: i64,
    author_name: String,
    author_avatar_url: Option<String>,
    body: String,
    #[sqlx(try_from = "i64")]
    inserted_at: UnixMillis,
    edited_at: Option<i64>,
    deleted_at: Option<i64>,
}

impl From<MessageRow> for Message {
    fn from(row: MessageRow) -> Self {
        Self {
            id: row.id,
            room_id: row.room_id,
            author_id: row.author_id,
            author_name: row.author_name,
            author_avatar_url: row.author_avatar_url,
            body: row.body,
            inserted_at: row.inserted_at.0,
            edited_at: row.edited_at.and_then(DateTime::from_timestamp_millis),
            deleted: row.deleted_at.is_some(),
            reactions: Vec::new(),
        }
    }
}

impl From<Message> for ChatMessage {
    fn from(message: Message) -> Self {
        Self {
            id: message.id,
            room_id: message.room_id,
            author: Author {
                id: message.author_id,
                name: message.author_name,
                avatar_url: message.author_avatar_url,
            },
            body: message.body,
            inserted_at: message.inserted_at,
            edited_at: message.edited_at,
            deleted: message.deleted,
            reactions: message.reactions,
        }
    }
}

/// What every read of messages selects; the caller adds the filter, order and limit.
pub(super) const SELECT_MESSAGES: &str = "SELECT m.id, m.room_id, m.author_id, \
     u.name AS author_name, u.avatar_url AS author_avatar_url, m.body, m.inserted_at, \
     m.edited_at, m.deleted_at FROM messages m JOIN users u ON u.id = m.author_id";

/// A page size the database can be asked for: 1 to [`MAX_PAGE`].
fn page(limit: u32) -> i64 {
    i64::from(limit.clamp(1, MAX_PAGE))
}

/// The room a reader reads: which room, and who reads (their reactions are marked `mine`).
#[derive(Clone, Copy, Debug)]
pub(super) struct Reading {
    pub room_id: i64,
    pub reader: i64,
}

/// Runs a message query whose `$1` is the room, `$2` an id bound and `$3` the page size, and
/// returns its rows oldest first (`newest_first` says the query's own order), with their
/// reactions.
async fn fetch_page(
    db: &Db,
    sql: String,
    reading: Reading,
    bound: i64,
    limit: u32,
    newest_first: bool,
) -> Result<Vec<Message>, ChatError> {
    let rows: Vec<MessageRow> = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(reading.room_id)
            .bind(bound)
            .bind(page(limit))
            .fetch_all(pool)
            .await
    })?;
    let mut messages: Vec<Message> = rows.into_iter().map(Message::from).collect();
    if newest_first {
        messages.reverse();
    }
    reactions::attach(db, reading, &mut messages).await?;
    Ok(messages)
}

/// Catching up, oldest first: with `after: None` the room's last `limit` messages (what entering
/// shows, see [`RECENT_MESSAGES`]); with `Some(id)` the first `limit` messages newer than `id`,
/// so a client that was away asks again until a page comes back short. `limit` is clamped to 1
/// to [`MAX_PAGE`]. The caller has already let the reader in (`EnteredRoom`).
pub(super) async fn messages_after(
    db: &Db,
    reading: Reading,
    after: Option<i64>,
    limit: u32,
) -> Result<Vec<Message>, ChatError> {
    match after {
        // The last messages are the page before the end.
        None => messages_before(db, reading, i64::MAX, limit).await,
        Some(id) => {
            let sql = format!(
                "{SELECT_MESSAGES} WHERE m.room_id = $1 AND m.id > $2 ORDER BY m.id LIMIT $3"
            );
            fetch_page(db, sql, reading, id, limit, false).await
        }
    }
}

/// History for scrolling up: the `limit` (1 to [`MAX_PAGE`]) messages just older than `before`,
/// oldest first. The caller has already let the reader in (`EnteredRoom`).
pub(super) async fn messages_before(
    db: &Db,
    reading: Reading,
    before: i64,
    limit: u32,
) -> Result<Vec<Message>, ChatError> {
    let sql =
        format!("{SELECT_MESSAGES} WHERE m.room_id = $1 AND m.id < $2 ORDER BY m.id DESC LIMIT $3");
    fetch_page(db, sql, reading, before, limit, true).await
}

/// A page of the room's history newest first, as an API lists it: by position, or (keyset)
/// older than the id of the last message the reader saw. The page is 1 to [`MAX_PAGE`] long.
pub(super) async fn newest_first(
    db: &Db,
    reading: Reading,
    page: Page,
) -> Result<Vec<Message>, ChatError> {
    let (offset, before, limit) = page.bounds();
    let sql = format!(
        "{SELECT_MESSAGES} WHERE m.room_id = $1 AND ($2 IS NULL OR m.id < $2) \
         ORDER BY m.id DESC LIMIT $3 OFFSET $4"
    );
    let rows: Vec<MessageRow> = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(reading.room_id)
            .bind(before)
            .bind(limit.clamp(1, i64::from(MAX_PAGE)))
            .bind(offset)
            .fetch_all(pool)
            .await
    })?;
    let mut messages: Vec<Message> = rows.into_iter().map(Message::from).collect();
    reactions::attach(db, reading, &mut messages).await?;
    Ok(messages)
}

/// Message `id` of the room, if it is one of the room's.
pub(super) async fn one(db: &Db, reading: Reading, id: i64) -> Result<Message, ChatError> {
    let sql = format!("{SELECT_MESSAGES} WHERE m.room_id = $1 AND m.id = $2");
    let row: Option<MessageRow> = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(reading.room_id)
            .bind(id)
            .fetch_optional(pool)
            .await
    })?;
    let mut message = [row.map(Message::from).ok_or(ChatError::NotFound)?];
    reactions::attach(db, reading, &mut message).await?;
    let [message] = message;
    Ok(message)
}

pub(super) async fn count(db: &Db, room_id: i64) -> Result<i64, ChatError> {
    let count = with_pool!(db, |pool| {
        sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE room_id = $1")
            .bind(room_id)
            .fetch_one(pool)
            .await
    })?;
    Ok(count)
}

/// Saves what `scope` says in a room they may use, then sends it to everyone in the room.
pub(super) async fn post_message(
    db: &Db,
    pubsub: &PubSub,
    scope: Scope,
    room_id: i64,
    body: MessageBody,
) -> Result<(Message, Recorded), ChatError> {
    let room = Access::of(db, &scope, room_id).await?.enter()?;
    let select = format!("{SELECT_MESSAGES} WHERE m.id = $1");
    // Catching up asks for ids above the last one seen, so a room's messages must commit in id
    // order. PostgreSQL hands out ids before commit, so posts to one room take the room's row
    // lock first; SQLite serialises writers by itself.
    let serialise = match db.backend() {
        Backend::Postgres => Some("SELECT id FROM rooms WHERE id = $1 FOR UPDATE"),
        Backend::Sqlite => None,
    };
    let (row, mentioned): (MessageRow, Recorded) = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        if let Some(lock) = serialise {
            sqlx::query(lock).bind(room_id).execute(&mut *tx).await?;
        }
        let now = now_millis();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO messages (room_id, author_id, body, inserted_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(room_id)
        .bind(scope.user_id)
        .bind(body.as_str())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let place = Place::Message {
            room_id,
            message_id: id,
            private: room.private,
        };
        let mentioned = (&mut *tx)
            .record_mentions(scope.user_id, place, body.as_str(), now)
            .await?;
        let row = sqlx::query_as(sqlx::AssertSqlSafe(select))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>((row, mentioned))
    }
    .await)?;
    let message = Message::from(row);
    ChatEvent::MessagePosted(message.clone()).publish(pubsub);
    Ok((message, mentioned))
}
