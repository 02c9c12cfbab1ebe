//! Mentions (`@handle`) in posts, comments and chat messages: recorded with the text that makes
//! them (`record.rs`), listed for the person mentioned, counted for their badge and announced on
//! `mentions:<user id>` whenever that count changes, and mailed by a [`MentionMail`] job to
//! whoever asked for mail (their preferences). A mention whose place is gone or hidden again (a
//! post back to a draft, a deleted message, a private room one has left) is not shown or
//! counted.

mod record;

pub(crate) use record::{Place, RecordMentions, Recorded};

use model::{
    chat::Author,
    mentions::{self, MentionInfo, MentionPlace, UNREAD, Unread},
};
use pubsub::PubSub;
use serde::{Deserialize, Serialize};

use crate::{
    Scope,
    accounts::{self, AccountsError, User},
    board::markdown,
    db::{Db, DbError, placeholders},
    jobs::Job,
    time::{UnixMillis, now_millis},
    with_pool,
};

/// How much of the text a mention shows, in characters.
pub const EXCERPT_CHARS: usize = 200;

/// The job that mails one mention to the person mentioned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionMail {
    pub mention_id: i64,
}

impl Job for MentionMail {
    const KIND: &'static str = "mail.mention";
    const QUEUE: &'static str = "mail";
    const MAX_ATTEMPTS: i32 = 5;

    fn unique_key(&self) -> Option<String> {
        Some(format!("mention:{}", self.mention_id))
    }
}

/// People's mentions, as their callers hold them. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Mentions {
    db: Db,
    pubsub: PubSub,
}

/// The mentions of the people `whose` names (a condition on `n.person_id`) still shown:
/// their place exists and the person may see it.
fn shown(whose: &str) -> String {
    format!(
        "FROM mentions n \
         JOIN users a ON a.id = n.author_id \
         LEFT JOIN posts p ON p.id = n.post_id \
         LEFT JOIN comments c ON c.id = n.comment_id \
         LEFT JOIN messages m ON m.id = n.message_id \
         LEFT JOIN rooms r ON r.id = m.room_id \
         WHERE n.person_id {whose} \
         AND ((n.post_id IS NOT NULL AND p.state = 'published') \
          OR (n.message_id IS NOT NULL AND m.deleted_at IS NULL AND (NOT r.private OR EXISTS \
              (SELECT 1 FROM room_members rm \
               WHERE rm.room_id = r.id AND rm.user_id = n.person_id))))"
    )
}

#[derive(sqlx::FromRow)]
struct MentionRow {
    id: i64,
    #[sqlx(try_from = "i64")]
    inserted_at: UnixMillis,
    seen_at: Option<i64>,
    author_id: i64,
    author_name: String,
    author_avatar_url: Option<String>,
    post_id: Option<i64>,
    comment_id: Option<i64>,
    title: Option<String>,
    room_id: Option<i64>,
    room: Option<String>,
    /// The post's excerpt (plain already), the comment's or the message's text.
    text: Option<String>,
}

const COLUMNS: &str = "n.id, n.inserted_at, n.seen_at, a.id AS author_id, \
     a.name AS author_name, a.avatar_url AS author_avatar_url, n.post_id, n.comment_id, \
     p.title, r.id AS room_id, r.name AS room, COALESCE(c.body, m.body, p.excerpt) AS text";

impl MentionRow {
    fn into_info(self) -> Option<MentionInfo> {
        let place = match (self.post_id, self.comment_id, self.room_id) {
            (Some(post_id), None, _) => MentionPlace::Post {
                post_id,
                title: self.title?,
            },
            (Some(post_id), Some(comment_id), _) => MentionPlace::Comment {
                post_id,
                comment_id,
                title: self.title?,
            },
            (None, _, Some(room_id)) => MentionPlace::Message {
                room_id,
                room: self.room?,
            },
            _ => return None,
        };
        let text = self.text.unwrap_or_default();
        let excerpt = match place {
            MentionPlace::Comment { .. } => markdown::excerpt(&text, EXCERPT_CHARS),
            _ => text.chars().take(EXCERPT_CHARS).collect(),
        };
        Some(MentionInfo {
            id: self.id,
            by: Author {
                id: self.author_id,
                name: self.author_name,
                avatar_url: self.author_avatar_url,
            },
            place,
            excerpt,
            at: self.inserted_at.0,
            seen: self.seen_at.is_some(),
        })
    }
}

impl Mentions {
    pub fn new(db: Db, pubsub: PubSub) -> Self {
        Self { db, pubsub }
    }

    /// How many of `scope`'s mentions they have not seen.
    pub async fn unread(&self, scope: Scope) -> Result<i64, DbError> {
        let counts = self.unread_of(&[scope.user_id]).await?;
        Ok(counts.first().map_or(0, |(_, count)| *count))
    }

    /// `scope`'s mentions, newest first, before the mention `before`: [`mentions::PAGE`] at
    /// most.
    pub async fn list(
        &self,
        scope: Scope,
        before: Option<i64>,
    ) -> Result<Vec<MentionInfo>, DbError> {
        let sql = format!(
            "SELECT {COLUMNS} {} AND n.id < $2 ORDER BY n.id DESC LIMIT $3",
            shown("= $1")
        );
        let rows: Vec<MentionRow> = with_pool!(self.db, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .bind(scope.user_id)
                .bind(before.unwrap_or(i64::MAX))
                .bind(i64::from(mentions::PAGE))
                .fetch_all(pool)
                .await
        })?;
        Ok(rows.into_iter().filter_map(MentionRow::into_info).collect())
    }

    /// Marks every mention of `scope`'s seen, and tells their pages.
    pub async fn mark_seen(&self, scope: Scope) -> Result<(), DbError> {
        let changed = with_pool!(self.db, |pool| {
            sqlx::query("UPDATE mentions SET seen_at = $2 WHERE person_id = $1 AND seen_at IS NULL")
                .bind(scope.user_id)
                .bind(now_millis())
                .execute(pool)
                .await
                .map(|done| done.rows_affected())
        })?;
        if changed > 0 {
            self.announce_unread(&[scope.user_id]).await;
        }
        Ok(())
    }

    /// Each of `people`'s unseen counts, for those who have any.
    async fn unread_of(&self, people: &[i64]) -> Result<Vec<(i64, i64)>, DbError> {
        if people.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT n.person_id, COUNT(*) {} AND n.seen_at IS NULL GROUP BY n.person_id",
            shown(&format!("IN ({})", placeholders(1, people.len())))
        );
        let counts = with_pool!(self.db, |pool| async {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
            for person in people {
                query = query.bind(person);
            }
            query.fetch_all(pool).await
        }
        .await)?;
        Ok(counts)
    }

    /// Tells each of `people`'s pages how many mentions they have not seen now.
    pub(crate) async fn announce_unread(&self, people: &[i64]) {
        let counts = match self.unread_of(people).await {
            Ok(counts) => counts,
            // The mentions are saved; only the badge is late (it is right at the next join).
            Err(error) => {
                tracing::warn!(error = &error as &dyn std::error::Error, "unread mentions");
                return;
            }
        };
        for person in people {
            let count = counts
                .iter()
                .find(|(id, _)| id == person)
                .map_or(0, |(_, count)| *count);
            let payload = serde_json::json!(Unread { count });
            self.pubsub
                .broadcast(&mentions::topic(*person), UNREAD, payload);
        }
    }
}

/// One mention for its mail: the person mentioned (if still active and the mention still
/// shown and unseen) and what to say.
pub async fn for_mail(
    db: &Db,
    mention_id: i64,
) -> Result<Option<(User, MentionInfo)>, AccountsError> {
    let person: Option<i64> = with_pool!(db, |pool| {
        sqlx::query_scalar(
            "SELECT n.person_id FROM mentions n JOIN users u ON u.id = n.person_id \
             WHERE n.id = $1 AND n.seen_at IS NULL AND u.active",
        )
        .bind(mention_id)
        .fetch_optional(pool)
        .await
    })?;
    let Some(person) = person else {
        return Ok(None);
    };
    let sql = format!("SELECT {COLUMNS} {} AND n.id = $2", shown("= $1"));
    let row: Option<MentionRow> = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(person)
            .bind(mention_id)
            .fetch_optional(pool)
            .await
    })?;
    let Some(info) = row.and_then(MentionRow::into_info) else {
        return Ok(None);
    };
    let user = accounts::active_user(db, person).await?;
    Ok(user.map(|user| (user, info)))
}

/// The plans of the list's query and the count's, one line per step: for tests that fail on a
/// full scan.
#[cfg(feature = "testing")]
pub async fn explain_mentions(db: &Db) -> Result<Vec<String>, crate::board::BoardError> {
    use crate::board::{Arg, explain};

    let list = format!(
        "SELECT {COLUMNS} {} AND n.id < $2 ORDER BY n.id DESC LIMIT $3",
        shown("= $1")
    );
    let args = [
        Arg::Int(Some(1)),
        Arg::Int(Some(i64::MAX)),
        Arg::Int(Some(i64::from(mentions::PAGE))),
    ];
    let mut lines = explain(db, &list, &args).await?;
    let count = format!(
        "SELECT n.person_id, COUNT(*) {} AND n.seen_at IS NULL GROUP BY n.person_id",
        shown("IN ($1)")
    );
    lines.extend(explain(db, &count, &[Arg::Int(Some(1))]).await?);
    Ok(lines)
}
