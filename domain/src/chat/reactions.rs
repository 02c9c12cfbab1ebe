//! Reactions on messages: given and taken back by anyone who may use the room, counted per
//! message for whoever reads it.

use std::collections::HashMap;

use model::chat::{
    Reaction, ReactionCount,
    channel::{React, ReactionChanged},
};
use pubsub::PubSub;

use super::{
    ChatError, ChatEvent, Message, access::Access, edits::announce_and_commit, messages::Reading,
};
use crate::{
    Scope,
    db::{Backend, BeginWrite, Db, placeholders},
    time::now_millis,
    with_pool,
};

/// Fills in the reactions of `messages` (at most a page of them) as `reading.reader` sees them,
/// in one grouped query.
pub(super) async fn attach(
    db: &Db,
    reading: Reading,
    messages: &mut [Message],
) -> Result<(), ChatError> {
    let ids: Vec<i64> = messages
        .iter()
        .filter(|message| !message.deleted)
        .map(|message| message.id)
        .collect();
    if ids.is_empty() {
        return Ok(());
    }
    // `$1` is the reader, then one placeholder per message: a page is at most MAX_PAGE long.
    let sql = format!(
        "SELECT message_id, reaction, COUNT(*) AS count, \
         SUM(CASE WHEN user_id = $1 THEN 1 ELSE 0 END) AS mine \
         FROM message_reactions WHERE message_id IN ({}) GROUP BY message_id, reaction",
        placeholders(2, ids.len())
    );
    let rows: Vec<(i64, String, i64, i64)> = with_pool!(db, |pool| {
        let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(reading.reader);
        for id in &ids {
            query = query.bind(*id);
        }
        query.fetch_all(pool).await
    })?;
    let mut by_message: HashMap<i64, Vec<ReactionCount>> = HashMap::new();
    for (message_id, name, count, mine) in rows {
        // A name no longer in the set is not shown (the set only grows; this is a safeguard).
        let Some(reaction) = Reaction::parse(&name) else {
            continue;
        };
        by_message
            .entry(message_id)
            .or_default()
            .push(ReactionCount {
                reaction,
                count,
                mine: mine > 0,
            });
    }
    for message in messages {
        if let Some(mut reactions) = by_message.remove(&message.id) {
            reactions.sort_by_key(|count| count.reaction);
            message.reactions = reactions;
        }
    }
    Ok(())
}

/// Gives (`on`) or takes back `scope`'s reaction to a message of a room they may use, and tells
/// the room when that changed something (in the order the changes were saved). Giving one twice, or taking back one never given,
/// changes nothing and answers the count as it is.
pub(super) async fn react(
    db: &Db,
    pubsub: &PubSub,
    scope: Scope,
    room_id: i64,
    React {
        message_id,
        reaction,
        on,
    }: React,
) -> Result<ReactionChanged, ChatError> {
    Access::of(db, &scope, room_id).await?.enter()?;
    // PostgreSQL: the message's row lock orders the reactions to one message, so each answer's
    // count is the count after that change. SQLite serialises writers by itself.
    let find = match db.backend() {
        Backend::Postgres => {
            "SELECT deleted_at FROM messages WHERE id = $1 AND room_id = $2 FOR UPDATE"
        }
        Backend::Sqlite => "SELECT deleted_at FROM messages WHERE id = $1 AND room_id = $2",
    };
    let outcome: Option<ReactionChanged> = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        let found: Option<(Option<i64>,)> = sqlx::query_as(find)
            .bind(message_id)
            .bind(room_id)
            .fetch_optional(&mut *tx)
            .await?;
        // A tombstone takes no reactions.
        if !matches!(found, Some((None,))) {
            return Ok(None);
        }
        let done = if on {
            sqlx::query(
                "INSERT INTO message_reactions (message_id, reaction, user_id, inserted_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            )
            .bind(message_id)
            .bind(reaction.name())
            .bind(scope.user_id)
            .bind(now_millis())
            .execute(&mut *tx)
            .await?
        } else {
            sqlx::query(
                "DELETE FROM message_reactions \
                 WHERE message_id = $1 AND reaction = $2 AND user_id = $3",
            )
            .bind(message_id)
            .bind(reaction.name())
            .bind(scope.user_id)
            .execute(&mut *tx)
            .await?
        };
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM message_reactions WHERE message_id = $1 AND reaction = $2",
        )
        .bind(message_id)
        .bind(reaction.name())
        .fetch_one(&mut *tx)
        .await?;
        let answer = ReactionChanged {
            message_id,
            reaction,
            user_id: scope.user_id,
            on,
            count,
        };
        if done.rows_affected() == 1 {
            let event = ChatEvent::ReactionChanged {
                room_id,
                change: answer,
            };
            announce_and_commit(tx, event, pubsub).await?;
        } else {
            tx.commit().await?;
        }
        Ok::<_, sqlx::Error>(Some(answer))
    }
    .await)?;
    outcome.ok_or(ChatError::NotFound)
}
