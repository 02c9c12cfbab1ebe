//! Likes on published posts and their comments: one a person, given or taken back; the count
//! on the liked row changes in the same transaction, and only when the like did.

use super::BoardError;
use crate::{
    Scope,
    db::{Backend, BeginWrite, Db},
    time::now_millis,
    with_pool,
};

/// What can be liked, as the statements that like it. `$1` is always the liked row's id.
struct Likeable {
    /// The post it is (or is on) and that post's state; the liked row locked on PostgreSQL.
    find_postgres: &'static str,
    find_sqlite: &'static str,
    like: &'static str,
    unlike: &'static str,
    /// Adds `$2` to the count and answers it.
    count: &'static str,
}

const POST: Likeable = Likeable {
    find_postgres: "SELECT id, state FROM posts WHERE id = $1 FOR UPDATE",
    find_sqlite: "SELECT id, state FROM posts WHERE id = $1",
    like: "INSERT INTO post_likes (post_id, user_id, inserted_at) VALUES ($1, $2, $3) \
           ON CONFLICT DO NOTHING",
    unlike: "DELETE FROM post_likes WHERE post_id = $1 AND user_id = $2",
    count: "UPDATE posts SET like_count = like_count + $2 WHERE id = $1 RETURNING like_count",
};

const COMMENT: Likeable = Likeable {
    find_postgres: "SELECT c.post_id, p.state FROM comments c JOIN posts p ON p.id = c.post_id \
                    WHERE c.id = $1 FOR UPDATE OF c",
    find_sqlite: "SELECT c.post_id, p.state FROM comments c JOIN posts p ON p.id = c.post_id \
                  WHERE c.id = $1",
    like: "INSERT INTO comment_likes (comment_id, user_id, inserted_at) VALUES ($1, $2, $3) \
           ON CONFLICT DO NOTHING",
    unlike: "DELETE FROM comment_likes WHERE comment_id = $1 AND user_id = $2",
    count: "UPDATE comments SET like_count = like_count + $2 WHERE id = $1 RETURNING like_count",
};

/// Likes (`on`) or stops liking row `id` of `what`; answers its post and its count after.
async fn toggle(
    db: &Db,
    scope: Scope,
    what: &Likeable,
    id: i64,
    on: bool,
) -> Result<(i64, i64), BoardError> {
    let find = match db.backend() {
        Backend::Postgres => what.find_postgres,
        Backend::Sqlite => what.find_sqlite,
    };
    let counted = with_pool!(db, |pool| async {
        let mut tx = pool.begin_write().await?;
        let found: Option<(i64, String)> = sqlx::query_as(find)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        // Nothing, or on a draft: nothing to like.
        let Some((post_id, _)) = found.filter(|(_, state)| state == "published") else {
            return Ok(None);
        };
        let changed = if on {
            sqlx::query(what.like)
                .bind(id)
                .bind(scope.user_id)
                .bind(now_millis())
                .execute(&mut *tx)
                .await?
        } else {
            sqlx::query(what.unlike)
                .bind(id)
                .bind(scope.user_id)
                .execute(&mut *tx)
                .await?
        };
        let step: i64 = match (changed.rows_affected(), on) {
            (1, true) => 1,
            (1, false) => -1,
            _ => 0,
        };
        let count: i64 = sqlx::query_scalar(what.count)
            .bind(id)
            .bind(step)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(Some((post_id, count)))
    }
    .await)?;
    counted.ok_or(BoardError::NotFound)
}

pub(super) async fn post(db: &Db, scope: Scope, post_id: i64, on: bool) -> Result<i64, BoardError> {
    Ok(toggle(db, scope, &POST, post_id, on).await?.1)
}

pub(super) async fn comment(
    db: &Db,
    scope: Scope,
    comment_id: i64,
    on: bool,
) -> Result<(i64, i64), BoardError> {
    toggle(db, scope, &COMMENT, comment_id, on).await
}
