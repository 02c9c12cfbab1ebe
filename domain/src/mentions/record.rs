//! Recording mentions inside the transaction that saves the text: who the handles name (active
//! people other than the author; in a private room, its members only), one row each, and a
//! [`MentionMail`] for those who want one (at most [`MAILS_PER_HOUR`] a person) — all or nothing
//! with the text itself.

use model::{
    accounts::{Handle, Preferences},
    mentions::{MAILS_PER_HOUR, MAX_PER_TEXT},
};
use sqlx::{PgConnection, SqliteConnection};

use super::MentionMail;
use crate::{
    db::placeholders,
    jobs::{Enqueue, Enqueued, NewJob},
};

const HOUR_MS: i64 = 60 * 60 * 1000;

/// Where a text was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    Post {
        post_id: i64,
    },
    Comment {
        post_id: i64,
        comment_id: i64,
    },
    /// `private`: only the room's members may be notified.
    Message {
        room_id: i64,
        message_id: i64,
        private: bool,
    },
}

impl Place {
    /// The place's columns: (post_id, comment_id, message_id).
    fn columns(self) -> (Option<i64>, Option<i64>, Option<i64>) {
        match self {
            Self::Post { post_id } => (Some(post_id), None, None),
            Self::Comment {
                post_id,
                comment_id,
            } => (Some(post_id), Some(comment_id), None),
            Self::Message { message_id, .. } => (None, None, Some(message_id)),
        }
    }
}

/// What a text's mentions did, to be announced once the transaction has committed.
#[must_use = "announce it after the commit"]
#[derive(Debug, Default)]
pub(crate) struct Recorded {
    /// The people newly mentioned.
    pub(crate) people: Vec<i64>,
    mails: Vec<Enqueued>,
}

impl Recorded {
    /// Wakes the mail queue and tells each person's pages their new count.
    pub(crate) async fn announce(self, mentions: &super::Mentions) {
        for mail in self.mails {
            mail.announce(&mentions.db);
        }
        mentions.announce_unread(&self.people).await;
    }
}

/// Recording a text's mentions on a connection the caller holds, inside its transaction.
pub(crate) trait RecordMentions {
    fn record_mentions(
        self,
        author_id: i64,
        place: Place,
        text: &str,
        at: i64,
    ) -> impl Future<Output = Result<Recorded, sqlx::Error>> + Send;
}

macro_rules! record_mentions_on {
    ($connection:ty) => {
        impl RecordMentions for &mut $connection {
            async fn record_mentions(
                self,
                author_id: i64,
                place: Place,
                text: &str,
                at: i64,
            ) -> Result<Recorded, sqlx::Error> {
                let handles = Handle::mentioned_in(text, MAX_PER_TEXT);
                if handles.is_empty() {
                    return Ok(Recorded::default());
                }
                let (sql, room) = people_named(&place, handles.len());
                let mut query = sqlx::query_as::<_, (i64, String)>(sqlx::AssertSqlSafe(sql))
                    .bind(author_id)
                    .bind(room);
                for handle in &handles {
                    query = query.bind(handle.as_str());
                }
                let named = query.fetch_all(&mut *self).await?;
                let (post_id, comment_id, message_id) = place.columns();
                let mut recorded = Recorded::default();
                for (person_id, preferences) in named {
                    let id: Option<i64> = sqlx::query_scalar(
                        "INSERT INTO mentions \
                         (person_id, author_id, post_id, comment_id, message_id, inserted_at) \
                         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id",
                    )
                    .bind(person_id)
                    .bind(author_id)
                    .bind(post_id)
                    .bind(comment_id)
                    .bind(message_id)
                    .bind(at)
                    .fetch_optional(&mut *self)
                    .await?;
                    // Mentioned there before (an edit kept the mention): nothing new to say.
                    let Some(mention_id) = id else { continue };
                    recorded.people.push(person_id);
                    if !Preferences::from_stored(&preferences)
                        .notifications
                        .mentions_by_mail
                    {
                        continue;
                    }
                    // However many texts name them, a person gets at most so many mails an
                    // hour (this one counted); the badge and the list still tell them of all.
                    let lately: i64 = sqlx::query_scalar(
                        "SELECT COUNT(*) FROM mentions WHERE person_id = $1 AND inserted_at > $2",
                    )
                    .bind(person_id)
                    .bind(at - HOUR_MS)
                    .fetch_one(&mut *self)
                    .await?;
                    if lately <= MAILS_PER_HOUR {
                        let job = NewJob::of(&MentionMail { mention_id }, at)
                            .expect("a struct of one number serializes");
                        recorded.mails.push((&mut *self).enqueue(&job, at).await?);
                    }
                }
                Ok(recorded)
            }
        }
    };
}

record_mentions_on!(SqliteConnection);
record_mentions_on!(PgConnection);

/// Who `count` handles (`$3…`) name, for a text by `$1` at `place` (`$2`: a private room, whose
/// members alone may be named): their ids and preferences.
fn people_named(place: &Place, count: usize) -> (String, Option<i64>) {
    let room = match *place {
        Place::Message {
            room_id,
            private: true,
            ..
        } => Some(room_id),
        _ => None,
    };
    let sql = format!(
        "SELECT u.id, u.preferences FROM users u WHERE u.handle IN ({}) AND u.id <> $1 \
         AND u.active AND ($2 IS NULL OR EXISTS \
         (SELECT 1 FROM room_members m WHERE m.room_id = $2 AND m.user_id = u.id)) \
         ORDER BY u.id",
        placeholders(3, count)
    );
    (sql, room)
}
