//! Likes on published posts and their comments: one a person, given or taken back; the count
//! on the liked row changes in the same transaction, and only when the like did.

use super::BoardError;
use crate::{
    Scope,
    db::{Backend, BeginWrite, Db},
    time::now_millis,
    with_pool,
};

pub(super) async fn post(db: &Db, scope: Scope, post_id: i64, on: bool) -> Result<i64, BoardError> {
    let find = match db.backend() {
        Backend::Postgres => "SELECT state FROM posts WHERE id = $1 FOR UPDATE",
        Backend::Sqlite => "SELECT state FROM posts WHERE id = $1",
    };
    let count = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        let state: Option<String> = sqlx::query_scalar(find)
            .bind(post_id)
            .fetch_optional(&mut *tx)
            .await?;
        if state.as_deref() != Some("published") {
            return Ok(None);
        }
        let changed = if on {
            sqlx::query(
                "INSERT INTO post_likes (post_id, user_id, inserted_at) VALUES ($1, $2, $3) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(post_id)
            .bind(scope.user_id)
            .bind(now_millis())
            .execute(&mut *tx)
            .await?
        } else {
            sqlx::query("DELETE FROM post_likes WHERE post_id = $1 AND user_id = $2")
                .bind(post_id)
                .bind(scope.user_id)
                .execute(&mut *tx)
                .await?
        };
        let step: i64 = if on { 1 } else { -1 };
        let change = if changed.rows_affected() == 1 {
            step
        } else {
            0
        };
        let count: i64 = sqlx::query_scalar(
            "UPDATE posts SET like_count = like_count + $1 WHERE id = $2 RETURNING like_count",
        )
        .bind(change)
        .bind(post_id)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(Some(count))
    }
    .await)?;
    count.ok_or(BoardError::NotFound)
}

pub(super) async fn comment(
    db: &Db,
    scope: Scope,
    comment_id: i64,
    on: bool,
) -> Result<(i64, i64), BoardError> {
    let find = match db.backend() {
        Backend::Postgres => {
            "SELECT c.post_id, p.state FROM comments c JOIN posts p ON p.id = c.post_id \
             WHERE c.id = $1 FOR UPDATE OF c"
        }
        Backend::Sqlite => {
            "SELECT c.post_id, p.state FROM comments c JOIN posts p ON p.id = c.post_id \
             WHERE c.id = $1"
        }
    };
    let counted = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        let found: Option<(i64, String)> = sqlx::query_as(find)
            .bind(comment_id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some((post_id, state)) = found else {
            return Ok(None);
        };
        if state != "published" {
            return Ok(None);
        }
        let changed = if on {
            sqlx::query(
                "INSERT INTO comment_likes (comment_id, user_id, inserted_at) \
                 VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind(comment_id)
            .bind(scope.user_id)
            .bind(now_millis())
            .execute(&mut *tx)
            .await?
        } else {
            sqlx::query("DELETE FROM comment_likes WHERE comment_id = $1 AND user_id = $2")
                .bind(comment_id)
                .bind(scope.user_id)
                .execute(&mut *tx)
                .await?
        };
        let step: i64 = if on { 1 } else { -1 };
        let change = if changed.rows_affected() == 1 {
            step
        } else {
            0
        };
        let count: i64 = sqlx::query_scalar(
            "UPDATE comments SET like_count = like_count + $1 WHERE id = $2 RETURNING like_count",
        )
        .bind(change)
        .bind(comment_id)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(Some((post_id, count)))
    }
    .await)?;
    counted.ok_or(BoardError::NotFound)
}
