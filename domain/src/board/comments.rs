//! Comments on published posts, oldest first; the post's count kept in the same transaction.

use model::board::{
    CommentBody, CommentInfo,
    channel::{CATCH_UP, JoinReply},
};

use super::{
    BoardError, posts,
    rows::{COMMENT_COLUMNS, CommentRow},
};
use crate::{
    Scope,
    db::{Backend, BeginWrite, Db},
    mentions::{Place, RecordMentions, Recorded},
    time::now_millis,
    with_pool,
};

/// The most comments one read answers.
pub const COMMENTS_PAGE: u32 = 100;

const FROM: &str = "FROM comments c JOIN users u ON u.id = c.author_id";

pub(super) async fn list(
    db: &Db,
    reader: Option<Scope>,
    post_id: i64,
    after: Option<i64>,
    limit: u32,
) -> Result<Vec<CommentInfo>, BoardError> {
    posts::visible(db, reader, post_id).await?;
    read(db, reader, post_id, after, limit.clamp(1, COMMENTS_PAGE)).await
}

/// Up to `limit` comments after `after`, as `reader` sees them.
async fn read(
    db: &Db,
    reader: Option<Scope>,
    post_id: i64,
    after: Option<i64>,
    limit: u32,
) -> Result<Vec<CommentInfo>, BoardError> {
    let sql = format!(
        "SELECT {COMMENT_COLUMNS} {FROM} WHERE c.post_id = $2 AND c.id > $3 ORDER BY c.id LIMIT $4"
    );
    let rows: Vec<CommentRow> = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(reader.map(|reader| reader.user_id))
            .bind(post_id)
            .bind(after.unwrap_or(0))
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await
    })?;
    Ok(rows.into_iter().map(CommentInfo::from).collect())
}

/// The post's state, its row locked on PostgreSQL until the commit (so its count is written
/// in order).
fn lock_post(db: &Db) -> &'static str {
    match db.backend() {
        Backend::Postgres => "SELECT state FROM posts WHERE id = $1 FOR UPDATE",
        Backend::Sqlite => "SELECT state FROM posts WHERE id = $1",
    }
}

/// What a page that shows comments up to `after` has missed, and the post's counts now.
pub(super) async fn catch_up(
    db: &Db,
    reader: Scope,
    post_id: i64,
    after: Option<i64>,
) -> Result<JoinReply, BoardError> {
    let (like_count, comment_count) = posts::visible(db, Some(reader), post_id).await?;
    let mut comments = read(db, Some(reader), post_id, after, CATCH_UP + 1).await?;
    let more = comments.len() > CATCH_UP as usize;
    comments.truncate(CATCH_UP as usize);
    Ok(JoinReply {
        like_count,
        comment_count,
        comments,
        more,
    })
}

/// A comment saved, the post's count after it, and the mentions it made.
pub(super) struct Added {
    pub comment: CommentInfo,
    pub count: i64,
    pub mentioned: Recorded,
}

pub(super) async fn add(
    db: &Db,
    scope: Scope,
    post_id: i64,
    body: CommentBody,
) -> Result<Added, BoardError> {
    let lock = lock_post(db);
    let one = format!("SELECT {COMMENT_COLUMNS} {FROM} WHERE c.id = $2");
    let comment = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        let state: Option<String> = sqlx::query_scalar(lock)
            .bind(post_id)
            .fetch_optional(&mut *tx)
            .await?;
        // A draft takes no comments, not even its author's.
        if state.as_deref() != Some("published") {
            return Ok(None);
        }
        let now = now_millis();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO comments (post_id, author_id, body, inserted_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(post_id)
        .bind(scope.user_id)
        .bind(body.as_str())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let place = Place::Comment {
            post_id,
            comment_id: id,
        };
        let mentioned = (&mut *tx)
            .record_mentions(scope.user_id, place, body.as_str(), now)
            .await?;
        let count: i64 = sqlx::query_scalar(
            "UPDATE posts SET comment_count = comment_count + 1 WHERE id = $1 \
             RETURNING comment_count",
        )
        .bind(post_id)
        .fetch_one(&mut *tx)
        .await?;
        let comment: CommentRow = sqlx::query_as(sqlx::AssertSqlSafe(one.clone()))
            .bind(scope.user_id)
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(Some((comment, count, mentioned)))
    }
    .await)?;
    let (comment, count, mentioned) = comment.ok_or(BoardError::NotFound)?;
    Ok(Added {
        comment: comment.into(),
        count,
        mentioned,
    })
}

/// Deletes a comment; answers its post and the post's count after.
pub(super) async fn delete(
    db: &Db,
    scope: Scope,
    comment_id: i64,
) -> Result<(i64, i64), BoardError> {
    let find = match db.backend() {
        Backend::Postgres => {
            "SELECT c.author_id, c.post_id FROM comments c JOIN posts p ON p.id = c.post_id \
             WHERE c.id = $1 FOR UPDATE OF p"
        }
        Backend::Sqlite => "SELECT author_id, post_id FROM comments WHERE id = $1",
    };
    with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        let found: Option<(i64, i64)> = sqlx::query_as(find)
            .bind(comment_id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some((author_id, post_id)) = found else {
            return Ok(Err(BoardError::NotFound));
        };
        if !scope.may_manage(author_id) {
            return Ok(Err(BoardError::Forbidden));
        }
        sqlx::query("DELETE FROM comments WHERE id = $1")
            .bind(comment_id)
            .execute(&mut *tx)
            .await?;
        let count: i64 = sqlx::query_scalar(
            "UPDATE posts SET comment_count = comment_count - 1 WHERE id = $1 \
             RETURNING comment_count",
        )
        .bind(post_id)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(Ok((post_id, count)))
    }
    .await)?
}
