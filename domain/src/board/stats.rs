//! The board's figures (recipes 3, 30, 35): a person's, in two queries (their counts as one
//! row of sub-queries over indexed joins, their top tags grouped), and the admins' report by
//! month and role in one grouped query over a union — never a query per row.

use model::{
    board::{BoardMonth, BoardReport, PersonStats, TagCount},
    chat::Author,
};

use super::BoardError;
use crate::{
    Scope,
    db::{Backend, Db},
    with_pool,
};

#[derive(sqlx::FromRow)]
struct PersonRow {
    name: String,
    handle: String,
    avatar_url: Option<String>,
    posts: i64,
    comments: i64,
    post_likes: i64,
    comment_likes: i64,
}

const PERSON: &str = "SELECT u.name, u.handle, u.avatar_url, \
     (SELECT COUNT(*) FROM posts p WHERE p.author_id = u.id AND p.state = 'published') AS posts, \
     (SELECT COUNT(*) FROM comments c WHERE c.author_id = u.id) AS comments, \
     (SELECT COUNT(*) FROM post_likes l JOIN posts p ON p.id = l.post_id \
      WHERE p.author_id = u.id AND p.state = 'published') AS post_likes, \
     (SELECT COUNT(*) FROM comment_likes l JOIN comments c ON c.id = l.comment_id \
      WHERE c.author_id = u.id) AS comment_likes \
     FROM users u WHERE u.id = $1";

const TOP_TAGS: &str = "SELECT t.tag, COUNT(*) AS posts FROM post_tags t \
     JOIN posts p ON p.id = t.post_id \
     WHERE p.author_id = $1 AND p.state = 'published' \
     GROUP BY t.tag ORDER BY posts DESC, t.tag LIMIT 5";

pub(super) async fn person(db: &Db, user_id: i64) -> Result<PersonStats, BoardError> {
    let (found, tags): (Option<PersonRow>, Vec<(String, i64)>) = with_pool!(db, |pool| async {
        let found = sqlx::query_as(PERSON)
            .bind(user_id)
            .fetch_optional(pool)
            .await?;
        let tags = sqlx::query_as(TOP_TAGS)
            .bind(user_id)
            .fetch_all(pool)
            .await?;
        Ok::<_, sqlx::Error>((found, tags))
    }
    .await)?;
    let row = found.ok_or(BoardError::NotFound)?;
    Ok(PersonStats {
        person: Author {
            id: user_id,
            name: row.name,
            avatar_url: row.avatar_url,
        },
        handle: row.handle,
        posts: row.posts,
        comments: row.comments,
        likes_received: row.post_likes + row.comment_likes,
        top_tags: tags
            .into_iter()
            .map(|(tag, posts)| TagCount { tag, posts })
            .collect(),
    })
}

/// The month (UTC, `YYYY-MM`) of a column of unix ms, on each backend.
fn month_of(db: &Db, column: &str) -> String {
    match db.backend() {
        Backend::Sqlite => format!("strftime('%Y-%m', {column} / 1000, 'unixepoch')"),
        Backend::Postgres => {
            format!("to_char(to_timestamp({column} / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM')")
        }
    }
}

pub(super) async fn report(db: &Db, scope: Scope) -> Result<BoardReport, BoardError> {
    if !scope.is_admin() {
        return Err(BoardError::Forbidden);
    }
    // Each kind of activity counted by month and its author's role, then the three put side by
    // side: posts by publication, comments and likes by when they were made.
    let sql = format!(
        "SELECT month, role, CAST(SUM(posts) AS BIGINT) AS posts, \
         CAST(SUM(comments) AS BIGINT) AS comments, \
         CAST(SUM(likes) AS BIGINT) AS likes FROM ( \
           SELECT {post_month} AS month, u.role AS role, COUNT(*) AS posts, 0 AS comments, 0 AS likes \
           FROM posts p JOIN users u ON u.id = p.author_id WHERE p.state = 'published' \
           GROUP BY 1, 2 \
           UNION ALL \
           SELECT {comment_month}, u.role, 0, COUNT(*), 0 \
           FROM comments c JOIN users u ON u.id = c.author_id GROUP BY 1, 2 \
           UNION ALL \
           SELECT {like_month}, u.role, 0, 0, COUNT(*) \
           FROM post_likes l JOIN users u ON u.id = l.user_id GROUP BY 1, 2 \
         ) activity GROUP BY month, role ORDER BY month DESC, role",
        post_month = month_of(db, "p.published_at"),
        comment_month = month_of(db, "c.inserted_at"),
        like_month = month_of(db, "l.inserted_at"),
    );
    let months: Vec<(String, String, i64, i64, i64)> = with_pool!(db, |pool| {
        sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .fetch_all(pool)
            .await
    })?;
    Ok(BoardReport {
        months: months
            .into_iter()
            .map(|(month, role, posts, comments, likes)| BoardMonth {
                month,
                role,
                posts,
                comments,
                likes,
            })
            .collect(),
    })
}
