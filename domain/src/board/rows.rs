//! How the board's rows read back: one summary shape for the feed, a post's page and the
//! drafts; one comment shape. Tags come in one more query for a whole page.

use std::collections::HashMap;

use chrono::DateTime;
use model::{
    board::{CommentInfo, PostState, PostSummary},
    chat::Author,
};

use super::{BoardError, markdown};
use crate::{
    Scope,
    db::{Db, placeholders},
    with_pool,
};

/// What every post query selects; `$1` is the reader (NULL for a visitor).
pub(super) const SUMMARY_COLUMNS: &str = "p.id, p.title, p.excerpt, p.state, p.published_at, \
     p.updated_at, p.like_count, p.comment_count, p.author_id, u.name AS author_name, \
     u.avatar_url AS author_avatar_url, \
     CASE WHEN EXISTS (SELECT 1 FROM post_likes l WHERE l.post_id = p.id AND l.user_id = $1) \
     THEN 1 ELSE 0 END AS liked";

#[derive(sqlx::FromRow)]
pub(super) struct SummaryRow {
    pub id: i64,
    pub title: String,
    pub excerpt: String,
    pub state: String,
    pub published_at: Option<i64>,
    pub updated_at: i64,
    pub like_count: i64,
    pub comment_count: i64,
    pub author_id: i64,
    pub author_name: String,
    pub author_avatar_url: Option<String>,
    pub liked: i32,
}

impl SummaryRow {
    pub fn state(&self) -> PostState {
        PostState::parse(&self.state).unwrap_or(PostState::Draft)
    }

    /// Whether `reader` may see this post at all: anyone a published one, a draft only its
    /// author and the admins.
    pub fn visible_to(&self, reader: Option<Scope>) -> bool {
        self.state() == PostState::Published
            || reader.is_some_and(|reader| reader.may_manage(self.author_id))
    }

    pub fn into_summary(self, tags: Vec<String>) -> PostSummary {
        PostSummary {
            state: self.state(),
            id: self.id,
            title: self.title,
            excerpt: self.excerpt,
            author: Author {
                id: self.author_id,
                name: self.author_name,
                avatar_url: self.author_avatar_url,
            },
            tags,
            like_count: self.like_count,
            comment_count: self.comment_count,
            liked: self.liked != 0,
            published_at: self.published_at.and_then(DateTime::from_timestamp_millis),
            updated_at: DateTime::from_timestamp_millis(self.updated_at).unwrap_or_default(),
        }
    }
}

/// `$1 = reader`, `$2 = post`: one comment with its author and whether the reader likes it.
pub(super) const COMMENT_COLUMNS: &str = "c.id, c.post_id, c.body, c.inserted_at, c.like_count, \
     c.author_id, u.name AS author_name, u.avatar_url AS author_avatar_url, \
     CASE WHEN EXISTS (SELECT 1 FROM comment_likes l WHERE l.comment_id = c.id AND l.user_id = $1) \
     THEN 1 ELSE 0 END AS liked";

#[derive(sqlx::FromRow)]
pub(super) struct CommentRow {
    pub id: i64,
    pub post_id: i64,
    pub body: String,
    pub inserted_at: i64,
    pub like_count: i64,
    pub author_id: i64,
    pub author_name: String,
    pub author_avatar_url: Option<String>,
    pub liked: i32,
}

impl From<CommentRow> for CommentInfo {
    fn from(row: CommentRow) -> Self {
        Self {
            id: row.id,
            post_id: row.post_id,
            author: Author {
                id: row.author_id,
                name: row.author_name,
                avatar_url: row.author_avatar_url,
            },
            html: markdown::render(&row.body, markdown::Under::Comments),
            like_count: row.like_count,
            liked: row.liked != 0,
            inserted_at: DateTime::from_timestamp_millis(row.inserted_at).unwrap_or_default(),
        }
    }
}

/// The tags of `ids` (a page at most), in the order each post's author typed them: one query.
pub(super) async fn tags_of(db: &Db, ids: &[i64]) -> Result<HashMap<i64, Vec<String>>, BoardError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT post_id, tag FROM post_tags WHERE post_id IN ({}) ORDER BY post_id, position",
        placeholders(1, ids.len())
    );
    let rows: Vec<(i64, String)> = with_pool!(db, |pool| {
        let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
        for id in ids {
            query = query.bind(*id);
        }
        query.fetch_all(pool).await
    })?;
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    for (post_id, tag) in rows {
        tags.entry(post_id).or_default().push(tag);
    }
    Ok(tags)
}

/// Summaries with their tags, in the rows' order.
pub(super) async fn summaries(
    db: &Db,
    rows: Vec<SummaryRow>,
) -> Result<Vec<PostSummary>, BoardError> {
    let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
    let mut tags = tags_of(db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let tags = tags.remove(&row.id).unwrap_or_default();
            row.into_summary(tags)
        })
        .collect())
}
