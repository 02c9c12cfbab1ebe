//! Changing what was said: its author edits a message; its author or an admin deletes one,
//! which leaves a tombstone in its place (the text and reactions gone, the id kept, so read
//! markers and catching up keep their meaning). Each change is announced before its commit,
//! in order (see [`announce_and_commit`]).

use chrono::{DateTime, Utc};
use model::chat::{
    MessageBody,
    channel::{MessageDeleted, MessageEdited},
};
use pubsub::PubSub;

use super::{ChatError, ChatEvent, access::Access};
use crate::{
    Scope,
    db::{Backend, BeginWrite, Db},
    mentions::{Place, RecordMentions, Recorded},
    time::now_millis,
    with_pool,
};

/// Finds a live (not deleted) message of the room and its author, locking its row on
/// PostgreSQL for the rest of the transaction.
fn find_live(db: &Db) -> &'static str {
    match db.backend() {
        Backend::Postgres => {
            "SELECT author_id FROM messages \
             WHERE id = $1 AND room_id = $2 AND deleted_at IS NULL FOR UPDATE"
        }
        Backend::Sqlite => {
            "SELECT author_id FROM messages WHERE id = $1 AND room_id = $2 AND deleted_at IS NULL"
        }
    }
}

/// Replaces the text of `scope`'s own message in a room they may still use, and tells the room.
pub(super) async fn edit(
    db: &Db,
    pubsub: &PubSub,
    scope: Scope,
    room_id: i64,
    message_id: i64,
    body: MessageBody,
) -> Result<(MessageEdited, Recorded), ChatError> {
    let room = Access::of(db, &scope, room_id).await?.enter()?;
    let find = find_live(db);
    let now = now_millis();
    let edited = MessageEdited {
        message_id,
        body: body.as_str().to_owned(),
        edited_at: DateTime::<Utc>::from_timestamp_millis(now).unwrap_or_default(),
    };
    let (author, mentioned): (Option<i64>, Recorded) = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        let author: Option<i64> = sqlx::query_scalar(find)
            .bind(message_id)
            .bind(room_id)
            .fetch_optional(&mut *tx)
            .await?;
        let mut mentioned = Recorded::default();
        if author == Some(scope.user_id) {
            sqlx::query("UPDATE messages SET body = $1, edited_at = $2 WHERE id = $3")
                .bind(body.as_str())
                .bind(now)
                .bind(message_id)
                .execute(&mut *tx)
                .await?;
            // Whom the new text names for the first time hears of it.
            let place = Place::Message {
                room_id,
                message_id,
                private: room.private,
            };
            mentioned = (&mut *tx)
                .record_mentions(scope.user_id, place, body.as_str(), now)
                .await?;
            let event = ChatEvent::MessageEdited {
                room_id,
                edited: edited.clone(),
            };
            announce_and_commit(tx, event, pubsub).await?;
        }
        Ok::<_, sqlx::Error>((author, mentioned))
    }
    .await)?;
    match author {
        None => Err(ChatError::NotFound),
        // Nobody else may put words in someone's mouth, admins included.
        Some(author) if author != scope.user_id => Err(ChatError::NotAuthor),
        Some(_) => Ok((edited, mentioned)),
    }
}

/// Deletes a message — `scope`'s own in a room they may use, or anyone's for an admin — leaving
/// a tombstone, and tells the room.
pub(super) async fn delete(
    db: &Db,
    pubsub: &PubSub,
    scope: Scope,
    room_id: i64,
    message_id: i64,
) -> Result<MessageDeleted, ChatError> {
    let access = Access::of(db, &scope, room_id).await?;
    // Admins moderate every room, private ones included, as they may delete whole rooms.
    if !scope.is_admin() {
        access.enter()?;
    }
    let find = find_live(db);
    let now = now_millis();
    let author: Option<i64> = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        let author: Option<i64> = sqlx::query_scalar(find)
            .bind(message_id)
            .bind(room_id)
            .fetch_optional(&mut *tx)
            .await?;
        if author.is_some_and(|author| scope.may_manage(author)) {
            // The words are gone for real, not hidden: the tombstone keeps only who and when.
            sqlx::query(
                "UPDATE messages SET body = '', edited_at = NULL, deleted_at = $1 WHERE id = $2",
            )
            .bind(now)
            .bind(message_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM message_reactions WHERE message_id = $1")
                .bind(message_id)
                .execute(&mut *tx)
                .await?;
            let deleted = MessageDeleted { message_id };
            let event = ChatEvent::MessageDeleted { room_id, deleted };
            announce_and_commit(tx, event, pubsub).await?;
        }
        Ok::<_, sqlx::Error>(author)
    }
    .await)?;
    match author {
        None => Err(ChatError::NotFound),
        Some(author) if !scope.may_manage(author) => Err(ChatError::NotAuthor),
        Some(_) => Ok(MessageDeleted { message_id }),
    }
}

/// Announces a change to a message, then commits it. Announced while the transaction still
/// holds the message (PostgreSQL's row lock, SQLite's write lock), so that the next change to
/// it — which waits for this commit — is announced after this one: the room hears a message's
/// changes in the order they were saved (announced after the commit, two could pass each other
/// and leave readers on the older). Should the commit then fail, which only a lost database
/// does, the room has heard of a change that did not happen; a reader's next load shows what
/// is stored.
pub(super) async fn announce_and_commit<DB: sqlx::Database>(
    tx: sqlx::Transaction<'_, DB>,
    event: ChatEvent,
    pubsub: &PubSub,
) -> Result<(), sqlx::Error> {
    event.publish(pubsub);
    tx.commit().await
}
